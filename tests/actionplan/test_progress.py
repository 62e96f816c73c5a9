"""The progress formulas (docs/action-plan.md#progress), pure."""

from datetime import date

import pytest

from nrm.actionplan.progress import (
    Item,
    by_institution,
    counts,
    mean_score,
    rates,
    ripple,
    state,
)

TODAY = date(2017, 6, 30)


def item(objective="1.1", kind=None, score=0.0, ends=date(2019, 12, 31), lead=("MPB",)):
    return Item(objective=objective, institutions=lead, ends_on=ends, kind=kind, score=score)


def test_state_of_an_activity():
    assert state(item(), today=TODAY) == "not_started"
    assert state(item(kind="in_progress", score=0.5), today=TODAY) == "in_progress"
    assert state(item(kind="in_progress", ends=date(2016, 12, 31)), today=TODAY) == "late"
    assert state(item(ends=date(2016, 12, 31)), today=TODAY) == "late"
    assert state(item(kind="implemented", ends=date(2016, 12, 31)), today=TODAY) == "implemented"
    assert state(item(ends=None), today=TODAY) == "not_started"


def test_implementation_rate_as_the_2011_2014_evaluation():
    """24 activities: 11 implemented or being implemented (45.83 %), 5 not started (20.83)."""
    items = (
        [item(kind="implemented", score=1.0)] * 6
        + [item(kind="in_progress", score=0.5)] * 5
        + [item()] * 5
        + [item(ends=date(2016, 12, 31))] * 8
    )
    found = rates(items, today=TODAY)
    assert round((found["implemented"] + found["in_progress"]) * 100, 2) == 45.83
    assert round(found["not_started"] * 100, 2) == 20.83
    assert counts(items, today=TODAY) == {
        "implemented": 6,
        "in_progress": 5,
        "not_started": 5,
        "late": 8,
    }
    assert sum(found.values()) == pytest.approx(1.0)


def test_empty_group_has_zero_rates():
    assert rates([], today=TODAY) == dict.fromkeys(
        ("implemented", "in_progress", "not_started", "late"), 0.0
    )
    assert mean_score([]) == 0.0
    assert ripple([], {}) == 0.0


def test_mean_score_counts_only_reported_statuses():
    items = [item(kind="implemented", score=1.0), item(kind="in_progress", score=0.5), item()]
    assert mean_score(items) == pytest.approx(0.5)


def test_ripple_weighs_strategic_objectives():
    items = [
        item("1.1", "implemented", 1.0),
        item("1.2", "implemented", 1.0),
        item("2.3", "in_progress", 0.5),
        item("2.4"),
    ]
    # SO1 mean 1.0, SO2 mean 0.25; weights 1 and 3 → (1·1 + 3·0.25) / 4 = 0.4375
    assert ripple(items, {"1": 1.0, "2": 3.0}) == pytest.approx(0.4375)
    # Equal weights: the plain mean of the two objectives' means.
    assert ripple(items, {}) == pytest.approx(0.625)


def test_an_activity_led_by_two_institutions_counts_for_each():
    groups = by_institution([item(lead=("MPB", "MASHT")), item(lead=("MPB",))])
    assert {k: len(v) for k, v in groups.items()} == {"MPB": 2, "MASHT": 1}
