"""The directory's services: providers and services (reference.manage or the provider's own
focal point), beds never below 0 nor above the maximum, and the search."""

from datetime import timedelta

import pytest

from nrm.accounts.models import Institution, User
from nrm.accounts.policy import actor_for, system_actor
from nrm.accounts.services import membership_create, user_create
from nrm.audit.models import AuditEvent
from nrm.core import clock
from nrm.core.errors import DomainError, Forbidden, ValidationFailed
from nrm.directory import selectors, services
from nrm.directory.error_codes import DirectoryError
from nrm.directory.models import Organization, Service, ServiceCapacity
from nrm.jurisdictions import get_profile

pytestmark = pytest.mark.django_db


@pytest.fixture
def shelter(reference):
    return Service.objects.get(organization__institution__code="shelter-tirana", need="shelter")


def _focal_point(code: str):
    system = system_actor()
    user = user_create(actor=system, username=f"fp.{code}", password="demo", is_demo=True)
    membership_create(
        actor=system, user=user, institution=Institution.objects.get(code=code), role="focal_point"
    )
    return actor_for(User.objects.get(pk=user.pk))


def test_beds_are_taken_and_released_within_bounds(actors, shelter):
    staff = actors["shelter.tirana"]
    cap = ServiceCapacity.objects.get(service=shelter)
    services.capacity_set(actor=system_actor(), service=shelter, maximum=2, available=1)
    services.capacity_take(actor=staff, service=shelter)
    cap.refresh_from_db()
    assert cap.available == 0
    with pytest.raises(DomainError) as err:
        services.capacity_take(actor=staff, service=shelter)
    assert err.value.code == DirectoryError.NO_BEDS
    services.capacity_release(actor=staff, service=shelter, beds=2)
    cap.refresh_from_db()
    assert cap.available == 2
    with pytest.raises(DomainError) as err:
        services.capacity_release(actor=staff, service=shelter)
    assert err.value.code == DirectoryError.BEDS_OVER_MAXIMUM
    cap.refresh_from_db()
    assert cap.available == 2


def test_only_the_provider_takes_its_beds(actors, shelter):
    with pytest.raises(Forbidden):
        services.capacity_take(actor=actors["police.tirana"], service=shelter)


def test_capacity_set_refuses_bad_numbers_and_strangers(actors, shelter):
    with pytest.raises(ValidationFailed) as err:
        services.capacity_set(actor=system_actor(), service=shelter, maximum=3, available=4)
    assert "available" in err.value.fields
    with pytest.raises(Forbidden):
        services.capacity_set(
            actor=actors["shelter.tirana"], service=shelter, maximum=3, available=3
        )
    fp = _focal_point("shelter-tirana")
    row = services.capacity_set(actor=fp, service=shelter, maximum=14, available=9)
    assert (row.maximum, row.available) == (14, 9)


def test_service_save_checks_the_profile(reference):
    org = Organization.objects.get(institution__code="legal-aid-tirana")
    before = (Service.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ValidationFailed) as err:
        services.service_save(
            actor=system_actor(),
            organization=org,
            name="",
            need="flying",
            min_age=20,
            max_age=10,
            languages=["xx"],
            counties=["atlantis"],
            beds=-1,
        )
    assert {"name", "need", "max_age", "languages", "counties", "beds"} <= set(err.value.fields)
    assert (Service.objects.count(), AuditEvent.objects.count()) == before


def test_search_keeps_only_usable_fitting_services(reference, shelter):
    found = selectors.service_search(need="shelter", target_group="adult")
    codes = {s.organization.institution.code for s in found}
    assert "shelter-tirana" in codes and "qkpvt" in codes
    assert "shelter-vlore" not in codes  # licence expired
    assert "child-centre-elbasan" not in codes
    children = selectors.service_search(need="shelter", target_group="child", age=12)
    albanian = {p.code for p in get_profile("AL").demo.directory}  # the test world has Kosovo's too
    codes = [s.organization.institution.code for s in children]
    assert [c for c in codes if c in albanian] == ["child-centre-elbasan"]
    assert not selectors.service_search(
        need="shelter", target_group="child", age=17, county="vlore"
    )
    men = selectors.service_search(need="shelter", sex="male")
    assert shelter not in men
    shelter.licence_expires_on = clock.today()
    shelter.save()
    assert shelter in selectors.service_search(need="shelter")  # valid through today
    ServiceCapacity.objects.filter(service=shelter).update(available=0)
    assert shelter not in selectors.service_search(need="shelter", with_beds=True)
    shelter.licence_expires_on = clock.today() - timedelta(days=1)
    shelter.save()
    assert shelter not in selectors.service_search(need="shelter")


def test_the_demo_directory_is_made_once(reference):
    from nrm.directory.demo import directory_ensure

    count = Service.objects.count()
    directory_ensure()
    assert Service.objects.count() == count
