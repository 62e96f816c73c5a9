"""Periodic jobs the worker runs each cycle. Later apps add theirs (the deadline scan)."""

from collections.abc import Callable

from nrm.core import clock

PERIODIC: list[tuple[str, Callable[[], int]]] = []


def periodic(name: str):
    def register(fn: Callable[[], int]) -> Callable[[], int]:
        PERIODIC.append((name, fn))
        return fn

    return register


@periodic("expired_api_tokens")
def purge_expired_tokens() -> int:
    from nrm.accounts.models import ApiToken

    deleted, _ = ApiToken.objects.filter(expires_at__lte=clock.now()).delete()
    return deleted
