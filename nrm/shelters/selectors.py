"""Every read of the shelters, scoped by the caller: a stay or an incident of a case the
caller may not see is NotFound, as a missing one. The shelter view reads the caller's own
centre only (its residents, its beds, their deadlines, its incidents)."""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import QuerySet

from nrm.accounts.models import User
from nrm.core import clock
from nrm.core.errors import NotFound
from nrm.deadlines.selectors import UNFULFILLED, deadline_scope
from nrm.directory.models import Service, ServiceCapacity
from nrm.referrals.models import ACCESS_STATUSES, Referral
from nrm.registry.models import Case
from nrm.registry.selectors import case_in_scope, case_scope
from nrm.registry.services import profile_of
from nrm.shelters.models import Incident, Residence

RECENT_INCIDENT_DAYS = 30


def shelter_rules(case_or_profile):
    profile = profile_of(case_or_profile) if isinstance(case_or_profile, Case) else case_or_profile
    return profile.shelters


def is_centre(actor, rules) -> bool:
    institution = getattr(actor, "institution", None)
    return (
        rules is not None
        and institution is not None
        and institution.type in rules.receiving_institution_types
    )


def residence_get(*, actor, id: int) -> Residence:
    try:
        return (
            Residence.objects.filter(case__in=case_scope(actor=actor))
            .select_related("case", "institution", "service", "caseworker")
            .get(pk=id)
        )
    except (Residence.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def incident_get(*, actor, id: int) -> Incident:
    try:
        return (
            Incident.objects.filter(case__in=case_scope(actor=actor))
            .select_related("case", "institution")
            .get(pk=id)
        )
    except (Incident.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def residence_list(*, actor, case: Case) -> QuerySet[Residence]:
    case = case_in_scope(actor=actor, case=case)
    return Residence.objects.filter(case=case).select_related(
        "institution", "service", "caseworker", "admitted_by", "referral"
    )


def incident_list(*, actor, case: Case) -> QuerySet[Incident]:
    case = case_in_scope(actor=actor, case=case)
    return (
        Incident.objects.filter(case=case)
        .select_related("institution", "follow_up_institution")
        .prefetch_related("notices__institution")
    )


def open_residence_of(case: Case) -> Residence | None:
    return Residence.objects.filter(case=case, exited_at__isnull=True).first()


def centre_services(*, actor) -> QuerySet[Service]:
    """The directory services of the actor's centre that have beds."""
    if getattr(actor, "institution_id", None) is None:
        return Service.objects.none()
    return (
        Service.objects.filter(
            organization__institution_id=actor.institution_id, capacity__unit="bed"
        )
        .select_related("capacity")
        .order_by("name")
    )


def admission_referrals(*, actor, case: Case) -> QuerySet[Referral]:
    """The case's accepted referrals to the actor's centre (an admission may follow one)."""
    return Referral.objects.filter(
        case=case, to_institution_id=actor.institution_id, status__in=ACCESS_STATUSES
    ).order_by("-created_at")


def centre_caseworkers(*, actor, rules) -> QuerySet[User]:
    if rules is None or getattr(actor, "institution_id", None) is None:
        return User.objects.none()
    return (
        User.objects.filter(
            memberships__institution_id=actor.institution_id,
            memberships__role__in=rules.caseworker_roles,
            memberships__is_active=True,
            is_active=True,
        )
        .distinct()
        .order_by("username")
    )


@dataclass(frozen=True)
class ShelterView:
    residents: list
    beds: list
    tasks: list
    incidents: list


def residents_now(*, actor) -> QuerySet[Residence]:
    """The people staying at the actor's centre now, longest first."""
    if getattr(actor, "institution_id", None) is None:
        return Residence.objects.none()
    return (
        Residence.objects.filter(
            institution_id=actor.institution_id,
            exited_at__isnull=True,
            case__in=case_scope(actor=actor),
        )
        .select_related("case", "service", "caseworker")
        .order_by("admitted_at", "id")
    )


def shelter_view(*, actor) -> ShelterView:
    residents = list(residents_now(actor=actor))
    beds = list(
        ServiceCapacity.objects.filter(
            service__organization__institution_id=actor.institution_id, unit="bed"
        )
        .select_related("service")
        .order_by("service__name")
    )
    case_ids = [r.case_id for r in residents]
    tasks = list(
        deadline_scope(actor=actor)
        .filter(UNFULFILLED, case_id__in=case_ids)
        .select_related("case")
        .order_by("due_at", "id")[:50]
    )
    since = clock.now() - timedelta(days=RECENT_INCIDENT_DAYS)
    incidents = list(
        Incident.objects.filter(
            institution_id=actor.institution_id,
            occurred_at__gte=since,
            case__in=case_scope(actor=actor),
        )
        .select_related("case")
        .order_by("-occurred_at", "-id")[:50]
    )
    return ShelterView(residents=residents, beds=beds, tasks=tasks, incidents=incidents)
