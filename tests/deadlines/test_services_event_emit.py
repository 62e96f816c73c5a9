"""`event_emit`: every rule of the profile is opened by its events and met by its events,
cancelled by its cancelling events, in the caller's transaction, with its audit event.

Later stages will emit these events from their own services; here they are emitted
through the engine's interface, as those stages will."""

from datetime import timedelta

import pytest

from nrm.audit.models import AuditEvent
from nrm.core.errors import Forbidden
from nrm.deadlines import rules
from nrm.deadlines.calendar import WorkingCalendar
from nrm.deadlines.models import Deadline, Status
from nrm.deadlines.services import UnknownEvent, event_emit
from nrm.jurisdictions import get_profile

from .conftest import deadlines_of

PROFILE = get_profile("AL")
CASE_RULES = [r for r in PROFILE.deadlines.rules if r.scope == "case"]


def _person_for(rule) -> dict:
    """A person the rule applies to and whom the registry's own events concern."""
    person = {}
    if rule.applies_to == "child" or "child_identified" in rule.opened_by:
        person["appears_to_be_child"] = True
    if "foreign_national_identified" in rule.opened_by:
        person["citizenship"] = "UA"
        person["languages"] = ["uk"]  # the interpreter follows the language
    return person


def _given(rule, actor, at) -> dict:
    """What the opening event gives a rule whose due moment or institution it names (a
    meeting's task: offset and responsible `given`)."""
    given = {}
    if rule.offset.kind == "given":
        given["due_at"] = at + timedelta(days=3)
    if rule.responsible.institution == "given":
        given["responsible_institution_id"] = actor.institution_id
    return given


@pytest.mark.parametrize("rule", CASE_RULES, ids=lambda r: r.code)
def test_each_rule_is_opened_and_met_by_its_events(rule, case_at, actor_of, t0, cal):
    case = case_at(t0, **_person_for(rule))
    actor = actor_of("police.tirana")
    opened_at = t0 + timedelta(minutes=5)
    for event in rule.opened_by:
        if event in ("child_identified", "foreign_national_identified"):
            continue  # emitted by the registry when the case was opened
        event_emit(
            actor=actor, case=case, event=event, at=opened_at, **_given(rule, actor, opened_at)
        )
    [deadline] = deadlines_of(case, rule.code)
    assert deadline.status == Status.OPEN
    start = deadline.opened_at
    given = _given(rule, actor, opened_at).get("due_at")
    assert (
        deadline.due_at
        == rules.schedule(rule, start=start, occurrence=1, cal=cal, given=given).due_at
    )
    assert deadline.responsible_role == rule.responsible.role
    assert deadline.profile_version == PROFILE.version

    met_at = start + timedelta(minutes=1)
    result = event_emit(actor=actor, case=case, event=rule.met_by[0], at=met_at)
    assert rule.code in [d.rule for d in result.met]
    first = deadlines_of(case, rule.code)[0]
    assert (first.status, first.met_at, first.met_by_event) == (Status.MET, met_at, rule.met_by[0])


@pytest.mark.parametrize("rule", CASE_RULES, ids=lambda r: r.code)
def test_each_rule_is_met_by_every_one_of_its_meeting_events(rule, case_at, actor_of, t0):
    actor = actor_of("police.tirana")
    for met_event in rule.met_by:
        case = case_at(t0, **_person_for(rule))
        event_emit(
            actor=actor, case=case, event=rule.opened_by[-1], at=t0, **_given(rule, actor, t0)
        )
        event_emit(actor=actor, case=case, event=met_event, at=t0 + timedelta(minutes=1))
        assert deadlines_of(case, rule.code)[0].status == Status.MET


@pytest.mark.parametrize("rule", [r for r in CASE_RULES if r.cancelled_by], ids=lambda r: r.code)
def test_each_rule_is_cancelled_by_its_cancelling_events(rule, case_at, actor_of, t0):
    actor = actor_of("police.tirana")
    case = case_at(t0, **_person_for(rule))
    event_emit(actor=actor, case=case, event=rule.opened_by[-1], at=t0, **_given(rule, actor, t0))
    result = event_emit(actor=actor, case=case, event=rule.cancelled_by[0], at=t0)
    assert rule.code in [d.rule for d in result.cancelled]
    assert {d.status for d in deadlines_of(case, rule.code)} == {Status.CANCELLED}


def test_a_jurisdiction_wide_rule_runs_without_a_case(reference, actor_of, t0):
    ap = actor_of("ap.secretariat")
    result = event_emit(actor=ap, case=None, event="sop_entered_into_force", at=t0)
    [deadline] = result.opened
    assert (deadline.rule, deadline.case_id) == ("commission_appointment", None)
    assert deadline.responsible_institution.code == "ap-secretariat"
    event_emit(actor=ap, case=None, event="commission_members_appointed", at=t0)
    deadline.refresh_from_db()
    assert deadline.status == Status.MET


def test_a_child_case_starts_the_pmf_and_protection_plan_clocks(case_at, t0):
    case = case_at(t0, appears_to_be_child=True)
    deadlines = {d.rule: d for d in deadlines_of(case)}
    assert set(deadlines) == {"notify_child_protection_worker", "child_protection_plan"}
    # "Immediately": within the profile's grace (an hour).
    assert deadlines["notify_child_protection_worker"].due_at == t0 + timedelta(hours=1)
    assert deadlines["child_protection_plan"].due_at == t0 + timedelta(hours=72)
    assert deadlines["child_protection_plan"].at_risk_at == t0 + timedelta(hours=48)
    # The owner notifies the PMF; the county's child protection unit makes the plan.
    assert deadlines["notify_child_protection_worker"].responsible_institution.code == (
        "police-slktp-tirana"
    )
    assert deadlines["child_protection_plan"].responsible_institution.code == "njmf-tirana"


def test_a_foreign_national_starts_the_interpreter_clock(case_at, t0):
    case = case_at(t0, citizenship="UA", languages=["uk"])
    assert [d.rule for d in deadlines_of(case)] == ["notify_interpreter"]


def test_an_albanian_adult_starts_no_clock(case_at, t0):
    assert deadlines_of(case_at(t0, citizenship="AL")) == []
    assert deadlines_of(case_at(t0)) == []


def test_a_foreign_child_starts_all_three(case_at, t0):
    case = case_at(t0, citizenship="XK", estimated_age=15, languages=["sr"])
    assert {d.rule for d in deadlines_of(case)} == {
        "notify_child_protection_worker",
        "child_protection_plan",
        "notify_interpreter",
    }


def test_lifting_the_child_presumption_cancels_the_child_deadlines(case_at, actor_of, t0):
    case = case_at(t0, appears_to_be_child=True)
    event_emit(actor=actor_of("police.tirana"), case=case, event="child_presumption_lifted")
    assert {d.status for d in deadlines_of(case)} == {Status.CANCELLED}


def test_the_same_opening_event_twice_does_not_open_a_second_deadline(case_at, actor_of, t0):
    case = case_at(t0, appears_to_be_child=True)
    event_emit(actor=actor_of("police.tirana"), case=case, event="child_identified", at=t0)
    assert len(deadlines_of(case, "child_protection_plan")) == 1


def test_a_rule_for_every_interview_runs_once_per_interview(case_at, actor_of, t0):
    case = case_at(t0)
    police = actor_of("police.tirana")
    for minutes in (0, 30):
        event_emit(
            actor=police, case=case, event="interview_conducted", at=t0 + timedelta(minutes=minutes)
        )
    first, second = deadlines_of(case, "investigation_information_to_apap")
    event_emit(actor=police, case=case, event="investigation_information_shared", at=t0)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (Status.MET, Status.OPEN)


def test_child_and_adult_rules_follow_the_case(case_at, actor_of, t0):
    shelter = actor_of("police.tirana")
    child, adult = case_at(t0, appears_to_be_child=True), case_at(t0)
    for case in (child, adult):
        event_emit(actor=shelter, case=case, event="shelter_admitted", at=t0)
    assert deadlines_of(child, "child_formal_interview_information")
    assert not deadlines_of(child, "adult_formal_interview_rights")
    assert deadlines_of(adult, "adult_formal_interview_rights")
    assert not deadlines_of(adult, "child_formal_interview_information")


def test_monthly_reports_open_one_at_a_time_for_24_months(case_at, actor_of, t0, cal):
    case = case_at(t0)
    actor = actor_of("police.tirana")
    event_emit(actor=actor, case=case, event="reintegration_plan_decided", at=t0)
    [first] = deadlines_of(case, "reintegration_report")
    assert cal.local_date(first.due_at).isoformat() == "2026-04-10"
    for _month in range(24):
        event_emit(actor=actor, case=case, event="reintegration_report_submitted", at=t0)
    reports = deadlines_of(case, "reintegration_report")
    assert [d.occurrence for d in reports] == list(range(1, 25))
    assert {d.status for d in reports} == {Status.MET}
    assert cal.local_date(reports[-1].due_at).isoformat() == "2028-03-10"


def test_the_responsible_institution_follows_a_grant_of_the_right_type(
    case_at, actor_of, reference, t0
):
    from nrm.registry.services import case_assign

    case = case_at(t0)
    police = actor_of("police.tirana")
    case_assign(actor=police, case_id=case.pk, institution=reference["shelter-tirana"], reason="x")
    event_emit(actor=police, case=case, event="shelter_admitted", at=t0)
    [deadline] = deadlines_of(case, "adult_formal_interview_rights")
    assert deadline.responsible_institution.code == "shelter-tirana"


def test_an_unknown_event_is_refused(case_at, actor_of, t0):
    case = case_at(t0)
    with pytest.raises(UnknownEvent):
        event_emit(actor=actor_of("police.tirana"), case=case, event="child_identifed")


def test_an_actor_who_may_not_change_cases_may_not_emit(case_at, reference, t0):
    from nrm.accounts.models import User
    from nrm.accounts.policy import actor_for, system_actor
    from nrm.accounts.services import membership_create, user_create

    system = system_actor()
    user = user_create(actor=system, username="reader", password="x" * 16)
    membership_create(
        actor=system, user=user, institution=reference["police-slktp-tirana"], role="viewer"
    )
    case = case_at(t0)
    with pytest.raises(Forbidden):
        event_emit(
            actor=actor_for(User.objects.get(username="reader")), case=case, event="case_closed"
        )


def test_each_event_is_an_audit_event_without_personal_data(case_at, actor_of, t0):
    case = case_at(t0, given_name="Drita", family_name="Kola", appears_to_be_child=True)
    event = AuditEvent.objects.get(case_id=case.pk, code="deadline.event")
    assert event.data == {
        "event": "child_identified",
        "opened": ["notify_child_protection_worker", "child_protection_plan"],
        "met": [],
        "cancelled": [],
    }
    assert "Drita" not in str(event.data) and "Kola" not in str(event.data)


def test_emitting_joins_the_callers_transaction(case_at, actor_of, t0):
    from django.db import transaction

    case = case_at(t0)
    with pytest.raises(RuntimeError), transaction.atomic():
        event_emit(actor=actor_of("police.tirana"), case=case, event="interview_conducted")
        raise RuntimeError("the caller fails")
    assert not Deadline.objects.filter(case=case).exists()


def test_a_case_keeps_the_rules_of_its_profile_version(case_at, t0):
    case = case_at(t0, appears_to_be_child=True)
    assert {d.profile_version for d in deadlines_of(case)} == {case.profile_version}


def test_closure_days_move_working_day_deadlines(case_at, actor_of, reference, t0, system):
    from nrm.accounts.models import User
    from nrm.accounts.policy import actor_for
    from nrm.deadlines.services import closure_day_save

    admin = actor_for(User.objects.get(username="admin"))
    case = case_at(t0)
    police = actor_of("police.tirana")
    event_emit(actor=police, case=case, event="appeal_filed", at=t0)
    before = deadlines_of(case, "commission_convening")[0].due_at
    closure_day_save(actor=admin, day=(t0 + timedelta(days=1)).date(), reason="Strike")
    other = case_at(t0)
    event_emit(actor=police, case=other, event="appeal_filed", at=t0)
    after = deadlines_of(other, "commission_convening")[0].due_at
    cal = WorkingCalendar.of(PROFILE.calendar)
    assert cal.local_date(after) == cal.local_date(before) + timedelta(days=1)


# --- due moment and institution given by the event; one deadline per subject (meetings) ------


def test_a_given_rule_takes_the_events_due_moment_institution_and_subject(case_at, actor_of, t0):
    actor = actor_of("police.tirana")
    case = case_at(t0)
    due = t0 + timedelta(days=9)
    other = actor_of("pmf.tirana").institution_id
    for n, institution in ((1, other), (2, actor.institution_id)):
        event_emit(
            actor=actor,
            case=case,
            event="meeting_task_assigned",
            at=t0,
            due_at=due + timedelta(days=n),
            responsible_institution_id=institution,
            subject=f"meeting_task:{n}",
        )
    first, second = deadlines_of(case, "meeting_task")
    assert (first.due_at, first.responsible_institution_id, first.subject) == (
        due + timedelta(days=1),
        other,
        "meeting_task:1",
    )
    # The subject meets the one task, not the earliest open one.
    event_emit(actor=actor, case=case, event="meeting_task_done", at=t0, subject="meeting_task:2")
    first, second = deadlines_of(case, "meeting_task")
    assert (first.status, second.status) == (Status.OPEN, Status.MET)


def test_a_given_rule_without_its_due_moment_is_a_programming_error(case_at, actor_of, t0):
    actor = actor_of("police.tirana")
    with pytest.raises(ValueError, match="due_at"):
        event_emit(
            actor=actor,
            case=case_at(t0),
            event="meeting_task_assigned",
            at=t0,
            responsible_institution_id=actor.institution_id,
        )
