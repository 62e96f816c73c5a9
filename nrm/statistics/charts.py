"""A statistics table drawn as a chart (issue 14 item 6, docs/charts.md): `table_chart` picks
the chart for a `Table` or a `Published` table — rows by month: a trend (the TOTAL column as
columns, or every column as lines when there is no TOTAL); rows of categories: horizontal bars
of the TOTAL column. A published cell that is not a number ("<5", "c") stays text: the chart
draws it hatched, never as a bar. `table_grid` gives the same numbers as rows for the table
drawn beside every chart."""

import re
from dataclasses import dataclass
from datetime import date

from django.utils.formats import date_format
from django.utils.safestring import SafeString

from nrm.core import charts
from nrm.statistics.table import TOTAL, Published, Table

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def _parts(table_or_published: Table | Published) -> tuple[Table, dict]:
    """The table and its cells as chart values: numbers, text for a suppressed cell, None."""
    if isinstance(table_or_published, Published):
        values: dict = {}
        for cell, text in table_or_published.cells.items():
            text = (text or "").strip()
            if not text:
                values[cell] = None
            elif _NUMBER.match(text):
                values[cell] = float(text) if "." in text else int(text)
            else:
                values[cell] = text
        return table_or_published.table, values
    return table_or_published, dict(table_or_published.counts)


def _month(code: str) -> date | None:
    match = _MONTH.match(code)
    return date(int(match[1]), int(match[2]), 1) if match else None


def by_month(table: Table) -> bool:
    rows = [row for row in table.rows if row.code != TOTAL]
    return bool(rows) and all(_month(row.code) for row in rows)


def _key(table: Table, key: str | None) -> str:
    return key or "t-" + re.sub(r"[^A-Za-z0-9_-]", "", table.code.lower())


def table_chart(
    table_or_published: Table | Published, *, key: str | None = None, column: str | None = None
) -> SafeString:
    """The chart for a table; `key` keeps its ids unique on a page of several charts,
    `column` chooses the column drawn (by default TOTAL, or the only column)."""
    table, values = _parts(table_or_published)
    rows = [row for row in table.rows if row.code != TOTAL]
    codes = [col.code for col in table.columns]
    key = _key(table, key)
    if column is None and (TOTAL in codes or len(codes) == 1):
        column = TOTAL if TOTAL in codes else codes[0]
    if by_month(table):
        months = [_month(row.code) for row in rows]
        ticks = [
            date_format(m, "M") + (f"\n{m.year}" if i == 0 or m.month == 1 else "")
            for i, m in enumerate(months)
        ]
        shown = [col for col in table.columns if col.code == column] if column else table.columns
        series = [
            charts.Series(col.label, tuple(values.get((row.code, col.code)) for row in rows))
            for col in shown
        ]
        return charts.trend_chart(
            key=key,
            title=table.title,
            labels=[row.label for row in rows],
            ticks=ticks,
            series=series,
        )
    if column is None and codes:
        column = codes[-1]
    return charts.bar_chart(
        key=key,
        title=table.title,
        labels=[row.label for row in rows],
        values=[values.get((row.code, column)) for row in rows],
    )


@dataclass(frozen=True)
class Grid:
    """A table's cells as people read them: the column headings, then each row's label and
    its cells' text (numbers in the active language, suppressed cells as published)."""

    columns: list[str]
    rows: list[tuple[str, list[str]]]
    suppressed: bool


def table_grid(table_or_published: Table | Published) -> Grid:
    table, values = _parts(table_or_published)
    return Grid(
        columns=[col.label for col in table.columns],
        rows=[
            (row.label, [charts.fmt(values.get((row.code, col.code))) for col in table.columns])
            for row in table.rows
        ],
        suppressed=any(isinstance(value, str) for value in values.values()),
    )
