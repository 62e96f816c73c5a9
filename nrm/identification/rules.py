"""Pure rules of formal identification: no database, each a function of its inputs and the
profile's `formal_identification` block. Services call them; tests check them alone."""

from dataclasses import dataclass
from datetime import date, datetime

from django.utils.translation import gettext as _

from nrm.core.errors import ValidationFailed
from nrm.core.language import current_language
from nrm.jurisdictions.schema import FormalIdentification, Profile
from nrm.screening.rules import Person

# Procedure states of the identification procedure (the profile's `procedures` block).
PROCEDURE = "identification"
INITIAL, FORMAL, AT_AP, DECIDED = "initial", "formal", "at_ap", "decided"
# Codes of the profile this code names (checked at start-up: contributions.required_codes).
SYSTEM_CHECKS = (
    "request_made",
    "consent_in_force",
    "certificate",
    "interpreter_declaration",
    "no_repeat_child_interview",
)
CONDITIONS = ("before_complaint", "child_friendly_room")
ROLES = ("police_officer", "counsel", "interpreter")
OUTCOMES = ("victim", "potential_victim", "not_recognised")
DOCUMENTS = ("b1", "b2", "b3")
GROUP_KIND = "group_decision"  # status_authorities: the group's B3
GROUP_PATH = "group"  # its `path`: the registry's decision_paths entry this app answers
AP_KIND = "ap_decision"  # status_authorities: the AP's binding decision (minutes)


def stage_rules(profile: Profile) -> FormalIdentification:
    if profile.formal_identification is None:
        raise ValidationFailed(
            {"__all__": [_("This procedure has no formal identification rules.")]}
        )
    return profile.formal_identification


def form_for(*, is_child: bool) -> str:
    return "B1" if is_child else "B2"


def max_minutes(stage: FormalIdentification, *, is_child: bool) -> int:
    return stage.max_minutes.child if is_child else stage.max_minutes.adult


def needs_assessor(stage: FormalIdentification, *, is_child: bool) -> str:
    return stage.needs_assessment_by.child if is_child else stage.needs_assessment_by.adult


def _name(item) -> str:
    return item.name.get(current_language())


def check_participant(
    stage: FormalIdentification,
    *,
    role: str,
    person: Person,
    suspected: bool,
    requested_by_person: bool,
) -> None:
    """Raises when this role may not take part in this person's formal interview: unknown,
    not for this person, a parent or guardian suspected of involvement, or a third person
    (case manager, case worker, parent) the person did not ask for (L737–741)."""
    try:
        spec = stage.participant_role(role)
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
    if spec.at_person_request and not requested_by_person:
        raise ValidationFailed(
            {
                "requested_by_person": [
                    _(
                        "%(role)s is present only when the person asks for it (and never "
                        "leads the interview)."
                    )
                    % {"role": _name(spec)}
                ]
            }
        )


@dataclass(frozen=True)
class ParticipantRow:
    role: str
    signed: bool


@dataclass(frozen=True)
class StartFacts:
    """What nrm knows of the case when the interview is to start (the system checks)."""

    request_made: bool
    consent_in_force: bool
    certificate: bool
    earlier_formal_interview: bool  # the person was already interviewed formally


def start_problems(
    stage: FormalIdentification,
    *,
    person: Person,
    facts: StartFacts,
    participants: list[ParticipantRow],
    conditions: list[str],
    rights: list[str],
) -> dict[str, list[str]]:
    """Why the formal interview may not start (SOP S6, L745–797): the system's checks, the
    mandatory participants with their A1, the required conditions confirmed and every right
    of the person explained. Empty when it may."""
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if not facts.request_made:
        add("__all__", _("No request for formal identification was made for this case."))
    if not facts.consent_in_force:
        add("consent", _("The consent to the formal interview (A2) is not in force."))
    if not facts.certificate:
        add("certificate", _("The person has no certificate of initial identification."))
    if person.is_child and facts.earlier_formal_interview:
        add(
            "__all__",
            _(
                "A child is not interviewed twice about the same facts: a formal interview "
                "was held."
            ),
        )
    present = {p.role for p in participants}
    for role in stage.participant_roles:
        if any(person.matches(a) for a in role.mandatory_for) and role.code not in present:
            add("participants", _("Missing participant: %(role)s") % {"role": _name(role)})
    roles = {r.code: r for r in stage.participant_roles}
    unsigned = [
        p
        for p in participants
        if not p.signed and (roles[p.role].signs_declaration if p.role in roles else True)
    ]
    if unsigned:
        add(
            "participants",
            _(
                "The interpreter and every third person sign the confidentiality declaration "
                "(A1) first: %(n)s not signed."
            )
            % {"n": len(unsigned)},
        )
    known = {c.code for c in stage.conditions}
    for code in conditions:
        if code not in known:
            add("conditions", _("Unknown condition."))
            break
    for condition in stage.conditions:
        required = condition.required and person.matches(condition.applies_to)
        if required and condition.code not in conditions:
            add("conditions", _("Confirm: %(condition)s") % {"condition": _name(condition)})
    known_rights = {r.code for r in stage.rights}
    if any(code not in known_rights for code in rights):
        add("rights", _("Unknown right."))
    missing = [r for r in stage.rights if r.code not in rights]
    if missing:
        add(
            "rights",
            _("Explain every right of the person first: %(n)s not ticked.") % {"n": len(missing)},
        )
    return errors


def duration_minutes(started: datetime, ended: datetime) -> int:
    """Whole minutes, rounded up: 60 min 20 s is 61 minutes, over a 60-minute maximum."""
    seconds = (ended - started).total_seconds()
    return int(-(-seconds // 60))


def end_problems(
    *,
    started: datetime,
    ended: datetime,
    now: datetime,
    maximum: int,
    exceedance_reason: str,
    interruptions: int,
    interruption_note: str,
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if ended < started:
        errors["ended_at"] = [_("The interview cannot end before it started.")]
    elif ended > now:
        errors["ended_at"] = [_("Not in the future.")]
    elif duration_minutes(started, ended) > maximum and not (exceedance_reason or "").strip():
        errors["exceedance_reason"] = [
            _("The interview lasted longer than %(n)s minutes: say why.") % {"n": maximum}
        ]
    if interruptions < 0 or interruptions > 50:
        errors["interruptions"] = [_("Give the number of interruptions.")]
    elif interruptions and not (interruption_note or "").strip():
        errors["interruption_note"] = [_("Say why the interview was interrupted.")]
    return errors


def decision_problems(
    stage: FormalIdentification,
    *,
    outcome: str | None,
    consensus: bool,
    decided_on: date | None,
    notified_on: date | None,
    reasoning: str,
    today: date,
    opened_on: date,
) -> dict[str, list[str]]:
    """B3: with consensus, one of the profile's outcomes; without, no outcome (the AP
    decides). A decision day not before the group's work began and not in the future; the
    notice not before the decision and not in the future; a written reasoning."""
    errors: dict[str, list[str]] = {}
    known = {o.code for o in stage.outcomes}
    if consensus is not True and consensus is not False:
        errors["consensus"] = [_("Say whether the group agreed.")]
    elif consensus and outcome not in known:
        errors["outcome"] = [_("Choose the outcome the group agreed on.")]
    elif not consensus and outcome is not None and outcome not in known:
        errors["outcome"] = [_("Unknown outcome.")]
    if decided_on is None:
        errors["decided_on"] = [_("Enter the day of the decision.")]
    elif decided_on > today:
        errors["decided_on"] = [_("Not in the future.")]
    elif decided_on < opened_on:
        errors["decided_on"] = [_("Not before formal identification began.")]
    if notified_on is not None:
        if not consensus:
            errors["notified_on"] = [
                _("Without consensus there is no decision to notify: the AP decides.")
            ]
        elif notified_on > today:
            errors["notified_on"] = [_("Not in the future.")]
        elif decided_on is not None and notified_on < decided_on:
            errors["notified_on"] = [_("Not before the decision.")]
    if not (reasoning or "").strip():
        errors["reasoning"] = [_("Write the reasoning of the decision.")]
    elif len(reasoning) > 20_000:
        errors["reasoning"] = [_("At most 20,000 characters.")]
    return errors


def status_to(*, current: str, outcome: str | None) -> str | None:
    """The status a decision moves the case to, or None when it stays (no consensus, or the
    outcome is the status the case already has: a potential victim confirmed as one)."""
    if outcome is None or outcome == current:
        return None
    return outcome
