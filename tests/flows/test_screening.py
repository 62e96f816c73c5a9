"""Initial identification on every profile: the screening against the profile's catalogue
and threshold, the initial interview with the participants the profile makes mandatory."""

from datetime import timedelta

import pytest

from nrm.audit.models import AuditEvent
from nrm.core import clock
from nrm.core.errors import NotFound, ValidationFailed
from nrm.registry.models import Case, CaseStatusChange
from nrm.screening import services
from nrm.screening.models import Screening
from nrm.screening.rules import POTENTIAL_VICTIM

from .conftest import adult_person, child_person, initial_interview_roles

pytestmark = pytest.mark.django_db


def _counts():
    return (Screening.objects.count(), CaseStatusChange.objects.count(), AuditEvent.objects.count())


def test_reaching_the_threshold_makes_a_potential_victim(world):
    case = world.make_case()
    screening = services.screening_submit(
        actor=world.actor("police"),
        case_id=case.pk,
        catalogue=world.catalogue.code,
        indicators=world.indicators(),
        notes="Met at the bus station",
    )
    case.refresh_from_db()
    assert case.identification_status == POTENTIAL_VICTIM
    assert (screening.count, screening.threshold) == (world.threshold, world.threshold)
    assert screening.status_before == world.initial_status
    change = case.status_changes.get(field="identification_status", to_value=POTENTIAL_VICTIM)
    assert change.decision_reference == f"screening-{screening.pk}"
    event = AuditEvent.objects.get(code="screening.submitted", case_id=case.pk)
    assert event.data["count"] == world.threshold and "notes" not in event.data


def test_below_the_threshold_the_status_stays_as_it_was(world):
    case = world.make_case()
    screening = services.screening_submit(
        actor=world.actor("police"),
        case_id=case.pk,
        catalogue=world.catalogue.code,
        indicators=world.indicators(world.threshold - 1),
    )
    case.refresh_from_db()
    assert case.identification_status == world.initial_status == screening.decision


def test_an_override_up_needs_a_justification_and_is_kept(world):
    case = world.make_case()
    police = world.actor("police")
    with pytest.raises(ValidationFailed) as caught:
        services.screening_submit(
            actor=police,
            case_id=case.pk,
            catalogue=world.catalogue.code,
            indicators=world.indicators(1),
            override=POTENTIAL_VICTIM,
        )
    assert "justification" in caught.value.fields
    screening = services.screening_submit(
        actor=police,
        case_id=case.pk,
        catalogue=world.catalogue.code,
        indicators=world.indicators(1),
        override=POTENTIAL_VICTIM,
        justification="Threatened with violence against her family; documents taken.",
    )
    case.refresh_from_db()
    assert case.identification_status == POTENTIAL_VICTIM and screening.overridden


@pytest.mark.parametrize("bad", ["catalogue", "indicators"])
def test_an_unknown_catalogue_or_indicator_is_refused_and_nothing_is_saved(world, bad):
    case = world.make_case()
    kwargs = {"catalogue": world.catalogue.code, "indicators": world.indicators()}
    kwargs[bad] = "ZZ-1999" if bad == "catalogue" else [*world.indicators(1), "ZZZ-99"]
    before = _counts()
    with pytest.raises(ValidationFailed) as caught:
        services.screening_submit(actor=world.actor("police"), case_id=case.pk, **kwargs)
    assert bad in caught.value.fields
    assert _counts() == before
    assert Case.objects.get(pk=case.pk).identification_status == world.initial_status


def test_a_case_of_another_institution_is_not_found(world):
    case = world.make_case("police")
    with pytest.raises(NotFound):
        services.screening_submit(
            actor=world.actor("police_elsewhere"),
            case_id=case.pk,
            catalogue=world.catalogue.code,
            indicators=world.indicators(),
        )


def _plan(world, case):
    return services.interview_plan(
        actor=world.actor("police"),
        case_id=case.pk,
        scheduled_at=clock.now() - timedelta(hours=1),
        place="Zyra",
        conditions=[c.code for c in world.profile.initial_identification.interview_conditions[:1]],
    )


def test_an_interview_is_held_only_with_every_mandatory_participant(world):
    case = world.make_case(**child_person(world))
    roles = initial_interview_roles(case)
    assert len(roles) >= 2  # a child's interview needs more than the interviewer
    interview = _plan(world, case)
    police = world.actor("police")
    services.participant_add(
        actor=police,
        interview_id=interview.pk,
        role=roles[0],
        name="Intervistuesi",
        declaration_signed_on=clock.today(),
    )
    with pytest.raises(ValidationFailed):
        services.interview_hold(actor=police, interview_id=interview.pk, subject="S")
    for role in roles[1:]:
        services.participant_add(
            actor=police,
            interview_id=interview.pk,
            role=role,
            name=f"P {role}",
            declaration_signed_on=clock.today(),
        )
    held = services.interview_hold(actor=police, interview_id=interview.pk, subject="S")
    assert held.held_at is not None


def test_a_person_who_speaks_no_official_language_needs_the_interpreter(world):
    official = set(world.profile.official_languages)
    language = next(code for code in ("de", "fr", "it", "tr") if code not in official)
    speaks = world.make_case(**adult_person(), languages=[language])
    local = world.make_case(**adult_person(), languages=sorted(official)[:1])
    assert len(initial_interview_roles(speaks)) == len(initial_interview_roles(local)) + 1


def test_another_institution_cannot_reach_the_interview(world):
    case = world.make_case()
    interview = _plan(world, case)
    with pytest.raises(NotFound):
        services.participant_add(
            actor=world.actor("police_elsewhere"),
            interview_id=interview.pk,
            role=initial_interview_roles(case)[0],
            name="X",
        )
