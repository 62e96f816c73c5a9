"""Every write of the appeals (SOP S6a). One transaction each, with its audit event.

The appeal is filed with the AP secretariat, which records it (`appeal_file`); the
Commission is convened (`appeal_convene`), reviews the file (`file_review_record`: its
30-working-day clock starts), may ask for information or an expert, and decides by
majority; the decision changes the status through `registry.services.case_status_decide`
(`decision_apply`), is notified to its recipients, and may be challenged in the
administrative court, which suspends it until the court rules. docs/appeals.md.
"""

from dataclasses import dataclass
from datetime import date, datetime, time

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from nrm.accounts.models import Institution, User
from nrm.appeals import selectors
from nrm.appeals.audit_codes import AppealCode
from nrm.appeals.models import (
    OPEN_STATUSES,
    AnonymisedDecision,
    Appeal,
    AppealStatus,
    AppealWaiver,
    CommissionAppointment,
    CourtChallenge,
    DecisionNotice,
    InformationRequest,
    Kind,
    Outcome,
    Recipient,
    RequestKind,
)
from nrm.audit.services import event_record
from nrm.consent.selectors import suspected_givers
from nrm.core import clock
from nrm.core.errors import Forbidden, IllegalTransition, NotFound, ValidationFailed
from nrm.deadlines.services import calendar_for, event_emit
from nrm.jurisdictions import get_profile
from nrm.meetings.services import AttendeeIn, meeting_convene
from nrm.registry import services as registry
from nrm.registry.models import Case
from nrm.registry.selectors import case_get

MAX_TEXT = 20_000
MEETING_BODY = "commission"
MEETING_PURPOSE = "appeal_review"

# --- helpers ------------------------------------------------------------------------------


def _rules(profile):
    if profile.appeals is None:
        raise ValidationFailed({"__all__": [_("This procedure has no appeals.")]})
    return profile.appeals


def _require_recorder(actor, profile) -> None:
    if not selectors.is_recorder(actor=actor, profile=profile):
        raise Forbidden(_("Appeals are received and recorded by the AP secretariat."))


def _case_for_recorder(actor, case_id: int) -> tuple[Case, object]:
    case = case_get(actor=actor, id=case_id)  # NotFound first, then Forbidden
    profile = registry.profile_of(case)
    _rules(profile)
    _require_recorder(actor, profile)
    return Case.objects.select_for_update().get(pk=case.pk), profile


def _appeal_for(actor, appeal_id: int, *, commission: bool = False) -> tuple[Appeal, object]:
    """The appeal, locked, for the AP secretariat (or, with `commission`, an appointed
    member of the Commission too)."""
    appeal = selectors.appeal_get(actor=actor, id=appeal_id)
    profile = registry.profile_of(appeal.case)
    _rules(profile)
    allowed = selectors.is_recorder(actor=actor, profile=profile) or (
        commission and selectors.is_appointed_member(actor=actor)
    )
    if not allowed:
        raise Forbidden(_("Only the AP secretariat or a member of the Commission records this."))
    return Appeal.objects.select_for_update().select_related("case").get(pk=appeal.pk), profile


def _text(value: str, field: str, errors: dict, *, required: bool = True, limit=MAX_TEXT) -> str:
    value = (value or "").strip()
    if required and not value:
        errors[field] = [_("This field is required.")]
    elif len(value) > limit:
        errors[field] = [_("At most %(n)d characters.") % {"n": limit}]
    return value


def _day(value, field: str, errors: dict, *, not_future: bool = True) -> date | None:
    if value is None or value == "":
        errors[field] = [_("Give the date.")]
        return None
    if isinstance(value, datetime):
        value = value.date()
    if not_future and value > clock.today():
        errors[field] = [_("This date is in the future.")]
    return value


def _moment(profile, day: date) -> datetime:
    """When a thing done on `day` happened: now if today, else the day's local noon."""
    if day == clock.today():
        return clock.now()
    cal = calendar_for(profile)
    return datetime.combine(day, time(12), tzinfo=cal.time_zone)


def _local_date(profile, moment: datetime) -> date:
    return calendar_for(profile).local_date(moment)


def _emit(actor, case, event: str, at=None) -> None:
    registry.case_event(actor=actor, case=case, event=event, at=at)


def _record(actor, code: AppealCode, case_id, target, data=None) -> None:
    event_record(actor=actor, code=code, case_id=case_id, target=target, data=data or {})


def _number(case: Case, kind: str) -> str:
    prefix = "RIV" if kind == Kind.REEVALUATION else "ANK"
    n = Appeal.objects.filter(case=case).count() + 1
    return f"{prefix}-{case.reference}-{n}"


def appellant_problem(profile, case: Case, appellant: str) -> str | None:
    """Why `appellant` may not appeal for this case, or None (L836–841)."""
    rules = _rules(profile)
    try:
        rule = rules.appellant(appellant)
    except KeyError:
        return _("Choose who files the appeal.")
    if rule.applies_to == "adult" and case.is_child:
        return _("For a child, the appeal is filed by a parent or the legal guardian.")
    if rule.applies_to == "child" and not case.is_child:
        return _("An adult appeals personally or through a legal representative or guardian.")
    if rule.excluded_if_suspected and appellant in suspected_givers(case=case):
        return _(
            "A parent or guardian suspected of involvement in the trafficking may not appeal "
            "for the child."
        )
    return None


def _commission_institution(profile) -> Institution | None:
    return (
        Institution.objects.filter(type=_rules(profile).commission_institution_type)
        .order_by("pk")
        .first()
    )


def _give_commission_access(actor, case: Case, profile) -> None:
    """The Commission examines the whole case file (S6a): its institution is given access."""
    commission = _commission_institution(profile)
    if commission is not None and commission.pk != case.owner_institution_id:
        registry.case_assign(
            actor=actor,
            case_id=case.pk,
            institution=commission,
            reason=_("Appeal to the Special Inter-institutional Commission"),
        )


# --- notice of the decision and the window ----------------------------------------------


@transaction.atomic
def decision_notice_record(*, actor, case_id: int, notified_on: date) -> Case:
    """The person received notice of the latest status decision: its appeal window opens
    (`decision_notified`, seed L838), counted from that day."""
    case, profile = _case_for_recorder(actor, case_id)
    errors: dict = {}
    day = _day(notified_on, "notified_on", errors)
    decision = selectors.appealed_decision(case)
    if decision is None:
        errors.setdefault("__all__", [_("There is no status decision to notify.")])
    elif day is not None and day < _local_date(profile, decision.at):
        errors["notified_on"] = [_("Notice cannot precede the decision.")]
    if errors:
        raise ValidationFailed(errors)
    if selectors.appeal_window(case, decision) is not None:
        raise ValidationFailed({"notified_on": [_("The notice of this decision is recorded.")]})
    _emit(actor, case, "decision_notified", _moment(profile, day))
    _record(actor, AppealCode.NOTICE_OF_DECISION, case.pk, case, {"on": day.isoformat()})
    return case


def _window_check(case: Case, filed_on: date) -> tuple[object, selectors.Window]:
    decision = selectors.appealed_decision(case)
    window = selectors.appeal_window(case, decision) if decision is not None else None
    if decision is None or window is None:
        raise ValidationFailed(
            {
                "__all__": [
                    _(
                        "There is no notified status decision to appeal: an appeal is against "
                        "the decision of the group or the AP, once the person received notice."
                    )
                ]
            }
        )
    if window.waived:
        raise ValidationFailed(
            {"__all__": [_("The person waived the right of appeal against this decision.")]}
        )
    if filed_on > window.closes_on:
        raise ValidationFailed(
            {
                "filed_on": [
                    _("Outside the window: it closed on %(day)s.")
                    % {"day": window.closes_on.strftime("%d.%m.%Y")}
                ]
            }
        )
    return decision, window


@transaction.atomic
def appeal_file(
    *,
    actor,
    case_id: int,
    appellant: str,
    filed_on: date,
    arguments: str,
    appellant_name: str = "",
) -> Appeal:
    """Records a written appeal received by the AP secretariat on `filed_on`, against the
    latest notified status decision, within its window (the last day accepted, the next
    refused). Emits `appeal_filed`: the window is met, the 5-working-day convening opens."""
    case, profile = _case_for_recorder(actor, case_id)
    errors: dict = {}
    day = _day(filed_on, "filed_on", errors)
    problem = appellant_problem(profile, case, appellant)
    if problem:
        errors["appellant"] = [problem]
    name = _text(
        appellant_name, "appellant_name", errors, required=appellant != "person", limit=200
    )
    text = _text(arguments, "arguments", errors)
    if errors:
        raise ValidationFailed(errors)
    if selectors.open_appeal_of(case) is not None:
        raise ValidationFailed({"__all__": [_("An appeal on this case is already open.")]})
    decision, window = _window_check(case, day)
    now = clock.now()
    appeal = Appeal.objects.create(
        case=case,
        kind=Kind.APPEAL,
        number=_number(case, Kind.APPEAL),
        appellant=appellant,
        appellant_name=name,
        arguments=text,
        filed_on=day,
        recorded_at=now,
        recorded_by=actor.user,
        appealed_change=decision,
        appealed_kind=decision.reason_code,
        appealed_status=decision.to_value,
        window_closes_on=window.closes_on,
    )
    _give_commission_access(actor, case, profile)
    _emit(actor, case, "appeal_filed", _moment(profile, day))
    _record(
        actor,
        AppealCode.FILED,
        case.pk,
        appeal,
        {"appellant": appellant, "against": decision.reason_code, "filed_on": day.isoformat()},
    )
    return appeal


@transaction.atomic
def reevaluation_propose(*, actor, case_id: int, filed_on: date, arguments: str) -> Appeal:
    """The AP forwards to the Commission a proposal to re-evaluate the status of a person
    assessed as sustainably reintegrated (seed L870–873, L1418); reviewed like an appeal."""
    case, profile = _case_for_recorder(actor, case_id)
    errors: dict = {}
    day = _day(filed_on, "filed_on", errors)
    text = _text(arguments, "arguments", errors)
    kind = profile.status_authority(_rules(profile).reevaluation_kind)
    if not kind.moves.get(case.identification_status):
        errors.setdefault(
            "__all__",
            [_("Only the status of a victim or a potential victim is re-evaluated.")],
        )
    if errors:
        raise ValidationFailed(errors)
    if selectors.open_appeal_of(case) is not None:
        raise ValidationFailed({"__all__": [_("An appeal on this case is already open.")]})
    appeal = Appeal.objects.create(
        case=case,
        kind=Kind.REEVALUATION,
        number=_number(case, Kind.REEVALUATION),
        appellant="ap",
        arguments=text,
        filed_on=day,
        recorded_at=clock.now(),
        recorded_by=actor.user,
        appealed_status=case.identification_status,
    )
    _give_commission_access(actor, case, profile)
    _record(actor, AppealCode.REEVALUATION_PROPOSED, case.pk, appeal, {"filed_on": day.isoformat()})
    return appeal


@transaction.atomic
def appeal_withdraw(*, actor, appeal_id: int, reason: str) -> Appeal:
    """The appellant withdraws the appeal before the decision: its clocks are cancelled."""
    appeal, _profile = _appeal_for(actor, appeal_id)
    errors: dict = {}
    text = _text(reason, "reason", errors)
    if errors:
        raise ValidationFailed(errors)
    if appeal.status not in OPEN_STATUSES:
        raise IllegalTransition(_("Only an appeal not yet decided can be withdrawn."))
    appeal.status = AppealStatus.WITHDRAWN
    appeal.withdrawn_at = clock.now()
    appeal.withdrawal_reason = text
    appeal.save(update_fields=["status", "withdrawn_at", "withdrawal_reason"])
    _emit(actor, appeal.case, "appeal_withdrawn")
    _record(actor, AppealCode.WITHDRAWN, appeal.case_id, appeal)
    return appeal


@transaction.atomic
def appeal_waive(
    *, actor, case_id: int, appellant: str, waived_on: date, note: str = ""
) -> AppealWaiver:
    """The person (or for a child the parent or guardian) waives the right of appeal: the
    window closes early (`appeal_waived`)."""
    case, profile = _case_for_recorder(actor, case_id)
    errors: dict = {}
    day = _day(waived_on, "waived_on", errors)
    problem = appellant_problem(profile, case, appellant)
    if problem:
        errors["appellant"] = [problem]
    text = _text(note, "note", errors, required=False)
    if errors:
        raise ValidationFailed(errors)
    if selectors.open_appeal_of(case) is not None:
        raise ValidationFailed({"__all__": [_("An appeal on this case is already open.")]})
    _window_check(case, day)
    waiver = AppealWaiver.objects.create(
        case=case,
        waived_on=day,
        appellant=appellant,
        note=text,
        recorded_at=clock.now(),
        recorded_by=actor.user,
    )
    _emit(actor, case, "appeal_waived", _moment(profile, day))
    _record(actor, AppealCode.WAIVED, case.pk, waiver, {"appellant": appellant})
    return waiver


# --- the Commission's review -----------------------------------------------------------


@transaction.atomic
def appeal_convene(*, actor, appeal_id: int, scheduled_for: datetime, place: str = "") -> Appeal:
    """The chair (or the AP secretariat on the chair's behalf) convenes the Commission on the
    appeal, within 5 working days of filing: a closed meeting of the `commission` body for
    `appeal_review`, with the appointed members as its chair and members (nrm.meetings);
    `on_convened` then ties the meeting to the appeal (`appeal_convened`)."""
    appeal, _profile = _appeal_for(actor, appeal_id, commission=True)
    if appeal.status != AppealStatus.FILED:
        raise IllegalTransition(_("The Commission is convened once, on an appeal just filed."))
    members = list(selectors.active_appointments())
    if not members:
        raise ValidationFailed(
            {"__all__": [_("No member of the Commission is appointed: record the appointments.")]}
        )
    attendees = [
        AttendeeIn(capacity="chair" if m.chair else "member", user_id=m.user_id) for m in members
    ]
    agenda = [
        _("Review of appeal %(number)s") % {"number": appeal.number},
        _("The case file, the decision appealed and the appellant's arguments"),
    ]
    meeting_convene(
        actor=actor,
        body=MEETING_BODY,
        purpose=MEETING_PURPOSE,
        case_id=appeal.case_id,
        scheduled_for=scheduled_for,
        agenda=agenda,
        attendees=attendees,
        place=place,
    )
    return Appeal.objects.get(pk=appeal.pk)


def appeal_convened(*, actor, appeal: Appeal, meeting) -> Appeal:
    """The meeting's `on_convened`: the appeal (locked by the caller) is before the Commission
    (`commission_convened` meets the 5-working-day clock)."""
    now = clock.now()
    appeal.status = AppealStatus.CONVENED
    appeal.convened_at = now
    appeal.scheduled_for = meeting.scheduled_for
    appeal.meeting_id = meeting.pk
    appeal.save(update_fields=["status", "convened_at", "scheduled_for", "meeting_id"])
    _emit(actor, appeal.case, "commission_convened", now)
    _record(actor, AppealCode.CONVENED, appeal.case_id, appeal, {"meeting": meeting.pk})
    return appeal


@transaction.atomic
def file_review_record(*, actor, appeal_id: int, reviewed_on: date) -> Appeal:
    """The Commission reviewed the case file: the 30 working days for its reasoned decision
    run from this day (S6a duty 7)."""
    appeal, profile = _appeal_for(actor, appeal_id, commission=True)
    errors: dict = {}
    day = _day(reviewed_on, "reviewed_on", errors)
    if day is not None and day < appeal.filed_on:
        errors["reviewed_on"] = [_("The file is reviewed after the appeal is filed.")]
    if errors:
        raise ValidationFailed(errors)
    if appeal.status != AppealStatus.CONVENED:
        raise IllegalTransition(_("The file is reviewed once the Commission is convened."))
    appeal.status = AppealStatus.REVIEWED
    appeal.file_reviewed_on = day
    appeal.save(update_fields=["status", "file_reviewed_on"])
    _emit(actor, appeal.case, "appeal_file_reviewed", _moment(profile, day))
    _record(actor, AppealCode.FILE_REVIEWED, appeal.case_id, appeal, {"on": day.isoformat()})
    return appeal


@transaction.atomic
def information_request(
    *, actor, appeal_id: int, kind: str, addressee: str, text: str, due_on: date
) -> InformationRequest:
    """The Commission asks for additional information or invites an expert (L910–911)."""
    appeal, _profile = _appeal_for(actor, appeal_id, commission=True)
    errors: dict = {}
    if kind not in RequestKind.values:
        errors["kind"] = [_("Choose information or expert.")]
    who = _text(addressee, "addressee", errors, limit=300)
    what = _text(text, "text", errors)
    if due_on is None:
        errors["due_on"] = [_("Give the date.")]
    elif due_on < clock.today():
        errors["due_on"] = [_("This date is in the past.")]
    if errors:
        raise ValidationFailed(errors)
    if appeal.status not in (AppealStatus.CONVENED, AppealStatus.REVIEWED):
        raise IllegalTransition(_("The Commission asks for information while it reviews."))
    request = InformationRequest.objects.create(
        appeal=appeal,
        case=appeal.case,
        kind=kind,
        addressee=who,
        text=what,
        due_on=due_on,
        asked_at=clock.now(),
        recorded_by=actor.user,
    )
    _record(actor, AppealCode.INFORMATION_REQUESTED, appeal.case_id, request, {"kind": kind})
    return request


@transaction.atomic
def information_received(
    *, actor, request_id: int, answered_on: date, note: str = ""
) -> InformationRequest:
    request = InformationRequest.objects.filter(pk=request_id).first()
    if request is None:
        raise NotFound()
    _appeal_for(actor, request.appeal_id, commission=True)
    errors: dict = {}
    day = _day(answered_on, "answered_on", errors)
    text = _text(note, "note", errors, required=False)
    if errors:
        raise ValidationFailed(errors)
    request.answered_on = day
    request.answer_note = text
    request.save(update_fields=["answered_on", "answer_note"])
    _record(actor, AppealCode.INFORMATION_RECEIVED, request.case_id, request)
    return request


# --- the decision -------------------------------------------------------------------------


def outcomes_for(appeal: Appeal) -> list[tuple[str, str]]:
    """The outcomes the Commission may decide: uphold, or a status the decision's kind may
    move to from the status appealed (a re-evaluation ends the status or keeps it)."""
    profile = registry.profile_of(appeal.case)
    rules = _rules(profile)
    code = rules.reevaluation_kind if appeal.kind == Kind.REEVALUATION else rules.decision_kind
    kind = profile.status_authority(code)
    moves = set(kind.moves.get(appeal.case.identification_status, ()))
    return [(o.value, o.label) for o in Outcome if o == Outcome.UPHOLD or o.value in moves]


@dataclass(frozen=True)
class Vote:
    votes_for: int
    votes_against: int
    abstentions: int


def _age_group(person, on: date, profile) -> str:
    age = None
    if person.date_of_birth:
        try:
            born = date.fromisoformat(person.date_of_birth)
            age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
        except ValueError:
            age = None
    if age is None and person.estimated_age is not None:
        age = person.estimated_age
    if age is None:
        return "UNK"
    return "Y_LT18" if age < profile.age_of_majority else "Y_GE18"


SEX_CODES = {"female": "F", "male": "M", "other": "X"}


def _citizenship(code: str) -> str:
    if code == "XXA":
        return "STLS"
    if not code or code == "XXX" or len(code) != 2:
        return "UNK"
    return code


def _anonymise(appeal: Appeal, profile) -> AnonymisedDecision:
    """The version for statistics and policy monitoring (S6a L924–926): no case, no person,
    no free text, no day (statistics.md §7.2 code lists)."""
    person = appeal.case.person
    decided = _local_date(profile, appeal.decided_at)
    return AnonymisedDecision.objects.create(
        jurisdiction=profile.code,
        kind=appeal.kind,
        age_group=_age_group(person, decided, profile),
        sex=SEX_CODES.get(person.sex, "UNK"),
        citizenship=_citizenship(person.citizenship),
        appealed_kind=appeal.appealed_kind or appeal.kind,
        status_before=appeal.appealed_status,
        outcome=appeal.outcome,
        status_after=appeal.status_after,
        filed_month=appeal.filed_on.replace(day=1),
        decided_month=decided.replace(day=1),
    )


def decision_apply(
    *,
    actor,
    appeal: Appeal,
    outcome: str,
    reasoning: str,
    reference: str,
    vote: Vote,
    decided_at: datetime | None = None,
) -> Appeal:
    """Applies the Commission's majority decision on `appeal` (locked by the caller) in the
    caller's transaction: the status through `case_status_decide` when it changes, the
    `commission_decided` event, the anonymised record. The meeting's `on_decision`."""
    profile = registry.profile_of(appeal.case)
    rules = _rules(profile)
    errors: dict = {}
    if outcome not in {code for code, _label in outcomes_for(appeal)}:
        errors["outcome"] = [_("Choose one of the outcomes.")]
    text = _text(reasoning, "reasoning", errors)
    ref = _text(reference, "reference", errors, limit=64)
    if errors:
        raise ValidationFailed(errors)
    if appeal.status != AppealStatus.REVIEWED:
        raise IllegalTransition(_("The Commission decides after it has reviewed the file."))
    case = Case.objects.select_for_update().get(pk=appeal.case_id)
    status_after = case.identification_status
    if outcome != Outcome.UPHOLD and outcome != case.identification_status:
        code = rules.reevaluation_kind if appeal.kind == Kind.REEVALUATION else rules.decision_kind
        case = registry.case_status_decide(
            actor=actor,
            case_id=case.pk,
            to=outcome,
            decision=registry.DecisionRef(kind=code, reference=ref, reason=text),
            expected_version=case.version,
        )
        status_after = outcome
    appeal.case = case
    appeal.status = AppealStatus.DECIDED
    appeal.outcome = outcome
    appeal.status_after = status_after
    appeal.reasoning = text
    appeal.decision_reference = ref
    appeal.votes_for = vote.votes_for
    appeal.votes_against = vote.votes_against
    appeal.abstentions = vote.abstentions
    appeal.decided_at = decided_at or clock.now()
    appeal.save()
    _emit(actor, case, "commission_decided", appeal.decided_at)
    _anonymise(appeal, profile)
    _record(
        actor,
        AppealCode.DECIDED,
        case.pk,
        appeal,
        {"outcome": outcome, "for": vote.votes_for, "against": vote.votes_against},
    )
    return appeal


@transaction.atomic
def decision_notify(*, actor, appeal_id: int, recipient: str, notified_on: date) -> DecisionNotice:
    """The reasoned decision was communicated to the appellant, the group or the AP (duty 8)."""
    appeal, _profile = _appeal_for(actor, appeal_id, commission=True)
    errors: dict = {}
    if recipient not in Recipient.values:
        errors["recipient"] = [_("Choose the recipient.")]
    day = _day(notified_on, "notified_on", errors)
    if errors:
        raise ValidationFailed(errors)
    if appeal.decided_at is None:
        raise IllegalTransition(_("Only a decision is notified."))
    if appeal.notices.filter(recipient=recipient).exists():
        raise ValidationFailed({"recipient": [_("This notice is already recorded.")]})
    notice = DecisionNotice.objects.create(
        appeal=appeal,
        recipient=recipient,
        notified_on=day,
        recorded_at=clock.now(),
        recorded_by=actor.user,
    )
    _record(actor, AppealCode.NOTIFIED, appeal.case_id, notice, {"recipient": recipient})
    return notice


# --- the administrative court -------------------------------------------------------------


@transaction.atomic
def court_challenge_record(
    *, actor, appeal_id: int, filed_on: date, court: str, reference: str
) -> CourtChallenge:
    """A challenge of the Commission's decision in the administrative court: the decision's
    execution is suspended until the court rules (S6a L892–896)."""
    appeal, _profile = _appeal_for(actor, appeal_id)
    errors: dict = {}
    day = _day(filed_on, "filed_on", errors)
    name = _text(court, "court", errors, limit=120)
    ref = _text(reference, "reference", errors, limit=64)
    if (
        day is not None
        and appeal.decided_at is not None
        and day < _local_date(_profile, appeal.decided_at)
    ):
        errors["filed_on"] = [_("The challenge follows the decision.")]
    if errors:
        raise ValidationFailed(errors)
    if appeal.status != AppealStatus.DECIDED:
        raise IllegalTransition(_("Only a decision of the Commission is challenged in court."))
    challenge = CourtChallenge.objects.create(
        appeal=appeal,
        case=appeal.case,
        filed_on=day,
        court=name,
        reference=ref,
        recorded_at=clock.now(),
        recorded_by=actor.user,
    )
    appeal.status = AppealStatus.SUSPENDED
    appeal.save(update_fields=["status"])
    _record(actor, AppealCode.COURT_CHALLENGED, appeal.case_id, challenge)
    return challenge


@transaction.atomic
def court_ruling_record(
    *, actor, appeal_id: int, outcome: str, ruled_on: date, reference: str, reason: str
) -> CourtChallenge:
    """The court's ruling, recorded by the AP secretariat; a ruling that sets another status
    changes it through `case_status_decide` (kind `court_ruling`)."""
    appeal, profile = _appeal_for(actor, appeal_id)
    rules = _rules(profile)
    errors: dict = {}
    day = _day(ruled_on, "ruled_on", errors)
    ref = _text(reference, "reference", errors, limit=64)
    text = _text(reason, "reason", errors)
    statuses = {s.code for s in profile.identification_statuses}
    if outcome != Outcome.UPHOLD and outcome not in statuses:
        errors["outcome"] = [_("Choose one of the outcomes.")]
    if errors:
        raise ValidationFailed(errors)
    if appeal.status != AppealStatus.SUSPENDED:
        raise IllegalTransition(_("A ruling is recorded on a decision challenged in court."))
    case = Case.objects.select_for_update().get(pk=appeal.case_id)
    if outcome != Outcome.UPHOLD and outcome != case.identification_status:
        registry.case_status_decide(
            actor=actor,
            case_id=case.pk,
            to=outcome,
            decision=registry.DecisionRef(kind=rules.court_kind, reference=ref, reason=text),
            expected_version=case.version,
        )
    challenge = appeal.court
    challenge.ruled_on = day
    challenge.ruling_outcome = outcome
    challenge.ruling_reference = ref
    challenge.save(update_fields=["ruled_on", "ruling_outcome", "ruling_reference"])
    appeal.status = AppealStatus.RULED
    appeal.save(update_fields=["status"])
    _record(actor, AppealCode.COURT_RULED, appeal.case_id, challenge, {"outcome": outcome})
    return challenge


# --- the Commission's members -----------------------------------------------------------


@transaction.atomic
def commission_member_appoint(
    *,
    actor,
    user_id: int,
    ministry: str,
    order_reference: str,
    order_date: date,
    valid_from: date,
    chair: bool = False,
    valid_to: date | None = None,
) -> CommissionAppointment:
    """Records a member appointed by order of a minister and communicated to the AP
    secretariat (S6a L897–900). When every ministry has a member, the Commission is
    complete: `commission_members_appointed` (the jurisdiction's rule 17) is emitted."""
    profile = get_profile_for(actor)
    rules = _rules(profile)
    _require_recorder(actor, profile)
    errors: dict = {}
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        errors["user"] = [_("Choose the member.")]
    try:
        ministry_rule = rules.ministry(ministry)
    except KeyError:
        ministry_rule = None
        errors["ministry"] = [_("Choose the ministry.")]
    order = _text(order_reference, "order_reference", errors, limit=64)
    _day(order_date, "order_date", errors)
    if valid_from is None:
        errors["valid_from"] = [_("Give the date.")]
    elif valid_to is not None and valid_to < valid_from:
        errors["valid_to"] = [_("The end is before the start.")]
    if chair and ministry_rule is not None and not ministry_rule.chair:
        errors["chair"] = [_("The member of the Ministry of Interior chairs the Commission.")]
    if errors:
        raise ValidationFailed(errors)
    if user.memberships.filter(role=rules.commission_role).count() == 0:
        raise ValidationFailed(
            {"user": [_("The member needs an account with the Commission member's role.")]}
        )
    overlapping = CommissionAppointment.objects.filter(ministry=ministry).exclude(
        valid_to__lt=valid_from
    )
    if valid_to is not None:
        overlapping = overlapping.filter(valid_from__lte=valid_to)
    if overlapping.exists():
        raise ValidationFailed(
            {"ministry": [_("This ministry has a member for these dates: end that term first.")]}
        )
    appointment = CommissionAppointment.objects.create(
        user=user,
        ministry=ministry,
        order_reference=order,
        order_date=order_date,
        chair=chair,
        valid_from=valid_from,
        valid_to=valid_to,
        recorded_at=clock.now(),
        recorded_by=actor.user,
    )
    covered = set(selectors.active_appointments(on=valid_from).values_list("ministry", flat=True))
    if {m.code for m in rules.ministries} <= covered:
        event_emit(actor=actor, case=None, event="commission_members_appointed")
    _record(actor, AppealCode.MEMBER_APPOINTED, None, appointment, {"ministry": ministry})
    return appointment


@transaction.atomic
def commission_member_end(*, actor, appointment_id: int, valid_to: date) -> CommissionAppointment:
    profile = get_profile_for(actor)
    _require_recorder(actor, profile)
    appointment = (
        CommissionAppointment.objects.select_for_update().filter(pk=appointment_id).first()
    )
    if appointment is None:
        raise NotFound()
    if valid_to is None or valid_to < appointment.valid_from:
        raise ValidationFailed({"valid_to": [_("The end is before the start.")]})
    appointment.valid_to = valid_to
    appointment.save(update_fields=["valid_to"])
    _record(actor, AppealCode.MEMBER_ENDED, None, appointment, {"ministry": appointment.ministry})
    return appointment


def get_profile_for(actor):
    return get_profile(settings.NRM_JURISDICTION)
