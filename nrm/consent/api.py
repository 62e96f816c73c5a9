"""API of the consent registry. Handlers translate HTTP to one service or selector call.

GET/POST /cases/{id}/consent-records, POST /consent-records/{id}/withdraw,
POST /cases/{id}/consent-giver-suspicions. Bad input → 400 with field errors, nothing
saved; a case the caller may not see → 404, exactly like a missing one.
"""

from datetime import date, datetime

from ninja import Field, Router, Schema, Status

from nrm.consent import selectors, services
from nrm.consent.audit_codes import ConsentCode
from nrm.core.api_input import ErrorOut
from nrm.registry.sensitivity import case_visibility
from nrm.registry.services import case_open

router = Router(tags=["consent"])

_READ = {401: ErrorOut, 404: ErrorOut}
_WRITE = dict.fromkeys((400, 401, 403, 404, 413, 415), ErrorOut)


class RecordIn(Schema):
    purpose: str = Field(..., description="`services`, `sharing`, `transfer_abroad`, `statistics`")
    given: bool = Field(..., description="true: given; false: refused or withdrawn")
    given_by: str = Field(
        ...,
        description="`person`, `parent`, `guardian`, `case_manager`, "
        "`procedural_representative`, `child_protection_worker`",
    )
    signed_on: date
    institution: str = Field("", description="Institution code (sharing)")
    country: str = Field("", description="ISO 3166-1 alpha-2 (transfer abroad)")
    form: str = Field("", description="A form of the profile, e.g. `a2`, `c2`, `general`")
    signatory: str = ""
    note: str = ""
    acts_because: str = Field(
        "", description="A giver in place of the parents: `absent` or `suspected`"
    )


class WithdrawIn(Schema):
    reason: str
    given_by: str = Field("", description="Who withdraws; the giver of the consent by default")
    signed_on: date | None = None
    signatory: str = ""
    form: str = ""


class SuspicionIn(Schema):
    giver: str = Field(..., description="`parent` or `guardian`")
    suspected: bool
    note: str = ""


class RecordOut(Schema):
    id: int
    case: int
    purpose: str
    institution: str | None
    country: str
    given: bool
    given_by: str
    signatory: str | None  # null when the caller may not see identity (`hidden_fields`)
    form: str
    signed_on: date
    note: str | None
    withdraws: int | None
    recorded_at: datetime
    recorded_by: str
    recorded_by_institution: str | None
    hidden_fields: list[str] = []


class StateOut(Schema):
    case: int
    in_force: list[RecordOut]
    records: list[RecordOut]
    withdrawn: list[int]
    suspected_givers: list[str]


class SuspicionOut(Schema):
    id: int
    case: int
    giver: str
    suspected: bool
    recorded_at: datetime


def _out(r, visibility) -> dict:
    hidden = visibility.hidden_of(r, ("signatory", "note"))
    return {
        "id": r.pk,
        "case": r.case_id,
        "purpose": r.purpose,
        "institution": r.institution.code if r.institution else None,
        "country": r.country,
        "given": r.given,
        "given_by": r.given_by,
        "signatory": None if "signatory" in hidden else r.signatory or "",
        "form": r.form,
        "signed_on": r.signed_on,
        "note": None if "note" in hidden else r.note or "",
        "withdraws": r.withdraws_id,
        "recorded_at": r.recorded_at,
        "recorded_by": r.recorded_by.username,
        "recorded_by_institution": (
            r.recorded_by_institution.code if r.recorded_by_institution else None
        ),
        "hidden_fields": hidden,
    }


@router.get("/cases/{int:case_id}/consent-records", response={200: StateOut, **_READ})
def consent_record_list(request, case_id: int):
    """What is in force (the newest record per purpose and institution or country), the
    whole history (newest first), and the parents or guardians suspected of involvement."""
    case = case_open(actor=request.actor, case_id=case_id, action=ConsentCode.API_READ)
    state = selectors.consent_state(actor=request.actor, case=case)
    visibility = case_visibility(request.actor, case)
    return {
        "case": case.pk,
        "in_force": [_out(r, visibility) for r in state.in_force],
        "records": [_out(r, visibility) for r in state.history],
        "withdrawn": [r.pk for r in state.withdrawn],
        "suspected_givers": sorted(state.suspected),
    }


@router.post("/cases/{int:case_id}/consent-records", response={201: RecordOut, **_WRITE})
def consent_record_create(request, case_id: int, payload: RecordIn):
    record = services.consent_record(actor=request.actor, case_id=case_id, **payload.dict())
    return Status(201, _out(record, case_visibility(request.actor, record.case)))


@router.post("/consent-records/{int:record_id}/withdraw", response={201: RecordOut, **_WRITE})
def consent_record_withdraw(request, record_id: int, payload: WithdrawIn):
    record = services.consent_withdraw(actor=request.actor, record_id=record_id, **payload.dict())
    return Status(201, _out(record, case_visibility(request.actor, record.case)))


@router.post(
    "/cases/{int:case_id}/consent-giver-suspicions", response={201: SuspicionOut, **_WRITE}
)
def giver_suspicion_create(request, case_id: int, payload: SuspicionIn):
    s = services.giver_suspicion_record(actor=request.actor, case_id=case_id, **payload.dict())
    out = {
        "id": s.pk,
        "case": s.case_id,
        "giver": s.giver,
        "suspected": s.suspected,
        "recorded_at": s.recorded_at,
    }
    return Status(201, out)
