"""The demo's referrals (a `demo_walkers` contribution): of the main county's cases (the
demo's `police` part's) that reach
protection, most are referred at once (an emergency referral, with the person's consent to
share recorded) to a shelter or centre that fits them; the receiving shelter accepts, starts
and completes some, declines a few; the sender cancels one now and then; some stay pending,
so the demo's `shelter` part always has incoming referrals waiting. Real services only."""

from datetime import timedelta

from django.db import transaction

from nrm.accounts.demo import cast_actor, cast_institution, cast_institution_code
from nrm.core import clock
from nrm.core.errors import DomainError
from nrm.directory.demo import directory_ensure
from nrm.directory.selectors import service_search
from nrm.referrals import services
from nrm.referrals.models import Referral, ReferralStatus
from nrm.registry.services import profile_of

SHELTER_PART = "shelter"  # the demo's receiving shelter (nrm.accounts.demo)
GIVERS = {False: ("person",), True: ("parent", "guardian")}


def _target(case):
    """The first suitable bed service for the person (the demo's shelter first)."""
    found = service_search(
        need="shelter",
        target_group="child" if case.is_child else "adult",
        sex=case.person.sex,
        with_beds=True,
    )
    shelter = cast_institution_code(SHELTER_PART)
    found.sort(key=lambda s: s.organization.institution.code != shelter)
    return found[0] if found else None


def _refer(actor, case, service, note):
    for giver in GIVERS[case.is_child]:
        try:
            with transaction.atomic():
                return services.referral_create(
                    actor=actor,
                    case_id=case.pk,
                    to_institution=service.organization.institution,
                    service=service,
                    emergency=True,
                    consent_given_by=giver,
                    consent_form="general",
                    note=note,
                )
        except DomainError:
            continue  # a suspected parent, a case the walker may no longer change: skip
    return None


def demo_walk(*, actor, case, plan, rng, moment):
    if profile_of(case).referrals is None or "protection" not in plan.path:
        return moment
    shelter = cast_institution_code(SHELTER_PART)
    if case.owner_institution.code == shelter or actor.institution is None:
        return moment
    main = cast_institution("police")
    if main is None or case.owner_institution.county != main.county or rng.random() > 0.7:
        return moment
    directory_ensure()
    case.refresh_from_db()
    service = _target(case)
    if service is None:
        return moment
    until = plan.until

    def step(hours: int):
        nonlocal moment
        moment = min(moment + timedelta(hours=hours, minutes=rng.randint(0, 50)), until)
        return clock.override(moment)

    with step(1):
        referral = _refer(actor, case, service, "Referim i menjëhershëm pas identifikimit.")
    if referral is None:
        return moment
    receiver = cast_actor(SHELTER_PART)
    pending = Referral.objects.filter(
        to_institution=referral.to_institution, status=ReferralStatus.PENDING
    ).count()
    if receiver is None or referral.to_institution.code != shelter or pending <= 2:
        return moment  # the first few stay in the shelter's "action needed"
    roll = rng.random()
    with step(rng.randint(1, 20)):
        if roll < 0.12:
            services.referral_decline(
                actor=receiver, referral_id=referral.pk, note="Nuk ka vend për këtë profil."
            )
            return moment
        if roll < 0.2:
            services.referral_cancel(
                actor=actor, referral_id=referral.pk, note="Personi u vendos gjetkë."
            )
            return moment
        services.referral_accept(actor=receiver, referral_id=referral.pk)
    if roll < 0.35:
        return moment
    with step(rng.randint(2, 30)):
        services.referral_start(actor=receiver, referral_id=referral.pk)
    if roll < 0.8:
        return moment
    with step(24 * rng.randint(20, 120)):
        services.referral_complete(
            actor=receiver, referral_id=referral.pk, note="Shërbimi u përfundua."
        )
    return moment
