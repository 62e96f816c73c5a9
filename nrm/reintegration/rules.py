"""Pure rules of the reintegration: the monitoring periods, the criteria of sustainable
reintegration and the moves of a service line. No database."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext as _

from nrm.core import clock
from nrm.jurisdictions.schema import Reintegration

# requested → in progress | provided | refused; in progress → provided | refused.
LINE_MOVES = {
    "requested": ("in_progress", "provided", "refused"),
    "in_progress": ("provided", "refused"),
    "provided": (),
    "refused": (),
}


@dataclass(frozen=True)
class Period:
    number: int  # 1 … rules.periods
    start: date
    end: date  # the last day of the period
    due: date  # the day the report is due (the day after the period)


def period_of(rules: Reintegration, start: date, number: int) -> Period:
    """Period `number` (1-based) of a monitoring that started on `start` (the AP's decision
    on the D1): `report_every_months` months each, counted from the start."""
    every = rules.report_every_months
    first = clock.add_months(start, (number - 1) * every)
    due = clock.add_months(start, number * every)
    return Period(number=number, start=first, end=due - timedelta(days=1), due=due)


def periods_until(rules: Reintegration, start: date, day: date) -> list[Period]:
    """The periods that have begun on `day` (at most the profile's number of periods)."""
    out = []
    for n in range(1, rules.periods + 1):
        p = period_of(rules, start, n)
        if p.start > day:
            break
        out.append(p)
    return out


def period_problem(
    rules: Reintegration, start: date, number: int, *, today: date, reported: set[int]
) -> str | None:
    """Why period `number` may not be reported today, or None."""
    if number < 1 or number > rules.periods:
        return _("Monitoring lasts %(n)d months: choose a month from 1 to %(n)d.") % {
            "n": rules.periods
        }
    if number in reported:
        return _("The report for this month is already filed.")
    if period_of(rules, start, number).start > today:
        return _("This month has not begun yet.")
    return None


def criteria_problems(rules: Reintegration, criteria: dict) -> dict[str, list[str]]:
    """Every criterion of the profile must be answered met or not met, and nothing else."""
    codes = [c.code for c in rules.criteria]
    errors: dict[str, list[str]] = {}
    for code in codes:
        if not isinstance(criteria.get(code), bool):
            errors[f"criteria.{code}"] = [_("Say whether this criterion is met.")]
    unknown = set(criteria) - set(codes)
    if unknown:
        errors["criteria"] = [_("Unknown criterion: %(c)s.") % {"c": ", ".join(sorted(unknown))}]
    return errors


def all_met(rules: Reintegration, criteria: dict) -> bool:
    return all(criteria.get(c.code) is True for c in rules.criteria)


def line_move_allowed(from_status: str, to_status: str) -> bool:
    return to_status in LINE_MOVES.get(from_status, ())


def kind_problem(kind, *, is_child: bool) -> str | None:
    """Why a service of `kind` does not apply to this person, or None."""
    if kind.applies_to == "child" and not is_child:
        return _("This service is for a child.")
    if kind.applies_to == "adult" and is_child:
        return _("This service is for an adult.")
    return None
