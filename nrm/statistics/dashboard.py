"""The statistics on the coordinators' dashboard (issue 14 item 6, docs/charts.md): five tables
of the last 12 months — the monthly trend (T06), by form of exploitation (T03A), by
identifying body (T05), days from identification to decision (T15), deadlines met (TDL) —
built through the catalogue, shown under the public disclosure rules (`_public`) as a chart
with its table beside it.

Fast: a table is kept (Django's cache, per process) under its code, its period, the day and
the newest audit event — every write to the data writes one, so any change rebuilds the tables
at the next visit, and a dashboard visited again without a change costs one query."""

import inspect
from datetime import date, timedelta

from django.core.cache import cache
from django.utils.translation import gettext_lazy

from nrm.accounts.capabilities import Capability
from nrm.audit.models import AuditEvent
from nrm.core import clock
from nrm.registry.doors import DashboardSection
from nrm.statistics import catalogue, display, tables
from nrm.statistics.charts import table_chart
from nrm.statistics.table import Period, Table

TABLES = ("T06", "T03A", "T05", "T15", "TDL")
# What each chart draws (nrm.statistics.tables' column codes); the others: the TOTAL column.
# The bulletin's four steps as lines (the pending counts stay in the table); the median and
# p90 days, not the persons decided; deadlines as stacked parts of each rule's bar.
CHARTED = {
    "T06": ("SCREENED", "PRESUMED", "IDENTIFIED", "NOT_IDENTIFIED"),
    "T15": ("MEDIAN_DAYS", "P90_DAYS"),
    "TDL": ("MET_ON_TIME", "MET_LATE", "MISSED", "OPEN"),
}
MONTHS = 12
CACHE_SECONDS = 600


def may_see(actor) -> bool:
    """The dashboard's readers: the AP secretariat and whoever monitors the deadlines (the
    registry shows the dashboard to no one else; this keeps the section closed all the same)."""
    return actor.can(Capability.CASE_READ_ALL) or actor.can(Capability.DEADLINES_MONITOR)


def last_months(today: date, months: int = MONTHS) -> Period:
    """The `months` whole calendar months up to and including the current one."""
    start = clock.month_start(today, months - 1)
    end = clock.add_months(clock.month_start(today), 1) - timedelta(days=1)
    return Period(kind="years", start=start, end=end)


def _public(table: Table):
    """The table as the public may see it (`display.public`: its small cells suppressed);
    `table_chart` and `table_grid` take a `Published`."""
    return display.public(table)


def _data_version() -> int:
    """The newest audit event's id: it changes with every write to the data."""
    return AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def _built(codes: list[str], period: Period, version: str) -> dict[str, Table]:
    """The tables, kept or built; the builders that take the shared facts get one set of
    facts between them (a person's facts are the cost: built once, not once a table)."""
    keys = {code: f"nrm.statistics.dashboard:{code}:{period.code}:{version}" for code in codes}
    kept = cache.get_many(list(keys.values()))
    out = {code: kept[key] for code, key in keys.items() if key in kept}
    missing = [code for code in codes if code not in out]
    if missing:
        now, shared = clock.now(), {}
        with tables.no_cyclic_gc():
            for code in missing:
                build = catalogue.get(code).build
                if "facts" in inspect.signature(build).parameters:
                    if "facts" not in shared:
                        shared["facts"] = tables.facts_as_of(now)
                    out[code] = build(period, now, facts=shared["facts"])
                else:
                    out[code] = build(period, now)
        cache.set_many({keys[code]: out[code] for code in missing}, CACHE_SECONDS)
    return out


def context(actor) -> dict | None:
    if not may_see(actor):
        return None
    codes = [code for code in TABLES if code in catalogue.codes()]  # those with a builder
    if not codes:
        return None
    today = clock.today()
    period = last_months(today)
    version = f"{today:%Y%m%d}:{_data_version()}"
    charts = []
    built = _built(codes, period, version)
    for code in codes:
        table = built[code]
        shown, key = _public(table), f"dash-{code.lower()}"
        chart = table_chart(shown, key=key, columns=CHARTED.get(code, ()))
        charts.append({"key": key, "title": table.title, "table": shown, "chart": chart})
    return {"charts": charts, "period": period}


def section_context(actor) -> dict | None:
    """The dashboard's section: a placeholder the page fills after it has loaded
    (`views.dashboard_charts`), so building the tables never slows the dashboard itself."""
    if not may_see(actor) or not any(code in catalogue.codes() for code in TABLES):
        return None
    return {"lazy": True}


SECTION = DashboardSection(
    title=gettext_lazy("Statistics of the last 12 months"),
    template="statistics/_dashboard.html",
    context=section_context,
)
