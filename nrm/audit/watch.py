"""The unusual-reading watch: an alert when one user opens many distinct cases in a short
time (the profile's `unusual_reading`: `cases` within `minutes`).

`access_record` calls `reading_watch` after every read of a case, inside the reader's
transaction. It counts the reader's distinct cases in the window from the access log (index
`access_user_at`), and at the threshold writes one `ReadingAlert`, the audit event
`security.unusual_reading` and an inbox notice to the `notify` roles (the AP secretariat) —
or, when the reader holds one of those roles, to the `escalate_to` roles (the AP head).
One alert per user per window: no second alert while the last one is younger than the window.

Nobody is exempt but the system account (`is_system`; jobs act as it and read in bulk by design);
the AP secretariat, who reach every case, are watched like everyone else.
"""

from datetime import timedelta

from django.conf import settings

from nrm.audit.models import AccessLog, ReadingAlert
from nrm.jurisdictions import get_profile


def reading_watch(*, actor, at) -> ReadingAlert | None:
    """The alert raised by the read the actor just made at `at`, if it crosses the line."""
    rule = get_profile(settings.NRM_JURISDICTION).unusual_reading
    user = actor.user
    if rule is None or user is None or user.is_system:
        return None
    since = at - timedelta(minutes=rule.minutes)
    if ReadingAlert.objects.filter(user=user, at__gt=since).exists():
        return None  # already raised for this window
    cases = (
        AccessLog.objects.filter(user=user, at__gt=since, at__lte=at)
        .values("case_id")
        .distinct()
        .count()
    )
    if cases < rule.cases:
        return None
    return _alert(actor=actor, at=at, cases=cases, rule=rule)


def _alert(*, actor, at, cases: int, rule) -> ReadingAlert:
    from nrm.audit.services import event_record
    from nrm.deadlines.models import NotificationKind
    from nrm.deadlines.services import notice_send

    roles = rule.escalate_to if actor.role in rule.notify else rule.notify
    from nrm.accounts.selectors import users_with_roles

    recipients = [u for u in users_with_roles(roles=roles) if u.pk != actor.user.pk]
    alert = ReadingAlert.objects.create(
        at=at,
        user=actor.user,
        institution=actor.institution,
        cases=cases,
        minutes=rule.minutes,
        notified=len(recipients),
    )
    event_record(
        actor=actor,
        code="security.unusual_reading",
        target=alert,
        data={"cases": cases, "minutes": rule.minutes, "notified": len(recipients)},
    )
    # The reader's username is what the AP needs; nothing about the cases or the people.
    notice_send(
        recipients=recipients,
        kind=NotificationKind.UNUSUAL_READING,
        data={"user": actor.user.username, "cases": cases, "minutes": rule.minutes},
    )
    return alert
