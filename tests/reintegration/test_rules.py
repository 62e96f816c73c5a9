"""The pure rules: monitoring periods, the 24-month end, the criteria, a line's moves."""

from datetime import date

from nrm.jurisdictions import get_profile
from nrm.reintegration import rules

R = get_profile("AL").reintegration
START = date(2026, 1, 31)


def test_periods_are_months_from_the_decision_clamped_at_month_end():
    first = rules.period_of(R, START, 1)
    assert (first.start, first.end, first.due) == (
        date(2026, 1, 31),
        date(2026, 2, 27),
        date(2026, 2, 28),
    )
    second = rules.period_of(R, START, 2)
    assert second.start == date(2026, 2, 28) and second.due == date(2026, 3, 31)


def test_twenty_four_periods_and_no_more():
    assert R.periods == 24
    begun = rules.periods_until(R, START, date(2030, 1, 1))
    assert len(begun) == 24
    assert begun[-1].due == date(2028, 1, 31)


def test_period_problems(_english):
    today = date(2026, 4, 10)
    assert rules.period_problem(R, START, 1, today=today, reported=set()) is None
    assert "already" in rules.period_problem(R, START, 1, today=today, reported={1})
    assert rules.period_problem(R, START, 3, today=today, reported=set()) is None  # 31.03
    assert "not begun" in rules.period_problem(R, START, 4, today=today, reported=set())  # 30.04
    assert "1 to 24" in rules.period_problem(R, START, 25, today=date(2030, 1, 1), reported=set())
    assert rules.period_problem(R, START, 0, today=today, reported=set())


def test_criteria_all_answered_and_all_met():
    assert rules.criteria_problems(R, {"employment": True, "housing": False, "health": True}) == {}
    errors = rules.criteria_problems(R, {"employment": True, "wealth": True})
    assert set(errors) == {"criteria.housing", "criteria.health", "criteria"}
    assert rules.all_met(R, {"employment": True, "housing": True, "health": True})
    assert not rules.all_met(R, {"employment": True, "housing": True, "health": False})


def test_line_moves():
    assert rules.line_move_allowed("requested", "in_progress")
    assert rules.line_move_allowed("in_progress", "provided")
    assert not rules.line_move_allowed("provided", "refused")
    assert not rules.line_move_allowed("in_progress", "requested")


def test_kind_for_whom():
    civil = R.service_kind("civil_registration")
    assert rules.kind_problem(civil, is_child=False)
    assert rules.kind_problem(civil, is_child=True) is None
    assert rules.kind_problem(R.service_kind("legal_aid"), is_child=False) is None
