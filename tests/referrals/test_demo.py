"""The demo's walk through referrals: real services, several states, and the Tirana shelter
always with pending incoming referrals (its "action needed")."""

import random
from datetime import date, timedelta

import pytest

from nrm.core import clock
from nrm.referrals.demo import demo_walk
from nrm.referrals.models import Referral
from nrm.registry.doors import DemoPlan

pytestmark = pytest.mark.django_db


def test_the_walk_leaves_referrals_in_several_states(actors, make_case):
    now = clock.now()
    opened = now - timedelta(days=200)
    plan = DemoPlan(target="protection", path=("formal_identification", "protection"), until=now)
    for seed in range(24):
        with clock.override(opened):
            case = make_case("police.tirana", sex="female", date_of_birth=date(1990, 1, 1))
        demo_walk(
            actor=actors["police.tirana"],
            case=case,
            plan=plan,
            rng=random.Random(seed),
            moment=opened,
        )
    states = set(Referral.objects.values_list("status", flat=True))
    assert {"pending", "accepted", "in_progress"} <= states, states
    assert Referral.objects.filter(to_institution__code="shelter-tirana", status="pending").exists()
    assert all(r.events.exists() for r in Referral.objects.all())


def test_the_walk_leaves_other_stages_alone(actors, make_case):
    now = clock.now()
    plan = DemoPlan(target="initial_identification", path=(), until=now)
    case = make_case("police.tirana")
    demo_walk(actor=actors["police.tirana"], case=case, plan=plan, rng=random.Random(1), moment=now)
    assert not Referral.objects.exists()
