"""The person's data export holds the meetings about their case: each decision, its votes
and its reasoning; the minutes (which speak of others) stay out."""

import json

import pytest

from nrm.core import clock
from nrm.meetings.services import meeting_attendance_record, meeting_decide, meeting_minutes_record
from nrm.registry.person_rights import person_export
from nrm.registry.person_rights.export import export_pdf
from tests.meetings.conftest import everyone

pytestmark = pytest.mark.django_db


def test_the_export_holds_the_decision_not_the_minutes(convene, people):
    meeting = convene()
    ap = people["secretariat"]
    meeting_attendance_record(
        actor=ap, meeting_id=meeting.pk, present=everyone(meeting), held_at=clock.now()
    )
    meeting_decide(
        actor=ap,
        meeting_id=meeting.pk,
        outcome="victim",
        text="REASONING-7 the file confirms it",
        votes_for=3,
        votes_against=1,
        abstentions=0,
    )
    meeting_minutes_record(
        actor=ap, meeting_id=meeting.pk, minutes="MINUTES-9 the members spoke", reference="1"
    )

    export = person_export(
        actor=people["apap.police.tirana"],
        case_id=meeting.case_id,
        requester="person",
        format="json",
    )

    [case] = export.data["cases"]
    [row] = case["meetings"]
    assert row["status"] == "held"
    assert row["decisions"][0]["votes_for"] == 3
    assert row["decisions"][0]["reasoning"] == "REASONING-7 the file confirms it"
    assert "MINUTES-9" not in json.dumps(export.data, ensure_ascii=False)


def test_the_printed_export_shows_the_meeting(convene, people):
    meeting = convene()
    export = person_export(
        actor=people["apap.police.tirana"],
        case_id=meeting.case_id,
        requester="person",
        format="pdf",
    )
    assert export.data["cases"][0]["meetings"][0]["status"] == "convened"
    assert export_pdf(export).startswith(b"%PDF")
