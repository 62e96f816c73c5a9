"""Helpers of the screening services: reaching a case to change it, telling the deadline
engine, the checklist row. No service of its own."""

from django.utils.translation import gettext as _

from nrm.accounts.capabilities import Capability
from nrm.core import clock
from nrm.core.errors import Forbidden, ValidationFailed
from nrm.deadlines.services import event_emit
from nrm.registry.models import Case
from nrm.registry.selectors import case_get
from nrm.screening import rules
from nrm.screening.models import ChecklistEntry
from nrm.screening.selectors import in_initial_identification

FORMAL_IDENTIFICATION = "formal_identification"  # the stage code fixed by DESIGN.md
# Required actions of stage A that services tick themselves (checked at start-up).
ASSESS_INDICATORS = "assess_indicators"
SUPPORT_FORMAL_IDENTIFICATION = "support_formal_identification"


def case_for_update(actor, case_id: int) -> Case:
    # The case first: NotFound for one the caller cannot see, Forbidden only for a case
    # they see but may not change.
    case = case_get(actor=actor, id=case_id)
    if not actor.can(Capability.CASE_UPDATE):
        raise Forbidden()
    # Lock the row: the checks below and the writes that follow must see the same case.
    return Case.objects.select_for_update().select_related("person").get(pk=case.pk)


def emit(*, actor, case: Case, event: str, data: dict | None = None) -> None:
    """Tells the deadline engine (deadlines and inbox notifications) what happened."""
    event_emit(actor=actor, case=case, event=event, data=data or {})


def in_initial_stage(case: Case, profile) -> None:
    if not in_initial_identification(case):
        raise ValidationFailed(
            {"__all__": [_("This case is no longer in initial identification.")]}
        )


def person_of(case: Case, profile) -> rules.Person:
    return rules.Person(
        is_child=case.is_child,
        is_foreign=rules.is_foreign(case.person.citizenship, profile=profile),
        needs_interpreter=rules.needs_interpreter(case.person.languages, profile=profile),
    )


def checklist_set(*, actor, case: Case, kind: str, code: str, done=True, note="") -> bool:
    """Upserts the entry; True when it became done now."""
    entry = ChecklistEntry.objects.filter(case=case, kind=kind, code=code).first()
    was_done = bool(entry and entry.done)
    values = {
        "done": done,
        "note": note[:300],
        "at": clock.now(),
        "by": actor.user,
        "institution": actor.institution,
    }
    if entry is None:
        ChecklistEntry.objects.create(case=case, kind=kind, code=code, **values)
    else:
        for key, value in values.items():
            setattr(entry, key, value)
        entry.save()
    return done and not was_done
