"""API of initial identification. Handlers translate HTTP to one service or selector call."""

from datetime import date, datetime

from django.conf import settings
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from nrm.core.api_input import ApiDateTime, ErrorOut
from nrm.core.errors import NotFound, ValidationFailed
from nrm.jurisdictions import get_profile, profile_registry
from nrm.registry.sensitivity import case_visibility
from nrm.registry.services import case_open, profile_of
from nrm.screening import selectors, services
from nrm.screening.audit_codes import ScreeningCode
from nrm.screening.models import SameGender

router = Router(tags=["initial identification"])


def _text(value: str | None) -> str | None:
    """A text field for output: "" when empty, None when hidden (sensitivity)."""
    return None if value is None else (value or "")


# Every status an operation may answer besides its success (the API's OpenAPI document).
_READ = {401: ErrorOut, 404: ErrorOut}
_WRITE = dict.fromkeys((400, 401, 403, 404, 413, 415), ErrorOut)


class TextOut(Schema):
    sq: str
    en: str


class IndicatorOut(Schema):
    code: str
    group: str
    applies_to: str
    text: TextOut


class CatalogueOut(Schema):
    code: str
    version: int
    title: TextOut
    indicators: int


class IndicatorQuery(Schema):
    catalogue: str = Field(..., description="Catalogue code, e.g. AL-2025")
    version: int | None = Field(None, description="Catalogue version; the newest by default")


def _catalogues():
    """Every catalogue of the jurisdiction's profiles, newest profile first."""
    profiles = [p for p in profile_registry().values() if p.code == settings.NRM_JURISDICTION]
    current = get_profile(settings.NRM_JURISDICTION)
    profiles.sort(key=lambda p: (p.key != current.key, p.valid_from))
    seen = set()
    for profile in profiles:
        for catalogue in profile.indicator_catalogues:
            if (catalogue.code, catalogue.version) not in seen:
                seen.add((catalogue.code, catalogue.version))
                yield catalogue


@router.get("/indicator-catalogues", response={200: list[CatalogueOut], 401: ErrorOut})
def catalogue_list(request):
    return [
        {
            "code": c.code,
            "version": c.version,
            "title": c.title.model_dump(),
            "indicators": len(c.indicators()),
        }
        for c in _catalogues()
    ]


@router.get(
    "/indicators",
    response={200: list[IndicatorOut], 400: ErrorOut, 401: ErrorOut, 404: ErrorOut},
)
def indicator_list(request, query: Query[IndicatorQuery]):
    """The indicators of a catalogue, in SOP order, with their group and texts."""
    if not query.catalogue.strip():
        raise ValidationFailed({"catalogue": [_("Name a catalogue.")]})
    found = [
        c
        for c in _catalogues()
        if c.code == query.catalogue and (query.version is None or c.version == query.version)
    ]
    if not found:
        raise NotFound(_("Unknown indicator catalogue."))
    catalogue = max(found, key=lambda c: c.version)
    return [
        {"code": i.code, "group": g.code, "applies_to": g.applies_to, "text": i.text.model_dump()}
        for g in catalogue.groups
        for i in g.indicators
    ]


# --- screenings ---------------------------------------------------------------------------


class ScreeningIn(Schema):
    catalogue: str
    indicators: list[str] = []
    notes: str = ""
    override: str | None = Field(
        None, description="`potential_victim` or `none` when deciding against the suggestion"
    )
    justification: str = ""
    catalogue_version: int | None = None


class ScreeningOut(Schema):
    id: int
    case: int
    catalogue: str
    catalogue_version: int
    # null when the caller may not see the field's sensitivity class (`hidden_fields`).
    indicators: list[str] | None
    count: int
    threshold: int
    suggestion: str
    decision: str
    overridden: bool
    justification: str | None
    notes: str | None
    status_before: str
    status_after: str
    submitted_at: datetime
    submitted_by: str
    institution: str | None
    hidden_fields: list[str] = []


def _hidden(visibility, obj, names) -> list[str]:
    return [n for n in names if visibility.hides(obj._meta.label, n)]


def _screening_out(s, visibility) -> dict:
    shown = visibility.value
    return {
        "id": s.pk,
        "case": s.case_id,
        "catalogue": s.catalogue,
        "catalogue_version": s.catalogue_version,
        "indicators": shown(s, "indicators"),
        "count": s.count,
        "threshold": s.threshold,
        "suggestion": s.suggestion,
        "decision": s.decision,
        "overridden": s.overridden,
        "justification": _text(shown(s, "justification")),
        "notes": _text(shown(s, "notes")),
        "hidden_fields": _hidden(visibility, s, ("indicators", "justification", "notes")),
        "status_before": s.status_before,
        "status_after": s.status_after,
        "submitted_at": s.submitted_at,
        "submitted_by": s.submitted_by.username,
        "institution": s.institution.code if s.institution else None,
    }


@router.post(
    "/cases/{int:case_id}/screenings",
    response={201: ScreeningOut, 409: ErrorOut, **_WRITE},
)
def screening_create(request, case_id: int, payload: ScreeningIn):
    screening = services.screening_submit(actor=request.actor, case_id=case_id, **payload.dict())
    return Status(201, _screening_out(screening, case_visibility(request.actor, screening.case)))


@router.get("/cases/{int:case_id}/screenings", response={200: list[ScreeningOut], **_READ})
def screening_list(request, case_id: int):
    case = case_open(actor=request.actor, case_id=case_id, action=ScreeningCode.API_SCREENING_LIST)
    visibility = case_visibility(request.actor, case)
    return [
        _screening_out(s, visibility)
        for s in selectors.screening_list(actor=request.actor, case=case)
    ]


# --- checklist ----------------------------------------------------------------------------


class ChecklistIn(Schema):
    kind: str = Field(..., description="`action` or `need`")
    code: str
    done: bool = True
    note: str = ""


class ChecklistOut(Schema):
    kind: str
    code: str
    text: TextOut
    done: bool
    at: datetime | None
    by: str | None
    note: str | None  # null: the entry's sensitivity class is hidden from the caller


@router.get("/cases/{int:case_id}/checklist", response={200: list[ChecklistOut], **_READ})
def checklist_read(request, case_id: int):
    case = case_open(actor=request.actor, case_id=case_id, action=ScreeningCode.API_CHECKLIST_READ)

    rows = selectors.checklist(actor=request.actor, case=case, profile=profile_of(case))
    visibility = case_visibility(request.actor, case)
    hidden = visibility.hidden_notes
    if visibility.hides("screening.ChecklistEntry", "note"):  # every note, its class
        hidden = {row.item.code for items in rows.values() for row in items}
    return [
        {
            "kind": kind,
            "code": row.item.code,
            "text": row.item.name.model_dump(),
            "done": row.done,
            "at": row.entry.at if row.entry else None,
            "by": row.entry.by.username if row.entry else None,
            "note": None if row.item.code in hidden else (row.entry.note if row.entry else ""),
        }
        for kind, items in rows.items()
        for row in items
    ]


@router.post(
    "/cases/{int:case_id}/checklist",
    response={200: ChecklistOut, **_WRITE},
)
def checklist_write(request, case_id: int, payload: ChecklistIn):
    entry = services.checklist_record(actor=request.actor, case_id=case_id, **payload.dict())

    stage = profile_of(entry.case).initial_identification
    item = stage.action(entry.code) if entry.kind == "action" else stage.need(entry.code)
    return {
        "kind": entry.kind,
        "code": entry.code,
        "text": item.name.model_dump(),
        "done": entry.done,
        "at": entry.at,
        "by": entry.by.username,
        "note": entry.note,
    }


# --- interviews ---------------------------------------------------------------------------


class InterviewIn(Schema):
    scheduled_at: ApiDateTime
    place: str
    same_gender: str = SameGender.YES
    conditions: list[str] = []
    parent_guardian_suspected: bool = False
    repeat_reason: str = ""


class ParticipantIn(Schema):
    role: str
    name: str
    organisation: str = ""
    declaration_signed_on: date | None = None


class DeclarationIn(Schema):
    signed_on: date


class HeldIn(Schema):
    held_at: ApiDateTime | None = None
    summary: str = ""
    subject: str = Field("", description="The facts covered, in a few words (interview log)")


class ParticipantOut(Schema):
    id: int
    role: str
    name: str | None  # null when the caller may not see identity
    organisation: str | None
    declaration_signed_on: date | None


class InterviewOut(Schema):
    id: int
    case: int
    form: str
    status: str
    scheduled_at: datetime
    place: str | None  # null when hidden (`hidden_fields`)
    same_gender: str
    conditions: list[str]
    parent_guardian_suspected: bool | None
    held_at: datetime | None
    participants: list[ParticipantOut]
    hidden_fields: list[str] = []


def _interview_out(i, actor) -> dict:
    visibility = case_visibility(actor, i.case)
    return {
        "id": i.pk,
        "case": i.case_id,
        "form": i.form,
        "status": i.status,
        "scheduled_at": i.scheduled_at,
        "place": visibility.value(i, "place"),
        "same_gender": i.same_gender,
        "conditions": i.conditions,
        "parent_guardian_suspected": visibility.value(i, "parent_guardian_suspected"),
        "hidden_fields": _hidden(visibility, i, ("place", "parent_guardian_suspected")),
        "held_at": i.held_at,
        "participants": [
            {
                "id": p.pk,
                "role": p.role,
                "name": _text(visibility.value(p, "name")),
                "organisation": _text(visibility.value(p, "organisation")),
                "declaration_signed_on": p.declaration_signed_on,
            }
            for p in i.participants.all()
        ],
    }


@router.post("/cases/{int:case_id}/interviews", response={201: InterviewOut, **_WRITE})
def interview_create(request, case_id: int, payload: InterviewIn):
    interview = services.interview_plan(actor=request.actor, case_id=case_id, **payload.dict())
    return Status(201, _interview_out(interview, request.actor))


@router.get("/cases/{int:case_id}/interviews", response={200: list[InterviewOut], **_READ})
def interview_list(request, case_id: int):
    case = case_open(actor=request.actor, case_id=case_id, action=ScreeningCode.API_INTERVIEW_LIST)
    interviews = selectors.interview_list(actor=request.actor, case=case)
    return [_interview_out(i, request.actor) for i in interviews]


@router.post("/interviews/{int:interview_id}/participants", response={201: InterviewOut, **_WRITE})
def participant_create(request, interview_id: int, payload: ParticipantIn):
    participant = services.participant_add(
        actor=request.actor, interview_id=interview_id, **payload.dict()
    )
    return Status(201, _interview_out(participant.interview, request.actor))


@router.post(
    "/participants/{int:participant_id}/declaration", response={200: InterviewOut, **_WRITE}
)
def declaration_create(request, participant_id: int, payload: DeclarationIn):
    participant = services.declaration_record(
        actor=request.actor, participant_id=participant_id, signed_on=payload.signed_on
    )
    return _interview_out(participant.interview, request.actor)


@router.post("/interviews/{int:interview_id}/held", response={200: InterviewOut, **_WRITE})
def interview_held(request, interview_id: int, payload: HeldIn):
    interview = services.interview_hold(
        actor=request.actor, interview_id=interview_id, **payload.dict()
    )
    return _interview_out(interview, request.actor)


class LogIn(Schema):
    at: ApiDateTime
    purpose: str
    subject: str = ""


class LogOut(Schema):
    at: datetime
    institution: str | None
    by: str
    form: str
    purpose: str | None  # null when hidden
    subject: str | None  # null when hidden


@router.get("/cases/{int:case_id}/interview-log", response={200: list[LogOut], **_READ})
def interview_log(request, case_id: int):
    case = case_open(
        actor=request.actor, case_id=case_id, action=ScreeningCode.API_INTERVIEW_LOG_READ
    )
    shown = case_visibility(request.actor, case).value
    return [
        {
            "at": e.at,
            "institution": e.institution.code if e.institution else None,
            "by": e.by.username,
            "form": e.form,
            "purpose": _text(shown(e, "purpose")),
            "subject": _text(shown(e, "subject")),
        }
        for e in selectors.interview_log(actor=request.actor, case=case)
    ]


@router.post("/cases/{int:case_id}/interview-log", response={201: LogOut, **_WRITE})
def interview_log_create(request, case_id: int, payload: LogIn):
    e = services.interview_log_record(actor=request.actor, case_id=case_id, **payload.dict())
    out = {
        "at": e.at,
        "institution": e.institution.code if e.institution else None,
        "by": e.by.username,
        "form": e.form,
        "purpose": e.purpose,
        "subject": e.subject or "",
    }
    return Status(201, out)


# --- consent and the request for formal identification ----------------------------------


class ConsentIn(Schema):
    given: bool
    given_by: str = Field(
        ...,
        description="A giver of the profile's consent block: `person`, `parent`, `guardian`, "
        "`procedural_representative`, `child_protection_worker`",
    )
    signed_on: date
    signatory: str = ""
    note: str = ""
    # A child's A2: the child's own view (`agrees`, `disagrees`, `could_not_express`,
    # `not_asked`) and its words, or why the child was not asked.
    child_view: str = ""
    child_view_note: str = ""
    # A giver acting in place of the parents says why: `absent` or `suspected`.
    acts_because: str = ""


class ConsentOut(Schema):
    id: int  # the id of the consent registry's record
    purpose: str
    given: bool
    given_by: str
    signed_on: date
    recorded_at: datetime
    child_view: str = ""
    acts_because: str = ""


@router.post("/cases/{int:case_id}/consents", response={201: ConsentOut, **_WRITE})
def consent_create(request, case_id: int, payload: ConsentIn):
    """The A2: a record of the consent registry (`GET /cases/{id}/consent-records`) with
    the profile's A2 purpose, consent to the formal identification interview."""
    c = services.a2_record(actor=request.actor, case_id=case_id, **payload.dict())
    out = {
        "id": c.pk,
        "purpose": c.purpose,
        "given": c.given,
        "given_by": c.given_by,
        "signed_on": c.signed_on,
        "recorded_at": c.recorded_at,
        "child_view": c.child_view,
        "acts_because": c.acts_because,
    }
    return Status(201, out)


class RequestIn(Schema):
    county: str = Field("", description="County of the group; the case's county by default")
    institutions: list[str] = Field(
        [], description="Institution codes, when a county has more than one of a kind"
    )
    grounds: str = ""
    interpreter_needed: bool | None = None
    placement: str = ""


class RequestOut(Schema):
    id: int
    case: int
    reference: str
    county: str
    for_child: bool
    institutions: list[str]
    requested_at: datetime
    requested_by: str
    stage: str


def _request_out(r) -> dict:
    return {
        "id": r.pk,
        "case": r.case_id,
        "reference": r.case.reference,
        "county": r.county,
        "for_child": r.for_child,
        "institutions": [x.institution.code for x in r.recipients.all()],
        "requested_at": r.requested_at,
        "requested_by": r.requested_by.username,
        "stage": r.case.stage,
    }


@router.post(
    "/cases/{int:case_id}/formal-identification-requests",
    response={201: RequestOut, 409: ErrorOut, **_WRITE},
)
def request_create(request, case_id: int, payload: RequestIn):
    r = services.formal_identification_request(
        actor=request.actor, case_id=case_id, **payload.dict()
    )
    return Status(201, _request_out(selectors.request_get(actor=request.actor, id=r.pk)))


@router.get("/formal-identification-queue", response={200: list[RequestOut], 401: ErrorOut})
def queue(request):
    return [_request_out(r) for r in selectors.formal_identification_queue(actor=request.actor)]


# --- information supporting investigation ----------------------------------------------


class InvestigationIn(Schema):
    content: str
    interview_id: int | None = None


class InvestigationOut(Schema):
    id: int
    case: int
    reference: str
    content: str
    recorded_at: datetime
    recorded_by: str
    institution: str | None


class RecordedOut(Schema):
    id: int
    recorded_at: datetime


@router.post(
    "/cases/{int:case_id}/investigation-information", response={201: RecordedOut, **_WRITE}
)
def investigation_create(request, case_id: int, payload: InvestigationIn):
    info = services.investigation_information_record(
        actor=request.actor, case_id=case_id, **payload.dict()
    )
    # The writer gets a receipt, not the content back: reading is for the named readers.
    return Status(201, {"id": info.pk, "recorded_at": info.recorded_at})


@router.get(
    "/cases/{int:case_id}/investigation-information",
    response={200: list[InvestigationOut], **_READ},
)
def investigation_read(request, case_id: int):
    case = services.investigation_information_open(
        actor=request.actor, case_id=case_id, action=ScreeningCode.API_INVESTIGATION_READ
    )
    return [
        {
            "id": i.pk,
            "case": i.case_id,
            "reference": i.case.reference,
            "content": i.content,
            "recorded_at": i.recorded_at,
            "recorded_by": i.recorded_by.username,
            "institution": i.institution.code if i.institution else None,
        }
        for i in selectors.investigation_list(actor=request.actor, case_id=case.pk)
    ]
