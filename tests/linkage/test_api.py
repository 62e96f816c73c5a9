"""The API: the queue (ids, scores, evidence; no name), a decision and its undo, 400 with
field errors, 404 for anyone who does not review."""

import pytest

from nrm.linkage import services
from nrm.linkage.models import PersonLink

pytestmark = pytest.mark.django_db


def test_queue_decide_undo(api_client, twice, reviewer):
    police, shelter = twice
    services.linkage_scan(actor=reviewer)
    client = api_client("ap.secretariat")
    queue = client.get("/api/v1/persons/duplicates")
    assert queue.status_code == 200, queue.content
    body = queue.json()
    assert body["count"] == 1
    row = body["results"][0]
    assert {row["person_a"], row["person_b"]} == {police.person_id, shelter.person_id}
    assert row["evidence"]["dob"]["kind"] == "exact"
    assert "Marku" not in queue.content.decode()

    made = client.post(
        "/api/v1/persons/links",
        {
            "person_a": row["person_a"],
            "person_b": row["person_b"],
            "decision": "same",
            "reason": "r",
        },
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    assert client.get("/api/v1/persons/duplicates").json()["count"] == 0
    undone = client.post(
        f"/api/v1/persons/links/{made.json()['id']}/undo",
        {"reason": "wrong"},
        content_type="application/json",
    )
    assert undone.status_code == 200 and undone.json()["undone_at"]
    assert client.get("/api/v1/persons/duplicates").json()["count"] == 1


def test_bad_input_400_with_field_errors(api_client, twice):
    police, _shelter = twice
    client = api_client("ap.secretariat")
    same = client.post(
        "/api/v1/persons/links",
        {"person_a": police.person_id, "person_b": police.person_id, "decision": "same"},
        content_type="application/json",
    )
    assert same.status_code == 400
    assert set(same.json()["errors"]) == {"person_b", "reason"}
    typed = client.post(
        "/api/v1/persons/links",
        {"person_a": "x", "person_b": 1, "decision": "same", "reason": "r"},
        content_type="application/json",
    )
    assert typed.status_code == 400 and "person_a" in typed.json()["errors"]
    assert not PersonLink.objects.exists()


def test_404_for_a_non_reviewer(api_client, twice, reviewer):
    police, shelter = twice
    client = api_client("police.tirana")
    assert client.get("/api/v1/persons/duplicates").status_code == 404
    refused = client.post(
        "/api/v1/persons/links",
        {
            "person_a": police.person_id,
            "person_b": shelter.person_id,
            "decision": "same",
            "reason": "r",
        },
        content_type="application/json",
    )
    assert refused.status_code == 404
    link = services.person_link_decide(
        actor=reviewer,
        person_a=police.person_id,
        person_b=shelter.person_id,
        decision="same",
        reason="r",
    )
    assert (
        client.post(
            f"/api/v1/persons/links/{link.pk}/undo",
            {"reason": "r"},
            content_type="application/json",
        ).status_code
        == 404
    )
