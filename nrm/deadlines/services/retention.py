"""Retention of notifications: the worker deletes them once the profile's period is over."""

from datetime import datetime

from django.db import transaction

from nrm.accounts.capabilities import Capability
from nrm.audit.services import event_record
from nrm.core.errors import Forbidden
from nrm.deadlines.audit_codes import DeadlineCode
from nrm.deadlines.models import Notification


@transaction.atomic
def notification_purge(*, actor, before: datetime) -> int:
    """Deletes every notification sent before `before`; one audit event with the count."""
    if not actor.can(Capability.PERSON_RIGHTS):
        raise Forbidden()
    deleted, _by_model = Notification.objects.filter(created_at__lt=before).delete()
    if deleted:
        event_record(
            actor=actor,
            code=DeadlineCode.NOTIFICATION_PURGED,
            data={"count": deleted, "before": before.isoformat()},
        )
    return deleted
