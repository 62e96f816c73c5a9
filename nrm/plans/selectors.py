"""Every read of the needs assessments and plans, scoped by the reader: a record is visible
with its case (NotFound otherwise, the same as missing). Who may write is decided here too,
from the profile's `plans` block (docs/plans.md)."""

import json
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from nrm.accounts.models import Institution
from nrm.core.errors import NotFound
from nrm.deadlines.models import Deadline, Status
from nrm.plans.models import (
    OPEN_ITEM_STATUSES,
    NeedsAssessment,
    Plan,
    PlanItem,
    PlanRevision,
    PlanStatus,
)
from nrm.referrals.models import Referral
from nrm.registry import rules as registry_rules
from nrm.registry.models import Case, CaseGrant, GrantStatus
from nrm.registry.selectors import case_in_scope, case_scope
from nrm.registry.services import profile_of

DECISION_RULE = "reintegration_plan_decision"


def plan_rules(case_or_profile):
    profile = profile_of(case_or_profile) if isinstance(case_or_profile, Case) else case_or_profile
    return profile.plans


# --- who may do what ------------------------------------------------------------------------


def is_involved(actor, case: Case) -> bool:
    """The actor's institution owns the case or holds an accepted grant to it (the shelter
    that admitted the person, the PMF the case was assigned to)."""
    if actor is None or actor.institution_id is None:
        return False
    if case.owner_institution_id == actor.institution_id:
        return True
    return CaseGrant.objects.filter(
        case=case, institution_id=actor.institution_id, status=GrantStatus.ACCEPTED
    ).exists()


def _matches(actor, recorders) -> bool:
    if actor is None or actor.institution is None:
        return False
    return registry_rules.may_record(
        role=actor.role, institution_type=actor.institution.type, recorders=recorders
    )


def may_assess(*, actor, case: Case) -> bool:
    rules = plan_rules(case)
    return (
        rules is not None
        and _matches(actor, rules.assessment.assessed_by)
        and is_involved(actor, case)
    )


def applies(applies_to: str, case: Case) -> bool:
    return applies_to == "any" or (applies_to == "child") == case.is_child


def may_prepare(*, actor, case: Case, kind: str) -> bool:
    rules = plan_rules(case)
    if rules is None:
        return False
    try:
        rule = rules.kind(kind)
    except KeyError:
        return False
    return _matches(actor, rule.prepared_by) and is_involved(actor, case)


def may_record_progress(*, actor, case: Case, kind: str) -> bool:
    """The state of an action (its progress, not its content) is recorded by the case's
    workers: a member with a role that prepares this kind of plan (any institution type)
    at an institution that holds the case — the preparers, and the worker who files the
    monthly monitoring report (D2)."""
    rules = plan_rules(case)
    if rules is None or actor is None or actor.institution is None:
        return False
    try:
        rule = rules.kind(kind)
    except KeyError:
        return False
    roles = {role for r in rule.prepared_by for role in r.roles}
    return actor.role in roles and is_involved(actor, case)


def kinds_for(*, actor, case: Case) -> list:
    """The plan kinds this actor may start for this case (the person's age fits)."""
    rules = plan_rules(case)
    if rules is None:
        return []
    return [
        k
        for k in rules.kinds
        if applies(k.applies_to, case) and may_prepare(actor=actor, case=case, kind=k.code)
    ]


def decides_any(*, actor, profile) -> bool:
    """Whether the actor records the decision on some kind of plan (the AP's list)."""
    if profile.plans is None or actor is None:
        return False
    return any(may_decide(actor=actor, profile=profile, kind=k.code) for k in profile.plans.kinds)


def may_decide(*, actor, profile, kind: str) -> bool:
    """The AP secretariat records the AP's decision on a D1 (profile `decided_by`)."""
    rules = profile.plans
    if rules is None:
        return False
    try:
        rule = rules.kind(kind)
    except KeyError:
        return False
    return bool(rule.decided_by) and _matches(actor, rule.decided_by)


def assessment_form_for(case: Case) -> str:
    """C4 for a child, C5 for an adult (the profile's forms)."""
    rules = plan_rules(case)
    if rules is None:
        return ""
    return rules.assessment.child_form if case.is_child else rules.assessment.adult_form


def templates_for(case: Case, kind: str) -> list:
    profile = profile_of(case)
    return [t for t in profile.plan_templates if kind in t.kinds and applies(t.applies_to, case)]


# --- assessments --------------------------------------------------------------------------


def assessment_list(*, actor, case: Case) -> QuerySet[NeedsAssessment]:
    case_in_scope(actor=actor, case=case)
    return (
        NeedsAssessment.objects.filter(case=case)
        .select_related("assessed_by", "institution")
        .prefetch_related("findings")
        .order_by("-revision")
    )


def assessment_current(case: Case) -> NeedsAssessment | None:
    return (
        NeedsAssessment.objects.filter(case=case, superseded_at__isnull=True)
        .prefetch_related("findings")
        .first()
    )


def assessment_get(*, actor, id: int) -> NeedsAssessment:
    found = (
        NeedsAssessment.objects.select_related("case", "assessed_by", "institution")
        .filter(pk=id)
        .first()
    )
    if found is None:
        raise NotFound()
    case_in_scope(actor=actor, case=found.case)
    return found


# --- plans --------------------------------------------------------------------------------


def plan_list(*, actor, case: Case) -> QuerySet[Plan]:
    case_in_scope(actor=actor, case=case)
    return Plan.objects.filter(case=case).prefetch_related("items__institution")


def plan_get(*, actor, id: int) -> Plan:
    found = Plan.objects.select_related("case", "institution").filter(pk=id).first()
    if found is None:
        raise NotFound()
    case_in_scope(actor=actor, case=found.case)
    return found


def item_get(*, actor, id: int) -> PlanItem:
    found = PlanItem.objects.select_related("plan__case").filter(pk=id).first()
    if found is None:
        raise NotFound()
    case_in_scope(actor=actor, case=found.plan.case)
    return found


def plan_of_kind(case: Case, kind: str) -> Plan | None:
    return Plan.objects.filter(case=case, kind=kind).order_by("-created_at", "-pk").first()


# The event of putting the IPP in force (rule `child_protection_plan`, 72 hours): the plan
# kinds that emit it are the case's Individual Protection Plan.
IPP_EVENT = "child_protection_plan_prepared"


def ipp_kind(case: Case):
    """The profile's kind of the Individual Protection Plan for this person (None when the
    procedure has none or the person is not one it is for)."""
    rules = plan_rules(case)
    if rules is None:
        return None
    return next(
        (k for k in rules.kinds if k.approved_event == IPP_EVENT and applies(k.applies_to, case)),
        None,
    )


def ipp_of(case: Case) -> Plan | None:
    """The child's Individual Protection Plan, if one was started (for the emergency
    measure): `ipp_of(case).is_in_force` once prepared."""
    rules = plan_rules(case)
    if rules is None:
        return None
    codes = [k.code for k in rules.kinds if k.approved_event == IPP_EVENT]
    return Plan.objects.filter(case=case, kind__in=codes).order_by("-created_at").first()


def plan_items(case: Case, kind: str | None = None) -> QuerySet[PlanItem]:
    """The items of the case's plans (the reintegration monitoring reads the D1's)."""
    qs = PlanItem.objects.filter(case=case).select_related("plan", "institution")
    if kind is not None:
        qs = qs.filter(plan__kind=kind)
    return qs.order_by("plan_id", "number")


def case_referrals(case: Case) -> list:
    """The case's referrals an item may name (the caller sees the case)."""
    return list(Referral.objects.filter(case=case).select_related("to_institution"))


def item_referrals(item: PlanItem) -> QuerySet:
    """The referrals that carry an item out: the one the item names, and those made from it
    (`Referral.plan_item_id`)."""
    links = Q(plan_item_id=item.pk)
    if item.referral_id:
        links |= Q(pk=item.referral_id)
    return Referral.objects.filter(links, case_id=item.case_id)


@dataclass(frozen=True)
class RevisionView:
    revision: PlanRevision
    content: dict


def revision_list(*, actor, plan: Plan) -> list[PlanRevision]:
    case_in_scope(actor=actor, case=plan.case)
    return list(plan.revisions.select_related("by", "institution").order_by("-number"))


def revision_get(*, actor, plan: Plan, number: int) -> RevisionView:
    case_in_scope(actor=actor, case=plan.case)
    found = plan.revisions.select_related("by").filter(number=number).first()
    if found is None:
        raise NotFound()
    try:
        content = json.loads(found.snapshot or "{}")
    except ValueError:
        content = {}  # anonymised: the copy is emptied
    return RevisionView(found, content)


def awaiting_decision(*, actor) -> list[tuple[Plan, object]]:
    """D1s sent to the AP and not yet decided, with the moment the decision is due
    (rule `reintegration_plan_decision`, 7 days), the first due at the top."""
    plans = list(
        Plan.objects.filter(case__in=case_scope(actor=actor), status=PlanStatus.SUBMITTED)
        .select_related("case", "institution")
        .order_by("submitted_at", "pk")
    )
    due: dict[int, object] = {}
    rows = Deadline.objects.filter(
        case_id__in={p.case_id for p in plans},
        rule=DECISION_RULE,
        status__in=[Status.OPEN, Status.MISSED],
    ).values_list("case_id", "due_at")
    for case_id, due_at in rows:
        due[case_id] = min(due_at, due.get(case_id, due_at))
    return [(p, due.get(p.case_id)) for p in plans]


def decision_due(plan: Plan):
    """When the AP's decision on a submitted plan is due (None: not awaiting one)."""
    if plan.status != PlanStatus.SUBMITTED:
        return None
    return (
        Deadline.objects.filter(
            case_id=plan.case_id, rule=DECISION_RULE, status__in=[Status.OPEN, Status.MISSED]
        )
        .order_by("due_at")
        .values_list("due_at", flat=True)
        .first()
    )


def institution_choices(case: Case | None = None) -> list[Institution]:
    """The active institutions of the system: those of the case's county first."""
    rows = list(Institution.objects.filter(is_active=True).order_by("name"))
    if case is not None and case.county:
        rows.sort(key=lambda i: i.county != case.county)  # stable: by name within each
    return rows


# --- the "My work" home page (docs/home.md) --------------------------------------------------


def items_tasked_home(*, actor, limit: int) -> list[PlanItem]:
    """Open plan actions the actor's institution was tasked with (the plan in force),
    soonest due first; at most `limit` + 1. `case_visible` says whether the actor may open
    the plan (the responsible institution may know the case by reference only)."""
    if actor is None or actor.institution_id is None:
        return []
    rows = list(
        PlanItem.objects.filter(
            institution_id=actor.institution_id,
            status__in=OPEN_ITEM_STATUSES,
            tasked_at__isnull=False,
        )
        .select_related("plan", "case")
        .order_by("due_on", "id")[: limit + 1]
    )
    visible = set(
        case_scope(actor=actor)
        .filter(id__in={i.case_id for i in rows})
        .values_list("id", flat=True)
    )
    for item in rows:
        item.case_visible = item.case_id in visible
    return rows
