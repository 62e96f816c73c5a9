"""A toy table builder for the release tests: cases opened in the period and not after the
cut-off, by identification status × child/adult (the real builders are nrm.statistics.tables)."""

from contextlib import contextmanager
from datetime import datetime, time

from django.utils import timezone

from nrm.statistics import catalogue
from nrm.statistics.table import TOTAL, Label, Period, Table

CODE = "TZZ"
STATUSES = ("none", "potential_victim", "victim", "not_recognised")
AGES = ("child", "adult")


def build(period: Period, cutoff: datetime) -> Table:
    """The status each case had at the cut-off (its last status change before it)."""
    from nrm.registry.models import Case, CaseStatusChange

    start = timezone.make_aware(datetime.combine(period.start, time.min))
    end = timezone.make_aware(datetime.combine(period.end, time.max))
    counts: dict[tuple[str, str], int | None] = {}
    rows = Case.objects.filter(created_at__gte=start, created_at__lte=min(end, cutoff))
    status = dict(
        CaseStatusChange.objects.filter(
            field="identification_status", at__lte=cutoff, case__in=rows
        )
        .order_by("at", "id")
        .values_list("case_id", "to_value")
    )
    found = [(status.get(pk, "none"), child) for pk, child in rows.values_list("id", "is_child")]
    for s in STATUSES:
        for a in AGES:
            counts[(s, a)] = sum(1 for st, ch in found if st == s and ch == (a == "child"))
        counts[(s, TOTAL)] = sum(counts[(s, a)] for a in AGES)
    for a in AGES:
        counts[(TOTAL, a)] = sum(counts[(s, a)] for s in STATUSES)
    counts[(TOTAL, TOTAL)] = len(found)
    return Table(
        code=CODE,
        title="Toy",
        period=period,
        rows=[Label(s, s) for s in STATUSES] + [Label(TOTAL, "Total")],
        columns=[Label(a, a) for a in AGES] + [Label(TOTAL, "Total")],
        counts=counts,
        sensitive=(),
    )


SPEC = catalogue.TableSpec(code=CODE, build=build)


@contextmanager
def registered():
    """The toy builder in the catalogue for the block, removed after."""
    catalogue.register(SPEC)
    try:
        yield SPEC
    finally:
        catalogue._SPECS.pop(CODE, None)
