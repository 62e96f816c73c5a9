"""Changing a person's data after the case opened: the caseworker's correction
(`person_update`) and what every change of a person's data derives again, shared with the
AP's correction on request (person_rights/correction.py): the blind index(es) through
`services.person_fields`, and `is_child` on each of the person's cases (docs/person-rights.md)."""

from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nrm.accounts.capabilities import Capability
from nrm.audit.services import event_record
from nrm.core import clock
from nrm.core.errors import Conflict, Forbidden, ValidationFailed
from nrm.registry import name_tokens, rules, tallies
from nrm.registry.audit_codes import RegistryCode
from nrm.registry.models import Case, Person
from nrm.registry.rules import PersonInput
from nrm.registry.sensitivity import case_visibility
from nrm.registry.services import (
    _require_update,
    _version_check,
    case_event,
    person_fields,
    profile_of,
)

# What the caseworker may correct: every field of PersonInput.
EDITABLE = tuple(PersonInput.__dataclass_fields__)


def person_input(person: Person) -> PersonInput:
    """The person's stored data as the rules read it."""
    return PersonInput(
        given_name=person.given_name or "",
        family_name=person.family_name or "",
        sex=person.sex,
        date_of_birth=date.fromisoformat(person.date_of_birth) if person.date_of_birth else None,
        estimated_age=person.estimated_age,
        appears_to_be_child=person.appears_to_be_child,
        citizenship=person.citizenship,
        languages=list(person.languages or []),
        phone=person.phone or "",
        email=person.email or "",
        address=person.address or "",
    )


def person_rewrite(*, actor, person: Person, cleaned: PersonInput, now: datetime) -> list[int]:
    """Stores a validated person (locked by the caller) and derives again what follows from
    it: the full-name blind index (`person_fields`), the name tokens, and `is_child` of the
    person's cases. Returns the ids of the cases whose child flag changed."""
    fields = person_fields(cleaned)
    for name, value in fields.items():
        setattr(person, name, value)
    person.save(update_fields=list(fields))
    name_tokens.tokens_write(person)
    return rederive_child(actor=actor, person=person, now=now)


def rederive_child(*, actor, person: Person, now: datetime) -> list[int]:
    """`is_child` of each of the person's cases, as on the day it opened (the presumption
    of minority at identification); tallies follow. A case that becomes a child's starts
    the child clocks (`child_identified`); one that stops being a child's cancels them
    (`child_presumption_lifted`). Returns the ids of the cases that changed."""
    changed: list[int] = []
    data = person_input(person)
    for c in Case.objects.select_for_update().filter(person=person, anonymised_at__isnull=True):
        profile = profile_of(c)
        child = rules.is_child(data, profile=profile, today=timezone.localdate(c.created_at))
        if child == c.is_child:
            continue
        key = tallies.key_of(c)
        c.is_child = child
        c.version += 1
        c.updated_at = now
        c.save(update_fields=["is_child", "version", "updated_at"])
        tallies.tally_move(key, tallies.key_of(c))
        changed.append(c.pk)
        closing = profile.retention.closing_stage if profile.retention else None
        if c.stage != closing:
            # A child's clocks start, or stop when the person is found to be an adult.
            event = "child_identified" if child else "child_presumption_lifted"
            case_event(actor=actor, case=c, event=event, at=now)
    return changed


def may_update_person(*, actor, case: Case) -> bool:
    """The owning institution's members who may change cases (case.update): the worker who
    opened the case and their colleagues. Others who see the case (a referral, an
    assignment, the AP) do not rewrite who the person is; the AP has its correction on
    request (docs/person-rights.md)."""
    return actor.can(Capability.CASE_UPDATE) and (
        actor.institution_id is not None and actor.institution_id == case.owner_institution_id
    )


@transaction.atomic
def person_update(
    *, actor, case_id: int, changes: dict[str, Any], expected_version: int | None
) -> tuple[Case, list[str]]:
    """The caseworker's correction of the person's data: `changes` holds the fields to
    set (the others keep their value), checked as at case creation (`rules.validate_person`).
    The case first (NotFound), then case.update by the owning institution (Forbidden), then
    the version (Conflict) and the fields (ValidationFailed): nothing saved on any of them.
    One audit event naming the fields changed, never their values. Returns the case and
    the names of the fields changed (none: nothing is written)."""
    case = _require_update(actor, case_id)
    if not may_update_person(actor=actor, case=case):
        raise Forbidden(
            _("Only the institution that owns the case corrects the person's data here.")
        )
    _version_check(case, expected_version)
    if case.anonymised_at is not None:
        raise Conflict(_("This case has been anonymised: its person can no longer be corrected."))
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise ValidationFailed({f: [_("This field cannot be corrected here.")] for f in unknown})
    visibility = case_visibility(actor, case)
    hidden = [f for f in changes if visibility.hides("registry.Person", f)]
    if hidden:
        # What one may not read, one may not overwrite unseen.
        raise ValidationFailed({f: [_("You may not see this field.")] for f in hidden})
    person = Person.objects.select_for_update().get(pk=case.person_id)
    before = person_input(person)
    candidate = PersonInput(**{**before.__dict__, **changes})
    born = changes.get("date_of_birth")
    kept_estimate = changes.get("estimated_age", before.estimated_age) == before.estimated_age
    if born is not None and born != before.date_of_birth and kept_estimate:
        candidate.estimated_age = None  # a known date replaces the old estimate
    cleaned = rules.validate_person(candidate, profile=profile_of(case), today=clock.today())
    changed = [f for f in EDITABLE if getattr(before, f) != getattr(cleaned, f)]
    if not changed:
        return case, []
    now = clock.now()
    flipped = person_rewrite(actor=actor, person=person, cleaned=cleaned, now=now)
    case.refresh_from_db(fields=["is_child", "version"])
    case.version += 1
    case.updated_at = now
    case.save(update_fields=["version", "updated_at"])
    event_record(
        actor=actor,
        code=RegistryCode.PERSON_UPDATED,
        case_id=case.pk,
        target=case,
        data={"fields": changed, "is_child_changed": flipped},
    )
    return case, changed
