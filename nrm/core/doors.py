"""Doors: named extension points that lower apps open and higher apps contribute to.

A lower app (the registry, the deadline engine, the audit trail) declares a `Door` for
something it shows or does without knowing who supplies it: panels on the case page,
sections of a person's data export, demo walkers, periodic jobs. A higher app (a stage)
contributes in its `AppConfig.ready()` through `door.add(...)`. Nothing here sends a
signal: the lower app reads its door where it needs it, in plain sight, in a fixed order.

Contributions are made while Django starts; `doors_close()` (called by the last app's
`ready()`) freezes every door, so a contribution added later is a bug, not a feature.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Generic, TypeVar

T = TypeVar("T")

_ALL: list["Door"] = []


class DoorClosed(RuntimeError):
    pass


@dataclass
class Door(Generic[T]):
    """An ordered list of contributions of one kind, each named by `code`."""

    name: str
    doc: str
    _items: list[tuple[int, str, str, T]] = field(default_factory=list)
    _closed: bool = False

    def __post_init__(self) -> None:
        _ALL.append(self)

    def add(self, item: T, *, code: str, app: str, order: int = 100) -> T:
        if self._closed:
            raise DoorClosed(f"{self.name}: {code} from {app} arrived after start-up")
        if any(existing == code for _o, existing, _a, _i in self._items):
            raise ValueError(f"{self.name}: {code} contributed twice")
        self._items.append((order, code, app, item))
        self._items.sort(key=lambda entry: (entry[0], entry[1]))
        return item

    def __iter__(self) -> Iterator[T]:
        return iter([item for _o, _c, _a, item in self._items])

    def __len__(self) -> int:
        return len(self._items)

    def get(self, code: str) -> T | None:
        for _o, existing, _a, item in self._items:
            if existing == code:
                return item
        return None

    def contributions(self) -> list[tuple[str, str]]:
        """(code, app) of every contribution, in order: for docs and tests."""
        return [(code, app) for _o, code, app, _i in self._items]

    def entries(self) -> list[tuple[str, str, T]]:
        """(code, app, item) of every contribution, in order."""
        return [(code, app, item) for _o, code, app, item in self._items]

    def remove(self, code: str) -> None:
        """Tests only: take back a contribution added to prove a door works."""
        self._items = [entry for entry in self._items if entry[1] != code]


def doors_close() -> None:
    for door in _ALL:
        door._closed = True


@contextmanager
def doors_open_for_test() -> Iterator[None]:
    """For tests that contribute a throw-away stage: every door open, then as it was."""
    states = [(door, door._closed) for door in _ALL]
    for door in _ALL:
        door._closed = False
    try:
        yield
    finally:
        for door, closed in states:
            door._closed = closed


def all_doors() -> list[Door]:
    return list(_ALL)
