"""Fixtures of the reintegration: a case whose monitoring started with the AP's decision on
its reintegration plan (the event `reintegration_plan_decided`, emitted by nrm.plans), and the
providers of the services."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from nrm.core import clock

TIRANE = ZoneInfo("Europe/Tirane")
GEN = [f"GEN-{i:02d}" for i in range(1, 4)]
DECIDED_ON = date(2026, 1, 15)


def at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=TIRANE)


def criteria(met: bool = False, **overrides) -> dict:
    out = {"employment": met, "housing": met, "health": met}
    out.update(overrides)
    return out


@pytest.fixture(autouse=True)
def plans_produce_the_decision(monkeypatch):
    """nrm.plans emits `reintegration_plan_decided` (the AP's decision on the D1); until its
    services are merged here, its declaration is stood in for, so that the monitoring rules
    are active."""
    from nrm.deadlines import producers

    real = producers.produced_events

    def produced(profile):
        found = dict(real(profile))
        found.setdefault("reintegration_plan_decided", ["nrm.plans"])
        return found

    monkeypatch.setattr(producers, "produced_events", produced)


@pytest.fixture
def monitored(actors, make_case):
    """monitored(decided_on=..., **person) → a screened victim's case whose reintegration
    plan the AP decided on `decided_on` (monitoring starts)."""
    from nrm.registry import services as registry
    from nrm.screening.services import screening_submit

    def make(decided_on: date = DECIDED_ON, **person):
        with clock.override(at(decided_on, 9)):
            case = make_case("police.tirana", **person)
            screening_submit(
                actor=actors["police.tirana"], case_id=case.pk, catalogue="AL-2025", indicators=GEN
            )
            case.refresh_from_db()
            case = registry.case_status_decide(
                actor=actors["ap.secretariat"],
                case_id=case.pk,
                to="victim",
                decision=registry.DecisionRef(
                    kind="ap_decision", reference="B3-1", reason="Vendimi i grupit"
                ),
                expected_version=case.version,
            )
            plan_decided(actors["ap.secretariat"], case, at(decided_on, 11))
        case.refresh_from_db()
        return case

    return make


def plan_decided(actor, case, moment):
    """The AP's decision on the D1 (nrm.plans' producer of `reintegration_plan_decided`)."""
    from nrm.registry import services as registry

    with clock.override(moment):
        registry.case_event(actor=actor, case=case, event="reintegration_plan_decided", at=moment)


@pytest.fixture
def providers(reference):
    from nrm.reintegration.demo import providers_ensure

    return providers_ensure()


def report(period, day=None, met=False, **kw):
    from nrm.reintegration.services import ReportIn

    return ReportIn(
        period=period, reported_on=day, criteria=kw.pop("criteria", criteria(met)), **kw
    )


# The browser fixtures of tests/browser (Debian's Chromium through Playwright), reused.
from tests.browser.conftest import browser, login, new_page  # noqa: E402, F401


@pytest.fixture(autouse=True)
def _english():
    """The tests read the English messages (Albanian is the default)."""
    from django.utils import translation

    with translation.override("en"):
        yield
