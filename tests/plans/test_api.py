"""The plans' API: 201 with the record, 400 field errors, 404 for a stranger, 403 for one
who sees the case but may not do this."""

from datetime import timedelta

import pytest

from nrm.audit.models import AccessLog
from nrm.plans.audit_codes import PlanCode
from nrm.plans.models import Plan, PlanItem
from tests.plans.conftest import DAY

pytestmark = pytest.mark.django_db


def _post(client, url, body):
    return client.post(url, body, content_type="application/json")


def test_an_assessment_through_the_api(api_client, adult_case):
    shelter = api_client("shelter.tirana")
    r = _post(
        shelter,
        f"/api/v1/cases/{adult_case.pk}/assessments",
        {
            "assessed_on": DAY.isoformat(),
            "findings": [
                {"domain": "health", "need_found": True, "level": "high", "notes": "Dhimbje"},
                {"domain": "legal"},
            ],
            "person_participated": True,
        },
    )
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["form"] == "C5" and body["revision"] == 1 and body["current"]
    assert body["findings"][0] == {
        "domain": "health",
        "need_found": True,
        "level": "high",
        "notes": "Dhimbje",
    }


def test_an_assessment_with_bad_fields_is_400(api_client, adult_case):
    r = _post(
        api_client("shelter.tirana"),
        f"/api/v1/cases/{adult_case.pk}/assessments",
        {"assessed_on": DAY.isoformat(), "findings": [{"domain": "health", "need_found": True}]},
    )
    assert r.status_code == 400
    assert "findings.0.level" in r.json()["errors"]


def test_strangers_get_404_and_the_ap_gets_403(api_client, adult_case):
    body = {"assessed_on": DAY.isoformat(), "findings": [{"domain": "health"}]}
    url = f"/api/v1/cases/{adult_case.pk}/assessments"
    assert _post(api_client("police.shkoder"), url, body).status_code == 404
    assert _post(api_client("ap.secretariat"), url, body).status_code == 403
    assert (
        api_client("police.shkoder").get(f"/api/v1/cases/{adult_case.pk}/plans").status_code == 404
    )


def test_a_plan_its_items_and_the_ap_decision(api_client, adult_case, institution):
    social = api_client("social.tirana")
    r = _post(social, f"/api/v1/cases/{adult_case.pk}/plans", {"kind": "reintegration"})
    assert r.status_code == 201, r.content
    plan = r.json()
    assert plan["number"].startswith("D1-") and plan["items"] == []

    # 400: no responsible institution, a due date in the past; nothing saved.
    r = _post(
        social,
        f"/api/v1/plans/{plan['id']}/items",
        {"domain": "housing", "action": "Strehim", "due_on": (DAY - timedelta(days=1)).isoformat()},
    )
    assert r.status_code == 400
    assert set(r.json()["errors"]) == {"institution_id", "due_on"}
    assert not PlanItem.objects.exists()

    r = _post(
        social,
        f"/api/v1/plans/{plan['id']}/items",
        {
            "domain": "housing",
            "action": "Strehim",
            "institution_id": institution("shssh-tirana").pk,
            "due_on": (DAY + timedelta(days=20)).isoformat(),
        },
    )
    assert r.status_code == 201, r.content
    assert r.json()["items"][0]["action"] == "Strehim"

    assert _post(social, f"/api/v1/plans/{plan['id']}/submit", {}).status_code == 200
    # The case manager may not record the AP's decision: 403; a stranger: 404.
    decision = {"outcome": "approve", "decided_on": DAY.isoformat()}
    assert _post(social, f"/api/v1/plans/{plan['id']}/decision", decision).status_code == 403
    stranger = api_client("police.shkoder")
    assert _post(stranger, f"/api/v1/plans/{plan['id']}/decision", decision).status_code == 404
    r = _post(api_client("ap.secretariat"), f"/api/v1/plans/{plan['id']}/decision", decision)
    assert r.status_code == 200, r.content
    assert r.json()["status"] == "approved" and r.json()["items"][0]["tasked"]

    listed = social.get(f"/api/v1/cases/{adult_case.pk}/plans")
    assert listed.status_code == 200 and listed.json()[0]["in_force"]
    assert AccessLog.objects.filter(case_id=adult_case.pk, action=PlanCode.API_READ).exists()


def test_a_decision_with_bad_fields_is_400(api_client, adult_case):
    social = api_client("social.tirana")
    plan = _post(
        social,
        f"/api/v1/cases/{adult_case.pk}/plans",
        {"kind": "reintegration", "template": "adult_labour_exploitation"},
    ).json()
    _post(social, f"/api/v1/plans/{plan['id']}/submit", {})
    r = _post(
        api_client("ap.secretariat"), f"/api/v1/plans/{plan['id']}/decision", {"outcome": "x"}
    )
    assert r.status_code == 400
    assert set(r.json()["errors"]) == {"outcome", "decided_on"}
    assert Plan.objects.get(pk=plan["id"]).status == "submitted"


def test_an_item_changes_through_patch(api_client, adult_case):
    shelter = api_client("shelter.tirana")
    plan = _post(
        shelter,
        f"/api/v1/cases/{adult_case.pk}/plans",
        {"kind": "assistance", "template": "adult_sexual_exploitation"},
    ).json()
    item = plan["items"][0]
    r = shelter.patch(
        f"/api/v1/plan-items/{item['id']}",
        {"status": "in_progress"},
        content_type="application/json",
    )
    assert r.status_code == 200, r.content
    assert r.json()["items"][0]["status"] == "in_progress"
    assert r.json()["revision"] == 2
