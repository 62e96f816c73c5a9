"""GET/POST /api/v1/cases/{id}/consent-records, POST /api/v1/consent-records/{id}/withdraw,
POST /api/v1/cases/{id}/consent-giver-suspicions."""

import pytest

from nrm.audit.models import AccessLog
from nrm.consent.models import ConsentRecord
from nrm.core import clock

pytestmark = pytest.mark.django_db


def _post(client, url, body):
    return client.post(url, body, content_type="application/json")


def _given(**more):
    return {
        "purpose": "services",
        "given": True,
        "given_by": "person",
        "signed_on": clock.today().isoformat(),
        **more,
    }


def test_record_read_and_withdraw(api_client, make_case):
    case = make_case()
    client = api_client("police.tirana")
    created = _post(
        client,
        f"/api/v1/cases/{case.pk}/consent-records",
        _given(purpose="sharing", institution="shelter-tirana", form="general", signatory="A. H."),
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["purpose"], body["institution"], body["form"], body["signatory"]) == (
        "sharing",
        "shelter-tirana",
        "general",
        "A. H.",
    )
    withdrawn = _post(
        client, f"/api/v1/consent-records/{body['id']}/withdraw", {"reason": "Asked to stop"}
    )
    assert withdrawn.status_code == 201, withdrawn.content
    assert withdrawn.json()["withdraws"] == body["id"] and withdrawn.json()["given"] is False

    state = client.get(f"/api/v1/cases/{case.pk}/consent-records")
    assert state.status_code == 200
    data = state.json()
    assert [r["id"] for r in data["in_force"]] == [withdrawn.json()["id"]]
    assert len(data["records"]) == 2 and data["withdrawn"] == [withdrawn.json()["id"]]
    assert AccessLog.objects.filter(case_id=case.pk, action="api.consent.read").exists()


def test_bad_input_is_400_with_field_errors_and_nothing_saved(api_client, make_case):
    case = make_case()
    client = api_client("police.tirana")
    url = f"/api/v1/cases/{case.pk}/consent-records"
    bad = _post(client, url, _given(purpose="sharing", given_by="parent"))
    assert bad.status_code == 400
    assert bad.json()["code"] == "invalid"
    assert {"institution", "given_by"} <= set(bad.json()["errors"])
    missing = _post(client, url, {"purpose": "services"})
    assert missing.status_code == 400 and "given" in missing.json()["errors"]
    assert not ConsentRecord.objects.exists()
    given = _post(client, url, _given()).json()
    no_reason = _post(client, f"/api/v1/consent-records/{given['id']}/withdraw", {"reason": " "})
    assert no_reason.status_code == 400 and "reason" in no_reason.json()["errors"]
    assert ConsentRecord.objects.count() == 1


def test_an_invisible_case_is_404_like_a_missing_one(api_client, make_case):
    case = make_case()
    given = _post(
        api_client("police.tirana"), f"/api/v1/cases/{case.pk}/consent-records", _given()
    ).json()
    other = api_client("police.shkoder")
    for response in (
        other.get(f"/api/v1/cases/{case.pk}/consent-records"),
        other.get("/api/v1/cases/999999/consent-records"),
        _post(other, f"/api/v1/cases/{case.pk}/consent-records", _given()),
        _post(other, f"/api/v1/consent-records/{given['id']}/withdraw", {"reason": "x"}),
        _post(other, "/api/v1/consent-records/999999/withdraw", {"reason": "x"}),
    ):
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"
    assert ConsentRecord.objects.count() == 1


def test_a_suspected_parent_is_refused_through_the_api(api_client, make_case):
    child = make_case(estimated_age=10)
    client = api_client("police.tirana")
    stated = _post(
        client,
        f"/api/v1/cases/{child.pk}/consent-giver-suspicions",
        {"giver": "parent", "suspected": True},
    )
    assert stated.status_code == 201, stated.content
    refused = _post(client, f"/api/v1/cases/{child.pk}/consent-records", _given(given_by="parent"))
    assert refused.status_code == 400 and "given_by" in refused.json()["errors"]
    state = client.get(f"/api/v1/cases/{child.pk}/consent-records").json()
    assert state["suspected_givers"] == ["parent"]
