"""The user's inbox and preference, and the administrator's closure days."""

from django.db import transaction
from django.utils.translation import gettext as _

from nrm.accounts.capabilities import Capability
from nrm.audit.services import event_record
from nrm.core import clock
from nrm.core.errors import Forbidden, NotFound, ValidationFailed
from nrm.deadlines.models import Channel, ClosureDay, Notification, NotificationPreference


@transaction.atomic
def notification_mark_read(*, actor, ids=None) -> int:
    """Marks the actor's own notifications read: the given ones, or all when `ids` is None."""
    if actor is None or actor.user is None or not actor.user.is_authenticated:
        raise Forbidden()
    qs = Notification.objects.filter(recipient=actor.user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    count = qs.update(read_at=clock.now())
    if count:
        event_record(actor=actor, code="notification.read", data={"count": count})
    return count


@transaction.atomic
def notification_preference_set(*, actor, channel: str) -> NotificationPreference:
    if actor is None or actor.user is None or not actor.user.is_authenticated:
        raise Forbidden()
    if channel not in Channel.values:
        raise ValidationFailed({"channel": [_("Choose how you want to be notified.")]})
    pref, _created = NotificationPreference.objects.update_or_create(
        user=actor.user, defaults={"channel": channel, "updated_at": clock.now()}
    )
    event_record(
        actor=actor, code="notification.preference_set", target=pref, data={"channel": channel}
    )
    return pref


@transaction.atomic
def closure_day_save(*, actor, day, reason: str) -> ClosureDay:
    """Adds or updates a closure day. Deadlines already open keep their due moment; those
    opened from now on skip the day."""
    if not actor.can(Capability.REFERENCE_MANAGE):
        raise Forbidden()
    if not reason.strip():
        raise ValidationFailed({"reason": [_("Give the reason for the closure.")]})
    closure, created = ClosureDay.objects.update_or_create(
        day=day,
        defaults={"reason": reason.strip(), "created_at": clock.now(), "created_by": actor.user},
    )
    event_record(
        actor=actor,
        code="closure_day.created" if created else "closure_day.updated",
        target=closure,
        data={"day": day.isoformat()},
    )
    return closure


@transaction.atomic
def closure_day_delete(*, actor, day) -> None:
    if not actor.can(Capability.REFERENCE_MANAGE):
        raise Forbidden()
    deleted, _by_model = ClosureDay.objects.filter(day=day).delete()
    if not deleted:
        raise NotFound()
    event_record(actor=actor, code="closure_day.deleted", data={"day": day.isoformat()})
