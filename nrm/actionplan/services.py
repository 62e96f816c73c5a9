"""Every write of action plans: keyword-only, one transaction, one audit event each.

Who may act: `actionplan.manage` (the Secretariat) imports, edits, maps names, opens
reporting periods and reviews; `actionplan.report` (a focal point) reports on the
activities its institution leads. Bad input raises `ValidationFailed` (or `BadPlan` for a
file), and nothing is saved.
"""

import hashlib
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from nrm.accounts.capabilities import Capability
from nrm.accounts.models import Institution
from nrm.accounts.policy import system_actor
from nrm.accounts.services import system_user_ensure
from nrm.actionplan import importer, timeframes
from nrm.actionplan.audit_codes import ActionPlanCode
from nrm.actionplan.error_codes import ActionPlanError
from nrm.actionplan.models import (
    ActionPlan,
    Activity,
    ActivityInstitution,
    Evidence,
    InstitutionAlias,
    Objective,
    Period,
    Report,
    ReportState,
    Revision,
    Role,
)
from nrm.actionplan.timeframes import QUARTER_END, QUARTER_START
from nrm.audit.services import event_record
from nrm.core import clock
from nrm.core.errors import Conflict, DomainError, Forbidden, NotFound, ValidationFailed
from nrm.deadlines.services import calendar_for, event_emit
from nrm.jurisdictions import get_profile
from nrm.jurisdictions.schema import ActionPlans

REPORT_DUE = "actionplan_report_due"
REPORT_SUBMITTED = "actionplan_report_submitted"
EVENTS = (REPORT_DUE, REPORT_SUBMITTED)

EDITABLE = (
    "description",
    "expected_results",
    "indicators",
    "verification",
    "timeframe_text",
    "live_indicator",
)
MAX_TEXT = 20_000


class BadPlan(ValidationFailed):
    code = ActionPlanError.MALFORMED


class NotLead(DomainError):
    code = ActionPlanError.NOT_LEAD
    status = 403
    default_message = _("Your institution does not lead this activity.")


class PeriodOutside(ValidationFailed):
    code = ActionPlanError.PERIOD_OUTSIDE


class AlreadyAccepted(DomainError):
    code = ActionPlanError.REVIEWED
    status = 409
    default_message = _("The report has already been accepted.")


def rules() -> ActionPlans:
    found = get_profile(settings.NRM_JURISDICTION).action_plans
    if found is None:
        raise NotFound()
    return found


def _require(actor, capability: Capability) -> None:
    if not actor.can(capability):
        raise Forbidden()


# --- import --------------------------------------------------------------------------------


@dataclass
class ImportResult:
    plan: ActionPlan
    created: int
    updated: int
    unchanged: int
    unmapped: list[str]


def resolve(name: str, *, aliases: dict[str, str]) -> Institution | None:
    """A name of the plan's columns → an institution: the user's mapping, the profile's
    aliases, then an institution whose code is the name."""
    mapped = InstitutionAlias.objects.filter(name=name).select_related("institution").first()
    if mapped:
        return mapped.institution
    folded = {k.casefold(): v for k, v in aliases.items()}
    code = folded.get(name.casefold(), name.casefold())
    return Institution.objects.filter(code=code).first()


def _activity_fields(row: importer.Row) -> dict:
    return {
        "description": row.description,
        "expected_results": row.expected_results,
        "indicators": row.indicators,
        "verification": row.verification,
        "responsible_text": row.responsible,
        "supporting_text": row.supporting,
        "timeframe_text": row.timeframe_text,
        "timeframe_kind": row.timeframe.kind,
        "starts_on": row.timeframe.starts_on,
        "ends_on": row.timeframe.ends_on,
        "source_line": row.source_line,
    }


def _comparable(values: dict) -> dict:
    return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in values.items()}


@transaction.atomic
def plan_import(*, actor, raw: bytes, code: str, title: str = "") -> ImportResult:
    """Imports or updates the plan `code` from a file. The same file again changes nothing;
    a changed row is updated with a `Revision`. A malformed file raises `BadPlan` naming the
    row at fault (field `file`), and nothing is saved."""
    _require(actor, Capability.ACTIONPLAN_MANAGE)
    profile = get_profile(settings.NRM_JURISDICTION)
    found = rules()
    if not code or len(code) > 64 or not code.replace("-", "").replace("_", "").isalnum():
        raise BadPlan({"code": [_("Give the plan a code of letters, digits and dashes.")]})
    try:
        parsed = importer.parse(
            raw,
            continuous_words=found.continuous_words,
            quarter_prefixes=found.quarter_prefixes,
        )
    except importer.BadFile as exc:
        raise BadPlan({"file": [str(exc)]}) from None
    now = clock.now()
    first, last = parsed.years or (now.year, now.year)
    plan, made = ActionPlan.objects.get_or_create(
        code=code,
        defaults={
            "title": title or code,
            "jurisdiction": profile.code,
            "first_year": first,
            "last_year": last,
            "imported_at": now,
        },
    )
    if not made:
        plan.first_year, plan.last_year = min(plan.first_year, first), max(plan.last_year, last)
        if title:
            plan.title = title
    plan.source_sha256 = hashlib.sha256(raw if isinstance(raw, bytes) else raw.encode()).hexdigest()
    plan.imported_at = now
    plan.save()
    # Objectives: a strategic one for each first number, a specific one for each header.
    strategic: dict[str, Objective] = {}
    order = 0
    for so_code in sorted(parsed.headers, key=lambda c: tuple(int(x) for x in c.split("."))):
        top = so_code.split(".")[0]
        if top not in strategic:
            order += 1
            strategic[top], _made = Objective.objects.get_or_create(
                plan=plan,
                code=top,
                defaults={
                    "order": order,
                    "weight": Decimal(str(found.ripple_weights.get(top, 1.0))),
                },
            )
        order += 1
        obj, made_obj = Objective.objects.get_or_create(
            plan=plan,
            code=so_code,
            defaults={"parent": strategic[top], "text": parsed.headers[so_code], "order": order},
        )
        if not made_obj and obj.text != parsed.headers[so_code]:
            Revision.objects.create(
                plan=plan,
                objective=obj,
                at=now,
                by=actor.user,
                reason="import",
                before={"text": obj.text},
                after={"text": parsed.headers[so_code]},
            )
            obj.text = parsed.headers[so_code]
            obj.save(update_fields=["text"])
    objectives = {o.code: o for o in plan.objectives.all()}
    created = updated = unchanged = 0
    unmapped: set[str] = set()
    for n, row in enumerate(parsed.rows, start=1):
        values = _activity_fields(row)
        activity = Activity.objects.filter(plan=plan, code=row.code).first()
        if activity is None:
            activity = Activity.objects.create(
                plan=plan, code=row.code, objective=objectives[row.objective], order=n, **values
            )
            created += 1
        else:
            before = {k: getattr(activity, k) for k in values}
            if (
                _comparable(before) == _comparable(values)
                and activity.objective.code == row.objective
            ):
                unchanged += 1
            else:
                changed = [k for k in values if _comparable(before)[k] != _comparable(values)[k]]
                Revision.objects.create(
                    plan=plan,
                    activity=activity,
                    at=now,
                    by=actor.user,
                    reason="import",
                    before={k: _comparable(before)[k] for k in changed},
                    after={k: _comparable(values)[k] for k in changed},
                )
                for k, v in values.items():
                    setattr(activity, k, v)
                activity.objective = objectives[row.objective]
                activity.version += 1
                activity.order = n
                activity.save()
                updated += 1
        unmapped |= _parties_sync(activity, row, aliases=found.institution_aliases)
    event_record(
        actor=actor,
        code=ActionPlanCode.IMPORTED,
        target=plan,
        data={
            "created": created,
            "updated": updated,
            "unchanged": unchanged,
            "unmapped": len(unmapped),
        },
    )
    return ImportResult(plan, created, updated, unchanged, sorted(unmapped))


def _parties_sync(activity: Activity, row: importer.Row, *, aliases) -> set[str]:
    wanted = [(Role.LEAD, n) for n in row.lead] + [(Role.SUPPORT, n) for n in row.support]
    have = [(p.role, p.name) for p in activity.parties.all()]
    unmapped = set()
    resolved = {}
    for _role, name in wanted:
        if name not in resolved:
            resolved[name] = resolve(name, aliases=aliases)
            if resolved[name] is None:
                unmapped.add(name)
    if have != wanted:
        activity.parties.all().delete()
        ActivityInstitution.objects.bulk_create(
            ActivityInstitution(activity=activity, role=r, name=n, institution=resolved[n])
            for r, n in wanted
        )
    else:
        for party in activity.parties.all():
            if party.institution_id != getattr(resolved[party.name], "pk", None):
                party.institution = resolved[party.name]
                party.save(update_fields=["institution"])
    return unmapped


@transaction.atomic
def alias_map(*, actor, name: str, institution_id: int) -> InstitutionAlias:
    """Maps a name of the plans' columns to an institution, and every party of that name."""
    _require(actor, Capability.ACTIONPLAN_MANAGE)
    institution = Institution.objects.filter(pk=institution_id, is_active=True).first()
    if institution is None:
        raise ValidationFailed({"institution": [_("Choose an institution.")]})
    if not ActivityInstitution.objects.filter(name=name).exists():
        raise ValidationFailed({"name": [_("No activity names this institution.")]})
    alias, _made = InstitutionAlias.objects.update_or_create(
        name=name, defaults={"institution": institution}
    )
    ActivityInstitution.objects.filter(name=name).update(institution=institution)
    event_record(
        actor=actor,
        code=ActionPlanCode.ALIAS_MAPPED,
        target=alias,
        data={"institution": institution.pk},
    )
    return alias


# --- edits with history --------------------------------------------------------------------


@transaction.atomic
def activity_edit(*, actor, activity_id: int, expected_version: int, reason: str, **changes):
    """Changes an activity's texts; every change is a `Revision` (before and after)."""
    _require(actor, Capability.ACTIONPLAN_MANAGE)
    activity = Activity.objects.select_for_update().filter(pk=activity_id).first()
    if activity is None:
        raise NotFound()
    errors: dict[str, list[str]] = {}
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    if not (reason or "").strip():
        errors["reason"] = [_("Say why the activity changes.")]
    if "description" in changes and not (changes["description"] or "").strip():
        errors["description"] = [_("This field is required.")]
    for key, value in changes.items():
        if len(value or "") > MAX_TEXT:
            errors[key] = [_("The text is too long.")]
    found = rules()
    if changes.get("live_indicator") and changes["live_indicator"] not in {
        i.code for i in found.live_indicators
    }:
        errors["live_indicator"] = [_("Choose a live indicator of the profile.")]
    frame = None
    if "timeframe_text" in changes:
        try:
            frame = timeframes.parse(
                changes["timeframe_text"],
                continuous_words=found.continuous_words,
                quarter_prefixes=found.quarter_prefixes,
                plan_years=(activity.plan.first_year, activity.plan.last_year),
            )
        except timeframes.BadTimeframe:
            errors["timeframe_text"] = [_("Write a quarter, a year, years or continuous.")]
    if errors:
        raise ValidationFailed(errors)
    if expected_version != activity.version:
        raise Conflict()
    before, after = {}, {}
    for key, value in changes.items():
        value = (value or "").strip()
        if getattr(activity, key) != value:
            before[key], after[key] = getattr(activity, key), value
            setattr(activity, key, value)
    if frame is not None and "timeframe_text" in after:
        activity.timeframe_kind, activity.starts_on, activity.ends_on = (
            frame.kind,
            frame.starts_on,
            frame.ends_on,
        )
    if not after:
        return activity
    activity.version += 1
    activity.save()
    _revised(actor, ActionPlanCode.ACTIVITY_EDITED, activity, reason, before, after)
    return activity


def _revised(actor, code, target, reason: str, before: dict, after: dict) -> None:
    """An edit of an activity or objective: its `Revision` and its one audit event."""
    kind = "activity" if isinstance(target, Activity) else "objective"
    Revision.objects.create(
        plan=target.plan,
        **{kind: target},
        at=clock.now(),
        by=actor.user,
        reason=reason.strip()[:300],
        before=before,
        after=after,
    )
    event_record(actor=actor, code=code, target=target, data={"fields": sorted(after)})


@transaction.atomic
def objective_edit(
    *, actor, objective_id: int, reason: str, text: str | None = None, weight=None
) -> Objective:
    """Changes an objective's text or (a strategic one's) ripple weight, with a `Revision`."""
    _require(actor, Capability.ACTIONPLAN_MANAGE)
    objective = Objective.objects.select_for_update().filter(pk=objective_id).first()
    if objective is None:
        raise NotFound()
    errors: dict[str, list[str]] = {}
    if not (reason or "").strip():
        errors["reason"] = [_("Say why the objective changes.")]
    if text is not None and len(text) > MAX_TEXT:
        errors["text"] = [_("The text is too long.")]
    if weight is not None:
        try:
            weight = Decimal(str(weight))
        except ArithmeticError:
            weight = None
        if weight is None or not Decimal(0) <= weight <= Decimal(100):
            errors["weight"] = [_("Give a weight from 0 to 100.")]
    if errors:
        raise ValidationFailed(errors)
    before, after = {}, {}
    if text is not None and text.strip() != objective.text:
        before["text"], after["text"] = objective.text, text.strip()
        objective.text = text.strip()
    if weight is not None and weight != objective.weight:
        before["weight"], after["weight"] = str(objective.weight), str(weight)
        objective.weight = weight
    if not after:
        return objective
    objective.save()
    _revised(actor, ActionPlanCode.OBJECTIVE_EDITED, objective, reason, before, after)
    return objective


# --- reporting -----------------------------------------------------------------------------


@transaction.atomic
def period_open(*, actor, plan_id: int, year: int, quarter: int) -> Period:
    """Opens a quarter for reporting: its reports are due `report_due_days` after it ends."""
    _require(actor, Capability.ACTIONPLAN_MANAGE)
    plan = ActionPlan.objects.filter(pk=plan_id).first()
    if plan is None:
        raise NotFound()
    if quarter not in QUARTER_START:
        raise ValidationFailed({"quarter": [_("Choose a quarter from 1 to 4.")]})
    if not plan.first_year <= year <= plan.last_year:
        raise PeriodOutside({"year": [_("The period is outside the plan.")]})
    starts_on = date(year, *QUARTER_START[quarter])
    ends_on = date(year, *QUARTER_END[quarter])
    period, made = Period.objects.get_or_create(
        plan=plan,
        year=year,
        quarter=quarter,
        defaults={
            "starts_on": starts_on,
            "ends_on": ends_on,
            "due_on": ends_on + timedelta(days=rules().report_due_days),
            "opened_at": clock.now(),
        },
    )
    if made:
        due_at = calendar_for(get_profile(settings.NRM_JURISDICTION)).end_of_day(period.due_on)
        leads = (
            ActivityInstitution.objects.filter(
                activity__plan=plan, role=Role.LEAD, institution__isnull=False
            )
            .values_list("activity_id", "institution_id")
            .distinct()
        )
        opened = 0
        for activity_id, institution_id in leads:
            event_emit(
                actor=actor,
                case=None,
                event=REPORT_DUE,
                due_at=due_at,
                responsible_institution_id=institution_id,
                subject=_subject(period.pk, activity_id, institution_id),
                data={"period": period.pk, "activity": activity_id},
            )
            opened += 1
        event_record(
            actor=actor,
            code=ActionPlanCode.CYCLE_OPENED,
            target=period,
            data={"year": year, "quarter": quarter, "tasks": opened},
        )
    return period


def _subject(period_id: int, activity_id: int, institution_id: int) -> str:
    """The reporting task's key in the deadline engine: one per period × activity × lead."""
    return f"actionplan:{period_id}:{activity_id}:{institution_id}"


@dataclass(frozen=True)
class EvidenceIn:
    filename: str
    content_type: str
    data: bytes


SIGNATURES = {
    "application/pdf": b"%PDF-",
    "image/png": b"\x89PNG\r\n\x1a\n",
    "image/jpeg": b"\xff\xd8\xff",
}


def _evidence_errors(files: list[EvidenceIn], found: ActionPlans) -> list[str]:
    errors = []
    for f in files:
        kind = next((t for t, sig in SIGNATURES.items() if f.data.startswith(sig)), None)
        if kind is None or kind not in found.evidence_types:
            errors.append(_("This type of file is not accepted."))
        elif len(f.data) > found.evidence_max_bytes:
            errors.append(_("The file is too large."))
    return errors


@transaction.atomic
def report_submit(
    *,
    actor,
    activity_id: int,
    period_id: int,
    status: str,
    narrative: str,
    indicator_value: str = "",
    evidence: list[EvidenceIn] | None = None,
) -> Report:
    """A lead institution's report on an activity for an open period (again: replaces a
    report not yet accepted)."""
    _require(actor, Capability.ACTIONPLAN_REPORT)
    activity = Activity.objects.select_related("plan").filter(pk=activity_id).first()
    if activity is None:
        raise NotFound()
    if not activity.parties.filter(role=Role.LEAD, institution_id=actor.institution_id).exists():
        raise NotLead()
    period = Period.objects.filter(pk=period_id).first()
    if period is None or period.plan_id != activity.plan_id:
        raise PeriodOutside({"period": [_("The period is outside the plan.")]})
    found = rules()
    errors: dict[str, list[str]] = {}
    if status not in {s.code for s in found.statuses}:
        errors["status"] = [_("Choose a status.")]
    if not (narrative or "").strip():
        errors["narrative"] = [_("This field is required.")]
    elif len(narrative) > MAX_TEXT:
        errors["narrative"] = [_("The text is too long.")]
    if len(indicator_value or "") > 200:
        errors["indicator_value"] = [_("The text is too long.")]
    bad = _evidence_errors(evidence or [], found)
    if bad:
        errors["evidence"] = bad
    if errors:
        raise ValidationFailed(errors)
    report = (
        Report.objects.select_for_update()
        .filter(activity=activity, period=period, institution_id=actor.institution_id)
        .first()
    )
    if report is not None and report.state == ReportState.ACCEPTED:
        raise AlreadyAccepted()
    first = report is None
    report = report or Report(activity=activity, period=period, institution=actor.institution)
    report.status = status
    report.narrative = narrative.strip()
    report.indicator_value = (indicator_value or "").strip()
    report.state = ReportState.SUBMITTED
    report.submitted_at = clock.now()
    report.submitted_by = actor.user
    report.save()
    for f in evidence or []:
        Evidence.objects.create(
            report=report,
            filename=f.filename[-200:],
            content_type=f.content_type[:100],
            size=len(f.data),
            data=f.data,
            uploaded_at=report.submitted_at,
        )
    if first:
        # The engine lets only jurisdiction-wide readers emit a jurisdiction event; the
        # focal point's report meets its task through the named system user (the report's
        # own audit event names the focal point).
        system_user_ensure()
        event_emit(
            actor=system_actor(),
            case=None,
            event=REPORT_SUBMITTED,
            subject=_subject(period.pk, activity.pk, actor.institution_id),
            data={"period": period.pk, "activity": activity.pk},
        )
    event_record(
        actor=actor,
        code=ActionPlanCode.REPORT_SUBMITTED,
        target=report,
        data={"activity": activity.code, "period": str(period), "status": status},
    )
    return report


@transaction.atomic
def report_review(*, actor, report_id: int, accept: bool, note: str = "") -> Report:
    """The Secretariat accepts a report or returns it for correction (with a note)."""
    _require(actor, Capability.ACTIONPLAN_MANAGE)
    report = Report.objects.select_for_update().filter(pk=report_id).first()
    if report is None:
        raise NotFound()
    if report.state != ReportState.SUBMITTED:
        raise AlreadyAccepted()
    if not accept and not (note or "").strip():
        raise ValidationFailed({"note": [_("Say what needs correcting.")]})
    report.state = ReportState.ACCEPTED if accept else ReportState.RETURNED
    report.review_note = (note or "").strip()[:MAX_TEXT]
    report.reviewed_at = clock.now()
    report.reviewed_by = actor.user
    report.save()
    event_record(
        actor=actor,
        code=ActionPlanCode.REPORT_REVIEWED,
        target=report,
        data={"state": report.state},
    )
    return report
