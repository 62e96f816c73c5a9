"""The deadline scan as a periodic job of `nrm worker` (and `nrm worker --once`)."""

from nrm.core.jobs import periodic


@periodic("deadline_scan")
def deadline_scan_job() -> int:
    """Acts as the named system user; returns how many deadlines it touched."""
    from nrm.accounts.policy import system_actor
    from nrm.accounts.services import system_user_ensure
    from nrm.deadlines.services import deadline_scan

    system_user_ensure()
    return deadline_scan(actor=system_actor()).total()
