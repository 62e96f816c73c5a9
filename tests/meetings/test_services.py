"""Meetings' services: convening, attendance and quorum, decisions and majority, minutes,
tasks through the deadline engine and the inbox, who may act, nothing half-saved."""

import contextlib
from datetime import timedelta

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nrm.accounts.models import Institution
from nrm.audit.models import AuditEvent
from nrm.core import clock
from nrm.core.doors import doors_open_for_test
from nrm.core.errors import Forbidden, NotFound, ValidationFailed
from nrm.deadlines.models import Deadline, Notification
from nrm.deadlines.models import Status as DeadlineStatus
from nrm.deadlines.services import calendar_for
from nrm.meetings import rules, selectors
from nrm.meetings.doors import MeetingPurpose, meeting_purposes
from nrm.meetings.error_codes import MeetingError
from nrm.meetings.models import Meeting, MeetingDecision, MeetingStatus, MeetingTask, TaskStatus
from nrm.meetings.services import (
    AttendeeIn,
    MeetingClosed,
    NoMajority,
    NoQuorum,
    meeting_attendance_record,
    meeting_cancel,
    meeting_convene,
    meeting_decide,
    meeting_minutes_record,
    meeting_task_assign,
    meeting_task_done,
)
from nrm.registry.services import profile_of
from tests.meetings.conftest import everyone, voters

pytestmark = pytest.mark.django_db


def held(convene, people, present=None):
    meeting = convene()
    chosen = everyone(meeting) if present is None else present(meeting)
    return meeting_attendance_record(
        actor=people["secretariat"], meeting_id=meeting.pk, present=chosen, held_at=clock.now()
    )


def decide(meeting, people, who="secretariat", **kw):
    args = {
        "outcome": "victim",
        "text": "The indicators are confirmed by the file.",
        "votes_for": 3,
        "votes_against": 1,
        "abstentions": 0,
    }
    args.update(kw)
    return meeting_decide(actor=people[who], meeting_id=meeting.pk, **args)


# --- convening -------------------------------------------------------------------------------


def test_convene_keeps_agenda_attendees_and_an_audit_event(convene, people):
    before = AuditEvent.objects.filter(code="meeting.convened").count()
    meeting = convene()

    assert meeting.status == MeetingStatus.CONVENED and meeting.body == "ap"
    assert [a.text for a in meeting.agenda.all()] == ["The group's file without consensus"]
    capacities = list(meeting.attendees.order_by("id").values_list("capacity", "votes"))
    # Only the chair and the members vote: the identifier and the expert do not.
    assert capacities == [
        ("chair", True),
        ("member", True),
        ("member", True),
        ("member", True),
        ("initial_identifier", False),
        ("expert", False),
    ]
    caseworker = meeting.attendees.get(capacity="initial_identifier")
    assert caseworker.institution.code == "police-slktp-tirana"
    assert AuditEvent.objects.filter(code="meeting.convened").count() == before + 1
    assert meeting.place == "Ministria e Punëve të Brendshme, salla 2"
    assert not meeting.closed_session


def test_convene_refuses_bad_input_and_saves_nothing(convene, people):
    with pytest.raises(ValidationFailed) as failed:
        convene(
            agenda=["  "],
            attendees=[
                AttendeeIn(capacity="boss", user_id=999_999),
                AttendeeIn(capacity="expert"),
            ],
            scheduled_for=None,
        )

    assert {"agenda", "scheduled_for", "attendees.0.capacity", "attendees.0.user_id"} <= set(
        failed.value.fields
    )
    assert "attendees.1.name" in failed.value.fields
    assert not Meeting.objects.exists()


def test_convene_needs_a_voting_member_and_one_chair(convene, people):
    with pytest.raises(ValidationFailed) as failed:
        convene(attendees=[AttendeeIn(capacity="expert", name="X")])
    assert "attendees" in failed.value.fields
    with pytest.raises(ValidationFailed) as failed:
        convene(
            attendees=[
                AttendeeIn(capacity="chair", user_id=people["head"].user.pk),
                AttendeeIn(capacity="chair", user_id=people["secretariat"].user.pk),
            ]
        )
    assert "attendees" in failed.value.fields
    assert not Meeting.objects.exists()


def test_a_purpose_about_a_case_needs_the_case_and_its_own_body(convene, people):
    with pytest.raises(ValidationFailed) as failed:
        convene(case_id=None)
    assert "case_id" in failed.value.fields
    with pytest.raises((ValidationFailed, Forbidden)):
        convene(body="commission")
    with pytest.raises(ValidationFailed) as failed:
        convene(purpose="nobody.knows")
    assert "purpose" in failed.value.fields


def test_only_those_who_convene_the_body_convene_it(convene, people):
    for who in ("caseworker", "apap.police.tirana", "commission_member"):
        with pytest.raises(Forbidden):
            convene(actor=people[who])
    assert convene(actor=people["head"]).convened_by == people["head"].user


def test_a_case_the_convener_cannot_see_is_not_found(people, make_case, decided, convene):
    case = make_case("police.shkoder")
    # The AP head reads every case, a commission member only those granted: not this one.
    with pytest.raises(NotFound):
        convene(actor=people["commission_member"], body="commission", case_id=case.pk)


def test_a_commission_meeting_is_a_closed_session(people):
    meeting = meeting_convene(
        actor=people["commission_chair"],
        body="commission",
        purpose="general",
        case_id=None,
        scheduled_for=clock.now() + timedelta(days=1),
        agenda=["Rules of procedure"],
        attendees=[
            AttendeeIn(capacity="chair", user_id=people["commission_chair"].user.pk),
            AttendeeIn(capacity="member", user_id=people["commission_member"].user.pk),
        ],
    )
    assert meeting.closed_session
    # The AP head reads every case but sits on no Commission: a closed session is not theirs.
    with pytest.raises(NotFound):
        selectors.meeting_get(actor=people["head"], id=meeting.pk)
    assert selectors.meeting_get(actor=people["secretariat"], id=meeting.pk) == meeting
    assert selectors.meeting_get(actor=people["commission_member"], id=meeting.pk) == meeting


# --- attendance and quorum -------------------------------------------------------------------


def test_attendance_marks_the_meeting_held_and_runs_on_held(convene, people, decided):
    meeting = convene()
    present = voters(meeting)[:3]

    meeting = meeting_attendance_record(
        actor=people["secretariat"], meeting_id=meeting.pk, present=present, held_at=clock.now()
    )

    assert meeting.status == MeetingStatus.HELD
    assert (meeting.voting_members, meeting.voting_present) == (4, 3)
    assert set(meeting.attendees.filter(present=True).values_list("pk", flat=True)) == set(present)
    assert meeting.attendees.filter(present=False).count() == 3
    assert decided == [("held", meeting.pk)]


def test_attendance_without_quorum_is_refused_and_nothing_changes(convene, people, decided):
    meeting = convene()
    # 2 of 4 voting members (and the non-voting identifier): no majority of members.
    present = [*voters(meeting)[:2], everyone(meeting)[4]]

    with pytest.raises(NoQuorum) as failed:
        meeting_attendance_record(
            actor=people["secretariat"],
            meeting_id=meeting.pk,
            present=present,
            held_at=clock.now(),
        )

    assert failed.value.code == MeetingError.NO_QUORUM
    assert "present" in failed.value.fields
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CONVENED
    assert not meeting.attendees.filter(present__isnull=False).exists()
    assert decided == []


def test_attendance_refuses_strangers_and_the_future(convene, people):
    meeting = convene()
    with pytest.raises(ValidationFailed) as failed:
        meeting_attendance_record(
            actor=people["secretariat"],
            meeting_id=meeting.pk,
            present=[999_999],
            held_at=clock.now() + timedelta(days=1),
        )
    assert set(failed.value.fields) == {"present", "held_at"}


def test_the_chair_records_attendance_a_member_may_not(convene, people):
    meeting = convene()
    with pytest.raises(Forbidden):
        meeting_attendance_record(
            actor=people["apap.police.tirana"],
            meeting_id=meeting.pk,
            present=everyone(meeting),
            held_at=clock.now(),
        )
    # The chair here is a focal point, who does not convene the AP.
    chaired = convene(
        attendees=[
            AttendeeIn(capacity="chair", user_id=people["apap.police.tirana"].user.pk),
            AttendeeIn(capacity="member", user_id=people["apap.njmf.tirana"].user.pk),
        ]
    )
    meeting_attendance_record(
        actor=people["apap.police.tirana"],
        meeting_id=chaired.pk,
        present=everyone(chaired),
        held_at=clock.now(),
    )


def test_someone_who_cannot_see_the_meeting_gets_not_found(convene, people):
    meeting = convene()
    with pytest.raises(NotFound):
        meeting_attendance_record(
            actor=people["other_caseworker"],
            meeting_id=meeting.pk,
            present=everyone(meeting),
            held_at=clock.now(),
        )


# --- decisions -------------------------------------------------------------------------------


def test_a_decision_with_majority_is_saved_and_on_decision_runs(convene, people, decided):
    meeting = held(convene, people)
    decision = decide(meeting, people)

    assert decision.carried and decision.outcome == "victim"
    assert (decision.votes_for, decision.votes_against, decision.abstentions) == (3, 1, 0)
    assert decided[-1] == ("decision", meeting.pk, "victim")
    assert AuditEvent.objects.filter(code="meeting.decided", case_id=meeting.case_id).exists()


@pytest.mark.parametrize(
    ("votes", "error"),
    [
        ((2, 2, 0), NoMajority),  # a tie is no majority
        ((2, 0, 2), NoMajority),  # abstentions do not carry it
        ((3, 2, 0), ValidationFailed),  # 5 votes, 4 voting members present
        ((-1, 0, 0), ValidationFailed),
    ],
)
def test_a_decision_without_majority_or_with_bad_votes_is_not_saved(
    convene, people, decided, votes, error
):
    meeting = held(convene, people)
    with pytest.raises(error):
        decide(meeting, people, votes_for=votes[0], votes_against=votes[1], abstentions=votes[2])
    assert not MeetingDecision.objects.exists()
    assert not any(entry[0] == "decision" for entry in decided)


def test_an_unknown_outcome_and_missing_reasoning_are_field_errors(convene, people):
    meeting = held(convene, people)
    with pytest.raises(ValidationFailed) as failed:
        decide(meeting, people, outcome="maybe", text=" ")
    assert set(failed.value.fields) == {"outcome", "text"}
    assert not MeetingDecision.objects.exists()


def test_no_decision_before_attendance_and_only_one_about_a_case(convene, people):
    meeting = convene()
    with pytest.raises(MeetingClosed):
        decide(meeting, people)
    meeting = held(convene, people)
    decide(meeting, people)
    with pytest.raises(MeetingClosed):
        decide(meeting, people, outcome="not_recognised")
    assert MeetingDecision.objects.count() == 1


def test_a_member_who_does_not_run_the_meeting_may_not_decide(convene, people):
    meeting = held(convene, people)
    with pytest.raises(Forbidden):
        decide(meeting, people, who="apap.police.tirana")
    # The chair (the AP head) may.
    assert decide(meeting, people, who="head").outcome == "victim"


def test_a_failing_on_decision_rolls_the_decision_back(convene, people):
    code = "tests.failing"

    def on_decision(*, actor, meeting, decision):
        assert MeetingDecision.objects.filter(pk=decision.pk).exists()  # same transaction
        raise ValidationFailed({"outcome": ["The case cannot take this status now."]})

    with doors_open_for_test():
        meeting_purposes.add(
            MeetingPurpose(
                body="ap",
                label=lambda: "Failing",
                outcomes=lambda meeting: [("victim", "Victim")],
                on_decision=on_decision,
            ),
            code=code,
            app="tests",
        )
    try:
        meeting = convene(purpose=code)
        meeting_attendance_record(
            actor=people["secretariat"],
            meeting_id=meeting.pk,
            present=everyone(meeting),
            held_at=clock.now(),
        )
        events = AuditEvent.objects.count()
        with pytest.raises(ValidationFailed) as failed:
            decide(meeting, people)
        assert failed.value.fields == {"outcome": ["The case cannot take this status now."]}
        assert not MeetingDecision.objects.exists()
        assert AuditEvent.objects.count() == events
    finally:
        meeting_purposes.remove(code)


def test_a_consensus_body_needs_every_voting_member_present():
    votes = rules.Votes(3, 0, 1)
    assert not rules.carried(votes, decides_by="consensus", voting_present=4)
    assert rules.carried(rules.Votes(4, 0, 0), decides_by="consensus", voting_present=4)


# --- minutes ---------------------------------------------------------------------------------


def test_minutes_of_a_held_meeting(convene, people):
    meeting = convene()
    with pytest.raises(MeetingClosed):
        meeting_minutes_record(
            actor=people["secretariat"], meeting_id=meeting.pk, minutes="x", reference="1"
        )
    meeting = held(convene, people)
    with pytest.raises(ValidationFailed) as failed:
        meeting_minutes_record(
            actor=people["secretariat"], meeting_id=meeting.pk, minutes=" ", reference="1"
        )
    assert "minutes" in failed.value.fields
    meeting = meeting_minutes_record(
        actor=people["secretariat"],
        meeting_id=meeting.pk,
        minutes="The AP examined the file.",
        reference="Prot. 12/3",
    )
    meeting.refresh_from_db()
    assert meeting.minutes == "The AP examined the file."
    assert meeting.minutes_reference == "Prot. 12/3" and meeting.minutes_recorded_at


# --- tasks -----------------------------------------------------------------------------------


def test_a_task_notifies_the_focal_points_and_opens_a_deadline(convene, people):
    meeting = held(convene, people)
    shelter = Institution.objects.get(code="njmf-tirana")
    due = clock.now().date() + timedelta(days=5)

    task = meeting_task_assign(
        actor=people["secretariat"],
        meeting_id=meeting.pk,
        institution_id=shelter.pk,
        text="Prepare the protection plan.",
        due_on=due,
    )

    deadline = Deadline.objects.get(subject=task.subject)
    assert deadline.rule == "meeting_task" and deadline.case_id == meeting.case_id
    assert deadline.responsible_institution_id == shelter.pk
    assert deadline.responsible_role == "focal_point"
    assert deadline.due_at == calendar_for(profile_of(meeting.case)).end_of_day(due)
    notices = Notification.objects.filter(kind="task_assigned")
    assert [n.recipient.username for n in notices] == ["apap.njmf.tirana"]
    assert notices[0].case_reference == meeting.case.reference

    # A second task: each has its own deadline, met by its own "done".
    other = meeting_task_assign(
        actor=people["secretariat"],
        meeting_id=meeting.pk,
        institution_id=shelter.pk,
        text="Inform the school.",
        due_on=due - timedelta(days=2),
    )
    done = meeting_task_done(actor=people["apap.njmf.tirana"], task_id=task.pk, note="Sent.")

    assert done.status == TaskStatus.DONE and done.done_note == "Sent."
    assert Deadline.objects.get(subject=task.subject).status == DeadlineStatus.MET
    assert Deadline.objects.get(subject=other.subject).status == DeadlineStatus.OPEN


def test_a_task_needs_an_institution_text_and_a_future_date(convene, people):
    meeting = held(convene, people)
    with pytest.raises(ValidationFailed) as failed:
        meeting_task_assign(
            actor=people["secretariat"],
            meeting_id=meeting.pk,
            institution_id=999_999,
            text="",
            due_on=clock.now().date() - timedelta(days=3),
        )
    assert set(failed.value.fields) == {"institution_id", "text", "due_on"}
    assert not MeetingTask.objects.exists() and not Deadline.objects.filter(rule="meeting_task")


def test_a_task_is_done_by_its_institution_or_those_who_run_the_meeting(convene, people):
    meeting = held(convene, people)
    task = meeting_task_assign(
        actor=people["secretariat"],
        meeting_id=meeting.pk,
        institution_id=Institution.objects.get(code="njmf-tirana").pk,
        text="Prepare the protection plan.",
        due_on=clock.now().date() + timedelta(days=5),
    )
    with pytest.raises((Forbidden, NotFound)):
        meeting_task_done(actor=people["apap.shssh.tirana"], task_id=task.pk)
    with pytest.raises(NotFound):
        meeting_task_done(actor=people["other_caseworker"], task_id=task.pk)
    meeting_task_done(actor=people["secretariat"], task_id=task.pk)
    with pytest.raises(MeetingClosed):
        meeting_task_done(actor=people["secretariat"], task_id=task.pk)


# --- cancelling ------------------------------------------------------------------------------


def test_cancel_a_meeting_not_yet_held(convene, people):
    meeting = convene()
    with pytest.raises(ValidationFailed):
        meeting_cancel(actor=people["secretariat"], meeting_id=meeting.pk, reason="")
    with pytest.raises(Forbidden):
        meeting_cancel(actor=people["apap.police.tirana"], meeting_id=meeting.pk, reason="x")
    meeting = meeting_cancel(
        actor=people["secretariat"], meeting_id=meeting.pk, reason="The file was withdrawn."
    )
    assert meeting.status == MeetingStatus.CANCELLED
    with pytest.raises(MeetingClosed):
        meeting_attendance_record(
            actor=people["secretariat"],
            meeting_id=meeting.pk,
            present=everyone(meeting),
            held_at=clock.now(),
        )


# --- who sees what ---------------------------------------------------------------------------


def test_the_list_shows_what_the_actor_may_see(convene, people, make_case):
    mine = convene()
    theirs = convene(case_id=make_case("police.shkoder").pk)

    def seen(who):
        return set(selectors.meeting_list(actor=people[who]).values_list("pk", flat=True))

    assert seen("secretariat") == {mine.pk, theirs.pk}
    # A Tirana focal point is an AP member but sees only the cases of their institution.
    assert seen("apap.police.tirana") == {mine.pk}
    # The identifier attends the first meeting.
    assert seen("caseworker") == {mine.pk}
    assert seen("other_caseworker") == set()
    assert seen("commission_member") == set()
    assert set(
        selectors.meeting_list(actor=people["secretariat"], case=theirs.case).values_list(
            "pk", flat=True
        )
    ) == {theirs.pk}


def test_writes_are_atomic_even_when_the_caller_catches(convene, people):
    meeting = held(convene, people)
    with transaction.atomic(), pytest.raises(NoMajority):
        decide(meeting, people, votes_for=1, votes_against=3)
    assert not MeetingDecision.objects.exists()


# --- the property, through the service: nothing without majority or quorum is saved ----------


@given(
    votes=st.tuples(
        st.integers(min_value=0, max_value=5),
        st.integers(min_value=0, max_value=5),
        st.integers(min_value=0, max_value=5),
    )
)
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_the_service_saves_a_decision_only_when_the_rules_allow(convene, people, votes):
    with transaction.atomic():
        meeting = held(convene, people, present=lambda m: [*voters(m)[:3], everyone(m)[4]])
        allowed = rules.decision_allowed(
            rules.Votes(*votes),
            quorum_kind="majority_of_members",
            quorum_amount=0,
            decides_by="majority",
            voting_members=4,
            voting_present=3,
        )
        with contextlib.suppress(ValidationFailed):
            decide(
                meeting, people, votes_for=votes[0], votes_against=votes[1], abstentions=votes[2]
            )
        assert MeetingDecision.objects.filter(meeting=meeting).exists() is allowed
        transaction.set_rollback(True)
