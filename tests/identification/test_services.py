"""The services of formal identification: the group, the interview, the decision. Bad input
leaves nothing saved."""

from datetime import timedelta

import pytest

from nrm.core import clock
from nrm.core.errors import Forbidden, NotFound, ValidationFailed
from nrm.identification import services
from nrm.identification.models import (
    FormalInterview,
    Group,
    GroupDecision,
    GroupState,
    InterviewStatus,
    Seat,
)
from tests.identification.conftest import all_conditions, all_rights

pytestmark = pytest.mark.django_db


def _rules_of(case):
    from nrm.deadlines.models import Deadline

    return {d.rule: d.status for d in Deadline.objects.filter(case=case)}


def test_group_forms_when_every_institution_takes_up_the_case(actors, a5_case):
    from nrm.deadlines.models import Notification

    case = a5_case()
    services.seat_take(actor=actors["police.tirana"], case_id=case.pk)
    group = Group.objects.get(case=case)
    assert group.formed_at is None
    assert {s.institution.code for s in group.seats.all()} == {
        "police-slktp-tirana",
        "shssh-tirana",
    }
    services.seat_take(actor=actors["social.tirana"], case_id=case.pk)
    group.refresh_from_db()
    assert group.formed_at is not None
    notified = set(
        Notification.objects.filter(case=case, kind="group_formed").values_list(
            "recipient__username", flat=True
        )
    )
    assert notified == {"police.tirana", "social.tirana"}
    assert _rules_of(case).get("formal_identification_group_intervention") == "met"


def test_child_group_is_police_and_child_protection(actors, a5_case):
    case = a5_case(child=True)
    services.seat_take(actor=actors["pmf.tirana"], case_id=case.pk)
    codes = set(Seat.objects.filter(group__case=case).values_list("institution__code", flat=True))
    assert codes == {"police-slktp-tirana", "njmf-tirana"}


def test_institution_outside_the_group_cannot_take_a_seat(actors, a5_case):
    case = a5_case()
    # The shelter cannot see the case at all; the child protection unit is not in an adult's group.
    with pytest.raises(NotFound):
        services.seat_take(actor=actors["shelter.tirana"], case_id=case.pk)
    with pytest.raises((NotFound, Forbidden)):
        services.seat_take(actor=actors["pmf.tirana"], case_id=case.pk)
    assert not Seat.objects.filter(group__case=case, user__isnull=False).exists()


def test_interview_start_checks_participants_conditions_and_rights(actors, formed, planned):
    case = formed(child=True)
    interview = planned(case)
    police = actors["police.tirana"]
    with pytest.raises(ValidationFailed) as exc:
        services.interview_start(
            actor=police,
            interview_id=interview.pk,
            conditions=[c for c in all_conditions(case) if c != "child_friendly_room"],
            rights=all_rights(case)[:6],
        )
    assert {"conditions", "rights"} <= set(exc.value.fields)
    interview.refresh_from_db()
    assert interview.status == InterviewStatus.PLANNED
    services.interview_start(
        actor=police,
        interview_id=interview.pk,
        conditions=all_conditions(case),
        rights=all_rights(case),
    )
    interview.refresh_from_db()
    assert interview.status == InterviewStatus.STARTED
    assert _rules_of(case).get("child_formal_interview_duration") == "open"


def test_missing_counsel_refuses_the_start(actors, formed):
    case = formed()
    police = actors["police.tirana"]
    interview = services.interview_plan(
        actor=police, case_id=case.pk, scheduled_at=clock.now(), place="Zyra"
    )
    services.participant_add(
        actor=police, interview_id=interview.pk, role="police_officer", name="A"
    )
    services.participant_add(
        actor=police, interview_id=interview.pk, role="social_worker", name="B"
    )
    with pytest.raises(ValidationFailed) as exc:
        services.interview_start(
            actor=police,
            interview_id=interview.pk,
            conditions=all_conditions(case),
            rights=all_rights(case),
        )
    assert "participants" in exc.value.fields


def test_third_person_only_at_the_persons_request(actors, formed, planned):
    case = formed()
    interview = planned(case)
    with pytest.raises(ValidationFailed) as exc:
        services.participant_add(
            actor=actors["police.tirana"],
            interview_id=interview.pk,
            role="case_manager",
            name="M",
        )
    assert "requested_by_person" in exc.value.fields
    services.participant_add(
        actor=actors["police.tirana"],
        interview_id=interview.pk,
        role="case_manager",
        name="M",
        requested_by_person=True,
        declaration_signed_on=clock.today(),
    )


def test_a_child_is_not_interviewed_formally_twice(actors, ready, planned):
    case = ready(child=True)
    second = planned(case)
    with pytest.raises(ValidationFailed):
        services.interview_start(
            actor=actors["police.tirana"],
            interview_id=second.pk,
            conditions=all_conditions(case),
            rights=all_rights(case),
        )
    second.refresh_from_db()
    assert second.status == InterviewStatus.PLANNED


def test_interview_longer_than_the_maximum_needs_a_reason(actors, formed, planned):
    case = formed()
    interview = planned(case)
    police = actors["police.tirana"]
    start = clock.now() - timedelta(minutes=100)
    services.interview_start(
        actor=police,
        interview_id=interview.pk,
        conditions=all_conditions(case),
        rights=all_rights(case),
        started_at=start,
    )
    with pytest.raises(ValidationFailed) as exc:
        services.interview_end(actor=police, interview_id=interview.pk, ended_at=clock.now())
    assert "exceedance_reason" in exc.value.fields
    interview.refresh_from_db()
    assert interview.status == InterviewStatus.STARTED
    services.interview_end(
        actor=police,
        interview_id=interview.pk,
        ended_at=clock.now(),
        exceedance_reason="The person asked to go on",
        interruptions=1,
        interruption_note="A pause for water",
    )
    interview.refresh_from_db()
    assert interview.exceeded and interview.minutes >= 100 and interview.interruptions == 1


def test_needs_assessed_by_the_social_worker_for_an_adult(actors, ready):
    case = ready()
    interview = FormalInterview.objects.get(case=case)
    with pytest.raises(Forbidden):
        services.needs_assess(
            actor=actors["police.tirana"], interview_id=interview.pk, assessment="x"
        )
    services.needs_assess(
        actor=actors["social.tirana"], interview_id=interview.pk, assessment="Strehim"
    )
    interview.refresh_from_db()
    assert interview.needs_assessment == "Strehim"


def test_decision_without_consensus_goes_to_the_ap(actors, ready):
    case = ready()
    decision = services.decision_record(
        actor=actors["police.tirana"],
        case_id=case.pk,
        outcome=None,
        consensus=False,
        decided_on=clock.today(),
        reasoning="Nuk ranë dakord",
    )
    case.refresh_from_db()
    assert case.identification_status == "potential_victim"
    assert Group.objects.get(case=case).state == GroupState.AT_AP
    assert decision.sent_to_ap_at is not None
    rules = _rules_of(case)
    assert rules.get("ap_disagreement_meeting") == "open"
    assert rules.get("no_consensus_file_to_ap") == "met"


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"outcome": "hero"}, "outcome"),
        ({"outcome": None}, "outcome"),
        ({"decided_on": None}, "decided_on"),
        ({"reasoning": "  "}, "reasoning"),
        ({"notified_on": "past"}, "notified_on"),
        ({"notified_on": "future"}, "notified_on"),
        ({"decided_on": "future"}, "decided_on"),
    ],
)
def test_bad_decision_saves_nothing(actors, ready, changes, field):
    case = ready()
    data = {
        "outcome": "victim",
        "consensus": True,
        "decided_on": clock.today(),
        "reasoning": "Arsyetimi",
    }
    for key, value in changes.items():
        if value == "future":
            value = clock.today() + timedelta(days=2)
        elif value == "past":
            value = clock.today() - timedelta(days=30)
        data[key] = value
    version = case.version
    with pytest.raises(ValidationFailed) as exc:
        services.decision_record(actor=actors["police.tirana"], case_id=case.pk, **data)
    assert field in exc.value.fields
    case.refresh_from_db()
    assert case.version == version and case.identification_status == "potential_victim"
    assert not GroupDecision.objects.filter(case=case).exists()


def test_non_member_may_not_decide(actors, ready, make_case):
    case = ready()
    # The owner's colleague is not a member: only who took the seat is.
    with pytest.raises(NotFound):
        services.decision_record(
            actor=actors["shelter.tirana"],
            case_id=case.pk,
            outcome="victim",
            consensus=True,
            decided_on=clock.today(),
            reasoning="R",
        )
    with pytest.raises(Forbidden):
        services.decision_record(
            actor=actors["ap.secretariat"],
            case_id=case.pk,
            outcome="victim",
            consensus=True,
            decided_on=clock.today(),
            reasoning="R",
        )
    assert not GroupDecision.objects.filter(case=case).exists()


def test_decision_needs_a_case_with_the_group(actors, make_case):
    from nrm.screening.services import screening_submit

    case = make_case()
    screening_submit(
        actor=actors["police.tirana"],
        case_id=case.pk,
        catalogue="AL-2025",
        indicators=["GEN-01", "GEN-02", "GEN-03"],
    )
    with pytest.raises(Forbidden):
        services.decision_record(
            actor=actors["police.tirana"],
            case_id=case.pk,
            outcome="victim",
            consensus=True,
            decided_on=clock.today(),
            reasoning="R",
        )


def test_self_referral_opens_formal_identification(actors, screened):
    case = screened(3)
    group = services.identification_open(actor=actors["police.tirana"], case_id=case.pk)
    case.refresh_from_db()
    assert case.stage == "formal_identification"
    assert group.opened_via == "self_referral"
    seats = {s.institution.code: s.user_id for s in group.seats.all()}
    assert seats["police-slktp-tirana"] == actors["police.tirana"].user.pk
    assert "shssh-tirana" in seats
    # The other institution of the group gained access through a grant; the shelter did not.
    from nrm.registry.selectors import case_get

    case_get(actor=actors["social.tirana"], id=case.pk)
    with pytest.raises(NotFound):
        case_get(actor=actors["shelter.tirana"], id=case.pk)
    with pytest.raises(ValidationFailed):
        services.identification_open(actor=actors["police.tirana"], case_id=case.pk)


def test_queue_puts_what_is_due_first(actors, a5_case):
    from nrm.deadlines.models import Deadline
    from nrm.identification import selectors

    first, second = a5_case(), a5_case(child=True)
    # The later case's clock is made the more urgent one.
    Deadline.objects.filter(case=second, status="open").update(
        due_at=clock.now() - timedelta(days=2)
    )
    rows = selectors.queue(actor=actors["police.tirana"])
    assert [r.case.pk for r in rows][:2] == [second.pk, first.pk]
    dues = [r.due_at for r in rows if r.due_at is not None]
    assert dues == sorted(dues)
    # The child protection unit sees only the child's request, the shelter nothing.
    assert [r.case.pk for r in selectors.queue(actor=actors["pmf.tirana"])] == [second.pk]
    assert selectors.queue(actor=actors["shelter.tirana"]) == []
