"""Pure rules of the consent registry: no database, each a function of its inputs and the
profile's `consent` block. Services and selectors call them; tests check them alone."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.utils.translation import gettext as _

from nrm.core.errors import ValidationFailed
from nrm.jurisdictions.schema import ConsentGiverRule, ConsentPurpose, ConsentRules, Profile

# The purposes the code checks (the profile must define them: nrm.E030).
SERVICES = "services"
SHARING = "sharing"
TRANSFER_ABROAD = "transfer_abroad"
STATISTICS = "statistics"


def rules_of(profile: Profile) -> ConsentRules:
    if profile.consent is None:
        raise ValidationFailed({"__all__": [_("This procedure has no consent rules.")]})
    return profile.consent


def purpose_of(rules: ConsentRules, code: str) -> ConsentPurpose:
    try:
        return rules.purpose(code)
    except KeyError:
        raise ValidationFailed({"purpose": [_("Choose the purpose of the consent.")]}) from None


@dataclass(frozen=True)
class Input:
    """What a record says, before it is saved (institution by id, country as ISO code)."""

    purpose: str
    given: bool
    given_by: str
    signed_on: date | None
    form: str = ""
    institution_id: int | None = None
    country: str = ""
    # The A2 of a child: the child's own view (a ChildView value) and its words or why the
    # child was not asked; and why a giver signs in place of the parents (ActsBecause).
    child_view: str = ""
    child_view_note: str = ""
    acts_because: str = ""


CHILD_VIEWS = ("agrees", "disagrees", "could_not_express", "not_asked")
NOT_ASKED = "not_asked"
ACTS_BECAUSE = ("absent", "suspected")


def check_record(
    rules: ConsentRules,
    record: Input,
    *,
    is_child: bool,
    suspected: Iterable[str],
    today: date,
) -> None:
    """Every reason the record may not be saved, at once, as field errors."""
    errors: dict[str, list[str]] = {}
    try:
        purpose = rules.purpose(record.purpose)
    except KeyError:
        raise ValidationFailed({"purpose": [_("Choose the purpose of the consent.")]}) from None
    if purpose.per == "institution":
        if record.given and record.institution_id is None:
            errors["institution"] = [_("Name the institution the data may be shared with.")]
    elif record.institution_id is not None:
        errors["institution"] = [_("This purpose is not given per institution.")]
    if purpose.per == "country":
        if record.given and not record.country:
            errors["country"] = [_("Name the country the data may be transferred to.")]
    elif record.country:
        errors["country"] = [_("This purpose is not given per country.")]
    if record.signed_on is None or record.signed_on > today:
        errors["signed_on"] = [_("Enter the date of signature (not in future).")]
    form = None
    if record.form:
        try:
            form = rules.form(record.form)
        except KeyError:
            errors["form"] = [_("Unknown form.")]
        else:
            if form.purposes and record.purpose not in form.purposes:
                errors["form"] = [_("This form is not for this purpose.")]
    suspected = set(suspected)
    giver_error = giver_problem(
        rules,
        giver=record.given_by,
        purpose=record.purpose,
        form=record.form,
        is_child=is_child,
        suspected=suspected,
    )
    if giver_error:
        errors["given_by"] = [giver_error]
    else:
        errors.update(_acting_problems(rules, record, suspected))
    errors.update(child_view_problems(rules, record, is_child=is_child))
    if errors:
        raise ValidationFailed(errors)


def _acting_problems(rules: ConsentRules, record: Input, suspected: set[str]) -> dict:
    """A giver who acts in place of the parents (`instead_of`) says why: no parent or
    guardian is there (an unaccompanied child), or they are suspected of involvement — which
    the registry must know. Any other giver says nothing of the kind."""
    rule = rules.giver(record.given_by)
    if not rule.instead_of:
        if record.acts_because:
            return {"acts_because": [_("Only a representative acting for the parents says why.")]}
        return {}
    if record.acts_because not in ACTS_BECAUSE:
        return {
            "acts_because": [
                _("Say why the parents do not sign: they are absent or suspected of involvement.")
            ]
        }
    if record.acts_because == "suspected" and not set(rule.instead_of) & suspected:
        return {
            "acts_because": [
                _(
                    "No parent or guardian of this case is recorded as suspected of involvement: "
                    "record the suspicion first, or say that they are absent."
                )
            ]
        }
    return {}


def child_view_problems(rules: ConsentRules, record: Input, *, is_child: bool) -> dict:
    """The A2 (on its form) of a child records the child's own view when the profile asks
    for it (`a2_child_view`); "not asked" needs the reason. Other records carry none."""
    wanted = (
        is_child
        and rules.a2_child_view
        and record.purpose == rules.a2_purpose
        and record.form == rules.a2_form
    )
    if not wanted:
        if record.child_view or record.child_view_note.strip():
            return {"child_view": [_("A child's view is recorded only on a child's A2.")]}
        return {}
    if record.child_view not in CHILD_VIEWS:
        return {
            "child_view": [
                _(
                    "Record the child's own view: agrees, disagrees, could not express one, "
                    "or not asked."
                )
            ]
        }
    if record.child_view == NOT_ASKED and not record.child_view_note.strip():
        return {"child_view_note": [_("Say why the child was not asked.")]}
    return {}


def giver_problem(
    rules: ConsentRules,
    *,
    giver: str,
    purpose: str,
    form: str,
    is_child: bool,
    suspected: Iterable[str],
) -> str | None:
    """Why this giver may not give (or withdraw) this consent, or None. The rules come from
    the profile: for whom a giver speaks, for which purposes, on which forms, and that a
    parent or guardian suspected of involvement never does."""
    try:
        rule = rules.giver(giver)
    except KeyError:
        return _("Choose who gives the consent.")
    if rule.applies_to == "child" and not is_child:
        return _("An adult gives consent themselves.")
    if rule.applies_to == "adult" and is_child:
        return _(
            "For a child, consent is given by a parent, the legal guardian or a representative."
        )
    if rule.purposes and purpose not in rule.purposes:
        return _("This person may not give consent for this purpose.")
    if rule.forms and form not in rule.forms:
        names = ", ".join(f.number or f.code for f in rules.forms if f.code in rule.forms)
        return _("This person may give consent only on the form: %(forms)s.") % {"forms": names}
    if rule.excluded_if_suspected and giver in set(suspected):
        return _(
            "A parent or guardian suspected of involvement in the trafficking may not give or "
            "withdraw consent, and receives no information about the case."
        )
    return None


def givers_for(
    rules: ConsentRules, *, purpose: str, form: str, is_child: bool | None
) -> list[ConsentGiverRule]:
    """The givers who may give this consent on this form (for a child, an adult, or either
    when `is_child` is None), a suspicion aside: the choices of a form such as A2."""
    kinds = (True, False) if is_child is None else (is_child,)
    return [
        g
        for g in rules.givers
        if any(
            giver_problem(
                rules, giver=g.code, purpose=purpose, form=form, is_child=kind, suspected=()
            )
            is None
            for kind in kinds
        )
    ]


def a2(rules: ConsentRules) -> tuple[str, str]:
    """(purpose, form) of the A2 consent to the formal identification interview."""
    if rules.a2_purpose is None or rules.a2_form is None:
        raise ValidationFailed({"__all__": [_("This procedure has no A2 consent.")]})
    return rules.a2_purpose, rules.a2_form


@dataclass(frozen=True)
class Row:
    """What the rules need of a saved record."""

    id: int
    purpose: str
    given: bool
    given_by: str
    institution_id: int | None
    country: str
    recorded_at: datetime


def concerns(row: Row, *, purpose: str, institution_id: int | None, country: str) -> bool:
    """Whether a record decides about this use: the same purpose and the same institution or
    country, or a record for the purpose as a whole (no institution, no country)."""
    if row.purpose != purpose:
        return False
    general = row.institution_id is None and not row.country
    return general or (row.institution_id == institution_id and row.country == country)


def deciding(
    rows: Iterable[Row], *, purpose: str, institution_id: int | None = None, country: str = ""
) -> Row | None:
    """The newest record that concerns this use: it is the one in force."""
    relevant = [
        r
        for r in rows
        if concerns(r, purpose=purpose, institution_id=institution_id, country=country)
    ]
    if not relevant:
        return None
    return max(relevant, key=lambda r: (r.recorded_at, r.id))


def allows(
    purpose: ConsentPurpose, row: Row | None, *, suspected: Iterable[str], excluded: Iterable[str]
) -> bool:
    """Whether the use is allowed: by the record in force, else by the purpose's default. A
    consent given by a parent or guardian suspected since then does not count."""
    if row is None:
        return purpose.default == "unless_withdrawn"
    if not row.given:
        return False
    return not (row.given_by in set(excluded) and row.given_by in set(suspected))


def in_force(rows: Iterable[Row]) -> list[Row]:
    """The newest record per purpose and institution or country, newest first."""
    newest: dict[tuple, Row] = {}
    for r in rows:
        key = (r.purpose, r.institution_id, r.country)
        if key not in newest or (r.recorded_at, r.id) > (newest[key].recorded_at, newest[key].id):
            newest[key] = r
    return sorted(newest.values(), key=lambda r: (r.recorded_at, r.id), reverse=True)


def suspected_givers(
    *,
    excluded: Iterable[str],
    interview_flags: Iterable[datetime],
    statements: Iterable[tuple[str, bool, datetime]],
) -> set[str]:
    """Givers suspected of involvement now. The newest statement about each giver counts: an
    initial interview flagged "parent or guardian suspected" speaks of every excluded giver;
    a statement recorded in the registry (giver, suspected, when) of one, and wins a tie."""
    excluded = list(excluded)
    newest: dict[str, tuple[datetime, int, bool]] = {}

    def keep(giver: str, at: datetime, rank: int, suspected: bool) -> None:
        if giver not in newest or (at, rank) >= newest[giver][:2]:
            newest[giver] = (at, rank, suspected)

    for at in interview_flags:
        for giver in excluded:
            keep(giver, at, 0, True)
    for giver, suspected, at in statements:
        if giver in excluded:
            keep(giver, at, 1, suspected)
    return {g for g, (_at, _rank, suspected) in newest.items() if suspected}
