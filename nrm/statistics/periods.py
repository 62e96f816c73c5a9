"""Reference periods (domain/statistics.md §7.1.8): a calendar month, a quarter, the
cumulative 3/6/9/12 months from January (Kosovo's reporting chain), a year, several years.
Made from their parts (the pages' choices) or read back from `Period.code` (the API, the
file links); labels for people in the active language."""

import calendar
import re
from datetime import date

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nrm.core import clock
from nrm.statistics.table import Period

KINDS = {
    "month": gettext_lazy("Month"),
    "quarter": gettext_lazy("Quarter"),
    "cumulative": gettext_lazy("Cumulative from January"),
    "year": gettext_lazy("Year"),
    "years": gettext_lazy("Several years"),
}
CUMULATIVE_MONTHS = (3, 6, 9, 12)
FIRST_YEAR, LAST_YEAR = 2000, 2100


class BadPeriod(ValueError):
    """A period code or choice that names no period nrm offers."""


def _last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _year(year: int) -> int:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise BadPeriod(year)
    return year


def month(year: int, number: int) -> Period:
    if not 1 <= number <= 12:
        raise BadPeriod(number)
    return Period("month", date(_year(year), number, 1), _last_day(year, number))


def quarter(year: int, number: int) -> Period:
    if not 1 <= number <= 4:
        raise BadPeriod(number)
    first = 3 * (number - 1) + 1
    return Period("quarter", date(_year(year), first, 1), _last_day(year, first + 2))


def cumulative(year: int, months: int) -> Period:
    if months not in CUMULATIVE_MONTHS:
        raise BadPeriod(months)
    return Period("cumulative", date(_year(year), 1, 1), _last_day(year, months))


def year(number: int) -> Period:
    return Period("year", date(_year(number), 1, 1), date(number, 12, 31))


def years(first: int, last: int) -> Period:
    if _year(first) >= _year(last):
        raise BadPeriod((first, last))
    return Period("years", date(first, 1, 1), date(last, 12, 31))


def choose(kind: str, year_: int, part: int | None = None, first_year: int | None = None):
    """The period of the pages' choices: a kind, a year, and the month, quarter or number of
    cumulative months (or the first year of several)."""
    if kind == "year":
        return year(year_)
    if kind == "years":
        return years(first_year if first_year is not None else year_ - 4, year_)
    if part is None:
        raise BadPeriod(kind)
    makers = {"month": month, "quarter": quarter, "cumulative": cumulative}
    if kind not in makers:
        raise BadPeriod(kind)
    return makers[kind](year_, part)


_YEAR = re.compile(r"^(\d{4})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_RANGE = re.compile(r"^(\d{4})-(\d{2})\.\.(\d{4})-(\d{2})$")


def parse(code: str) -> Period:
    """`Period.code` back into the period: "2024", "2024-Q1", "2024-03", "2024-01..2024-06"
    (cumulative from January) or "2020-01..2024-12" (several years). BadPeriod otherwise."""
    code = (code or "").strip()
    if m := _YEAR.match(code):
        return year(int(m[1]))
    if m := _MONTH.match(code):
        return month(int(m[1]), int(m[2]))
    if m := _QUARTER.match(code):
        return quarter(int(m[1]), int(m[2]))
    if m := _RANGE.match(code):
        y1, m1, y2, m2 = (int(g) for g in m.groups())
        if y1 == y2 and m1 == 1:
            return cumulative(y1, m2)
        if m1 == 1 and m2 == 12:
            return years(y1, y2)
    raise BadPeriod(code)


def months_of(period: Period) -> list[Period]:
    """The calendar months of a period, in order."""
    found, first = [], period.start
    while first <= period.end:
        found.append(month(first.year, first.month))
        first = clock.add_months(first, 1)
    return found


def label(period: Period) -> str:
    """The period for people, in the active language."""
    if period.kind == "year":
        return str(period.start.year)
    if period.kind == "month":
        return formats.date_format(period.start, "YEAR_MONTH_FORMAT")
    if period.kind == "quarter":
        number = (period.start.month - 1) // 3 + 1
        return _("Quarter %(number)s %(year)s") % {"number": number, "year": period.start.year}
    if period.kind == "cumulative":
        return _("January–%(month)s %(year)s (%(months)s months)") % {
            "month": formats.date_format(period.end, "F"),
            "year": period.start.year,
            "months": period.end.month,
        }
    return f"{period.start.year}–{period.end.year}"
