"""The shared flows, walked on every profile: each fixture takes its people from the
`world` (the cast of the profile's demo) and its codes from the profile, so that the same
test runs on Albania's SOP 2025 and Kosovo's SOP 2013 (tests/worlds.py)."""

from datetime import timedelta

import pytest

from nrm.core import clock


def child_person(world) -> dict:
    return {
        "date_of_birth": clock.today() - timedelta(days=365 * (world.profile.age_of_majority - 3))
    }


def adult_person() -> dict:
    return {"date_of_birth": clock.today() - timedelta(days=365 * 30)}


def _person(case):
    from nrm.registry.services import profile_of
    from nrm.screening import selectors as screening

    return screening.person_of(case, profile_of(case))


def initial_interview_roles(case) -> list[str]:
    """The roles the profile makes mandatory at this person's initial interview."""
    from nrm.registry.services import profile_of
    from nrm.screening import rules

    person = _person(case)
    return [
        r.code
        for r in rules.stage_rules(profile_of(case)).interview_roles
        if any(person.matches(a) for a in r.mandatory_for)
    ]


def a2_giver(world, case) -> str:
    """Who signs the A2 for this person: the first giver of the profile's consent rules for
    an adult or a child who may give the A2's purpose and acts for no one else."""
    consent = world.profile.consent
    wanted = "child" if case.is_child else "adult"
    for giver in consent.givers:
        if giver.applies_to not in (wanted, "all") or giver.instead_of:
            continue
        if not giver.purposes or consent.a2_purpose in giver.purposes:
            return giver.code
    raise LookupError(f"{world.code}: no A2 giver for a {wanted}")


def group_parts(world, child: bool) -> list[str]:
    """The cast parts that sit in the formal identification group of a child or an adult:
    the institution types the profile names, each by the first part whose institution is of
    that type."""
    group = world.profile.initial_identification.formal_identification_group
    types = group.child if child else group.adult
    parts = ["police", "child_protection" if child else "social_services", *world.demo.cast]
    found = []
    for kind in types:
        part = next(p for p in parts if world.institution(p).type == kind)
        if part not in found:
            found.append(part)
    return found


@pytest.fixture
def screened(world):
    """screened(n=threshold, part="police", **person) → a case screened with n indicators."""
    from nrm.screening.services import screening_submit

    def make(n: int | None = None, part: str = "police", **person):
        case = world.make_case(part, **person)
        screening_submit(
            actor=world.actor(part),
            case_id=case.pk,
            catalogue=world.catalogue.code,
            indicators=world.indicators(n),
        )
        case.refresh_from_db()
        return case

    return make


@pytest.fixture
def interviewed(world):
    """interviewed(case) → its initial interview held with every mandatory participant."""
    from nrm.screening import services

    def make(case, part: str = "police"):
        actor = world.actor(part)
        stage = world.profile.initial_identification
        interview = services.interview_plan(
            actor=actor,
            case_id=case.pk,
            scheduled_at=clock.now() - timedelta(hours=2),
            place="Drejtoria e Policisë",
            conditions=[c.code for c in stage.interview_conditions[:2]],
            repeat_reason="Second interview: new facts" if case.is_child else "",
        )
        for role in initial_interview_roles(case):
            services.participant_add(
                actor=actor,
                interview_id=interview.pk,
                role=role,
                name=f"Participant {role}",
                declaration_signed_on=clock.today(),
            )
        return services.interview_hold(actor=actor, interview_id=interview.pk, subject="S")

    return make


@pytest.fixture
def consented(world):
    """consented(case, given=True) → its A2, signed by whom the profile says."""
    from nrm.screening.services import a2_record

    def make(case, part: str = "police", given: bool = True):
        child_view = "agrees" if case.is_child and world.profile.consent.a2_child_view else ""
        return a2_record(
            actor=world.actor(part),
            case_id=case.pk,
            given=given,
            given_by=a2_giver(world, case),
            signed_on=clock.today(),
            child_view=child_view,
        )

    return make


@pytest.fixture
def a5_case(world, screened, interviewed, consented):
    """a5_case(child=False) → a case of the police part after its A5."""
    from nrm.screening.services import formal_identification_request

    def make(child: bool = False, **person):
        person = {**(child_person(world) if child else adult_person()), **person}
        case = screened(**person)
        interviewed(case)
        consented(case)
        formal_identification_request(actor=world.actor("police"), case_id=case.pk)
        case.refresh_from_db()
        return case

    return make


@pytest.fixture
def formed(world, a5_case):
    """formed(child=False) → a case whose group has every member's seat taken."""
    from nrm.identification import services

    def make(child: bool = False, **person):
        case = a5_case(child=child, **person)
        for part in group_parts(world, child):
            services.seat_take(actor=world.actor(part), case_id=case.pk)
        case.refresh_from_db()
        return case

    return make


@pytest.fixture
def ready(world, formed):
    """ready(child=False) → a case with its formal interview held (started and ended)."""
    from nrm.identification import services
    from tests.identification.conftest import all_conditions, all_rights, mandatory_roles

    def make(child: bool = False, **person):
        case = formed(child=child, **person)
        police = world.actor("police")
        interview = services.interview_plan(
            actor=police, case_id=case.pk, scheduled_at=clock.now(), place="Drejtoria"
        )
        for role in mandatory_roles(case):
            services.participant_add(
                actor=police,
                interview_id=interview.pk,
                role=role,
                name=f"P {role}",
                declaration_signed_on=clock.today(),
            )
        start = clock.now() - timedelta(minutes=50)
        services.interview_start(
            actor=police,
            interview_id=interview.pk,
            conditions=all_conditions(case),
            rights=all_rights(case),
            started_at=start,
        )
        services.interview_end(
            actor=police, interview_id=interview.pk, ended_at=start + timedelta(minutes=45)
        )
        case.refresh_from_db()
        return case

    return make
