"""The demo's stays (the shelters' walker): Tirana cases in protection are admitted to the
Tirana shelter through its real services, one returns to the family, one absconds; the
beds never go below zero."""

import pytest

from nrm.directory.models import ServiceCapacity
from nrm.shelters.models import Incident, Residence

pytestmark = pytest.mark.django_db


def test_demo_admits_and_records_an_exit_and_an_absconding(reference):
    from nrm.site.demo import demo_cases_create

    demo_cases_create(count=44, seed=3)
    assert Residence.objects.filter(institution__code="shelter-tirana").count() >= 3
    assert Residence.objects.filter(exit_reason="family_community").exists()
    assert Incident.objects.filter(kind="absconded", notified_at__isnull=False).exists()
    assert not ServiceCapacity.objects.filter(available__lt=0).exists()
