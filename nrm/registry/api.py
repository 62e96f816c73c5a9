from datetime import date, datetime

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from pydantic import create_model

from nrm.accounts.capabilities import Capability
from nrm.accounts.models import Institution
from nrm.core.api_input import ErrorOut
from nrm.core.errors import Forbidden, ValidationFailed
from nrm.registry import doors, person_data, rules, selectors, services
from nrm.registry.audit_codes import RegistryCode
from nrm.registry.duplicates import DuplicatesFound
from nrm.registry.rules import PersonInput
from nrm.registry.sensitivity import case_visibility, name_search_cases

router = Router(tags=["cases"])
PAGE_SIZE = 25


class PersonIn(Schema):
    given_name: str = ""
    family_name: str = ""
    sex: str = "unknown"
    date_of_birth: date | None = None
    estimated_age: int | None = None
    appears_to_be_child: bool = False
    citizenship: str = ""
    languages: list[str] = []
    phone: str = ""
    email: str = ""
    address: str = ""


def _case_in_schema() -> type[Schema]:
    """`person`, `owner_institution`, and one optional block per case intake a stage
    contributed (`registry.doors.case_intakes`: `screening` today)."""
    fields: dict = {
        "person": (PersonIn, ...),
        "owner_institution": (
            str | None,
            Field(None, description="Institution code; only the AP secretariat may name another"),
        ),
        # Refused when given: a case opens in the profile's first stage and status; the
        # status changes only by decision (`POST /cases/{id}/status-decisions`).
        "identification_status": (str | None, Field(None, description="Refused (400)")),
        "stage": (str | None, Field(None, description="Refused (400)")),
        # Issue 13: opt-in, so clients of v1 that send neither are answered as before.
        "check_duplicates": (
            bool,
            Field(
                False,
                description="Refuse (400: `duplicate_reason`, `duplicates`) when the person "
                "may already have a record, unless `duplicate_reason` is given",
            ),
        ),
        "duplicate_reason": (
            str,
            Field("", description="Why the case is opened despite possible existing records"),
        ),
    }
    for intake in doors.case_intakes:
        fields[intake.key] = (
            intake.schema | None,
            Field(None, description=str(intake.description)),
        )
    return create_model("CaseIn", __base__=Schema, **fields)


CaseIn = _case_in_schema()


class PersonOut(Schema):
    # null when the caller may not see the field's sensitivity class (`hidden_fields`).
    given_name: str | None
    family_name: str | None
    sex: str
    date_of_birth: date | None
    estimated_age: int | None
    age_is_estimated: bool
    appears_to_be_child: bool
    citizenship: str
    languages: list[str]
    phone: str | None = None
    email: str | None = None
    address: str | None = None


class CaseOut(Schema):
    id: int
    reference: str
    identification_status: str
    stage: str = Field(..., description="A summary of the open procedures (docs/procedures.md)")
    open_procedures: list[str] = Field(
        ..., description="Codes of the procedures running on the case, oldest first"
    )
    is_child: bool
    exploitation_forms: list[str] = Field(
        ..., description="Codes of the profile's exploitation_forms recorded on the case"
    )
    exploitation_types_htcds: list[str] = Field(
        ..., description="The same as HTCDS v2.0 vic_TypeOfExploitation values"
    )
    owner_institution: str
    county: str
    profile: str
    created_at: datetime
    updated_at: datetime
    version: int


class CaseDetailOut(CaseOut):
    person: PersonOut
    screening: dict | None
    hidden_fields: list[str] = Field(
        [], description="Fields left null: the caller may not see their sensitivity class"
    )


class CaseListOut(Schema):
    count: int
    page: int
    page_size: int
    results: list[CaseOut]


class HistoryOut(Schema):
    at: datetime
    by: str
    institution: str | None
    field: str
    procedure: str | None = Field(None, description="For a procedure's row: its code")
    from_status: str | None
    to_status: str | None
    reason: str | None  # null when the caller may not see its class
    decision_reference: str | None


def _case_out(case, procedures: list[str] | None = None) -> dict:
    if procedures is None:
        procedures = selectors.open_procedures([case.pk])[case.pk]
    return {
        "id": case.pk,
        "reference": case.reference,
        "identification_status": case.identification_status,
        "stage": case.stage,
        "open_procedures": procedures,
        "version": case.version,
        "is_child": case.is_child,
        "exploitation_forms": case.exploitation_forms,
        "exploitation_types_htcds": rules.htcds_exploitation(
            services.profile_of(case), case.exploitation_forms
        ),
        "owner_institution": case.owner_institution.code,
        "county": case.county,
        "profile": f"{case.profile_code}-{case.profile_version}",
        "created_at": case.created_at,
        "updated_at": case.updated_at,
    }


# API names of the fields the sensitivity classes may hide.
API_FIELDS = {
    "registry.Person.given_name": "person.given_name",
    "registry.Person.family_name": "person.family_name",
    "registry.Person.date_of_birth": "person.date_of_birth",
    "registry.Person.phone": "person.phone",
    "registry.Person.email": "person.email",
    "registry.Person.address": "person.address",
    "registry.Case.screening": "screening",
}


def _case_detail_out(case, actor) -> dict:
    person = case.person
    visibility = case_visibility(actor, case)
    shown = visibility.value
    birth = shown(person, "date_of_birth")
    return {
        **_case_out(case),
        "hidden_fields": sorted(API_FIELDS[f] for f in visibility.hidden if f in API_FIELDS),
        "screening": shown(case, "screening"),
        "person": {
            "given_name": shown(person, "given_name"),
            "family_name": shown(person, "family_name"),
            "sex": person.sex,
            "date_of_birth": date.fromisoformat(birth) if birth else None,
            "estimated_age": person.estimated_age,
            "age_is_estimated": person.age_is_estimated,
            "appears_to_be_child": person.appears_to_be_child,
            "citizenship": person.citizenship,
            "languages": person.languages,
            "phone": shown(person, "phone"),
            "email": shown(person, "email"),
            "address": shown(person, "address"),
        },
    }


def _owner_unknown(actor) -> None:
    """The answer to an `owner_institution` the caller may not name, whether it names no
    institution or another one (second review, low): one 400, so that a refusal does not
    confirm that an institution exists. A caller who may not open cases at all gets 403
    either way, as `case_create` answers first."""
    if not actor.can(Capability.CASE_CREATE):
        raise Forbidden()
    raise ValidationFailed({"owner_institution": [_("Unknown institution.")]})


@router.post(
    "",
    response={
        201: CaseDetailOut,
        **dict.fromkeys((400, 401, 403, 413, 415), ErrorOut),
    },
)
def case_create(request, payload: CaseIn):
    refused = {
        key: [_("A case opens in the first stage with no status; this field cannot be set.")]
        for key in ("identification_status", "stage")
        if getattr(payload, key) is not None
    }
    if refused:
        raise ValidationFailed(refused)
    owner = None
    if payload.owner_institution:
        owner = Institution.objects.filter(code=payload.owner_institution).first()
        if owner is None:
            _owner_unknown(request.actor)
    try:
        return _case_create(request, payload, owner)
    except Forbidden:
        if owner is not None and owner != request.actor.institution:
            _owner_unknown(request.actor)
        raise


def _case_create(request, payload: CaseIn, owner: Institution | None):
    for intake in doors.case_intakes:
        block = getattr(payload, intake.key)
        if block is not None:
            # Case and the stage's first record in one transaction; errors come back
            # prefixed `person.` or with the block's key.
            case = intake.start(
                actor=request.actor,
                person=PersonInput(**payload.person.dict()),
                owner_institution=owner,
                block=block.dict(),
                check_duplicates=payload.check_duplicates,
                duplicate_reason=payload.duplicate_reason,
            )
            return Status(201, _case_detail_out(case, request.actor))
    try:
        case = services.case_create(
            actor=request.actor,
            person=PersonInput(**payload.person.dict()),
            owner_institution=owner,
            check_duplicates=payload.check_duplicates,
            duplicate_reason=payload.duplicate_reason,
        )
    except DuplicatesFound:
        raise
    except ValidationFailed as exc:
        raise exc.prefixed("person") if "owner_institution" not in exc.fields else exc from None
    return Status(201, _case_detail_out(case, request.actor))


class CaseQuery(Schema):
    stage: str = ""
    identification_status: str = ""
    is_child: bool | None = None
    county: str = ""
    procedure: str = Field("", description="Only cases with this procedure running")
    q: str = Field(
        "",
        description="Case reference (whole or part), or a name: every token of it "
        "(given or family name, any order, diacritics and Cyrillic folded)",
    )
    page: int = Field(1, ge=1, le=1_000_000)  # a bigger offset overflows the database
    page_size: int = Field(PAGE_SIZE, ge=1, le=100)


@router.get("", response={200: CaseListOut, 400: ErrorOut, 401: ErrorOut})
def case_list(request, query: Query[CaseQuery]):
    if selectors.is_name_search(query.q) and name_search_cases(request.actor) is None:
        # A role that may not see identity may not look names up (sensitivity classes).
        raise Forbidden(_("Your role may not search by name: search by case reference."))
    filters = selectors.CaseFilters(
        q=query.q,
        stage=query.stage,
        identification_status=query.identification_status,
        county=query.county,
        is_child=query.is_child,
        procedure=query.procedure,
    )
    page = selectors.case_page(
        actor=request.actor, filters=filters, number=query.page, page_size=query.page_size
    )
    running = selectors.open_procedures([c.pk for c in page.object_list])
    return {
        "count": page.count,
        "page": query.page,
        "page_size": query.page_size,
        "results": [_case_out(c, running[c.pk]) for c in page.object_list],
    }


@router.get("/{int:case_id}", response={200: CaseDetailOut, 401: ErrorOut, 404: ErrorOut})
def case_read(request, case_id: int):
    case = services.case_open(
        actor=request.actor, case_id=case_id, action=RegistryCode.API_CASE_READ
    )
    return _case_detail_out(case, request.actor)


@router.get(
    "/{int:case_id}/history", response={200: list[HistoryOut], 401: ErrorOut, 404: ErrorOut}
)
def case_history(request, case_id: int):
    case = services.case_open(
        actor=request.actor, case_id=case_id, action=RegistryCode.API_CASE_HISTORY
    )
    shown = case_visibility(request.actor, case).value
    return [
        {
            "at": row.at,
            "by": row.by.username,
            "institution": row.by_institution.code if row.by_institution else None,
            "field": row.field,
            "procedure": row.procedure or None,
            "from_status": row.from_value or None,
            "to_status": row.to_value or None,
            "reason": shown(row, "reason"),
            "decision_reference": shown(row, "decision_reference"),
        }
        for row in selectors.case_history(actor=request.actor, case=case)
    ]


class StatusDecisionIn(Schema):
    kind: str = Field(..., description="A kind of the profile's status_authorities")
    to: str
    decision_reference: str
    reason: str
    expected_version: int | None = Field(None, description="Required: the version you saw")


class CloseIn(Schema):
    reason_code: str = Field(..., description="A reason of the profile's case_closure")
    note: str = ""
    expected_version: int | None = Field(None, description="Required: the version you saw")


class ReopenIn(Schema):
    reason: str
    expected_version: int | None = Field(None, description="Required: the version you saw")


class ExploitationIn(Schema):
    forms: list[str] = Field(..., description="Codes of the profile's exploitation_forms")
    expected_version: int | None = Field(None, description="Required: the version you saw")


CHANGE_RESPONSES = {200: CaseOut, **dict.fromkeys((400, 401, 403, 404, 409, 413, 415), ErrorOut)}


@router.post("/{int:case_id}/status-decisions", response=CHANGE_RESPONSES)
def case_status_decide(request, case_id: int, payload: StatusDecisionIn):
    """Records a decision on the identification status by who the profile says may."""
    case = services.case_status_decide(
        actor=request.actor,
        case_id=case_id,
        to=payload.to,
        decision=services.DecisionRef(
            kind=payload.kind, reference=payload.decision_reference, reason=payload.reason
        ),
        expected_version=payload.expected_version,
    )
    return _case_out(case)


@router.post("/{int:case_id}/exploitation-forms", response=CHANGE_RESPONSES)
def case_exploitation_set(request, case_id: int, payload: ExploitationIn):
    """Records the forms of exploitation of the case (replaces the list)."""
    case = services.case_exploitation_set(
        actor=request.actor,
        case_id=case_id,
        forms=payload.forms,
        expected_version=payload.expected_version,
    )
    return _case_out(case)


@router.post("/{int:case_id}/close", response=CHANGE_RESPONSES)
def case_close(request, case_id: int, payload: CloseIn):
    case = services.case_close(
        actor=request.actor,
        case_id=case_id,
        reason_code=payload.reason_code,
        note=payload.note,
        expected_version=payload.expected_version,
    )
    return _case_out(case)


@router.post("/{int:case_id}/reopen", response=CHANGE_RESPONSES)
def case_reopen(request, case_id: int, payload: ReopenIn):
    case = services.case_reopen(
        actor=request.actor,
        case_id=case_id,
        reason=payload.reason,
        expected_version=payload.expected_version,
    )
    return _case_out(case)


class PersonPatchIn(Schema):
    """The fields to correct (the others keep their value), codes as at creation."""

    given_name: str | None = None
    family_name: str | None = None
    sex: str | None = None
    date_of_birth: date | None = None
    estimated_age: int | None = None
    appears_to_be_child: bool | None = None
    citizenship: str | None = None
    languages: list[str] | None = None
    phone: str | None = None
    email: str | None = None
    address: str | None = None
    expected_version: int | None = Field(None, description="Required: the version you saw")


class PersonUpdatedOut(CaseOut):
    person: PersonOut
    changed: list[str] = Field(..., description="The fields changed (none: nothing written)")


# Sent as null, these mean "not known": the others' null means "left as it is".
_NULLABLE = ("date_of_birth", "estimated_age")


@router.patch("/{int:case_id}/person", response={**CHANGE_RESPONSES, 200: PersonUpdatedOut})
def case_person_update(request, case_id: int, payload: PersonPatchIn):
    """The caseworker's correction of the person's data (the owning institution, with
    case.update): blind index and child flag derived again; one audit event naming the
    fields changed. The AP's correction on request is `POST /cases/{id}/corrections`."""
    sent = payload.dict(exclude_unset=True)
    version = sent.pop("expected_version", None)
    changes = {k: v for k, v in sent.items() if v is not None or k in _NULLABLE}
    case, changed = person_data.person_update(
        actor=request.actor, case_id=case_id, changes=changes, expected_version=version
    )
    detail = _case_detail_out(case, request.actor)
    return {**detail, "changed": changed}
