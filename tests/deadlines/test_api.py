"""GET /api/v1/cases/{id}/deadlines (api-contract.md)."""

import re
from datetime import datetime, timedelta

from nrm.deadlines.services import event_emit

ISO_WITH_OFFSET = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?[+-]\d\d:\d\d$")


def test_a_child_case_lists_its_deadlines_with_the_contract_fields(api_client, case_at, t0):
    case = case_at(t0, appears_to_be_child=True)
    response = api_client("police.tirana").get(f"/api/v1/cases/{case.pk}/deadlines")
    assert response.status_code == 200
    body = response.json()
    assert [(d["rule"], d["status"]) for d in body] == [
        ("notify_child_protection_worker", "open"),
        ("child_protection_plan", "open"),
    ]
    for d in body:
        assert ISO_WITH_OFFSET.match(d["due_at"]), d["due_at"]
    # "Immediately": within the profile's grace (an hour).
    assert datetime.fromisoformat(body[0]["due_at"]) == t0 + timedelta(hours=1)
    assert datetime.fromisoformat(body[1]["due_at"]) == t0 + timedelta(hours=72)
    assert body[1]["due_at"].endswith("+01:00")  # Tirana in winter


def test_due_at_carries_the_summer_offset_in_summer(api_client, case_at, t0):
    case = case_at(t0 + timedelta(days=120), appears_to_be_child=True)
    body = api_client("police.tirana").get(f"/api/v1/cases/{case.pk}/deadlines").json()
    assert body[0]["due_at"].endswith("+02:00")


def test_statuses_follow_the_events(api_client, case_at, actor_of, scan, t0):
    case = case_at(t0, appears_to_be_child=True)
    event_emit(actor=actor_of("police.tirana"), case=case, event="child_presumption_lifted", at=t0)
    event_emit(actor=actor_of("police.tirana"), case=case, event="decision_sent_to_ap", at=t0)
    event_emit(actor=actor_of("police.tirana"), case=case, event="appeal_filed", at=t0)
    event_emit(actor=actor_of("police.tirana"), case=case, event="commission_convened", at=t0)
    event_emit(actor=actor_of("police.tirana"), case=case, event="interview_conducted", at=t0)
    scan(t0 + timedelta(hours=1))
    body = api_client("police.tirana").get(f"/api/v1/cases/{case.pk}/deadlines").json()
    assert {(d["rule"], d["status"]) for d in body} == {
        ("notify_child_protection_worker", "cancelled"),
        ("child_protection_plan", "cancelled"),
        ("commission_convening", "met"),
        ("investigation_information_to_apap", "missed"),
    }


def test_a_case_the_caller_may_not_see_is_404_like_a_missing_one(api_client, case_at, t0):
    case = case_at(t0, appears_to_be_child=True)
    other = api_client("police.shkoder")
    hidden = other.get(f"/api/v1/cases/{case.pk}/deadlines")
    missing = other.get("/api/v1/cases/999999/deadlines")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()


def test_the_ap_secretariat_sees_every_case(api_client, case_at, t0):
    case = case_at(t0, appears_to_be_child=True)
    assert api_client("ap.secretariat").get(f"/api/v1/cases/{case.pk}/deadlines").status_code == 200


def test_without_credentials_it_is_401(client, reference, case_at, t0):
    case = case_at(t0, appears_to_be_child=True)
    assert client.get(f"/api/v1/cases/{case.pk}/deadlines").status_code == 401


def test_reading_the_deadlines_is_in_the_access_log(api_client, case_at, t0):
    from nrm.audit.models import AccessLog

    case = case_at(t0, appears_to_be_child=True)
    api_client("police.tirana").get(f"/api/v1/cases/{case.pk}/deadlines")
    assert AccessLog.objects.filter(case_id=case.pk, action="api.case.deadlines").count() == 1


def test_the_route_is_in_the_openapi_document(api_client):
    document = api_client("police.tirana").get("/api/v1/openapi.json").json()
    assert "/api/v1/cases/{case_id}/deadlines" in document["paths"]
