"""The access log's periodic job of `nrm worker`: seal the reads into the hash chain."""

from nrm.audit.services import access_log_seal
from nrm.core.jobs import periodic


@periodic("access_log_seal", app=__package__, order=20)
def access_log_job() -> int:
    """Returns how many reads it sealed (the unusual-reading watch runs next: oversight)."""
    return access_log_seal()
