"""The request for formal identification (A5) and the status decisions on every profile:
the A5 goes to the group the profile names, the group forms from the institutions that take
up the case, the group's consensus decides the status, and on disagreement the coordinating
body's secretariat convenes the meeting whose decision binds (the lawful chain, never a
generic form)."""

from datetime import timedelta

import pytest

from nrm.core import clock
from nrm.core.errors import Forbidden, NotFound, ValidationFailed
from nrm.identification import services
from nrm.identification.models import Group, GroupDecision, GroupState, Seat
from nrm.identification.rules import OUTCOMES
from nrm.meetings import services as meetings
from nrm.meetings.models import Attendee
from nrm.registry.models import CaseGrant
from nrm.registry.selectors import case_get
from nrm.registry.services import case_status_decide
from nrm.screening import selectors as screening
from nrm.screening.models import FormalIdentificationRequest
from nrm.screening.services import formal_identification_request

from .conftest import adult_person, group_parts

pytestmark = pytest.mark.django_db

VICTIM, POTENTIAL_VICTIM, NOT_RECOGNISED = OUTCOMES


def _group_types(world, child: bool) -> set[str]:
    group = world.profile.initial_identification.formal_identification_group
    return set(group.child if child else group.adult)


@pytest.mark.parametrize("child", [False, True], ids=["adult", "child"])
def test_the_a5_goes_to_the_profiles_group_of_the_county(world, a5_case, child):
    case = a5_case(child=child)
    request = FormalIdentificationRequest.objects.get(case=case)
    recipients = [r.institution for r in request.recipients.all()]
    assert {i.type for i in recipients} == _group_types(world, child)
    assert {i.county for i in recipients} == {world.county}
    assert case.stage == world.profile.stages[1].code  # formal identification
    partners = [p for p in group_parts(world, child) if p != "police"]
    for part in partners:
        assert case_get(actor=world.actor(part), id=case.pk) == case
        queue = screening.formal_identification_queue(actor=world.actor(part))
        assert [r.pk for r in queue] == [request.pk]
    granted = CaseGrant.objects.filter(case=case, status="accepted")
    assert {g.institution.type for g in granted} <= _group_types(world, child)


def test_the_a5_needs_the_held_interview_and_the_a2(world, screened, interviewed, consented):
    police = world.actor("police")
    case = screened(**adult_person())
    with pytest.raises(ValidationFailed):
        formal_identification_request(actor=police, case_id=case.pk)
    interviewed(case)
    with pytest.raises(ValidationFailed):
        formal_identification_request(actor=police, case_id=case.pk)
    consented(case)
    formal_identification_request(actor=police, case_id=case.pk)
    with pytest.raises(ValidationFailed):  # sent once
        formal_identification_request(actor=police, case_id=case.pk)
    assert FormalIdentificationRequest.objects.filter(case=case).count() == 1


def test_the_group_forms_when_every_institution_takes_up_the_case(world, a5_case):
    case = a5_case()
    parts = group_parts(world, child=False)
    for part in parts:
        formed = Group.objects.filter(case=case, formed_at__isnull=False).exists()
        assert not formed, f"formed before {part} took its seat"
        services.seat_take(actor=world.actor(part), case_id=case.pk)
    group = Group.objects.get(case=case)
    assert group.formed_at is not None
    assert {s.institution.type for s in group.seats.all()} == _group_types(world, False)


def test_an_institution_outside_the_group_cannot_take_a_seat(world, a5_case):
    case = a5_case()
    with pytest.raises((NotFound, Forbidden)):
        services.seat_take(actor=world.actor("police_elsewhere"), case_id=case.pk)
    with pytest.raises((NotFound, Forbidden)):
        services.seat_take(actor=world.actor("shelter"), case_id=case.pk)
    assert not Seat.objects.filter(group__case=case, user__isnull=False).exists()


def _decide(world, case, **kw):
    kw.setdefault("outcome", VICTIM)
    kw.setdefault("consensus", True)
    return services.decision_record(
        actor=world.actor("police"),
        case_id=case.pk,
        decided_on=clock.today(),
        reasoning="Faktet tregojnë shfrytëzim",
        **kw,
    )


def test_the_groups_consensus_decides_the_status_through_the_chain(world, ready):
    from nrm.registry.selectors import procedure_open_of

    case = ready()
    decision = _decide(world, case)
    case.refresh_from_db()
    assert case.identification_status == VICTIM == decision.status_after
    assert Group.objects.get(case=case).state == GroupState.DECIDED
    procedure = procedure_open_of(case, "identification")
    assert procedure is None or world.procedure("identification").state(procedure.state).final
    history = case.status_changes.filter(field="identification_status").order_by("-id").first()
    assert history.reason_code == "group_decision"
    assert history.decision_reference == decision.reference


def test_who_is_not_in_the_group_may_not_decide(world, ready):
    case = ready()
    for part in ("shelter", "police_elsewhere", "secretariat"):
        with pytest.raises((NotFound, Forbidden)):
            services.decision_record(
                actor=world.actor(part),
                case_id=case.pk,
                outcome=VICTIM,
                consensus=True,
                decided_on=clock.today(),
                reasoning="R",
            )
    assert not GroupDecision.objects.filter(case=case).exists()
    case.refresh_from_db()
    assert case.identification_status == POTENTIAL_VICTIM


def test_the_status_is_not_changed_outside_the_decision_paths(world, ready):
    """The owner's focal point sees the case but sits in no decision path: no kind of
    decision is theirs to record."""
    from nrm.registry.services import DecisionRef

    case = ready()
    for authority in world.profile.status_authorities:
        with pytest.raises((Forbidden, ValidationFailed)):
            case_status_decide(
                actor=world.actor("police_focal_point"),
                case_id=case.pk,
                to=VICTIM,
                decision=DecisionRef(kind=authority.code, reference="X-1", reason="A form"),
                expected_version=case.version,
            )
    case.refresh_from_db()
    assert case.identification_status == POTENTIAL_VICTIM


@pytest.fixture
def at_ap(world, ready):
    case = ready()
    _decide(world, case, outcome=None, consensus=False)
    return case


def test_without_consensus_the_coordinating_body_decides_and_the_status_follows(world, at_ap):
    case = at_ap
    secretariat = world.actor("secretariat")
    meeting = services.ap_meeting_convene(
        actor=secretariat,
        case_id=case.pk,
        scheduled_for=clock.now() + timedelta(hours=20),
        place="Ministria",
    )
    attendees = list(Attendee.objects.filter(meeting=meeting).select_related("user"))
    usernames = {a.user.username for a in attendees}
    assert {world.username(p) for p in group_parts(world, False)} <= usernames
    assert world.username("secretariat") in usernames
    voters = [a.pk for a in attendees if a.votes]
    meetings.meeting_attendance_record(
        actor=secretariat,
        meeting_id=meeting.pk,
        present=[a.pk for a in attendees],
        held_at=clock.now(),
    )
    meetings.meeting_decide(
        actor=secretariat,
        meeting_id=meeting.pk,
        outcome=VICTIM,
        text="Faktet tregojnë shfrytëzim",
        votes_for=len(voters),
        votes_against=0,
        abstentions=0,
    )
    case.refresh_from_db()
    assert case.identification_status == VICTIM
    assert Group.objects.get(case=case).state == GroupState.DECIDED
    history = case.status_changes.filter(field="identification_status").order_by("-id").first()
    assert history.reason_code == "ap_decision"


def test_only_the_secretariat_convenes_and_only_a_file_at_it(world, at_ap, ready):
    with pytest.raises(Forbidden):
        services.ap_meeting_convene(
            actor=world.actor("police"), case_id=at_ap.pk, scheduled_for=clock.now()
        )
    with pytest.raises(ValidationFailed):
        services.ap_meeting_convene(
            actor=world.actor("secretariat"), case_id=ready().pk, scheduled_for=clock.now()
        )
