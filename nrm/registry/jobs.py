"""Retention as periodic jobs of `nrm worker`: anonymise closed cases past their period,
delete old notifications. Both act as the named system user."""

from nrm.core.jobs import periodic


def _system():
    from nrm.accounts.policy import system_actor
    from nrm.accounts.services import system_user_ensure

    system_user_ensure()
    return system_actor()


@periodic("retention_anonymise")
def retention_anonymise_job() -> int:
    """How many cases were anonymised (at most the profile's `batch_size`)."""
    from nrm.registry.retention import retention_anonymise

    return retention_anonymise(actor=_system())


@periodic("retention_notifications")
def retention_notifications_job() -> int:
    """How many notifications older than the profile's period were deleted."""
    from django.conf import settings

    from nrm.core import clock
    from nrm.deadlines.services.retention import notification_purge
    from nrm.jurisdictions import get_profile
    from nrm.registry.retention import add_months

    retention = get_profile(settings.NRM_JURISDICTION).retention
    if retention is None:
        return 0
    before = add_months(clock.now(), -retention.notifications.total_months)
    return notification_purge(actor=_system(), before=before)
