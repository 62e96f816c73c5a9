"""Fixtures of the consent registry: records made through the real services."""

from datetime import timedelta

import pytest

from nrm.core import clock

# The screening fixtures (a screened case, a held interview, the A2 consent), reused.
from tests.screening.conftest import consented, interviewed, screened  # noqa: F401


@pytest.fixture
def profile():
    from django.conf import settings

    from nrm.jurisdictions import get_profile

    return get_profile(settings.NRM_JURISDICTION)


@pytest.fixture
def record(actors):
    """record(case, purpose=..., given=..., given_by=..., username=..., **more) → a record."""
    from nrm.consent.services import consent_record

    def make(case, purpose="services", given=True, given_by=None, username="police.tirana", **more):
        more.setdefault("signed_on", clock.today())
        return consent_record(
            actor=actors[username],
            case_id=case.pk,
            purpose=purpose,
            given=given,
            given_by=given_by or ("parent" if case.is_child else "person"),
            **more,
        )

    return make


@pytest.fixture
def suspected_interview(actors):
    """suspected_interview(case) → an initial interview planned with the parent or guardian
    marked as suspected of involvement (screening's flag)."""
    from nrm.screening.services import interview_plan

    def make(case, username="police.tirana"):
        return interview_plan(
            actor=actors[username],
            case_id=case.pk,
            scheduled_at=clock.now() + timedelta(hours=2),
            place="Drejtoria e Policisë, Tiranë",
            parent_guardian_suspected=True,
        )

    return make
