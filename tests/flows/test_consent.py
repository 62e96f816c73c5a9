"""Consent on every profile: the A2 signed by whom the profile's givers say, the newest
record counts, and a consent to share withdrawn takes the shared access away."""

import pytest

from nrm.consent.selectors import consent_allows
from nrm.consent.services import consent_record, consent_withdraw
from nrm.core import clock
from nrm.core.errors import NotFound, ValidationFailed
from nrm.registry.selectors import case_get
from nrm.registry.services import case_assign
from nrm.screening import selectors, services

from .conftest import a2_giver, adult_person, child_person

pytestmark = pytest.mark.django_db


def test_a_childs_a2_is_not_signed_by_an_adults_giver(world):
    child = world.make_case(**child_person(world))
    adult = world.make_case(**adult_person())
    with pytest.raises(ValidationFailed) as caught:
        services.a2_record(
            actor=world.actor("police"),
            case_id=child.pk,
            given=True,
            given_by=a2_giver(world, adult),
            signed_on=clock.today(),
        )
    assert "given_by" in caught.value.fields


def test_the_newest_a2_counts(world):
    case = world.make_case(**adult_person())
    police = world.actor("police")
    for given in (True, False):
        services.a2_record(
            actor=police,
            case_id=case.pk,
            given=given,
            given_by=a2_giver(world, case),
            signed_on=clock.today(),
        )
    assert selectors.a2_current(actor=police, case=case).given is False


def test_a_consent_is_in_force_until_withdrawn(world):
    case = world.make_case(**adult_person())
    purpose = world.consent_purpose()
    police = world.actor("police")
    assert not consent_allows(case=case, purpose=purpose)
    record = consent_record(
        actor=police,
        case_id=case.pk,
        purpose=purpose,
        given=True,
        given_by=a2_giver(world, case),
        signed_on=clock.today(),
    )
    assert consent_allows(case=case, purpose=purpose)
    consent_withdraw(actor=police, record_id=record.pk, reason="The person changed her mind")
    assert not consent_allows(case=case, purpose=purpose)


def test_withdrawing_consent_to_share_with_an_institution_ends_its_access(world):
    case = world.make_case(**adult_person())
    police = world.actor("police")
    shelter = world.institution("shelter")
    purpose = world.consent_purpose(per="institution")
    record = consent_record(
        actor=police,
        case_id=case.pk,
        purpose=purpose,
        given=True,
        given_by=a2_giver(world, case),
        signed_on=clock.today(),
        institution=shelter,
    )
    case_assign(actor=police, case_id=case.pk, institution=shelter, reason="Placement")
    assert case_get(actor=world.actor("shelter"), id=case.pk) == case
    consent_withdraw(actor=police, record_id=record.pk, reason="Withdrawn")
    with pytest.raises(NotFound):
        case_get(actor=world.actor("shelter"), id=case.pk)
