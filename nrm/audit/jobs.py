"""The access log's periodic job of `nrm worker`: seal the reads into the hash chain, then
run the unusual-reading watch over the newly sealed ones."""

from nrm.core.jobs import periodic


@periodic("access_log")
def access_log_job() -> int:
    """Returns how many reads it sealed."""
    from nrm.audit.services import access_log_seal
    from nrm.audit.watch import reading_watch_scan

    sealed = access_log_seal()
    reading_watch_scan()
    return sealed
