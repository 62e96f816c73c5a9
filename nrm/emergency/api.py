"""API of the emergency app. Handlers translate HTTP to one service or selector call; every
write answers with the case's emergency summary (free text null when hidden)."""

from datetime import date, datetime

from ninja import Router, Schema, Status

from nrm.audit.services import access_record
from nrm.core.api_input import ErrorOut
from nrm.core.errors import ValidationFailed
from nrm.emergency import selectors, services
from nrm.emergency.audit_codes import EmergencyCode
from nrm.registry.selectors import case_get
from nrm.registry.sensitivity import case_visibility

router = Router(tags=["emergency"])

_READ = {401: ErrorOut, 404: ErrorOut}
_WRITE = dict.fromkeys((400, 401, 403, 404, 409, 413, 415), ErrorOut)


class ChangeOut(Schema):
    id: int
    placement_kind: str
    status: str
    drafted_on: date
    approved_on: date | None
    director_role: str
    sent_to_court_on: date | None
    court_decided_on: date | None


class MeasureOut(Schema):
    id: int
    initiated_at: datetime
    institution_id: int
    director_informed_at: datetime | None
    decision: str
    decided_on: date | None
    director_role: str
    placement_kind: str
    placement_institution_id: int | None
    placed_on: date | None
    gtn_requested_at: datetime | None
    gtn_institution_id: int | None
    police_contacted_on: date | None
    police_institution_id: int | None
    ended_at: datetime | None
    changes: list[ChangeOut]
    # Free text: null when the reader may not see its class.
    grounds: str | None
    decision_reasoning: str | None
    placement_municipality: str | None


class NonResponseOut(Schema):
    id: int
    institution_id: int
    since: date
    step: str
    steps: list[str]
    asked: str | None


class PermitOut(Schema):
    id: int
    kind: str
    requested_on: date
    outcome: str
    outcome_on: date | None


class MissionOut(Schema):
    id: int
    country: str
    requested_on: date
    outcome: str
    answered_on: date | None


class DocumentationOut(Schema):
    notified_at: datetime
    meeting_requested_at: datetime | None


class ReflectionOut(Schema):
    starts_on: date
    days: int
    ends_on: date
    extensions: list[int]


class EmergencyOut(Schema):
    case_id: int
    measure: MeasureOut | None
    measures: list[MeasureOut]
    non_responses: list[NonResponseOut]
    permits: list[PermitOut]
    mission_requests: list[MissionOut]
    documentation: DocumentationOut | None
    reflection_period: ReflectionOut | None


def _measure(m, visibility) -> dict:
    return {
        "id": m.pk,
        "initiated_at": m.initiated_at,
        "institution_id": m.institution_id,
        "director_informed_at": m.director_informed_at,
        "decision": m.decision,
        "decided_on": m.decided_on,
        "director_role": m.director_role,
        "placement_kind": m.placement_kind,
        "placement_institution_id": m.placement_institution_id,
        "placed_on": m.placed_on,
        "gtn_requested_at": m.gtn_requested_at,
        "gtn_institution_id": m.gtn_institution_id,
        "police_contacted_on": m.police_contacted_on,
        "police_institution_id": m.police_institution_id,
        "ended_at": m.ended_at,
        "changes": [
            {
                "id": c.pk,
                "placement_kind": c.placement_kind,
                "status": c.status,
                "drafted_on": c.drafted_on,
                "approved_on": c.approved_on,
                "director_role": c.director_role,
                "sent_to_court_on": c.sent_to_court_on,
                "court_decided_on": c.court_decided_on,
            }
            for c in m.changes.all()
        ],
        "grounds": visibility.value(m, "grounds"),
        "decision_reasoning": visibility.value(m, "decision_reasoning"),
        "placement_municipality": visibility.value(m, "placement_municipality"),
    }


def _out(request, case_id: int) -> dict:
    case = case_get(actor=request.actor, id=case_id)
    found = selectors.summary(actor=request.actor, case=case)
    visibility = case_visibility(request.actor, case)
    reflection = found.reflection
    return {
        "case_id": case.pk,
        "measure": _measure(found.measure, visibility) if found.measure else None,
        "measures": [_measure(m, visibility) for m in found.measures],
        "non_responses": [
            {
                "id": nr.pk,
                "institution_id": nr.institution_id,
                "since": nr.since,
                "step": nr.step,
                "steps": [s.step for s in nr.steps.all()],
                "asked": visibility.value(nr, "asked"),
            }
            for nr in found.non_responses
        ],
        "permits": [
            {
                "id": p.pk,
                "kind": p.kind,
                "requested_on": p.requested_on,
                "outcome": p.outcome,
                "outcome_on": p.outcome_on,
            }
            for p in found.permits
        ],
        "mission_requests": [
            {
                "id": r.pk,
                "country": r.country,
                "requested_on": r.requested_on,
                "outcome": r.outcome,
                "answered_on": r.answered_on,
            }
            for r in found.missions
        ],
        "documentation": None
        if found.documentation is None
        else {
            "notified_at": found.documentation.notified_at,
            "meeting_requested_at": found.documentation.meeting_requested_at,
        },
        "reflection_period": None
        if reflection is None
        else {
            "starts_on": reflection.starts_on,
            "days": reflection.days,
            "ends_on": reflection.ends_on,
            "extensions": [e.days for e in reflection.extensions.all()],
        },
    }


@router.get("/cases/{int:case_id}/emergency", response={200: EmergencyOut, **_READ})
def emergency_detail(request, case_id: int):
    case = case_get(actor=request.actor, id=case_id)
    access_record(actor=request.actor, case_id=case.pk, action=EmergencyCode.API_READ)
    return _out(request, case.pk)


# --- the measure ---------------------------------------------------------------------------


class InitiateIn(Schema):
    initiated_at: datetime | None = None
    grounds: str = ""


@router.post("/cases/{int:case_id}/emergency-measure", response={201: EmergencyOut, **_WRITE})
def measure_initiate(request, case_id: int, payload: InitiateIn):
    services.measure_initiate(actor=request.actor, case_id=case_id, **payload.dict())
    return Status(201, _out(request, case_id))


class InformIn(Schema):
    informed_at: datetime | None = None


@router.post(
    "/cases/{int:case_id}/emergency-measure/director-informed",
    response={200: EmergencyOut, **_WRITE},
)
def measure_inform(request, case_id: int, payload: InformIn):
    services.measure_director_inform(actor=request.actor, case_id=case_id, **payload.dict())
    return _out(request, case_id)


class MeasureDecisionIn(Schema):
    decision: str
    decided_on: date
    director_role: str
    reasoning: str


@router.post(
    "/cases/{int:case_id}/emergency-measure/decision", response={200: EmergencyOut, **_WRITE}
)
def measure_decide(request, case_id: int, payload: MeasureDecisionIn):
    services.measure_decide(actor=request.actor, case_id=case_id, **payload.dict())
    return _out(request, case_id)


class PlacementIn(Schema):
    kind: str
    placed_on: date
    institution_id: int | None = None
    municipality: str = ""


@router.post(
    "/cases/{int:case_id}/emergency-measure/placement", response={200: EmergencyOut, **_WRITE}
)
def measure_place(request, case_id: int, payload: PlacementIn):
    services.measure_place(actor=request.actor, case_id=case_id, **payload.dict())
    return _out(request, case_id)


class GtnIn(Schema):
    requested_at: datetime | None = None
    gtn_institution_id: int | None = None


@router.post(
    "/cases/{int:case_id}/emergency-measure/gtn-request", response={200: EmergencyOut, **_WRITE}
)
def measure_gtn(request, case_id: int, payload: GtnIn):
    services.measure_gtn_request(actor=request.actor, case_id=case_id, **payload.dict())
    return _out(request, case_id)


class PoliceIn(Schema):
    contacted_on: date
    police_institution_id: int | None = None
    note: str = ""


@router.post(
    "/cases/{int:case_id}/emergency-measure/police-contact",
    response={200: EmergencyOut, **_WRITE},
)
def measure_police(request, case_id: int, payload: PoliceIn):
    services.measure_police_contact(actor=request.actor, case_id=case_id, **payload.dict())
    return _out(request, case_id)


class ChangeIn(Schema):
    """One step of the change of measure: `step` draft | approval | court | court-decision."""

    step: str
    kind: str = ""
    on: date
    director_role: str = ""
    decision: str = ""
    reference: str = ""


@router.post(
    "/cases/{int:case_id}/emergency-measure/change", response={200: EmergencyOut, **_WRITE}
)
def measure_change(request, case_id: int, payload: ChangeIn):
    actor, p = request.actor, payload
    # The case before the step is read: an unknown step on a case the caller cannot see is
    # 404, like every other answer about it (tests/emergency/test_api.py).
    case_id = case_get(actor=actor, id=case_id).pk
    if p.step == "draft":
        services.measure_change_draft(actor=actor, case_id=case_id, kind=p.kind, drafted_on=p.on)
    elif p.step == "approval":
        services.measure_change_approve(
            actor=actor, case_id=case_id, approved_on=p.on, director_role=p.director_role
        )
    elif p.step == "court":
        services.measure_change_send(actor=actor, case_id=case_id, sent_on=p.on)
    elif p.step == "court-decision":
        services.measure_change_rule(
            actor=actor,
            case_id=case_id,
            decision=p.decision,
            decided_on=p.on,
            reference=p.reference,
        )
    else:
        raise ValidationFailed({"step": ["draft | approval | court | court-decision"]})
    return _out(request, case_id)


# --- institutions not responding ----------------------------------------------------------


class NonResponseIn(Schema):
    institution_id: int
    asked: str
    since: date


@router.post("/cases/{int:case_id}/non-responses", response={201: EmergencyOut, **_WRITE})
def non_response_report(request, case_id: int, payload: NonResponseIn):
    services.non_response_report(actor=request.actor, case_id=case_id, **payload.dict())
    return Status(201, _out(request, case_id))


@router.post("/non-responses/{int:nr_id}/escalate", response={200: EmergencyOut, **_WRITE})
def non_response_escalate(request, nr_id: int):
    nr = services.non_response_escalate(actor=request.actor, non_response_id=nr_id)
    return _out(request, nr.case_id)


# --- foreign persons ----------------------------------------------------------------------


class PermitIn(Schema):
    requested_on: date


@router.post("/cases/{int:case_id}/residence-permit", response={201: EmergencyOut, **_WRITE})
def permit_start(request, case_id: int, payload: PermitIn):
    services.residence_permit_start(actor=request.actor, case_id=case_id, **payload.dict())
    return Status(201, _out(request, case_id))


class OutcomeIn(Schema):
    outcome: str
    decided_on: date
    reference: str = ""


@router.post("/residence-permits/{int:permit_id}/outcome", response={200: EmergencyOut, **_WRITE})
def permit_decide(request, permit_id: int, payload: OutcomeIn):
    permit = services.permit_decide(actor=request.actor, permit_id=permit_id, **payload.dict())
    return _out(request, permit.case_id)


class MissionIn(Schema):
    country: str
    requested_on: date


@router.post("/cases/{int:case_id}/mission-requests", response={201: EmergencyOut, **_WRITE})
def mission_request(request, case_id: int, payload: MissionIn):
    services.mission_request(actor=request.actor, case_id=case_id, **payload.dict())
    return Status(201, _out(request, case_id))


class AnswerIn(Schema):
    outcome: str
    answered_on: date


@router.post("/mission-requests/{int:request_id}/answer", response={200: EmergencyOut, **_WRITE})
def mission_answer(request, request_id: int, payload: AnswerIn):
    found = services.mission_answer(actor=request.actor, request_id=request_id, **payload.dict())
    return _out(request, found.case_id)


@router.post("/cases/{int:case_id}/child-documentation", response={201: EmergencyOut, **_WRITE})
def documentation_notify(request, case_id: int):
    services.documentation_notify(actor=request.actor, case_id=case_id)
    return Status(201, _out(request, case_id))


@router.post(
    "/cases/{int:case_id}/child-documentation/meeting-request",
    response={200: EmergencyOut, **_WRITE},
)
def documentation_meeting(request, case_id: int):
    services.documentation_meeting_request(actor=request.actor, case_id=case_id)
    return _out(request, case_id)


# --- the reflection and recovery period ---------------------------------------------------


class ReflectionIn(Schema):
    starts_on: date


@router.post("/cases/{int:case_id}/reflection-period", response={201: EmergencyOut, **_WRITE})
def reflection_start(request, case_id: int, payload: ReflectionIn):
    services.reflection_start(actor=request.actor, case_id=case_id, **payload.dict())
    return Status(201, _out(request, case_id))


class ExtensionIn(Schema):
    days: int
    reason: str


@router.post(
    "/cases/{int:case_id}/reflection-period/extension", response={200: EmergencyOut, **_WRITE}
)
def reflection_extend(request, case_id: int, payload: ExtensionIn):
    services.reflection_extend(actor=request.actor, case_id=case_id, **payload.dict())
    return _out(request, case_id)
