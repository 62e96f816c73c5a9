"""The unusual-reading watch: an alert when one user opens many distinct cases in a short
time (the profile's `unusual_reading`: `cases` within `minutes`).

A periodic job of `nrm worker` (`nrm.audit.jobs`), off the reader's path: each cycle,
after the reads are sealed, `reading_watch_scan` judges the reads sealed since its last
run (`LogMark` "reading_watch", in the chain's `seq` order, so a read that commits late is
judged all the same), each at the moment it was made. For every reader among them it loads
their reads of the window before (index `access_user_at`) and counts, at each new read, the
distinct cases in the `minutes` up to it; at the threshold it writes one `ReadingAlert` at
that read's time, the audit event `security.unusual_reading` (as the reader) and an inbox
notice to the `notify` roles (the AP secretariat) — or, when the reader holds one of those
roles, to the `escalate_to` roles (the AP head). One alert per user per window: no second
alert while the last one is younger than the window. The alert comes one worker cycle
(30 s by default) after the read, instead of with it.

Nobody is exempt but the system account (`is_system`; jobs act as it and read in bulk by design);
the AP secretariat, who reach every case, are watched like everyone else.
"""

from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.db import transaction

from nrm.accounts.models import User
from nrm.accounts.policy import actor_for
from nrm.accounts.selectors import users_with_roles
from nrm.audit.models import AccessLog, LogMark, ReadingAlert
from nrm.audit.services import event_record
from nrm.deadlines.services import notice_send
from nrm.jurisdictions import get_profile
from nrm.oversight.audit_codes import OversightCode
from nrm.oversight.notices import OversightNotice

MARK = "reading_watch"
BATCH = 5000


def reading_watch_scan(*, batch: int = BATCH) -> int:
    """Judges every sealed read not judged yet; returns how many alerts it raised."""
    raised = 0
    while True:
        with transaction.atomic():
            mark, _ = LogMark.objects.select_for_update().get_or_create(name=MARK)
            new = list(
                AccessLog.objects.filter(seq__gt=mark.last)
                .order_by("seq")
                .values("seq", "user_id", "institution_id", "at")[:batch]
            )
            if not new:
                break
            raised += _judge(new)
            LogMark.objects.filter(name=MARK).update(last=new[-1]["seq"])
        if len(new) < batch:
            break
    return raised


def _judge(new: list[dict]) -> int:
    rule = get_profile(settings.NRM_JURISDICTION).unusual_reading
    if rule is None:
        return 0

    window = timedelta(minutes=rule.minutes)
    by_user: dict[int, list[dict]] = defaultdict(list)
    for read in new:
        by_user[read["user_id"]].append(read)
    users = User.objects.in_bulk(list(by_user))
    raised = 0
    for user_id, reads in by_user.items():
        user = users.get(user_id)
        if user is None or user.is_system:
            continue
        reads.sort(key=lambda r: (r["at"], r["seq"]))
        history = list(
            AccessLog.objects.filter(
                user_id=user_id, at__gt=reads[0]["at"] - window, at__lte=reads[-1]["at"]
            )
            .order_by("at", "id")
            .values_list("at", "case_id")
        )
        alerts = ReadingAlert.objects.filter(user_id=user_id).order_by("-at")
        last = alerts.values_list("at", flat=True).first()
        for read in reads:
            at = read["at"]
            if last is not None and last > at - window:
                continue  # already raised for this window
            cases = len({case for when, case in history if at - window < when <= at})
            if cases >= rule.cases:
                _alert(
                    user=user, institution_id=read["institution_id"], at=at, cases=cases, rule=rule
                )
                last = at
                raised += 1
    return raised


def _alert(*, user, institution_id, at, cases: int, rule) -> ReadingAlert:

    actor = actor_for(user)  # the reader, as the event's actor (their primary membership)
    roles = rule.escalate_to if actor.role in rule.notify else rule.notify
    recipients = [u for u in users_with_roles(roles=roles) if u.pk != user.pk]
    alert = ReadingAlert.objects.create(
        at=at,
        user=user,
        institution_id=institution_id,  # the institution they read for
        cases=cases,
        minutes=rule.minutes,
        notified=len(recipients),
    )
    event_record(
        actor=actor,
        code=OversightCode.UNUSUAL_READING,
        target=alert,
        data={"cases": cases, "minutes": rule.minutes, "notified": len(recipients)},
    )
    # The reader's username is what the AP needs; nothing about the cases or the people.
    notice_send(
        recipients=recipients,
        kind=OversightNotice.UNUSUAL_READING,
        data={"user": user.username, "cases": cases, "minutes": rule.minutes},
    )
    return alert
