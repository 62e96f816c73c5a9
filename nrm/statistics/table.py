"""The shape every statistics table has (issue 14, docs/statistics.md): built by
`nrm.statistics.tables`, protected by `nrm.statistics.disclosure`, published and reproduced
by `nrm.statistics.releases`, drawn by `nrm.core.charts`, written as CSV/XLSX by
`nrm.statistics.files`. Plain data: no Django model, no personal data (counts only)."""

from dataclasses import dataclass, field
from datetime import date, datetime

TOTAL = "TOTAL"


@dataclass(frozen=True)
class Period:
    # "month" | "quarter" | "cumulative" (3/6/9/12 months from January) | "year" | "years"
    kind: str
    start: date  # first day, inclusive
    end: date  # last day, inclusive

    @property
    def code(self) -> str:  # e.g. "2024", "2024-Q1", "2024-03", "2024-01..2024-09"
        if self.kind == "year":
            return f"{self.start.year}"
        if self.kind == "month":
            return f"{self.start:%Y-%m}"
        if self.kind == "quarter":
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        return f"{self.start:%Y-%m}..{self.end:%Y-%m}"


@dataclass(frozen=True)
class Label:
    code: str  # stable code (a profile code, an ISO code, TOTAL, UNK)
    label: str  # translated text for people
    # a row that groups other rows (citizenship group, Eurostat category, a second
    # classification): shown for reading, not one of the rows that add up to TOTAL
    subtotal: bool = False


@dataclass
class Table:
    code: str  # "T01", … (domain/statistics.md §7.3)
    title: str
    period: Period
    rows: list[Label]  # the TOTAL row, when there is one, is last
    columns: list[Label]  # the TOTAL column, when there is one, is last
    # distinct persons per (row code, column code); margins under TOTAL. None: not collected.
    counts: dict[tuple[str, str], int | None]
    multi_response: bool = False  # a person may count in several rows: rows do not add up
    unit: str = "persons"
    # persons left out because their statistics consent was withdrawn (counted, not shown)
    left_out: int = 0
    notes: list[str] = field(default_factory=list)
    # disclosure control (nrm.statistics.disclosure): rows are below national level (counties,
    # municipalities) or the table crosses 3+ dimensions: the higher threshold applies
    below_national: bool = False
    # which dimension's categories are sensitive (form of exploitation, child status, a
    # specific citizenship): a small group may not sit 100 % in one of them. "columns": the
    # categories across a row; "rows": down a column. Both unless a builder says otherwise.
    sensitive: tuple[str, ...] = ("rows", "columns")
    # the data cut-off it was built as of (nothing recorded after it counts)
    cutoff: datetime | None = None

    def count(self, row: str, column: str) -> int | None:
        return self.counts.get((row, column))


@dataclass
class Published:
    """A table after disclosure control: each cell is a number, "<5" style text, or "c"."""

    table: Table
    tier: int  # 1 restricted (exact, flag c), 2 public (suppressed)
    cells: dict[tuple[str, str], str]  # what is shown
    suppressed: list[tuple[str, str]]  # primary and secondary, in order of choice
    rule: str  # e.g. "public k=5 (10 below national level), secondary by row and column"
    # tier 1: the flag of a cell shown exactly but not for publication ("c": 1..k-1 persons)
    flags: dict[tuple[str, str], str] = field(default_factory=dict)
    # tier 2: the hidden cells protected for their own sake (under k, a small group all in
    # one category, every cell of a table under k); the other suppressed cells protect them
    protected: list[tuple[str, str]] = field(default_factory=list)
