"""Every read of case data. `case_scope` is the one place that decides who sees which case;
UI, API, search and exports all start from it. It denies by default."""

import re
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from nrm.accounts.capabilities import Capability
from nrm.core.crypto import blind_index
from nrm.core.errors import NotFound
from nrm.registry.models import Case, CaseGrant, CaseStatusChange, GrantStatus

REFERENCE_RE = re.compile(r"^[A-Za-z]{2,4}-\d{4}-\d{1,6}$")
PARTIAL_REFERENCE_RE = re.compile(r"^[A-Za-z]{0,4}-?\d[\d-]*$|^[A-Za-z]{2,4}-$")


def case_scope(*, actor) -> QuerySet[Case]:
    if actor is None or not actor.can(Capability.CASE_READ):
        return Case.objects.none()
    if actor.can(Capability.CASE_READ_ALL):
        return Case.objects.all()
    if actor.institution_id is None:
        return Case.objects.none()
    granted = CaseGrant.objects.filter(
        institution_id=actor.institution_id, status=GrantStatus.ACCEPTED
    ).values("case_id")
    return Case.objects.filter(Q(owner_institution_id=actor.institution_id) | Q(id__in=granted))


def case_get(*, actor, id: int) -> Case:
    """The case if the actor may see it; NotFound otherwise, whether it exists or not."""
    try:
        return (
            case_scope(actor=actor)
            .select_related("person", "owner_institution", "created_by")
            .get(pk=id)
        )
    except (Case.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


@dataclass(frozen=True)
class CaseFilters:
    q: str = ""
    stage: str = ""
    identification_status: str = ""
    county: str = ""
    is_child: bool | None = None
    owner_institution: str = ""


def case_list(*, actor, filters: CaseFilters = CaseFilters()) -> QuerySet[Case]:
    """Visible cases, newest first. `q` is a case reference (whole or part) or an exact
    full name, matched through the blind index so names are never compared in clear."""
    qs = case_scope(actor=actor)
    q = filters.q.strip()
    if q:
        if REFERENCE_RE.match(q):
            qs = qs.filter(reference=q.upper())
        elif PARTIAL_REFERENCE_RE.match(q):
            qs = qs.filter(reference__icontains=q)
        else:
            parts = q.split()
            name_keys = {blind_index(q)}
            if len(parts) > 1:
                name_keys.add(blind_index(" ".join(parts[1:]) + " " + parts[0]))
            qs = qs.filter(person__name_index__in=name_keys)
    if filters.stage:
        qs = qs.filter(stage=filters.stage)
    if filters.identification_status:
        qs = qs.filter(identification_status=filters.identification_status)
    if filters.county:
        qs = qs.filter(county=filters.county)
    if filters.is_child is not None:
        qs = qs.filter(is_child=filters.is_child)
    if filters.owner_institution:
        qs = qs.filter(owner_institution__code=filters.owner_institution)
    return qs.select_related("owner_institution").order_by("-created_at", "-id")


def case_history(*, actor, case: Case) -> QuerySet[CaseStatusChange]:
    """`case` must come from case_get, so the scope check has been made."""
    return case.status_changes.select_related("by", "by_institution").order_by("at", "id")


def case_grants(*, actor, case: Case) -> QuerySet[CaseGrant]:
    return case.grants.select_related("institution").order_by("created_at")


def case_counts(*, actor) -> dict[str, dict[str, int]]:
    """Counts of visible cases by stage and by identification status, for the dashboard."""
    from django.db.models import Count

    scope = case_scope(actor=actor)
    by_stage = dict(scope.values_list("stage").annotate(n=Count("id")).values_list("stage", "n"))
    by_status = dict(
        scope.values_list("identification_status")
        .annotate(n=Count("id"))
        .values_list("identification_status", "n")
    )
    children = scope.filter(is_child=True).count()
    return {"stage": by_stage, "status": by_status, "children": children}
