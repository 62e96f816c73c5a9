"""The one seam for time. Code asks `clock.now()`; tests freeze it with time-machine, and
the demo generator back-dates cases with `clock.override`."""

import calendar as _calendar
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import TypeVar

from django.utils import timezone

_state = threading.local()
_D = TypeVar("_D", date, datetime)


def now() -> datetime:
    fixed = getattr(_state, "fixed", None)
    return fixed if fixed is not None else timezone.now()


def today() -> date:
    return timezone.localdate(now())


@contextmanager
def override(moment: datetime) -> Iterator[None]:
    previous = getattr(_state, "fixed", None)
    _state.fixed = moment
    try:
        yield
    finally:
        _state.fixed = previous


def add_months(moment: _D, months: int) -> _D:
    """The same day `months` calendar months later or earlier (a date or a datetime), clamped to
    a shorter month's end (31 Jan + 1 → 28/29 Feb). The one place months are added."""
    index = moment.month - 1 + months
    year, month = moment.year + index // 12, index % 12 + 1
    day = min(moment.day, _calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def month_start(moment: _D, months_back: int = 0) -> _D:
    """The first day of the month `months_back` months before `moment` (midnight for a
    datetime)."""
    first = add_months(moment.replace(day=1), -months_back)
    if isinstance(first, datetime):
        return first.replace(hour=0, minute=0, second=0, microsecond=0)
    return first
