"""Pure rules of initial identification: no database, each a function of its inputs and the
profile. Services call them; tests check them without a database."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from nrm.core.errors import ValidationFailed
from nrm.core.language import current_language
from nrm.jurisdictions.schema import (
    Applies,
    IndicatorCatalogue,
    InitialIdentification,
    Profile,
)
from nrm.registry import rules as registry_rules

POTENTIAL_VICTIM = "potential_victim"
NONE = "none"
# The identification procedure and the states stage A starts from and hands over to
# (docs/procedures.md; checked at start-up).
IDENTIFICATION = "identification"
INITIAL_STATE = "initial"
FORMAL_STATE = "formal"
DECISIONS = (POTENTIAL_VICTIM, NONE)


def stage_rules(profile: Profile) -> InitialIdentification:
    if profile.initial_identification is None:
        raise ValidationFailed(
            {"__all__": [_("This procedure has no initial identification rules.")]}
        )
    return profile.initial_identification


def catalogue_of(profile: Profile, code: str, version: int | None = None) -> IndicatorCatalogue:
    """A catalogue of the profile by code (and version); ValidationFailed when unknown."""
    for catalogue in profile.indicator_catalogues:
        if catalogue.code == code and (version is None or catalogue.version == version):
            return catalogue
    raise ValidationFailed({"catalogue": [_("Unknown indicator catalogue.")]})


def is_foreign(citizenship: str, *, profile: Profile) -> bool:
    """A citizenship other than the jurisdiction's own (`home_country`): a foreign national
    (stateless included, unknown not). About the passport only: the interpreter follows the
    languages (`needs_interpreter`)."""
    return registry_rules.is_foreign_national(citizenship, profile=profile)


def needs_interpreter(languages, *, profile: Profile) -> bool:
    """The person speaks none of the profile's `official_languages` (SOP S5, L615)."""
    return registry_rules.needs_interpreter(languages, profile=profile)


@dataclass(frozen=True)
class Person:
    """What the rules need to know of the person."""

    is_child: bool
    is_foreign: bool
    needs_interpreter: bool = False

    def matches(self, applies: Applies) -> bool:
        return (
            applies == "all"
            or (applies == "child" and self.is_child)
            or (applies == "adult" and not self.is_child)
            or (applies == "foreign" and self.is_foreign)
            or (applies == "interpreter" and self.needs_interpreter)
        )


def offered_groups(catalogue: IndicatorCatalogue, *, is_child: bool):
    """The catalogue's groups offered for this person: child groups only for a child (or a
    person presumed to be one), adult groups only for an adult."""
    person = Person(is_child=is_child, is_foreign=False)
    return [g for g in catalogue.groups if person.matches(g.applies_to)]


def clean_indicators(
    catalogue: IndicatorCatalogue, codes: Iterable[str], *, is_child: bool
) -> list[str]:
    """The observed codes, de-duplicated, in catalogue order. Unknown codes, and codes of a
    group not offered for this person, are refused."""
    known = catalogue.indicators()
    offered = {i.code for g in offered_groups(catalogue, is_child=is_child) for i in g.indicators}
    wanted = {str(c).strip().upper() for c in codes}
    unknown = sorted(c for c in wanted if c not in known)
    if unknown:
        raise ValidationFailed(
            {
                "indicators": [
                    _("Unknown indicator codes: %(codes)s") % {"codes": ", ".join(unknown)}
                ]
            }
        )
    not_offered = sorted(c for c in wanted if c not in offered)
    if not_offered:
        raise ValidationFailed(
            {
                "indicators": [
                    _("These indicators do not apply to this person: %(codes)s")
                    % {"codes": ", ".join(not_offered)}
                ]
            }
        )
    return [code for code in known if code in wanted]


def suggestion(count: int, threshold: int) -> str:
    """SOP S3: at least `threshold` elements make a reasonable suspicion (VMT)."""
    return POTENTIAL_VICTIM if count >= threshold else NONE


def decide(*, count: int, threshold: int, override: str | None, justification: str) -> tuple:
    """(suggestion, decision, overridden). A decision other than the suggestion needs a
    written justification; an "override" equal to the suggestion is no override."""
    suggested = suggestion(count, threshold)
    if override in (None, ""):
        return suggested, suggested, False
    if override not in DECISIONS:
        raise ValidationFailed({"override": [_("Choose potential victim or not reached.")]})
    if override == suggested:
        return suggested, suggested, False
    if not (justification or "").strip():
        raise ValidationFailed(
            {"justification": [_("Write why you decide otherwise than the indicators suggest.")]}
        )
    return suggested, override, True


def next_status(*, current: str, decision: str, initial_status: str) -> str | None:
    """The status a screening moves the case to, or None. A screening only ever raises a
    case from the initial status to potential victim; it never lowers a status, and never
    touches a status decided by formal identification."""
    if decision == POTENTIAL_VICTIM and current == initial_status:
        return POTENTIAL_VICTIM
    return None


def applicable(items, person: Person):
    """Checklist items (actions or needs) that apply to this person."""
    return [item for item in items if person.matches(item.applies_to)]


@dataclass(frozen=True)
class ParticipantRow:
    role: str
    signed: bool


def check_participant(stage: InitialIdentification, *, role: str, person: Person, suspected: bool):
    """Raises when this role may not take part in the interview of this person."""
    try:
        spec = stage.interview_role(role)
    except KeyError:
        raise ValidationFailed({"role": [_("Unknown role.")]}) from None
    if not person.matches(spec.applies_to):
        raise ValidationFailed({"role": [_("This role does not take part for this person.")]})
    if spec.excluded_if_suspected and suspected:
        raise ValidationFailed(
            {
                "role": [
                    _(
                        "A parent or guardian suspected of involvement in the trafficking may "
                        "not attend the interview."
                    )
                ]
            }
        )


def interview_problems(
    stage: InitialIdentification, *, participants: list[ParticipantRow], person: Person
) -> dict[str, list[str]]:
    """Why an interview cannot be recorded as held: a mandatory participant missing, or
    anyone present without a signed confidentiality declaration (A1)."""
    errors: dict[str, list[str]] = {}
    present = {p.role for p in participants}
    missing = [
        r
        for r in stage.interview_roles
        if any(person.matches(a) for a in r.mandatory_for) and r.code not in present
    ]
    if missing:
        errors["participants"] = [
            _("Missing participant: %(role)s") % {"role": r.name.get(current_language())}
            for r in missing
        ]
    unsigned = [p for p in participants if not p.signed]
    if unsigned:
        errors.setdefault("participants", []).append(
            _(
                "Every participant must sign the confidentiality declaration (A1) first: "
                "%(n)s not signed."
            )
            % {"n": len(unsigned)}
        )
    return errors


def group_types(stage: InitialIdentification, *, is_child: bool) -> tuple[str, ...]:
    """Institution types of the formal identification group for this person."""
    group = stage.formal_identification_group
    return group.child if is_child else group.adult
