"""Referrals on every profile: a referral to the shelter (consent to share recorded with
it) gives no access while pending, access once accepted, and none once completed or
declined; only the receiving institution answers."""

import pytest

from nrm.core.errors import Forbidden, NotFound
from nrm.referrals import services
from nrm.referrals.models import ReferralStatus
from nrm.registry.selectors import case_get

from .conftest import a2_giver, adult_person

pytestmark = pytest.mark.django_db


def _sees(actor, case) -> bool:
    try:
        case_get(actor=actor, id=case.pk)
    except NotFound:
        return False
    return True


@pytest.fixture
def refer(world):
    def make(case):
        return services.referral_create(
            actor=world.actor("police"),
            case_id=case.pk,
            to_institution=world.institution("shelter").code,
            need=world.profile.service_needs[0].code,
            consent_given_by=a2_giver(world, case),
            consent_form=_general_form(world),
        )

    return make


def _general_form(world) -> str:
    purpose = world.profile.referrals.consent_purpose
    forms = world.profile.consent.forms
    return next(f.code for f in forms if not f.purposes or purpose in f.purposes)


def test_a_referral_gives_access_only_while_accepted(world, refer):
    case = world.make_case(**adult_person())
    shelter = world.actor("shelter")
    referral = refer(case)
    assert referral.status == "pending"
    assert referral.consent is not None
    assert referral.consent.purpose == world.profile.referrals.consent_purpose
    assert not _sees(shelter, case)
    services.referral_accept(actor=shelter, referral_id=referral.pk, note="Ka vend.")
    assert _sees(shelter, case)
    services.referral_start(actor=shelter, referral_id=referral.pk)
    services.referral_complete(actor=shelter, referral_id=referral.pk)
    assert not _sees(shelter, case)
    steps = list(referral.events.values_list("to_status", flat=True))
    assert steps == ["pending", "accepted", "in_progress", "completed"]


def test_a_declined_referral_gives_no_access(world, refer):
    case = world.make_case(**adult_person())
    referral = refer(case)
    services.referral_decline(actor=world.actor("shelter"), referral_id=referral.pk, note="Plot.")
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.DECLINED
    assert not _sees(world.actor("shelter"), case)


def test_only_the_receiving_institution_answers(world, refer):
    case = world.make_case(**adult_person())
    referral = refer(case)
    with pytest.raises((Forbidden, NotFound)):
        services.referral_accept(actor=world.actor("police"), referral_id=referral.pk, note="")
    with pytest.raises((Forbidden, NotFound)):
        services.referral_accept(
            actor=world.actor("police_elsewhere"), referral_id=referral.pk, note=""
        )
    referral.refresh_from_db()
    assert referral.status == "pending"
