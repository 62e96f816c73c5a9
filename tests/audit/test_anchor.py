"""Anchors: the chains' heads kept outside the database catch a rewritten history, which
the chain alone (no secret key) cannot."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from nrm.audit import chain
from nrm.audit.models import AccessLog, ChainHead
from nrm.audit.services import access_record
from nrm.registry.audit_codes import RegistryCode

pytestmark = pytest.mark.django_db


def _run(*args) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("audit", *args, stdout=out, stderr=err)
    except CommandError as exc:
        return exc.returncode, out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def _reads(actors, case, n):
    for _ in range(n):
        access_record(actor=actors["police.tirana"], case_id=case.pk, action=RegistryCode.CASE_VIEW)


def _rechain(victim_id: int) -> None:
    """What an insider with database access would do: change a row and recompute every
    hash after it, and the head, so that the chain verifies again."""
    AccessLog.objects.filter(pk=victim_id).update(action="case.print")
    prev = ""
    for row in AccessLog.objects.order_by("id"):
        row.prev_hash = prev
        row.hash = chain.link_hash(chain.ACCESS, row, prev)
        AccessLog.objects.filter(pk=row.pk).update(prev_hash=row.prev_hash, hash=row.hash)
        prev = row.hash
    ChainHead.objects.filter(name=chain.ACCESS).update(last_hash=prev)


def test_anchors_pass_on_an_intact_trail_and_catch_a_rewritten_history(actors, make_case, tmp_path):
    case = make_case()
    _reads(actors, case, 3)
    anchors = tmp_path / "anchors.jsonl"
    assert _run("anchor", "--to", str(anchors))[0] == 0
    _reads(actors, case, 2)  # the trail goes on after the anchor
    assert _run("anchor", "--to", str(anchors))[0] == 0
    assert len(anchors.read_text().splitlines()) == 4  # two chains, twice

    code, out, err = _run("verify", "--anchors", str(anchors))
    assert code == 0, err
    assert "4 anchored rows unchanged" in out

    first_read = AccessLog.objects.order_by("id").first()
    _rechain(first_read.pk)

    # The chain alone cannot tell: every link was recomputed.
    assert _run("verify")[0] == 0
    code, _out, err = _run("verify", "--anchors", str(anchors))
    assert code == 1
    assert "history was rewritten" in err
    assert "access #" in err


def test_a_deleted_anchored_row_and_a_bad_anchor_file_are_reported(actors, make_case, tmp_path):
    case = make_case()
    _reads(actors, case, 2)
    anchors = tmp_path / "anchors.jsonl"
    _run("anchor", "--to", str(anchors))
    AccessLog.objects.order_by("-id").first().delete()

    code, _out, err = _run("verify", "--anchors", str(anchors))
    assert code == 1
    assert "the anchored row is gone" in err

    broken = tmp_path / "broken.jsonl"
    broken.write_text("not json\n")
    with pytest.raises(CommandError, match="cannot read the anchors"):
        call_command("audit", "verify", "--anchors", str(broken), stdout=StringIO())
