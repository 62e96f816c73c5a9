"""Fixtures of the shelters: the Tirana shelter's directory service with a few beds (made
directly: the directory's own services come from its app), and a screened case the shelter
has access to through an assignment."""

import pytest

from nrm.core import clock


@pytest.fixture
def shelter_service(reference):
    """shelter_service(beds=3, code="shelter-tirana") → a directory Service with `beds` beds."""
    from nrm.accounts.models import Institution
    from nrm.directory.models import Organization, Service, ServiceCapacity

    def make(beds: int = 3, code: str = "shelter-tirana", name: str = "Strehim"):
        institution = Institution.objects.get(code=code)
        org, _ = Organization.objects.get_or_create(
            institution=institution, defaults={"provider": "ngo"}
        )
        service = Service.objects.create(organization=org, name=name, need="shelter")
        ServiceCapacity.objects.create(
            service=service, unit="bed", available=beds, maximum=beds, updated=clock.now()
        )
        return service

    return make


@pytest.fixture
def sheltered_case(actors, make_case, reference):
    """sheltered_case(**person) → a case of the Tirana police the shelter has access to."""
    from nrm.registry.services import case_assign

    def make(**person):
        case = make_case("police.tirana", **person)
        case_assign(
            actor=actors["police.tirana"],
            case_id=case.pk,
            institution=reference["shelter-tirana"],
            reason="Vendosje në strehëz",
        )
        case.refresh_from_db()
        return case

    return make


# The browser fixtures of tests/browser (Debian's Chromium through Playwright), reused.
from tests.browser.conftest import browser, login, new_page  # noqa: E402, F401
