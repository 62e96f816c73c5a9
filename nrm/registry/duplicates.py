"""Possible existing records of a person, before a case opens (issue 13, item 6;
docs/duplicate-warning.md).

Likely the same person: sharing normalised name tokens (through their blind indexes, never
a name compared in clear), of a compatible sex, an age within the profile's tolerance and
the same citizenship when both are known. The opener is shown the matching cases whose
identity they may see; of the others only that they exist. Thresholds: the profile's
`duplicate_check` block.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count
from django.utils.translation import gettext as _

from nrm.core import clock, codes
from nrm.core.errors import ValidationFailed
from nrm.jurisdictions.schema import DuplicateCheck, Profile
from nrm.registry import rules
from nrm.registry.models import Case, Person, PersonNameToken
from nrm.registry.name_tokens import query_digests
from nrm.registry.rules import PersonInput
from nrm.registry.selectors import case_scope
from nrm.registry.sensitivity import name_search_cases

UNKNOWN_SEX = {"unknown", ""}
NO_CITIZENSHIP = {"", codes.UNKNOWN}


@dataclass(frozen=True)
class Duplicates:
    visible: list[Case] = field(default_factory=list)  # the opener may see them: listed
    hidden: list[Case] = field(default_factory=list)  # the opener may not: never shown

    def __bool__(self) -> bool:
        return bool(self.visible or self.hidden)

    def audit_data(self) -> dict:
        """Case ids only (no name, no reference of a hidden case is ever shown)."""
        return {
            "visible": [c.pk for c in self.visible],
            "hidden": [c.pk for c in self.hidden],
        }


class DuplicatesFound(ValidationFailed):
    """Possible existing records and no reason to open another case: nothing saved. The
    field errors list the references the caller may see, and only announce the others."""

    def __init__(self, found: Duplicates):
        listed = [c.reference for c in found.visible]
        if found.hidden:
            listed.append(hidden_notice())
        super().__init__(
            {
                "duplicate_reason": [
                    _(
                        "This person may already have a record. Give the reason for opening "
                        "another case, or stop."
                    )
                ],
                "duplicates": listed,
            }
        )
        self.found = found


def hidden_notice() -> str:
    return _(
        "A possible existing record held by another institution; the AP secretariat and the "
        "owner will be told."
    )


# --- the pure comparison --------------------------------------------------------------------


def age_now(*, born: date | None, estimated: int | None, estimated_on: date, today: date):
    """A person's age today: from the date of birth, else the estimate aged since it was
    made; None when neither is known."""
    if born is not None:
        return rules.age_on(born, today)
    if estimated is not None:
        return estimated + max(0, rules.age_on(estimated_on, today))
    return None


def compatible(new: PersonInput, other: Person, *, check: DuplicateCheck, today: date) -> bool:
    """Sex, age and citizenship do not tell the two apart (unknown values never do)."""
    if new.sex not in UNKNOWN_SEX and other.sex not in UNKNOWN_SEX and new.sex != other.sex:
        return False
    if (
        new.citizenship not in NO_CITIZENSHIP
        and other.citizenship not in NO_CITIZENSHIP
        and new.citizenship != other.citizenship
    ):
        return False
    mine = age_now(
        born=new.date_of_birth, estimated=new.estimated_age, estimated_on=today, today=today
    )
    theirs = age_now(
        born=date.fromisoformat(other.date_of_birth) if other.date_of_birth else None,
        estimated=other.estimated_age,
        estimated_on=other.created_at.date(),
        today=today,
    )
    return mine is None or theirs is None or abs(mine - theirs) <= check.age_tolerance_years


# --- the look-up ----------------------------------------------------------------------------


def duplicates_find(*, actor, person: PersonInput, profile: Profile) -> Duplicates:
    """The open or closed, not anonymised cases of persons likely the same as `person` (a
    validated input), split by what the actor may see."""
    check = profile.duplicate_check
    groups = query_digests(f"{person.given_name} {person.family_name}")
    if check is None or not groups:
        return Duplicates()
    need = min(check.min_shared_tokens, len(groups))
    digests = sorted(set().union(*groups))
    # One row per (person, token digest), under one key per person: a count of rows is a
    # count of shared tokens.
    person_ids = list(
        PersonNameToken.objects.filter(digest__in=digests)
        .values("person_id")
        .annotate(shared=Count("id"))
        .filter(shared__gte=need)
        .order_by("-shared", "-person_id")
        .values_list("person_id", flat=True)[: check.max_candidates]
    )
    if not person_ids:
        return Duplicates()
    today = clock.today()
    persons = Person.objects.filter(pk__in=person_ids, anonymised_at__isnull=True).only(
        "pk", "sex", "citizenship", "date_of_birth", "estimated_age", "created_at"
    )
    alike = [p.pk for p in persons if compatible(person, p, check=check, today=today)]
    if not alike:
        return Duplicates()
    cases = list(
        Case.objects.filter(person_id__in=alike, anonymised_at__isnull=True)
        .select_related("owner_institution")
        .order_by("-created_at", "-id")
    )
    # Listed only where the actor sees the case and its identity (the same rule as a search
    # by name): anything else would tell who holds a record of this person.
    seen = case_scope(actor=actor).filter(pk__in=[c.pk for c in cases])
    identity = name_search_cases(actor)
    seen_ids = (
        set() if identity is None else set(seen.filter(identity).values_list("pk", flat=True))
    )
    return Duplicates(
        visible=[c for c in cases if c.pk in seen_ids],
        hidden=[c for c in cases if c.pk not in seen_ids],
    )
