"""Every read of formal identification, scoped by the caller: a group's records are reached
through the registry's `case_scope`, so whoever cannot see the case sees none of them."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Min, Q, QuerySet

from nrm.accounts.capabilities import Capability
from nrm.core.errors import NotFound
from nrm.deadlines.models import Deadline
from nrm.deadlines.models import Status as DeadlineStatus
from nrm.identification.models import (
    FormalInterview,
    Group,
    GroupDecision,
    GroupState,
    InterviewStatus,
    Seat,
)
from nrm.identification.rules import AT_AP, FORMAL, PROCEDURE
from nrm.registry.models import Case, CaseProcedure
from nrm.registry.selectors import case_in_scope, case_scope
from nrm.screening.models import FormalIdentificationRequest, RequestRecipient


def group_open(*, case: Case) -> Group | None:
    """The case's open group (`case` fetched through case_get, or locked by a service)."""
    return (
        Group.objects.filter(case=case, closed_at__isnull=True)
        .prefetch_related("seats__institution", "seats__user")
        .first()
    )


def group_of(*, actor, case: Case) -> Group | None:
    case = case_in_scope(actor=actor, case=case)
    return group_open(case=case) or Group.objects.filter(case=case).first()


def is_member(*, actor, case: Case) -> bool:
    """The caller took up the case for an institution of its open group."""
    if actor is None or actor.user is None:
        return False
    return Seat.objects.filter(
        group__case=case, group__closed_at__isnull=True, user_id=actor.user.pk
    ).exists()


def may_record_group_decision(actor, case: Case) -> bool:
    """The registry's `decision_paths` "group": a member of the case's group, while the
    group has the case (the identification procedure in `formal`)."""
    return (
        is_member(actor=actor, case=case)
        and Group.objects.filter(
            case=case, closed_at__isnull=True, state=GroupState.FORMAL
        ).exists()
    )


def interview_list(*, actor, case: Case) -> QuerySet[FormalInterview]:
    case = case_in_scope(actor=actor, case=case)
    return case.formal_interviews.prefetch_related("participants").select_related(
        "institution", "needs_assessed_by"
    )


def interview_get(*, actor, id: int) -> FormalInterview:
    try:
        return (
            FormalInterview.objects.filter(case__in=case_scope(actor=actor))
            .select_related("case", "case__person", "group", "institution")
            .get(pk=id)
        )
    except (FormalInterview.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def decision_list(*, actor, case: Case) -> QuerySet[GroupDecision]:
    case = case_in_scope(actor=actor, case=case)
    return case.group_decisions.select_related("recorded_by", "institution", "group")


def decision_get(*, actor, id: int) -> GroupDecision:
    try:
        return (
            GroupDecision.objects.filter(case__in=case_scope(actor=actor))
            .select_related("case", "group", "recorded_by", "institution")
            .get(pk=id)
        )
    except (GroupDecision.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def interview_ended_exists(*, case: Case) -> bool:
    return FormalInterview.objects.filter(
        case__person_id=case.person_id, status=InterviewStatus.ENDED
    ).exists()


@dataclass(frozen=True)
class QueueRow:
    case: Case
    requested_at: datetime
    opened_via: str
    group: Group | None
    my_seat: Seat | None
    due_at: datetime | None
    due_rule: str

    @property
    def state(self) -> str:
        return self.group.state if self.group else GroupState.FORMAL


def queue(*, actor) -> list[QueueRow]:
    """The group's queue: the cases whose identification procedure is with the group (or at
    the AP after a disagreement) and whose A5 is addressed to the caller's institution, or
    whose group has a seat for it (every such case for whoever reaches every case); what is
    due first on top (the case's earliest open deadline), then the oldest request."""
    if actor.institution_id is None and not actor.can(Capability.CASE_READ_ALL):
        return []
    running = CaseProcedure.objects.filter(
        code=PROCEDURE, state__in=[FORMAL, AT_AP], closed_at__isnull=True
    ).values("case_id")
    cases = case_scope(actor=actor).filter(pk__in=running)
    requests = FormalIdentificationRequest.objects.filter(case__in=cases)
    groups = Group.objects.filter(case__in=cases, closed_at__isnull=True)
    if not actor.can(Capability.CASE_READ_ALL):
        requests = requests.filter(
            pk__in=RequestRecipient.objects.filter(institution_id=actor.institution_id).values(
                "request_id"
            )
        )
        mine = groups.filter(seats__institution_id=actor.institution_id).values("case_id")
        cases = cases.filter(Q(pk__in=requests.values("case_id")) | Q(pk__in=mine))
    first_request = {
        r["case_id"]: r["first"]
        for r in requests.values("case_id").annotate(first=Min("requested_at"))
    }
    cases = list(cases.select_related("owner_institution"))
    case_ids = [c.pk for c in cases]
    by_case = {
        g.case_id: g
        for g in Group.objects.filter(case_id__in=case_ids, closed_at__isnull=True)
        .prefetch_related("seats__user", "seats__institution")
        .order_by("opened_at")
    }
    due = {}
    for d in (
        Deadline.objects.filter(case_id__in=case_ids, status=DeadlineStatus.OPEN)
        .order_by("due_at")
        .values("case_id", "due_at", "rule")
    ):
        due.setdefault(d["case_id"], (d["due_at"], d["rule"]))
    rows = []
    for case in cases:
        group = by_case.get(case.pk)
        seat = None
        if group is not None and actor.institution_id is not None:
            seat = next(
                (s for s in group.seats.all() if s.institution_id == actor.institution_id), None
            )
        when, rule = due.get(case.pk, (None, ""))
        rows.append(
            QueueRow(
                case=case,
                requested_at=first_request.get(case.pk) or (group.opened_at if group else None),
                opened_via=group.opened_via if group else "a5",
                group=group,
                my_seat=seat,
                due_at=when,
                due_rule=rule,
            )
        )
    far = datetime.max.replace(tzinfo=None)
    rows.sort(
        key=lambda r: (
            r.due_at is None,
            r.due_at.replace(tzinfo=None) if r.due_at else far,
            r.requested_at.replace(tzinfo=None) if r.requested_at else far,
            r.case.pk,
        )
    )
    return rows


def decision_for_ap(*, case: Case) -> GroupDecision:
    """The group's record without consensus the AP now decides on; NotFound if none."""
    decision = (
        GroupDecision.objects.filter(
            case=case, consensus=False, group__state=GroupState.AT_AP, group__closed_at=None
        )
        .select_related("group")
        .order_by("-recorded_at", "-id")
        .first()
    )
    if decision is None:
        raise NotFound()
    return decision
