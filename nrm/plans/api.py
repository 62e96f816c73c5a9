"""API of the needs assessment and the plans. Handlers translate HTTP to one service or
selector call (docs/plans.md)."""

from datetime import date, datetime

from ninja import Router, Schema, Status

from nrm.core.api_input import ErrorOut
from nrm.plans import selectors, services
from nrm.plans.audit_codes import PlanCode
from nrm.plans.models import NeedsAssessment, Plan
from nrm.registry.sensitivity import case_visibility
from nrm.registry.services import case_open

router = Router(tags=["plans"])

_READ = {401: ErrorOut, 404: ErrorOut}
_WRITE = dict.fromkeys((400, 401, 403, 404, 409, 413, 415), ErrorOut)


class FindingSchema(Schema):
    domain: str
    need_found: bool = False
    level: str = ""
    notes: str = ""


class AssessmentIn(Schema):
    assessed_on: date | None = None
    findings: list[FindingSchema] = []
    person_participated: bool = False
    guardian_participated: bool = False
    views: str = ""


class FindingOut(Schema):
    domain: str
    need_found: bool
    level: str
    notes: str | None


class AssessmentOut(Schema):
    id: int
    case_id: int
    form: str
    revision: int
    assessed_on: date
    institution_id: int
    person_participated: bool
    guardian_participated: bool
    views: str | None
    current: bool
    findings: list[FindingOut]


class ItemOut(Schema):
    id: int
    number: int
    domain: str
    action: str | None
    institution_id: int
    due_on: date
    status: str
    tasked: bool
    referral_id: int | None


class PlanOut(Schema):
    id: int
    case_id: int
    number: str
    kind: str
    status: str
    revision: int
    template: str
    in_force: bool
    submitted_at: datetime | None
    decided_at: datetime | None
    items: list[ItemOut]


class PlanIn(Schema):
    kind: str
    template: str = ""
    person_participated: bool = False
    views: str = ""


class ItemIn(Schema):
    domain: str = ""
    action: str = ""
    institution_id: int | None = None
    due_on: date | None = None
    referral_id: int | None = None


class ItemPatch(Schema):
    domain: str | None = None
    action: str | None = None
    institution_id: int | None = None
    due_on: date | None = None
    status: str | None = None
    referral_id: int | None = None


class PlanDecisionIn(Schema):
    outcome: str = ""
    decided_on: date | None = None
    note: str = ""
    reference: str = ""


def _assessment(request, a: NeedsAssessment) -> dict:
    v = case_visibility(request.actor, a.case)
    return {
        "id": a.pk,
        "case_id": a.case_id,
        "form": a.form,
        "revision": a.revision,
        "assessed_on": a.assessed_on,
        "institution_id": a.institution_id,
        "person_participated": a.person_participated,
        "guardian_participated": a.guardian_participated,
        "views": v.value(a, "views"),
        "current": a.is_current,
        "findings": [
            {
                "domain": f.domain,
                "need_found": f.need_found,
                "level": f.level,
                "notes": v.value(f, "notes"),
            }
            for f in a.findings.all()
        ],
    }


def _plan(request, p: Plan) -> dict:
    v = case_visibility(request.actor, p.case)
    return {
        "id": p.pk,
        "case_id": p.case_id,
        "number": p.number,
        "kind": p.kind,
        "status": p.status,
        "revision": p.revision,
        "template": p.template,
        "in_force": p.is_in_force,
        "submitted_at": p.submitted_at,
        "decided_at": p.decided_at,
        "items": [
            {
                "id": i.pk,
                "number": i.number,
                "domain": i.domain,
                "action": v.value(i, "action"),
                "institution_id": i.institution_id,
                "due_on": i.due_on,
                "status": i.status,
                "tasked": i.tasked_at is not None,
                "referral_id": i.referral_id,
            }
            for i in p.items.order_by("number")
        ],
    }


@router.post("/cases/{int:case_id}/assessments", response={201: AssessmentOut, **_WRITE})
def assessment_create(request, case_id: int, payload: AssessmentIn):
    assessment = services.assessment_record(
        actor=request.actor,
        case_id=case_id,
        assessed_on=payload.assessed_on,
        findings=[services.FindingIn(**f.dict()) for f in payload.findings],
        person_participated=payload.person_participated,
        guardian_participated=payload.guardian_participated,
        views=payload.views,
    )
    return Status(201, _assessment(request, assessment))


@router.get("/cases/{int:case_id}/assessments", response={200: list[AssessmentOut], **_READ})
def assessment_list(request, case_id: int):
    case = case_open(actor=request.actor, case_id=case_id, action=PlanCode.API_READ)
    return [
        _assessment(request, a) for a in selectors.assessment_list(actor=request.actor, case=case)
    ]


@router.get("/cases/{int:case_id}/plans", response={200: list[PlanOut], **_READ})
def plan_list(request, case_id: int):
    case = case_open(actor=request.actor, case_id=case_id, action=PlanCode.API_READ)
    return [_plan(request, p) for p in selectors.plan_list(actor=request.actor, case=case)]


@router.post("/cases/{int:case_id}/plans", response={201: PlanOut, **_WRITE})
def plan_create(request, case_id: int, payload: PlanIn):
    plan = services.plan_create(actor=request.actor, case_id=case_id, **payload.dict())
    return Status(201, _plan(request, plan))


@router.get("/plans/{int:plan_id}", response={200: PlanOut, **_READ})
def plan_detail(request, plan_id: int):
    plan = selectors.plan_get(actor=request.actor, id=plan_id)
    case_open(actor=request.actor, case_id=plan.case_id, action=PlanCode.API_READ)
    return _plan(request, plan)


@router.post("/plans/{int:plan_id}/items", response={201: PlanOut, **_WRITE})
def item_add(request, plan_id: int, payload: ItemIn):
    item = services.plan_item_add(actor=request.actor, plan_id=plan_id, **payload.dict())
    return Status(201, _plan(request, Plan.objects.get(pk=item.plan_id)))


@router.patch("/plan-items/{int:item_id}", response={200: PlanOut, **_WRITE})
def item_update(request, item_id: int, payload: ItemPatch):
    changes = payload.dict(exclude_unset=True)
    item = services.plan_item_update(actor=request.actor, item_id=item_id, **changes)
    return _plan(request, Plan.objects.get(pk=item.plan_id))


@router.post("/plans/{int:plan_id}/approve", response={200: PlanOut, **_WRITE})
def plan_approve(request, plan_id: int):
    return _plan(request, services.plan_approve(actor=request.actor, plan_id=plan_id))


@router.post("/plans/{int:plan_id}/submit", response={200: PlanOut, **_WRITE})
def plan_submit(request, plan_id: int):
    return _plan(request, services.plan_submit(actor=request.actor, plan_id=plan_id))


@router.post("/plans/{int:plan_id}/decision", response={200: PlanOut, **_WRITE})
def plan_decide(request, plan_id: int, payload: PlanDecisionIn):
    plan = services.plan_decide(actor=request.actor, plan_id=plan_id, **payload.dict())
    return _plan(request, plan)
