"""Every write to persons and cases. One transaction each, with its audit event."""

from dataclasses import asdict

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from nrm.accounts.capabilities import Capability
from nrm.accounts.models import Institution
from nrm.audit.services import access_record, event_record
from nrm.core import clock
from nrm.core.crypto import blind_index
from nrm.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from nrm.jurisdictions import get_profile
from nrm.jurisdictions.schema import Profile
from nrm.registry import doors, rules, tallies
from nrm.registry.models import (
    Case,
    CaseGrant,
    CaseStatusChange,
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
) -> Case:
    """Opens a case for a person under the profile in force; the actor's institution owns it
    unless the actor may act for any institution and names another."""
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
    person_row = Person.objects.create(created_at=now, **person_fields(person))
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
        code="case.created",
        case_id=case.pk,
        target=case,
        data={
            "reference": case.reference,
            "profile": profile.key,
            "owner": owner.code,
            "is_child": case.is_child,
            "screening": screening is not None,
        },
    )
    # The SOP's first clocks start here (deadlines: notify the PMF, the interpreter, …).
    if case.is_child:
        case_event(actor=actor, case=case, event="child_identified", at=now)
    if profile.home_country and person.citizenship not in ("", profile.home_country):
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
    """Optimistic locking: the caller's copy must be the current one (after the row lock)."""
    if expected_version is None or expected_version == case.version:
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


def _transition(
    *,
    actor,
    case_id: int,
    field: str,
    to_value: str,
    reason: str,
    decision_reference: str,
    expected_version: int | None = None,
) -> Case:
    case = _require_update(actor, case_id)
    _version_check(case, expected_version)
    from_value = getattr(case, field)
    rules.check_transition(profile_of(case), field=field, from_value=from_value, to_value=to_value)
    if not reason.strip():
        raise ValidationFailed({"reason": [_("Give the reason or the decision for this change.")]})
    now = clock.now()
    before = tallies.key_of(case)
    setattr(case, field, to_value)
    case.updated_at = now
    case.version += 1
    if field == "stage":  # retention runs from the day the case entered the closing stage
        retention = profile_of(case).retention
        case.closed_at = now if retention and to_value == retention.closing_stage else None
    case.save(update_fields=[field, "updated_at", "version", "closed_at"])
    tallies.tally_move(before, tallies.key_of(case))
    if field == "stage":
        # Entering a stage may stop or start clocks (closing cancels every open deadline).
        entered = profile_of(case).stage(to_value).emits_on_entry
        if entered:
            case_event(actor=actor, case=case, event=entered, at=now)
    CaseStatusChange.objects.create(
        case=case,
        at=now,
        by=actor.user,
        by_institution=actor.institution,
        field=field,
        from_value=from_value,
        to_value=to_value,
        reason=reason.strip(),
        decision_reference=decision_reference,
    )
    event_record(
        actor=actor,
        code=f"case.{field}_changed",
        case_id=case.pk,
        target=case,
        data={"from": from_value, "to": to_value, "decision": decision_reference},
    )
    return case


@transaction.atomic
def case_stage_change(
    *,
    actor,
    case_id: int,
    to: str,
    reason: str,
    decision_reference: str = "",
    expected_version: int | None = None,
) -> Case:
    """`expected_version`: the `Case.version` the caller saw; another → Conflict (409)."""
    return _transition(
        actor=actor,
        case_id=case_id,
        field="stage",
        to_value=to,
        reason=reason,
        decision_reference=decision_reference,
        expected_version=expected_version,
    )


@transaction.atomic
def case_status_change(
    *,
    actor,
    case_id: int,
    to: str,
    reason: str,
    decision_reference: str = "",
    expected_version: int | None = None,
) -> Case:
    """`expected_version`: the `Case.version` the caller saw; another → Conflict (409)."""
    return _transition(
        actor=actor,
        case_id=case_id,
        field="identification_status",
        to_value=to,
        reason=reason,
        decision_reference=decision_reference,
        expected_version=expected_version,
    )


@transaction.atomic
def case_assign(*, actor, case_id: int, institution: Institution, reason: str) -> CaseGrant:
    """Gives another institution access to the case at once (an assignment, not a referral)."""
    case = _require_update(actor, case_id)
    if institution.pk == case.owner_institution_id:
        raise ValidationFailed({"institution": [_("This institution already owns the case.")]})
    if not reason.strip():
        raise ValidationFailed({"reason": [_("Give the reason for the assignment.")]})
    for veto in doors.share_vetoes:
        veto(case, institution)  # raises when the case may not go there (consent withdrawn)
    existing = CaseGrant.objects.filter(
        case=case, institution=institution, status=GrantStatus.ACCEPTED
    ).first()
    if existing is not None:
        return existing  # access is already there: one grant per institution, not one per reason
    now = clock.now()
    grant = CaseGrant.objects.create(
        case=case,
        institution=institution,
        kind=GrantKind.ASSIGNMENT,
        status=GrantStatus.ACCEPTED,
        created_at=now,
        created_by=actor.user,
        decided_at=now,
        reason=reason.strip(),
    )
    event_record(
        actor=actor,
        code="case.assigned",
        case_id=case.pk,
        target=grant,
        data={"institution": institution.code},
    )
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
        code="case.grant_revoked",
        case_id=grant.case_id,
        target=grant,
        data={"institution": grant.institution.code},
    )
    return grant


@transaction.atomic
def case_open(*, actor, case_id: int, action: str) -> Case:
    """Fetches a visible case and records the read in the access log, in one step, so no
    view can show a case without leaving a trace."""
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
        code="case.list_exported",
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
