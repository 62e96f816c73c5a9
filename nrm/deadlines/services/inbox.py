"""The user's inbox and preference, and the administrator's closure days."""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from nrm.accounts.capabilities import Capability
from nrm.accounts.selectors import institutions_of_types, role_members
from nrm.audit.services import event_record
from nrm.core import clock
from nrm.core.errors import Forbidden, NotFound, ValidationFailed
from nrm.deadlines import rules
from nrm.deadlines.audit_codes import DeadlineCode
from nrm.deadlines.doors import notice_kinds
from nrm.deadlines.models import (
    Channel,
    ClosureDay,
    Notification,
    NotificationPreference,
)
from nrm.deadlines.services.notify import bilingual_email, email_wanted, send_emails
from nrm.jurisdictions import get_profile
from nrm.registry.selectors import case_granted_institutions
from nrm.registry.services import case_assign


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
        event_record(actor=actor, code=DeadlineCode.NOTIFICATION_READ, data={"count": count})
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
        actor=actor,
        code=DeadlineCode.NOTIFICATION_PREFERENCE_SET,
        target=pref,
        data={"channel": channel},
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
        code=DeadlineCode.CLOSURE_DAY_CREATED if created else DeadlineCode.CLOSURE_DAY_UPDATED,
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
    event_record(actor=actor, code=DeadlineCode.CLOSURE_DAY_DELETED, data={"day": day.isoformat()})


@transaction.atomic
def notice_send(*, recipients, kind: str, case=None, data: dict | None = None) -> int:
    """Inbox notices about a case rather than a deadline: consent withdrawn, unusual reading.

    Runs inside the caller's transaction (the caller's service writes the audit event);
    e-mail goes out after commit to those who want it, with the reference and a link only.
    """
    notice = notice_kinds.get(kind)
    if notice is None:
        raise ValueError(f"not a notice kind: {kind}")
    moment = clock.now()
    users = {u.pk: u for u in recipients if u is not None and u.is_active}
    if not users:
        return 0
    reference = case.reference if case is not None else ""
    Notification.objects.bulk_create(
        [
            Notification(
                recipient_id=pk,
                case=case,
                case_reference=reference,
                kind=kind,
                data=data or {},
                created_at=moment,
            )
            for pk in users
        ]
    )
    to = email_wanted(list(users.values()))
    if to:
        # A kind with its own page (a pending referral's inbox) links there: the case may
        # not open for its recipients yet.
        if notice.page:
            path = reverse(notice.page)
        else:
            path = reverse("case_detail", args=[case.pk]) if case is not None else reverse("inbox")
        link = settings.NRM_PUBLIC_URL.rstrip("/") + path
        messages = [
            bilingual_email(
                to=u.email,
                subject=lambda: (
                    "nrm: " + str(notice.label) + (f" — {reference}" if reference else "")
                ),
                text=lambda: str(notice.text) % {"ref": reference},
                link=link,
            )
            for u in to
        ]
        transaction.on_commit(lambda: send_emails(messages))
    return len(users)


def _give_access(actor, case, institutions, kind: str, granted) -> None:
    """An assignment to each told institution without access, by the actor (who may change
    the case: it acts on it); one who may not leaves the grant to the owner."""
    if not actor.can(Capability.CASE_UPDATE):
        return
    has = {case.owner_institution_id} | {i.pk for i in granted}
    for institution in institutions:
        if institution.pk not in has:
            case_assign(
                actor=actor,
                case_id=case.pk,
                institution=institution,
                reason=f"notice:{kind}",
                notify=False,  # this notice tells them
            )


@transaction.atomic
def notice_to_addressees(*, actor, case, kind: str, addressed=(), data: dict | None = None) -> int:
    """The profile's notice of `kind` about `case` (its `notices` block), at once: to the
    members it names of the institutions the act addresses (`addressed`) or that serve the
    case, never to the actor. Inside the acting service's transaction, which writes the one
    audit event; nothing is sent when the profile has no notice of this kind. `data`: codes
    and ids only, never a name."""
    notice = get_profile(case.profile_code, case.profile_version).notice(kind)
    if notice is None:
        return 0
    granted = None
    users: dict[int, object] = {}
    for recipient in notice.to:
        if recipient.applies_to != "all" and (recipient.applies_to == "child") != case.is_child:
            continue
        if granted is None and not recipient.addressed:
            granted = case_granted_institutions(actor=actor, case_ids=[case.pk]).get(case.pk, [])
        institutions = rules.notice_institutions(
            recipient,
            owner=case.owner_institution,
            granted=granted or [],
            of_type=[]
            if recipient.addressed
            else institutions_of_types(types=recipient.institution_types),
            county=case.county,
            addressed=list(addressed),
        )
        if recipient.access:
            _give_access(actor, case, institutions, kind, granted or [])
        found = role_members(institution_ids=[i.pk for i in institutions], roles=recipient.roles)
        for members in found.values():
            for user in members:
                users.setdefault(user.pk, user)
    me = actor.user.pk if actor is not None and actor.user is not None else None
    return notice_send(
        recipients=[u for pk, u in users.items() if pk != me], kind=kind, case=case, data=data
    )
