"""Disclosure control (domain/statistics.md §7.4, acceptance check 7 of §7.5)."""

import pytest

from nrm.statistics.disclosure import (
    FLAG,
    CellRef,
    Rules,
    leaks,
    publish,
    recoverable,
    relations_between,
)
from nrm.statistics.table import TOTAL
from tests.statistics.disclosure_tables import SEX_AGE, grid, month, quarter, t02

RULES = Rules()
MD = ("MD", "F_LT18")


def test_tier1_shows_the_exact_count_flagged_c():
    out = publish(t02(), tier=1, rules=RULES)
    assert out.cells[MD] == "3"
    assert out.flags[MD] == FLAG
    assert (("AL", "F_LT18")) not in out.flags  # 21: no flag


def test_the_md_female_child_cell_is_shown_under_5_and_not_derivable():
    out = publish(t02(), tier=2, rules=RULES)
    assert out.cells[MD] == "<5"
    row = [c for c in [("MD", s) for s in SEX_AGE] if c != MD]
    column = [(r, "F_LT18") for r in ("AL", "XK")]
    assert any(c in out.suppressed for c in row) or ("MD", TOTAL) in out.suppressed
    assert any(c in out.suppressed for c in column) or (TOTAL, "F_LT18") in out.suppressed
    assert recoverable([out]) == []
    # no published number is 3 by accident of subtraction either: solve by hand
    shown = {c: int(v) for c, v in out.cells.items() if v.isdigit()}
    row_known = shown.get(("MD", TOTAL))
    if row_known is not None:
        others = [shown.get(c) for c in row]
        assert None in others  # a second unknown in the row


def test_zero_shows_0_and_not_collected_shows_dots():
    table = t02()
    table.counts[("MD", "M_LT18")] = 0
    out = publish(table, tier=2, rules=RULES)
    assert out.cells[("AL", "F_LT18")] == "21"
    assert out.cells[("MD", "M_LT18")] in ("0", "c")
    table.counts[("AL", "F_LT18")] = None
    assert publish(table, tier=2, rules=RULES).cells[("AL", "F_LT18")] == ".."


def test_a_grand_total_under_k_publishes_only_fewer_than_k():
    table = grid(
        "T01", t02().period, {"PRESUMED": {"F": 2, "M": 1}, "IDENTIFIED": {"F": 1, "M": 0}}
    )
    out = publish(table, tier=2, rules=RULES)
    assert out.cells[(TOTAL, TOTAL)] == "<5"
    assert {v for c, v in out.cells.items() if c != (TOTAL, TOTAL)} == {"c"}


def test_below_national_level_the_threshold_is_10():
    table = grid(
        "T10",
        t02().period,
        {"TR": {"F": 7, "M": 12}, "DR": {"F": 15, "M": 22}},
        below_national=True,
    )
    out = publish(table, tier=2, rules=RULES)
    assert out.cells[("TR", "F")] == "<10"
    assert recoverable([out]) == []


def test_group_disclosure_a_small_row_all_in_one_category_is_hidden():
    # MD: 7 persons, all female children -> the cell says something of each of them
    table = grid(
        "T02",
        t02().period,
        {
            "AL": {"F_LT18": 21, "F_GE18": 30},
            "MD": {"F_LT18": 7, "F_GE18": 0},
            "XK": {"F_LT18": 12, "F_GE18": 9},
        },
        sensitive=("columns",),
    )
    out = publish(table, tier=2, rules=RULES)
    assert MD in out.suppressed
    assert recoverable([out]) == []


def test_recoverable_finds_a_cell_alone_in_its_row():
    table = t02()
    out = publish(table, tier=2, rules=RULES)
    leaky = type(out)(out.table, 2, dict(out.cells), [MD], out.rule)
    assert CellRef("T02", "2024", "MD", "F_LT18") in recoverable([leaky])


def _monthly(m, inner):
    return grid("T06", month(m), inner)


def test_months_and_their_cumulative_quarter_do_not_reveal_a_monthly_cell():
    months = [
        {"PRESUMED": {"F": 12, "M": 9}, "IDENTIFIED": {"F": 3, "M": 6}},
        {"PRESUMED": {"F": 10, "M": 11}, "IDENTIFIED": {"F": 7, "M": 8}},
        {"PRESUMED": {"F": 9, "M": 14}, "IDENTIFIED": {"F": 6, "M": 5}},
    ]
    released = []
    for m, inner in enumerate(months, start=1):
        released.append(publish(_monthly(m, inner), tier=2, rules=RULES, released=released))
    assert released[0].cells[("IDENTIFIED", "F")] == "<5"
    total = {r: {c: sum(x[r][c] for x in months) for c in ("F", "M")} for r in months[0]}
    q1 = grid("T06", quarter(1), total)
    naive = publish(q1, tier=2, rules=RULES)  # alone, nothing in it is small
    assert naive.suppressed == []
    assert recoverable([*released, naive]) != []  # the quarter minus two months gives March…
    safe = publish(q1, tier=2, rules=RULES, released=released)
    assert safe.suppressed
    assert recoverable([*released, safe]) == []


def test_two_tables_of_one_period_share_their_totals():
    a = t02()
    b = grid(
        "T01",
        a.period,
        {
            "PRESUMED": dict.fromkeys(SEX_AGE, 10),
            "IDENTIFIED": {"F_LT18": 21, "F_GE18": 35, "M_LT18": 10, "M_GE18": 22},
        },
    )
    rels = relations_between([a, b])
    assert (
        (1, CellRef("T02", "2024", TOTAL, "F_LT18")),
        (-1, CellRef("T01", "2024", TOTAL, "F_LT18")),
    ) in rels
    first = publish(a, tier=2, rules=RULES)
    second = publish(b, tier=2, rules=RULES, released=[first])
    assert recoverable([first, second]) == []


def test_unknown_tier_is_refused():
    with pytest.raises(ValueError):
        publish(t02(), tier=3, rules=RULES)


def test_two_small_cells_pinned_by_their_total_are_not_left_so():
    # MD: <5, <5, 0 and a total of 8 would make both 4 — no rank test sees it, the bounds do
    table = grid(
        "T02",
        t02().period,
        {
            "AL": {"A": 20, "B": 30, "C": 25},
            "MD": {"A": 4, "B": 4, "C": 0},
            "XK": {"A": 12, "B": 9, "C": 14},
        },
    )
    naive = type(publish(table, tier=1, rules=RULES))(
        table,
        2,
        {
            **{c: str(v) for c, v in table.counts.items()},
            ("MD", "A"): "<5",
            ("MD", "B"): "<5",
            ("XK", "A"): "c",
            ("XK", "B"): "c",
        },
        [("MD", "A"), ("MD", "B"), ("XK", "A"), ("XK", "B")],
        "",
        protected=[("MD", "A"), ("MD", "B")],
    )
    assert recoverable([naive]) == []  # linearly, nothing is fixed…
    assert CellRef("T02", "2024", "MD", "A") in leaks([naive])  # …but 1..4 + 1..4 = 8 is
    out = publish(table, tier=2, rules=RULES)
    assert out.cells[("MD", "A")] == "<5"
    assert leaks([out]) == []
