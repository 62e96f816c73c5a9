"""Fixtures of the plans: an adult case of the State Social Service (its social worker is
the case manager), a child's case of the PMF, the shelter given access, the KRAT of Tirana
with a focal point, all through the real services."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from nrm.core import clock

TIRANE = ZoneInfo("Europe/Tirane")
DAY = date(2026, 11, 2)  # a Monday


def at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=TIRANE)


@pytest.fixture
def now():
    with clock.override(at(DAY)):
        yield at(DAY)


@pytest.fixture
def adult_case(actors, make_case, now):
    """An adult's case owned by the State Social Service of Tirana, the shelter with access."""
    from nrm.accounts.models import Institution
    from nrm.registry.services import case_assign

    case = make_case("social.tirana", given_name="Drita", estimated_age=30)
    case_assign(
        actor=actors["social.tirana"],
        case_id=case.pk,
        institution=Institution.objects.get(code="shelter-tirana"),
        reason="Pranimi në strehëz",
    )
    return case


@pytest.fixture
def child_case(actors, make_case, now):
    """A child's case owned by the PMF of Tirana (child protection unit)."""
    return make_case("pmf.tirana", given_name="Ema", estimated_age=14)


@pytest.fixture
def monitoring_stage():
    """The monthly monitoring (D2) that `reint` builds, played here: its events have a
    producer, so the rules the AP's approval opens are active."""
    from nrm.core.doors import doors_open_for_test
    from nrm.jurisdictions.doors import event_producers

    code = "tests.plans.monitoring"
    with doors_open_for_test():
        event_producers.add(
            lambda profile: ["reintegration_report_submitted", "reintegration_completed"],
            code=code,
            app="tests",
        )
    try:
        yield
    finally:
        event_producers.remove(code)


@pytest.fixture
def krat(reference):
    """The regional anti-trafficking committee of Tirana and its focal point."""
    from nrm.accounts.models import User
    from nrm.accounts.policy import system_actor
    from nrm.accounts.services import institution_save, membership_create, user_create

    system = system_actor()
    institution = institution_save(
        actor=system,
        code="krat-tirana",
        name="Komiteti Rajonal Antitrafikim, Tiranë",
        type="regional_committee",
        county="tirana",
    )
    user = User.objects.filter(username="apap.krat.tirana").first() or user_create(
        actor=system, username="apap.krat.tirana", password="demo", is_demo=True
    )
    if not user.memberships.exists():
        membership_create(actor=system, user=user, institution=institution, role="focal_point")
    return institution, user


@pytest.fixture
def institution(reference):
    from nrm.accounts.models import Institution

    return lambda code: Institution.objects.get(code=code)


def finding(domain, need=True, level="high", notes="Shënim"):
    from nrm.plans.services import FindingIn

    return FindingIn(domain=domain, need_found=need, level=level if need else "", notes=notes)


# The browser fixtures of tests/browser (Debian's Chromium through Playwright), reused.
from tests.browser.conftest import browser, login, new_page  # noqa: E402, F401
