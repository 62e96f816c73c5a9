"""The worker's periodic pass over the deadlines: reminders, missed, escalation."""

import logging
from dataclasses import dataclass
from datetime import datetime

from django.db import connection, transaction

from nrm.accounts.capabilities import Capability
from nrm.audit.services import event_record
from nrm.core import clock
from nrm.core.errors import Forbidden
from nrm.deadlines import rules
from nrm.deadlines.audit_codes import DeadlineCode
from nrm.deadlines.calendar import WorkingCalendar
from nrm.deadlines.models import ClosureDay, Deadline, NotificationKind, ScanState, Status
from nrm.deadlines.services.notify import _Message, _notify, _Recipients
from nrm.jurisdictions import get_profile
from nrm.jurisdictions.schema import DeadlineRule, Profile

log = logging.getLogger("nrm.deadlines")


class _RuleBook:
    """Rules and calendars of every profile version the deadlines were opened under."""

    def __init__(self):
        self._profiles: dict[tuple[str, str], Profile] = {}
        self._calendars: dict[tuple[str, str], WorkingCalendar] = {}
        self._closures = frozenset(ClosureDay.objects.values_list("day", flat=True))

    def profile(self, d: Deadline) -> Profile:
        key = (d.profile_code, d.profile_version)
        if key not in self._profiles:
            self._profiles[key] = get_profile(*key)
        return self._profiles[key]

    def rule(self, d: Deadline) -> DeadlineRule | None:
        try:
            return self.profile(d).deadline_rule(d.rule)
        except KeyError:
            log.warning("deadline %s: rule %s is not in its profile", d.pk, d.rule)
            return None

    def calendar(self, d: Deadline) -> WorkingCalendar:
        key = (d.profile_code, d.profile_version)
        if key not in self._calendars:
            profile = self.profile(d)
            grace = profile.deadlines.immediate_grace if profile.deadlines is not None else None
            self._calendars[key] = WorkingCalendar.of(
                profile.calendar, self._closures, immediate_grace=grace
            )
        return self._calendars[key]


@dataclass
class _Row:
    """What the scan needs of a deadline: read as a tuple, no model instance (10,000 rows
    of a busy hour cost milliseconds, not seconds)."""

    pk: int
    case_id: int | None
    reference: str
    rule: str
    occurrence: int
    profile_code: str
    profile_version: str
    due_at: datetime
    series_start: datetime
    opened_by_event: str
    opened_by_id: int
    responsible_institution_id: int | None
    responsible_role: str
    county: str
    escalation_level: int


ROW_FIELDS = (
    "id",
    "case_id",
    "case__reference",
    "rule",
    "occurrence",
    "profile_code",
    "profile_version",
    "due_at",
    "series_start",
    "opened_by_event",
    "opened_by_id",
    "responsible_institution_id",
    "responsible_role",
    "county",
    "escalation_level",
)


def _batches(qs, size: int):
    """Rows of a query whose rows leave it once handled, `size` at a time."""
    while True:
        batch = [_Row(*values) for values in qs.values_list(*ROW_FIELDS)[:size]]
        if not batch:
            return
        yield batch
        if len(batch) < size:
            return


@dataclass
class ScanResult:
    at: datetime
    reminded: int = 0
    missed: int = 0
    escalated: int = 0
    notifications: int = 0
    skipped: bool = False

    def total(self) -> int:
        return self.reminded + self.missed + self.escalated


def deadline_scan(*, actor, now: datetime | None = None, batch: int = 5000) -> ScanResult:
    """One pass: reminders for deadlines that became at risk, missed notices for those that
    fell due, escalation steps whose time has come. Each part reads only the rows that need
    it now (partial indexes on due_at, at_risk_at and next_escalation_at), marks them, and
    writes their notifications in the same transaction, so a rerun sends nothing twice."""
    if not actor.can(Capability.CASE_READ_ALL):
        raise Forbidden()
    started = clock.now()
    moment = now or started
    with transaction.atomic():
        state, _created = ScanState.objects.get_or_create(name="deadlines")
        state = ScanState.objects.select_for_update(skip_locked=True).filter(pk=state.pk).first()
        if state is None:  # another worker is scanning
            return ScanResult(at=moment, skipped=True)
        book = _RuleBook()
        result = ScanResult(at=moment)
        messages: list[_Message] = []
        changed: dict[str, list] = {"reminded": [], "missed": [], "escalated": []}
        _scan_reminders(book, moment, batch, result, messages, changed)
        _scan_missed(book, moment, batch, result, messages, changed)
        _scan_escalations(book, moment, batch, result, messages, changed)
        result.notifications = _notify(messages, moment)
        if result.total():
            # One event for the pass, naming every deadline it changed (ids, and the
            # escalation levels sent): the deadlines themselves keep the details.
            event_record(
                actor=actor,
                code=DeadlineCode.SCANNED,
                data={**changed, "notifications": result.notifications},
            )
        state.last_run_at = moment
        state.last_duration_ms = int((clock.now() - started).total_seconds() * 1000)
        state.last_counts = {
            "reminded": result.reminded,
            "missed": result.missed,
            "escalated": result.escalated,
            "notifications": result.notifications,
        }
        state.save()
    return result


def _scan_reminders(book, moment, size, result, messages, changed) -> None:
    qs = Deadline.objects.filter(
        status=Status.OPEN,
        at_risk_notified=False,
        at_risk_at__isnull=False,
        at_risk_at__lte=moment,
        due_at__gt=moment,
    ).order_by("at_risk_at", "id")
    for rows in _batches(qs, size):
        recipients = _Recipients(rows, book.rule)
        for d in rows:
            rule = book.rule(d)
            if rule is not None and rules.notifies(rule):
                for user in recipients.responsible(d):
                    messages.append(_Message(user, d, NotificationKind.REMINDER, 0))
        ids = [d.pk for d in rows]
        Deadline.objects.filter(pk__in=ids).update(at_risk_notified=True)
        changed["reminded"].extend(ids)
        result.reminded += len(rows)


def _scan_missed(book, moment, size, result, messages, changed) -> None:
    """Marks missed what fell due. The first escalation moment was set when the deadline
    opened, so this is one UPDATE per batch; a recurring rule opens its next occurrence."""
    qs = Deadline.objects.filter(status=Status.OPEN, due_at__lte=moment).order_by("due_at", "id")
    for rows in _batches(qs, size):
        recipients = _Recipients(rows, book.rule)
        follow_ups: list[Deadline] = []
        for d in rows:
            rule = book.rule(d)
            if rule is None:
                continue
            if rules.notifies(rule):
                for user in recipients.responsible(d):
                    messages.append(_Message(user, d, NotificationKind.MISSED, 0))
            if rules.has_next_occurrence(rule, d.occurrence):
                follow_ups.append(_next_occurrence(d, rule, book, moment))
        ids = [d.pk for d in rows]
        Deadline.objects.filter(pk__in=ids).update(status=Status.MISSED, missed_at=moment)
        Deadline.objects.bulk_create(follow_ups)
        changed["missed"].extend(ids)
        result.missed += len(rows)


def _next_occurrence(row: _Row, rule, book, moment) -> Deadline:
    """The next occurrence of a recurring rule, counted from the series' start."""
    cal = book.calendar(row)
    occurrence = row.occurrence + 1
    when = rules.schedule(rule, start=row.series_start, occurrence=occurrence, cal=cal)
    return Deadline(
        case_id=row.case_id,
        rule=row.rule,
        occurrence=occurrence,
        profile_code=row.profile_code,
        profile_version=row.profile_version,
        opened_by_event=row.opened_by_event,
        opened_by_id=row.opened_by_id,
        opened_at=moment,
        series_start=row.series_start,
        due_at=when.due_at,
        at_risk_at=when.at_risk_at,
        next_escalation_at=rules.escalation_at(rule, due=when.due_at, step=1, cal=cal),
        responsible_institution_id=row.responsible_institution_id,
        responsible_role=row.responsible_role,
        county=row.county,
    )


def _scan_escalations(book, moment, size, result, messages, changed) -> None:
    qs = Deadline.objects.filter(status=Status.MISSED, next_escalation_at__lte=moment).order_by(
        "next_escalation_at", "id"
    )
    for rows in _batches(qs, size):
        recipients = _Recipients(rows, book.rule)
        updates = []
        for d in rows:
            rule = book.rule(d)
            if rule is None:
                updates.append((d.pk, d.escalation_level, None, None))
                continue
            steps, following = rules.escalations_due(
                rule, due=d.due_at, level=d.escalation_level, now=moment, cal=book.calendar(d)
            )
            for step in steps:
                for user in recipients.escalation(d, step):
                    messages.append(_Message(user, d, NotificationKind.ESCALATION, step))
                changed["escalated"].append([d.pk, step])
            if steps:
                result.escalated += 1
            level = steps[-1] if steps else d.escalation_level
            updates.append((d.pk, level, moment if steps else None, following))
        _save_escalations(updates)


def _save_escalations(updates: list[tuple]) -> None:
    """(id, level, escalated at or None, next moment or None) per row. On PostgreSQL one
    UPDATE … FROM (VALUES …) per chunk (Django's bulk_update builds a CASE per row and is
    ~50× slower); elsewhere (SQLite: the demo and the tests) a save per row."""
    if connection.vendor != "postgresql":
        for pk, level, escalated_at, following in updates:
            changes = {"escalation_level": level, "next_escalation_at": following}
            if escalated_at is not None:
                changes["last_escalated_at"] = escalated_at
            Deadline.objects.filter(pk=pk).update(**changes)
        return
    table = connection.ops.quote_name(Deadline._meta.db_table)
    row_sql = "(%s::bigint, %s::smallint, %s::timestamptz, %s::timestamptz)"
    with connection.cursor() as cursor:
        for start in range(0, len(updates), 2000):
            chunk = updates[start : start + 2000]
            cursor.execute(
                f"UPDATE {table} AS d SET escalation_level = v.level, "  # noqa: S608
                "last_escalated_at = COALESCE(v.last, d.last_escalated_at), "
                "next_escalation_at = v.next "
                f"FROM (VALUES {', '.join([row_sql] * len(chunk))}) AS v(id, level, last, next) "
                "WHERE d.id = v.id",
                [value for row in chunk for value in row],
            )
