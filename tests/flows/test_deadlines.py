"""Deadlines on every profile, with the producers the apps declare: a rule of the profile
opens on its event, falls due and is missed by the scan (the responsible institution told),
and is met by its event; the A5's rules are met when the group takes up the case."""

from datetime import timedelta

import pytest

from nrm.accounts.policy import system_actor
from nrm.core import clock
from nrm.deadlines.models import Deadline, Notification, Status
from nrm.deadlines.services import deadline_scan, event_emit
from nrm.identification import services as identification

from .conftest import child_person, group_parts

pytestmark = pytest.mark.django_db


def _rules(world, *, opened_by: str, applies_to=("all", "child", "adult")) -> set[str]:
    return {
        r.code
        for r in world.profile.deadlines.rules
        if opened_by in r.opened_by and r.applies_to in applies_to and r.scope == "case"
    }


def test_a_childs_case_opens_the_profiles_child_rules(world):
    case = world.make_case(**child_person(world))
    opened = set(Deadline.objects.filter(case=case).values_list("rule", flat=True))
    wanted = _rules(world, opened_by="child_identified", applies_to=("all", "child"))
    assert opened and opened <= wanted
    adult = world.make_case(date_of_birth=clock.today() - timedelta(days=365 * 30))
    assert not (set(Deadline.objects.filter(case=adult).values_list("rule", flat=True)) & wanted)


def test_a_rule_falls_due_is_missed_then_met_late(world):
    case = world.make_case(**child_person(world))
    deadline = Deadline.objects.filter(case=case, status=Status.OPEN).order_by("due_at").first()
    rule = world.profile.deadlines.rule(deadline.rule)
    system = system_actor()
    with clock.override(deadline.due_at - timedelta(minutes=1)):
        deadline_scan(actor=system, now=deadline.due_at - timedelta(minutes=1))
    deadline.refresh_from_db()
    assert deadline.status == Status.OPEN
    after = deadline.due_at + timedelta(minutes=1)
    with clock.override(after):
        result = deadline_scan(actor=system, now=after)
    deadline.refresh_from_db()
    assert result.missed >= 1 and deadline.status == Status.MISSED
    assert Notification.objects.filter(deadline=deadline).exists()
    with clock.override(after + timedelta(minutes=1)):
        event_emit(actor=world.actor("police"), case=case, event=rule.met_by[0])
    deadline.refresh_from_db()
    assert deadline.met_at is not None


def test_the_a5_opens_rules_that_the_group_meets(world, a5_case):
    case = a5_case()
    opened = dict(
        Deadline.objects.filter(case=case, status=Status.OPEN).values_list("rule", "status")
    )
    a5_rules = _rules(world, opened_by="formal_identification_requested")
    assert set(opened) & a5_rules
    met_by_group = {
        r.code
        for r in world.profile.deadlines.rules
        if r.code in opened and "formal_identification_group_intervened" in r.met_by
    }
    assert met_by_group
    for part in group_parts(world, child=False):
        identification.seat_take(actor=world.actor(part), case_id=case.pk)
    statuses = dict(
        Deadline.objects.filter(case=case, rule__in=met_by_group).values_list("rule", "status")
    )
    assert set(statuses.values()) == {Status.MET}
