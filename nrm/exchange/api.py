"""The exchange's API: a case as an HTCDS v2.0 document, and a case opened from one."""

from typing import Any

from ninja import Body, Field, Router, Schema, Status

from nrm.core.api_input import ErrorOut
from nrm.exchange import htcds, services
from nrm.exchange.audit_codes import ExchangeCode
from nrm.registry.services import case_open

router = Router(tags=["exchange"])


class ImportedOut(Schema):
    id: int
    reference: str
    identification_status: str = Field(
        ..., description="The profile's first status: the source's is never taken as ours"
    )
    source: dict = Field(
        ..., description="The document's coded values kept as information only (HTCDS names)"
    )


@router.get(
    "/{int:case_id}/htcds",
    response={200: dict[str, Any], 401: ErrorOut, 404: ErrorOut},
    summary="The case as an HTCDS v2.0 document",
)
def htcds_export(request, case_id: int):
    """Keys are fields of HTCDS v2.0; what nrm does not hold, or the caller may not see,
    is left out. The read is in the case's access log."""
    case = case_open(actor=request.actor, case_id=case_id, action=ExchangeCode.HTCDS_EXPORTED)
    return htcds.document(actor=request.actor, case=case)


@router.post(
    "/import/htcds",
    response={201: ImportedOut, **dict.fromkeys((400, 401, 403, 413, 415), ErrorOut)},
    summary="Open a case from an HTCDS v2.0 document",
)
def htcds_import(request, document: dict[str, Any] = Body(...)):  # noqa: B008
    """Validated first (400 naming the field at fault, nothing written); the case is owned
    by the caller's institution and opens in the profile's first stage and status."""
    case = services.case_import_htcds(actor=request.actor, document=document)
    return Status(
        201,
        {
            "id": case.pk,
            "reference": case.reference,
            "identification_status": case.identification_status,
            "source": case.htcds_import.source,
        },
    )
