"""Screening against an indicator catalogue, the case opened with its first screening,
and the checklist of required actions and basic needs."""

from django.db import transaction
from django.utils.translation import gettext as _

from nrm.accounts.models import Institution
from nrm.audit.services import event_record
from nrm.core import clock
from nrm.core.errors import ValidationFailed
from nrm.registry import services as registry
from nrm.registry.duplicates import DuplicatesFound
from nrm.registry.models import Case
from nrm.registry.rules import PersonInput
from nrm.screening import rules
from nrm.screening.audit_codes import ScreeningCode
from nrm.screening.models import (
    ChecklistEntry,
    ChecklistKind,
    Screening,
)
from nrm.screening.services.common import (
    ASSESS_INDICATORS,
    case_for_update,
    checklist_set,
    emit,
    in_initial_stage,
    person_of,
)

# --- screening --------------------------------------------------------------------------


@transaction.atomic
def screening_submit(
    *,
    actor,
    case_id: int,
    catalogue: str,
    indicators: list[str],
    notes: str = "",
    override: str | None = None,
    justification: str = "",
    catalogue_version: int | None = None,
) -> Screening:
    """Records the indicators observed, the threshold's suggestion and the worker's decision;
    raises the case to potential victim when the decision is so (SOP S3: at least the
    profile's threshold of elements, or a justified override)."""
    case = case_for_update(actor, case_id)
    profile = registry.profile_of(case)
    in_initial_stage(case, profile)
    cat = _newest_catalogue(profile, catalogue, catalogue_version)
    codes = rules.clean_indicators(cat, indicators or [], is_child=case.is_child)
    threshold = profile.potential_victim_threshold
    suggested, decision, overridden = rules.decide(
        count=len(codes), threshold=threshold, override=override, justification=justification
    )
    status_before = case.identification_status
    to = rules.next_status(
        current=status_before, decision=decision, initial_status=profile.initial_status
    )
    screening = Screening.objects.create(
        case=case,
        catalogue=cat.code,
        catalogue_version=cat.version,
        indicators=codes,
        count=len(codes),
        threshold=threshold,
        suggestion=suggested,
        decision=decision,
        overridden=overridden,
        justification=justification.strip() if overridden else "",
        notes=(notes or "").strip(),
        status_before=status_before,
        status_after=to or status_before,
        submitted_at=clock.now(),
        submitted_by=actor.user,
        institution=actor.institution,
    )
    if to:
        # The screening's own path (status_authorities, `path: screening`); the row is
        # locked since case_for_update, so the version is the one this service saw.
        registry.case_status_screened(
            actor=actor,
            case_id=case.pk,
            to=to,
            reason="screening.override" if overridden else ScreeningCode.THRESHOLD_REACHED,
            decision_reference=f"screening-{screening.pk}",
            expected_version=case.version,
        )
    checklist_set(actor=actor, case=case, kind=ChecklistKind.ACTION, code=ASSESS_INDICATORS)
    if to:
        emit(actor=actor, case=case, event="potential_victim_identified")
    event_record(
        actor=actor,
        code=ScreeningCode.SUBMITTED,
        case_id=case.pk,
        target=screening,
        data={
            "catalogue": cat.code,
            "version": cat.version,
            "count": len(codes),
            "threshold": threshold,
            "suggestion": suggested,
            "decision": decision,
            "overridden": overridden,
            "status": to or status_before,
        },
    )
    return screening


def _newest_catalogue(profile, code: str, version: int | None):
    found = [c for c in profile.indicator_catalogues if c.code == code]
    if version is not None:
        found = [c for c in found if c.version == version]
    if not found:
        raise ValidationFailed({"catalogue": [_("Unknown indicator catalogue.")]})
    return max(found, key=lambda c: c.version)


@transaction.atomic
def identification_start(
    *,
    actor,
    person: PersonInput,
    catalogue: str,
    indicators: list[str],
    notes: str = "",
    override: str | None = None,
    justification: str = "",
    owner_institution: Institution | None = None,
    check_duplicates: bool = False,
    duplicate_reason: str = "",
) -> tuple[Case, Screening]:
    """Opens the case and records its first screening, both or neither. Field errors come
    back prefixed `person.` or `screening.` (possible duplicates: `DuplicatesFound`, as
    `registry.case_create` raises it)."""
    try:
        case = registry.case_create(
            actor=actor,
            person=person,
            # As given, without the notes: those are kept encrypted on the Screening.
            screening={"catalogue": catalogue, "indicators": list(indicators or [])},
            owner_institution=owner_institution,
            check_duplicates=check_duplicates,
            duplicate_reason=duplicate_reason,
        )
    except DuplicatesFound:
        raise
    except ValidationFailed as exc:
        raise _prefixed(exc, "person", keep={"owner_institution"}) from None
    try:
        screening = screening_submit(
            actor=actor,
            case_id=case.pk,
            catalogue=catalogue,
            indicators=indicators,
            notes=notes,
            override=override,
            justification=justification,
        )
    except ValidationFailed as exc:
        raise _prefixed(exc, "screening") from None
    case.refresh_from_db()
    return case, screening


def _prefixed(exc: ValidationFailed, prefix: str, keep=frozenset()) -> ValidationFailed:
    fields = {(k if k in keep else f"{prefix}.{k}"): v for k, v in exc.fields.items()}
    return ValidationFailed(fields, exc.message)


# --- required actions and basic needs ---------------------------------------------------


@transaction.atomic
def checklist_record(
    *, actor, case_id: int, kind: str, code: str, done: bool = True, note: str = ""
) -> ChecklistEntry:
    """Marks a required action done (or a basic need met), or takes that back. An action
    the profile links to a deadline (`emits`) tells the deadline engine when done."""
    case = case_for_update(actor, case_id)
    profile = registry.profile_of(case)
    stage = rules.stage_rules(profile)
    if kind not in ChecklistKind.values:
        raise ValidationFailed({"kind": [_("Choose a required action or a basic need.")]})
    items = stage.required_actions if kind == ChecklistKind.ACTION else stage.basic_needs
    item = next((i for i in items if i.code == code), None)
    if item is None:
        raise ValidationFailed({"code": [_("Unknown item.")]})
    if not person_of(case, profile).matches(item.applies_to):
        raise ValidationFailed({"code": [_("This item does not apply to this person.")]})
    became_done = checklist_set(
        actor=actor, case=case, kind=kind, code=code, done=done, note=(note or "").strip()
    )
    entry = ChecklistEntry.objects.get(case=case, kind=kind, code=code)
    event_record(
        actor=actor,
        code=ScreeningCode.CHECKLIST_RECORDED,
        case_id=case.pk,
        target=entry,
        data={"kind": kind, "item": code, "done": done},
    )
    if became_done and item.emits:
        emit(actor=actor, case=case, event=item.emits, data={"action": code})
    return entry


@transaction.atomic
def checklist_save(*, actor, case_id: int, done: dict[str, list[str]]) -> list[ChecklistEntry]:
    """The checklist page's one submit: `done` names, per kind, every item that is done
    now. Each item whose state changes is recorded as `checklist_record` records it (its
    audit event, its deadline event); unchanged items are left alone, so re-saving the page
    writes nothing. All or nothing: one refused item saves none."""
    case = case_for_update(actor, case_id)
    current = {(e.kind, e.code): e.done for e in case.checklist.all()}
    profile = registry.profile_of(case)
    stage = rules.stage_rules(profile)
    person = person_of(case, profile)
    unknown = set(done) - set(ChecklistKind.values)
    if unknown:
        raise ValidationFailed({"kind": [_("Choose a required action or a basic need.")]})
    changed = []
    for kind, items in (
        (ChecklistKind.ACTION, stage.required_actions),
        (ChecklistKind.NEED, stage.basic_needs),
    ):
        wanted = set(done.get(kind, []))
        offered = [i.code for i in rules.applicable(items, person)]
        if wanted - set(offered):
            raise ValidationFailed({"code": [_("This item does not apply to this person.")]})
        for code in offered:
            now = code in wanted
            if current.get((kind, code), False) != now:
                changed.append((kind, code, now))
    return [
        checklist_record(actor=actor, case_id=case_id, kind=kind, code=code, done=now)
        for kind, code, now in changed
    ]
