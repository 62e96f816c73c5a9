"""Fixtures of initial identification: cases made through the real services."""

from datetime import timedelta

import pytest

from nrm.core import clock


@pytest.fixture
def profile():
    from django.conf import settings

    from nrm.jurisdictions import get_profile

    return get_profile(settings.NRM_JURISDICTION)


GEN = [f"GEN-{i:02d}" for i in range(1, 41)]


@pytest.fixture
def screened(actors, make_case):
    """screened(n=3, username=..., **person) → a case screened with n general indicators."""
    from nrm.screening.services import screening_submit

    def make(n: int = 3, username: str = "police.tirana", **person):
        case = make_case(username, **person)
        screening_submit(
            actor=actors[username], case_id=case.pk, catalogue="AL-2025", indicators=GEN[:n]
        )
        case.refresh_from_db()
        return case

    return make


@pytest.fixture
def interviewed(actors):
    """interviewed(case) → the case's initial interview, held, with every mandatory
    participant present and every A1 signed."""
    from nrm.screening import services

    def make(case, username: str = "police.tirana", extra_roles=()):
        actor = actors[username]
        interview = services.interview_plan(
            actor=actor,
            case_id=case.pk,
            scheduled_at=clock.now() - timedelta(hours=2),
            place="Drejtoria e Policisë, Tiranë",
            conditions=["safe_environment", "door_closed"],
            repeat_reason="Second interview: new facts" if case.is_child else "",
        )
        roles = ["interviewer"]
        if case.is_child:
            roles.append("psychologist")
        speaks = set(case.person.languages or [])
        if (case.person.citizenship and case.person.citizenship != "AL") or (
            speaks and "sq" not in speaks
        ):
            roles.append("interpreter")
        for role in [*roles, *extra_roles]:
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
def consented(actors):
    from nrm.screening.services import a2_record

    def make(case, username: str = "police.tirana", given: bool = True):
        return a2_record(
            actor=actors[username],
            case_id=case.pk,
            given=given,
            given_by="parent" if case.is_child else "person",
            signed_on=clock.today(),
            child_view="agrees" if case.is_child else "",
        )

    return make


# The browser fixtures of tests/browser (Debian's Chromium through Playwright), reused.
from tests.browser.conftest import browser, login, new_page  # noqa: E402, F401
