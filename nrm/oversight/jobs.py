"""Oversight's periodic job of `nrm worker`: the unusual-reading watch over the reads the
audit trail sealed in the same cycle (its job runs first: order 20 < 30)."""

from nrm.core.jobs import periodic
from nrm.oversight.watch import reading_watch_scan


@periodic("reading_watch", app=__package__, order=30)
def reading_watch_job() -> int:
    return reading_watch_scan()
