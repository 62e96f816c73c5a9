"""Fixtures of formal identification: cases walked through stage A (screening, interview, A2,
A5) and then through the group, with the real services."""

from datetime import date, timedelta

import pytest

from nrm.core import clock
from tests.screening.conftest import consented, interviewed, profile, screened  # noqa: F401

PARTNER = {True: "pmf.tirana", False: "social.tirana"}


def child_person() -> dict:
    return {"date_of_birth": clock.today() - timedelta(days=365 * 15)}


@pytest.fixture
def a5_case(actors, screened, interviewed, consented):  # noqa: F811
    """a5_case(child=False, **person) → a Tirana case after its A5 (formal identification)."""
    from nrm.screening.services import formal_identification_request

    def make(child: bool = False, **person):
        if child:
            person = {**child_person(), **person}
        case = screened(3, **person)
        interviewed(case)
        consented(case)
        formal_identification_request(actor=actors["police.tirana"], case_id=case.pk)
        case.refresh_from_db()
        return case

    return make


@pytest.fixture
def formed(actors, a5_case):
    """formed(child=False) → a case whose group is formed (police + PMF or social worker)."""
    from nrm.identification import services

    def make(child: bool = False, **person):
        case = a5_case(child=child, **person)
        services.seat_take(actor=actors["police.tirana"], case_id=case.pk)
        services.seat_take(actor=actors[PARTNER[child]], case_id=case.pk)
        case.refresh_from_db()
        return case

    return make


def mandatory_roles(case) -> list[str]:
    from nrm.identification import rules
    from nrm.registry.services import profile_of
    from nrm.screening import selectors as screening

    found = profile_of(case)
    person = screening.person_of(case, found)
    return [
        r.code
        for r in rules.stage_rules(found).participant_roles
        if any(person.matches(a) for a in r.mandatory_for)
    ]


def all_conditions(case) -> list[str]:
    from nrm.identification import rules
    from nrm.registry.services import profile_of

    return [c.code for c in rules.stage_rules(profile_of(case)).conditions]


def all_rights(case) -> list[str]:
    from nrm.identification import rules
    from nrm.registry.services import profile_of

    return [r.code for r in rules.stage_rules(profile_of(case)).rights]


@pytest.fixture
def planned(actors):
    """planned(case) → a formal interview planned with every mandatory participant (A1 signed)."""
    from nrm.identification import services

    def make(case, username="police.tirana"):
        actor = actors[username]
        interview = services.interview_plan(
            actor=actor,
            case_id=case.pk,
            scheduled_at=clock.now(),
            place="Drejtoria e Policisë, Tiranë",
        )
        for role in mandatory_roles(case):
            services.participant_add(
                actor=actor,
                interview_id=interview.pk,
                role=role,
                name=f"P {role}",
                declaration_signed_on=clock.today(),
            )
        return interview

    return make


@pytest.fixture
def ready(actors, formed, planned):
    """ready(child=False) → a case with its formal interview held (started and ended)."""
    from nrm.identification import services

    def make(child: bool = False, **person):
        case = formed(child=child, **person)
        interview = planned(case)
        start = clock.now() - timedelta(minutes=50)
        services.interview_start(
            actor=actors["police.tirana"],
            interview_id=interview.pk,
            conditions=all_conditions(case),
            rights=all_rights(case),
            started_at=start,
        )
        services.interview_end(
            actor=actors["police.tirana"],
            interview_id=interview.pk,
            ended_at=start + timedelta(minutes=45),
        )
        case.refresh_from_db()
        return case

    return make


def today() -> date:
    return clock.today()


# The browser fixtures of tests/browser (Debian's Chromium through Playwright), reused.
from tests.browser.conftest import browser, login, new_page  # noqa: E402, F401
