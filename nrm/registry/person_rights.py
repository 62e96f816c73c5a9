"""The person's rights over their data: an export of everything held about them, and the
correction of their data through a recorded procedure (docs/person-rights.md).

`person_export` and `person_correct` are services (one transaction, one audit event);
`person_data` and `correction_list` are selectors. Who asked is recorded (the person, a
parent, a guardian, a lawyer: the profile's `person_rights.requesters`); a parent or
guardian suspected of involvement in the trafficking is refused, and the refusal is
recorded too. The information supporting investigation is never exported.
"""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nrm.accounts.capabilities import Capability
from nrm.audit.labels import label as audit_label
from nrm.audit.services import access_record, event_record
from nrm.core import clock
from nrm.core.errors import Conflict, Forbidden, ValidationFailed
from nrm.jurisdictions import get_profile
from nrm.jurisdictions.schema import Profile, Requester
from nrm.registry import rules, tallies
from nrm.registry.models import (
    Case,
    CaseStatusChange,
    Person,
    PersonCorrection,
    PersonDataRequest,
)
from nrm.registry.rules import PersonInput
from nrm.registry.selectors import case_get, case_scope

FORMATS = ("json", "pdf")

# The person's fields that may be corrected, with their label and kind.
CORRECTABLE: dict[str, tuple[Any, str]] = {
    "given_name": (gettext_lazy("given name"), "text"),
    "family_name": (gettext_lazy("family name"), "text"),
    "sex": (gettext_lazy("sex"), "text"),
    "date_of_birth": (gettext_lazy("date of birth"), "date"),
    "estimated_age": (gettext_lazy("estimated age"), "int"),
    "appears_to_be_child": (gettext_lazy("appears to be a child"), "bool"),
    "citizenship": (gettext_lazy("citizenship"), "text"),
    "languages": (gettext_lazy("languages"), "list"),
    "phone": (gettext_lazy("phone"), "text"),
    "email": (gettext_lazy("e-mail"), "text"),
    "address": (gettext_lazy("address"), "text"),
}
# Corrections of these re-derive `is_child` (and the tallies) on every case of the person.
AGE_FIELDS = ("date_of_birth", "estimated_age", "appears_to_be_child")


def _profile(case: Case) -> Profile:
    return get_profile(case.profile_code, case.profile_version)


def _rights(profile: Profile):
    rights = profile.person_rights
    if rights is None:
        raise Forbidden(_("The procedure in force names nobody who may ask for this."))
    return rights


def _requester(profile: Profile, code: str, field: str) -> Requester:
    try:
        return _rights(profile).requester(code)
    except KeyError:
        names = ", ".join(r.code for r in _rights(profile).requesters)
        raise ValidationFailed(
            {field: [_("Choose who asked: %(codes)s.") % {"codes": names}]}
        ) from None


def _suspected(person: Person, requester: str) -> bool:
    """Whether any case of the person (visible to the actor or not) holds this parent or
    guardian suspected of involvement: the interview's declaration or the consent
    registry's statement (one rule: `nrm.consent.selectors.suspected_givers`)."""
    from nrm.consent.selectors import suspected_givers

    return any(requester in suspected_givers(case=c) for c in person.cases.all())


def _refuse_if_suspected(
    *, actor, case: Case, requester: Requester, suspected: bool, record
) -> None:
    """A parent or guardian suspected of involvement never receives information, nor
    changes the record: the refusal is recorded (its own transaction) and raised."""
    if not requester.excluded_if_suspected:
        return
    if not (suspected or _suspected(case.person, requester.code)):
        return
    with transaction.atomic():
        record()
        event_record(
            actor=actor,
            code="person.request_refused",
            case_id=case.pk,
            target=case,
            data={"requester": requester.code, "declared": suspected},
        )
    raise Forbidden(
        _(
            "Refused: a parent or guardian suspected of involvement in the trafficking "
            "receives no information about the person and may not change their record."
        ),
        code="requester_suspected",
    )


# --- the export ----------------------------------------------------------------------------


def _iso(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat()
    return value.isoformat()


def _person_fields(person: Person) -> dict:
    return {
        "given_name": person.given_name,
        "family_name": person.family_name,
        "sex": person.sex,
        "sex_name": str(person.get_sex_display()),
        "date_of_birth": person.date_of_birth or None,
        "estimated_age": person.estimated_age,
        "age_is_estimated": person.age_is_estimated,
        "appears_to_be_child": person.appears_to_be_child,
        "citizenship": person.citizenship,
        "languages": list(person.languages or []),
        "phone": person.phone,
        "email": person.email,
        "address": person.address,
        "age_group": person.age_group,
        "anonymised_at": _iso(person.anonymised_at),
    }


def _case_data(actor, case: Case, language: str) -> dict:
    from nrm.consent.selectors import consent_records
    from nrm.deadlines.selectors import deadline_list_for_case, rule_of
    from nrm.screening import selectors as screening

    profile = _profile(case)

    def name_of(kind: str, code: str) -> str:
        if not code:
            return ""
        try:
            item = profile.stage(code) if kind == "stage" else profile.status(code)
        except KeyError:
            return code
        return item.name.get(language)

    indicators: dict[str, str] = {}
    for catalogue in profile.indicator_catalogues:
        for code, (_group, indicator) in catalogue.indicators().items():
            indicators[code] = indicator.text.get(language)
    history = CaseStatusChange.objects.filter(case=case).select_related("by_institution")
    deadlines = []
    for d in deadline_list_for_case(actor=actor, case=case):
        rule = rule_of(d)
        deadlines.append(
            {
                "rule": d.rule,
                "title": rule.title.get(language) if rule else d.rule,
                "status": d.status,
                "opened_at": _iso(d.opened_at),
                "due_at": _iso(d.due_at),
                "met_at": _iso(d.met_at),
            }
        )
    return {
        "reference": case.reference,
        "opened_at": _iso(case.created_at),
        "owner_institution": case.owner_institution.name,
        "county": case.county,
        "stage": {"code": case.stage, "name": name_of("stage", case.stage)},
        "identification_status": {
            "code": case.identification_status,
            "name": name_of("status", case.identification_status),
        },
        "is_child": case.is_child,
        "closed_at": _iso(case.closed_at),
        "anonymised_at": _iso(case.anonymised_at),
        "status_history": [
            {
                "at": _iso(h.at),
                "field": h.field,
                "from": name_of(h.field if h.field == "stage" else "status", h.from_value),
                "to": name_of(h.field if h.field == "stage" else "status", h.to_value),
                "reason": audit_label(h.reason),
                "decision_reference": h.decision_reference,
                "institution": h.by_institution.name if h.by_institution else "",
            }
            for h in history
        ],
        "screenings": [
            {
                "submitted_at": _iso(s.submitted_at),
                "catalogue": f"{s.catalogue} v{s.catalogue_version}",
                "indicators": [
                    {"code": code, "text": indicators.get(code, "")} for code in s.indicators
                ],
                "decision": s.decision,
            }
            for s in screening.screening_list(actor=actor, case=case)
        ],
        "consent_records": [
            {
                "purpose": r.purpose,
                "institution": r.institution.name if r.institution else "",
                "country": r.country,
                "given": r.given,
                "given_by": r.given_by,
                "signatory": r.signatory,
                "form": r.form,
                "signed_on": _iso(r.signed_on),
                "recorded_at": _iso(r.recorded_at),
            }
            for r in consent_records(actor=actor, case=case).select_related("institution")
        ],
        "interviews": [
            {
                "form": i.form,
                "status": i.status,
                "scheduled_at": _iso(i.scheduled_at),
                "held_at": _iso(i.held_at),
                "institution": i.institution.name if i.institution else "",
            }
            for i in screening.interview_list(actor=actor, case=case)
        ],
        "deadlines": deadlines,
        "corrections": [
            {
                "field": c.field,
                "requested_by": c.requested_by,
                "requested_on": _iso(c.requested_on),
                "corrected_at": _iso(c.decided_at),
            }
            for c in case.corrections.all()
        ],
    }


def person_cases(*, actor, person: Person) -> QuerySet[Case]:
    """The person's cases the actor may see, oldest first."""
    return (
        case_scope(actor=actor)
        .filter(person=person)
        .select_related("owner_institution")
        .order_by("created_at", "id")
    )


def person_data(*, actor, case: Case, language: str) -> dict:
    """Everything held about the case's person across their cases the actor may see, except
    the information supporting investigation (withheld, and the export says so). `case`
    comes from case_get."""
    profile = _profile(case)
    with translation.override(language):
        cases = [
            _case_data(actor, c, language) for c in person_cases(actor=actor, person=case.person)
        ]
        withheld = _(
            "Information supporting investigation (SOP §2.6) is not included in this "
            "export: it is withheld while it may serve a criminal investigation."
        )
    return {
        "generated_at": _iso(clock.now()),
        "language": language,
        "procedure": profile.key,
        "person": _person_fields(case.person),
        "cases": cases,
        "withheld": [withheld],
    }


@dataclass(frozen=True)
class Export:
    data: dict
    reference: str  # the case the request was made on
    language: str
    format: str


def _language(profile: Profile, person: Person, language: str | None) -> str:
    if language:
        if language not in profile.languages:
            raise ValidationFailed(
                {"language": [_("Choose one of: %(l)s.") % {"l": ", ".join(profile.languages)}]}
            )
        return language
    spoken = [lang for lang in person.languages or [] if lang in profile.languages]
    return spoken[0] if spoken else profile.default_language


def person_export(
    *,
    actor,
    case_id: int,
    requester: str,
    requester_name: str = "",
    suspected: bool = False,
    format: str = "json",
    language: str | None = None,
) -> Export:
    """The person's data on request, in their language (sq or en). Records the request,
    one audit event and an access-log row for every case exported. A parent or guardian
    suspected of involvement is refused (Forbidden, code `requester_suspected`)."""
    case = case_get(actor=actor, id=case_id)
    if not actor.can(Capability.PERSON_RIGHTS):
        raise Forbidden()
    profile = _profile(case)
    rule = _requester(profile, requester, "requester")
    errors = {}
    if format not in FORMATS:
        errors["format"] = [_("Choose json or pdf.")]
    if errors:
        raise ValidationFailed(errors)
    language = _language(profile, case.person, language)
    if case.person.anonymised_at is not None:
        raise Conflict(_("This person's data has been anonymised: nothing is held."))

    def row(refused: bool) -> PersonDataRequest:
        return PersonDataRequest.objects.create(
            case=case,
            person=case.person,
            requester=rule.code,
            requester_name=requester_name.strip(),
            suspected=suspected,
            format=format,
            language=language,
            refused=refused,
            at=clock.now(),
            by=actor.user,
            institution=actor.institution,
        )

    _refuse_if_suspected(
        actor=actor, case=case, requester=rule, suspected=suspected, record=lambda: row(True)
    )
    with transaction.atomic():
        data = person_data(actor=actor, case=case, language=language)
        request = row(False)
        for c in person_cases(actor=actor, person=case.person).select_related(None).only("id"):
            access_record(actor=actor, case_id=c.pk, action="person.export")
        event_record(
            actor=actor,
            code="person.exported",
            case_id=case.pk,
            target=request,
            data={
                "requester": rule.code,
                "format": format,
                "language": language,
                "cases": len(data["cases"]),
            },
        )
    return Export(data=data, reference=case.reference, language=language, format=format)


def export_pdf(export: Export) -> bytes:
    """The export printed by WeasyPrint, the case reference on every page."""
    from django.template.loader import render_to_string

    from nrm.screening.pdf import render_pdf

    with translation.override(export.language):
        html = render_to_string(
            "registry/pdf/person_export.html",
            {"data": export.data, "reference": export.reference, "language": export.language},
        )
    return render_pdf(html)


# --- the correction ------------------------------------------------------------------------


def _parse(field: str, value: Any):
    """The corrected value in the field's type; ValidationFailed({"value": …}) otherwise."""
    kind = CORRECTABLE[field][1]
    if value is None:
        value = ""
    try:
        if kind == "date":
            if isinstance(value, date):
                return value
            return date.fromisoformat(str(value).strip()) if str(value).strip() else None
        if kind == "int":
            if isinstance(value, bool):
                raise ValueError
            text = str(value).strip()
            return int(text) if text else None
        if kind == "bool":
            if isinstance(value, bool):
                return value
            text = str(value).strip().lower()
            if text in ("true", "yes", "1", "on"):
                return True
            if text in ("false", "no", "0", "off", ""):
                return False
            raise ValueError
        if kind == "list":
            items = value if isinstance(value, list | tuple) else str(value).split(",")
            return [str(v).strip() for v in items if str(v).strip()]
        return str(value)
    except (TypeError, ValueError):
        messages = {
            "date": _("Enter a date as YYYY-MM-DD."),
            "int": _("Enter a whole number."),
            "bool": _("Enter yes or no."),
        }
        raise ValidationFailed({"value": [messages.get(kind, _("Enter a valid value."))]}) from None


def _input_of(person: Person) -> PersonInput:
    return PersonInput(
        given_name=person.given_name or "",
        family_name=person.family_name or "",
        sex=person.sex,
        date_of_birth=date.fromisoformat(person.date_of_birth) if person.date_of_birth else None,
        estimated_age=person.estimated_age,
        appears_to_be_child=person.appears_to_be_child,
        citizenship=person.citizenship,
        languages=list(person.languages or []),
        phone=person.phone or "",
        email=person.email or "",
        address=person.address or "",
    )


def _shown(value) -> str:
    """How a value is stored in the correction record (encrypted)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ", ".join(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def person_correct(
    *,
    actor,
    case_id: int,
    field: str,
    value: Any,
    reason: str,
    requested_by: str,
    requested_on: date | None = None,
    requester_suspected: bool = False,
    expected_version: int | None = None,
) -> PersonCorrection:
    """Corrects one field of the case's person on request, through the same checks as case
    creation (`rules.validate_person`); refreshes the blind index; re-derives `is_child`
    (and the tallies) on the person's cases when the age changes; bumps the case version
    (a stale `expected_version` → Conflict, 409). Bad input: ValidationFailed, nothing saved.
    A parent or guardian suspected of involvement is refused (and the refusal recorded)."""
    case = case_get(actor=actor, id=case_id)
    if not actor.can(Capability.PERSON_RIGHTS):
        raise Forbidden()
    profile = _profile(case)
    errors: dict[str, list[str]] = {}
    if field not in CORRECTABLE:
        errors["field"] = [_("This field cannot be corrected here.")]
    if not (reason or "").strip():
        errors["reason"] = [_("Give the reason for the correction.")]
    if requested_on is not None and requested_on > clock.today():
        errors["requested_on"] = [_("The date of the request cannot be in the future.")]
    try:
        rule = _requester(profile, requested_by, "requested_by")
    except ValidationFailed as exc:
        errors |= exc.fields
        rule = None
    if errors:
        raise ValidationFailed(errors)
    _refuse_if_suspected(
        actor=actor, case=case, requester=rule, suspected=requester_suspected, record=lambda: None
    )
    return _correct(
        actor=actor,
        case_id=case.pk,
        field=field,
        value=value,
        reason=reason.strip(),
        requester=rule,
        requested_on=requested_on,
        expected_version=expected_version,
    )


@transaction.atomic
def _correct(
    *,
    actor,
    case_id: int,
    field: str,
    value: Any,
    reason: str,
    requester: Requester,
    requested_on: date | None,
    expected_version: int | None,
) -> PersonCorrection:
    from nrm.registry.services import _version_check, person_fields

    case = Case.objects.select_for_update().select_related("person").get(pk=case_id)
    _version_check(case, expected_version)
    if case.anonymised_at is not None or case.person.anonymised_at is not None:
        raise Conflict(_("This case has been anonymised: its person can no longer be corrected."))
    profile = _profile(case)
    today = clock.today()
    person = Person.objects.select_for_update().get(pk=case.person_id)
    before = _input_of(person)
    new = _parse(field, value)
    candidate = PersonInput(**{**before.__dict__, field: new})
    if field == "date_of_birth" and new is not None:
        candidate.estimated_age = None  # a known date replaces an estimate
    try:
        cleaned = rules.validate_person(candidate, profile=profile, today=today)
    except ValidationFailed as exc:
        raise ValidationFailed({"value": [m for ms in exc.fields.values() for m in ms]}) from None
    old_value, new_value = getattr(before, field), getattr(cleaned, field)
    if _shown(old_value) == _shown(new_value):
        raise ValidationFailed({"value": [_("This is the value already recorded.")]})
    now = clock.now()
    fields = person_fields(cleaned)  # the blind index is computed again here
    for name, v in fields.items():
        setattr(person, name, v)
    person.save(update_fields=list(fields))
    flipped = _rederive_child(actor=actor, person=person, now=now)
    case.refresh_from_db(fields=["is_child", "version"])
    case.version += 1
    case.updated_at = now
    case.save(update_fields=["version", "updated_at"])
    correction = PersonCorrection.objects.create(
        case=case,
        person=person,
        field=field,
        old_value=_shown(old_value),
        new_value=_shown(new_value),
        reason=reason,
        requested_by=requester.code,
        requested_on=requested_on or today,
        decided_by=actor.user,
        decided_at=now,
        institution=actor.institution,
    )
    event_record(
        actor=actor,
        code="person.corrected",
        case_id=case.pk,
        target=correction,
        data={"field": field, "requested_by": requester.code, "is_child_changed": flipped},
    )
    return correction


def _rederive_child(*, actor, person: Person, now: datetime) -> list[int]:
    """`is_child` of each of the person's cases, as on the day it opened (the presumption
    of minority at identification); tallies follow. A case that becomes a child's starts
    the child clocks (`child_identified`). Returns the ids of the cases that changed."""
    from nrm.deadlines.services import event_emit

    changed: list[int] = []
    data = _input_of(person)
    for c in Case.objects.select_for_update().filter(person=person, anonymised_at__isnull=True):
        profile = _profile(c)
        child = rules.is_child(data, profile=profile, today=timezone.localdate(c.created_at))
        if child == c.is_child:
            continue
        key = tallies.key_of(c)
        c.is_child = child
        c.version += 1
        c.updated_at = now
        c.save(update_fields=["is_child", "version", "updated_at"])
        tallies.tally_move(key, tallies.key_of(c))
        changed.append(c.pk)
        closing = profile.retention.closing_stage if profile.retention else None
        if child and c.stage != closing:
            event_emit(actor=actor, case=c, event="child_identified", at=now)
    return changed


def correction_list(*, actor, case: Case) -> QuerySet[PersonCorrection]:
    """`case` comes from case_get / case_open."""
    return case.corrections.select_related("decided_by", "institution").order_by(
        "-decided_at", "-id"
    )


def requesters(*, case: Case, language: str) -> list[tuple[str, str]]:
    rights = _profile(case).person_rights
    return [(r.code, r.name.get(language)) for r in rights.requesters] if rights else []


def default_jurisdiction_languages() -> tuple[str, ...]:
    return get_profile(settings.NRM_JURISDICTION).languages
