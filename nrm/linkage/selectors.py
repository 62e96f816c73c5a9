"""Reads of unique persons: who reviews, the queue, a pair's two sides, a person's other
records. Every read of case data goes through `registry.selectors.case_scope`; a link never
widens it."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db.models import Q, QuerySet

from nrm.core import clock
from nrm.core.errors import NotFound
from nrm.jurisdictions import get_profile
from nrm.linkage.models import CandidateStatus, LinkDecision, MatchCandidate, PersonLink
from nrm.registry.models import Case, Person
from nrm.registry.selectors import case_scope
from nrm.registry.sensitivity import IDENTITY, class_cases


def person_uids(person_ids: Iterable[int], *, as_of: datetime | None = None) -> dict[int, int]:
    """The unique person of each record: the smallest person id of its component of live
    `same` links (a record with no link is its own). `as_of`: the links as they stood then
    (decided by then, not yet undone), so a statistics release is rebuilt with the persons it
    counted. Not scoped: it returns ids only and is read by statistics, which never show a
    person."""
    wanted = set(person_ids)
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        root = x
        while parent.get(root, root) != root:
            root = parent[root]
        while parent.get(x, x) != root:  # path compression
            parent[x], x = root, parent[x]
        return root

    links = PersonLink.objects.filter(decision=LinkDecision.SAME)
    if as_of is None:
        links = links.filter(undone_at__isnull=True)
    else:
        links = links.filter(decided_at__lte=as_of).filter(
            Q(undone_at__isnull=True) | Q(undone_at__gt=as_of)
        )
    links = links.values_list("person_a_id", "person_b_id")
    for a, b in links.iterator():
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return {p: find(p) for p in wanted}


def linked_persons(person_id: int) -> set[int]:
    """The other records of the same unique person (the component of live `same` links,
    `person_id` itself left out)."""
    live = PersonLink.objects.filter(decision=LinkDecision.SAME, undone_at__isnull=True)
    seen, frontier = {person_id}, [person_id]
    while frontier:
        pairs = live.filter(Q(person_a_id__in=frontier) | Q(person_b_id__in=frontier))
        found = {p for pair in pairs.values_list("person_a_id", "person_b_id") for p in pair}
        frontier = list(found - seen)
        seen |= found
    return seen - {person_id}


# --- who reviews -----------------------------------------------------------------------------


def reviewer(actor) -> bool:
    """A member with one of the profile's `linkage.review_roles`."""
    block = get_profile(settings.NRM_JURISDICTION).linkage
    return bool(
        actor is not None
        and block is not None
        and actor.institution_id is not None
        and actor.role in block.review_roles
    )


def require_reviewer(actor) -> None:
    """Anyone else learns nothing: 404, as for a record they may not see."""
    if not reviewer(actor):
        raise NotFound()


# --- the queue -------------------------------------------------------------------------------


def candidate_queue(*, actor) -> QuerySet[MatchCandidate]:
    """Open pairs, the newest scan first and, within it, the most probable."""
    require_reviewer(actor)
    return MatchCandidate.objects.filter(status=CandidateStatus.OPEN).order_by(
        "-found_at", "-probability", "pk"
    )


def candidate_get(*, actor, id: int) -> MatchCandidate:
    require_reviewer(actor)
    try:
        return MatchCandidate.objects.select_related("person_a", "person_b").get(pk=id)
    except (MatchCandidate.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def live_link(person_a: int, person_b: int) -> PersonLink | None:
    a, b = sorted((person_a, person_b))
    return PersonLink.objects.filter(person_a_id=a, person_b_id=b, undone_at__isnull=True).first()


def link_get(*, actor, id: int) -> PersonLink:
    require_reviewer(actor)
    try:
        return PersonLink.objects.get(pk=id)
    except (PersonLink.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


# --- one side of a pair ----------------------------------------------------------------------


@dataclass
class CaseRef:
    id: int | None  # None: the reader may not see this case
    reference: str
    institution: str


@dataclass
class Side:
    """What a reviewer sees of one person record: the name only when they may see one of
    its cases and that case's identity class (registry.sensitivity); sex, age or year of
    birth, citizenship; each case's reference (visible ones) and institution."""

    person_id: int
    name: str | None
    sex: str
    born: str  # year of birth, or "~age" when only an estimate is known
    citizenship: str
    cases: list[CaseRef] = field(default_factory=list)

    @property
    def visible_case_ids(self) -> list[int]:
        return [c.id for c in self.cases if c.id is not None]


def sides(*, actor, persons: list[Person]) -> list[Side]:
    """One Side per person, in order (two queries for the cases)."""
    ids = [p.pk for p in persons]
    cases = Case.objects.filter(person_id__in=ids).select_related("owner_institution")
    scoped = case_scope(actor=actor).filter(person_id__in=ids)
    visible = set(scoped.values_list("pk", flat=True))
    # The name: only where a visible case also shows its identity class to this reader.
    identity = class_cases(actor, IDENTITY)
    named = (
        set(scoped.filter(identity).values_list("person_id", flat=True))
        if identity is not None
        else set()
    )
    by_person: dict[int, list[Case]] = defaultdict(list)
    for case in cases.order_by("created_at", "pk"):
        by_person[case.person_id].append(case)
    year = clock.today().year
    out = []
    for person in persons:
        refs = [
            CaseRef(
                c.pk if c.pk in visible else None,
                c.reference if c.pk in visible else "",
                c.owner_institution.name,
            )
            for c in by_person[person.pk]
        ]
        shown = person.pk in named and not person.anonymised_at
        if person.date_of_birth:
            born = person.date_of_birth[:4]
        elif person.estimated_age is not None:
            born = str(year - person.estimated_age)
        else:
            born = ""
        out.append(
            Side(
                person_id=person.pk,
                name=person.display_name if shown else None,
                sex=person.get_sex_display(),
                born=born,
                citizenship=person.citizenship,
                cases=refs,
            )
        )
    return out


# --- the case page's panel -------------------------------------------------------------------


@dataclass(frozen=True)
class AlsoRecorded:
    visible: list[Case]  # the linked records' cases the viewer may see
    hidden: int  # how many others there are


def also_recorded(*, actor, case: Case) -> AlsoRecorded:
    others = linked_persons(case.person_id)
    if not others:
        return AlsoRecorded([], 0)
    cases = Case.objects.filter(person_id__in=others).exclude(pk=case.pk)
    visible = list(
        case_scope(actor=actor)
        .filter(person_id__in=others)
        .exclude(pk=case.pk)
        .select_related("owner_institution")
        .order_by("created_at", "pk")
    )
    return AlsoRecorded(visible, cases.count() - len(visible))
