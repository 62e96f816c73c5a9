"""The one seam for time. Code asks `clock.now()`; tests freeze it with time-machine, and
the demo generator back-dates cases with `clock.override`."""

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime

from django.utils import timezone

_state = threading.local()


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
