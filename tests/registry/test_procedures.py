"""Parallel procedures (issue 11, docs/procedures.md): what the API, the list and the case page
show, the AP secretariat's correction, and closing/reopening."""

from django.test import Client, RequestFactory

from nrm.audit.models import AuditEvent
from nrm.registry import services
from nrm.registry.models import Case


def _client(username):
    client = Client()
    client.login(request=RequestFactory().post("/login/"), username=username, password="demo")
    return client


def _sheltered(make_case, actors):
    """A case placed in a shelter while its identification is still at stage A."""
    case = make_case()
    services.procedure_open(
        actor=actors["police.tirana"],
        case_id=case.pk,
        code="protection",
        reason="Placed at night",
        expected_version=1,
    )
    return Case.objects.get(pk=case.pk)


def test_the_api_shows_the_open_procedures_and_filters_by_one(make_case, actors, api_client):
    sheltered = _sheltered(make_case, actors)
    other = make_case()
    client = api_client("police.tirana")

    detail = client.get(f"/api/v1/cases/{sheltered.pk}").json()
    assert detail["stage"] == "protection"
    assert detail["open_procedures"] == ["identification", "protection"]
    assert detail["version"] == 2

    listed = client.get("/api/v1/cases?procedure=protection").json()
    assert [c["id"] for c in listed["results"]] == [sheltered.pk]
    assert listed["count"] == 1
    everything = client.get("/api/v1/cases").json()["results"]
    assert {c["id"]: c["open_procedures"] for c in everything}[other.pk] == ["identification"]


def test_the_list_filters_by_procedure_and_the_case_page_names_them(make_case, actors):
    sheltered = _sheltered(make_case, actors)
    other = make_case()
    client = _client("police.tirana")

    page = client.get("/cases/", {"procedure": "protection"}).content.decode()
    assert sheltered.reference in page and other.reference not in page
    detail = client.get(f"/cases/{sheltered.pk}/").content.decode()
    assert "I akomoduar në qendër/strehëz" in detail  # protection: placed (Albanian default)
    assert "Identifikimi fillestar" in detail


def test_the_ap_secretariat_corrects_a_procedure_through_the_case_page(make_case, actors):
    sheltered = _sheltered(make_case, actors)

    response = _client("ap.secretariat").post(
        f"/cases/{sheltered.pk}/status/",
        {
            "field": "stage",
            "action": "correct",
            "to": "protection:",
            "decision_reference": "AP-7",
            "reason": "Entered on the wrong case",
            "expected_version": 2,
        },
    )

    assert response.status_code == 302
    stored = Case.objects.get(pk=sheltered.pk)
    assert stored.stage == "initial_identification"
    assert not stored.procedures.filter(code="protection", closed_at__isnull=True).exists()
    assert AuditEvent.objects.filter(code="case.procedure_corrected", case_id=stored.pk).exists()


def test_a_caseworker_cannot_correct_a_procedure(make_case, actors):
    sheltered = _sheltered(make_case, actors)

    _client("police.tirana").post(
        f"/cases/{sheltered.pk}/status/",
        {
            "field": "stage",
            "action": "correct",
            "to": "protection:",
            "decision_reference": "X",
            "reason": "r",
            "expected_version": 2,
        },
    )

    assert Case.objects.get(pk=sheltered.pk).procedures.filter(closed_at__isnull=True).count() == 2


def test_closing_stops_the_procedures_and_reopening_runs_them_again(make_case, actors):
    sheltered = _sheltered(make_case, actors)
    actor = actors["police.tirana"]

    services.case_close(
        actor=actor, case_id=sheltered.pk, reason_code="duplicate", expected_version=2
    )
    closed = Case.objects.get(pk=sheltered.pk)
    assert closed.stage == "closed"
    assert not closed.procedures.filter(closed_at__isnull=True).exists()

    services.case_reopen(
        actor=actor, case_id=sheltered.pk, reason="Not a duplicate", expected_version=3
    )
    reopened = Case.objects.get(pk=sheltered.pk)
    assert reopened.stage == "protection"
    assert set(
        reopened.procedures.filter(closed_at__isnull=True).values_list("code", flat=True)
    ) == {"identification", "protection"}
