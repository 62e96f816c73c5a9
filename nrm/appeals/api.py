"""API of the appeals. Handlers translate HTTP to one service or selector call."""

from datetime import date, datetime

from ninja import Query, Router, Schema, Status

from nrm.appeals import selectors, services
from nrm.appeals.audit_codes import AppealCode
from nrm.appeals.models import Appeal, Kind
from nrm.audit.services import access_record
from nrm.core.api_input import ErrorOut
from nrm.core.errors import ValidationFailed
from nrm.registry.sensitivity import case_visibility

router = Router(tags=["appeals"])

_READ = {401: ErrorOut, 404: ErrorOut}
_WRITE = dict.fromkeys((400, 401, 403, 404, 409, 413, 415), ErrorOut)


class AppealIn(Schema):
    kind: str = Kind.APPEAL
    appellant: str = ""
    appellant_name: str = ""
    filed_on: date
    arguments: str


class CourtOut(Schema):
    filed_on: date
    court: str
    ruled_on: date | None
    ruling_outcome: str


class NoticeOut(Schema):
    recipient: str
    notified_on: date


class AppealOut(Schema):
    id: int
    number: str
    case_id: int
    case_reference: str
    kind: str
    status: str
    appellant: str
    filed_on: date
    appealed_kind: str
    appealed_status: str
    window_closes_on: date | None
    meeting_id: int | None
    convened_at: datetime | None
    file_reviewed_on: date | None
    decided_at: datetime | None
    outcome: str
    status_after: str
    decision_reference: str
    votes_for: int | None
    votes_against: int | None
    abstentions: int | None
    suspended: bool
    court: CourtOut | None
    notices: list[NoticeOut]


class AppealDetailOut(AppealOut):
    # Free text: null when the reader may not see the case's identity class.
    arguments: str | None
    reasoning: str | None


class AppealQuery(Schema):
    status: str | None = None


def _out(a: Appeal) -> dict:
    court = getattr(a, "court", None)
    return {
        "id": a.pk,
        "number": a.number,
        "case_id": a.case_id,
        "case_reference": a.case.reference,
        "kind": a.kind,
        "status": a.status,
        "appellant": a.appellant,
        "filed_on": a.filed_on,
        "appealed_kind": a.appealed_kind,
        "appealed_status": a.appealed_status,
        "window_closes_on": a.window_closes_on,
        "meeting_id": a.meeting_id,
        "convened_at": a.convened_at,
        "file_reviewed_on": a.file_reviewed_on,
        "decided_at": a.decided_at,
        "outcome": a.outcome,
        "status_after": a.status_after,
        "decision_reference": a.decision_reference,
        "votes_for": a.votes_for,
        "votes_against": a.votes_against,
        "abstentions": a.abstentions,
        "suspended": a.status == "suspended",
        "court": None
        if court is None
        else {
            "filed_on": court.filed_on,
            "court": court.court,
            "ruled_on": court.ruled_on,
            "ruling_outcome": court.ruling_outcome,
        },
        "notices": [
            {"recipient": n.recipient, "notified_on": n.notified_on} for n in a.notices.all()
        ],
    }


def _detail(request, a: Appeal) -> dict:
    visibility = case_visibility(request.actor, a.case)
    return {
        **_out(a),
        "arguments": visibility.value(a, "arguments"),
        "reasoning": visibility.value(a, "reasoning"),
    }


@router.post("/cases/{int:case_id}/appeals", response={201: AppealDetailOut, **_WRITE})
def appeal_create(request, case_id: int, payload: AppealIn):
    if payload.kind == Kind.REEVALUATION:
        appeal = services.reevaluation_propose(
            actor=request.actor,
            case_id=case_id,
            filed_on=payload.filed_on,
            arguments=payload.arguments,
        )
    elif payload.kind == Kind.APPEAL:
        appeal = services.appeal_file(
            actor=request.actor,
            case_id=case_id,
            appellant=payload.appellant,
            appellant_name=payload.appellant_name,
            filed_on=payload.filed_on,
            arguments=payload.arguments,
        )
    else:
        raise ValidationFailed({"kind": ["appeal | reevaluation"]})
    return Status(201, _detail(request, appeal))


@router.get("/appeals", response={200: list[AppealOut], 400: ErrorOut, **_READ})
def appeal_list(request, filters: Query[AppealQuery]):
    appeals = selectors.appeal_list(actor=request.actor, status=filters.status or None)
    return [_out(a) for a in appeals.prefetch_related("notices")]


@router.get("/appeals/{int:appeal_id}", response={200: AppealDetailOut, **_READ})
def appeal_detail(request, appeal_id: int):
    appeal = selectors.appeal_get(actor=request.actor, id=appeal_id)
    access_record(actor=request.actor, case_id=appeal.case_id, action=AppealCode.API_READ)
    return _detail(request, appeal)


class WithdrawIn(Schema):
    reason: str


@router.post("/appeals/{int:appeal_id}/withdraw", response={200: AppealDetailOut, **_WRITE})
def appeal_withdraw(request, appeal_id: int, payload: WithdrawIn):
    appeal = services.appeal_withdraw(
        actor=request.actor, appeal_id=appeal_id, reason=payload.reason
    )
    return _detail(request, appeal)


class ReviewIn(Schema):
    reviewed_on: date


@router.post("/appeals/{int:appeal_id}/file-review", response={200: AppealDetailOut, **_WRITE})
def appeal_file_review(request, appeal_id: int, payload: ReviewIn):
    appeal = services.file_review_record(
        actor=request.actor, appeal_id=appeal_id, reviewed_on=payload.reviewed_on
    )
    return _detail(request, appeal)


class CourtIn(Schema):
    filed_on: date
    court: str
    reference: str


@router.post("/appeals/{int:appeal_id}/court", response={201: AppealDetailOut, **_WRITE})
def appeal_court(request, appeal_id: int, payload: CourtIn):
    services.court_challenge_record(actor=request.actor, appeal_id=appeal_id, **payload.dict())
    return Status(201, _detail(request, selectors.appeal_get(actor=request.actor, id=appeal_id)))


class RulingIn(Schema):
    outcome: str
    ruled_on: date
    reference: str
    reason: str


@router.post("/appeals/{int:appeal_id}/court/ruling", response={200: AppealDetailOut, **_WRITE})
def appeal_ruling(request, appeal_id: int, payload: RulingIn):
    services.court_ruling_record(actor=request.actor, appeal_id=appeal_id, **payload.dict())
    return _detail(request, selectors.appeal_get(actor=request.actor, id=appeal_id))
