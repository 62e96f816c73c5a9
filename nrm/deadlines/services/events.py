"""The engine's entry point: a domain event opens, meets or cancels deadlines."""

from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db import transaction

from nrm.accounts.capabilities import Capability
from nrm.accounts.selectors import institutions_of_types
from nrm.audit.services import event_record
from nrm.core import clock
from nrm.core.errors import DomainError, Forbidden
from nrm.deadlines import rules
from nrm.deadlines.audit_codes import DeadlineCode
from nrm.deadlines.calendar import WorkingCalendar
from nrm.deadlines.error_codes import DeadlineError
from nrm.deadlines.models import ClosureDay, Deadline, Status
from nrm.deadlines.producers import inactive_rules
from nrm.jurisdictions import get_profile
from nrm.jurisdictions.schema import DeadlineRule, Profile
from nrm.registry.selectors import case_granted_institutions


class UnknownEvent(DomainError):
    code = DeadlineError.UNKNOWN_EVENT
    default_message = "This event is not in the profile's vocabulary."


def _profile_of(case) -> Profile:
    if case is None:
        return get_profile(settings.NRM_JURISDICTION)
    return get_profile(case.profile_code, case.profile_version)


def calendar_for(profile: Profile) -> WorkingCalendar:
    """The profile's working-day calendar with the administrator's closure days."""
    closures = ClosureDay.objects.values_list("day", flat=True)
    grace = profile.deadlines.immediate_grace if profile.deadlines is not None else None
    return WorkingCalendar.of(profile.calendar, closures, immediate_grace=grace)


@dataclass
class EmitResult:
    opened: list[Deadline] = field(default_factory=list)
    met: list[Deadline] = field(default_factory=list)
    cancelled: list[Deadline] = field(default_factory=list)


def _may_emit(actor, case) -> bool:
    if actor is None or actor.user is None:
        return False
    if case is None:
        return actor.can(Capability.CASE_READ_ALL) or actor.can(Capability.REFERENCE_MANAGE)
    return actor.can(Capability.CASE_CREATE) or actor.can(Capability.CASE_UPDATE)


def _first_unfulfilled(deadlines: list[Deadline]) -> Deadline | None:
    """The deadline an event meets: the earliest open one, else the earliest missed one
    that has not been met late."""
    ordered = sorted(deadlines, key=lambda d: (d.due_at, d.pk))
    for d in ordered:
        if d.status == Status.OPEN:
            return d
    for d in ordered:
        if d.status == Status.MISSED and d.met_at is None and d.cancelled_at is None:
            return d
    return None


class _Opener:
    """Opens deadlines for one case: resolves the responsible institution once per type."""

    def __init__(self, *, actor, case, profile: Profile, cal: WorkingCalendar, event: str):
        self.actor, self.case, self.profile, self.cal, self.event = actor, case, profile, cal, event
        self._granted = None

    def granted(self) -> list:
        if self.case is None:
            return []
        if self._granted is None:
            found = case_granted_institutions(actor=self.actor, case_ids=[self.case.pk])
            self._granted = found.get(self.case.pk, [])
        return self._granted

    def responsible(self, rule: DeadlineRule):
        how = rule.responsible.institution
        return rules.responsible_institution(
            rule,
            owner=self.case.owner_institution if self.case is not None else None,
            opener=self.actor.institution,
            granted=self.granted() if how == "type" else [],
            of_type=institutions_of_types(types=rule.responsible.institution_types)
            if how == "type"
            else [],
            county=self.case.county if self.case is not None else "",
        )

    def build(
        self,
        rule: DeadlineRule,
        *,
        start: datetime,
        occurrence: int = 1,
        opened_at: datetime,
        responsible_id: int | None = None,
        given_due: datetime | None = None,
        subject: str = "",
    ) -> Deadline:
        when = rules.schedule(
            rule, start=start, occurrence=occurrence, cal=self.cal, given=given_due
        )
        if responsible_id is None:
            institution = self.responsible(rule)
            responsible_id = institution.pk if institution is not None else None
        return Deadline(
            case=self.case,
            rule=rule.code,
            occurrence=occurrence,
            profile_code=self.profile.code,
            profile_version=self.profile.version,
            opened_by_event=self.event,
            opened_by=self.actor.user,
            opened_at=opened_at,
            series_start=start,
            due_at=when.due_at,
            at_risk_at=when.at_risk_at,
            # Set now, used once missed: marking missed then needs no per-row write.
            next_escalation_at=rules.escalation_at(rule, due=when.due_at, step=1, cal=self.cal),
            responsible_institution_id=responsible_id,
            responsible_role=rule.responsible.role,
            county=self.case.county if self.case is not None else "",
            subject=subject,
        )


@transaction.atomic
def event_emit(
    *,
    actor,
    case,
    event: str,
    at: datetime | None = None,
    data=None,
    due_at: datetime | None = None,
    responsible_institution_id: int | None = None,
    subject: str = "",
) -> EmitResult:
    """Applies the case's profile rules to a domain event, in the caller's transaction:
    cancels, meets, then opens deadlines. `case` is None for jurisdiction-wide events.
    `at` is when the thing happened (default: now); `data` goes to the audit event and
    must carry no personal data.

    For rules whose due moment or institution the event gives (offset `given`,
    responsible `given`: a task a meeting sets): `due_at` and `responsible_institution_id`.
    `subject` (an opaque key such as "meeting_task:12", no personal data) ties the deadline
    to one thing: a later event with the same subject meets or cancels only that one; an
    event without a subject touches every deadline of the rule, as before."""
    profile = _profile_of(case)
    catalogue = profile.deadlines
    result = EmitResult()
    if catalogue is None:
        return result
    try:
        catalogue.event(event)
    except KeyError:
        raise UnknownEvent(f"unknown event {event!r}") from None
    if not _may_emit(actor, case):
        raise Forbidden()
    at = at or clock.now()
    scope = "case" if case is not None else "jurisdiction"
    touched = [
        r
        for r in catalogue.rules
        if r.scope == scope and event in (*r.opened_by, *r.met_by, *r.cancelled_by)
    ]
    if not touched:
        _record_event(actor, case, event, result, data)
        return result
    current: dict[str, list[Deadline]] = {}
    rows = Deadline.objects.select_for_update().filter(
        rule__in=[r.code for r in touched], status__in=[Status.OPEN, Status.MISSED]
    )
    rows = rows.filter(case=case) if case is not None else rows.filter(case__isnull=True)
    if subject:
        rows = rows.filter(subject=subject)
    for d in rows:
        current.setdefault(d.rule, []).append(d)
    opener = _Opener(
        actor=actor, case=case, profile=profile, cal=calendar_for(profile), event=event
    )
    changed: list[Deadline] = []
    created: list[Deadline] = []
    # Rules nothing in this version can meet open nothing (docs/deadlines.md, "Active").
    inactive = inactive_rules(profile) if any(event in r.opened_by for r in touched) else {}
    for rule in touched:
        running = current.get(rule.code, [])
        if event in rule.cancelled_by:
            for d in running:
                if d.status == Status.OPEN:
                    d.status, d.cancelled_at, d.cancelled_by_event = Status.CANCELLED, at, event
                    result.cancelled.append(d)
                    changed.append(d)
                elif d.met_at is None and d.cancelled_at is None:
                    # Missed, and now lapsed: stays missed, stops escalating.
                    d.cancelled_at, d.cancelled_by_event = at, event
                    d.next_escalation_at = None
                    changed.append(d)
            running = []
        if event in rule.met_by:
            target = _first_unfulfilled(running)
            if target is not None:
                was_open = target.status == Status.OPEN
                target.met_at, target.met_by_event = at, event
                target.next_escalation_at = None
                if was_open:
                    target.status = Status.MET
                    if rules.has_next_occurrence(rule, target.occurrence):
                        following = opener.build(
                            rule,
                            start=target.series_start,
                            occurrence=target.occurrence + 1,
                            opened_at=at,
                            responsible_id=target.responsible_institution_id,
                        )
                        following.opened_by_event = target.opened_by_event  # the series'
                        created.append(following)
                result.met.append(target)
                changed.append(target)
                running = [d for d in running if d is not target]
        if (
            event in rule.opened_by
            and rule.code not in inactive
            and rules.applies(rule, is_child=case.is_child if case is not None else None)
        ):
            already = any(
                d.status == Status.OPEN or (d.met_at is None and d.cancelled_at is None)
                for d in running
            )
            if rule.multiple or not already:
                if rule.offset.kind == "given" and due_at is None:
                    raise ValueError(f"{event}: rule {rule.code} needs the due moment (due_at)")
                if rule.responsible.institution == "given" and responsible_institution_id is None:
                    raise ValueError(
                        f"{event}: rule {rule.code} needs the institution "
                        "(responsible_institution_id)"
                    )
                created.append(
                    opener.build(
                        rule,
                        start=at,
                        opened_at=at,
                        responsible_id=responsible_institution_id
                        if rule.responsible.institution == "given"
                        else None,
                        given_due=due_at,
                        subject=subject,
                    )
                )
    for d in changed:
        d.save()
    Deadline.objects.bulk_create(created)
    result.opened = created
    _record_event(actor, case, event, result, data)
    return result


def _record_event(actor, case, event: str, result: EmitResult, data) -> None:
    payload = {
        "event": event,
        "opened": [d.rule for d in result.opened],
        "met": [d.rule for d in result.met],
        "cancelled": [d.rule for d in result.cancelled],
    }
    if data:
        payload["data"] = data
    event_record(
        actor=actor,
        code=DeadlineCode.EVENT,
        case_id=case.pk if case is not None else None,
        data=payload,
    )
