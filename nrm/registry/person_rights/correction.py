"""The correction of a person's data on request (the service and its reads)."""

from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from nrm.accounts.capabilities import Capability
from nrm.audit.services import event_record
from nrm.core import clock
from nrm.core.errors import Conflict, Forbidden, ValidationFailed
from nrm.jurisdictions.schema import Requester
from nrm.registry import rules
from nrm.registry.audit_codes import RegistryCode
from nrm.registry.models import (
    Case,
    Person,
    PersonCorrection,
)
from nrm.registry.person_data import person_input as _input_of
from nrm.registry.person_data import person_rewrite
from nrm.registry.person_rights.requests import (
    CORRECTABLE,
    _profile,
    _refuse_if_suspected,
    _requester,
)
from nrm.registry.person_rights.values import _parse, _shown
from nrm.registry.rules import PersonInput
from nrm.registry.selectors import case_get, case_in_scope
from nrm.registry.services import _version_check


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
    creation (`rules.validate_person`); refreshes the blind indexes (full name and tokens);
    re-derives `is_child` (and the tallies) on the person's cases when the age changes;
    bumps the case version (a stale `expected_version` → Conflict, 409). Bad input:
    ValidationFailed, nothing saved.
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
    # The blind index(es) and the child flag, derived again as for the caseworker's.
    flipped = person_rewrite(actor=actor, person=person, cleaned=cleaned, now=now)
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
        code=RegistryCode.PERSON_CORRECTED,
        case_id=case.pk,
        target=correction,
        data={"field": field, "requested_by": requester.code, "is_child_changed": flipped},
    )
    return correction


def correction_list(*, actor, case: Case) -> QuerySet[PersonCorrection]:
    """`case` comes from case_get / case_open."""
    case = case_in_scope(actor=actor, case=case)
    return case.corrections.select_related("decided_by", "institution").order_by(
        "-decided_at", "-id"
    )
