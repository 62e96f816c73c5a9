"""The deadlines and inbox notifications initial identification starts and meets, through
the deadline engine's event_emit (shared/api-contract.md, fixed rule codes)."""

from datetime import timedelta

import pytest

from nrm.core import clock
from nrm.deadlines.models import Deadline, Notification
from nrm.registry.rules import PersonInput
from nrm.screening import services

pytestmark = pytest.mark.django_db


def _deadlines(case) -> dict[str, str]:
    return {d.rule: d.status for d in Deadline.objects.filter(case=case)}


def _start(actor, **person):
    person.setdefault("given_name", "Ana")
    case, _s = services.identification_start(
        actor=actor,
        person=PersonInput(**person),
        catalogue="AL-2025",
        indicators=["GEN-01", "GEN-02", "GEN-03"],
    )
    return case


def test_a_child_opens_the_pmf_notification_due_at_once(actors):
    case = _start(actors["police.tirana"], appears_to_be_child=True)
    pmf = Deadline.objects.get(case=case, rule="notify_child_protection_worker")
    assert pmf.status == "open"
    # Immediately: within the profile's grace (an hour, docs/deadlines.md).
    assert pmf.due_at == pmf.opened_at + timedelta(hours=1)
    # The 72-hour plan opens too: nrm.plans records the IPP (docs/plans.md).
    assert "child_protection_plan" in _deadlines(case)


def test_recording_the_pmf_notification_meets_the_deadline(actors):
    actor = actors["police.tirana"]
    case = _start(actor, estimated_age=15)
    services.checklist_record(
        actor=actor, case_id=case.pk, kind="action", code="notify_child_protection_worker"
    )
    assert _deadlines(case)["notify_child_protection_worker"] == "met"
    # Taking it back and doing it again does not meet anything twice.
    services.checklist_record(
        actor=actor,
        case_id=case.pk,
        kind="action",
        code="notify_child_protection_worker",
        done=False,
    )
    services.checklist_record(
        actor=actor, case_id=case.pk, kind="action", code="notify_child_protection_worker"
    )
    assert Deadline.objects.filter(case=case, rule="notify_child_protection_worker").count() == 1


def test_a_foreign_national_opens_and_meets_the_interpreter_notification(actors):
    actor = actors["police.tirana"]
    case = _start(actor, citizenship="MD", languages=["ro"])
    assert _deadlines(case)["notify_interpreter"] == "open"
    assert "notify_child_protection_worker" not in _deadlines(case)
    services.checklist_record(
        actor=actor, case_id=case.pk, kind="action", code="notify_interpreter"
    )
    assert _deadlines(case)["notify_interpreter"] == "met"


def test_an_adult_national_has_neither_notification(actors):
    case = _start(actors["police.tirana"], citizenship="AL")
    assert not {"notify_child_protection_worker", "notify_interpreter"} & set(_deadlines(case))


def test_child_actions_are_not_offered_for_an_adult(actors):
    from nrm.core.errors import ValidationFailed

    actor = actors["police.tirana"]
    case = _start(actor)
    with pytest.raises(ValidationFailed):
        services.checklist_record(
            actor=actor, case_id=case.pk, kind="action", code="notify_child_protection_worker"
        )


def test_a_potential_victim_opens_the_emergency_referral(actors):
    case = _start(actors["police.tirana"])
    assert case.identification_status == "potential_victim"
    # Active since nrm.referrals records the emergency referral (docs/referrals.md).
    assert "emergency_referral" in _deadlines(case)


def test_an_interview_asks_for_the_information_to_be_shared(actors, screened, interviewed):
    actor = actors["police.tirana"]
    case = screened(3)
    interview = interviewed(case)
    rules = {d.rule: d.status for d in Deadline.objects.filter(case=case)}
    opened = [r for r, s in rules.items() if s == "open" and r.startswith("investigation")]
    assert opened, rules
    services.investigation_information_record(
        actor=actor,
        case_id=case.pk,
        content="Phone number of the recruiter",
        interview_id=interview.pk,
    )
    still_open = Deadline.objects.filter(
        case=case, rule__startswith="investigation", status="open"
    ).count()
    assert still_open == 0


def test_the_people_responsible_are_notified_when_the_pmf_is_not_told(actors):
    """Nobody records the PMF notification: the scan tells the identifier's institution.
    The 72-hour protection plan, at risk after 48 hours, is the PMF's."""
    from nrm.accounts.policy import system_actor
    from nrm.deadlines.services import deadline_scan

    case = _start(actors["police.tirana"], estimated_age=9)
    later = clock.now() + timedelta(hours=49)
    with clock.override(later):
        deadline_scan(actor=system_actor(), now=later)
    told = set(
        Notification.objects.filter(deadline__case=case).values_list(
            "recipient__username", "deadline__rule"
        )
    )
    assert ("police.tirana", "notify_child_protection_worker") in told
    assert ("pmf.tirana", "child_protection_plan") in told
