"""Reconciliation of the agencies' records (issue 14 item 4, docs/disclosure.md).

For each unique person (`nrm.linkage.selectors.person_uids`) it compares what the police
(cases opened by an institution of the profile's `statistics.police_institution_types`),
the NRM (the identification status decided on a case) and the shelters (admissions) record,
and lists each mismatch by case reference — only the cases the viewer may see
(`case_scope`), with a count of the others. Opening it writes an access-log read for every
case listed. Figures are read whole (a report across agencies), references shown scoped."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from nrm.audit.services import access_record
from nrm.core.errors import NotFound
from nrm.jurisdictions.registry import get_profile
from nrm.linkage.selectors import person_uids
from nrm.registry.models import Case, CaseGrant, GrantStatus
from nrm.registry.selectors import case_scope
from nrm.shelters.models import Residence
from nrm.statistics.audit_codes import StatisticsCode
from nrm.statistics.selectors import may_publish, statistics_rules

# kind → what it means, in the order the page lists them
KINDS = {
    "shelter_without_status": _("In a shelter with no registered status"),
    "police_not_referred": _("A police case not referred to the NRM"),
    "status_disagree": _("Agencies' records disagree on the status"),
    "age_disagree": _("Agencies' records disagree on child or adult"),
    "several_agencies": _("Counted by several agencies"),
}


@dataclass
class Mismatch:
    kind: str
    references: list[str]  # the cases the viewer may see
    case_ids: list[int]
    hidden: int  # the person's other cases in this mismatch, not shown

    @property
    def label(self) -> str:
        return str(KINDS[self.kind])

    @property
    def pairs(self) -> list[tuple[str, int]]:
        return list(zip(self.references, self.case_ids, strict=True))


@dataclass
class Reconciliation:
    persons: int  # unique persons compared
    mismatches: list[Mismatch] = field(default_factory=list)
    others: int = 0  # mismatches of cases the viewer may not see at all

    def counts(self) -> dict[str, int]:
        found: dict[str, int] = dict.fromkeys(KINDS, 0)
        for m in self.mismatches:
            found[m.kind] += 1
        return found


def _rows():
    return list(
        Case.objects.values_list(
            "id",
            "reference",
            "person_id",
            "owner_institution_id",
            "owner_institution__type",
            "identification_status",
            "is_child",
        )
    )


def reconcile(*, actor) -> Reconciliation:
    """The comparison, without recording the reading (`reconciliation_open` does)."""
    if not may_publish(actor):
        raise NotFound()
    profile = get_profile(settings.NRM_JURISDICTION)
    police_types = set(statistics_rules(profile).police_institution_types)
    initial = profile.initial_status
    rows = _rows()
    uid = person_uids(r[2] for r in rows)
    sheltered = set(Residence.objects.values_list("case_id", flat=True))
    referred = set(
        CaseGrant.objects.filter(status=GrantStatus.ACCEPTED)
        .exclude(institution__type__in=police_types)
        .values_list("case_id", flat=True)
    )
    visible = set(case_scope(actor=actor).values_list("id", flat=True))
    by_person: dict[int, list[tuple]] = defaultdict(list)
    for r in rows:
        by_person[uid[r[2]]].append(r)
    found: list[tuple[str, list[tuple]]] = []
    for cases in by_person.values():
        statuses = {c[5] for c in cases if c[5] != initial}
        police = [c for c in cases if c[4] in police_types]
        shelter = [c for c in cases if c[0] in sheltered]
        if shelter and not statuses:
            found.append(("shelter_without_status", shelter))
        lost = [c for c in police if c[0] not in referred]
        if lost and not statuses and len(police) == len(cases):
            found.append(("police_not_referred", lost))
        if len(statuses) > 1:
            found.append(("status_disagree", [c for c in cases if c[5] != initial]))
        if len({c[6] for c in cases}) > 1:
            found.append(("age_disagree", cases))
        if len({c[3] for c in cases}) > 1:
            found.append(("several_agencies", cases))
    result = Reconciliation(persons=len(by_person))
    order = list(KINDS)
    for kind, cases in sorted(found, key=lambda f: (order.index(f[0]), min(c[1] for c in f[1]))):
        shown = sorted((c[1], c[0]) for c in cases if c[0] in visible)
        if not shown:
            result.others += 1
            continue
        result.mismatches.append(
            Mismatch(
                kind=kind,
                references=[ref for ref, _ in shown],
                case_ids=[pk for _, pk in shown],
                hidden=len(cases) - len(shown),
            )
        )
    return result


@transaction.atomic
def reconciliation_open(*, actor) -> Reconciliation:
    """The reconciliation as a page shows it: every case listed is a read of that case."""
    result = reconcile(actor=actor)
    for case_id in sorted({pk for m in result.mismatches for pk in m.case_ids}):
        access_record(actor=actor, case_id=case_id, action=StatisticsCode.RECONCILIATION_READ)
    return result
