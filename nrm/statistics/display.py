"""What a person is shown of a table's cells: the table under the public disclosure rules
(tier 2, `nrm.statistics.disclosure.publish`, thresholds from the profile's
`statistics.suppression`). The pages, the files, the API and the charts all show this, so a
statistics request never returns a cell under the threshold (issue 14). 0 is shown as 0; `..`
is not collected (domain/statistics.md §7.1.9). Exact counts leave only in a tier-1 release."""

from collections.abc import Sequence

from django.conf import settings

from nrm.jurisdictions.registry import get_profile
from nrm.statistics import disclosure
from nrm.statistics.selectors import suppression_thresholds
from nrm.statistics.table import Published, Table

NOT_COLLECTED = ".."


def public_rules() -> disclosure.Rules:
    profile = get_profile(settings.NRM_JURISDICTION)
    return disclosure.rules_of(suppression_thresholds(profile))


def public(table: Table, released: Sequence[Published] = ()) -> Published:
    """The table as the public may see it, safe against the `released` tables shown with it."""
    return disclosure.publish(table, tier=2, rules=public_rules(), released=released)


def public_all(tables: Sequence[Table]) -> list[Published]:
    """Tables shown together (a report): each is protected against the ones before it, so
    no cell can be recovered by differencing two tables of the same page."""
    out: list[Published] = []
    for table in tables:
        out.append(public(table, released=out))
    return out


def shown(table: Table | Published) -> dict[tuple[str, str], str]:
    """Every cell of the table as text to show, by (row code, column code)."""
    published = table if isinstance(table, Published) else public(table)
    return published.cells


def grid(table: Table | Published) -> list[tuple[object, list[str]]]:
    """(row label, [shown cell per column]) in the table's order: the pages and the files."""
    cells = shown(table)
    base = table.table if isinstance(table, Published) else table
    return [
        (r, [cells.get((r.code, c.code), NOT_COLLECTED) for c in base.columns]) for r in base.rows
    ]
