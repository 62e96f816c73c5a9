"""Every write of the emergency app. One transaction each, with its audit event.

The child's emergency protection measure (S3 L249–254, S7 L970–1045): the PMF initiates it
(`measure_initiate`: `child_emergency_protection_initiated`), informs the municipal
social-services director at once (`measure_director_inform`: `social_services_director_
informed`), records the director's decision (by role), the alternative-care placement (which
opens or moves the case's `protection` procedure), the GTN request and the contact with the
police investigator; a change of the measure to a family goes draft → director → court.
Institutions not responding climb the profile's `non_response_steps`. A foreign person's
residence permit (and a child's guardianship), the request to their country's mission, the
AP meeting on a foreign child's documentation, and the reflection and recovery period.
docs/emergency.md.
"""

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nrm.accounts.capabilities import Capability
from nrm.accounts.models import Institution, Membership, User
from nrm.audit.services import event_record
from nrm.core import clock
from nrm.core.codes import is_country
from nrm.core.errors import DomainError, Forbidden, ValidationFailed
from nrm.deadlines.services import calendar_for
from nrm.deadlines.services.inbox import notice_send
from nrm.emergency import selectors
from nrm.emergency.audit_codes import EmergencyCode
from nrm.emergency.error_codes import EmergencyError
from nrm.emergency.models import (
    ChangeStatus,
    ChildDocumentation,
    Decision,
    EmergencyMeasure,
    ForeignProcedure,
    MeasureChange,
    MissionRequest,
    NonResponse,
    NonResponseStep,
    Outcome,
    PermitKind,
    ReflectionExtension,
    ReflectionPeriod,
)
from nrm.emergency.notices import EmergencyNotice
from nrm.registry import services as registry
from nrm.registry.models import Case
from nrm.registry.selectors import case_get, procedure_open_of

MAX_TEXT = 20_000
MAX_PLACE = 80


class StepDone(DomainError):
    """The step is already recorded: recording it again would overwrite what happened."""

    code = EmergencyError.STEP_DONE
    status = 409
    default_message = gettext_lazy("This step of the measure is already recorded.")


# --- helpers ------------------------------------------------------------------------------


def _rules(profile):
    if profile.emergency is None:
        raise ValidationFailed({"__all__": [_("This procedure has no emergency measures.")]})
    return profile.emergency


def _case(actor, case_id: int):
    """The case, locked, and its profile's `emergency` rules: NotFound first for a case the
    actor cannot see, then Forbidden without case.update. What the case's state allows is
    asked next (ValidationFailed), and who the profile names for the step last (`_allow`):
    the order of every write of a case (tests/security/authz_emergency.py)."""
    case = case_get(actor=actor, id=case_id)
    if not actor.can(Capability.CASE_UPDATE):
        raise Forbidden()
    rules = _rules(registry.profile_of(case))
    return Case.objects.select_for_update().select_related("person").get(pk=case.pk), rules


def _allow(actor, recorders, message: str) -> None:
    """Forbidden unless the actor is one of the profile's `recorders` of the step."""
    if not selectors.allowed(actor, recorders):
        raise Forbidden(message)


def _text(value, field: str, errors: dict, *, required: bool = True, limit=MAX_TEXT) -> str:
    value = (value or "").strip() if isinstance(value, str) else ""
    if required and not value:
        errors[field] = [_("This field is required.")]
    elif len(value) > limit:
        errors[field] = [_("At most %(n)d characters.") % {"n": limit}]
    return value


def _day(value, field: str, errors: dict, *, after: date | None = None) -> date | None:
    if value is None or value == "":
        errors[field] = [_("Give the date.")]
        return None
    if isinstance(value, datetime):
        value = value.date()
    if not isinstance(value, date):
        errors[field] = [_("Give the date.")]
        return None
    if value > clock.today():
        errors[field] = [_("This date is in the future.")]
    elif after is not None and value < after:
        errors[field] = [_("This date is before the step it follows.")]
    return value


def _when(value, field: str, errors: dict, *, after: datetime | None = None) -> datetime | None:
    """A moment (now when not given): not in the future (a minute of clock skew allowed)."""
    now = clock.now()
    if value is None or value == "":
        return now
    if not isinstance(value, datetime) or value.tzinfo is None:
        errors[field] = [_("Give the date and time.")]
        return None
    if value > now + timedelta(minutes=1):
        errors[field] = [_("This moment is in the future.")]
    elif after is not None and value < after:
        errors[field] = [_("This moment is before the step it follows.")]
    return min(value, now)


def _moment(case: Case, day: date) -> datetime:
    """When a thing done on `day` happened: now if today, else the day's local noon."""
    if day == clock.today():
        return clock.now()
    cal = calendar_for(registry.profile_of(case))
    return datetime.combine(day, time(12), tzinfo=cal.time_zone)


def _local_day(case: Case, moment: datetime) -> date:
    return calendar_for(registry.profile_of(case)).local_date(moment)


def _emit(actor, case: Case, event: str, at=None) -> None:
    registry.case_event(actor=actor, case=case, event=event, at=at)


def _record(actor, code: EmergencyCode, case_id, target, data=None) -> None:
    event_record(actor=actor, code=code, case_id=case_id, target=target, data=data or {})


def _raise(errors: dict) -> None:
    if errors:
        raise ValidationFailed(errors)


def _institution(value, field: str, errors: dict, types) -> Institution | None:
    if value in (None, ""):
        return None
    found = Institution.objects.filter(pk=value, is_active=True).first()
    if found is None or (types and found.type not in types):
        errors[field] = [_("Choose an institution of the right kind.")]
        return None
    return found


def _users(recorders) -> list[User]:
    """The active users the profile's `recorders` name (roles at institution types)."""
    found: dict[int, User] = {}
    for r in recorders:
        memberships = Membership.objects.filter(
            is_active=True, role__in=r.roles, institution__is_active=True
        ).select_related("user")
        if r.institution_types:
            memberships = memberships.filter(institution__type__in=r.institution_types)
        for m in memberships:
            found[m.user_id] = m.user
    return list(found.values())


def _protection_follow(actor, case: Case, rules, state: str, reason: str) -> None:
    """The placement opens the case's protection procedure in `state`, or moves it there."""
    code = rules.protection_procedure
    running = procedure_open_of(case, code)
    version = Case.objects.values_list("version", flat=True).get(pk=case.pk)
    if running is None:
        registry.procedure_open(
            actor=actor, case_id=case.pk, code=code, state=state, reason=reason,
            expected_version=version,
        )  # fmt: skip
    elif running.state != state:
        registry.procedure_move(
            actor=actor, case_id=case.pk, code=code, to=state, reason=reason,
            expected_version=version,
        )  # fmt: skip


# --- the child's emergency protection measure ----------------------------------------------


def _measure(actor, case_id: int) -> tuple[Case, object, EmergencyMeasure]:
    case, rules = _case(actor, case_id)
    measure = (
        EmergencyMeasure.objects.select_for_update()
        .filter(case=case, ended_at__isnull=True)
        .first()
    )
    if measure is None:
        raise ValidationFailed(
            {"__all__": [_("No emergency protection measure is initiated on this case.")]}
        )
    _allow(
        actor,
        rules.recorded_by,
        _("The steps of the measure are recorded by the child protection worker (PMF)."),
    )
    return case, rules, measure


@transaction.atomic
def measure_initiate(
    *, actor, case_id: int, initiated_at: datetime | None = None, grounds: str = ""
) -> EmergencyMeasure:
    """The PMF initiates taking the child into protection and the emergency protection
    measure (L972–975): the director of the municipal social services must be informed at
    once (rule `social_services_director_notification`)."""
    case, rules = _case(actor, case_id)
    if rules.child_only and not case.is_child:
        raise ValidationFailed(
            {
                "__all__": [
                    _("The emergency protection measure is for a child: this person is an adult.")
                ]
            }
        )
    _allow(
        actor,
        rules.initiated_by,
        _("Only the child protection worker (PMF) initiates the emergency protection measure."),
    )
    errors: dict = {}
    moment = _when(initiated_at, "initiated_at", errors)
    text = _text(grounds, "grounds", errors, required=False)
    _raise(errors)
    if selectors.open_measure_of(case) is not None:
        raise StepDone(_("An emergency protection measure is already open on this case."))
    measure = EmergencyMeasure.objects.create(
        case=case,
        initiated_at=moment,
        initiated_by=actor.user,
        institution=actor.institution,
        grounds=text,
    )
    _emit(actor, case, "child_emergency_protection_initiated", moment)
    _record(actor, EmergencyCode.MEASURE_INITIATED, case.pk, measure)
    return measure


@transaction.atomic
def measure_director_inform(
    *, actor, case_id: int, informed_at: datetime | None = None
) -> EmergencyMeasure:
    """The director of the municipal social services was informed (L974–976)."""
    case, _unused, measure = _measure(actor, case_id)
    if measure.director_informed_at is not None:
        raise StepDone(_("The director was already informed of this measure."))
    errors: dict = {}
    moment = _when(informed_at, "informed_at", errors, after=measure.initiated_at)
    _raise(errors)
    measure.director_informed_at = moment
    measure.save(update_fields=["director_informed_at"])
    _emit(actor, case, "social_services_director_informed", moment)
    _record(actor, EmergencyCode.DIRECTOR_INFORMED, case.pk, measure)
    return measure


@transaction.atomic
def measure_decide(
    *,
    actor,
    case_id: int,
    decision: str,
    decided_on: date,
    director_role: str,
    reasoning: str,
) -> EmergencyMeasure:
    """The director's decision on the measure (L249–254), by role; a refusal ends it."""
    case, rules, measure = _measure(actor, case_id)
    if measure.decision:
        raise StepDone(_("The director's decision on this measure is already recorded."))
    errors: dict = {}
    if measure.director_informed_at is None:
        errors["__all__"] = [_("Record first that the director was informed of the measure.")]
    if decision not in Decision.values:
        errors["decision"] = [_("Choose the decision.")]
    if director_role not in {r.code for r in rules.director_roles}:
        errors["director_role"] = [_("Choose who decided.")]
    day = _day(decided_on, "decided_on", errors, after=_local_day(case, measure.initiated_at))
    text = _text(reasoning, "reasoning", errors)
    _raise(errors)
    measure.decision, measure.decided_on = decision, day
    measure.director_role, measure.decision_reasoning = director_role, text
    fields = ["decision", "decided_on", "director_role", "decision_reasoning"]
    if decision == Decision.REFUSED:
        measure.ended_at = clock.now()
        fields.append("ended_at")
    measure.save(update_fields=fields)
    _record(actor, EmergencyCode.DECIDED, case.pk, measure, {"decision": decision})
    return measure


@transaction.atomic
def measure_place(
    *,
    actor,
    case_id: int,
    kind: str,
    placed_on: date,
    institution_id: int | None = None,
    municipality: str = "",
) -> EmergencyMeasure:
    """The child's alternative-care placement (L251): a kind of the profile's catalogue, at
    an institution or in a municipality, never an address. Opens the case's protection
    procedure (or moves it to the kind's state)."""
    case, rules, measure = _measure(actor, case_id)
    if measure.placement_kind:
        raise StepDone(_("The placement of this measure is already recorded."))
    errors: dict = {}
    if measure.decision != Decision.APPROVED:
        errors["__all__"] = [_("The director has not approved the measure yet.")]
    try:
        placement = rules.placement(kind)
    except KeyError:
        placement = None
        errors["kind"] = [_("Choose the kind of alternative care.")]
    day = _day(placed_on, "placed_on", errors, after=measure.decided_on)
    types = placement.institution_types if placement is not None else ()
    where = _institution(institution_id, "institution_id", errors, types)
    if where is not None and placement is not None and not types:
        errors["institution_id"] = [_("This kind of care is in a family: name the municipality.")]
    place = _text(municipality, "municipality", errors, required=False, limit=MAX_PLACE)
    if any(ch.isdigit() for ch in place):
        errors["municipality"] = [_("Only the municipality, never an address.")]
    if where is None and not place and "institution_id" not in errors:
        errors["municipality"] = [_("Name the institution or the municipality of the placement.")]
    _raise(errors)
    measure.placement_kind, measure.placed_on = kind, day
    measure.placement_institution, measure.placement_municipality = where, place
    measure.save(
        update_fields=[
            "placement_kind",
            "placed_on",
            "placement_institution",
            "placement_municipality",
        ]
    )
    _protection_follow(
        actor, case, rules, placement.protection_state, _("Emergency protection measure")
    )
    _record(actor, EmergencyCode.PLACED, case.pk, measure, {"kind": kind})
    return measure


@transaction.atomic
def measure_gtn_request(
    *, actor, case_id: int, requested_at: datetime | None = None, gtn_institution_id=None
) -> EmergencyMeasure:
    """The PMF (case manager) requests the GTN meeting, within 72 hours (L984–986). The
    Individual Protection Plan that follows is the plans' (rule `child_protection_plan`)."""
    case, rules, measure = _measure(actor, case_id)
    if measure.gtn_requested_at is not None:
        raise StepDone(_("The GTN meeting was already requested for this measure."))
    errors: dict = {}
    moment = _when(requested_at, "requested_at", errors, after=measure.initiated_at)
    gtn = _institution(
        gtn_institution_id, "gtn_institution_id", errors, rules.gtn_institution_types
    )
    _raise(errors)
    measure.gtn_requested_at, measure.gtn_institution = moment, gtn
    measure.save(update_fields=["gtn_requested_at", "gtn_institution"])
    _record(actor, EmergencyCode.GTN_REQUESTED, case.pk, measure)
    return measure


@transaction.atomic
def measure_police_contact(
    *,
    actor,
    case_id: int,
    contacted_on: date,
    police_institution_id: int | None = None,
    note: str = "",
) -> EmergencyMeasure:
    """The PMF contacted the police's trafficking investigation specialist to coordinate the
    formal interview (L991–993)."""
    case, rules, measure = _measure(actor, case_id)
    if measure.police_contacted_on is not None:
        raise StepDone(_("The contact with the police is already recorded."))
    errors: dict = {}
    day = _day(contacted_on, "contacted_on", errors, after=_local_day(case, measure.initiated_at))
    police = _institution(
        police_institution_id, "police_institution_id", errors, rules.police_institution_types
    )
    text = _text(note, "note", errors, required=False)
    _raise(errors)
    measure.police_contacted_on, measure.police_institution = day, police
    measure.police_note = text
    measure.save(update_fields=["police_contacted_on", "police_institution", "police_note"])
    _record(actor, EmergencyCode.POLICE_CONTACTED, case.pk, measure)
    return measure


# --- the change of the measure to a family or foster family (L1036–1044) -------------------


def _change(measure: EmergencyMeasure, status: str) -> MeasureChange:
    change = measure.changes.select_for_update().filter(status=status).first()
    if change is None:
        labels = dict(ChangeStatus.choices)
        raise ValidationFailed(
            {
                "__all__": [
                    _("No change of the measure awaits this step (it needs: %(status)s).")
                    % {"status": labels[status]}
                ]
            }
        )
    return change


OPEN_CHANGE = (ChangeStatus.DRAFTED, ChangeStatus.APPROVED, ChangeStatus.AT_COURT)


@transaction.atomic
def measure_change_draft(*, actor, case_id: int, kind: str, drafted_on: date) -> MeasureChange:
    """After the GTN's meeting, the PMF drafts the measure placing the child in alternative
    care with the family or a foster family (L1039–1041)."""
    case, rules, measure = _measure(actor, case_id)
    errors: dict = {}
    if not measure.placement_kind:
        errors["__all__"] = [_("Record the child's placement first.")]
    families = {p.code for p in rules.placements if p.family}
    if kind not in families:
        errors["kind"] = [_("Choose the family placement.")]
    day = _day(drafted_on, "drafted_on", errors, after=measure.placed_on)
    _raise(errors)
    if measure.changes.filter(status__in=OPEN_CHANGE).exists():
        raise StepDone(_("A change of this measure is already under way."))
    change = MeasureChange.objects.create(
        measure=measure,
        case=case,
        placement_kind=kind,
        status=ChangeStatus.DRAFTED,
        drafted_on=day,
        recorded_at=clock.now(),
        recorded_by=actor.user,
    )
    _record(actor, EmergencyCode.CHANGE_DRAFTED, case.pk, change, {"kind": kind})
    return change


@transaction.atomic
def measure_change_approve(
    *, actor, case_id: int, approved_on: date, director_role: str
) -> MeasureChange:
    """The Director of Social Services in the municipality approved the change (L1041–1042)."""
    case, rules, measure = _measure(actor, case_id)
    change = _change(measure, ChangeStatus.DRAFTED)
    errors: dict = {}
    if director_role not in {r.code for r in rules.director_roles}:
        errors["director_role"] = [_("Choose who decided.")]
    day = _day(approved_on, "approved_on", errors, after=change.drafted_on)
    _raise(errors)
    change.status, change.approved_on, change.director_role = (
        ChangeStatus.APPROVED,
        day,
        director_role,
    )
    change.save(update_fields=["status", "approved_on", "director_role"])
    _record(actor, EmergencyCode.CHANGE_APPROVED, case.pk, change)
    return change


@transaction.atomic
def measure_change_send(*, actor, case_id: int, sent_on: date) -> MeasureChange:
    """The approved change is sent to the court for approval (L1042–1043)."""
    case, _unused, measure = _measure(actor, case_id)
    change = _change(measure, ChangeStatus.APPROVED)
    errors: dict = {}
    day = _day(sent_on, "sent_on", errors, after=change.approved_on)
    _raise(errors)
    change.status, change.sent_to_court_on = ChangeStatus.AT_COURT, day
    change.save(update_fields=["status", "sent_to_court_on"])
    _record(actor, EmergencyCode.CHANGE_SENT, case.pk, change)
    return change


@transaction.atomic
def measure_change_rule(
    *, actor, case_id: int, decision: str, decided_on: date, reference: str = ""
) -> MeasureChange:
    """The court's decision on the change: approved, the child's placement becomes the
    family one and the protection procedure follows it."""
    case, rules, measure = _measure(actor, case_id)
    change = _change(measure, ChangeStatus.AT_COURT)
    errors: dict = {}
    if decision not in Decision.values:
        errors["decision"] = [_("Choose the decision.")]
    day = _day(decided_on, "decided_on", errors, after=change.sent_to_court_on)
    text = _text(reference, "reference", errors, required=False, limit=200)
    _raise(errors)
    approved = decision == Decision.APPROVED
    change.status = ChangeStatus.COURT_APPROVED if approved else ChangeStatus.COURT_REFUSED
    change.court_decided_on, change.court_reference = day, text
    change.save(update_fields=["status", "court_decided_on", "court_reference"])
    if approved:
        measure.placement_kind, measure.placed_on = change.placement_kind, day
        measure.placement_institution = None
        measure.save(update_fields=["placement_kind", "placed_on", "placement_institution"])
        _protection_follow(
            actor,
            case,
            rules,
            rules.placement(change.placement_kind).protection_state,
            _("Change of the protection measure approved by the court"),
        )
    _record(actor, EmergencyCode.CHANGE_RULED, case.pk, change, {"decision": decision})
    return change


# --- institutions not responding (L977–983) ------------------------------------------------


def _climb(actor, case: Case, rules, nr: NonResponse, step) -> NonResponseStep:
    """Records level `step` of `nr`: the next level's users notified, access given to the
    institution that must act, the step's deadline event."""
    if step.grant_to_type:
        target = (
            Institution.objects.filter(type=step.grant_to_type, is_active=True)
            .order_by("pk")
            .first()
        )
        if target is not None and target.pk != case.owner_institution_id:
            registry.case_assign(
                actor=actor,
                case_id=case.pk,
                institution=target,
                reason=_("Institutions not responding: escalation"),
            )
    notified = notice_send(
        recipients=[u for u in _users(step.notify) if u.pk != actor.user.pk],
        kind=EmergencyNotice.NON_RESPONSE,
        case=case,
        data={"step": step.code},
    )
    row = NonResponseStep.objects.create(
        non_response=nr,
        step=step.code,
        at=clock.now(),
        by=actor.user,
        institution=actor.institution,
        notified=notified,
    )
    nr.step = step.code
    nr.save(update_fields=["step"])
    if step.emits:
        _emit(actor, case, step.emits)
    return row


@transaction.atomic
def non_response_report(
    *, actor, case_id: int, institution_id: int, asked: str, since: date
) -> NonResponse:
    """The first level of the chain (the NJMF): an institution does not respond to what it
    was asked since a day; the next level (the ASHDMF focal point) is notified."""
    case, rules = _case(actor, case_id)
    first = rules.non_response_steps[0]
    errors: dict = {}
    institution = _institution(institution_id, "institution_id", errors, ())
    if institution_id in (None, ""):
        errors["institution_id"] = [_("Choose the institution that does not respond.")]
    text = _text(asked, "asked", errors)
    day = _day(since, "since", errors)
    _raise(errors)
    _allow(actor, first.by, _("You may not report institutions not responding at this level."))
    nr = NonResponse.objects.create(
        case=case,
        institution=institution,
        asked=text,
        since=day,
        step=first.code,
        reported_at=clock.now(),
        reported_by=actor.user,
    )
    _climb(actor, case, rules, nr, first)
    _record(
        actor,
        EmergencyCode.NON_RESPONSE_REPORTED,
        case.pk,
        nr,
        {"institution": institution.code, "step": first.code},
    )
    return nr


@transaction.atomic
def non_response_escalate(*, actor, non_response_id: int) -> NonResponse:
    """The next level of the chain (the ASHDMF focal point forwards to the AP secretariat,
    which may request an immediate AP meeting): recorded by whoever the profile names."""
    nr = selectors.non_response_get(actor=actor, id=non_response_id)
    if not actor.can(Capability.CASE_UPDATE):
        raise Forbidden()
    rules = _rules(registry.profile_of(nr.case))
    codes = [s.code for s in rules.non_response_steps]
    position = codes.index(nr.step) if nr.step in codes else len(codes) - 1
    if position + 1 >= len(codes):
        raise StepDone(_("The escalation has reached its last level."))
    step = rules.non_response_steps[position + 1]
    if not selectors.allowed(actor, step.by):
        raise Forbidden(_("This level of the escalation is recorded by another institution."))
    nr = NonResponse.objects.select_for_update().select_related("case").get(pk=nr.pk)
    if nr.step != codes[position]:
        raise StepDone(_("Someone else escalated this meanwhile."))
    case = Case.objects.select_for_update().get(pk=nr.case_id)
    _climb(actor, case, rules, nr, step)
    _record(actor, EmergencyCode.NON_RESPONSE_ESCALATED, case.pk, nr, {"step": step.code})
    return nr


# --- foreign persons -------------------------------------------------------------------------


def _foreign(case: Case, errors: dict) -> None:
    if not selectors.is_foreign(case):
        errors["__all__"] = [
            _(
                "This person is not recorded as a foreign national: no residence permit or "
                "mission is needed."
            )
        ]


@transaction.atomic
def residence_permit_start(*, actor, case_id: int, requested_on: date) -> list[ForeignProcedure]:
    """The residence permit procedure started for a foreign person placed in a centre or
    shelter, and for a child the guardianship too, at once (L1000–1002, L1124–1125)."""
    case, rules = _case(actor, case_id)
    errors: dict = {}
    _foreign(case, errors)
    _raise(errors)
    _allow(
        actor,
        rules.residence_permit_by,
        _("The residence permit is started by the case manager or the PMF."),
    )
    day = _day(requested_on, "requested_on", errors)
    _raise(errors)
    running = ForeignProcedure.objects.filter(case=case).exclude(outcome=Outcome.REFUSED)
    if running.filter(kind=PermitKind.RESIDENCE_PERMIT).exists():
        raise StepDone(_("A residence permit procedure is already started for this person."))
    kinds = [PermitKind.RESIDENCE_PERMIT]
    if case.is_child and not running.filter(kind=PermitKind.GUARDIANSHIP).exists():
        kinds.append(PermitKind.GUARDIANSHIP)
    now = clock.now()
    rows = [
        ForeignProcedure.objects.create(
            case=case, kind=k, requested_on=day, requested_by=actor.user, recorded_at=now
        )
        for k in kinds
    ]
    event = (
        "residence_permit_and_guardianship_started"
        if case.is_child
        else "residence_permit_procedure_started"
    )
    _emit(actor, case, event, _moment(case, day))
    _record(actor, EmergencyCode.PERMIT_STARTED, case.pk, rows[0], {"kinds": list(kinds)})
    return rows


@transaction.atomic
def permit_decide(
    *, actor, permit_id: int, outcome: str, decided_on: date, reference: str = ""
) -> ForeignProcedure:
    """The outcome of a residence permit or guardianship procedure."""
    permit = selectors.permit_get(actor=actor, id=permit_id)
    _unused, rules = _case(actor, permit.case_id)
    _allow(
        actor,
        rules.residence_permit_by,
        _("The residence permit is recorded by the case manager or the PMF."),
    )
    permit = ForeignProcedure.objects.select_for_update().get(pk=permit.pk)
    if permit.outcome:
        raise StepDone(_("The outcome of this procedure is already recorded."))
    errors: dict = {}
    if outcome not in Outcome.values:
        errors["outcome"] = [_("Choose the outcome.")]
    day = _day(decided_on, "decided_on", errors, after=permit.requested_on)
    text = _text(reference, "reference", errors, required=False, limit=200)
    _raise(errors)
    permit.outcome, permit.outcome_on, permit.reference = outcome, day, text
    permit.save(update_fields=["outcome", "outcome_on", "reference"])
    _record(
        actor,
        EmergencyCode.PERMIT_DECIDED,
        permit.case_id,
        permit,
        {"kind": permit.kind, "outcome": outcome},
    )
    return permit


@transaction.atomic
def mission_request(*, actor, case_id: int, country: str, requested_on: date) -> MissionRequest:
    """A foreign person without an identity document: the request to the diplomatic mission
    of their country for one (L1127–1129)."""
    case, rules = _case(actor, case_id)
    errors: dict = {}
    _foreign(case, errors)
    _raise(errors)
    _allow(
        actor,
        rules.mission_request_by,
        _("The request to a diplomatic mission is made by the case manager or a focal point."),
    )
    country = (country or "").strip().upper() if isinstance(country, str) else ""
    if not is_country(country) or country == registry.profile_of(case).home_country:
        errors["country"] = [_("Choose the country whose mission is asked.")]
    day = _day(requested_on, "requested_on", errors)
    _raise(errors)
    if MissionRequest.objects.filter(case=case, country=country, outcome="").exists():
        raise StepDone(_("A request to this mission is already waiting for its answer."))
    request = MissionRequest.objects.create(
        case=case,
        country=country,
        requested_on=day,
        requested_by=actor.user,
        recorded_at=clock.now(),
    )
    _record(actor, EmergencyCode.MISSION_REQUESTED, case.pk, request, {"country": country})
    return request


@transaction.atomic
def mission_answer(*, actor, request_id: int, outcome: str, answered_on: date) -> MissionRequest:
    """The mission's answer: a document issued (granted) or refused."""
    request = selectors.mission_request_get(actor=actor, id=request_id)
    _unused, rules = _case(actor, request.case_id)
    _allow(
        actor,
        rules.mission_request_by,
        _("The request to a diplomatic mission is made by the case manager or a focal point."),
    )
    request = MissionRequest.objects.select_for_update().get(pk=request.pk)
    if request.outcome:
        raise StepDone(_("The mission's answer is already recorded."))
    errors: dict = {}
    if outcome not in Outcome.values:
        errors["outcome"] = [_("Choose the outcome.")]
    day = _day(answered_on, "answered_on", errors, after=request.requested_on)
    _raise(errors)
    request.outcome, request.answered_on = outcome, day
    request.save(update_fields=["outcome", "answered_on"])
    _record(actor, EmergencyCode.MISSION_ANSWERED, request.case_id, request, {"outcome": outcome})
    return request


@transaction.atomic
def documentation_notify(
    *, actor, case_id: int, notified_at: datetime | None = None
) -> ChildDocumentation:
    """The AP secretariat is notified of a foreign child's documentation: it must request
    the AP meeting within 24 hours (L1004–1005, rule `foreign_child_documentation_meeting`)."""
    case, rules = _case(actor, case_id)
    errors: dict = {}
    if not case.is_child:
        errors["__all__"] = [_("This is for a foreign child: this person is an adult.")]
    else:
        _foreign(case, errors)
    _raise(errors)
    _allow(
        actor,
        rules.documentation_notified_by,
        _("The AP secretariat is notified by the PMF, the centre's staff or a focal point."),
    )
    moment = _when(notified_at, "notified_at", errors)
    _raise(errors)
    if ChildDocumentation.objects.filter(case=case, meeting_requested_at__isnull=True).exists():
        raise StepDone(
            _("The AP secretariat was already notified and has not requested the meeting yet.")
        )
    doc = ChildDocumentation.objects.create(case=case, notified_at=moment, notified_by=actor.user)
    notice_send(
        recipients=[u for u in _users(rules.documentation_meeting_by) if u.pk != actor.user.pk],
        kind=EmergencyNotice.CHILD_DOCUMENTATION,
        case=case,
    )
    _emit(actor, case, "foreign_child_documentation_notified", moment)
    _record(actor, EmergencyCode.DOCUMENTATION_NOTIFIED, case.pk, doc)
    return doc


@transaction.atomic
def documentation_meeting_request(
    *, actor, case_id: int, requested_at: datetime | None = None
) -> ChildDocumentation:
    """The AP secretariat requests the AP meeting on the child's documentation (L1004–1005).
    The meeting itself is convened on the meetings' pages (nrm.meetings, body `ap`)."""
    case, rules = _case(actor, case_id)
    doc = (
        ChildDocumentation.objects.select_for_update()
        .filter(case=case, meeting_requested_at__isnull=True)
        .first()
    )
    if doc is None:
        if ChildDocumentation.objects.filter(case=case).exists():
            raise StepDone(_("The AP meeting on this child's documentation is already requested."))
        raise ValidationFailed(
            {
                "__all__": [
                    _("The AP secretariat has not been notified of this child's documentation.")
                ]
            }
        )
    _allow(
        actor,
        rules.documentation_meeting_by,
        _("The AP meeting is requested by the AP secretariat."),
    )
    errors: dict = {}
    moment = _when(requested_at, "requested_at", errors, after=doc.notified_at)
    _raise(errors)
    doc.meeting_requested_at, doc.meeting_requested_by = moment, actor.user
    doc.save(update_fields=["meeting_requested_at", "meeting_requested_by"])
    _emit(actor, case, "foreign_child_documentation_meeting_requested", moment)
    _record(actor, EmergencyCode.DOCUMENTATION_MEETING, case.pk, doc)
    return doc


# --- the reflection and recovery period (L241–247, L380) -----------------------------------


@transaction.atomic
def reflection_start(*, actor, case_id: int, starts_on: date) -> ReflectionPeriod:
    """Starts the reflection and recovery period: the profile's days, the start day included
    (30 by default: art. 13 of the Council of Europe Convention; the SOP sets no length)."""
    case, rules = _case(actor, case_id)
    _allow(
        actor,
        rules.reflection_by,
        _("The reflection period is recorded by the institutions that assist the person."),
    )
    errors: dict = {}
    day = _day(starts_on, "starts_on", errors)
    _raise(errors)
    if ReflectionPeriod.objects.filter(case=case).exists():
        raise StepDone(_("The reflection period of this case is already started."))
    period = ReflectionPeriod.objects.create(
        case=case,
        starts_on=day,
        days=rules.reflection_days,
        ends_on=day + timedelta(days=rules.reflection_days - 1),
        recorded_at=clock.now(),
        recorded_by=actor.user,
    )
    _record(actor, EmergencyCode.REFLECTION_STARTED, case.pk, period, {"days": period.days})
    return period


@transaction.atomic
def reflection_extend(*, actor, case_id: int, days: int, reason: str) -> ReflectionPeriod:
    """Extends the period by `days` with a reason, up to the profile's maximum in all."""
    case, rules = _case(actor, case_id)
    period = ReflectionPeriod.objects.select_for_update().filter(case=case).first()
    if period is None:
        raise ValidationFailed({"__all__": [_("The reflection period has not been started.")]})
    _allow(
        actor,
        rules.reflection_by,
        _("The reflection period is recorded by the institutions that assist the person."),
    )
    used = sum(e.days for e in period.extensions.all())
    left = rules.reflection_max_extension_days - used
    errors: dict = {}
    if not isinstance(days, int) or isinstance(days, bool) or days < 1 or days > left:
        errors["days"] = [
            _("Extend by 1 to %(n)d days (the profile's maximum in all).") % {"n": max(left, 0)}
        ]
    text = _text(reason, "reason", errors)
    _raise(errors)
    period.ends_on = period.ends_on + timedelta(days=days)
    period.save(update_fields=["ends_on"])
    extension = ReflectionExtension.objects.create(
        period=period,
        case=case,
        days=days,
        reason=text,
        ends_on=period.ends_on,
        recorded_at=clock.now(),
        recorded_by=actor.user,
    )
    _record(actor, EmergencyCode.REFLECTION_EXTENDED, case.pk, extension, {"days": days})
    return period
