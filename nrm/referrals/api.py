"""API of referrals (shared/api-contract.md v1.1). Handlers translate HTTP to one service or
selector call. A referral the caller's institution is not party to is 404."""

from datetime import datetime

from ninja import Query, Router, Schema, Status

from nrm.core.api_input import ErrorOut
from nrm.core.errors import ValidationFailed
from nrm.referrals import selectors, services
from nrm.referrals.audit_codes import ReferralCode
from nrm.referrals.models import Referral, ReferralStatus
from nrm.registry.services import case_open

router = Router(tags=["referrals"])

_READ = {401: ErrorOut, 404: ErrorOut}
_WRITE = dict.fromkeys((400, 401, 403, 404, 409, 413, 415), ErrorOut)


class ReferralIn(Schema):
    to_institution: str = ""
    service: str = ""
    need: str = ""
    emergency: bool = False
    # The contract: without consent (false, or none in force for the receiver) → 400.
    consent: bool = False
    # Optional: record the consent now, given by this giver of the profile (the caller
    # must be allowed to record consent); else a consent must already be in force.
    consent_given_by: str = ""
    note: str = ""


class ReferralCreatedOut(Schema):
    id: int
    status: str


class StepIn(Schema):
    note: str = ""
    expected_version: int | None = None


class ReferralOut(Schema):
    id: int
    case_reference: str
    # Null until the receiver may open the case (accepted or in progress) — the sender
    # always sees it.
    case_id: int | None
    child: bool
    from_institution: str
    to_institution: str
    need: str
    service: str | None
    service_label: str
    emergency: bool
    status: str
    created_at: datetime
    decided_at: datetime | None
    version: int


class ReferralQuery(Schema):
    direction: str = selectors.INCOMING
    status: str = ""


def _out(request, r: Referral) -> dict:
    row = selectors.inbox_row(actor=request.actor, referral=r)
    return {
        "id": r.pk,
        "case_reference": row.reference,
        "case_id": row.case_id,
        "child": row.child,
        "from_institution": r.from_institution.code,
        "to_institution": r.to_institution.code,
        "need": r.need,
        "service": str(r.service.uuid) if r.service_id else None,
        "service_label": r.service_label,
        "emergency": r.emergency,
        "status": r.status,
        "created_at": r.created_at,
        "decided_at": r.decided_at,
        "version": r.version,
    }


@router.post("/cases/{int:case_id}/referrals", response={201: ReferralCreatedOut, **_WRITE})
def referral_create(request, case_id: int, payload: ReferralIn):
    referral = services.referral_create(
        actor=request.actor,
        case_id=case_id,
        to_institution=payload.to_institution,
        service=payload.service,
        need=payload.need,
        emergency=payload.emergency,
        consent=payload.consent,
        consent_given_by=payload.consent_given_by,
        note=payload.note,
    )
    return Status(201, {"id": referral.pk, "status": referral.status})


@router.get("/cases/{int:case_id}/referrals", response={200: list[ReferralOut], **_READ})
def case_referral_list(request, case_id: int):
    case = case_open(actor=request.actor, case_id=case_id, action=ReferralCode.API_READ)
    return [_out(request, r) for r in selectors.case_referrals(actor=request.actor, case=case)]


@router.get("/referrals", response={200: list[ReferralOut], 400: ErrorOut, **_READ})
def referral_list(request, filters: Query[ReferralQuery]):
    errors = {}
    if filters.direction not in selectors.DIRECTIONS:
        errors["direction"] = ["incoming | outgoing | action"]
    if filters.status and filters.status not in ReferralStatus.values:
        errors["status"] = [" | ".join(ReferralStatus.values)]
    if errors:
        raise ValidationFailed(errors)
    rows = selectors.referral_list(
        actor=request.actor, direction=filters.direction, status=filters.status
    )
    return [_out(request, r) for r in rows]


@router.get("/referrals/{int:referral_id}", response={200: ReferralOut, **_READ})
def referral_detail(request, referral_id: int):
    return _out(request, selectors.referral_get(actor=request.actor, id=referral_id))


STEPS = {
    "accept": services.referral_accept,
    "decline": services.referral_decline,
    "start": services.referral_start,
    "complete": services.referral_complete,
    "cancel": services.referral_cancel,
}


def _step(name):
    service = STEPS[name]

    def handler(request, referral_id: int, payload: StepIn):
        referral = service(
            actor=request.actor,
            referral_id=referral_id,
            note=payload.note,
            expected_version=payload.expected_version,
        )
        return _out(request, referral)

    handler.__name__ = f"referral_{name}"
    return handler


for _name in STEPS:
    router.post(
        f"/referrals/{{int:referral_id}}/{_name}",
        response={200: ReferralOut, **_WRITE},
        operation_id=f"referral_{_name}",
    )(_step(_name))
