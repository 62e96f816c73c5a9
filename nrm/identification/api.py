"""API of formal identification. Handlers translate HTTP to one service or selector call.

`POST /cases/{id}/decisions` is fixed by shared/api-contract.md (the group's B3)."""

from datetime import date, datetime

from ninja import Field, Router, Schema, Status

from nrm.core.api_input import ErrorOut
from nrm.identification import selectors, services
from nrm.identification.audit_codes import IdentificationCode
from nrm.registry.services import case_open

router = Router(tags=["formal identification"])

_READ = {401: ErrorOut, 404: ErrorOut}
_WRITE = dict.fromkeys((400, 401, 403, 404, 409, 413, 415), ErrorOut)


class GroupDecisionIn(Schema):
    outcome: str | None = Field(
        ..., description="victim | potential_victim | not_recognised; null without consensus"
    )
    consensus: bool
    decided_on: date
    reasoning: str = Field(..., max_length=20_000)
    notified_on: date | None = Field(
        None, description="The day the person received notice; opens `appeal_window`"
    )
    shelter: str = Field("", max_length=300, description="For a child: the designated shelter")


class GroupDecisionOut(Schema):
    id: int
    reference: str
    case: int
    outcome: str | None
    consensus: bool
    decided_on: date
    notified_on: date | None
    sent_to_ap_at: datetime | None
    identification_status: str
    state: str = Field(..., description="formal | at_ap | decided (the identification procedure)")
    ap_outcome: str | None


class GroupDecisionNoticeIn(Schema):
    notified_on: date


def _out(decision) -> dict:
    decision.case.refresh_from_db(fields=["identification_status"])
    decision.group.refresh_from_db(fields=["state"])
    return {
        "id": decision.pk,
        "reference": decision.reference,
        "case": decision.case_id,
        "outcome": decision.outcome,
        "consensus": decision.consensus,
        "decided_on": decision.decided_on,
        "notified_on": decision.notified_on,
        "sent_to_ap_at": decision.sent_to_ap_at,
        "identification_status": decision.case.identification_status,
        "state": decision.group.state,
        "ap_outcome": decision.ap_outcome or None,
    }


@router.post("/cases/{int:case_id}/decisions", response={201: GroupDecisionOut, **_WRITE})
def decision_create(request, case_id: int, payload: GroupDecisionIn):
    """The formal identification group's decision (B3), by a member of the case's group.
    `consensus: false` sends the file to the AP instead of changing the status."""
    decision = services.decision_record(actor=request.actor, case_id=case_id, **payload.dict())
    return Status(201, _out(decision))


@router.get("/cases/{int:case_id}/decisions", response={200: list[GroupDecisionOut], **_READ})
def decision_list(request, case_id: int):
    case = case_open(actor=request.actor, case_id=case_id, action=IdentificationCode.API_DECISIONS)
    return [_out(d) for d in selectors.decision_list(actor=request.actor, case=case)]


@router.post("/decisions/{int:decision_id}/notice", response={200: GroupDecisionOut, **_WRITE})
def decision_notice(request, decision_id: int, payload: GroupDecisionNoticeIn):
    """The day the person received notice of the decision (opens `appeal_window`): a member
    of the group that decided; 404 for a decision of a case the caller cannot see."""
    decision = services.decision_notice_record(
        actor=request.actor, decision_id=decision_id, notified_on=payload.notified_on
    )
    return _out(decision)


@router.post("/decisions/{int:decision_id}/send-to-ap", response={200: GroupDecisionOut, **_WRITE})
def decision_send(request, decision_id: int):
    """The group sends its decision to the AP electronically (`decision_sent_to_ap`)."""
    return _out(services.decision_send_to_ap(actor=request.actor, decision_id=decision_id))


class GroupSeatOut(Schema):
    case: int
    institution: str
    formed: bool


@router.post(
    "/cases/{int:case_id}/formal-identification/seat", response={200: GroupSeatOut, **_WRITE}
)
def seat_take(request, case_id: int):
    """ "I am the member for my institution": the caller takes up the case for its
    institution in the case's formal identification group."""
    seat = services.seat_take(actor=request.actor, case_id=case_id)
    seat.group.refresh_from_db(fields=["formed_at"])
    return {
        "case": case_id,
        "institution": seat.institution.code,
        "formed": seat.group.formed_at is not None,
    }
