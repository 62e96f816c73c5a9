"""The disagreement path end to end (S6 L813–833): the group records no consensus, the AP
secretariat convenes the AP with every required attendee, the meeting is held and takes its
binding decision, and the status follows."""

from datetime import timedelta

import pytest

from nrm.core import clock
from nrm.core.errors import Forbidden, ValidationFailed
from nrm.deadlines.models import Deadline
from nrm.identification import services
from nrm.identification.models import Group, GroupDecision, GroupState
from nrm.meetings import services as meetings
from nrm.meetings.models import Attendee

pytestmark = pytest.mark.django_db


@pytest.fixture
def at_ap(actors, ready):
    case = ready()
    services.decision_record(
        actor=actors["police.tirana"],
        case_id=case.pk,
        outcome=None,
        consensus=False,
        decided_on=clock.today(),
        reasoning="Anëtarët nuk ranë dakord",
    )
    return case


def _deadline(case, rule):
    return Deadline.objects.filter(case=case, rule=rule).values_list("status", flat=True).first()


def test_no_consensus_then_the_ap_decides_and_the_status_follows(actors, at_ap):
    case = at_ap
    ap = actors["ap.secretariat"]
    meeting = services.ap_meeting_convene(
        actor=ap, case_id=case.pk, scheduled_for=clock.now() + timedelta(hours=20), place="MPB"
    )
    attendees = list(Attendee.objects.filter(meeting=meeting).select_related("user"))
    by_capacity = {}
    for a in attendees:
        by_capacity.setdefault(a.capacity, set()).add(a.user.username)
    # The group's members and the initial identifier (police.tirana screened and
    # interviewed, and sits in the group: listed once) attend; they do not vote.
    assert {"police.tirana", "social.tirana"} <= by_capacity["group_member"]
    assert "ap.secretariat" in by_capacity["member"] | by_capacity.get("chair", set())
    assert all(a.required for a in attendees)
    assert not any(a.votes for a in attendees if a.capacity == "group_member")
    with pytest.raises(ValidationFailed):  # convened once
        services.ap_meeting_convene(actor=ap, case_id=case.pk, scheduled_for=clock.now())
    voters = [a.pk for a in attendees if a.votes]
    meetings.meeting_attendance_record(
        actor=ap, meeting_id=meeting.pk, present=[a.pk for a in attendees], held_at=clock.now()
    )
    assert _deadline(case, "ap_disagreement_meeting") == "met"
    meetings.meeting_decide(
        actor=ap,
        meeting_id=meeting.pk,
        outcome="victim",
        text="Faktet tregojnë shfrytëzim",
        votes_for=len(voters),
        votes_against=0,
        abstentions=0,
    )
    case.refresh_from_db()
    assert case.identification_status == "victim"
    assert Group.objects.get(case=case).state == GroupState.DECIDED
    decision = GroupDecision.objects.get(case=case)
    assert decision.ap_outcome == "victim" and decision.ap_meeting_id == meeting.pk
    assert _deadline(case, "ap_decision_communication") == "met"
    history = case.status_changes.filter(field="identification_status").order_by("-id").first()
    assert history.reason_code == "ap_decision"


def test_only_the_ap_secretariat_convenes(actors, at_ap):
    with pytest.raises(Forbidden):
        services.ap_meeting_convene(
            actor=actors["police.tirana"], case_id=at_ap.pk, scheduled_for=clock.now()
        )


def test_nothing_to_convene_without_a_file_at_the_ap(actors, ready):
    case = ready()
    with pytest.raises(ValidationFailed):
        services.ap_meeting_convene(
            actor=actors["ap.secretariat"], case_id=case.pk, scheduled_for=clock.now()
        )
