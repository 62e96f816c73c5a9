"""Small tables for the disclosure tests (no database)."""

from datetime import date

from nrm.statistics.table import TOTAL, Label, Period, Table

YEAR_2024 = Period("year", date(2024, 1, 1), date(2024, 12, 31))


def month(m: int, year: int = 2024) -> Period:
    start = date(year, m, 1)
    end = date(year + (m == 12), m % 12 + 1, 1)
    return Period("month", start, date.fromordinal(end.toordinal() - 1))


def quarter(q: int, year: int = 2024) -> Period:
    first, last = month(3 * q - 2, year), month(3 * q, year)
    return Period("quarter", first.start, last.end)


def grid(code: str, period: Period, inner: dict[str, dict[str, int]], **kw) -> Table:
    """A table with TOTAL margins from a {row: {column: count}} grid."""
    rows = list(inner)
    cols = list(next(iter(inner.values())))
    counts: dict[tuple[str, str], int | None] = {}
    for r in rows:
        for c in cols:
            counts[(r, c)] = inner[r][c]
        counts[(r, TOTAL)] = sum(inner[r].values())
    for c in cols:
        counts[(TOTAL, c)] = sum(inner[r][c] for r in rows)
    counts[(TOTAL, TOTAL)] = sum(counts[(r, TOTAL)] for r in rows)
    return Table(
        code=code,
        title=code,
        period=period,
        rows=[Label(r, r) for r in rows] + [Label(TOTAL, "Total")],
        columns=[Label(c, c) for c in cols] + [Label(TOTAL, "Total")],
        counts=counts,
        **kw,
    )


SEX_AGE = ("F_LT18", "F_GE18", "M_LT18", "M_GE18")


def t02(period: Period = YEAR_2024, md_female_child: int = 3) -> Table:
    """T02 by citizenship × sex/age, the MD female-child cell = 3 (§7.5 check 7)."""
    return grid(
        "T02",
        period,
        {
            "AL": {"F_LT18": 21, "F_GE18": 30, "M_LT18": 14, "M_GE18": 19},
            "MD": {"F_LT18": md_female_child, "F_GE18": 6, "M_LT18": 0, "M_GE18": 5},
            "XK": {"F_LT18": 7, "F_GE18": 9, "M_LT18": 6, "M_GE18": 8},
        },
    )
