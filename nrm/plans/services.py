"""Every write of the needs assessment and the plans. One transaction each, with its audit
event (docs/plans.md).

The needs assessment (C4 child / C5 adult) is recorded per domain and supersedes the
previous one (`assessment_record`). A plan (`plan_create`, from a profile template or
empty) gets items (`plan_item_add`, `plan_item_update`; an action's progress reported in
a monthly monitoring report: `item_progress_record`); every change writes a revision with
a copy of the whole plan. An IPP or an assistance plan is put in force by its preparer
(`plan_approve`; the IPP emits `child_protection_plan_prepared`); a D1 goes to the AP and
the KRAT (`plan_submit`) and the AP secretariat records the AP's decision within 7
days (`plan_decide`). A plan in force gives each open item's institution its task: a
deadline at the item's due date (rule `meeting_task`: a task with a given due date for an
institution's focal points) and a notice in their inbox.
"""

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils.translation import gettext as _

from nrm.accounts.capabilities import Capability
from nrm.accounts.models import Institution
from nrm.accounts.selectors import role_members
from nrm.audit.services import event_record
from nrm.core import clock
from nrm.core.errors import DomainError, Forbidden, ValidationFailed
from nrm.deadlines.services import calendar_for, event_emit, notice_send
from nrm.plans import selectors
from nrm.plans.audit_codes import PlanCode
from nrm.plans.error_codes import PlanError
from nrm.plans.models import (
    DecisionOutcome,
    ItemStatus,
    NeedFinding,
    NeedsAssessment,
    Plan,
    PlanDecision,
    PlanItem,
    PlanRevision,
    PlanStatus,
)
from nrm.plans.notices import PlanNotice
from nrm.referrals.models import Referral
from nrm.registry import rules as registry_rules
from nrm.registry.models import Case
from nrm.registry.selectors import case_get
from nrm.registry.services import profile_of

MAX_TEXT = 10_000
MAX_AHEAD_DAYS = 730
# A plan item's task is a task with a given due date for an institution (docs/plans.md).
TASK_ASSIGNED = "meeting_task_assigned"
TASK_DONE = "meeting_task_done"
TASK_WITHDRAWN = "meeting_task_withdrawn"
EVENTS = (TASK_ASSIGNED, TASK_DONE, TASK_WITHDRAWN)


class PlanLocked(DomainError):
    code = PlanError.LOCKED
    status = 409
    default_message = _("The plan is with the AP: it changes after the AP's decision.")


class NotSubmitted(DomainError):
    code = PlanError.NOT_SUBMITTED
    status = 409
    default_message = _("The plan is not awaiting a decision.")


# --- helpers ------------------------------------------------------------------------------


def _rules(profile):
    if profile.plans is None:
        raise ValidationFailed({"__all__": [_("This procedure has no individual plans.")]})
    return profile.plans


def _open_case(actor, case_id: int) -> tuple[Case, object]:
    """The case, visible to the actor (NotFound first, whatever their role), changed only by
    a holder of case.update (Forbidden), not closed, locked. Who of them may assess, prepare
    or decide (the profile's `plans`) is asked after that."""
    case = case_get(actor=actor, id=case_id)
    if not actor.can(Capability.CASE_UPDATE):
        raise Forbidden()
    profile = profile_of(case)
    _rules(profile)
    if registry_rules.is_closed(profile, case.stage):
        raise ValidationFailed({"__all__": [_("The case is closed.")]})
    return Case.objects.select_for_update().get(pk=case.pk), profile


def _plan_for_change(actor, plan_id: int) -> tuple[Plan, object]:
    """The plan, locked, for one who may prepare plans of its kind (NotFound, then
    Forbidden); refused while it waits for the AP's decision."""
    plan = selectors.plan_get(actor=actor, id=plan_id)
    case, profile = _open_case(actor, plan.case_id)
    if not selectors.may_prepare(actor=actor, case=case, kind=plan.kind):
        raise Forbidden(_("Plans are prepared by the case manager or the case worker."))
    plan = Plan.objects.select_for_update().select_related("case").get(pk=plan.pk)
    if plan.status == PlanStatus.SUBMITTED:
        raise PlanLocked()
    return plan, profile


def _text(value, field: str, errors: dict, *, required: bool, message: str = "") -> str:
    value = (value or "").strip() if isinstance(value, str) else ""
    if required and not value:
        errors[field] = [message or _("This field is required.")]
    elif len(value) > MAX_TEXT:
        errors[field] = [_("At most %(n)d characters.") % {"n": MAX_TEXT}]
    return value


def _is_day(value) -> bool:
    return isinstance(value, date) and not isinstance(value, datetime)


def _due_check(profile, due_on, errors: dict, field: str = "due_on") -> None:
    today = calendar_for(profile).local_date(clock.now())
    if not _is_day(due_on):
        errors[field] = [_("Enter the due date.")]
    elif due_on < today:
        errors[field] = [_("The due date cannot be in the past.")]
    elif due_on > today + timedelta(days=MAX_AHEAD_DAYS):
        errors[field] = [_("The due date is more than two years away.")]


def _institution(value, errors: dict, field: str = "institution_id") -> Institution | None:
    found = None
    if isinstance(value, int) and not isinstance(value, bool):
        found = Institution.objects.filter(pk=value, is_active=True).first()
    if found is None:
        errors[field] = [
            _("Choose the responsible institution: an institution of the system.")
            if value in (None, "")
            else _("This is not an active institution of the system.")
        ]
    return found


def _referral(case: Case, value, errors: dict, field: str = "referral_id"):
    """A referral of the same case, or None when none is given."""
    if value in (None, ""):
        return None
    found = None
    if isinstance(value, int) and not isinstance(value, bool):
        found = Referral.objects.filter(pk=value, case=case).first()
    if found is None:
        errors[field] = [_("Choose a referral of this case.")]
    return found


def _domain(rules, value, errors: dict, field: str = "domain") -> str:
    if value not in {d.code for d in rules.assessment.domains}:
        errors[field] = [_("Choose the domain.")]
    return value


def _snapshot(plan: Plan) -> str:
    items = [
        {
            "number": i.number,
            "domain": i.domain,
            "action": i.action,
            "institution": i.institution_id,
            "institution_name": i.institution.name,
            "due_on": i.due_on.isoformat(),
            "status": i.status,
        }
        for i in PlanItem.objects.filter(plan=plan).select_related("institution").order_by("number")
    ]
    return json.dumps(
        {
            "number": plan.number,
            "kind": plan.kind,
            "status": plan.status,
            "revision": plan.revision,
            "person_participated": plan.person_participated,
            "views": plan.views,
            "items": items,
        },
        ensure_ascii=False,
    )


def _revise(actor, plan: Plan, change: str, changes: dict | None = None) -> PlanRevision:
    """A new revision of the plan: its number, who, when, what changed, a copy of it."""
    now = clock.now()
    if plan.revisions.exists():
        plan.revision += 1
    plan.updated_at = now
    plan.save()
    return PlanRevision.objects.create(
        plan=plan,
        case_id=plan.case_id,
        number=plan.revision,
        change=change,
        changes=changes or {},
        snapshot=_snapshot(plan),
        at=now,
        by=actor.user,
        institution=actor.institution,
    )


def _task(actor, case: Case, profile, item: PlanItem) -> int:
    """Gives the item's institution its task: the deadline at the end of the due day and
    a notice to the institution's focal points. Returns how many were told."""
    event_emit(
        actor=actor,
        case=case,
        event=TASK_ASSIGNED,
        due_at=calendar_for(profile).end_of_day(item.due_on),
        responsible_institution_id=item.institution_id,
        subject=item.subject,
        data={"plan": item.plan_id, "item": item.pk},
    )
    item.tasked_at = clock.now()
    item.save(update_fields=["tasked_at"])
    members = role_members(
        institution_ids=[item.institution_id], roles=_rules(profile).task_recipients
    )
    recipients = {u.pk: u for users in members.values() for u in users}
    notice_send(
        recipients=list(recipients.values()),
        kind=PlanNotice.PLAN_TASK,
        case=case,
        data={"plan": item.plan_id, "item": item.pk, "due_on": item.due_on.isoformat()},
    )
    return len(recipients)


def _untask(actor, case: Case, item: PlanItem, event: str) -> None:
    if item.tasked_at is None:
        return
    event_emit(actor=actor, case=case, event=event, subject=item.subject, data={"item": item.pk})
    if event == TASK_WITHDRAWN:
        item.tasked_at = None
        item.save(update_fields=["tasked_at"])


def _task_open_items(actor, case: Case, profile, plan: Plan) -> dict[int, int]:
    """Tasks every open item not yet tasked: {item number: focal points told}."""
    told = {}
    for item in plan.items.filter(
        status__in=[ItemStatus.PLANNED, ItemStatus.IN_PROGRESS], tasked_at__isnull=True
    ).order_by("number"):
        told[item.number] = _task(actor, case, profile, item)
    return told


def _emit(actor, case: Case, event: str | None, data: dict) -> None:
    if event:
        event_emit(actor=actor, case=case, event=event, data=data)


# --- needs assessment -----------------------------------------------------------------------


@dataclass(frozen=True)
class FindingIn:
    domain: str
    need_found: bool = False
    level: str = ""
    notes: str = ""


@transaction.atomic
def assessment_record(
    *,
    actor,
    case_id: int,
    assessed_on: date,
    findings: list[FindingIn],
    person_participated: bool = False,
    guardian_participated: bool = False,
    views: str = "",
) -> NeedsAssessment:
    """Records a needs assessment of the person (C4 for a child, C5 for an adult): each
    domain of the profile, whether a need was found, its level and notes, with the person's
    (and for a child the parent's or guardian's) participation and the person's views. It
    supersedes the current one, which stays readable."""
    case, profile = _open_case(actor, case_id)
    rules = _rules(profile)
    errors: dict = {}
    if not _is_day(assessed_on):
        errors["assessed_on"] = [_("Give the date.")]
    elif assessed_on > calendar_for(profile).local_date(clock.now()):
        errors["assessed_on"] = [_("This date is in the future.")]
    levels = {lv.code for lv in rules.assessment.levels}
    domains = [d.code for d in rules.assessment.domains]
    seen: dict[str, FindingIn] = {}
    for i, f in enumerate(findings or []):
        key = f"findings.{i}"
        if f.domain not in domains:
            errors[f"{key}.domain"] = [_("Choose the domain.")]
            continue
        if f.domain in seen:
            errors[f"{key}.domain"] = [_("This domain is assessed twice.")]
            continue
        if f.need_found and f.level not in levels:
            errors[f"{key}.level"] = [_("Give the level of the need.")]
        elif not f.need_found and f.level:
            errors[f"{key}.level"] = [_("A level is given only for a need found.")]
        _text(f.notes, f"{key}.notes", errors, required=False)
        seen[f.domain] = f
    if not seen and "findings" not in errors:
        errors["findings"] = [_("Assess at least one domain.")]
    views = _text(views, "views", errors, required=False)
    if case.is_child and not person_participated and not views:
        errors["views"] = [_("Record the child's views, or that the child took part.")]
    if errors:
        raise ValidationFailed(errors)
    # The profile's assessors, after the fields: the case and case.update are checked, and
    # an invalid form tells nothing the caller may not know (tests/security's matrix).
    if not selectors.may_assess(actor=actor, case=case):
        raise Forbidden(_("The needs assessment is made by the case manager or the case worker."))
    now = clock.now()
    current = NeedsAssessment.objects.select_for_update().filter(
        case=case, superseded_at__isnull=True
    )
    previous = list(current)
    revision = NeedsAssessment.objects.filter(case=case).count() + 1
    assessment = NeedsAssessment.objects.create(
        case=case,
        revision=revision,
        form=rules.assessment.child_form if case.is_child else rules.assessment.adult_form,
        assessed_on=assessed_on,
        assessed_by=actor.user,
        institution=actor.institution,
        recorded_at=now,
        person_participated=bool(person_participated),
        guardian_participated=bool(guardian_participated) and case.is_child,
        views=views,
    )
    NeedFinding.objects.bulk_create(
        [
            NeedFinding(
                assessment=assessment,
                case=case,
                domain=d,
                need_found=bool(seen[d].need_found),
                level=seen[d].level if seen[d].need_found else "",
                notes=(seen[d].notes or "").strip(),
            )
            for d in domains
            if d in seen
        ]
    )
    for old in previous:
        old.superseded_at, old.superseded_by = now, assessment
        old.save(update_fields=["superseded_at", "superseded_by"])
    event_record(
        actor=actor,
        code=PlanCode.ASSESSMENT_RECORDED,
        case_id=case.pk,
        target=assessment,
        data={
            "form": assessment.form,
            "revision": revision,
            "needs": sorted(d for d, f in seen.items() if f.need_found),
            "superseded": [a.pk for a in previous],
        },
    )
    return assessment


# --- plans ----------------------------------------------------------------------------------


def _template_institution(case: Case, actor, institution_type: str) -> Institution:
    """An institution of the type in the case's county, else any of the type, else the
    preparer's own (the worker changes what does not fit)."""
    qs = Institution.objects.filter(type=institution_type, is_active=True).order_by("pk")
    return qs.filter(county=case.county).first() or qs.first() or actor.institution


@transaction.atomic
def plan_create(
    *,
    actor,
    case_id: int,
    kind: str,
    template: str = "",
    person_participated: bool = False,
    views: str = "",
) -> Plan:
    """Starts a plan of `kind` for the case, empty or from one of the profile's templates
    (its items, each due so many days from today). One plan of each kind per case: later
    changes are revisions of it."""
    case, profile = _open_case(actor, case_id)
    rules = _rules(profile)
    errors: dict = {}
    try:
        rule = rules.kind(kind)
    except KeyError:
        raise ValidationFailed({"kind": [_("Choose the kind of plan.")]}) from None
    if not selectors.applies(rule.applies_to, case):
        raise ValidationFailed(
            {
                "kind": [
                    _("This plan is for a child.")
                    if rule.applies_to == "child"
                    else _("This plan is for an adult.")
                ]
            }
        )
    if not selectors.may_prepare(actor=actor, case=case, kind=kind):
        raise Forbidden(_("Plans are prepared by the case manager or the case worker."))
    chosen = None
    if template:
        chosen = next((t for t in selectors.templates_for(case, kind) if t.code == template), None)
        if chosen is None:
            errors["template"] = [_("This template does not fit this plan or this person.")]
    views = _text(views, "views", errors, required=False)
    if errors:
        raise ValidationFailed(errors)
    if selectors.plan_of_kind(case, kind) is not None:
        raise ValidationFailed({"kind": [_("The case has this plan already: revise it.")]})
    now = clock.now()
    n = Plan.objects.filter(case=case).count() + 1
    plan = Plan.objects.create(
        case=case,
        kind=kind,
        number=f"{rule.prefix}-{case.reference}-{n}",
        template=template if chosen else "",
        assessment=selectors.assessment_current(case),
        institution=actor.institution,
        created_at=now,
        created_by=actor.user,
        updated_at=now,
        person_participated=bool(person_participated),
        views=views,
    )
    if chosen is not None:
        today = calendar_for(profile).local_date(now)
        language = profile.default_language
        PlanItem.objects.bulk_create(
            [
                PlanItem(
                    plan=plan,
                    case=case,
                    number=i,
                    domain=t.domain,
                    action=t.action.get(language),
                    institution=_template_institution(case, actor, t.institution_type),
                    due_on=today + timedelta(days=t.due_in_days),
                    created_at=now,
                    updated_at=now,
                )
                for i, t in enumerate(chosen.items, start=1)
            ]
        )
    _revise(actor, plan, "created", {"template": plan.template, "items": plan.items.count()})
    event_record(
        actor=actor,
        code=PlanCode.PLAN_CREATED,
        case_id=case.pk,
        target=plan,
        data={"kind": kind, "template": plan.template, "items": plan.items.count()},
    )
    return plan


def _back_to_draft(plan: Plan, rule) -> bool:
    """A change of a D1's content after the AP approved it is a revision for the AP."""
    if rule.decided_by and plan.status in (PlanStatus.APPROVED, PlanStatus.RETURNED):
        plan.status = PlanStatus.DRAFT
        return True
    return False


@transaction.atomic
def plan_item_add(
    *,
    actor,
    plan_id: int,
    domain: str,
    action: str,
    institution_id: int | None,
    due_on: date | None,
    referral_id: int | None = None,
) -> PlanItem:
    """Adds an action to a plan: its domain, what is to be done, the responsible
    institution (an institution of the system) and a due date not in the past. On a plan in
    force (not a D1) the institution gets its task at once."""
    plan, profile = _plan_for_change(actor, plan_id)
    rules = _rules(profile)
    errors: dict = {}
    _domain(rules, domain, errors)
    text = _text(action, "action", errors, required=True, message=_("Describe the action."))
    institution = _institution(institution_id, errors)
    _due_check(profile, due_on, errors)
    referral = _referral(plan.case, referral_id, errors)
    if errors:
        raise ValidationFailed(errors)
    now = clock.now()
    number = (plan.items.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    item = PlanItem.objects.create(
        plan=plan,
        case=plan.case,
        number=number,
        domain=domain,
        action=text,
        institution=institution,
        due_on=due_on,
        referral=referral,
        created_at=now,
        updated_at=now,
    )
    rule = rules.kind(plan.kind)
    _back_to_draft(plan, rule)
    told = 0
    if plan.status == PlanStatus.APPROVED:
        told = _task(actor, plan.case, profile, item)
    _revise(actor, plan, "item_added", {"added": [number]})
    event_record(
        actor=actor,
        code=PlanCode.ITEM_ADDED,
        case_id=plan.case_id,
        target=item,
        data={
            "plan": plan.pk,
            "item": number,
            "domain": domain,
            "institution": institution.pk,
            "due_on": due_on.isoformat(),
            "notified": told,
        },
    )
    return item


UNSET = object()


@transaction.atomic
def plan_item_update(
    *,
    actor,
    item_id: int,
    domain=UNSET,
    action=UNSET,
    institution_id=UNSET,
    due_on=UNSET,
    status=UNSET,
    referral_id=UNSET,
) -> PlanItem:
    """Changes an item (only the fields given). A new institution or due date withdraws
    the task and gives it again; done meets its deadline, cancelled withdraws it."""
    found = selectors.item_get(actor=actor, id=item_id)
    plan, profile = _plan_for_change(actor, found.plan_id)
    rules = _rules(profile)
    item = PlanItem.objects.select_for_update().get(pk=found.pk)
    errors: dict = {}
    changed: dict = {}
    if domain is not UNSET and domain != item.domain:
        changed["domain"] = _domain(rules, domain, errors)
    if action is not UNSET:
        text = _text(action, "action", errors, required=True, message=_("Describe the action."))
        if text != item.action:
            changed["action"] = text
    if institution_id is not UNSET and institution_id != item.institution_id:
        changed["institution"] = _institution(institution_id, errors)
    if due_on is not UNSET and due_on != item.due_on:
        _due_check(profile, due_on, errors)
        changed["due_on"] = due_on
    if referral_id is not UNSET and referral_id != item.referral_id:
        changed["referral"] = _referral(plan.case, referral_id, errors)
    if status is not UNSET and status != item.status:
        if status not in ItemStatus.values:
            errors["status"] = [_("Choose the state of the action.")]
        elif not item.is_open:
            errors["status"] = [_("A done or cancelled action does not change any more.")]
        changed["status"] = status
    if errors:
        raise ValidationFailed(errors)
    if not changed:
        raise ValidationFailed({"__all__": [_("Nothing was changed.")]})
    content = {"domain", "action", "institution", "due_on"} & set(changed)
    if "institution" in changed or "due_on" in changed:
        _untask(actor, plan.case, item, TASK_WITHDRAWN)
    for name, value in changed.items():
        setattr(item, name, value)
    item.updated_at = clock.now()
    item.save()
    if changed.get("status") == ItemStatus.DONE:
        _untask(actor, plan.case, item, TASK_DONE)
    elif changed.get("status") == ItemStatus.CANCELLED:
        _untask(actor, plan.case, item, TASK_WITHDRAWN)
    if content:
        _back_to_draft(plan, rules.kind(plan.kind))
    if plan.status == PlanStatus.APPROVED and item.is_open and item.tasked_at is None:
        _task(actor, plan.case, profile, item)
    fields = sorted(changed)
    _revise(actor, plan, "item_changed", {"changed": {str(item.number): fields}})
    event_record(
        actor=actor,
        code=PlanCode.ITEM_CHANGED,
        case_id=plan.case_id,
        target=item,
        data={"plan": plan.pk, "item": item.number, "fields": fields, "status": item.status},
    )
    return item


MAX_SOURCE = 64


@transaction.atomic
def item_progress_record(*, actor, item_id: int, status: str, source: str) -> PlanItem:
    """Records the progress of an action of a plan in force as reported elsewhere — the
    monthly monitoring report (D2) of nrm.reintegration, `source` "monitoring_report:{id}"
    (a code, never text): the action's state moves; done meets its task's deadline,
    cancelled withdraws it. Progress is not a change of the plan's content: a D1 stays in
    force (or with the AP); the revision is kept like every change. A done or cancelled
    action does not change any more."""
    found = selectors.item_get(actor=actor, id=item_id)
    case, _profile = _open_case(actor, found.case_id)
    errors: dict = {}
    source = source.strip() if isinstance(source, str) else ""
    if not source or len(source) > MAX_SOURCE:
        errors["source"] = [_("Say where the progress was reported.")]
    if status not in ItemStatus.values:
        errors["status"] = [_("Choose the state of the action.")]
    if errors:
        raise ValidationFailed(errors)
    plan = Plan.objects.select_for_update().select_related("case").get(pk=found.plan_id)
    if not selectors.may_record_progress(actor=actor, case=case, kind=plan.kind):
        raise Forbidden(_("The progress of a plan is recorded by the case's workers."))
    item = PlanItem.objects.select_for_update().get(pk=found.pk)
    if not plan.is_in_force:
        errors["status"] = [_("The plan is not in force: its actions have no progress yet.")]
    elif not item.is_open:
        errors["status"] = [_("A done or cancelled action does not change any more.")]
    elif status == item.status:
        errors["status"] = [_("Nothing was changed.")]
    if errors:
        raise ValidationFailed(errors)
    previous = item.status
    item.status = status
    item.updated_at = clock.now()
    item.save(update_fields=["status", "updated_at"])
    if status == ItemStatus.DONE:
        _untask(actor, case, item, TASK_DONE)
    elif status == ItemStatus.CANCELLED:
        _untask(actor, case, item, TASK_WITHDRAWN)
    _revise(
        actor,
        plan,
        "item_progress",
        {"changed": {str(item.number): ["status"]}, "status": status, "source": source},
    )
    event_record(
        actor=actor,
        code=PlanCode.ITEM_PROGRESS,
        case_id=case.pk,
        target=item,
        data={
            "plan": plan.pk,
            "item": item.number,
            "from": previous,
            "status": status,
            "source": source,
        },
    )
    return item


@transaction.atomic
def plan_approve(*, actor, plan_id: int) -> Plan:
    """The preparer puts an IPP or an assistance plan in force (a D1 goes to the AP
    instead): each open item's institution gets its task; the IPP emits
    `child_protection_plan_prepared` (rule `child_protection_plan`, 72 hours)."""
    plan, profile = _plan_for_change(actor, plan_id)
    rule = _rules(profile).kind(plan.kind)
    if rule.decided_by:
        raise ValidationFailed({"__all__": [_("This plan is decided by the AP: send it.")]})
    if not plan.items.exists():
        raise ValidationFailed({"items": [_("Add at least one action to the plan.")]})
    if plan.status == PlanStatus.APPROVED:
        raise ValidationFailed({"__all__": [_("The plan is in force already.")]})
    plan.status = PlanStatus.APPROVED
    plan.approved_at = clock.now()
    told = _task_open_items(actor, plan.case, profile, plan)
    _emit(actor, plan.case, rule.approved_event, {"plan": plan.pk})
    _revise(actor, plan, "approved", {"status": PlanStatus.APPROVED})
    event_record(
        actor=actor,
        code=PlanCode.PLAN_APPROVED,
        case_id=plan.case_id,
        target=plan,
        data={"kind": plan.kind, "revision": plan.revision, "tasks": len(told)},
    )
    return plan


@transaction.atomic
def plan_submit(*, actor, plan_id: int) -> Plan:
    """Sends a D1 (or a revision of it) to the AP, which decides within 7 days
    (`reintegration_plan_submitted`), and to the regional committee (KRAT) of the case's
    county for coordination (a notice to its members)."""
    plan, profile = _plan_for_change(actor, plan_id)
    rule = _rules(profile).kind(plan.kind)
    if not rule.decided_by:
        raise ValidationFailed({"__all__": [_("This plan is put in force by its preparer.")]})
    if not plan.items.exclude(status=ItemStatus.CANCELLED).exists():
        raise ValidationFailed({"items": [_("Add at least one action to the plan.")]})
    if plan.status == PlanStatus.APPROVED:
        raise ValidationFailed({"__all__": [_("The AP approved this revision already.")]})
    plan.status = PlanStatus.SUBMITTED
    plan.submitted_at = clock.now()
    told = 0
    if rule.coordination_institution_type:
        committees = list(
            Institution.objects.filter(
                type=rule.coordination_institution_type, is_active=True, county=plan.case.county
            ).values_list("pk", flat=True)
        )
        members = role_members(institution_ids=committees, roles=rule.coordination_roles)
        recipients = {u.pk: u for users in members.values() for u in users}
        told = notice_send(
            recipients=list(recipients.values()),
            kind=PlanNotice.PLAN_COORDINATION,
            case=plan.case,
            data={"plan": plan.pk},
        )
    _emit(actor, plan.case, rule.submitted_event, {"plan": plan.pk})
    _revise(actor, plan, "submitted", {"status": PlanStatus.SUBMITTED})
    event_record(
        actor=actor,
        code=PlanCode.PLAN_SUBMITTED,
        case_id=plan.case_id,
        target=plan,
        data={"revision": plan.revision, "coordination_notified": told},
    )
    return plan


@transaction.atomic
def plan_decide(
    *,
    actor,
    plan_id: int,
    outcome: str,
    decided_on: date,
    note: str = "",
    reference: str = "",
) -> Plan:
    """The AP secretariat records the AP's decision on a submitted D1: approve (each open
    item's institution gets its task; `reintegration_plan_decided` meets the 7-day rule and
    opens the monthly reports and the 24 months of monitoring) or return for changes
    (`reintegration_plan_returned`, with what to change)."""
    found = selectors.plan_get(actor=actor, id=plan_id)
    case, profile = _open_case(actor, found.case_id)
    rule = _rules(profile).kind(found.kind)
    if not selectors.may_decide(actor=actor, profile=profile, kind=found.kind):
        raise Forbidden(_("The AP's decision is recorded by the AP secretariat."))
    plan = Plan.objects.select_for_update().select_related("case").get(pk=found.pk)
    if plan.status != PlanStatus.SUBMITTED:
        raise NotSubmitted()
    errors: dict = {}
    if outcome not in DecisionOutcome.values:
        errors["outcome"] = [_("Choose the decision.")]
    if not _is_day(decided_on):
        errors["decided_on"] = [_("Give the date.")]
    else:
        today = calendar_for(profile).local_date(clock.now())
        if decided_on > today:
            errors["decided_on"] = [_("This date is in the future.")]
        elif decided_on < calendar_for(profile).local_date(plan.submitted_at):
            errors["decided_on"] = [_("The decision cannot precede the submission.")]
    text = _text(
        note,
        "note",
        errors,
        required=outcome == DecisionOutcome.RETURN,
        message=_("Say what is to be changed."),
    )
    reference = (reference or "").strip()
    if len(reference) > 64:
        errors["reference"] = [_("At most %(n)d characters.") % {"n": 64}]
    if errors:
        raise ValidationFailed(errors)
    now = clock.now()
    decision = PlanDecision.objects.create(
        plan=plan,
        case=case,
        outcome=outcome,
        decided_on=decided_on,
        reference=reference,
        note=text,
        plan_revision=plan.revision,
        recorded_at=now,
        recorded_by=actor.user,
    )
    plan.decided_at = now
    told: dict = {}
    if outcome == DecisionOutcome.APPROVE:
        plan.status = PlanStatus.APPROVED
        plan.approved_at = now
        told = _task_open_items(actor, case, profile, plan)
        _emit(actor, case, rule.decided_event, {"plan": plan.pk, "decision": decision.pk})
    else:
        plan.status = PlanStatus.RETURNED
        _emit(actor, case, rule.returned_event, {"plan": plan.pk, "decision": decision.pk})
    _revise(actor, plan, "decided", {"outcome": outcome, "decision": decision.pk})
    event_record(
        actor=actor,
        code=PlanCode.PLAN_DECIDED,
        case_id=case.pk,
        target=plan,
        data={
            "outcome": outcome,
            "decided_on": decided_on.isoformat(),
            "revision": decision.plan_revision,
            "tasks": {str(k): v for k, v in told.items()},
        },
    )
    return plan
