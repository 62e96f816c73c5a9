"""Retention as a periodic job of `nrm worker`: anonymise closed cases past their period,
acting as the named system user."""

from nrm.accounts.policy import system_actor
from nrm.accounts.services import system_user_ensure
from nrm.core.jobs import periodic
from nrm.registry.retention import retention_anonymise


@periodic("retention_anonymise", app=__package__)
def retention_anonymise_job() -> int:
    """How many cases were anonymised (at most the profile's `batch_size`)."""
    system_user_ensure()
    return retention_anonymise(actor=system_actor())
