"""Periodic jobs the worker runs each cycle: a door each app contributes its jobs to."""

from collections.abc import Callable

from nrm.core.doors import Door

periodic_jobs: Door[Callable[[], int]] = Door(
    "periodic_jobs", "Work `nrm worker` runs every cycle; each returns how many rows it touched."
)


def periodic(name: str, *, app: str, order: int = 100):
    """Decorator for a job function; used in the contributing app's `jobs` module, which its
    `AppConfig.ready()` imports."""

    def register(fn: Callable[[], int]) -> Callable[[], int]:
        periodic_jobs.add(fn, code=name, app=app, order=order)
        return fn

    return register


def periodic_list() -> list[tuple[str, Callable[[], int]]]:
    return [(code, job) for code, _app, job in periodic_jobs.entries()]
