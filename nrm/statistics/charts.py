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
from nrm.statistics.table import TOTAL, Label, Published, Table

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
    table_or_published: Table | Published,
    *,
    key: str | None = None,
    columns: tuple[str, ...] = (),
) -> SafeString:
    """The chart for a table; `key` keeps its ids unique on a page of several charts.
    `columns` chooses what is drawn: by default the TOTAL column (or the only one; by month
    without a TOTAL, every column as a line); several columns of categories are stacked bars
    (deadlines met on time, late, missed), several by month are lines."""
    table, values = _parts(table_or_published)
    rows = [row for row in table.rows if row.code != TOTAL]
    labels = [row.label for row in rows]
    key = _key(table, key)

    def series_of(columns: list[Label]) -> list[charts.Series]:
        return [
            charts.Series(col.label, tuple(values.get((row.code, col.code)) for row in rows))
            for col in columns
        ]

    chosen = [col for col in table.columns if col.code in columns]
    if not chosen:
        chosen = [col for col in table.columns if col.code == TOTAL]
    if not chosen and len(table.columns) == 1:
        chosen = list(table.columns)
    if by_month(table):
        months = [_month(row.code) for row in rows]
        ticks = [
            date_format(m, "M") + (f"\n{m.year}" if i == 0 or m.month == 1 else "")
            for i, m in enumerate(months)
        ]
        series = series_of(chosen or table.columns)
        return charts.trend_chart(
            key=key, title=table.title, labels=labels, ticks=ticks, series=series
        )
    if len(chosen) > 1:
        return charts.stacked_bar_chart(
            key=key, title=table.title, labels=labels, series=series_of(chosen)
        )
    drawn = series_of(chosen or table.columns[-1:])
    return charts.bar_chart(
        key=key,
        title=table.title,
        labels=labels,
        values=drawn[0].values if drawn else [None] * len(rows),
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
