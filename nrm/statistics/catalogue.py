"""The statistics tables nrm can build (domain/statistics.md §7.3), by code. A table's
builder registers here (`register`, from `nrm.statistics.tables` at start-up); the pages,
the releases, the charts and the files find it with `get`. Builders are pure reads: they take
the period and a cut-off (nothing recorded after it counts, so a release can be rebuilt from
the data as it was) and return a `Table` of distinct persons."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from nrm.statistics.table import Period, Table

# The codes the pages, charts and reports rely on (domain/statistics.md §7.3):
# T01 registered victims by status × sex/age group; T02 by citizenship; T03A by form of
# exploitation (exclusive, "multiple forms" a row); T03B by form (multi-response); T04
# internal vs transnational; T05 by identifying body; T06 the monthly bulletin (screened,
# presumed, identified, not identified, pending) by month; T07 assisted by service type;
# T08 reflection periods; T09 residence permits; T15 days from identification to decision by
# month (median, p90); TDL deadlines met by rule.
CODES = ("T01", "T02", "T03A", "T03B", "T04", "T05", "T06", "T07", "T08", "T09", "T15", "TDL")

Builder = Callable[[Period, datetime], Table]


@dataclass(frozen=True)
class TableSpec:
    code: str
    build: Builder  # build(period, cutoff) -> Table
    periods: tuple[str, ...] = ("month", "quarter", "cumulative", "year", "years")


_SPECS: dict[str, TableSpec] = {}


def register(spec: TableSpec) -> None:
    if spec.code in _SPECS and _SPECS[spec.code] is not spec:
        raise ValueError(f"statistics table {spec.code} registered twice")
    _SPECS[spec.code] = spec


def get(code: str) -> TableSpec:
    """KeyError for a code nobody registered."""
    return _SPECS[code]


def codes() -> tuple[str, ...]:
    return tuple(_SPECS)
