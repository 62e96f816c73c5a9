"""Deadline arithmetic is a pure function of start, offset and calendar: no database here.

Properties over random moments (hypothesis) for weekends, Albanian public holidays,
closure days, daylight-saving changes in Europe/Tirane, and monotonicity; then worked
examples that a person can check against a calendar.
"""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nrm.deadlines.calendar import (
    END_OF_DAY,
    CalendarError,
    WorkingCalendar,
    add_months,
    add_working_days,
    before,
    due_at,
    occurrence_due,
    working_days_between,
)
from nrm.jurisdictions.schema import Offset

TIRANE = ZoneInfo("Europe/Tirane")
CAL = WorkingCalendar(time_zone=TIRANE, holidays_country="AL")
AL_HOLIDAYS = holidays.country_holidays("AL", years=range(2024, 2032))

# Any instant from 2024 to 2030, DST transitions included, as an aware UTC datetime.
moments = st.datetimes(
    min_value=datetime(2024, 1, 1), max_value=datetime(2030, 12, 31), timezones=st.just(UTC)
)
# Instants near the clock changes (last Sundays of March and October), where bugs live.
dst_moments = st.sampled_from(
    [
        datetime(2026, 3, 29, 1, 0, tzinfo=UTC),
        datetime(2026, 10, 25, 1, 0, tzinfo=UTC),
        datetime(2027, 3, 28, 1, 0, tzinfo=UTC),
        datetime(2027, 10, 31, 1, 0, tzinfo=UTC),
    ]
).flatmap(
    lambda m: st.integers(min_value=-72 * 60, max_value=72 * 60).map(
        lambda minutes: m + timedelta(minutes=minutes)
    )
)
any_moment = st.one_of(moments, dst_moments)
closures = st.frozensets(
    st.dates(min_value=date(2024, 1, 1), max_value=date(2031, 6, 30)), max_size=20
)


def local(moment: datetime) -> datetime:
    return moment.astimezone(TIRANE)


def off(kind: str, amount: int = 0) -> Offset:
    return Offset(kind=kind, amount=amount)


@given(any_moment, st.integers(min_value=0, max_value=24 * 60))
def test_hours_are_elapsed_time_whatever_the_clocks_do(start, hours):
    assert due_at(start, off("hours", hours), CAL) - start == timedelta(hours=hours)


@given(any_moment, st.integers(min_value=0, max_value=600))
def test_minutes_are_elapsed_time(start, minutes):
    assert due_at(start, off("minutes", minutes), CAL) - start == timedelta(minutes=minutes)


@given(any_moment)
def test_immediate_is_due_at_the_moment_itself(start):
    assert due_at(start, off("immediate"), CAL) == start


@given(any_moment)
def test_end_of_day_is_the_last_instant_of_the_same_local_day(start):
    due = local(due_at(start, off("end_of_day"), CAL))
    assert due.date() == local(start).date()
    assert due.time() == END_OF_DAY
    assert due >= start


@given(any_moment, st.integers(min_value=0, max_value=400))
def test_calendar_days_end_on_the_nth_local_day(start, days):
    due = local(due_at(start, off("calendar_days", days), CAL))
    assert due.date() == local(start).date() + timedelta(days=days)
    assert due.time() == END_OF_DAY


@given(any_moment, st.integers(min_value=0, max_value=60))
def test_weeks_are_seven_calendar_days(start, weeks):
    assert due_at(start, off("weeks", weeks), CAL) == due_at(
        start, off("calendar_days", 7 * weeks), CAL
    )


@given(any_moment, st.integers(min_value=1, max_value=60), closures)
@settings(max_examples=150)
def test_working_days_end_on_a_working_day_after_exactly_n_of_them(start, n, closed):
    cal = WorkingCalendar(time_zone=TIRANE, holidays_country="AL", closures=closed)
    due = local(due_at(start, off("working_days", n), cal))
    day = due.date()
    assert due.time() == END_OF_DAY
    assert day.weekday() < 5, "never a Saturday or Sunday"
    assert day not in AL_HOLIDAYS, "never an Albanian public holiday"
    assert day not in closed, "never a closure day"
    assert working_days_between(local(start).date(), day, cal) == n


@given(any_moment, any_moment, st.integers(min_value=0, max_value=40))
@settings(max_examples=150)
def test_working_days_are_monotonic_in_the_start(a, b, n):
    first, second = sorted((a, b))
    offset = off("working_days", n)
    assert due_at(first, offset, CAL) <= due_at(second, offset, CAL)


@given(any_moment, st.integers(min_value=0, max_value=40), st.integers(min_value=1, max_value=10))
def test_more_working_days_fall_due_strictly_later(start, n, more):
    assert due_at(start, off("working_days", n), CAL) < due_at(
        start, off("working_days", n + more), CAL
    )


@given(any_moment, st.sampled_from(["hours", "calendar_days", "working_days", "months"]))
def test_no_deadline_falls_due_before_it_opens(start, kind):
    assert due_at(start, off(kind, 1), CAL) > start


@given(any_moment, st.integers(min_value=0, max_value=20))
def test_an_at_risk_window_in_working_days_starts_on_a_working_day_before_due(due, n):
    start = before(due, off("working_days", n), CAL)
    assert start <= due
    if n:
        first, last = local(start).date(), local(due).date()
        assert CAL.is_working_day(first)
        # n working days in [start, due): the start day counts, the due day does not.
        assert working_days_between(first - timedelta(days=1), last - timedelta(days=1), CAL) == n


@given(any_moment, st.integers(min_value=0, max_value=100))
def test_an_at_risk_window_in_hours_is_elapsed_time(due, hours):
    assert due - before(due, off("hours", hours), CAL) == timedelta(hours=hours)


@given(st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 12, 31)), st.integers(0, 60))
def test_months_keep_the_day_or_clamp_to_the_end_of_a_shorter_month(day, n):
    result = add_months(day, n)
    assert (result.year * 12 + result.month) - (day.year * 12 + day.month) == n
    assert result.day == day.day or (result.day < day.day and (result + timedelta(1)).day == 1)


@given(any_moment, st.integers(min_value=1, max_value=24))
def test_monthly_occurrences_do_not_drift(start, n):
    due = local(occurrence_due(start, off("months", 1), off("months", 1), n, CAL))
    expected = add_months(local(start).date(), n)
    assert due.date() == expected


# --- Worked examples -------------------------------------------------------------------


def at(y, m, d, hh=0, mm=0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=TIRANE)


def test_72_hours_across_the_spring_clock_change_end_an_hour_later_on_the_wall_clock():
    # Clocks go forward on Sunday 29 March 2026 at 02:00 (CET → CEST).
    due = due_at(at(2026, 3, 27, 12), off("hours", 72), CAL)
    assert local(due) == at(2026, 3, 30, 13)
    assert local(due).utcoffset() == timedelta(hours=2)


def test_72_hours_across_the_autumn_clock_change_end_an_hour_earlier_on_the_wall_clock():
    # Clocks go back on Sunday 25 October 2026 at 03:00 (CEST → CET).
    due = due_at(at(2026, 10, 23, 12), off("hours", 72), CAL)
    assert local(due) == at(2026, 10, 26, 11)


def test_end_of_day_on_the_day_the_clocks_change():
    due = local(due_at(at(2026, 3, 29, 1, 30), off("end_of_day"), CAL))
    assert (due.date(), due.time(), due.utcoffset()) == (
        date(2026, 3, 29),
        END_OF_DAY,
        timedelta(hours=2),
    )


def test_working_days_skip_the_independence_and_liberation_days():
    # Friday 27 Nov 2026; 28 and 29 Nov (holidays) fall on the weekend, so they are
    # observed on Monday 30 Nov and Tuesday 1 Dec: the next working day is Wednesday.
    assert add_working_days(date(2026, 11, 27), 1, CAL) == date(2026, 12, 2)


def test_working_days_skip_new_year():
    # Wednesday 31 Dec 2025 → 1 and 2 Jan are holidays, 3–4 a weekend → Monday 5 Jan.
    assert add_working_days(date(2025, 12, 31), 1, CAL) == date(2026, 1, 5)


def test_a_closure_day_is_not_a_working_day():
    closed = WorkingCalendar(time_zone=TIRANE, holidays_country="AL", closures={date(2026, 3, 11)})
    assert add_working_days(date(2026, 3, 10), 1, CAL) == date(2026, 3, 11)
    assert add_working_days(date(2026, 3, 10), 1, closed) == date(2026, 3, 12)


def test_the_appeal_window_of_a_decision_before_christmas():
    # Decision on Friday 18 Dec 2026: 30 working days, skipping 25 Dec, 1–2 Jan and weekends.
    due = local(due_at(at(2026, 12, 18, 15), off("working_days", 30), CAL))
    assert due.date() == date(2027, 2, 3)
    assert due.time() == END_OF_DAY


def test_a_decision_taken_on_a_saturday_counts_from_monday():
    due = local(due_at(at(2026, 3, 14, 9), off("working_days", 1), CAL))
    # 14 March is Summer Day (a Saturday), observed on Monday 16 March: first working day 17.
    assert due.date() == date(2026, 3, 17)


def test_monthly_reports_from_31_january_fall_on_each_months_last_day():
    start = at(2027, 1, 31, 9)
    dues = [
        local(occurrence_due(start, off("months", 1), off("months", 1), n, CAL)).date()
        for n in (1, 2, 3)
    ]
    assert dues == [date(2027, 2, 28), date(2027, 3, 31), date(2027, 4, 30)]


def test_naive_moments_and_negative_offsets_are_refused():
    with pytest.raises(CalendarError):
        due_at(datetime(2026, 3, 10, 10), off("hours", 1), CAL)
    with pytest.raises(CalendarError):
        due_at(at(2026, 3, 10), off("hours", -1), CAL)
    with pytest.raises(CalendarError):
        before(at(2026, 3, 10), off("months", 1), CAL)


def test_a_calendar_without_working_days_is_an_error_not_a_hang():
    never = WorkingCalendar(time_zone=TIRANE, working_weekdays=frozenset())
    with pytest.raises(CalendarError):
        add_working_days(date(2026, 1, 1), 1, never)


def test_results_are_in_utc():
    due = due_at(at(2026, 7, 1, 10), off("calendar_days", 1), CAL)
    assert due.tzinfo == UTC
    assert due == datetime.combine(date(2026, 7, 2), time(21, 59, 59, 999999), tzinfo=UTC)
