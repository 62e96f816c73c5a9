"""Occupancy under concurrent admissions, on PostgreSQL: two connections admit two people
into the last bed at the same time; the capacity row's lock lets exactly one win, and the
count is never negative."""

import threading

import pytest
from django.db import connection, connections

from nrm.core.errors import DomainError
from nrm.directory.models import ServiceCapacity
from nrm.shelters import services
from nrm.shelters.models import Residence

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks: PostgreSQL only"),
]


def test_two_admissions_into_the_last_bed_one_wins(actors, sheltered_case, shelter_service):
    service = shelter_service(beds=1)
    cases = [sheltered_case(), sheltered_case()]
    staff = actors["shelter.tirana"]
    barrier = threading.Barrier(2)
    results: list = []

    def admit(case):
        try:
            barrier.wait(timeout=30)
            services.admission_record(actor=staff, case_id=case.pk, service_id=service.pk)
            results.append("admitted")
        except DomainError as exc:
            results.append(exc.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=admit, args=(c,)) for c in cases]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(results) == ["admitted", "shelter_no_bed"]
    assert ServiceCapacity.objects.get(service=service).available == 0
    assert Residence.objects.filter(service=service, exited_at__isnull=True).count() == 1
