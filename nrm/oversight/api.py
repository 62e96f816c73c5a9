"""API of the audit trail: a case's trail for an inspector (holders of audit.read)."""

from datetime import datetime

from ninja import Router, Schema

from nrm.core.api_input import ErrorOut
from nrm.oversight import export
from nrm.oversight.audit_codes import OversightCode
from nrm.oversight.selectors import access_log_for_case
from nrm.registry.services import case_open

router = Router(tags=["audit"])


class TrailRowOut(Schema):
    chain: str
    id: int
    at: datetime
    user: str
    institution: str | None
    code: str
    data: dict
    prev_hash: str
    hash: str


class VerificationOut(Schema):
    chain: str
    rows: int
    intact: bool
    broken: str | None


class TrailOut(Schema):
    case: int
    reference: str
    exported_at: datetime
    intact: bool
    verification: list[VerificationOut]
    rows: list[TrailRowOut]


@router.get(
    "/cases/{int:case_id}/audit-trail",
    response={200: TrailOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
)
def audit_trail(request, case_id: int):
    """Every change event and read of the case, with hashes and the check of their links."""
    trail = export.audit_trail_export(actor=request.actor, case_id=case_id, format="json")
    return export.trail_dict(trail)


class AccessOut(Schema):
    at: datetime
    user: str
    institution: str | None
    action: str


@router.get(
    "/cases/{int:case_id}/access-log",
    response={200: list[AccessOut], 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    tags=["cases"],
)
def case_access_log(request, case_id: int):
    """Who read the case (AP secretariat: 403 for others who can see the case)."""
    case = case_open(actor=request.actor, case_id=case_id, action=OversightCode.API_ACCESS_LOG)
    return [
        {
            "at": row.at,
            "user": row.user.username,
            "institution": row.institution.code if row.institution else None,
            "action": row.action,
        }
        for row in access_log_for_case(actor=request.actor, case=case)
    ]
