"""Pure rules of the registry: child presumption, transitions, person input checks.

No database here: each is a function of its inputs and the profile.
"""

from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from nrm.core import codes
from nrm.core.errors import IllegalTransition, ValidationFailed
from nrm.jurisdictions.schema import Profile


@dataclass
class PersonInput:
    given_name: str = ""
    family_name: str = ""
    sex: str = "unknown"
    date_of_birth: date | None = None
    estimated_age: int | None = None
    appears_to_be_child: bool = False
    citizenship: str = ""
    languages: list[str] = field(default_factory=list)
    phone: str = ""
    email: str = ""
    address: str = ""


SEXES = ("female", "male", "other", "unknown")


def age_on(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def is_child(person: PersonInput, *, profile: Profile, today: date) -> bool:
    """SOP "Fëmijë": under the age of majority, or of uncertain age with reason to believe so."""
    if person.date_of_birth is not None:
        return age_on(person.date_of_birth, today) < profile.age_of_majority
    if person.appears_to_be_child:
        return True
    return person.estimated_age is not None and person.estimated_age < profile.age_of_majority


# Characters that change how a name is shown without being part of it: bidirectional
# controls (a name that reads backwards, or hides what follows) and zero-width characters
# (two names that look alike but differ, dodging the name look-up). Stripped from names.
INVISIBLE = dict.fromkeys(
    [
        *(0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)),  # bidi
        *(0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF),  # zero-width
    ]
)
LANGUAGES_MAX = 20


def clean_name(value: str) -> str:
    """A name without bidi or zero-width characters, its spaces collapsed."""
    return " ".join((value or "").translate(INVISIBLE).split())


def validate_person(person: PersonInput, *, profile: Profile, today: date) -> PersonInput:
    """Raises ValidationFailed with every field error at once; returns a cleaned copy."""
    errors: dict[str, list[str]] = {}
    given = clean_name(person.given_name)
    family = clean_name(person.family_name)
    if not given and not family:
        errors["given_name"] = [_("Enter a given name or a family name (a known alias will do).")]
    for key, value in (("given_name", given), ("family_name", family)):
        if len(value) > 100:
            errors.setdefault(key, []).append(_("At most 100 characters."))
    if person.sex not in SEXES:
        errors["sex"] = [_("Choose female, male, other or unknown.")]
    if person.date_of_birth is not None:
        if person.date_of_birth > today:
            errors["date_of_birth"] = [_("The date of birth cannot be in the future.")]
        elif age_on(person.date_of_birth, today) > profile.max_age:
            errors["date_of_birth"] = [_("The date of birth is too far in the past.")]
    if person.estimated_age is not None and not 0 <= person.estimated_age <= profile.max_age:
        errors["estimated_age"] = [
            _("The estimated age must be between 0 and %(max)s.") % {"max": profile.max_age}
        ]
    citizenship = (person.citizenship or "").upper()
    if citizenship and not codes.is_citizenship(citizenship):
        errors["citizenship"] = [_("Unknown country code (ISO 3166-1 alpha-2).")]
    languages = [lang.lower() for lang in person.languages or []]
    if len(languages) > LANGUAGES_MAX:
        errors["languages"] = [_("At most %(n)d languages.") % {"n": LANGUAGES_MAX}]
        languages = []
    bad = [lang for lang in languages if not codes.is_language(lang)]
    if bad:
        errors["languages"] = [
            _("Unknown language code (ISO 639-1): %(codes)s") % {"codes": ", ".join(bad)}
        ]
    if errors:
        raise ValidationFailed(errors)
    return PersonInput(
        given_name=given,
        family_name=family,
        sex=person.sex,
        date_of_birth=person.date_of_birth,
        estimated_age=person.estimated_age,
        appears_to_be_child=person.appears_to_be_child,
        citizenship=citizenship,
        languages=sorted(set(languages), key=languages.index),
        phone=(person.phone or "").strip(),
        email=(person.email or "").strip(),
        address=(person.address or "").strip(),
    )


def needs_interpreter(languages, *, profile: Profile) -> bool:
    """The person speaks none of the jurisdiction's official languages (the profile's
    `official_languages`), as far as nrm knows: the official interpreter is called (S5,
    L615). It follows the languages, never the citizenship: a Kosovar who speaks Albanian
    needs none. Unknown languages, or a profile without official languages: no."""
    official = set(profile.official_languages)
    spoken = {str(lang).lower() for lang in languages or ()}
    return bool(official) and bool(spoken) and not spoken & official


def is_foreign_national(citizenship: str, *, profile: Profile) -> bool:
    """A citizenship other than the jurisdiction's own (`home_country`): a foreign national
    (residence permit, return). A stateless person is one; an unknown citizenship is not
    known to be."""
    home = profile.home_country or profile.code
    code = (citizenship or "").upper()
    return bool(code) and code != codes.UNKNOWN and code != home


def _named(label, code: str, profile: Profile) -> str:
    language = (get_language() or profile.default_language)[:2]
    try:
        return label(code).name.get(language)
    except KeyError:
        return code


def check_transition(profile: Profile, *, field: str, from_value: str, to_value: str) -> None:
    """The one guard for identification status moves: raises on a move the profile does not
    allow. (Stages are not moved: they follow the procedures, `summary_stage`.)"""
    if field != "identification_status":
        raise ValueError(field)
    if to_value not in profile.status_transitions.get(from_value, ()):
        raise IllegalTransition(
            _("The identification status cannot change from “%(old)s” to “%(new)s”.")
            % {
                "old": _named(profile.status, from_value, profile),
                "new": _named(profile.status, to_value, profile),
            }
        )


# --- procedures (docs/procedures.md) --------------------------------------------------------


def is_closed(profile: Profile, stage: str) -> bool:
    """Whether a case in `stage` is closed (the profile's closing stage)."""
    return profile.case_closure is not None and stage == profile.case_closure.stage


def state_stage(profile: Profile, code: str, state: str) -> str | None:
    """The stage a case shows while procedure `code` is in `state` (None: no stage)."""
    try:
        return profile.procedure(code).state(state).stage
    except KeyError:
        return None


def summary_stage(profile: Profile, procedures, *, closed: bool) -> str:
    """The case's stage from its procedures, `(code, state, open)` each: the closing stage
    when the case is closed; else the latest stage, in the profile's `stages` order, of the
    open procedures; when none is open (or none of them shows a stage), of those that ran;
    the initial stage when there are none."""
    if closed and profile.case_closure is not None:
        return profile.case_closure.stage
    order = {s.code: i for i, s in enumerate(profile.stages)}
    runs = list(procedures)
    for pick in (lambda is_open: is_open, lambda is_open: True):
        stages = [
            stage
            for code, state, is_open in runs
            if pick(is_open) and (stage := state_stage(profile, code, state)) in order
        ]
        if stages:
            return max(stages, key=order.__getitem__)
    return profile.initial_stage


def check_procedure_open(profile: Profile, *, code: str, state: str | None, running) -> str:
    """Opening procedure `code` (in `state`, or its initial state) beside the `running`
    ones: returns the state; raises when the profile has no such procedure or state, it is
    already running, or a running one excludes it."""
    try:
        procedure = profile.procedure(code)
    except KeyError:
        raise ValidationFailed({"procedure": [_("Choose a procedure.")]}) from None
    state = state or procedure.initial
    try:
        opening = procedure.state(state)
    except KeyError:
        raise ValidationFailed({"state": [_("Choose a state of this procedure.")]}) from None
    if opening.final:
        raise IllegalTransition(_("A procedure cannot start in a final state."))
    running = set(running)
    if code in running:
        raise IllegalTransition(
            _("The procedure “%(name)s” is already under way on this case.")
            % {"name": _named(profile.procedure, code, profile)}
        )
    clash = sorted(running & set(procedure.excludes))
    if clash:
        raise IllegalTransition(
            _("The procedure “%(name)s” cannot run beside “%(other)s”.")
            % {
                "name": _named(profile.procedure, code, profile),
                "other": _named(profile.procedure, clash[0], profile),
            }
        )
    return state


def check_procedure_move(profile: Profile, *, code: str, from_state: str, to_state: str) -> bool:
    """A move of a running procedure along its `transitions`; returns whether the new state
    is final (the procedure then ends)."""
    procedure = profile.procedure(code)
    if not procedure.allows(from_state, to_state):
        raise IllegalTransition(
            _("The procedure “%(name)s” cannot move from “%(old)s” to “%(new)s”.")
            % {
                "name": _named(profile.procedure, code, profile),
                "old": _named(procedure.state, from_state, profile),
                "new": _named(procedure.state, to_state, profile),
            }
        )
    return procedure.state(to_state).final


def not_running(profile: Profile, code: str) -> Exception:
    """The error for a move of procedure `code` that is not under way on the case."""
    try:
        profile.procedure(code)
    except KeyError:
        return ValidationFailed({"procedure": [_("Choose a procedure.")]})
    return IllegalTransition(
        _("The procedure “%(name)s” is not under way on this case.")
        % {"name": _named(profile.procedure, code, profile)}
    )


def may_record(*, role: str | None, institution_type: str | None, recorders) -> bool:
    """Whether a member with `role` at an institution of `institution_type` is one of the
    profile's `recorders` (status authorities, closure, stage corrections)."""
    return any(
        role in r.roles and (not r.institution_types or institution_type in r.institution_types)
        for r in recorders
    )


def check_status_decision(profile: Profile, *, kind, from_value: str, to_value: str) -> None:
    """The guard of status decisions: the move must be one this kind of act may make."""
    if to_value not in {s.code for s in profile.identification_statuses} or not kind.allows(
        from_value, to_value
    ):
        raise IllegalTransition(
            _(
                "The act “%(kind)s” cannot change the identification status "
                "from “%(old)s” to “%(new)s”."
            )
            % {
                "kind": _named(profile.status_authority, kind.code, profile),
                "old": _named(profile.status, from_value, profile),
                "new": _named(profile.status, to_value, profile),
            }
        )


def htcds_exploitation(profile, codes: list[str]) -> list[str]:
    """HTCDS v2.0 `vic_TypeOfExploitation` values of the case's forms of exploitation, each
    once (forced criminality and other forms the standard lacks are "Other")."""
    values = []
    for form in profile.exploitation_forms:
        if form.code in codes and form.htcds not in values:
            values.append(form.htcds)
    return values
