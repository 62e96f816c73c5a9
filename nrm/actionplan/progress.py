"""The progress formulas (docs/action-plan.md#progress). Pure: plain values in, numbers out.

An activity's state as of a day is the status of its latest accepted report (the profile's
status → its `kind` and `score`), or `not_started` without one; an activity that is not
implemented once its timeframe has ended is `late` (score as reported, 0 without a report).

- implementation rate of a group = its activities by state / the group's activities;
- an objective's progress = the mean score of its activities;
- the ripple model's overall progress = Σ wᵢ·pᵢ / Σ wᵢ over the strategic objectives,
  pᵢ the mean score of the activities under strategic objective i, wᵢ its weight.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date

STATES = ("implemented", "in_progress", "not_started", "late")


@dataclass(frozen=True)
class Item:
    """One activity as the formulas see it."""

    objective: str  # the specific objective's code ("2.3")
    institutions: tuple[str, ...]  # the lead institutions' codes or names
    ends_on: date | None
    kind: str | None  # the reported status's kind; None: no accepted report
    score: float = 0.0


def strategic_of(objective: str) -> str:
    return objective.split(".")[0]


def state(item: Item, *, today: date) -> str:
    kind = item.kind or "not_started"
    if kind != "implemented" and item.ends_on is not None and item.ends_on < today:
        return "late"
    return kind


def rates(items: list[Item], *, today: date) -> dict[str, float]:
    """Share of the items in each state (0 for every state when there are none)."""
    counts = Counter(state(i, today=today) for i in items)
    total = len(items)
    return {s: (counts[s] / total if total else 0.0) for s in STATES}


def counts(items: list[Item], *, today: date) -> dict[str, int]:
    found = Counter(state(i, today=today) for i in items)
    return {s: found[s] for s in STATES}


def mean_score(items: list[Item]) -> float:
    return sum(i.score if i.kind else 0.0 for i in items) / len(items) if items else 0.0


def by(items: list[Item], key) -> dict[str, list[Item]]:
    groups: dict[str, list[Item]] = {}
    for item in items:
        for k in key(item):
            groups.setdefault(k, []).append(item)
    return groups


def by_objective(items: list[Item]) -> dict[str, list[Item]]:
    return by(items, lambda i: (i.objective,))


def by_strategic(items: list[Item]) -> dict[str, list[Item]]:
    return by(items, lambda i: (strategic_of(i.objective),))


def by_institution(items: list[Item]) -> dict[str, list[Item]]:
    """An activity led by two institutions counts for each."""
    return by(items, lambda i: i.institutions or ("",))


def ripple(items: list[Item], weights: dict[str, float]) -> float:
    """Overall progress in [0, 1]: the strategic objectives' mean scores, weighted."""
    groups = by_strategic(items)
    total = sum(weights.get(k, 1.0) for k in groups)
    if not total:
        return 0.0
    return sum(weights.get(k, 1.0) * mean_score(g) for k, g in groups.items()) / total
