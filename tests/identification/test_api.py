"""POST /api/v1/cases/{id}/decisions exactly as shared/api-contract.md fixes it."""

from datetime import timedelta

import pytest

from nrm.core import clock
from nrm.identification.models import GroupDecision

pytestmark = pytest.mark.django_db


def _body(**changes):
    body = {
        "outcome": None,
        "consensus": False,
        "decided_on": clock.today().isoformat(),
        "reasoning": "Anëtarët nuk ranë dakord",
    }
    body.update(changes)
    return body


def _post(client, case_id, body):
    return client.post(f"/api/v1/cases/{case_id}/decisions", body, content_type="application/json")


def test_member_records_a_decision_without_consensus_201(api_client, ready):
    case = ready()
    response = _post(api_client("police.tirana"), case.pk, _body())
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["consensus"] is False and data["outcome"] is None
    assert data["state"] == "at_ap"
    assert data["identification_status"] == "potential_victim"
    listed = api_client("social.tirana").get(f"/api/v1/cases/{case.pk}/decisions")
    assert listed.status_code == 200 and listed.json()[0]["id"] == data["id"]


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"outcome": "hero", "consensus": True}, "outcome"),
        ({"decided_on": "2026-13-01"}, "decided_on"),
        ({"consensus": "perhaps"}, "consensus"),
        ({"reasoning": ""}, "reasoning"),
        (
            {
                "outcome": "victim",
                "consensus": True,
                "notified_on": (clock.today() + timedelta(days=3)).isoformat(),
            },
            "notified_on",
        ),
    ],
)
def test_bad_body_400_with_field_errors_and_nothing_saved(api_client, ready, changes, field):
    case = ready()
    response = _post(api_client("police.tirana"), case.pk, _body(**changes))
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"]
    assert not GroupDecision.objects.filter(case=case).exists()


def test_caller_who_sees_the_case_but_is_not_a_member_403(api_client, ready):
    case = ready()
    # The AP secretariat sees every case; it is not a member of the group.
    response = _post(api_client("ap.secretariat"), case.pk, _body())
    assert response.status_code == 403
    assert not GroupDecision.objects.filter(case=case).exists()


def test_caller_who_cannot_see_the_case_404(api_client, ready):
    case = ready()
    assert _post(api_client("shelter.tirana"), case.pk, _body()).status_code == 404
    assert _post(api_client("police.tirana"), 999_999, _body()).status_code == 404
    assert not GroupDecision.objects.filter(case=case).exists()


def test_openapi_documents_the_decisions_path(api_client):
    document = api_client("police.tirana").get("/api/v1/openapi.json").json()
    operation = document["paths"]["/api/v1/cases/{case_id}/decisions"]["post"]
    assert {"201", "400", "403", "404"} <= set(operation["responses"])
