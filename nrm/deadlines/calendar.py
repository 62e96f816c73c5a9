"""Deadline arithmetic: pure functions of a start, an offset and a calendar. No database.

Every moment in and out is timezone-aware; results are in UTC. Local dates (what "day",
"end of day" and "working day" mean) are taken in the profile's time zone, so a deadline
is right across daylight-saving changes:

- `immediate` falls due after the profile's grace for "immediately" (elapsed time, none
  by default): an action recorded within it is on time;
- `minutes` / `hours` are elapsed time (72 hours are 72 real hours, whatever the clocks do);
- `end_of_day`, `calendar_days`, `weeks`, `months` and `working_days` end at the last
  instant of a local day (23:59:59.999999 in Europe/Tirane);
- working days skip the weekend, the public holidays of the profile's country (the
  `holidays` package, observed days included) and the administrator's closure days,
  which the caller passes in as data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays as _holidays

from nrm.core.clock import add_months
from nrm.jurisdictions.schema import BACKWARD_KINDS

END_OF_DAY = time(23, 59, 59, 999999)
# A working-day search that finds nothing in ten years means the calendar is broken.
_MAX_SEARCH_DAYS = 3660

ELAPSED = {"minutes": timedelta(minutes=1), "hours": timedelta(hours=1)}
KINDS = (
    "immediate",
    "end_of_day",
    "minutes",
    "hours",
    "calendar_days",
    "working_days",
    "weeks",
    "months",
)


class CalendarError(ValueError):
    pass


@lru_cache(maxsize=256)
def _public_holidays(country: str, year: int) -> frozenset[date]:
    return frozenset(_holidays.country_holidays(country, years=year).keys())


@dataclass(frozen=True)
class WorkingCalendar:
    """The working-day calendar of a profile, plus the administrator's closure days."""

    time_zone: ZoneInfo
    holidays_country: str | None = None
    working_weekdays: frozenset[int] = frozenset({0, 1, 2, 3, 4})  # Monday = 0
    closures: frozenset[date] = field(default_factory=frozenset)
    # What "immediately" allows (the deadline file's `immediate_grace`): elapsed time.
    immediate_grace: timedelta = timedelta(0)

    @classmethod
    def of(cls, profile_calendar, closures=(), immediate_grace=None) -> WorkingCalendar:
        """From a profile's `calendar` block, an iterable of closure dates and the deadline
        file's grace for "immediately" (an elapsed offset, or None)."""
        grace = timedelta(0)
        if immediate_grace is not None:
            grace = ELAPSED[immediate_grace.kind] * immediate_grace.amount
        return cls(
            time_zone=ZoneInfo(profile_calendar.time_zone),
            holidays_country=profile_calendar.holidays_country,
            working_weekdays=frozenset(profile_calendar.working_days),
            closures=frozenset(closures),
            immediate_grace=grace,
        )

    def is_holiday(self, day: date) -> bool:
        if self.holidays_country is None:
            return False
        return day in _public_holidays(self.holidays_country, day.year)

    def is_working_day(self, day: date) -> bool:
        return (
            day.weekday() in self.working_weekdays
            and day not in self.closures
            and not self.is_holiday(day)
        )

    def local(self, moment: datetime) -> datetime:
        _require_aware(moment)
        return moment.astimezone(self.time_zone)

    def local_date(self, moment: datetime) -> date:
        return self.local(moment).date()

    def end_of_day(self, day: date) -> datetime:
        """The last instant of a local day, in UTC."""
        return datetime.combine(day, END_OF_DAY, tzinfo=self.time_zone).astimezone(UTC)


def _require_aware(moment: datetime) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise CalendarError("deadline arithmetic needs timezone-aware moments")


def _check_amount(amount: int) -> None:
    if amount < 0:
        raise CalendarError("an offset cannot be negative")


def add_working_days(day: date, n: int, cal: WorkingCalendar) -> date:
    """The n-th working day after `day` (the day itself does not count); `day` for n = 0."""
    _check_amount(n)
    current, found, searched = day, 0, 0
    while found < n:
        current += timedelta(days=1)
        searched += 1
        if searched > _MAX_SEARCH_DAYS:
            raise CalendarError("no working day found: check the calendar")
        if cal.is_working_day(current):
            found += 1
    return current


def subtract_working_days(day: date, n: int, cal: WorkingCalendar) -> date:
    """The n-th working day before `day`."""
    _check_amount(n)
    current, found, searched = day, 0, 0
    while found < n:
        current -= timedelta(days=1)
        searched += 1
        if searched > _MAX_SEARCH_DAYS:
            raise CalendarError("no working day found: check the calendar")
        if cal.is_working_day(current):
            found += 1
    return current


def working_days_between(start: date, end: date, cal: WorkingCalendar) -> int:
    """How many working days lie in (start, end]."""
    count, current = 0, start
    while current < end:
        current += timedelta(days=1)
        if cal.is_working_day(current):
            count += 1
    return count


def due_at(start: datetime, offset, cal: WorkingCalendar) -> datetime:
    """When a deadline opened at `start` with `offset` (kind, amount) falls due, in UTC."""
    _require_aware(start)
    kind, amount = offset.kind, offset.amount
    _check_amount(amount)
    start_utc = start.astimezone(UTC)
    if kind == "immediate":
        # "Immediately" (menjëherë): on time within the profile's grace.
        return start_utc + cal.immediate_grace
    if kind in ELAPSED:
        # Elapsed time: add in UTC, never to a local wall clock.
        return start_utc + ELAPSED[kind] * amount
    day = cal.local_date(start)
    if kind == "end_of_day":
        return cal.end_of_day(day)
    if kind == "calendar_days":
        return cal.end_of_day(day + timedelta(days=amount))
    if kind == "weeks":
        return cal.end_of_day(day + timedelta(weeks=amount))
    if kind == "months":
        return cal.end_of_day(add_months(day, amount))
    if kind == "working_days":
        return cal.end_of_day(add_working_days(day, amount, cal))
    raise CalendarError(f"unknown offset kind {kind!r}")


def before(moment: datetime, offset, cal: WorkingCalendar) -> datetime:
    """`moment` moved back by `offset` (the start of an at-risk window), in UTC.

    Days and working days keep the local time of day of `moment`."""
    _require_aware(moment)
    kind, amount = offset.kind, offset.amount
    _check_amount(amount)
    if kind in ELAPSED:
        return moment.astimezone(UTC) - ELAPSED[kind] * amount
    if kind not in BACKWARD_KINDS:
        raise CalendarError(f"an at-risk window cannot be {kind!r}")
    local = cal.local(moment)
    if kind == "working_days":
        day = subtract_working_days(local.date(), amount, cal)
    else:
        day = local.date() - timedelta(days=amount * (7 if kind == "weeks" else 1))
    wall = datetime.combine(day, local.time().replace(tzinfo=None))
    return wall.replace(tzinfo=cal.time_zone).astimezone(UTC)


def shift(moment: datetime, offset, times: int, cal: WorkingCalendar) -> datetime:
    """`moment` moved forward by `times` × `offset`, keeping the local time of day for
    day-based kinds (the anchor of the n-th occurrence of a recurring deadline)."""
    _require_aware(moment)
    kind, amount = offset.kind, offset.amount * times
    _check_amount(amount)
    if kind in ELAPSED:
        return moment.astimezone(UTC) + ELAPSED[kind] * amount
    local = cal.local(moment)
    day = local.date()
    if kind == "calendar_days":
        day += timedelta(days=amount)
    elif kind == "weeks":
        day += timedelta(weeks=amount)
    elif kind == "months":
        day = add_months(day, amount)
    elif kind == "working_days":
        day = add_working_days(day, amount, cal)
    else:
        raise CalendarError(f"a recurrence cannot be {kind!r}")
    wall = datetime.combine(day, local.time().replace(tzinfo=None))
    return wall.replace(tzinfo=cal.time_zone).astimezone(UTC)


@dataclass(frozen=True)
class _Offset:
    kind: str
    amount: int


def occurrence_due(start: datetime, offset, every, n: int, cal: WorkingCalendar) -> datetime:
    """Due moment of the n-th occurrence (1-based) of a recurring deadline opened at `start`.

    When the offset and the recurrence count in the same unit they are added up front, so
    monthly reports opened on 31 January fall due on the last day of each month rather
    than drifting to the 28th."""
    if n < 1:
        raise CalendarError("occurrences are counted from 1")
    if every is None or n == 1:
        return due_at(start, offset, cal)
    if every.kind == offset.kind:
        return due_at(start, _Offset(offset.kind, offset.amount + every.amount * (n - 1)), cal)
    return due_at(shift(start, every, n - 1, cal), offset, cal)
