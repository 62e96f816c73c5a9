"""The demo's walk through the appeal gives appealed, decided and court-suspended cases, with
the real services; the contract's cases awaiting the group are left alone."""

import random
from datetime import timedelta

import pytest

from nrm.appeals.demo import demo_walk
from nrm.appeals.models import Appeal, AppealStatus
from nrm.core import clock
from nrm.registry.doors import DemoPlan

pytestmark = pytest.mark.django_db

GEN = [f"GEN-{i:02d}" for i in range(1, 4)]


def _screened(actors, make_case, username):
    from nrm.screening.services import screening_submit

    case = make_case(username)
    screening_submit(actor=actors[username], case_id=case.pk, catalogue="AL-2025", indicators=GEN)
    case.refresh_from_db()
    return case


def test_the_walk_appeals_and_suspends(actors, make_case):
    now = clock.now()
    opened = now - timedelta(days=200)
    plan = DemoPlan(target="formal_identification", path=("formal_identification",), until=now)
    seen = set()
    for seed in range(40):
        with clock.override(opened):
            case = _screened(actors, make_case, "police.shkoder")
            demo_walk(
                actor=actors["police.shkoder"],
                case=case,
                plan=plan,
                rng=random.Random(seed),
                moment=opened,
            )
        seen |= set(Appeal.objects.filter(case=case).values_list("status", flat=True))
        if {AppealStatus.SUSPENDED, AppealStatus.FILED} <= seen:
            break
    assert AppealStatus.SUSPENDED in seen
    assert seen & {
        AppealStatus.FILED,
        AppealStatus.CONVENED,
        AppealStatus.REVIEWED,
        AppealStatus.DECIDED,
    }


def test_the_contract_cases_are_left_alone(actors, make_case):
    now = clock.now()
    plan = DemoPlan(target="formal_identification", path=("formal_identification",), until=now)
    for seed in range(5):
        with clock.override(now - timedelta(days=100)):
            case = _screened(actors, make_case, "police.tirana")
            demo_walk(
                actor=actors["police.tirana"],
                case=case,
                plan=plan,
                rng=random.Random(seed),
                moment=clock.now(),
            )
    assert not Appeal.objects.exists()
