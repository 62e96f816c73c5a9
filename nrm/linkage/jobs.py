"""The worker's nightly scan for persons recorded more than once (`nrm worker`, core.jobs
door): once a night, in the first cycle between 01:00 and 05:00 (Europe/Tirane) when no
scan has run in the last 20 hours."""

from datetime import timedelta

from django.utils import timezone

from nrm.accounts.policy import system_actor
from nrm.accounts.services import system_user_ensure
from nrm.audit.models import AuditEvent
from nrm.core import clock
from nrm.core.jobs import periodic
from nrm.linkage.audit_codes import LinkageCode
from nrm.linkage.services import linkage_scan

NIGHT_HOURS = range(1, 5)
MIN_GAP = timedelta(hours=20)


def scan_due(now) -> bool:
    if timezone.localtime(now).hour not in NIGHT_HOURS:
        return False
    return not AuditEvent.objects.filter(code=LinkageCode.SCAN, at__gte=now - MIN_GAP).exists()


@periodic("linkage_scan", app=__package__, order=160)
def linkage_scan_job() -> int:
    """How many candidate pairs the scan found (0 when it was not due)."""
    if not scan_due(clock.now()):
        return 0
    system_user_ensure()
    return linkage_scan(actor=system_actor()).found
