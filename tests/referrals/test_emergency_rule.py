"""S7 "immediately" (rule emergency_referral, opened by potential_victim_identified): met by
its real producer, an emergency referral."""

import pytest

from nrm.deadlines.models import Deadline
from nrm.screening.services import screening_submit

pytestmark = pytest.mark.django_db


def test_an_emergency_referral_meets_the_immediate_rule(actors, woman, refer):
    case = woman()
    screening_submit(
        actor=actors["police.tirana"],
        case_id=case.pk,
        catalogue="AL-2025",
        indicators=["GEN-01", "GEN-02", "GEN-03"],
    )
    deadline = Deadline.objects.get(case=case, rule="emergency_referral")
    assert deadline.status == "open"
    refer(case, emergency=True)
    deadline.refresh_from_db()
    assert deadline.status == "met" and deadline.met_by_event == "emergency_referral_made"


def test_an_ordinary_referral_does_not(actors, woman, refer):
    case = woman()
    screening_submit(
        actor=actors["police.tirana"],
        case_id=case.pk,
        catalogue="AL-2025",
        indicators=["GEN-01", "GEN-02", "GEN-03"],
    )
    refer(case, emergency=False)
    assert Deadline.objects.get(case=case, rule="emergency_referral").status == "open"
