"""What a person is shown of a table's cells. Today the exact counts ("" zero-safe: 0 is
shown as 0; `..` is not collected, domain/statistics.md §7.1.9). At merge this is the one
place the disclosure control plugs in:
`nrm.statistics.disclosure.publish(table, tier=2, rules=profile.statistics.suppression).cells`.
"""

from nrm.statistics.table import Table

NOT_COLLECTED = ".."


def shown(table: Table) -> dict[tuple[str, str], str]:
    """Every cell of the table as text to show, by (row code, column code)."""
    return {
        (r.code, c.code): _cell(table.count(r.code, c.code))
        for r in table.rows
        for c in table.columns
    }


def _cell(value: int | None) -> str:
    return NOT_COLLECTED if value is None else str(value)


def grid(table: Table) -> list[tuple[object, list[str]]]:
    """(row label, [shown cell per column]) in the table's order: the pages and the files."""
    cells = shown(table)
    return [(r, [cells[r.code, c.code] for c in table.columns]) for r in table.rows]
