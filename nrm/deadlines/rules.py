"""Pure rules of the engine: which rule an event touches, who is responsible, when a deadline
falls due, becomes at risk and escalates. No database: functions of the rule, the calendar
and plain values.
"""

from dataclasses import dataclass
from datetime import datetime

from nrm.deadlines.calendar import WorkingCalendar, before, due_at, occurrence_due
from nrm.jurisdictions.schema import DeadlineRule


def applies(rule: DeadlineRule, *, is_child: bool | None) -> bool:
    """Whether a rule concerns this person (child-only and adult-only rules)."""
    if rule.applies_to == "all" or is_child is None:
        return True
    return is_child if rule.applies_to == "child" else not is_child


def notifies(rule: DeadlineRule) -> bool:
    """Obligations are reminded and escalated; limits and windows are only recorded."""
    return rule.kind == "obligation"


def counted(rule: DeadlineRule) -> bool:
    """Whether a rule counts in the on-time figures (a window is the person's, not a duty)."""
    return rule.kind != "window"


def responsible_institution(rule: DeadlineRule, *, owner, opener, granted, of_type, county: str):
    """The institution that must act.

    owner: the case's owner (None for a jurisdiction-wide rule); opener: the institution of
    whoever emitted the opening event; granted: institutions with an accepted grant on the
    case, newest first; of_type: active institutions of the rule's types; county: the case's.

    For `type`: the owner if it is of the type, else the newest grant of the type, else the
    institution of the type in the case's county, else a national one, else the owner.
    """
    how = rule.responsible.institution
    if how == "given":
        return None  # named by the opening event (events.event_emit)
    if how == "owner":
        return owner
    if how == "opener":
        return opener or owner
    types = rule.responsible.institution_types
    if owner is not None and owner.type in types:
        return owner
    for institution in granted:
        if institution.type in types:
            return institution
    ranked = sorted(
        (i for i in of_type if i.type in types), key=lambda i: (types.index(i.type), i.code)
    )
    for institution in ranked:
        if county and institution.county == county:
            return institution
    for institution in ranked:
        if not institution.county:
            return institution
    return owner


@dataclass(frozen=True)
class Schedule:
    due_at: datetime
    at_risk_at: datetime | None


def schedule(
    rule: DeadlineRule,
    *,
    start: datetime,
    occurrence: int,
    cal: WorkingCalendar,
    given: datetime | None = None,
) -> Schedule:
    """Due moment and start of the at-risk window of the n-th occurrence opened at `start`.
    A rule whose offset is `given` falls due at the moment the opening event gave."""
    if rule.offset.kind == "given":
        if given is None:
            raise ValueError(f"{rule.code}: the opening event must give the due moment")
        due = given
    else:
        every = rule.recurrence.every if rule.recurrence else None
        due = occurrence_due(start, rule.offset, every, occurrence, cal)
    at_risk = None
    if rule.at_risk is not None and notifies(rule):
        at_risk = before(due, rule.at_risk, cal)
    return Schedule(due_at=due, at_risk_at=at_risk)


def has_next_occurrence(rule: DeadlineRule, occurrence: int) -> bool:
    return rule.recurrence is not None and occurrence < rule.recurrence.count


def escalation_at(rule: DeadlineRule, *, due: datetime, step: int, cal: WorkingCalendar):
    """When escalation step `step` (1-based) goes out, or None when there is no such step."""
    if not notifies(rule) or step > len(rule.escalation):
        return None
    return due_at(due, rule.escalation[step - 1].after, cal)


def escalations_due(
    rule: DeadlineRule, *, due: datetime, level: int, now: datetime, cal: WorkingCalendar
) -> tuple[list[int], datetime | None]:
    """The steps after `level` whose time has come by `now`, in order, and when the next
    one falls due (None when none is left)."""
    steps: list[int] = []
    step = level + 1
    while True:
        when = escalation_at(rule, due=due, step=step, cal=cal)
        if when is None:
            return steps, None
        if when > now:
            return steps, when
        steps.append(step)
        step += 1


def notice_institutions(recipient, *, owner, granted, of_type, county: str, addressed) -> list:
    """The institutions whose members a notice's `recipient` (profile `notices`) names.

    addressed: the institutions the act names (the A5's group, the referral's receiver,
    the assigned institution); owner: the case's; granted: accepted grants; of_type: active
    institutions of the recipient's types; county: the case's.

    Addressed: those of them, of the recipient's types when it names any. Otherwise, per
    type: the owner or a granted institution of the type, else those of the type in the
    case's county, else the national ones (no county). Never another county's."""
    types = recipient.institution_types
    if recipient.addressed:
        return [i for i in addressed if not types or i.type in types]
    found: dict[int, object] = {}
    for kind in types:
        serving = ([owner] if owner is not None else []) + list(granted)
        near = [i for i in serving if i.type == kind]
        if not near:
            of_kind = [i for i in of_type if i.type == kind]
            near = [i for i in of_kind if county and i.county == county] or [
                i for i in of_kind if not i.county
            ]
        for institution in near:
            found.setdefault(institution.pk, institution)
    return list(found.values())
