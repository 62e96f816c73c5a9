"""Who hears about a deadline, the notification rows, and e-mail after commit."""

import logging
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import connection, transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from nrm.accounts.selectors import institutions_of_types, role_members
from nrm.deadlines.models import (
    Channel,
    Notification,
    NotificationKind,
    NotificationPreference,
)

log = logging.getLogger("nrm.deadlines")


@dataclass
class _Message:
    recipient: object
    deadline: object  # the scan's row: pk, case_id, reference
    kind: str
    level: int


class _Recipients:
    """Who hears about a deadline: the responsible role at the responsible institution, or
    an escalation step's role at the responsible institution or at institutions of a type.
    Memberships are read once per batch."""

    def __init__(self, deadlines: list, rule_of):
        self.rule_of = rule_of
        pairs, types = set(), set()
        for d in deadlines:
            rule = rule_of(d)
            if d.responsible_institution_id:
                pairs.add((d.responsible_institution_id, d.responsible_role))
            for step in rule.escalation if rule else ():
                if step.institution_type:
                    types.add(step.institution_type)
                elif d.responsible_institution_id:
                    pairs.add((d.responsible_institution_id, step.to))
        self.by_type: dict[str, list[int]] = {}
        for institution in institutions_of_types(types=types):
            self.by_type.setdefault(institution.type, []).append(institution.pk)
        ids = {i for i, _r in pairs} | {i for ids in self.by_type.values() for i in ids}
        roles = {r for _i, r in pairs} | {
            s.to for d in deadlines for s in (rule_of(d).escalation if rule_of(d) else ())
        }
        self.members = role_members(institution_ids=ids, roles=roles)

    def responsible(self, d) -> list:
        return list(self.members.get((d.responsible_institution_id, d.responsible_role), []))

    def escalation(self, d, step: int) -> list:
        spec = self.rule_of(d).escalation[step - 1]
        if spec.institution_type:
            institutions = self.by_type.get(spec.institution_type, [])
        else:
            institutions = [d.responsible_institution_id] if d.responsible_institution_id else []
        users, seen = [], set()
        for institution_id in institutions:
            for user in self.members.get((institution_id, spec.to), []):
                if user.pk not in seen:
                    seen.add(user.pk)
                    users.append(user)
        return users


def _notify(messages: list[_Message], moment: datetime) -> int:
    """Writes the notifications and, after commit, e-mails those who want e-mail."""
    if not messages:
        return 0
    rows = [
        (m.recipient.pk, m.deadline.pk, m.deadline.reference or "", m.kind, m.level, moment)
        for m in messages
    ]
    _insert_notifications(rows)
    wanted = {u.pk for u in email_wanted([m.recipient for m in messages])}
    emails = [_email(m) for m in messages if m.recipient.pk in wanted]
    if emails:
        transaction.on_commit(lambda: send_emails(emails))
    return len(rows)


NOTIFICATION_COLUMNS = (
    "recipient_id",
    "deadline_id",
    "case_reference",
    "kind",
    "level",
    "created_at",
)


def _insert_notifications(rows: list[tuple]) -> None:
    """Inserts, skipping any (deadline, kind, level, recipient) already there. PostgreSQL:
    COPY into a temporary table, then one INSERT … ON CONFLICT DO NOTHING; elsewhere
    bulk_create."""
    if connection.vendor != "postgresql":
        Notification.objects.bulk_create(
            [Notification(**dict(zip(NOTIFICATION_COLUMNS, row, strict=True))) for row in rows],
            batch_size=1000,
            ignore_conflicts=True,
        )
        return
    table = connection.ops.quote_name(Notification._meta.db_table)
    columns = ", ".join(NOTIFICATION_COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE IF NOT EXISTS nrm_scan_notification (recipient_id bigint, "
            "deadline_id bigint, case_reference varchar(32), kind varchar(16), "
            "level smallint, created_at timestamptz) ON COMMIT DELETE ROWS"
        )
        with cursor.cursor.copy(f"COPY nrm_scan_notification ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        # `data` (notices only) has no database default: a deadline's notification has none.
        cursor.execute(
            f"INSERT INTO {table} ({columns}, data) SELECT {columns}, '{{}}'::jsonb "  # noqa: S608
            "FROM nrm_scan_notification ON CONFLICT DO NOTHING"
        )


def _email(m: _Message) -> EmailMessage:
    """Only the case reference and a link: never a name or anything about the person."""
    reference = m.deadline.reference or ""
    if m.deadline.case_id:
        link = settings.NRM_PUBLIC_URL.rstrip("/") + reverse(
            "case_detail", args=[m.deadline.case_id]
        )
    else:
        link = settings.NRM_PUBLIC_URL.rstrip("/") + reverse("deadline_mine")
    return bilingual_email(
        to=m.recipient.email,
        subject=lambda: _email_subject(m.kind, reference),
        text=lambda: _email_text(m.kind, reference),
        link=link,
    )


def email_wanted(users) -> list:
    """Those of `users` with an address who did not choose in-app notices only."""
    prefs = dict(
        NotificationPreference.objects.filter(user_id__in={u.pk for u in users}).values_list(
            "user_id", "channel"
        )
    )
    return [u for u in users if u.email and prefs.get(u.pk, Channel.IN_APP_EMAIL) != Channel.IN_APP]


def bilingual_email(*, to: str, subject, text, link: str) -> EmailMessage:
    """One e-mail in Albanian then English (subject in Albanian): `subject` and `text` are
    called in each language. Only a case reference and a link, never a name."""
    parts = []
    for language in ("sq", "en"):
        with translation.override(language):
            parts.append(_("%(text)s\nOpen it in nrm: %(link)s") % {"text": text(), "link": link})
    with translation.override("sq"):
        subject_line = subject()
    return EmailMessage(
        subject=subject_line,
        body="\n\n---\n\n".join(parts),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
    )


def _email_subject(kind: str, reference: str) -> str:
    label = {
        NotificationKind.REMINDER: _("A deadline is near"),
        NotificationKind.MISSED: _("A deadline was missed"),
        NotificationKind.ESCALATION: _("A missed deadline is escalated to you"),
    }[kind]
    return f"nrm: {label}" + (f" — {reference}" if reference else "")


def _email_text(kind: str, reference: str) -> str:
    return {
        NotificationKind.REMINDER: _("A deadline of case %(ref)s falls due soon."),
        NotificationKind.MISSED: _("A deadline of case %(ref)s has passed without being met."),
        NotificationKind.ESCALATION: _(
            "A missed deadline of case %(ref)s is escalated to you as the next level."
        ),
    }[kind] % {"ref": reference or _("(no case)")}


def send_emails(emails: list[EmailMessage]) -> None:
    try:
        get_connection().send_messages(emails)
    except Exception:  # the notifications are saved; a mail server failure must not undo them
        log.exception("could not send %d e-mails", len(emails))
