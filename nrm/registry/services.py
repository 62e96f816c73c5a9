"""Every write to persons and cases. One transaction each, with its audit event."""

from dataclasses import asdict, dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from nrm.accounts.capabilities import Capability
from nrm.accounts.models import Institution
from nrm.audit.codes import AuditCode, require
from nrm.audit.services import access_record, event_record
from nrm.core import clock
from nrm.core.crypto import blind_index
from nrm.core.errors import Conflict, Forbidden, IllegalTransition, NotFound, ValidationFailed
from nrm.core.limits import TEXT_MAX
from nrm.jurisdictions import get_profile
from nrm.jurisdictions.schema import Profile
from nrm.registry import doors, name_tokens, rules, tallies
from nrm.registry.audit_codes import CHANGED, RegistryCode
from nrm.registry.duplicates import Duplicates, DuplicatesFound, duplicates_find
from nrm.registry.models import (
    Case,
    CaseGrant,
    CaseProcedure,
    CaseStatusChange,
    DuplicateContinuation,
    GrantKind,
    GrantStatus,
    Person,
    ReferenceCounter,
    StatusField,
)
from nrm.registry.rules import PersonInput
from nrm.registry.selectors import case_get, case_list, is_name_search


def case_event(*, actor, case: Case, event: str, at=None) -> None:
    """Tells the stages (the deadline engine today) of an event of the case's life, in the
    caller's transaction, through the registry's `case_event_sinks` door."""
    for sink in doors.case_event_sinks:
        sink(actor, case, event, at)


def case_notice(*, actor, case: Case, kind: str, addressed=()) -> None:
    """Tells the addressees of an act at once (the profile's `notices` of `kind`), in the
    caller's transaction, through the registry's `case_notice_sinks` door."""
    for sink in doors.case_notice_sinks:
        sink(actor, case, kind, tuple(addressed))


def profile_of(case: Case) -> Profile:
    return get_profile(case.profile_code, case.profile_version)


def _next_reference(profile: Profile, year: int) -> str:
    counter, _created = ReferenceCounter.objects.select_for_update().get_or_create(
        prefix=profile.reference_prefix, year=year
    )
    ReferenceCounter.objects.filter(pk=counter.pk).update(last=F("last") + 1)
    counter.refresh_from_db(fields=["last"])
    return f"{profile.reference_prefix}-{year}-{counter.last:06d}"


def person_fields(person: PersonInput) -> dict:
    """Model field values for a validated person (shared with the bulk generator)."""
    return {
        "given_name": person.given_name,
        "family_name": person.family_name,
        "name_index": blind_index(f"{person.given_name} {person.family_name}"),
        "sex": person.sex,
        "date_of_birth": person.date_of_birth.isoformat() if person.date_of_birth else "",
        "estimated_age": person.estimated_age,
        "age_is_estimated": person.date_of_birth is None and person.estimated_age is not None,
        "appears_to_be_child": person.appears_to_be_child,
        "citizenship": person.citizenship,
        "languages": person.languages,
        "phone": person.phone,
        "email": person.email,
        "address": person.address,
    }


@transaction.atomic
def case_create(
    *,
    actor,
    person: PersonInput,
    screening: dict | None = None,
    owner_institution: Institution | None = None,
    check_duplicates: bool = False,
    duplicate_reason: str = "",
) -> Case:
    """Opens a case for a person under the profile in force; the actor's institution owns it
    unless the actor may act for any institution and names another.

    With `check_duplicates` (or a `duplicate_reason`), likely existing records of the person
    (`registry.duplicates`) stop the opening (`DuplicatesFound`, nothing saved) unless a
    reason is given; opened past them, the reason and the matched cases are kept
    (`DuplicateContinuation`) and, for matches the opener may not see, the
    `duplicate_sinks` are told (the AP secretariat and the owners, docs/duplicate-warning.md)."""
    if not actor.can(Capability.CASE_CREATE):
        raise Forbidden()
    owner = owner_institution or actor.institution
    if owner is None:
        raise ValidationFailed(
            {"owner_institution": [_("Choose the institution that owns the case.")]}
        )
    if owner != actor.institution and not actor.can(Capability.CASE_READ_ALL):
        raise Forbidden()
    if not owner.is_active:
        raise ValidationFailed({"owner_institution": [_("This institution is not active.")]})
    profile = get_profile(settings.NRM_JURISDICTION)
    now = clock.now()
    today = clock.today()
    person = rules.validate_person(person, profile=profile, today=today)
    duplicate_reason = (duplicate_reason or "").strip()
    if len(duplicate_reason) > TEXT_MAX:
        raise ValidationFailed({"duplicate_reason": [_("The reason is too long.")]})
    found = Duplicates()
    if check_duplicates or duplicate_reason:
        found = duplicates_find(actor=actor, person=person, profile=profile)
        if found and not duplicate_reason:
            raise DuplicatesFound(found)
    person_row = Person.objects.create(created_at=now, **person_fields(person))
    name_tokens.tokens_write(person_row)
    case = Case.objects.create(
        reference=_next_reference(profile, today.year),
        person=person_row,
        owner_institution=owner,
        profile_code=profile.code,
        profile_version=profile.version,
        stage=profile.initial_stage,
        identification_status=profile.initial_status,
        is_child=rules.is_child(person, profile=profile, today=today),
        county=owner.county,
        screening=screening,
        created_at=now,
        created_by=actor.user,
        updated_at=now,
    )
    tallies.tally_add(tallies.key_of(case), +1)
    for procedure in profile.procedures:
        if procedure.opens_with_case:
            CaseProcedure.objects.create(
                case=case,
                code=procedure.code,
                state=procedure.initial,
                opened_at=now,
                opened_by=actor.user,
            )
    for field, value in (
        (StatusField.STAGE, case.stage),
        (StatusField.IDENTIFICATION_STATUS, case.identification_status),
    ):
        CaseStatusChange.objects.create(
            case=case,
            at=now,
            by=actor.user,
            by_institution=actor.institution,
            field=field,
            from_value="",
            to_value=value,
            reason="case.opened",
        )
    event_record(
        actor=actor,
        code=RegistryCode.CASE_CREATED,
        case_id=case.pk,
        target=case,
        data={
            "reference": case.reference,
            "profile": profile.key,
            "owner": owner.code,
            "is_child": case.is_child,
            "screening": screening is not None,
            **({"possible_duplicates": found.audit_data()} if found else {}),
        },
    )
    if found:
        DuplicateContinuation.objects.create(
            case=case,
            reason=duplicate_reason,
            visible_cases=[c.pk for c in found.visible],
            hidden_cases=[c.pk for c in found.hidden],
            created_at=now,
            created_by=actor.user,
        )
        if found.hidden:
            for sink in doors.duplicate_sinks:
                sink(actor=actor, case=case, matched=found.hidden, profile=profile)
    # The SOP's first clocks start here (deadlines: notify the PMF, the interpreter, …).
    if case.is_child:
        case_event(actor=actor, case=case, event="child_identified", at=now)
        case_notice(actor=actor, case=case, kind="new_child")
    # The interpreter's clock (`notify_interpreter`, opened by `foreign_national_identified`)
    # follows the languages the person speaks, not the passport (docs/screening.md).
    if rules.needs_interpreter(person.languages, profile=profile):
        case_event(actor=actor, case=case, event="foreign_national_identified", at=now)
    return case


def _require_update(actor, case_id: int) -> Case:
    # The case first: one the caller cannot see is NotFound, whatever their role (Forbidden
    # is for a case they see but may not change; tests/security/test_authz_matrix.py).
    case = case_get(actor=actor, id=case_id)
    if not actor.can(Capability.CASE_UPDATE):
        raise Forbidden()
    # Lock the row so concurrent transitions serialise.
    return Case.objects.select_for_update().get(pk=case.pk)


def _version_check(case: Case, expected_version: int | None) -> None:
    """Optimistic locking: the caller's copy must be the current one (after the row lock).
    Every change of a case names the version it saw: without one, nothing is saved."""
    if expected_version is None:
        raise ValidationFailed(
            {
                "expected_version": [
                    _("Send the version of the case you saw (expected_version): nothing was saved.")
                ]
            }
        )
    if expected_version == case.version:
        return
    raise Conflict(
        _(
            "Someone else changed this case while you were working on it: you saw version "
            "%(expected)d, it is now version %(current)d. Nothing was saved; look at the case "
            "again and repeat the change if it is still needed."
        )
        % {"expected": expected_version, "current": case.version},
        fields={"version": [str(expected_version), str(case.version)]},
    )


def _require_reason(reason: str, field: str = "reason") -> str:
    if not (reason or "").strip():
        raise ValidationFailed({field: [_("Give the reason or the decision for this change.")]})
    return reason.strip()


def _history(
    actor, case, at, field, from_value, to_value, reason, reference, reason_code, procedure=""
) -> None:
    """One row of the case's history: who, when, what moved from where to where, and why."""
    CaseStatusChange.objects.create(
        case=case,
        at=at,
        by=actor.user,
        by_institution=actor.institution,
        field=field,
        procedure=procedure,
        from_value=from_value,
        to_value=to_value,
        reason=reason,
        decision_reference=reference,
        reason_code=reason_code,
    )


def _apply(
    *,
    actor,
    case: Case,
    field: str,
    to_value: str,
    reason: str,
    decision_reference: str = "",
    reason_code: str = "",
    audit_code: RegistryCode | None = None,
) -> Case:
    """Writes one guarded move (the caller checked it): the case, the tallies, the history
    row, the stage's entry event and the audit event."""
    now = clock.now()
    profile = profile_of(case)
    from_value = getattr(case, field)
    before = tallies.key_of(case)
    setattr(case, field, to_value)
    case.updated_at = now
    case.version += 1
    if field == "stage":  # retention runs from the day the case entered the closing stage
        retention = profile.retention
        case.closed_at = now if retention and to_value == retention.closing_stage else None
    case.save(update_fields=[field, "updated_at", "version", "closed_at"])
    tallies.tally_move(before, tallies.key_of(case))
    if field == "stage":
        # Entering a stage may stop or start clocks (closing cancels every open deadline).
        entered = profile.stage(to_value).emits_on_entry
        if entered:
            case_event(actor=actor, case=case, event=entered, at=now)
    _history(actor, case, now, field, from_value, to_value, reason, decision_reference, reason_code)
    data = {"from": from_value, "to": to_value, "decision": decision_reference}
    if reason_code:
        data["reason_code"] = reason_code
    event_record(
        actor=actor,
        code=audit_code or CHANGED[field],
        case_id=case.pk,
        target=case,
        data=data,
    )
    return case


def _closing_stage(profile: Profile) -> str | None:
    return profile.case_closure.stage if profile.case_closure else None


@transaction.atomic
def case_status_screened(
    *,
    actor,
    case_id: int,
    to: str,
    reason: str,
    decision_reference: str = "",
    expected_version: int | None = None,
) -> Case:
    """The initial screening's own path (`screening_submit`): the moves of the profile's
    `status_authorities` whose `path` is `screening` (none → potential victim), nothing else."""
    case = _require_update(actor, case_id)
    _version_check(case, expected_version)
    profile = profile_of(case)
    rules.check_transition(
        profile, field="identification_status", from_value=case.identification_status, to_value=to
    )
    kinds = [k for k in profile.status_authorities if k.path == "screening"]
    allowing = [k for k in kinds if k.allows(case.identification_status, to)]
    if not allowing:
        raise IllegalTransition(
            _("The initial screening does not change this identification status.")
        )
    return _apply(
        actor=actor,
        case=case,
        field="identification_status",
        to_value=to,
        reason=_require_reason(reason),
        decision_reference=decision_reference,
        reason_code=allowing[0].code,
    )


@dataclass(frozen=True)
class DecisionRef:
    """The act that grounds a change: its kind (a code of the profile's `status_authorities`,
    or "" for a stage correction), its reference (the B3 number, the minutes, the
    Commission's or the court's decision, the AP's act of correction) and the reason."""

    kind: str
    reference: str
    reason: str


def _recorder(actor, recorders) -> bool:
    institution_type = actor.institution.type if actor.institution else None
    return rules.may_record(role=actor.role, institution_type=institution_type, recorders=recorders)


SCREENING_PATH, DECISION_PATH = "screening", "decision"


def _may_record_kind(actor, kind, case: Case | None) -> bool:
    if kind.path == SCREENING_PATH:
        return False
    if kind.path == DECISION_PATH:
        return _recorder(actor, kind.recorded_by)
    path = doors.decision_paths.get(kind.path)
    return case is not None and path is not None and bool(path.may_record(actor, case))


def status_kinds_for(*, actor, profile: Profile, case: Case | None = None) -> list:
    """The kinds of status decision this actor may record (empty for most institutions);
    the kinds a stage answers for (`decision_paths`: the case's group, its Commission) only
    for a given case."""
    return [k for k in profile.status_authorities if _may_record_kind(actor, k, case)]


def _decision_checked(decision: DecisionRef) -> tuple[str, str]:
    errors: dict[str, list[str]] = {}
    reference = (decision.reference or "").strip()
    if not reference:
        errors["decision_reference"] = [_("Give the reference of the decision.")]
    elif len(reference) > 64:
        errors["decision_reference"] = [_("At most 64 characters.")]
    if not (decision.reason or "").strip():
        errors["reason"] = [_("Give the reason or the decision for this change.")]
    if errors:
        raise ValidationFailed(errors)
    return reference, decision.reason.strip()


@transaction.atomic
def case_status_decide(
    *, actor, case_id: int, to: str, decision: DecisionRef, expected_version: int | None
) -> Case:
    """The one entry for a decision on the identification status: the group's (B3), the AP's,
    the Commission's, a court ruling, a re-evaluation, or the AP secretariat's correction —
    each a kind of the profile's `status_authorities`, with who may record it and the moves
    it may make. Anyone else: Forbidden, nothing saved."""
    case = _require_update(actor, case_id)
    _version_check(case, expected_version)
    profile = profile_of(case)
    mine = {k.code: k for k in status_kinds_for(actor=actor, profile=profile, case=case)}
    if decision.kind not in mine:
        if mine and decision.kind not in {k.code for k in profile.status_authorities}:
            raise ValidationFailed({"kind": [_("Choose the kind of decision.")]})
        raise Forbidden(
            _(
                "The identification status is decided only by the formal identification group, "
                "the Responsible Authority and the appeals Commission; your institution may not "
                "record this decision."
            )
        )
    kind = mine[decision.kind]
    reference, reason = _decision_checked(decision)
    rules.check_status_decision(
        profile, kind=kind, from_value=case.identification_status, to_value=to
    )
    return _apply(
        actor=actor,
        case=case,
        field="identification_status",
        to_value=to,
        reason=reason,
        decision_reference=reference,
        reason_code=kind.code,
        audit_code=RegistryCode.STATUS_CORRECTED
        if kind.correction
        else RegistryCode.STATUS_DECIDED,
    )


def may_close(*, actor, case: Case, profile: Profile) -> bool:
    """The owning institution or the profile's `case_closure.also_by` (the AP secretariat)."""
    if profile.case_closure is None or not actor.can(Capability.CASE_UPDATE):
        return False
    if actor.institution_id is not None and actor.institution_id == case.owner_institution_id:
        return True
    return _recorder(actor, profile.case_closure.also_by)


def may_correct_stage(*, actor, profile: Profile) -> bool:
    """The profile's `stage_corrections` (the AP secretariat) corrects a wrongly recorded
    procedure, and so the stage shown."""
    corrections = profile.stage_corrections
    return corrections is not None and _recorder(actor, corrections.recorded_by)


def _refuse_closing() -> None:
    raise Forbidden(
        _("Only the institution that owns the case or the AP secretariat may close or reopen it.")
    )


@transaction.atomic
def case_close(
    *, actor, case_id: int, reason_code: str, note: str = "", expected_version: int | None
) -> Case:
    """Closes the case with a reason from the profile's `case_closure.reasons` (and a note),
    by the owning institution or the AP secretariat; a granted institution may not. Its
    running procedures stop with it (and run again if it is reopened)."""
    case = _require_update(actor, case_id)
    _version_check(case, expected_version)
    profile = profile_of(case)
    if not may_close(actor=actor, case=case, profile=profile):
        _refuse_closing()
    closing = _closing_stage(profile)
    try:
        profile.closure_reason(reason_code or "")
    except KeyError:
        raise ValidationFailed({"reason_code": [_("Choose the reason for closing.")]}) from None
    if rules.is_closed(profile, case.stage):
        raise IllegalTransition(_("This case is already closed."))
    case.procedures.filter(closed_at__isnull=True).update(
        closed_at=clock.now(), closed_with_case=True
    )
    return _apply(
        actor=actor,
        case=case,
        field="stage",
        to_value=closing,
        reason=(note or "").strip(),
        reason_code=reason_code,
        audit_code=RegistryCode.CLOSED,
    )


@transaction.atomic
def case_reopen(*, actor, case_id: int, reason: str, expected_version: int | None) -> Case:
    """Reopens a closed case, by the owning institution or the AP secretariat, with a
    reason: the procedures that closed with it run again, and the stage follows them."""
    case = _require_update(actor, case_id)
    _version_check(case, expected_version)
    profile = profile_of(case)
    if not may_close(actor=actor, case=case, profile=profile):
        _refuse_closing()
    if not rules.is_closed(profile, case.stage):
        raise IllegalTransition(_("Only a closed case can be reopened."))
    reason = _require_reason(reason)
    case.procedures.filter(closed_with_case=True).update(closed_at=None, closed_with_case=False)
    return _apply(
        actor=actor,
        case=case,
        field="stage",
        to_value=_summary(case, profile, closed=False),
        reason=reason,
        audit_code=RegistryCode.REOPENED,
    )


# --- procedures: parallel tracks of a case (docs/procedures.md) ------------------------------


def _summary(case: Case, profile: Profile, *, closed: bool) -> str:
    runs = case.procedures.values_list("code", "state", "closed_at")
    return rules.summary_stage(
        profile, [(code, state, at is None) for code, state, at in runs], closed=closed
    )


def _procedure_write(
    *,
    actor,
    case: Case,
    profile: Profile,
    code: str,
    from_state: str,
    to_state: str,
    reason: str,
    reference: str,
    audit_code: RegistryCode,
    reason_code: str = "",
) -> None:
    """After a procedure row changed: its history row, the stage that follows (its own
    history row, tallies and entry event), the case's version and one audit event."""
    now = clock.now()
    _history(
        actor,
        case,
        now,
        StatusField.PROCEDURE,
        from_state,
        to_state,
        reason,
        reference,
        reason_code,
        procedure=code,
    )
    stage_from = case.stage
    stage_to = _summary(case, profile, closed=rules.is_closed(profile, case.stage))
    if stage_to != stage_from:
        before = tallies.key_of(case)
        case.stage = stage_to
        tallies.tally_move(before, tallies.key_of(case))
        entered = profile.stage(stage_to).emits_on_entry
        if entered:
            case_event(actor=actor, case=case, event=entered, at=now)
        _history(
            actor,
            case,
            now,
            StatusField.STAGE,
            stage_from,
            stage_to,
            reason,
            reference,
            reason_code,
        )
    case.updated_at = now
    case.version += 1
    case.save(update_fields=["stage", "updated_at", "version"])
    event_record(
        actor=actor,
        code=audit_code,
        case_id=case.pk,
        target=case,
        data={
            "procedure": code,
            "from": from_state,
            "to": to_state,
            "stage": [stage_from, stage_to],
        },
    )


def _running(case: Case) -> dict[str, CaseProcedure]:
    return {p.code: p for p in case.procedures.filter(closed_at__isnull=True)}


def _procedure_case(actor, case_id: int, expected_version: int | None) -> tuple[Case, Profile]:
    case = _require_update(actor, case_id)
    _version_check(case, expected_version)
    profile = profile_of(case)
    if rules.is_closed(profile, case.stage):
        raise IllegalTransition(_("This case is closed: reopen it first."))
    return case, profile


@transaction.atomic
def procedure_open(
    *,
    actor,
    case_id: int,
    code: str,
    reason: str,
    reference: str = "",
    state: str | None = None,
    expected_version: int | None,
) -> CaseProcedure:
    """Starts procedure `code` of the profile on the case, beside those running (unless one
    of them excludes it), in `state` or the procedure's initial state. Called by the stage
    that owns the procedure (a placement opens protection)."""
    case, profile = _procedure_case(actor, case_id, expected_version)
    state = rules.check_procedure_open(
        profile, code=code, state=state, running=_running(case).keys()
    )
    row = CaseProcedure.objects.create(
        case=case, code=code, state=state, opened_at=clock.now(), opened_by=actor.user
    )
    _procedure_write(
        actor=actor,
        case=case,
        profile=profile,
        code=code,
        from_state="",
        to_state=state,
        reason=_require_reason(reason),
        reference=reference,
        audit_code=RegistryCode.PROCEDURE_OPENED,
    )
    return row


@transaction.atomic
def procedure_move(
    *,
    actor,
    case_id: int,
    code: str,
    to: str,
    reason: str,
    reference: str = "",
    expected_version: int | None,
) -> CaseProcedure:
    """Moves a running procedure along its `transitions`; a final state ends it."""
    case, profile = _procedure_case(actor, case_id, expected_version)
    row = _running(case).get(code)
    if row is None:
        raise rules.not_running(profile, code)
    final = rules.check_procedure_move(profile, code=code, from_state=row.state, to_state=to)
    from_state, row.state = row.state, to
    if final:
        row.closed_at = clock.now()
    row.save(update_fields=["state", "closed_at"])
    _procedure_write(
        actor=actor,
        case=case,
        profile=profile,
        code=code,
        from_state=from_state,
        to_state=to,
        reason=_require_reason(reason),
        reference=reference,
        audit_code=RegistryCode.PROCEDURE_MOVED,
    )
    return row


@transaction.atomic
def procedure_end(
    *,
    actor,
    case_id: int,
    code: str,
    reason: str,
    reference: str = "",
    expected_version: int | None,
) -> CaseProcedure:
    """Ends a running procedure where it stands (a person who leaves the shelter, a support
    to investigation that is over); a move into a final state ends it too."""
    case, profile = _procedure_case(actor, case_id, expected_version)
    row = _running(case).get(code)
    if row is None:
        raise rules.not_running(profile, code)
    row.closed_at = clock.now()
    row.save(update_fields=["closed_at"])
    _procedure_write(
        actor=actor,
        case=case,
        profile=profile,
        code=code,
        from_state=row.state,
        to_state="",
        reason=_require_reason(reason),
        reference=reference,
        audit_code=RegistryCode.PROCEDURE_ENDED,
    )
    return row


@transaction.atomic
def procedure_correct(
    *,
    actor,
    case_id: int,
    code: str,
    to: str,
    decision: DecisionRef,
    expected_version: int | None,
) -> Case:
    """The AP secretariat corrects a wrongly recorded procedure, citing its act: puts it in
    any of its states (starting it if it was not running), or stops it (`to` = ""). The
    stage follows. Not on a closed case: that is reopening."""
    case, profile = _procedure_case(actor, case_id, expected_version)
    if not may_correct_stage(actor=actor, profile=profile):
        raise Forbidden(
            _(
                "Procedures are moved by the services of each stage; only the AP secretariat "
                "corrects a wrongly recorded one."
            )
        )
    reference, reason = _decision_checked(decision)
    try:
        procedure = profile.procedure(code)
    except KeyError:
        raise ValidationFailed({"procedure": [_("Choose a procedure.")]}) from None
    running = _running(case)
    row = running.get(code)
    now = clock.now()
    if to and to not in {s.code for s in procedure.states}:
        raise ValidationFailed({"to": [_("Choose a state of this procedure.")]})
    from_state = row.state if row else ""
    if to == from_state:
        raise IllegalTransition(_("This correction changes nothing; choose another state."))
    if row is None:
        # Exclusions hold for corrections too.
        rules.check_procedure_open(profile, code=code, state=None, running=running.keys())
        row = CaseProcedure(case=case, code=code, opened_at=now, opened_by=actor.user)
    row.state = to or row.state
    row.closed_at = now if not to or procedure.state(to).final else None
    row.save()
    _procedure_write(
        actor=actor,
        case=case,
        profile=profile,
        code=code,
        from_state=from_state,
        to_state=to,
        reason=reason,
        reference=reference,
        audit_code=RegistryCode.PROCEDURE_CORRECTED,
    )
    return case


@transaction.atomic
def case_exploitation_set(
    *, actor, case_id: int, forms: list[str], expected_version: int | None
) -> Case:
    """Records the forms of exploitation of the case (codes of the profile's
    `exploitation_forms`, in the profile's order); an empty list says none is known yet."""
    case = _require_update(actor, case_id)
    _version_check(case, expected_version)
    known = [f.code for f in profile_of(case).exploitation_forms]
    unknown = sorted(set(forms) - set(known))
    if unknown:
        raise ValidationFailed(
            {
                "forms": [
                    _("Unknown form of exploitation: %(codes)s.") % {"codes": ", ".join(unknown)}
                ]
            }
        )
    before = list(case.exploitation_forms)
    case.exploitation_forms = [code for code in known if code in forms]
    case.updated_at = clock.now()
    case.version += 1
    case.save(update_fields=["exploitation_forms", "updated_at", "version"])
    event_record(
        actor=actor,
        code=RegistryCode.EXPLOITATION_SET,
        case_id=case.pk,
        target=case,
        data={"from": before, "to": case.exploitation_forms},
    )
    return case


def _share_checked(actor, case_id: int, institution: Institution) -> Case:
    """The case, locked, when it may be shared with the institution: the caller may change
    it, the institution is not the owner, no share veto (consent withdrawn) stands."""
    case = _require_update(actor, case_id)
    if institution.pk == case.owner_institution_id:
        raise ValidationFailed({"institution": [_("This institution already owns the case.")]})
    for veto in doors.share_vetoes:
        veto(case, institution)  # raises when the case may not go there
    return case


def _grant_create(
    actor, case: Case, institution: Institution, *, accepted: bool, reason: str, code
) -> CaseGrant:
    """An assignment (accepted at once) or a referral's offer (pending), with its event."""
    now = clock.now()
    grant = CaseGrant.objects.create(
        case=case,
        institution=institution,
        kind=GrantKind.ASSIGNMENT if accepted else GrantKind.REFERRAL,
        status=GrantStatus.ACCEPTED if accepted else GrantStatus.PENDING,
        created_at=now,
        created_by=actor.user,
        decided_at=now if accepted else None,
        reason=(reason or "").strip(),
    )
    event_record(
        actor=actor,
        code=code,
        case_id=case.pk,
        target=grant,
        data={"institution": institution.code},
    )
    return grant


@transaction.atomic
def case_assign(
    *, actor, case_id: int, institution: Institution, reason: str, notify: bool = True
) -> CaseGrant:
    """Gives another institution access to the case at once (an assignment, not a referral),
    and tells its focal points (the profile's `case_assigned` notice). `notify=False` for an
    act that sends its own notice to the same institution (the A5 to the group)."""
    case = _share_checked(actor, case_id, institution)
    if not reason.strip():
        raise ValidationFailed({"reason": [_("Give the reason for the assignment.")]})
    existing = CaseGrant.objects.filter(
        case=case, institution=institution, status=GrantStatus.ACCEPTED
    ).first()
    if existing is not None:
        return existing  # access is already there: one grant per institution, not one per reason
    grant = _grant_create(
        actor, case, institution, accepted=True, reason=reason, code=RegistryCode.ASSIGNED
    )
    if notify:
        case_notice(actor=actor, case=case, kind="case_assigned", addressed=(institution,))
    return grant


@transaction.atomic
def case_grant_revoke(*, actor, grant_id: int, reason: str) -> CaseGrant:
    grant = CaseGrant.objects.select_related("case", "institution").filter(pk=grant_id).first()
    if grant is None:
        raise NotFound()
    _require_update(actor, grant.case_id)
    grant.status = GrantStatus.REVOKED
    grant.decided_at = clock.now()
    grant.reason = (grant.reason + "\n" + reason).strip()
    grant.save(update_fields=["status", "decided_at", "reason"])
    event_record(
        actor=actor,
        code=RegistryCode.GRANT_REVOKED,
        case_id=grant.case_id,
        target=grant,
        data={"institution": grant.institution.code},
    )
    return grant


def _grant_locked(grant_id: int) -> CaseGrant:
    grant = (
        CaseGrant.objects.select_for_update().select_related("institution").filter(pk=grant_id)
    ).first()
    if grant is None:
        raise NotFound()
    return grant


@transaction.atomic
def case_grant_offer(*, actor, case_id: int, institution: Institution, reason: str) -> CaseGrant:
    """A pending referral grant: the institution has no access until it accepts
    (`case_grant_answer`). Used by nrm.referrals; the registry knows no referral."""
    case = _share_checked(actor, case_id, institution)
    return _grant_create(
        actor, case, institution, accepted=False, reason=reason, code=RegistryCode.GRANT_OFFERED
    )


@transaction.atomic
def case_grant_answer(*, actor, grant_id: int, accept: bool) -> CaseGrant:
    """The offered institution accepts (access from now on) or declines a pending grant.
    Only a member of that institution answers: anyone else gets NotFound."""
    grant = _grant_locked(grant_id)
    if actor.institution_id != grant.institution_id or grant.status != GrantStatus.PENDING:
        raise NotFound()
    if not actor.can(Capability.CASE_UPDATE):
        raise Forbidden()
    if accept:
        for veto in doors.share_vetoes:
            veto(grant.case, grant.institution)  # consent withdrawn since the offer
    grant.status = GrantStatus.ACCEPTED if accept else GrantStatus.DECLINED
    grant.decided_at = clock.now()
    grant.save(update_fields=["status", "decided_at"])
    event_record(
        actor=actor,
        code=RegistryCode.GRANT_ACCEPTED if accept else RegistryCode.GRANT_DECLINED,
        case_id=grant.case_id,
        target=grant,
        data={"institution": grant.institution.code},
    )
    return grant


@transaction.atomic
def case_grant_end(*, actor, grant_id: int, reason: str) -> CaseGrant:
    """Ends a pending or accepted grant (revoked): by the granted institution itself (it
    gives its access up) or by someone who may change the case. Other accepted grants of the
    same institution (another referral, an assignment) keep their access."""
    grant = _grant_locked(grant_id)
    if actor.institution_id != grant.institution_id:
        _require_update(actor, grant.case_id)
    if grant.status not in (GrantStatus.PENDING, GrantStatus.ACCEPTED):
        raise IllegalTransition()
    grant.status = GrantStatus.REVOKED
    grant.decided_at = clock.now()
    grant.reason = (grant.reason + "\n" + (reason or "")).strip()
    grant.save(update_fields=["status", "decided_at", "reason"])
    event_record(
        actor=actor,
        code=RegistryCode.GRANT_REVOKED,
        case_id=grant.case_id,
        target=grant,
        data={"institution": grant.institution.code},
    )
    return grant


@transaction.atomic
def case_open(*, actor, case_id: int, action: AuditCode) -> Case:
    """Fetches a visible case and records the read in the access log, in one step, so no
    view can show a case without leaving a trace. `action`: an AuditCode member, checked
    before the case is looked for (TypeError)."""
    require(action)
    case = case_get(actor=actor, id=case_id)
    access_record(actor=actor, case_id=case.pk, action=action)
    return case


EXPORT_COLUMNS = (
    "reference",
    "identification_status",
    "stage",
    "is_child",
    "county",
    "owner_institution",
    "created_at",
)


class ExportRows(list):
    """The rows of an export, and how many cases were left out of it (consent withdrawn)."""

    left_out: int = 0


@transaction.atomic
def case_list_export(*, actor, filters) -> ExportRows:
    """Rows of the visible cases matching the filters, without personal data; the export
    itself is an audit event (who exported how many, with which filters). Cases whose
    consent to statistics was withdrawn are left out; `rows.left_out` says how many."""
    kept, left_out = case_list(actor=actor, filters=filters), 0
    for export_filter in doors.export_filters:
        kept, dropped = export_filter(kept)
        left_out += dropped.order_by().count()
    rows = ExportRows(
        (
            c.reference,
            c.identification_status,
            c.stage,
            c.is_child,
            c.county,
            c.owner_institution.code,
            c.created_at.isoformat(),
        )
        for c in kept
    )
    rows.left_out = left_out
    event_record(
        actor=actor,
        code=RegistryCode.LIST_EXPORTED,
        data={"count": len(rows), "left_out": rows.left_out, **_export_filters(filters)},
    )
    return rows


def _export_filters(filters) -> dict:
    """The export's filters for its audit event, without the search text (a name, or part
    of a reference): only whether there was a search, and of which kind (finding 4)."""
    shown = asdict(filters)
    q = shown.pop("q", "").strip()
    kind = "" if not q else ("name" if is_name_search(q) else "reference")
    return {"filters": shown, "search": kind}
