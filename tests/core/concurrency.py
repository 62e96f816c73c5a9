"""A harness for simultaneous writes: each callable runs in its own thread and database
connection, all released at once by a barrier. Needs `transactional_db` (the threads must
see committed rows) and a database with real row locks (PostgreSQL).

Later capabilities (shelter admissions, referrals) reuse it:

    outcomes = race(lambda: admit(bed=1), lambda: admit(bed=1))
    assert sorted(o.kind for o in outcomes) == ["error", "ok"]
"""

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection, connections


@dataclass
class Outcome:
    value: Any = None
    error: BaseException | None = None

    @property
    def kind(self) -> str:
        return "ok" if self.error is None else "error"


def requires_row_locks() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL): SQLite has no concurrent writers")


def race(*calls: Callable[[], Any], timeout: float = 30) -> list[Outcome]:
    barrier = threading.Barrier(len(calls))
    outcomes = [Outcome() for _ in calls]

    def run(index: int, call: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout)
            outcomes[index].value = call()
        except BaseException as exc:  # the test decides what was expected
            outcomes[index].error = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
        assert not thread.is_alive(), "a racing call did not finish (deadlock?)"
    return outcomes
