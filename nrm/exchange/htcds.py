"""A case as an HTCDS v2.0 document, and the validator against the standard's field list.

The document is a flat JSON object whose keys are fields of the standard (`htcds_fields.json`,
the IOM field list, CC BY 4.0) and whose values are valid for the field's type and picklist.
What nrm does not hold is left out, never invented; a field the reader may not see (its
sensitivity class) is left out too. docs/exchange.md has the mapping table.
"""

import json
from datetime import date
from functools import cache
from pathlib import Path

from django.utils.translation import gettext as _

from nrm.core import codes
from nrm.exchange import mapping
from nrm.registry import rules
from nrm.registry.models import Case, CaseStatusChange, StatusField
from nrm.registry.rules import PersonInput
from nrm.registry.selectors import case_history
from nrm.registry.sensitivity import case_visibility
from nrm.registry.services import profile_of
from nrm.screening.selectors import screening_latest

FIELDS_FILE = Path(__file__).with_name("htcds_fields.json")
VERSION = "2.0"
# Fields every case document carries (core fields nrm always holds).
REQUIRED = ("prs_Gender", "cas_Status")


@cache
def fields() -> dict[str, dict]:
    """The standard's fields by full name (deprecated ones included: they are refused)."""
    return {f["full_name"]: f for f in json.loads(FIELDS_FILE.read_text(encoding="utf-8"))}


# --- validation -----------------------------------------------------------------------------


def _is_text(value) -> bool:
    return isinstance(value, str) and "\x00" not in value


def _is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_date(value) -> bool:
    if not isinstance(value, str) or len(value) != 10:
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _in_picklist(field: dict, value) -> bool:
    if not isinstance(value, str):
        return False
    if field["values"]:
        return value in field["values"]
    standard = field["values_standard"]
    if standard == "ISO 3166":
        return codes.is_country(value)
    if standard == "ISO 639-2":
        return mapping.is_language_htcds(value)
    return _is_text(value)


def _not_listed(values) -> str:
    return _("Not a value of the standard's list: %(values)s") % {
        "values": ", ".join(map(str, values))
    }


def _value_problem(field: dict, value) -> str | None:
    kind = field["type"] or ""
    if kind.startswith("Multiselect"):
        if not isinstance(value, list) or not value:
            return _("A list of at least one value is expected.")
        if len(set(map(str, value))) != len(value):
            return _("A value is given twice.")
        bad = [v for v in value if not _in_picklist(field, v)]
        return _not_listed(bad) if bad else None
    if kind == "Picklist":
        return None if _in_picklist(field, value) else _not_listed([value])
    if kind == "Checkbox":
        return None if isinstance(value, bool) else _("true or false is expected.")
    if kind in ("Number", "Geolocation"):
        return None if _is_number(value) else _("A number is expected.")
    if kind == "Date":
        return None if _is_date(value) else _("A date YYYY-MM-DD is expected.")
    if field["values_standard"] == "ISO 3166":  # Text or "Picklist or Text" of a code list
        return None if _in_picklist(field, value) else _("Unknown country code (ISO 3166).")
    return None if _is_text(value) else _("Text is expected.")


def problems(doc) -> dict[str, list[str]]:
    """{field: [messages]} for a document that is not a valid HTCDS v2.0 case document."""
    if not isinstance(doc, dict):
        return {"document": [_("An HTCDS document is a JSON object.")]}
    known = fields()
    found: dict[str, list[str]] = {}
    for key, value in doc.items():
        field = known.get(key)
        if field is None:
            found[key] = [_("Not a field of HTCDS v2.0.")]
        elif field["status"] == "DEPRECATED":
            found[key] = [_("A deprecated field of HTCDS v2.0.")]
        elif (problem := _value_problem(field, value)) is not None:
            found[key] = [problem]
    for key in REQUIRED:
        if key not in doc:
            found[key] = [_("This field is required.")]
    return found


def validate(doc) -> list[str]:
    """Every problem of the document as "field: message"; empty when it is valid."""
    return [f"{key}: {message}" for key, found in problems(doc).items() for message in found]


# --- export ---------------------------------------------------------------------------------


def _decision_org(change: CaseStatusChange | None) -> str | None:
    if change is None:
        return None
    if change.reason_code in mapping.COURT_KINDS:
        return "CourtOrProsecution"
    if change.by_institution is None:
        return None
    return mapping.decision_org(profile_of(change.case), change.by_institution.type)


def _person(doc: dict, case: Case, shown) -> None:
    person = case.person
    for key, name in (
        ("prs_FirstName", "given_name"),
        ("prs_SecondName", "family_name"),
        ("prs_Birthdate", "date_of_birth"),
        ("prs_Email", "email"),
        ("prs_MobilePhone", "phone"),
        ("prs_MailingStreet", "address"),
    ):
        value = shown(person, name)
        if value:
            doc[key] = value
    doc["prs_Gender"] = mapping.GENDER[person.sex]
    if codes.is_country(person.citizenship):
        doc["prs_Citizenship"] = [person.citizenship]
    languages = [c for c in map(mapping.language_htcds, person.languages) if c]
    if languages:
        doc["prs_PrimaryLanguage"] = languages[0]
    if len(languages) > 1:
        doc["prs_SecondaryLanguage"] = languages[1]


def document(*, actor, case: Case) -> dict:
    """The HTCDS v2.0 document of a case the actor has opened (`services.case_open`: the
    read is in the access log). Fields of a class the actor may not see are left out."""
    shown = case_visibility(actor, case).value
    doc: dict = {}
    _person(doc, case, shown)
    status = mapping.STATUS.get(case.identification_status)
    if status:
        doc["vic_TraffickingStatus"] = status
        last = (
            case_history(actor=actor, case=case, newest_first=True)
            .filter(field=StatusField.IDENTIFICATION_STATUS, to_value=case.identification_status)
            .select_related("by_institution")
            .first()
        )
        org = _decision_org(last)
        if org:
            doc["vic_TraffickingStatusDecisionMakingOrg"] = org
    types = rules.htcds_exploitation(profile_of(case), case.exploitation_forms)
    if types:
        doc["vic_TypeOfExploitation"] = types
    screening = screening_latest(actor=actor, case=case)
    indicators = shown(screening, "indicators") if screening is not None else None
    if indicators:  # a child's indicators are of the class `child_protection`
        control = mapping.methods_of_control(profile_of(case), screening.catalogue, indicators)
        if control:
            doc["vic_MethodsOfControl"] = control
    doc["cas_Status"] = "Closed" if case.closed_at else "Active"
    owner = case.owner_institution
    doc["org_Name"] = owner.name
    kind = mapping.org_type(profile_of(case), owner.type)
    if kind:
        doc["org_Type"] = kind
    return doc


# --- import ---------------------------------------------------------------------------------

# Coded types: a value of a list, a yes/no or a number, which cannot name a person.
CODED_TYPES = ("Picklist", "Multiselect Picklist", "Checkbox", "Number")


def person_input(doc: dict) -> PersonInput:
    """The person of a valid document, as the registry's `case_create` takes it. Fields nrm
    has no place for (salutation, middle name, marital status, …) are not kept."""
    birth = doc.get("prs_Birthdate")
    citizenship = doc.get("prs_Citizenship") or [""]
    languages = [
        mapping.language_ours(doc[key])
        for key in ("prs_PrimaryLanguage", "prs_SecondaryLanguage")
        if key in doc
    ]
    return PersonInput(
        given_name=doc.get("prs_FirstName", ""),
        family_name=doc.get("prs_SecondName", ""),
        sex=mapping.SEX_OF_GENDER[doc["prs_Gender"]],
        date_of_birth=date.fromisoformat(birth) if birth else None,
        citizenship=citizenship[0],
        languages=[code for code in languages if code],
        phone=doc.get("prs_MobilePhone") or doc.get("prs_HomePhone", ""),
        email=doc.get("prs_Email", ""),
        address=doc.get("prs_MailingStreet", ""),
    )


def forms_of(profile, types: list[str]) -> list[str]:
    """The profile's forms of exploitation for HTCDS types: where several forms share a
    type, the last the profile lists (its catch-all, e.g. `other` for `Other`)."""
    by_type = {form.htcds: form.code for form in profile.exploitation_forms}
    return [by_type[t] for t in types if t in by_type]


def source_values(doc: dict) -> dict:
    """What the source said that nrm keeps as information only: every coded value outside
    the person's own fields (its trafficking status, who decided it, methods of control,
    its case status, …). Text, dates and places are not kept: they may name or locate."""
    known = fields()
    return {
        key: value
        for key, value in doc.items()
        if not key.startswith("prs_") and known[key]["type"] in CODED_TYPES
    }
