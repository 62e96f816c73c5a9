"""The export of everything held about a person (selectors, the service, the PDF)."""

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from nrm.accounts.capabilities import Capability
from nrm.audit.labels import label as audit_label
from nrm.audit.services import access_record, event_record
from nrm.core import clock
from nrm.core.errors import Conflict, Forbidden, ValidationFailed
from nrm.core.pdf import render_pdf
from nrm.jurisdictions.schema import Profile
from nrm.registry import doors
from nrm.registry.audit_codes import RegistryCode
from nrm.registry.models import (
    Case,
    CaseStatusChange,
    Person,
    PersonDataRequest,
)
from nrm.registry.person_rights.requests import FORMATS, _profile, _refuse_if_suspected, _requester
from nrm.registry.selectors import case_get, case_scope

# --- the export ----------------------------------------------------------------------------


def iso(value) -> str | None:
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
        "anonymised_at": iso(person.anonymised_at),
    }


def _case_data(actor, case: Case, language: str) -> dict:
    """The registry's own record of the case, then every section the stages contribute
    (`registry.doors.person_export_sections`)."""
    profile = _profile(case)

    def name_of(kind: str, code: str) -> str:
        if not code:
            return ""
        try:
            item = profile.stage(code) if kind == "stage" else profile.status(code)
        except KeyError:
            return code
        return item.name.get(language)

    history = CaseStatusChange.objects.filter(case=case).select_related("by_institution")
    data = {
        "reference": case.reference,
        "opened_at": iso(case.created_at),
        "owner_institution": case.owner_institution.name,
        "county": case.county,
        "stage": {"code": case.stage, "name": name_of("stage", case.stage)},
        "identification_status": {
            "code": case.identification_status,
            "name": name_of("status", case.identification_status),
        },
        "is_child": case.is_child,
        "closed_at": iso(case.closed_at),
        "anonymised_at": iso(case.anonymised_at),
        "status_history": [
            {
                "at": iso(h.at),
                "field": h.field,
                "from": name_of(h.field if h.field == "stage" else "status", h.from_value),
                "to": name_of(h.field if h.field == "stage" else "status", h.to_value),
                "reason": audit_label(h.reason),
                "decision_reference": h.decision_reference,
                "institution": h.by_institution.name if h.by_institution else "",
            }
            for h in history
        ],
    }
    for section in doors.person_export_sections:
        data[section.key] = section.collect(actor, case, language)
    data["corrections"] = [
        {
            "field": c.field,
            "requested_by": c.requested_by,
            "requested_on": iso(c.requested_on),
            "corrected_at": iso(c.decided_at),
        }
        for c in case.corrections.all()
    ]
    return data


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
        "generated_at": iso(clock.now()),
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
            access_record(actor=actor, case_id=c.pk, action=RegistryCode.PERSON_EXPORT)
        event_record(
            actor=actor,
            code=RegistryCode.PERSON_EXPORTED,
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
    sections = [s for s in doors.person_export_sections if s.pdf_template]
    cases = [
        {
            "case": c,
            "sections": [{"template": s.pdf_template, "rows": c.get(s.key)} for s in sections],
        }
        for c in export.data["cases"]
    ]
    with translation.override(export.language):
        html = render_to_string(
            "registry/pdf/person_export.html",
            {
                "data": export.data,
                "cases": cases,
                "reference": export.reference,
                "language": export.language,
            },
        )
    return render_pdf(html)
