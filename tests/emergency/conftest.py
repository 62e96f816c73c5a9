"""Fixtures of the emergency app: a child in the care of the Tirana child protection unit
(the PMF sees it), a foreign adult assisted by the Tirana shelter, a foreign child, and the
child-rights agency's focal point — all through the real services."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

TIRANE = ZoneInfo("Europe/Tirane")
DAY = date(2026, 3, 10)  # a Tuesday


def at(day: date = DAY, hour: int = 10, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=TIRANE)


@pytest.fixture(autouse=True)
def _english():
    """Messages asserted in English (the msgids); Albanian is the default."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def child(make_case):
    """A child whose case the Tirana child protection unit (the PMF) opened."""
    from nrm.core import clock

    with clock.override(at(hour=9)):
        return make_case("pmf.tirana", given_name="Ana", date_of_birth=date(2012, 5, 1))


@pytest.fixture
def adult(make_case):
    from nrm.core import clock

    with clock.override(at(hour=9)):
        return make_case("pmf.tirana", given_name="Besa", date_of_birth=date(1995, 5, 1))


@pytest.fixture
def foreign_adult(make_case):
    from nrm.core import clock

    with clock.override(at(hour=9)):
        return make_case(
            "shelter.tirana", given_name="Olena", date_of_birth=date(1998, 2, 1), citizenship="UA"
        )


@pytest.fixture
def foreign_child(make_case):
    from nrm.core import clock

    with clock.override(at(hour=9)):
        return make_case(
            "pmf.tirana", given_name="Ivan", date_of_birth=date(2011, 2, 1), citizenship="UA"
        )


@pytest.fixture
def agency(reference):
    """The child-rights agency (ASHDMF) and its focal point, as the demo makes them."""
    from nrm.accounts.models import User
    from nrm.accounts.policy import actor_for
    from nrm.core import clock
    from nrm.emergency.demo import agency_ensure
    from nrm.jurisdictions import get_profile

    with clock.override(at(date(2026, 1, 5))):
        agency_ensure(get_profile("AL").emergency)
    return actor_for(User.objects.get(username="apap.ashdmf"))


@pytest.fixture
def placed_producer(monkeypatch):
    """The shelters' admission produces `foreign_national_placed` (another branch of issue
    12): stand in for it so the rules it opens are active here."""
    from nrm.deadlines import producers

    real = producers.produced_events

    def with_shelters(profile):
        found = dict(real(profile))
        found.setdefault("foreign_national_placed", ["nrm.shelters"])
        return found

    monkeypatch.setattr(producers, "produced_events", with_shelters)


# The browser fixtures of tests/browser (Debian's Chromium through Playwright), reused.
from tests.browser.conftest import browser, login, new_page  # noqa: E402, F401
