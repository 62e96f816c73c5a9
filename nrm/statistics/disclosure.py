"""Disclosure control of statistics tables (domain/statistics.md §7.4, docs/disclosure.md).

`publish` turns a `Table` into a `Published` one for a tier:
- tier 1 (restricted transmission): exact counts, cells of 1..k-1 persons flagged `c`;
- tier 2 (public): cells of 1..k-1 shown "<k" (primary), a small group where one sensitive
  category holds everyone hidden (group disclosure), complementary cells hidden so that
  every row and column holding a hidden cell holds two or hides its margin (secondary), and
  then, against the tables already released, more cells hidden until no hidden cell can be
  solved for from the published numbers (`recoverable`). A grand total under k publishes
  only "fewer than k".

`recoverable` is exact linear algebra over the rationals: hidden cells are unknowns, every
published number (cells and margins of every table given) is a constant, every margin and
every relation between tables (a quarter is the sum of its months; two tables of one period
share totals) is an equation; an unknown is recovered when the equations fix it uniquely
(its column of the reduced system holds a pivot and nothing else). Pure Python, no Django.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from fractions import Fraction
from typing import NamedTuple

from nrm.statistics.table import TOTAL, Published, Table

NOT_AVAILABLE = ".."  # None: not collected (never 0: Eurostat's "blank = you don't know")
HIDDEN = "c"  # a complementary (secondary) suppression in a public table
FLAG = "c"  # tier 1: confidential, not for publication
MAX_TILINGS = 64  # ways of adding up periods considered per table (releases are few)


@dataclass(frozen=True)
class Rules:
    """The thresholds used: from the profile's `statistics.suppression` (`rules_of`)."""

    min_public_cell: int = 5
    below_national_cell: int = 10
    group_total: int = 10  # a row or column under this total: no category may hold 100 %

    def threshold(self, table: Table) -> int:
        return self.below_national_cell if table.below_national else self.min_public_cell

    def describe(self, table: Table, tier: int) -> str:
        k = self.threshold(table)
        if tier == 1:
            return f"restricted, exact counts, cells 1..{k - 1} flagged c"
        return (
            f"public k={k} (k={self.below_national_cell} below national level), "
            f"group disclosure under {self.group_total}, secondary by row and column, "
            "no cell recoverable by differencing the release log"
        )


def rules_of(thresholds: dict) -> Rules:
    """The profile's `statistics.suppression` settings (as a release records them)."""
    return Rules(
        min_public_cell=thresholds["min_public_cell"],
        below_national_cell=thresholds["below_national_cell"],
        group_total=thresholds["group_total"],
    )


class CellRef(NamedTuple):
    """One cell of one published table, named across tables."""

    table: str
    period: str
    row: str
    column: str


# sum(coefficient × cell) = 0
Relation = tuple[tuple[int, CellRef], ...]


def ref(published: Published, cell: tuple[str, str]) -> CellRef:
    t = published.table
    return CellRef(t.code, t.period.code, cell[0], cell[1])


# --- The equations a table carries: its margins. ---


def _parts(table: Table) -> tuple[list[str], list[str]]:
    rows = [r.code for r in table.rows if r.code != TOTAL]
    cols = [c.code for c in table.columns if c.code != TOTAL]
    return rows, cols


def table_equations(table: Table) -> list[list[tuple[int, tuple[str, str]]]]:
    """Each margin equals the sum of its parts (a row's cells add up to its TOTAL column;
    a column's cells to its TOTAL row, unless a person may count in several rows). An
    equation touching a cell that was not collected (None) does not hold and is left out."""
    rows, cols = _parts(table)
    has_total_row = any(r.code == TOTAL for r in table.rows)
    has_total_col = any(c.code == TOTAL for c in table.columns)
    counts = table.counts
    eqs = []

    def add(whole, parts):
        cells = [whole, *parts]
        if all(counts.get(c) is not None for c in cells):
            eqs.append([(1, whole)] + [(-1, p) for p in parts])

    if has_total_col:
        for r in [*rows, *([TOTAL] if has_total_row else [])]:
            add((r, TOTAL), [(r, c) for c in cols])
    if has_total_row and not table.multi_response:
        for c in [*cols, *([TOTAL] if has_total_col else [])]:
            add((TOTAL, c), [(r, c) for r in rows])
    return eqs


# --- Which hidden cells the published numbers fix. ---


PRIME = 2**61 - 1  # a Mersenne prime: arithmetic modulo it is exact and fast


def _determined(
    equations: list[dict[int, int]], *, exact: bool = False
) -> tuple[set[int], list[dict]]:
    """Reduced row echelon form; the unknowns fixed uniquely (a pivot row with no free
    unknown left in it). Over the integers modulo a 61-bit prime by default — the same answer
    as over the rationals unless the prime divides a minor of a matrix of small integers,
    which it cannot in any table we publish — or over exact fractions (`exact`, slower)."""
    if exact:
        one, div = Fraction(1), (lambda a, b: Fraction(a) / b)
        norm = Fraction
    else:
        one = 1

        def div(a, b):
            return a * pow(b, PRIME - 2, PRIME) % PRIME

        def norm(v):
            return v % PRIME

    pivots: dict[int, dict] = {}
    for eq in equations:
        row = {k: norm(v) for k, v in eq.items() if norm(v)}
        while True:
            hit = next((k for k in row if k in pivots), None)
            if hit is None:
                break
            factor = row[hit]
            for k, v in pivots[hit].items():
                nv = norm(row.get(k, 0) - factor * v)
                if nv:
                    row[k] = nv
                else:
                    row.pop(k, None)
        if not row:
            continue
        p = min(row)
        lead = row[p]
        row = {k: (one if k == p else div(v, lead)) for k, v in row.items()}
        for other in pivots.values():
            if p in other:
                factor = other[p]
                for k, v in row.items():
                    nv = norm(other.get(k, 0) - factor * v)
                    if nv:
                        other[k] = nv
                    else:
                        other.pop(k, None)
        pivots[p] = row
    return {p for p, row in pivots.items() if len(row) == 1}, list(pivots.values())


def _system(published: Sequence[Published], relations: Iterable[Relation]):
    """The unknowns (hidden cells of public tables) and the equations over them."""
    unknown: dict[CellRef, int] = {}
    present: set[CellRef] = set()
    equations: list[list[tuple[int, CellRef]]] = []
    for p in published:
        code, period = p.table.code, p.table.period.code  # once: a period's code is strftime

        def at(cell, code=code, period=period):
            return CellRef(code, period, cell[0], cell[1])

        present.update(at(cell) for cell in p.table.counts)
        if p.tier != 1:
            for cell in p.suppressed:
                unknown.setdefault(at(cell), len(unknown))
        equations.extend([(k, at(c)) for k, c in eq] for eq in table_equations(p.table))
    for rel in relations:
        if all(c in present for _, c in rel):
            equations.append(list(rel))
    rows: list[dict[int, int]] = []
    for eq in equations:
        row: dict[int, int] = {}
        for k, c in eq:
            if c in unknown:
                i = unknown[c]
                row[i] = row.get(i, 0) + k
        row = {i: v for i, v in row.items() if v}
        if row:
            rows.append(row)
    return unknown, equations, rows


def recoverable(
    published: Sequence[Published],
    relations: Iterable[Relation] | None = None,
    *,
    exact: bool = False,
) -> list[CellRef]:
    """The hidden cells of `published` that its published numbers (and the relations
    between the tables: by default `relations_between`) fix uniquely. Empty: safe."""
    if relations is None:
        relations = relations_between([p.table for p in published])
    unknown, _, rows = _system(published, relations)
    fixed, _ = _determined(rows, exact=exact)
    by_index = {i: c for c, i in unknown.items()}
    return sorted(by_index[i] for i in fixed)


def leaks(
    published: Sequence[Published], relations: Iterable[Relation] | None = None
) -> list[CellRef]:
    """The recoverable cells that matter: those protected for their own sake (a hidden
    complementary cell may be solved for; that only means it protects nothing)."""
    if relations is None:
        relations = relations_between([p.table for p in published])
    relations = list(relations)
    protected = {ref(p, c) for p in published if p.tier != 1 for c in p.protected}
    found = set(recoverable(published, relations)) | pinned(published, relations)
    return sorted(c for c in found if c in protected)


INF = float("inf")


def pinned(published: Sequence[Published], relations: Iterable[Relation]) -> set[CellRef]:
    """Hidden cells the published numbers pin to one value through their bounds, which the
    linear rank test cannot see: a row `<5`, `<5` with a total of 8 makes both 4. Bounds
    are propagated along every equation (a hidden `<k` cell is 1..k-1, any other hidden cell
    0 or more) until they settle. Sound, not complete: an LP would narrow further."""
    unknown, equations, _ = _system(published, relations)
    value: dict[CellRef, int] = {}
    bounds: dict[CellRef, list] = {}
    for p in published:
        code, period = p.table.code, p.table.period.code
        for (r, c), text in p.cells.items():
            cell = CellRef(code, period, r, c)
            if cell in unknown:
                few = text.startswith("<") and text[1:].isdigit()
                bounds[cell] = [1, int(text[1:]) - 1] if few else [0, INF]
            elif text.isdigit():
                value[cell] = int(text)
    usable = []
    for eq in equations:
        if all(c in value or c in bounds for _, c in eq):
            rest = -sum(k * value[c] for k, c in eq if c in value)
            terms = [(k, c) for k, c in eq if c in bounds]
            if terms:
                usable.append((terms, rest))
    for _ in range(50):
        changed = False
        for terms, rest in usable:
            lows = [min(k * bounds[c][0], k * bounds[c][1]) for k, c in terms]
            highs = [max(k * bounds[c][0], k * bounds[c][1]) for k, c in terms]
            for i, (k, c) in enumerate(terms):
                # k·x = rest − (the others): between rest − their highs and rest − their lows
                # (summed without subtracting, as infinities do not cancel)
                others_low = sum(v for j, v in enumerate(lows) if j != i)
                others_high = sum(v for j, v in enumerate(highs) if j != i)
                a, b = (rest - others_high) / k, (rest - others_low) / k
                cur = bounds[c]
                new_lo, new_hi = max(cur[0], min(a, b)), min(cur[1], max(a, b))
                if new_lo > cur[0] or new_hi < cur[1]:
                    cur[0], cur[1] = new_lo, new_hi
                    changed = True
        if not changed:
            break
    return {c for c, (lo, hi) in bounds.items() if lo == hi}


# --- Relations between tables (the release log). ---


def _keyer(tables: Sequence[Table]):
    periods = {id(t): t.period.code for t in tables}  # once per table: strftime is slow

    def key(table: Table, cell: tuple[str, str]) -> CellRef:
        return CellRef(table.code, periods[id(table)], cell[0], cell[1])

    return key


def _tilings(whole, parts: list) -> list[list]:
    """Ways of covering `whole`'s period exactly with disjoint periods of `parts`."""
    found: list[list] = []

    def walk(day, chosen):
        if len(found) >= MAX_TILINGS:
            return
        if day == whole.period.end + timedelta(days=1):
            found.append(list(chosen))
            return
        for t in parts:
            if t.period.start == day and t.period.end <= whole.period.end:
                walk(t.period.end + timedelta(days=1), [*chosen, t])

    walk(whole.period.start, [])
    return [t for t in found if len(t) > 1 or t[0].period != whole.period]


def relations_between(tables: Sequence[Table]) -> list[Relation]:
    """What an outsider may assume between published tables, erring on their side:
    - a table of a period is the sum of the same table over periods that tile it (three
      months and their quarter; a cumulative nine months and three quarters) — true of new
      persons, an upper bound of distinct persons, assumed exact;
    - two tables of the same period share their grand total, and the margins of rows or
      columns with the same code (T01 and T02 of a year: the sex/age totals)."""
    rels: list[Relation] = []
    _key = _keyer(tables)
    by_code: dict[str, list[Table]] = {}
    for t in tables:
        by_code.setdefault(t.code, []).append(t)
    for same in by_code.values():
        for whole in same:
            inside = [t for t in same if t is not whole]
            for tiling in _tilings(whole, inside):
                for cell in whole.counts:
                    rels.append(
                        (
                            (1, _key(whole, cell)),
                            *tuple((-1, _key(t, cell)) for t in tiling if cell in t.counts),
                        )
                    )
    for i, a in enumerate(tables):
        for b in tables[i + 1 :]:
            if a.code == b.code or a.period != b.period:
                continue
            shared = [
                cell
                for cell in a.counts
                if TOTAL in cell and cell in b.counts and a.counts[cell] is not None
            ]
            for cell in shared:
                if b.counts[cell] is not None:
                    rels.append(((1, _key(a, cell)), (-1, _key(b, cell))))
    return rels


# --- Publishing. ---


def _text(value: int | None) -> str:
    return NOT_AVAILABLE if value is None else str(value)


def _tier1(table: Table, rules: Rules) -> Published:
    k = rules.threshold(table)
    cells = {cell: _text(v) for cell, v in table.counts.items()}
    flagged = [cell for cell, v in table.counts.items() if v is not None and 0 < v < k]
    return Published(
        table=table,
        tier=1,
        cells=cells,
        suppressed=flagged,
        rule=rules.describe(table, 1),
        flags=dict.fromkeys(flagged, FLAG),
    )


def _group_cells(table: Table, rules: Rules) -> list[tuple[str, str]]:
    """Group disclosure: a row (or column) of fewer than `group_total` persons where one
    category holds them all says something of each of them; that cell is hidden."""
    rows, cols = _parts(table)
    counts = table.counts
    found = []
    lines = []
    if "columns" in table.sensitive:  # the categories across a row are sensitive
        lines += [((r, TOTAL), [(r, c) for c in cols]) for r in rows]
    if "rows" in table.sensitive and not table.multi_response:
        lines += [((TOTAL, c), [(r, c) for r in rows]) for c in cols]
    for total_cell, cells in lines:
        total = counts.get(total_cell)
        if total is None or not 0 < total < rules.group_total or len(cells) < 2:
            continue
        found += [c for c in cells if counts.get(c) == total]
    return found


def _smallest(table: Table, candidates, hidden: set) -> tuple[str, str] | None:
    """The complementary cell that loses least: the smallest count, persons before zeros
    (a hidden zero protects little), inner cells before margins."""
    options = [c for c in candidates if c not in hidden and table.counts.get(c) is not None]
    if not options:
        return None
    return min(
        options,
        key=lambda c: (table.counts[c] == 0, TOTAL in c, table.counts[c], c),
    )


def _line_rule(table: Table, hidden: list, seen: set) -> None:
    """Every row and column holding a hidden cell holds a second one, or hides its margin."""
    rows, cols = _parts(table)
    has_total_row = any(r.code == TOTAL for r in table.rows)
    has_total_col = any(c.code == TOTAL for c in table.columns)
    lines = [([(r, c) for c in cols], (r, TOTAL) if has_total_col else None) for r in rows]
    if not table.multi_response:
        lines += [([(r, c) for r in rows], (TOTAL, c) if has_total_row else None) for c in cols]
    changed = True
    while changed:
        changed = False
        for cells, margin in lines:
            n = sum(1 for c in cells if c in seen)
            if n != 1 or (margin is not None and margin in seen):
                continue
            if margin is None or table.counts.get(margin) is None:
                continue
            pick = _smallest(table, cells, seen) or margin
            hidden.append(pick)
            seen.add(pick)
            changed = True


def publish(
    table: Table, *, tier: int, rules: Rules, released: Sequence[Published] = ()
) -> Published:
    """The table as it may be shown at `tier`, safe against the `released` tables too."""
    if tier == 1:
        return _tier1(table, rules)
    if tier != 2:
        raise ValueError(f"unknown tier {tier}")
    k = rules.threshold(table)
    counts = table.counts
    grand = counts.get((TOTAL, TOTAL))
    few = f"<{k}"
    if grand is not None and 0 < grand < k:
        # Only "fewer than k": every cell hidden, the grand total shown as "<k".
        hidden = list(counts)
        cells = {cell: (few if cell == (TOTAL, TOTAL) else HIDDEN) for cell in counts}
        return Published(table, 2, cells, hidden, rules.describe(table, 2), protected=hidden)
    primary = [c for c, v in counts.items() if v is not None and 0 < v < k]
    hidden = list(primary)
    seen = set(hidden)
    for c in _group_cells(table, rules):
        if c not in seen:
            hidden.append(c)
            seen.add(c)
    protected = list(hidden)
    _line_rule(table, hidden, seen)
    result = _published(table, rules, hidden, set(primary), few, protected)
    # Against itself and the release log: hide more of this table until nothing is solved.
    relations = relations_between([p.table for p in released] + [table])
    hidden.extend(_lone_unknowns(table, released, result, relations))
    result = _published(table, rules, hidden, set(primary), few, protected)
    while True:
        found = leaks([*released, result], relations)
        if not found:
            return result
        picks = _complements(table, released, result, found, relations)
        if not picks:  # nothing of this table left to hide: hide it all, even "<k"
            return _published(table, rules, list(counts), set(), few, protected)
        hidden.extend(picks)
        result = _published(table, rules, hidden, set(primary), few, protected)


def _published(table, rules, hidden, primary, few, protected) -> Published:
    cells = {}
    for cell, v in table.counts.items():
        if cell in primary:
            cells[cell] = few
        elif cell in hidden:
            cells[cell] = HIDDEN
        else:
            cells[cell] = _text(v)
    return Published(
        table, 2, cells, list(hidden), rules.describe(table, 2), protected=list(protected)
    )


def _lone_unknowns(table, released, result, relations) -> list[tuple[str, str]]:
    """Cheap first pass of the check: an equation (a margin, a relation to a released table)
    holding the new table's published cells and exactly one hidden cell gives that cell
    away; hide the smallest published cell of the new table in it. Repeated until none is
    left; the exact check then finds what this misses."""
    _, equations, _ = _system([*released, result], relations)
    mine = (table.code, table.period.code)
    hidden_now = {CellRef(*mine, *c) for c in result.suppressed}
    unknown = {
        CellRef(p.table.code, p.table.period.code, *c)
        for p in released
        if p.tier != 1
        for c in p.suppressed
    } | hidden_now
    ours = [eq for eq in equations if any((c.table, c.period) == mine for _, c in eq)]
    picks: list[tuple[str, str]] = []
    changed = True
    while changed:
        changed = False
        for eq in ours:
            if sum(1 for _, c in eq if c in unknown) != 1:
                continue
            shown = [
                (c.row, c.column) for _, c in eq if (c.table, c.period) == mine and c not in unknown
            ]
            pick = _smallest(table, shown, set())
            if pick is not None:
                picks.append(pick)
                unknown.add(CellRef(*mine, *pick))
                changed = True
    return picks


def _complements(table, released, result, found, relations) -> list[tuple[str, str]]:
    """For each recovered cell, the smallest published cell of the new table sharing an
    equation with it; failing all, the smallest of the new table in any equation with an
    unknown. One round hides them together (then the check runs again)."""
    _, equations, _ = _system([*released, result], relations)
    mine = (table.code, table.period.code)
    hidden = set(result.suppressed)

    def cells_of(eqs):
        return [
            (c.row, c.column)
            for eq in eqs
            for _, c in eq
            if (c.table, c.period) == mine and (c.row, c.column) not in hidden
        ]

    by_cell: dict[CellRef, list] = {}
    for eq in equations:
        for _, c in eq:
            by_cell.setdefault(c, []).append(eq)
    picks: list[tuple[str, str]] = []
    for leak in found:
        pick = _smallest(table, cells_of(by_cell.get(leak, [])), hidden)
        if pick is not None:
            picks.append(pick)
            hidden.add(pick)
    if not picks:
        pick = _smallest(table, cells_of(equations), hidden)
        if pick is not None:
            picks.append(pick)
    return picks
