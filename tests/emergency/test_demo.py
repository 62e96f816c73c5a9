"""The demo's walk: a child of the child protection unit on its way to protection gets the
measure (the first one every step, the court's change and the non-response chain); a
foreign adult assisted by the shelter gets the residence permit and the reflection period."""

import random
from datetime import date, timedelta

import pytest

from nrm.core import clock
from nrm.emergency.demo import demo_walk
from nrm.emergency.models import EmergencyMeasure, ForeignProcedure, NonResponse, ReflectionPeriod
from nrm.registry.doors import DemoPlan

pytestmark = pytest.mark.django_db


def test_the_walk(actors, make_case):
    now = clock.now()
    opened = now - timedelta(days=120)
    plan = DemoPlan(target="protection", path=("formal_identification", "protection"), until=now)
    with clock.override(opened):
        child = make_case("pmf.tirana", date_of_birth=date(2012, 5, 1))
        adult = make_case("shelter.tirana", date_of_birth=date(1990, 5, 1), citizenship="UA")
    for case, username in ((child, "pmf.tirana"), (adult, "shelter.tirana")):
        with clock.override(opened):
            demo_walk(
                actor=actors[username], case=case, plan=plan, rng=random.Random(1), moment=opened
            )
    measure = EmergencyMeasure.objects.get(case=child)
    assert measure.placement_kind == "foster_family"  # changed by the court
    assert measure.police_contacted_on is not None
    assert NonResponse.objects.get(case=child).step == "forwarded_to_ap"
    assert ForeignProcedure.objects.filter(case=adult, kind="residence_permit").exists()
    assert ReflectionPeriod.objects.filter(case=adult).exists()
