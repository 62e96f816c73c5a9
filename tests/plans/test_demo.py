"""The demo's walk through assessment and plans: an IPP for a child, an assistance plan and
a D1 the AP decided, made with the real services, nothing after the real present."""

import random
from datetime import timedelta

import pytest

from nrm.core import clock
from nrm.deadlines.models import Deadline
from nrm.deadlines.models import Status as DeadlineStatus
from nrm.plans.demo import demo_walk
from nrm.plans.models import NeedsAssessment, Plan, PlanStatus
from nrm.registry.doors import DemoPlan

pytestmark = pytest.mark.django_db


def _walk(actors, make_case, target, seed, **person):
    now = clock.now()
    opened = now - timedelta(days=120)
    plan = DemoPlan(target=target, path=(), until=now)
    with clock.override(opened):
        case = make_case("police.tirana", **person)
    demo_walk(
        actor=actors["police.tirana"], case=case, plan=plan, rng=random.Random(seed), moment=opened
    )
    return case


def test_the_walk_gives_an_ipp_an_assistance_plan_and_a_decided_d1(actors, make_case):
    seen = set()
    for seed in range(12):
        child = _walk(actors, make_case, "protection", seed, estimated_age=15)
        adult = _walk(actors, make_case, "reintegration", seed, estimated_age=35)
        for case in (child, adult):
            seen |= set(Plan.objects.filter(case=case).values_list("kind", "status"))
        if {("ipp", "approved"), ("reintegration", "approved")} <= seen:
            break
    assert ("ipp", PlanStatus.APPROVED) in seen
    assert ("assistance", PlanStatus.APPROVED) in seen
    assert ("reintegration", PlanStatus.APPROVED) in seen
    assert NeedsAssessment.objects.filter(form="C4").exists()
    assert NeedsAssessment.objects.filter(form="C5").exists()
    # The IPP met the 72 hours.
    ipp = Plan.objects.filter(kind="ipp", status=PlanStatus.APPROVED).first()
    assert (
        Deadline.objects.get(case=ipp.case, rule="child_protection_plan").status
        == DeadlineStatus.MET
    )
    # Nothing after the real present.
    assert not Plan.objects.filter(updated_at__gt=clock.now()).exists()


def test_cases_bound_elsewhere_are_left_alone(actors, make_case):
    case = _walk(actors, make_case, "closed", 1, estimated_age=30)
    assert not Plan.objects.filter(case=case).exists()
