"""Throw-away table builders for the chart tests: the real builders (nrm.statistics.tables)
come from another branch. `register(monkeypatch)` puts them in the catalogue for one test."""

from datetime import date

from django.db.models import Count
from django.db.models.functions import TruncMonth

from nrm.core import clock
from nrm.statistics import catalogue
from nrm.statistics.table import TOTAL, Label, Period, Table

TOTAL_LABEL = Label(TOTAL, "Total")


def months(period: Period) -> list[date]:
    out, month = [], period.start.replace(day=1)
    while month <= period.end:
        out.append(month)
        month = clock.add_months(month, 1)
    return out


def t06(period: Period, cutoff) -> Table:
    """Cases opened by month (one query, like a real builder's), as the bulletin's trend."""
    from nrm.registry.models import Case

    opened = dict(
        Case.objects.filter(created_at__date__gte=period.start, created_at__lte=cutoff)
        .annotate(month=TruncMonth("created_at"))
        .values_list("month")
        .annotate(n=Count("id"))
        .values_list("month", "n")
    )
    opened = {m.date() if hasattr(m, "date") else m: n for m, n in opened.items()}
    rows = [Label(f"{m:%Y-%m}", f"{m:%m.%Y}") for m in months(period)]
    columns = [
        Label("SCREENED", "Screened or referred"),
        Label("PRESUMED", "Presumed victims"),
        Label("IDENTIFIED", "Identified victims"),
        Label("NOT_IDENTIFIED", "Not identified"),
        Label("PENDING_30", "Pending more than 30 days"),
    ]
    counts = {}
    for row, month in zip(rows, months(period), strict=True):
        n = opened.get(month, 0)
        for share, column in zip((1, 0.8, 0.5, 0.2, 0.1), columns, strict=True):
            counts[(row.code, column.code)] = round(n * share)
    return Table("T06", "Identification bulletin", period, rows, columns, counts)


def categories(code: str, title: str, names: list[str], values: list) -> catalogue.Builder:
    def build(period: Period, cutoff) -> Table:
        rows = [Label(f"R{i}", name) for i, name in enumerate(names)] + [TOTAL_LABEL]
        columns = [Label("F", "Female"), TOTAL_LABEL]
        counts = {(f"R{i}", TOTAL): v for i, v in enumerate(values)}
        counts.update({(f"R{i}", "F"): v for i, v in enumerate(values)})
        counts[(TOTAL, TOTAL)] = sum(values)
        return Table(code, title, period, rows, columns, counts)

    return build


def t15(period: Period, cutoff) -> Table:
    rows = [Label(f"{m:%Y-%m}", f"{m:%m.%Y}") for m in months(period)]
    columns = [
        Label("DECIDED", "Persons decided"),
        Label("MEDIAN_DAYS", "Median days to the decision"),
        Label("P90_DAYS", "90th percentile of days"),
    ]
    counts = {}
    for i, r in enumerate(rows):
        counts[(r.code, "DECIDED")] = 3 + i % 4
        counts[(r.code, "MEDIAN_DAYS")] = 20 + i
        counts[(r.code, "P90_DAYS")] = 45 + 2 * i
    return Table("T15", "Days from identification to decision", period, rows, columns, counts)


def tdl(period: Period, cutoff) -> Table:
    rules = [Label("notify_pmf", "Notify the PMF"), Label("interview", "Interview"), TOTAL_LABEL]
    columns = [
        Label("DUE", "Due in the period"),
        Label("MET_ON_TIME", "Met on time"),
        Label("MET_LATE", "Met late"),
        Label("MISSED", "Missed"),
        Label("OPEN", "Still open"),
    ]
    parts = {"notify_pmf": (20, 3, 1, 2), "interview": (9, 0, 4, 1)}
    parts[TOTAL] = tuple(map(sum, zip(*parts.values(), strict=True)))
    counts = {}
    for rule, values in parts.items():
        counts[(rule, "DUE")] = sum(values)
        for column, value in zip(columns[1:], values, strict=True):
            counts[(rule, column.code)] = value
    return Table("TDL", "Deadlines met, by rule", period, rules, columns, counts, unit="deadlines")


BUILDERS = {
    "T06": t06,
    "T03A": categories(
        "T03A",
        "By form of exploitation",
        ["Sexual exploitation", "Forced labour or services", "Forced begging", "Multiple forms"],
        [31, 12, 7, 4],
    ),
    "T05": categories(
        "T05", "By identifying body", ["State Police", "Social services", "NGO"], [40, 9, 6]
    ),
    "T15": t15,
    "TDL": tdl,
}


def register(monkeypatch, codes=tuple(BUILDERS)) -> None:
    for code in codes:
        monkeypatch.setitem(catalogue._SPECS, code, catalogue.TableSpec(code, BUILDERS[code]))
