"""Live indicators (issue 16): an activity's indicator nrm measures itself — victims
identified, cases referred and assisted, deadlines met — read from a table of the statistics
catalogue named in the profile (`action_plans.live_indicators`: code → table), never free
SQL. Anonymised (the statistics count unique persons) and shown under the public disclosure
rules (`nrm.statistics.display.public`: small cells suppressed): the value is the table's
grand total as the public may see it ("12", or "<5")."""

from datetime import date

from django.conf import settings

from nrm.core import clock
from nrm.jurisdictions import get_profile
from nrm.statistics import catalogue, display
from nrm.statistics.table import Period


def indicator(code: str):
    rules = get_profile(settings.NRM_JURISDICTION).action_plans
    if rules is None:
        return None
    return next((i for i in rules.live_indicators if i.code == code), None)


def value(code: str, *, year: int) -> str | None:
    """The indicator's value for a calendar year; None for an unknown indicator or table."""
    found = indicator(code)
    if found is None or found.table not in catalogue.codes():
        return None
    period = Period(kind="year", start=date(year, 1, 1), end=date(year, 12, 31))
    table = catalogue.get(found.table).build(period, clock.now())
    if not table.rows or not table.columns:
        return None
    shown = display.public(table)
    return shown.cells.get((table.rows[-1].code, table.columns[-1].code))


def values(code: str, *, years: range) -> list[tuple[int, str | None]]:
    return [(year, value(code, year=year)) for year in years]
