"""Every read of the appeals, scoped by the reader: an appeal is visible with its case."""

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet

from nrm.appeals.models import (
    OPEN_STATUSES,
    AnonymisedDecision,
    Appeal,
    AppealStatus,
    CommissionAppointment,
)
from nrm.core import clock
from nrm.core.errors import NotFound
from nrm.deadlines.models import Deadline, Status
from nrm.deadlines.services import calendar_for
from nrm.registry import rules as registry_rules
from nrm.registry.models import Case, CaseStatusChange, StatusField
from nrm.registry.selectors import case_in_scope, case_scope
from nrm.registry.services import profile_of


def appeals_rules(case_or_profile):
    if isinstance(case_or_profile, Case):
        return profile_of(case_or_profile).appeals
    return case_or_profile.appeals


def is_recorder(*, actor, profile) -> bool:
    """The AP secretariat: receives and records appeals (S6a L843–844)."""
    rules = profile.appeals
    if rules is None or actor.institution is None:
        return False
    return registry_rules.may_record(
        role=actor.role, institution_type=actor.institution.type, recorders=rules.recorded_by
    )


def appealed_decision(case: Case) -> CaseStatusChange | None:
    """The act an appeal is against: the latest status decision of the kinds the profile
    makes appealable (the group's B3, the AP's decision), if it is the latest decision."""
    rules = appeals_rules(case)
    if rules is None:
        return None
    latest = (
        CaseStatusChange.objects.filter(case=case, field=StatusField.IDENTIFICATION_STATUS)
        .order_by("-at", "-pk")
        .first()
    )
    if latest is None or latest.reason_code not in rules.appealable:
        return None
    return latest


@dataclass(frozen=True)
class Window:
    opened_at: object  # when notice was received
    closes_on: date  # the last day an appeal is accepted (local date)
    status: str  # the deadline's status
    waived: bool


def appeal_window(case: Case, decision: CaseStatusChange | None = None) -> Window | None:
    """The window of the notified decision: the case's newest `appeal_window` deadline
    opened after the decision (None: the decision was not notified)."""
    rules = appeals_rules(case)
    decision = decision or appealed_decision(case)
    if rules is None or decision is None:
        return None
    deadline = (
        Deadline.objects.filter(case=case, rule=rules.window_rule, opened_at__gte=decision.at)
        .order_by("-opened_at", "-pk")
        .first()
    )
    if deadline is None:
        return None
    cal = calendar_for(profile_of(case))
    return Window(
        opened_at=deadline.series_start,
        closes_on=cal.local_date(deadline.due_at),
        status=deadline.status,
        waived=deadline.status == Status.CANCELLED,
    )


def appeal_list(*, actor, status: str | None = None, case: Case | None = None) -> QuerySet:
    qs = Appeal.objects.filter(case__in=case_scope(actor=actor)).select_related("case")
    if case is not None:
        qs = qs.filter(case=case)
    if status == "open":
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif status:
        qs = qs.filter(status=status)
    return qs.order_by("filed_on", "pk")


# The clock each open state waits on (deadlines.yaml rows 15 and 16).
_WAITING_ON = {
    AppealStatus.FILED: "commission_convening",
    AppealStatus.CONVENED: None,
    AppealStatus.REVIEWED: "commission_decision",
}


def appeals_due(*, actor, status: str | None = "open") -> list[tuple[Appeal, object]]:
    """The appeals with the moment their next step is due, what is due first at the top
    (an appeal without a running clock after those with one)."""
    appeals = list(appeal_list(actor=actor, status=status))
    rules = {a.pk: _WAITING_ON.get(a.status) for a in appeals}
    due: dict[tuple[int, str], object] = {}
    rows = Deadline.objects.filter(
        case_id__in={a.case_id for a in appeals},
        rule__in={r for r in rules.values() if r},
        status__in=[Status.OPEN, Status.MISSED],
    ).values_list("case_id", "rule", "due_at")
    for case_id, rule, due_at in rows:
        key = (case_id, rule)
        due[key] = min(due_at, due.get(key, due_at))
    paired = [(a, due.get((a.case_id, rules[a.pk]))) for a in appeals]
    far = clock.now().replace(year=9999)
    return sorted(paired, key=lambda p: (p[1] or far, p[0].filed_on, p[0].pk))


def appeal_get(*, actor, id: int) -> Appeal:
    appeal = Appeal.objects.select_related("case").filter(pk=id).first()
    if appeal is None:
        raise NotFound()
    case_in_scope(actor=actor, case=appeal.case)  # NotFound when the case is not visible
    return appeal


def open_appeal_of(case: Case) -> Appeal | None:
    return Appeal.objects.filter(case=case, status__in=OPEN_STATUSES).first()


def suspended_appeal_of(case: Case) -> Appeal | None:
    return Appeal.objects.filter(case=case, status=AppealStatus.SUSPENDED).first()


def active_appointments(*, on: date | None = None) -> QuerySet[CommissionAppointment]:
    day = on or clock.today()
    return (
        CommissionAppointment.objects.filter(valid_from__lte=day)
        .exclude(valid_to__lt=day)
        .select_related("user")
    )


def appointment_list() -> QuerySet[CommissionAppointment]:
    return CommissionAppointment.objects.select_related("user").order_by("-valid_from", "ministry")


def is_appointed_member(*, actor, on: date | None = None) -> bool:
    return actor.user is not None and active_appointments(on=on).filter(user=actor.user).exists()


def is_reader(*, actor, profile) -> bool:
    """Who reads the appeals' pages: the recorders (the AP secretariat), the Commission's
    appointed members and the profile's `commission_role`."""
    if profile.appeals is None or actor is None:
        return False
    return (
        is_recorder(actor=actor, profile=profile)
        or is_appointed_member(actor=actor)
        or actor.role == profile.appeals.commission_role
    )


def anonymised_decisions() -> QuerySet[AnonymisedDecision]:
    return AnonymisedDecision.objects.all()
