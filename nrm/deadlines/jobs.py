"""The deadline engine's periodic work for `nrm worker` (and `nrm worker --once`): the scan,
and deleting notifications older than the profile's retention period. Both act as the
named system user."""

from django.conf import settings

from nrm.accounts.policy import system_actor
from nrm.accounts.services import system_user_ensure
from nrm.core import clock
from nrm.core.jobs import periodic
from nrm.deadlines.services import deadline_scan
from nrm.deadlines.services.retention import notification_purge
from nrm.jurisdictions import get_profile


def _system():
    system_user_ensure()
    return system_actor()


@periodic("deadline_scan", app=__package__)
def deadline_scan_job() -> int:
    """How many deadlines the scan touched."""
    return deadline_scan(actor=_system()).total()


@periodic("retention_notifications", app=__package__, order=200)
def retention_notifications_job() -> int:
    """How many notifications older than the profile's period were deleted."""
    retention = get_profile(settings.NRM_JURISDICTION).retention
    if retention is None:
        return 0
    before = clock.add_months(clock.now(), -retention.notifications.total_months)
    return notification_purge(actor=_system(), before=before)
