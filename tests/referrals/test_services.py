"""Referral services: the HL7 SDOH states, access to the case following them, and bad input
refused with a clear error and nothing saved."""

from datetime import date, timedelta

import pytest

from nrm.audit.models import AuditEvent
from nrm.core import clock
from nrm.core.errors import Forbidden, IllegalTransition, NotFound, ValidationFailed
from nrm.directory.models import ServiceCapacity
from nrm.referrals import services
from nrm.referrals.models import Referral, ReferralEvent
from nrm.registry.models import CaseGrant
from nrm.registry.selectors import case_get

pytestmark = pytest.mark.django_db


def _sees(actor, case) -> bool:
    try:
        case_get(actor=actor, id=case.pk)
    except NotFound:
        return False
    return True


def _counts():
    return (
        Referral.objects.count(),
        ReferralEvent.objects.count(),
        CaseGrant.objects.count(),
        AuditEvent.objects.count(),
    )


def test_a_referral_is_pending_and_gives_no_access_until_accepted(actors, woman, refer):
    case = woman()
    shelter = actors["shelter.tirana"]
    referral = refer(case)
    assert referral.status == "pending"
    assert referral.consent is not None and referral.consent.purpose == "sharing"
    assert not _sees(shelter, case)
    services.referral_accept(actor=shelter, referral_id=referral.pk, note="Ka vend.")
    assert _sees(shelter, case)
    referral.refresh_from_db()
    assert referral.status == "accepted" and referral.decided_by == shelter.user
    services.referral_start(actor=shelter, referral_id=referral.pk)
    assert _sees(shelter, case)
    services.referral_complete(actor=shelter, referral_id=referral.pk)
    assert not _sees(shelter, case)
    steps = list(referral.events.values_list("from_status", "to_status"))
    assert steps == [
        ("", "pending"),
        ("pending", "accepted"),
        ("accepted", "in_progress"),
        ("in_progress", "completed"),
    ]


def test_decline_and_cancel_end_access(actors, woman, refer):
    case = woman()
    police, shelter = actors["police.tirana"], actors["shelter.tirana"]
    first = refer(case)
    with pytest.raises(ValidationFailed) as err:
        services.referral_decline(actor=shelter, referral_id=first.pk, note="")
    assert "note" in err.value.fields
    services.referral_decline(actor=shelter, referral_id=first.pk, note="Pa vend.")
    assert not _sees(shelter, case)
    second = refer(case)
    services.referral_accept(actor=shelter, referral_id=second.pk)
    services.referral_cancel(actor=police, referral_id=second.pk, note="U vendos gjetkë.")
    assert not _sees(shelter, case)
    assert Referral.objects.get(pk=second.pk).status == "cancelled"


def test_another_accepted_referral_keeps_access(actors, woman, refer):
    case = woman()
    shelter = actors["shelter.tirana"]
    a = refer(case)
    b = refer(case, need="psycho_social", service=None)
    services.referral_accept(actor=shelter, referral_id=a.pk)
    services.referral_accept(actor=shelter, referral_id=b.pk)
    services.referral_complete(actor=shelter, referral_id=a.pk)
    assert _sees(shelter, case)  # b is still accepted
    services.referral_complete(actor=shelter, referral_id=b.pk)
    assert not _sees(shelter, case)


def test_who_moves_what(actors, woman, refer):
    case = woman()
    police, shelter = actors["police.tirana"], actors["shelter.tirana"]
    referral = refer(case)
    with pytest.raises(Forbidden):
        services.referral_accept(actor=police, referral_id=referral.pk)  # the sender
    with pytest.raises(Forbidden):
        services.referral_cancel(actor=shelter, referral_id=referral.pk, note="x")
    with pytest.raises(NotFound):  # not a party
        services.referral_accept(actor=actors["pmf.tirana"], referral_id=referral.pk)
    with pytest.raises(IllegalTransition):
        services.referral_complete(actor=shelter, referral_id=referral.pk)
    services.referral_accept(actor=shelter, referral_id=referral.pk)
    with pytest.raises(IllegalTransition):
        services.referral_accept(actor=shelter, referral_id=referral.pk)


def _refused(call, field):
    before = _counts()
    with pytest.raises((ValidationFailed, NotFound)) as err:
        call()
    assert _counts() == before
    if field:
        assert field in err.value.fields, err.value.fields
    return err.value


def test_bad_input_is_refused_and_nothing_is_saved(actors, woman, refer, shelter, make_case):
    case = woman()
    # No consent.
    _refused(lambda: refer(case, consent=False, consent_given_by=""), "consent")
    # consent: true but none in force.
    _refused(lambda: refer(case, consent_given_by=""), "consent")
    # A service the institution does not offer.
    _refused(lambda: refer(case, to_institution="qkpvt"), "service")
    _refused(lambda: refer(case, to_institution="legal-aid-tirana", service="shelter"), "service")
    # Unknown institution.
    _refused(lambda: refer(case, to_institution="nowhere"), "to_institution")
    # A case the caller may not see: 404.
    other = make_case("police.shkoder", sex="female", date_of_birth=date(1990, 1, 1))
    _refused(lambda: refer(other), None)
    # A child to an adults' shelter.
    child = woman(date_of_birth=clock.today() - timedelta(days=365 * 12))
    _refused(lambda: refer(child, consent_given_by="parent"), "service")
    # A man to a women's shelter.
    man = woman(sex="male")
    _refused(lambda: refer(man), "service")


def test_no_free_bed_or_expired_licence_or_inactive_service(actors, woman, refer, shelter):
    case = woman()
    ServiceCapacity.objects.filter(service=shelter).update(available=0)
    err = _refused(lambda: refer(case), "service")
    assert "bed" in err.fields["service"][0]
    ServiceCapacity.objects.filter(service=shelter).update(available=3)
    shelter.licence_expires_on = clock.today() - timedelta(days=1)
    shelter.save()
    err = _refused(lambda: refer(case), "service")
    assert "licence" in err.fields["service"][0]
    shelter.licence_expires_on = None
    shelter.status = "inactive"
    shelter.save()
    _refused(lambda: refer(case), "service")


def test_an_open_referral_is_not_made_twice(woman, refer):
    case = woman()
    refer(case)
    _refused(lambda: refer(case), "to_institution")


def test_each_step_writes_its_audit_event(actors, woman, refer):
    case = woman()
    referral = refer(case)
    services.referral_accept(actor=actors["shelter.tirana"], referral_id=referral.pk)
    codes = list(AuditEvent.objects.filter(case_id=case.pk).values_list("code", flat=True))
    assert "referral.created" in codes and "referral.accepted" in codes
    assert "case.grant_offered" in codes and "case.grant_accepted" in codes
