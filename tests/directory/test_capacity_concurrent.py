"""Beds under simultaneous admissions (PostgreSQL): the capacity row lock lets exactly as
many take a bed as are free; the rest are refused with `no_beds`, never a negative count."""

import pytest

from nrm.core.errors import DomainError
from nrm.directory.error_codes import DirectoryError
from nrm.directory.models import Service, ServiceCapacity
from tests.core.concurrency import race, requires_row_locks


@pytest.mark.django_db(transaction=True)
def test_concurrent_takes_never_go_below_zero(actors):
    requires_row_locks()
    from nrm.accounts.policy import system_actor
    from nrm.directory.services import capacity_set, capacity_take

    service = Service.objects.get(organization__institution__code="shelter-tirana", need="shelter")
    capacity_set(actor=system_actor(), service=service, maximum=12, available=2)
    staff = actors["shelter.tirana"]
    outcomes = race(*[lambda: capacity_take(actor=staff, service=service) for _ in range(5)])
    assert sorted(o.kind for o in outcomes) == ["error"] * 3 + ["ok"] * 2
    for o in outcomes:
        if o.error is not None:
            assert isinstance(o.error, DomainError) and o.error.code == DirectoryError.NO_BEDS
    assert ServiceCapacity.objects.get(service=service).available == 0
