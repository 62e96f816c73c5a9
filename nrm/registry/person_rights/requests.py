"""Who asked: the requesters the profile names, and the refusal of a parent or guardian
suspected of involvement (recorded, then raised)."""

from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nrm.audit.services import event_record
from nrm.core.errors import Forbidden, ValidationFailed
from nrm.jurisdictions import get_profile
from nrm.jurisdictions.schema import Profile, Requester
from nrm.registry import doors
from nrm.registry.audit_codes import RegistryCode
from nrm.registry.error_codes import RegistryError
from nrm.registry.models import (
    Case,
    Person,
)

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
    registry's statement: the `requester_refusals` door, which the consent registry keeps)."""
    return any(refused(person, requester) for refused in doors.requester_refusals)


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
            code=RegistryCode.PERSON_REQUEST_REFUSED,
            case_id=case.pk,
            target=case,
            data={"requester": requester.code, "declared": suspected},
        )
    raise Forbidden(
        _(
            "Refused: a parent or guardian suspected of involvement in the trafficking "
            "receives no information about the person and may not change their record."
        ),
        code=RegistryError.REQUESTER_SUSPECTED,
    )


def requesters(*, case: Case, language: str) -> list[tuple[str, str]]:
    rights = _profile(case).person_rights
    return [(r.code, r.name.get(language)) for r in rights.requesters] if rights else []


def default_jurisdiction_languages() -> tuple[str, ...]:
    return get_profile(settings.NRM_JURISDICTION).languages
