"""API of the shelters. Handlers translate HTTP to one service or selector call."""

from datetime import date, datetime

from ninja import Router, Schema, Status

from nrm.audit.services import access_record
from nrm.core.api_input import ErrorOut
from nrm.shelters import selectors, services
from nrm.shelters.audit_codes import ShelterCode
from nrm.shelters.models import Incident, Residence

router = Router(tags=["shelters"])

_READ = {401: ErrorOut, 404: ErrorOut}
_WRITE = dict.fromkeys((400, 401, 403, 404, 409, 413, 415), ErrorOut)


class AdmissionIn(Schema):
    service_id: int | None = None
    referral_id: int | None = None
    admitted_at: datetime | None = None
    information_given: list[str] = []
    basic_needs: list[str] = []
    agreement_signed: bool = False
    agreement_signed_on: date | None = None
    caseworker_id: int | None = None
    medical_examined_on: date | None = None
    medical_examined_by: str = ""
    medical_notes: str = ""


class AdmissionOut(Schema):
    id: int
    case_id: int
    case_reference: str
    institution: str
    service_id: int
    referral_id: int | None
    form: str
    admitted_at: datetime
    information_given: list[str]
    basic_needs: list[str]
    agreement_signed: bool
    agreement_signed_on: date | None
    caseworker_id: int | None
    medical_examined_on: date | None
    interview_information_given_at: datetime | None
    exited_at: datetime | None
    exit_reason: str


class ExitIn(Schema):
    reason: str
    exited_at: datetime | None = None
    note: str = ""


class IncidentIn(Schema):
    kind: str
    occurred_at: datetime | None = None
    note: str = ""


class IncidentOut(Schema):
    id: int
    case_id: int
    kind: str
    occurred_at: datetime
    residence_id: int | None
    notified_at: datetime | None


class ResidentOut(Schema):
    admission_id: int
    case_id: int
    case_reference: str
    is_child: bool
    admitted_at: datetime
    service_id: int
    caseworker_id: int | None


def _admission(r: Residence) -> dict:
    return {
        "id": r.pk,
        "case_id": r.case_id,
        "case_reference": r.case.reference,
        "institution": r.institution.code,
        "service_id": r.service_id,
        "referral_id": r.referral_id,
        "form": r.form,
        "admitted_at": r.admitted_at,
        "information_given": r.information_given,
        "basic_needs": r.basic_needs,
        "agreement_signed": r.agreement_signed,
        "agreement_signed_on": r.agreement_signed_on,
        "caseworker_id": r.caseworker_id,
        "medical_examined_on": r.medical_examined_on,
        "interview_information_given_at": r.interview_information_given_at,
        "exited_at": r.exited_at,
        "exit_reason": r.exit_reason,
    }


def _incident(i: Incident) -> dict:
    return {
        "id": i.pk,
        "case_id": i.case_id,
        "kind": i.kind,
        "occurred_at": i.occurred_at,
        "residence_id": i.residence_id,
        "notified_at": i.notified_at,
    }


@router.post("/cases/{int:case_id}/admissions", response={201: AdmissionOut, **_WRITE})
def admission_create(request, case_id: int, payload: AdmissionIn):
    residence = services.admission_record(actor=request.actor, case_id=case_id, **payload.dict())
    return Status(201, _admission(residence))


@router.post("/admissions/{int:admission_id}/exit", response={200: AdmissionOut, **_WRITE})
def admission_exit(request, admission_id: int, payload: ExitIn):
    residence = services.admission_exit(
        actor=request.actor, residence_id=admission_id, **payload.dict()
    )
    return _admission(residence)


@router.get("/admissions/{int:admission_id}", response={200: AdmissionOut, **_READ})
def admission_detail(request, admission_id: int):
    residence = selectors.residence_get(actor=request.actor, id=admission_id)
    access_record(actor=request.actor, case_id=residence.case_id, action=ShelterCode.API_READ)
    return _admission(residence)


@router.post("/cases/{int:case_id}/incidents", response={201: IncidentOut, **_WRITE})
def incident_create(request, case_id: int, payload: IncidentIn):
    incident = services.incident_record(actor=request.actor, case_id=case_id, **payload.dict())
    return Status(201, _incident(incident))


@router.get("/shelters/residents", response={200: list[ResidentOut], **_READ})
def residents(request):
    return [
        {
            "admission_id": r.pk,
            "case_id": r.case_id,
            "case_reference": r.case.reference,
            "is_child": r.case.is_child,
            "admitted_at": r.admitted_at,
            "service_id": r.service_id,
            "caseworker_id": r.caseworker_id,
        }
        for r in selectors.residents_now(actor=request.actor)
    ]
