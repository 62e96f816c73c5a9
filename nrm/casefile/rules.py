"""The case file's rules, read from the profile's `casefile` and `sensitivity` blocks: which
classes a record of a case may have, the default one, who withdraws a document, the input
checks of a note. Pure functions of the profile, the case and the actor."""

from datetime import date

from django.utils.translation import gettext as _

from nrm.casefile.error_codes import CasefileError
from nrm.core import clock
from nrm.core.errors import ValidationFailed
from nrm.jurisdictions.schema import Casefile, Profile
from nrm.registry import rules as registry_rules
from nrm.registry.sensitivity import CLASSES, INVESTIGATION


class NoCasefile(ValidationFailed):
    code = CasefileError.NO_CASEFILE


def casefile_rules(profile: Profile) -> Casefile:
    if profile.casefile is None:
        raise NoCasefile({"__all__": [_("This procedure keeps no case notes or documents.")]})
    return profile.casefile


def applicable_classes(profile: Profile, case) -> list[str]:
    """The sensitivity classes a note or document of this case may have: those of the
    profile (child protection only on a child's case), or the code's own without the block."""
    if profile.sensitivity is None:
        return [c for c in CLASSES if c != INVESTIGATION]
    return [k.code for k in profile.sensitivity.classes if k.applies_to != "child" or case.is_child]


def writable_classes(profile: Profile, case, visible: frozenset[str]) -> list[str]:
    """The classes a writer may give a record: applicable to the case and seen by the writer
    (a writer may not file what they could not read back)."""
    return [c for c in applicable_classes(profile, case) if c in visible]


def default_class(rules: Casefile, kind) -> str:
    return (kind.sensitivity if kind is not None else "") or rules.default_sensitivity


def class_label(profile: Profile, code: str, language: str) -> str:
    if profile.sensitivity is not None:
        for klass in profile.sensitivity.classes:
            if klass.code == code:
                return klass.name.get(language)
    return code


def kind_label(kinds, code: str, language: str) -> str:
    for kind in kinds:
        if kind.code == code:
            return kind.name.get(language)
    return code


def note_errors(
    rules: Casefile, *, noted_on: date | None, kind: str, text: str, today: date | None = None
) -> dict[str, list[str]]:
    """Field errors of a note (empty when it may be written)."""
    errors: dict[str, list[str]] = {}
    if noted_on is None:
        errors["noted_on"] = [_("Give the date the note is about.")]
    elif noted_on > (today or clock.today()):
        errors["noted_on"] = [_("The date of a note cannot be in the future.")]
    if kind not in {k.code for k in rules.note_kinds}:
        errors["kind"] = [_("Choose the kind of note.")]
    if not text.strip():
        errors["text"] = [_("Write the note.")]
    elif len(text) > rules.note_max_chars:
        errors["text"] = [_("At most %(n)d characters.") % {"n": rules.note_max_chars}]
    return errors


def class_errors(sensitivity: str, allowed: list[str]) -> dict[str, list[str]]:
    if sensitivity not in allowed:
        return {"sensitivity": [_("Choose a sensitivity class you may see on this case.")]}
    return {}


def may_withdraw(rules: Casefile, *, actor, document) -> bool:
    """The uploader's institution, or one of the profile's `withdrawn_by`."""
    if actor.institution is None:
        return False
    if document.institution_id == actor.institution_id:
        return True
    return registry_rules.may_record(
        role=actor.role, institution_type=actor.institution.type, recorders=rules.withdrawn_by
    )


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB" if size >= 1024 * 1024 else f"{size // 1024} KB"
