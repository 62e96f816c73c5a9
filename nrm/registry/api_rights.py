"""The person's rights over the API: the export of their data and its correction
(docs/person-rights.md). Handlers translate HTTP to the services, nothing more."""

from datetime import date, datetime
from typing import Any

from django.http import HttpResponse
from ninja import Router, Schema, Status

from nrm.core.api_input import ErrorOut
from nrm.registry import person_rights, services
from nrm.registry.audit_codes import RegistryCode
from nrm.registry.sensitivity import case_visibility

router = Router(tags=["person rights"])


class ExportIn(Schema):
    requester: str
    requester_name: str = ""
    suspected_of_involvement: bool = False
    format: str = "json"
    language: str | None = None


class CorrectionIn(Schema):
    field: str
    value: Any = None
    reason: str = ""
    requested_by: str
    requested_on: date | None = None
    requester_suspected: bool = False
    expected_version: int | None = None


class CorrectionOut(Schema):
    id: int
    field: str
    # null when the caller may not see the class of the corrected field (`hidden_fields`).
    old_value: str | None
    new_value: str | None
    reason: str | None
    requested_by: str
    requested_on: date
    decided_by: str
    decided_at: datetime
    case_version: int
    hidden_fields: list[str] = []


HIDDEN = ("old_value", "new_value", "reason")


def _correction_out(c, visibility) -> dict:
    return {
        "id": c.pk,
        "field": c.field,
        "old_value": visibility.value(c, "old_value"),
        "new_value": visibility.value(c, "new_value"),
        "reason": visibility.value(c, "reason"),
        "hidden_fields": visibility.hidden_of(c, HIDDEN),
        "requested_by": c.requested_by,
        "requested_on": c.requested_on,
        "decided_by": c.decided_by.username,
        "decided_at": c.decided_at,
        "case_version": c.case.version,
    }


ERRORS = dict.fromkeys((400, 401, 403, 404, 409, 413, 415), ErrorOut)


@router.post("/{int:case_id}/person-export", response={200: dict, **ERRORS})
def person_export(request, case_id: int, payload: ExportIn, format: str | None = None):
    """Everything held about the case's person (JSON, or a PDF with `format=pdf`), in
    their language; the information supporting investigation is withheld. A parent or
    guardian suspected of involvement is refused (403, `requester_suspected`)."""
    export = person_rights.person_export(
        actor=request.actor,
        case_id=case_id,
        requester=payload.requester,
        requester_name=payload.requester_name,
        suspected=payload.suspected_of_involvement,
        format=format or payload.format,
        language=payload.language,
    )
    if export.format == "pdf":
        response = HttpResponse(person_rights.export_pdf(export), content_type="application/pdf")
        name = f"{export.reference}-person-data-{export.language}.pdf"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        response["Cache-Control"] = "no-store"
        return response
    return export.data


@router.post("/{int:case_id}/corrections", response={201: CorrectionOut, **ERRORS})
def person_correct(request, case_id: int, payload: CorrectionIn):
    correction = person_rights.person_correct(
        actor=request.actor,
        case_id=case_id,
        field=payload.field,
        value=payload.value,
        reason=payload.reason,
        requested_by=payload.requested_by,
        requested_on=payload.requested_on,
        requester_suspected=payload.requester_suspected,
        expected_version=payload.expected_version,
    )
    visibility = case_visibility(request.actor, correction.case)
    return Status(201, _correction_out(correction, visibility))


@router.get("/{int:case_id}/corrections", response={200: list[CorrectionOut], **ERRORS})
def correction_list(request, case_id: int):
    case = services.case_open(
        actor=request.actor, case_id=case_id, action=RegistryCode.API_CORRECTIONS
    )
    visibility = case_visibility(request.actor, case)
    return [
        _correction_out(c, visibility)
        for c in person_rights.correction_list(actor=request.actor, case=case).select_related(
            "case"
        )
    ]
