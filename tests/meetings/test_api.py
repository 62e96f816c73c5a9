"""The meetings' API: list and detail scoped by the caller (404 when not visible), and
attendance, decisions and minutes with field errors (400) and nothing half-saved."""

import pytest

from nrm.core import clock
from nrm.meetings.models import MeetingDecision, MeetingStatus
from tests.meetings.conftest import everyone, voters

pytestmark = pytest.mark.django_db


def _post(client, url, body):
    return client.post(url, body, content_type="application/json")


def test_list_and_detail_scoped_by_the_caller(convene, people, api_client, make_case):
    meeting = convene()
    other = convene(case_id=make_case("police.shkoder").pk)
    secretariat = api_client("ap.secretariat")

    rows = secretariat.get("/api/v1/meetings?body=ap").json()
    assert {r["id"] for r in rows} == {meeting.pk, other.pk}
    rows = secretariat.get(f"/api/v1/meetings?case={meeting.case_id}").json()
    assert [r["id"] for r in rows] == [meeting.pk]
    assert rows[0]["case_reference"] == meeting.case.reference
    assert secretariat.get("/api/v1/meetings?body=commission").json() == []

    detail = secretariat.get(f"/api/v1/meetings/{meeting.pk}")
    assert detail.status_code == 200
    body = detail.json()
    assert body["status"] == "convened" and len(body["attendees"]) == 6
    assert [o["code"] for o in body["outcomes"]] == ["victim", "not_recognised"]
    assert body["agenda"] == [{"position": 1, "text": "The group's file without consensus"}]

    shkoder = api_client("police.shkoder")
    assert shkoder.get(f"/api/v1/meetings/{meeting.pk}").status_code == 404
    assert shkoder.get("/api/v1/meetings/999999").status_code == 404
    assert [r["id"] for r in shkoder.get("/api/v1/meetings").json()] == []


def test_attendance_decision_and_minutes(convene, people, api_client, decided):
    meeting = convene()
    client = api_client("ap.secretariat")
    url = f"/api/v1/meetings/{meeting.pk}"

    no_quorum = _post(
        client,
        f"{url}/attendance",
        {"present": voters(meeting)[:1], "held_at": clock.now().isoformat()},
    )
    assert no_quorum.status_code == 400
    assert no_quorum.json()["code"] == "meeting_no_quorum"
    assert "present" in no_quorum.json()["errors"]

    held = _post(
        client,
        f"{url}/attendance",
        {"present": everyone(meeting), "held_at": clock.now().isoformat()},
    )
    assert held.status_code == 200, held.content
    assert held.json()["status"] == MeetingStatus.HELD and held.json()["voting_present"] == 4

    no_majority = _post(
        client,
        f"{url}/decisions",
        {"outcome": "victim", "text": "Reasons", "votes_for": 2, "votes_against": 2},
    )
    assert no_majority.status_code == 400
    assert no_majority.json()["code"] == "meeting_no_majority"
    bad = _post(client, f"{url}/decisions", {"outcome": "maybe", "text": "", "votes_for": 3})
    assert bad.status_code == 400 and {"outcome", "text"} <= set(bad.json()["errors"])
    assert not MeetingDecision.objects.exists()

    decision = _post(
        client,
        f"{url}/decisions",
        {"outcome": "victim", "text": "Reasons", "votes_for": 3, "votes_against": 1},
    )
    assert decision.status_code == 201
    assert decision.json()["outcome"] == "victim" and decision.json()["carried"]

    minutes = _post(client, f"{url}/minutes", {"minutes": "Examined.", "reference": "P-7"})
    assert minutes.status_code == 200
    assert minutes.json()["minutes"] == "Examined." and minutes.json()["minutes_reference"] == "P-7"
    missing = _post(client, f"{url}/minutes", {"reference": "P-7"})
    assert missing.status_code == 400


def test_a_member_who_does_not_run_it_gets_403_a_stranger_404(convene, people, api_client):
    meeting = convene()
    body = {"present": everyone(meeting), "held_at": clock.now().isoformat()}
    member = api_client("apap.police.tirana")
    assert _post(member, f"/api/v1/meetings/{meeting.pk}/attendance", body).status_code == 403
    stranger = api_client("police.shkoder")
    assert _post(stranger, f"/api/v1/meetings/{meeting.pk}/attendance", body).status_code == 404
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CONVENED
