"""Every read of case data. `case_scope` is the one place that decides who sees which case;
UI, API, search and exports all start from it. It denies by default."""

import re
from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum

from nrm.accounts.capabilities import Capability
from nrm.core.errors import NotFound
from nrm.registry.models import (
    Case,
    CaseGrant,
    CaseProcedure,
    CaseStatusChange,
    CaseTally,
    GrantStatus,
    PersonNameToken,
)
from nrm.registry.name_tokens import query_digests
from nrm.registry.sensitivity import name_search_cases

REFERENCE_RE = re.compile(r"^[A-Za-z]{2,4}-\d{4}-\d{1,6}$")
PARTIAL_REFERENCE_RE = re.compile(r"^[A-Za-z]{0,4}-?\d[\d-]*$|^[A-Za-z]{2,4}-$")


def case_scope(*, actor) -> QuerySet[Case]:
    if actor is None or not actor.can(Capability.CASE_READ):
        return Case.objects.none()
    if actor.can(Capability.CASE_READ_ALL):
        return Case.objects.all()
    if actor.institution_id is None:
        return Case.objects.none()
    # The granted ids are read first, on purpose: `owner = X OR id IN (SELECT ...)` makes
    # PostgreSQL filter every case row through a hashed subplan (a full scan: 30 ms at
    # 100,000 cases for a count), while `owner = X OR id IN (1, 2, ...)` is two index scans
    # (docs/performance.md).
    granted = list(
        CaseGrant.objects.filter(
            institution_id=actor.institution_id, status=GrantStatus.ACCEPTED
        ).values_list("case_id", flat=True)
    )
    owned = Q(owner_institution_id=actor.institution_id)
    return Case.objects.filter(owned | Q(id__in=granted) if granted else owned)


def case_get(*, actor, id: int) -> Case:
    """The case if the actor may see it; NotFound otherwise, whether it exists or not."""
    try:
        case = case_scope(actor=actor).select_related("person", "owner_institution").get(pk=id)
    except (Case.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None
    case._scoped_for = _scope_key(actor)
    return case


def _scope_key(actor) -> tuple:
    """Who a case was fetched for: the same user, institution and capabilities see the same."""
    if actor is None:
        return ()
    return (getattr(actor.user, "pk", None), actor.institution_id, actor.capabilities)


def case_in_scope(*, actor, case: Case) -> Case:
    """`case` if the actor may see it, else NotFound: what every selector of a case's records
    asks first. Free for a case that `case_get` fetched for this actor; one indexed query
    for any other (a case from a list, a service's locked row)."""
    if getattr(case, "_scoped_for", None) == _scope_key(actor) and actor is not None:
        return case
    if not case_scope(actor=actor).filter(pk=case.pk).exists():
        raise NotFound()
    case._scoped_for = _scope_key(actor)
    return case


@dataclass(frozen=True)
class CaseFilters:
    q: str = ""
    stage: str = ""
    identification_status: str = ""
    county: str = ""
    is_child: bool | None = None
    owner_institution: str = ""
    procedure: str = ""  # cases with this procedure running


def _narrowed(qs: QuerySet, filters: CaseFilters) -> QuerySet:
    """The list filters, for cases and for their tallies alike (same field names)."""
    exact = {
        "stage": filters.stage,
        "identification_status": filters.identification_status,
        "county": filters.county,
        "owner_institution__code": filters.owner_institution,
    }
    qs = qs.filter(**{field: value for field, value in exact.items() if value})
    if filters.is_child is not None:
        qs = qs.filter(is_child=filters.is_child)
    if filters.procedure:
        running = CaseProcedure.objects.filter(
            case_id=OuterRef("pk"), code=filters.procedure, closed_at__isnull=True
        )
        qs = qs.filter(Exists(running))
    return qs


def is_name_search(q: str) -> bool:
    """Whether the search text is a name (not a whole or partial reference)."""
    q = q.strip()
    return bool(q) and not REFERENCE_RE.match(q) and not PARTIAL_REFERENCE_RE.match(q)


def persons_named(text: str) -> Q:
    """Cases whose person has every token of `text` (under any configured index key);
    nothing when the text has no token."""
    groups = query_digests(text)
    if not groups:
        return Q(pk__in=[])
    found = Q()
    for digests in groups:
        holders = PersonNameToken.objects.filter(digest__in=sorted(digests))
        found &= Q(person_id__in=holders.values("person_id"))
    return found


def case_list(*, actor, filters: CaseFilters = CaseFilters()) -> QuerySet[Case]:
    """Visible cases, newest first. `q` is a case reference (whole or part) or a name: the
    persons having every token of it (given or family name, any order, folded as
    `nrm.registry.name_tokens` does), matched through the tokens' blind indexes so names are
    never compared in clear."""
    qs = case_scope(actor=actor)
    q = filters.q.strip()
    if q:
        if REFERENCE_RE.match(q):
            qs = qs.filter(reference=q.upper())
        elif PARTIAL_REFERENCE_RE.match(q):
            qs = qs.filter(reference__icontains=q)
        else:
            qs = qs.filter(persons_named(q))
            # Only among the cases whose identity the caller sees; none without identity.
            allowed = name_search_cases(actor)
            qs = qs.none() if allowed is None else qs.filter(allowed)
    return _narrowed(qs, filters).select_related("owner_institution").order_by("-created_at", "-id")


def case_history(*, actor, case: Case, newest_first=False) -> QuerySet[CaseStatusChange]:
    """`case` must come from case_get, so the scope check has been made."""
    case = case_in_scope(actor=actor, case=case)
    order = ("-at", "-id") if newest_first else ("at", "id")
    return case.status_changes.select_related("by", "by_institution").order_by(*order)


def procedure_open_of(case: Case, code: str) -> CaseProcedure | None:
    """The running procedure `code` of a case the caller already holds (scope checked)."""
    return case.procedures.filter(code=code, closed_at__isnull=True).first()


def open_procedure_states(case: Case) -> dict[str, str]:
    """Code → state of the case's running procedures, oldest first (a case the caller
    already holds)."""
    rows = case.procedures.filter(closed_at__isnull=True).order_by("opened_at", "id")
    return dict(rows.values_list("code", "state"))


def open_procedures(case_ids) -> dict[int, list[str]]:
    """Case id → the codes of its running procedures, for cases already in the caller's
    scope (a list page); one query."""
    found: dict[int, list[str]] = {i: [] for i in case_ids}
    rows = CaseProcedure.objects.filter(case_id__in=list(case_ids), closed_at__isnull=True)
    for case_id, code in rows.order_by("opened_at", "id").values_list("case_id", "code"):
        found[case_id].append(code)
    return found


def case_grants(*, actor, case: Case) -> QuerySet[CaseGrant]:
    case = case_in_scope(actor=actor, case=case)
    return case.grants.select_related("institution").order_by("created_at")


def _tallies(*, actor, filters: CaseFilters):
    """The tally rows answering a count, or None when tallies cannot (a search, or a caller
    who does not see everything, whose scope is not a sum of tallies)."""
    if filters.q.strip() or filters.procedure or not actor.can(Capability.CASE_READ_ALL):
        return None
    return _narrowed(CaseTally.objects.all(), filters)


def case_count(*, actor, filters: CaseFilters = CaseFilters()) -> int:
    rows = _tallies(actor=actor, filters=filters)
    if rows is None:
        return case_list(actor=actor, filters=filters).order_by().count()
    return rows.aggregate(total=Sum("n"))["total"] or 0


@dataclass(frozen=True)
class CasePage:
    """One page of visible cases and the total, shaped like Django's Page for templates."""

    object_list: list
    count: int
    number: int
    page_size: int

    @property
    def paginator(self) -> "CasePage":
        return self

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.count // self.page_size))

    def has_previous(self) -> bool:
        return self.number > 1

    def has_next(self) -> bool:
        return self.number < self.num_pages

    def has_other_pages(self) -> bool:
        return self.has_previous() or self.has_next()

    def previous_page_number(self) -> int:
        return self.number - 1

    def next_page_number(self) -> int:
        return self.number + 1


MAX_PAGE = 1_000_000


def case_page(*, actor, filters: CaseFilters, number: int, page_size: int) -> CasePage:
    number = min(max(1, number), MAX_PAGE)  # a bigger offset overflows the database
    start = (number - 1) * page_size
    rows = list(case_list(actor=actor, filters=filters)[start : start + page_size])
    if number == 1 and len(rows) < page_size:
        count = len(rows)  # everything is on this page: no need to count
    else:
        count = case_count(actor=actor, filters=filters)
    return CasePage(object_list=rows, count=count, number=number, page_size=page_size)


def case_counts(*, actor) -> dict[str, dict[str, int]]:
    """Counts of visible cases by stage and by identification status, for the dashboard."""
    rows = _tallies(actor=actor, filters=CaseFilters())
    if rows is not None:
        grouped = rows.values_list("stage", "identification_status", "is_child").annotate(
            total=Sum("n")
        )
    else:
        # One grouped scan of the visible cases instead of three queries.
        grouped = (
            case_scope(actor=actor)
            .order_by()
            .values_list("stage", "identification_status", "is_child")
            .annotate(total=Count("id"))
        )
    by_stage: dict[str, int] = {}
    by_status: dict[str, int] = {}
    children = 0
    for stage, status, is_child, n in grouped:
        by_stage[stage] = by_stage.get(stage, 0) + n
        by_status[status] = by_status.get(status, 0) + n
        children += n if is_child else 0
    return {"stage": by_stage, "status": by_status, "children": children}


def case_granted_institutions(*, actor, case_ids) -> dict[int, list]:
    """Institutions with an accepted grant on each visible case, newest grant first."""
    visible = case_scope(actor=actor).filter(id__in=list(case_ids)).values("id")
    found: dict[int, list] = {}
    grants = (
        CaseGrant.objects.filter(case_id__in=visible, status=GrantStatus.ACCEPTED)
        .select_related("institution")
        .order_by("-decided_at", "-id")
    )
    for grant in grants:
        found.setdefault(grant.case_id, []).append(grant.institution)
    return found


# --- the "My work" home page (docs/home.md) --------------------------------------------------

NEW_DAYS = 7  # "new" on the home page: opened, or given to the institution, this past week


def home_new_children(*, actor, now, limit: int) -> list[Case]:
    """Children whose case was opened in the actor's scope, or assigned to the actor's
    institution, in the past NEW_DAYS; newest first, at most `limit` + 1 (to say "more")."""
    since = now - timedelta(days=NEW_DAYS)
    new = Q(created_at__gte=since)
    if actor is not None and actor.institution_id is not None:
        assigned = list(
            CaseGrant.objects.filter(
                institution_id=actor.institution_id,
                status=GrantStatus.ACCEPTED,
                created_at__gte=since,
            ).values_list("case_id", flat=True)[:500]
        )
        if assigned:
            new |= Q(id__in=assigned)
    qs = case_scope(actor=actor).filter(new, is_child=True, closed_at__isnull=True)
    return list(qs.order_by("-created_at", "-id")[: limit + 1])


def home_my_cases(*, actor, limit: int) -> list[Case]:
    """The actor's open cases, newest first: their institution's and those shared with it.
    Whoever reads every case (the AP secretariat) gets their own institution's here."""
    qs = case_scope(actor=actor).filter(closed_at__isnull=True)
    if actor is not None and actor.can(Capability.CASE_READ_ALL):
        qs = qs.filter(owner_institution_id=actor.institution_id)
    return list(qs.order_by("-created_at", "-id")[: limit + 1])
