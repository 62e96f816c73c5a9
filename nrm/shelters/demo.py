"""The demo's walk through a stay in a shelter, with the real services.

Cases the demo takes to protection (or through it to reintegration) are admitted to a
service of the demo's shelter (its `shelter` part's, nrm.accounts.demo) that has a free bed:
through the accepted referral to it when the referral demo made one, otherwise after an
assignment by the case's owner. The shelter's case worker is assigned, the examination
recorded and the formal interview explained. A case going on to reintegration leaves having
completed the programme; of the others one returns to the family and one leaves without
permission (with its notices)."""

from datetime import timedelta

from nrm.accounts.demo import cast_institution, cast_user
from nrm.accounts.policy import actor_for
from nrm.core import clock
from nrm.core.errors import DomainError
from nrm.referrals.models import ACCESS_STATUSES, Referral
from nrm.registry import services as registry
from nrm.registry.selectors import case_get
from nrm.shelters import selectors, services
from nrm.shelters.models import Incident, Residence

SHELTER_PART = "shelter"
TARGETS = {"protection", "reintegration", "sheltered_awaiting_group"}


def _beds_free(service) -> bool:
    capacity = getattr(service, "capacity", None)
    return capacity is not None and capacity.available > 0


def demo_walk(*, actor, case, plan, rng, moment):
    if plan.target not in TARGETS:
        return moment
    shelter = cast_institution(SHELTER_PART)
    user = cast_user(SHELTER_PART)
    if shelter is None or user is None:
        return moment
    staff = actor_for(user)
    until = plan.until

    def step(hours: int):
        nonlocal moment
        moment = min(moment + timedelta(hours=hours), until)
        return clock.override(moment)

    referral = Referral.objects.filter(
        case=case, to_institution=shelter, status__in=ACCESS_STATUSES
    ).first()
    services_free = [s for s in selectors.centre_services(actor=staff) if _beds_free(s)]
    if referral is not None and referral.service in services_free:
        services_free.insert(0, referral.service)
    service = services_free[0] if services_free else None
    if service is None:
        return moment
    try:
        with step(rng.randint(2, 30)):
            if referral is None and case.owner_institution_id != shelter.pk:
                registry.case_assign(
                    actor=actor,
                    case_id=case.pk,
                    institution=shelter,
                    reason="Vendosje në strehëz",
                )
            case_get(actor=staff, id=case.pk)
            residence = services.admission_record(
                actor=staff,
                case_id=case.pk,
                service_id=service.pk,
                referral_id=referral.pk if referral else None,
                information_given=["premises", "rules", "rehabilitation_programme"]
                if not case.is_child
                else ["premises", "rules"],
                basic_needs=["food", "clothing", "psychosocial", "accommodation"],
                agreement_signed=True,
                caseworker_id=user.pk,
            )
        with step(rng.randint(2, 20)):
            services.admission_medical_record(
                actor=staff,
                residence_id=residence.pk,
                examined_on=clock.today(),
                examined_by="Mjeku i qendrës",
                notes="Pa shqetësime urgjente.",
            )
        with step(rng.randint(12, 60)):
            services.interview_information_record(actor=staff, residence_id=residence.pk)
        if plan.target == "reintegration":
            with step(rng.randint(24 * 20, 24 * 90)):
                services.admission_exit(
                    actor=staff, residence_id=residence.pk, reason="completed_programme"
                )
        elif not Residence.objects.filter(exit_reason="family_community").exists():
            with step(rng.randint(24 * 10, 24 * 40)):
                services.admission_exit(
                    actor=staff, residence_id=residence.pk, reason="family_community"
                )
                _notify_last(staff, case)
        elif not Incident.objects.filter(kind="absconded").exists():
            with step(rng.randint(24 * 3, 24 * 20)):
                services.incident_record(actor=staff, case_id=case.pk, kind="absconded")
            with step(1):
                incident = Incident.objects.filter(case=case).order_by("-id").first()
                services.incident_notify(
                    actor=staff,
                    incident_id=incident.pk,
                    police_complaint_on=clock.today() if case.is_child else None,
                    police_complaint_reference="K-DEMO" if case.is_child else "",
                )
    except DomainError:
        return moment  # no access (consent withdrawn), a closed case: leave it
    return moment


def _notify_last(staff, case) -> None:
    incident = Incident.objects.filter(case=case, notified_at__isnull=True).order_by("-id").first()
    if incident is not None:
        services.incident_notify(actor=staff, incident_id=incident.pk)
