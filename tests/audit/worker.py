"""One cycle of the worker's read-log jobs: seal the reads, then the unusual-reading watch."""

from nrm.core.jobs import periodic_jobs


def access_log_job() -> int:
    sealed = periodic_jobs.get("access_log_seal")()
    periodic_jobs.get("reading_watch")()
    return sealed
