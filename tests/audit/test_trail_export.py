"""A case's audit trail exported for an inspector: page (CSV), API (JSON) and command line;
403/404 as for the access log; the export checks the rows' links and is itself audited."""

import csv
import io
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from nrm.registry.audit_codes import RegistryCode


@pytest.fixture
def case(actors, make_case):
    from nrm.audit.services import access_log_seal
    from nrm.registry.services import case_open
    from tests.registry.changes import case_stage_change

    police = actors["police.tirana"]
    made = make_case("police.tirana", given_name="Mirela", family_name="Gjoni")
    case_open(actor=police, case_id=made.pk, action=RegistryCode.CASE_VIEW)
    case_stage_change(actor=police, case_id=made.pk, to="formal_identification", reason="A5")
    case_open(actor=actors["ap.secretariat"], case_id=made.pk, action=RegistryCode.CASE_VIEW)
    access_log_seal()  # as the worker does each cycle
    return made


def _login(client, username):
    from nrm.accounts.models import User

    client.force_login(User.objects.get(username=username))
    return client


@pytest.mark.django_db
def test_the_api_gives_every_event_and_read_with_hashes_and_the_check(api_client, case):
    from nrm.audit.models import AccessLog, AuditEvent

    body = api_client("ap.secretariat").get(f"/api/v1/cases/{case.pk}/audit-trail").json()

    assert body["reference"] == case.reference
    assert body["intact"] is True
    assert {v["chain"]: (v["rows"], v["intact"]) for v in body["verification"]} == {
        "access": (2, True),
        "event": (2, True),
    }
    codes = [(r["chain"], r["code"]) for r in body["rows"]]
    assert codes == [
        ("event", "case.created"),
        ("access", "case.view"),
        ("event", "case.procedure_moved"),
        ("access", "case.view"),
    ]
    first_read = AccessLog.objects.filter(case_id=case.pk).order_by("id").first()
    row = next(r for r in body["rows"] if r["id"] == first_read.pk and r["chain"] == "access")
    assert (row["hash"], row["prev_hash"]) == (first_read.hash, first_read.prev_hash)
    assert (row["user"], row["institution"]) == ("police.tirana", "police-slktp-tirana")
    created = AuditEvent.objects.get(case_id=case.pk, code="case.created")
    assert body["rows"][0]["data"] == created.data


@pytest.mark.django_db
def test_the_export_is_itself_audited(api_client, case):
    from nrm.audit.models import AccessLog, AuditEvent

    api_client("ap.secretariat").get(f"/api/v1/cases/{case.pk}/audit-trail")

    read = AccessLog.objects.filter(case_id=case.pk).order_by("-id").first()
    assert (read.user.username, read.action) == ("ap.secretariat", "audit.trail_export")
    event = AuditEvent.objects.get(case_id=case.pk, code="audit.trail_exported")
    assert event.data == {"format": "json", "events": 2, "accesses": 2, "intact": True}


@pytest.mark.django_db
def test_403_for_who_sees_the_case_without_audit_read_and_404_for_who_does_not(
    api_client, client, case
):
    from nrm.audit.models import AuditEvent

    assert api_client("police.tirana").get(f"/api/v1/cases/{case.pk}/audit-trail").status_code == (
        403
    )
    assert api_client("social.tirana").get(f"/api/v1/cases/{case.pk}/audit-trail").status_code == (
        404
    )
    assert api_client("ap.secretariat").get("/api/v1/cases/999999/audit-trail").status_code == 404
    assert _login(client, "police.tirana").get(f"/cases/{case.pk}/audit-trail.csv").status_code == (
        403
    )
    assert _login(client, "social.tirana").get(f"/cases/{case.pk}/audit-trail.csv").status_code == (
        404
    )
    assert not AuditEvent.objects.filter(code="audit.trail_exported").exists()


@pytest.mark.django_db
def test_the_csv_page_holds_the_rows_and_the_check_without_names(client, case):
    """The page's CSV is for a person: BOM, headers, chains and actions in their language
    (English here), local times; the same rows and hashes as `nrm audit export`."""
    client.post("/i18n/setlang/", {"language": "en"})
    response = _login(client, "ap.secretariat").get(f"/cases/{case.pk}/audit-trail.csv")
    raw = response.content.decode("utf-8")
    assert raw.startswith("\ufeff")
    text = raw[1:]
    rows = list(csv.reader(io.StringIO(text)))

    assert response["Content-Type"].startswith("text/csv")
    assert case.reference in response["Content-Disposition"]
    assert rows[0] == [
        "Chain",
        "Number",
        "When",
        "User",
        "Institution",
        "Action",
        "Data",
        "Previous hash",
        "Hash",
    ]
    assert [r[5] for r in rows[1:5]] == [
        str(RegistryCode.CASE_CREATED.label),
        str(RegistryCode.CASE_VIEW.label),
        str(RegistryCode.PROCEDURE_MOVED.label),
        str(RegistryCode.CASE_VIEW.label),
    ]
    assert "case.view" not in text
    assert ["Verification", "reads", "2", "intact"] in rows
    assert ["Verification", "changes", "2", "intact"] in rows
    assert "Mirela" not in text and "Gjoni" not in text


@pytest.mark.django_db
def test_the_case_page_links_the_export_from_the_access_log(client, case):
    html = _login(client, "ap.secretariat").get(f"/cases/{case.pk}/").content.decode()

    assert f'href="/cases/{case.pk}/audit-trail.csv"' in html


@pytest.mark.django_db
def test_an_edited_row_of_the_case_shows_as_broken(api_client, case):
    from nrm.audit.models import AccessLog

    row = AccessLog.objects.filter(case_id=case.pk).order_by("id").first()
    AccessLog.objects.filter(pk=row.pk).update(action="case.history")  # covering tracks

    body = api_client("ap.secretariat").get(f"/api/v1/cases/{case.pk}/audit-trail").json()

    assert body["intact"] is False
    access = next(v for v in body["verification"] if v["chain"] == "access")
    assert access["broken"] == f"access #{row.pk}: its content was changed"


@pytest.mark.django_db
def test_a_deleted_row_before_one_of_the_case_shows_as_a_broken_link(api_client, actors, case):
    from nrm.audit.models import AccessLog

    rows = list(AccessLog.objects.filter(case_id=case.pk).order_by("id"))
    AccessLog.objects.filter(pk=rows[0].pk).delete()

    body = api_client("ap.secretariat").get(f"/api/v1/cases/{case.pk}/audit-trail").json()

    access = next(v for v in body["verification"] if v["chain"] == "access")
    assert access["intact"] is False
    # The case's first read was the chain's first row: the next one no longer starts it.
    assert access["broken"].startswith(f"access #{rows[1].pk}: ")
    assert "deleted" in access["broken"]


@pytest.mark.django_db
def test_the_command_writes_the_trail_to_a_file(tmp_path, case):
    from nrm.audit.models import AuditEvent

    target = tmp_path / "trail.json"
    stdout = StringIO()

    call_command("audit", "export", "--case", case.reference, "--to", str(target), stdout=stdout)

    body = json.loads(target.read_text(encoding="utf-8"))
    assert body["reference"] == case.reference and body["intact"] is True
    assert len(body["rows"]) == 4
    assert f"{case.reference}: 4 entries written to {target}" in stdout.getvalue()
    event = AuditEvent.objects.get(code="audit.trail_exported")
    assert event.actor.username == "nrm.system"


@pytest.mark.django_db
def test_the_command_writes_csv_and_fails_on_a_broken_trail(case):
    from nrm.audit.models import AuditEvent

    stdout = StringIO()
    call_command("audit", "export", "--case", case.reference, stdout=stdout)
    assert stdout.getvalue().startswith("chain,id,at,user")

    AuditEvent.objects.filter(case_id=case.pk, code="case.created").update(data={})
    with pytest.raises(CommandError):
        call_command(
            "audit", "export", "--case", case.reference, stdout=StringIO(), stderr=StringIO()
        )


@pytest.mark.django_db
def test_the_command_refuses_an_unknown_case(reference):
    with pytest.raises(CommandError, match="no case"):
        call_command("audit", "export", "--case", "AL-2026-999999", stdout=StringIO())


@pytest.mark.django_db
def test_a_deleted_row_of_another_case_between_two_of_this_one_breaks_the_link(
    api_client, actors, make_case, case
):
    from nrm.audit.models import AccessLog
    from nrm.audit.services import access_log_seal
    from nrm.registry.services import case_open

    other = make_case("police.tirana", given_name="Tjetër")
    police = actors["police.tirana"]
    case_open(actor=police, case_id=other.pk, action=RegistryCode.CASE_VIEW)
    between = AccessLog.objects.order_by("-id").first()
    case_open(actor=police, case_id=case.pk, action=RegistryCode.CASE_VIEW)
    after = AccessLog.objects.order_by("-id").first()
    access_log_seal()  # as the worker does each cycle
    AccessLog.objects.filter(pk=between.pk).delete()

    body = api_client("ap.secretariat").get(f"/api/v1/cases/{case.pk}/audit-trail").json()

    access = next(v for v in body["verification"] if v["chain"] == "access")
    previous = AccessLog.objects.filter(id__lt=after.pk).order_by("-id").first()
    assert access["broken"] == (
        f"access #{after.pk}: does not follow #{previous.pk} "
        "(a row before it was deleted or changed)"
    )
