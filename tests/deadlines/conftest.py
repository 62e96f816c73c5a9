"""Fixtures for the deadline engine: the Albanian calendar, a fixed clock, extra users, and
the stages to come (a producer for every event, so the engine's mechanism is tested on every
rule; a test that asks for `real_producers` sees only what the apps produce)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

TIRANE = ZoneInfo("Europe/Tirane")


STAGES_TO_COME = "tests.stages-to-come"


@pytest.fixture
def real_producers():
    """Asked for by a test that must see only the producers the apps declare."""
    return True


@pytest.fixture(autouse=True)
def stages_to_come(request):
    """Every event of the vocabulary has a producer: the stages not built yet, played by the
    tests through `event_emit` (docs/deadlines.md)."""
    if "real_producers" in request.fixturenames:
        yield
        return
    from nrm.core.doors import doors_open_for_test
    from nrm.jurisdictions.doors import event_producers

    with doors_open_for_test():
        event_producers.add(
            lambda profile: [e.code for e in profile.deadlines.events],
            code=STAGES_TO_COME,
            app="tests",
        )
    try:
        yield
    finally:
        event_producers.remove(STAGES_TO_COME)


@pytest.fixture
def profile():
    from nrm.jurisdictions import get_profile

    return get_profile("AL")


@pytest.fixture
def cal(profile):
    from nrm.deadlines.calendar import WorkingCalendar

    return WorkingCalendar.of(profile.calendar, immediate_grace=profile.deadlines.immediate_grace)


@pytest.fixture
def t0():
    """Tuesday 10 March 2026, 10:00 in Tirana: no holiday near, no clock change."""
    return datetime(2026, 3, 10, 10, 0, tzinfo=TIRANE)


@pytest.fixture
def at():
    """Runs a block as if it were that moment: `with at(moment): ...`."""
    from nrm.core import clock

    return clock.override


@pytest.fixture
def system():
    from nrm.accounts.policy import system_actor

    return system_actor()


@pytest.fixture
def extra_users(reference, system):
    """Users for the roles the demo does not have: the AP head, a commission member, the
    ASHDMF focal point, a shelter focal point. Made through the account services."""
    from nrm.accounts.services import institution_save, membership_create, user_create

    made = {}
    commission = institution_save(
        actor=system, code="commission", name="Komisioni", type="appeals_commission"
    )
    ashdmf = institution_save(
        actor=system, code="ashdmf", name="ASHDMF", type="child_rights_agency"
    )
    for username, institution, role in (
        ("ap.head", reference["ap-secretariat"], "ap_head"),
        ("commission.member", commission, "commission_member"),
        ("apap.ashdmf", ashdmf, "focal_point"),
        ("apap.shelter.tirana", reference["shelter-tirana"], "focal_point"),
    ):
        user = user_create(actor=system, username=username, password="x" * 16)
        membership_create(actor=system, user=user, institution=institution, role=role)
        made[username] = user
    return made


@pytest.fixture
def actor_of(reference):
    from nrm.accounts.models import User
    from nrm.accounts.policy import actor_for

    def get(username):
        return actor_for(User.objects.get(username=username))

    return get


@pytest.fixture
def case_at(make_case, at):
    """A case opened through the registry at a given moment."""

    def make(moment, username="police.tirana", **person):
        with at(moment):
            return make_case(username, **person)

    return make


@pytest.fixture
def scan(system, at):
    """Runs the deadline scan at a moment, as the worker would."""
    from nrm.deadlines.services import deadline_scan

    def run(moment):
        with at(moment):
            return deadline_scan(actor=system, now=moment)

    return run


def deadlines_of(case, rule=None):
    from nrm.deadlines.models import Deadline

    qs = Deadline.objects.filter(case=case).order_by("due_at", "id")
    return list(qs.filter(rule=rule) if rule else qs)
