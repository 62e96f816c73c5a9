"""The audit trail is tamper-evident: `nrm audit verify` finds the first broken link."""

import importlib
from io import StringIO
from itertools import pairwise

import pytest
from django.apps import apps as django_apps
from django.core.management import CommandError, call_command

from nrm.audit.models import AccessLog, AuditEvent, ChainHead
from nrm.audit.services import access_log_seal, access_record
from nrm.audit.verify import audit_verify
from nrm.registry.audit_codes import RegistryCode

pytestmark = pytest.mark.django_db


def _verify() -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("audit", "verify", stdout=out, stderr=err)
    except CommandError as exc:
        return exc.returncode, out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


@pytest.fixture
def trail(actors, make_case):
    """A few cases (change events) and reads of them (access log rows)."""
    cases = [make_case(given_name=f"Arta{i}") for i in range(3)]
    for case in cases:
        for _ in range(2):
            access_record(
                actor=actors["police.tirana"], case_id=case.pk, action=RegistryCode.CASE_VIEW
            )
    access_log_seal()  # as the worker does each cycle
    return cases


def test_an_intact_trail_verifies(trail):
    code, out, err = _verify()

    assert code == 0, err
    assert "access: 6 entries, chain intact" in out
    assert "event:" in out and "chain intact" in out
    assert all(r.broken is None for r in audit_verify())


def test_every_row_links_to_the_one_before(trail):
    rows = list(AccessLog.objects.order_by("id"))

    assert rows[0].prev_hash == ""
    for before, after in pairwise(rows):
        assert after.prev_hash == before.hash and len(after.hash) == 64
    assert ChainHead.objects.get(name="access").last_hash == rows[-1].hash


def test_a_row_edited_in_the_database_is_named(trail):
    victim = AccessLog.objects.order_by("id")[3]
    AccessLog.objects.filter(pk=victim.pk).update(action="case.print")  # bypasses the service

    code, _out, err = _verify()

    assert code == 1
    assert f"access #{victim.pk}: its content was changed" in err


def test_an_edited_change_event_is_named(trail):
    victim = AuditEvent.objects.order_by("id")[1]
    AuditEvent.objects.filter(pk=victim.pk).update(data={"fields": []})

    code, _out, err = _verify()

    assert code == 1
    assert f"event #{victim.pk}: its content was changed" in err


def test_a_row_edited_with_its_hash_recomputed_breaks_the_next_link(trail):
    from nrm.audit.chain import ACCESS, link_hash

    rows = list(AccessLog.objects.order_by("id"))
    forged = rows[2]
    forged.case_id = 999
    forged.hash = link_hash(ACCESS, forged, forged.prev_hash)
    AccessLog.objects.filter(pk=forged.pk).update(case_id=999, hash=forged.hash)

    code, _out, err = _verify()

    assert code == 1
    assert f"access #{rows[3].pk}: does not follow #{forged.pk}" in err


def test_a_deleted_row_is_found(trail):
    rows = list(AccessLog.objects.order_by("id"))
    AccessLog.objects.filter(pk=rows[2].pk).delete()

    code, _out, err = _verify()

    assert code == 1
    assert f"access #{rows[3].pk}: does not follow #{rows[1].pk}" in err


def test_deleting_the_first_and_the_last_rows_is_found(trail):
    rows = list(AccessLog.objects.order_by("id"))
    AccessLog.objects.filter(pk=rows[-1].pk).delete()

    code, _out, err = _verify()
    assert code == 1
    assert f"access end: rows after #{rows[-2].pk} were deleted" in err

    AccessLog.objects.filter(pk=rows[0].pk).delete()
    code, _out, err = _verify()
    assert code == 1
    assert f"access #{rows[1].pk}: the first row does not start the chain" in err


def test_the_migration_links_rows_written_before_the_chain(trail):
    AccessLog.objects.update(prev_hash="", hash="")
    AuditEvent.objects.update(prev_hash="", hash="")
    ChainHead.objects.all().delete()
    assert _verify()[0] == 1

    migration = importlib.import_module("nrm.audit.migrations.0002_hash_chain")
    migration.backfill(django_apps, None)

    assert _verify()[0] == 0
    # and new rows continue the back-filled chain
    access_record(actor=_any_actor(), case_id=trail[0].pk, action=RegistryCode.CASE_VIEW)
    assert _verify()[0] == 0


def _any_actor():
    from nrm.accounts.models import User
    from nrm.accounts.policy import actor_for

    return actor_for(User.objects.get(username="police.tirana"))


def test_a_read_that_commits_late_is_linked_after_those_sealed_before_it(trail, actors):
    """The chain's order is the order of sealing (`seq`), not of ids: a read whose
    transaction commits after a later id was sealed joins the chain at its end."""
    police = actors["police.tirana"]
    last_id = AccessLog.objects.order_by("-id").first().pk
    early = access_record(actor=police, case_id=trail[0].pk, action=RegistryCode.CASE_VIEW)
    early_id = early.pk
    early.delete()  # its id was taken; it commits late, below
    access_record(actor=police, case_id=trail[1].pk, action=RegistryCode.CASE_VIEW)
    access_log_seal()
    AccessLog.objects.create(
        id=early_id,
        at=early.at,
        user=early.user,
        institution=early.institution,
        case_id=early.case_id,
        action=early.action,
    )
    access_log_seal()

    code, out, err = _verify()

    assert code == 0, err
    assert "access: 8 entries, chain intact" in out
    order = list(
        AccessLog.objects.filter(id__gt=last_id).order_by("seq").values_list("id", flat=True)
    )
    assert order == [early_id + 1, early_id]
