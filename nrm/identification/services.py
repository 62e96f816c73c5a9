"""Every write of formal identification (SOP stage C). Keyword-only, one transaction, its
audit event. The status changes only through the registry's `case_status_decide` (kind
`group_decision` for the group's B3, `ap_decision` for the AP's binding decision), the
procedure only through `procedure_move`; deadlines through the registry's `case_event`.
Whoever cannot see the case gets NotFound; whoever sees it but is not a member of its group
gets Forbidden; bad input raises ValidationFailed and leaves nothing saved."""

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nrm.accounts.capabilities import Capability
from nrm.accounts.models import Institution, Membership
from nrm.audit.services import event_record
from nrm.consent import rules as consent_rules
from nrm.consent import selectors as consent_checks
from nrm.core import clock
from nrm.core.errors import Forbidden, NotFound, ValidationFailed
from nrm.core.language import current_language
from nrm.deadlines.services.inbox import notice_send
from nrm.identification import procedure, rules, selectors
from nrm.identification.audit_codes import IdentificationCode
from nrm.identification.models import (
    FormalInterview,
    FormalParticipant,
    Group,
    GroupDecision,
    GroupState,
    InterviewStatus,
    Opening,
    Seat,
)
from nrm.identification.notices import IdentificationNotice
from nrm.meetings import services as meetings
from nrm.meetings.models import Meeting
from nrm.meetings.services import AttendeeIn
from nrm.registry import services as registry
from nrm.registry.models import Case, CaseGrant, GrantStatus
from nrm.registry.rules import may_record as rules_may_record
from nrm.registry.selectors import case_get
from nrm.screening import rules as screening_rules
from nrm.screening import selectors as screening
from nrm.screening.models import InterviewLogEntry

# --- helpers ----------------------------------------------------------------------------


def _case_for_update(actor, case_id: int) -> Case:
    # NotFound for a case the caller cannot see; Forbidden only for one they see.
    case = case_get(actor=actor, id=case_id)
    if not actor.can(Capability.CASE_UPDATE):
        raise Forbidden()
    return Case.objects.select_for_update().select_related("person").get(pk=case.pk)


def _emit(*, actor, case: Case, event: str, at: datetime | None = None) -> None:
    registry.case_event(actor=actor, case=case, event=event, at=at)


def _person(case: Case, profile) -> screening_rules.Person:
    return screening.person_of(case, profile)


def _in_formal(case: Case, group: Group | None) -> Group:
    """The open group while it has the case (procedure `formal`); else ValidationFailed."""
    if (
        group is None
        or group.state != GroupState.FORMAL
        or procedure.state_of(case) != rules.FORMAL
    ):
        raise ValidationFailed(
            {"__all__": [_("This case is not with the formal identification group.")]}
        )
    return group


def _with_the_group(case: Case) -> bool:
    """The identification procedure is with the group (`formal`)."""
    return procedure.state_of(case) == rules.FORMAL


def _member(actor, case: Case, group: Group) -> Seat:
    seat = next((s for s in group.seats.all() if s.user_id == actor.user.pk), None)
    if seat is None:
        raise Forbidden(_("Only a member of the case's formal identification group may do this."))
    return seat


def _refuse_not_member(actor, case: Case) -> None:
    if not selectors.is_member(actor=actor, case=case):
        raise Forbidden(_("Only a member of the case's formal identification group may do this."))


def _group_members(group: Group) -> list:
    return [s.user for s in group.seats.all() if s.user is not None]


# --- the group --------------------------------------------------------------------------


def _seats_from_request(case: Case) -> tuple:
    request = (
        case.formal_identification_requests.prefetch_related("recipients__institution")
        .order_by("-requested_at", "-id")
        .first()
    )
    if request is None:
        return None, []
    return request, [r.institution for r in request.recipients.all()]


@transaction.atomic
def seat_take(*, actor, case_id: int) -> Seat:
    """ "I am the member for my institution": a user of an institution the A5 (or the
    self-referral) named takes up the case for it. The group is formed when every
    institution has its member: `formal_identification_group_intervened`, and the members
    are told in their inbox. Another user of the same institution takes the seat over."""
    case = _case_for_update(actor, case_id)
    group = selectors.group_open(case=case)
    if group is None:
        request, institutions = _seats_from_request(case)
        if request is None or not _with_the_group(case):
            raise ValidationFailed(
                {"__all__": [_("No request for formal identification was sent for this case.")]}
            )
        group = Group.objects.create(
            case=case,
            opened_via=Opening.A5,
            request=request,
            county=request.county,
            for_child=case.is_child,
            opened_at=clock.now(),
            opened_by=actor.user,
        )
        for institution in institutions:
            Seat.objects.create(group=group, institution=institution)
    _in_formal(case, group)
    seat = Seat.objects.filter(group=group, institution_id=actor.institution_id).first()
    if seat is None:
        raise Forbidden(
            _("Your institution is not one of this case's formal identification group.")
        )
    previous = seat.user_id
    seat.user, seat.taken_at = actor.user, clock.now()
    seat.save()
    event_record(
        actor=actor,
        code=IdentificationCode.SEAT_TAKEN,
        case_id=case.pk,
        target=group,
        data={"institution": actor.institution.code, "replaces": previous is not None},
    )
    group = Group.objects.prefetch_related("seats__user").get(pk=group.pk)
    if group.formed_at is None and all(s.user_id for s in group.seats.all()):
        group.formed_at = clock.now()
        group.save(update_fields=["formed_at"])
        _emit(actor=actor, case=case, event="formal_identification_group_intervened")
        notice_send(
            recipients=_group_members(group),
            kind=IdentificationNotice.GROUP_FORMED,
            case=case,
            data={"group": group.pk},
        )
    return seat


@transaction.atomic
def identification_open(*, actor, case_id: int, institutions: list[str] | None = None) -> Group:
    """Self-referral (L704–706): the person asks the police (or another institution of the
    group) for the formal interview without an A5. A user of a group institution opens
    formal identification on a case it can see: the group is its institution and one of each
    other type of the county (the only one, or the chosen one), who are given access; the
    opener takes its seat; the identification procedure moves initial → formal."""
    case = _case_for_update(actor, case_id)
    profile = registry.profile_of(case)
    stage = screening_rules.stage_rules(profile)
    types = screening_rules.group_types(stage, is_child=case.is_child)
    institution = actor.institution
    if institution is None or institution.type not in types:
        raise Forbidden(_("Only an institution of the formal identification group opens it."))
    errors: dict[str, list[str]] = {}
    if Group.objects.filter(case=case).exists():
        errors["__all__"] = [_("Formal identification is already open for this case.")]
    elif procedure.state_of(case) not in (None, rules.INITIAL):
        errors["__all__"] = [_("This case is not in initial identification.")]
    if case.identification_status != screening_rules.POTENTIAL_VICTIM:
        errors["identification_status"] = [
            _("Only a potential victim (VMT) is identified formally.")
        ]
    county = institution.county or case.county
    members: list[Institution] = [institution]
    chosen = set(institutions or [])
    candidates = screening.group_candidates(case=case, county=county, profile=profile)
    for kind, found in candidates.items():
        if kind == institution.type:
            continue
        picked = [i for i in found if i.code in chosen]
        if len(picked) == 1 or (not picked and len(found) == 1):
            members.append(picked[0] if picked else found[0])
        else:
            errors.setdefault("institutions", []).append(
                _("Choose one institution of each kind of the group.")
            )
    if errors:
        raise ValidationFailed(errors)
    group = Group.objects.create(
        case=case,
        opened_via=Opening.SELF_REFERRAL,
        county=county,
        for_child=case.is_child,
        opened_at=clock.now(),
        opened_by=actor.user,
    )
    granted = set(
        CaseGrant.objects.filter(case=case, status=GrantStatus.ACCEPTED).values_list(
            "institution_id", flat=True
        )
    )
    for member in members:
        Seat.objects.create(
            group=group,
            institution=member,
            user=actor.user if member.pk == institution.pk else None,
            taken_at=clock.now() if member.pk == institution.pk else None,
        )
        if member.pk != case.owner_institution_id and member.pk not in granted:
            registry.case_assign(
                actor=actor,
                case_id=case.pk,
                institution=member,
                reason=f"G/SPIF-{group.pk}: formal identification group",
            )
    procedure.move(
        actor=actor,
        case_id=case.pk,
        to=rules.FORMAL,
        reason="identification.self_referral",
        reference=f"G/SPIF-{group.pk}",
    )
    event_record(
        actor=actor,
        code=IdentificationCode.OPENED,
        case_id=case.pk,
        target=group,
        data={"institutions": [m.code for m in members], "county": county},
    )
    return group


# --- the formal interview (B1/B2) -------------------------------------------------------


@transaction.atomic
def interview_plan(
    *,
    actor,
    case_id: int,
    scheduled_at: datetime,
    place: str,
    parent_guardian_suspected: bool = False,
) -> FormalInterview:
    case = _case_for_update(actor, case_id)
    group = _in_formal(case, selectors.group_open(case=case))
    _member(actor, case, group)
    profile = registry.profile_of(case)
    stage = rules.stage_rules(profile)
    errors: dict[str, list[str]] = {}
    if scheduled_at is None:
        errors["scheduled_at"] = [_("Enter the date and time.")]
    if not (place or "").strip():
        errors["place"] = [_("Enter where the interview takes place.")]
    if FormalInterview.objects.filter(
        case=case, status__in=[InterviewStatus.PLANNED, InterviewStatus.STARTED]
    ).exists():
        errors["__all__"] = [_("A formal interview is already planned for this case.")]
    if errors:
        raise ValidationFailed(errors)
    interview = FormalInterview.objects.create(
        group=group,
        case=case,
        form=rules.form_for(is_child=case.is_child),
        status=InterviewStatus.PLANNED,
        scheduled_at=scheduled_at,
        place=place.strip()[:200],
        parent_guardian_suspected=bool(parent_guardian_suspected),
        max_minutes=rules.max_minutes(stage, is_child=case.is_child),
        created_at=clock.now(),
        created_by=actor.user,
        institution=actor.institution,
    )
    event_record(
        actor=actor,
        code=IdentificationCode.INTERVIEW_PLANNED,
        case_id=case.pk,
        target=interview,
        data={"form": interview.form},
    )
    return interview


def _interview_for_update(actor, interview_id: int) -> tuple[FormalInterview, Case, Group]:
    found = selectors.interview_get(actor=actor, id=interview_id)
    case = _case_for_update(actor, found.case_id)
    interview = FormalInterview.objects.select_for_update().get(pk=found.pk)
    group = _in_formal(case, selectors.group_open(case=case))
    if interview.group_id != group.pk:
        raise ValidationFailed({"__all__": [_("This interview belongs to an earlier group.")]})
    _member(actor, case, group)
    return interview, case, group


@transaction.atomic
def participant_add(
    *,
    actor,
    interview_id: int,
    role: str,
    name: str,
    requested_by_person: bool = False,
    declaration_signed_on: date | None = None,
) -> FormalParticipant:
    interview, case, _group = _interview_for_update(actor, interview_id)
    if interview.status != InterviewStatus.PLANNED:
        raise ValidationFailed({"__all__": [_("The interview has already started.")]})
    profile = registry.profile_of(case)
    stage = rules.stage_rules(profile)
    rules.check_participant(
        stage,
        role=role,
        person=_person(case, profile),
        suspected=interview.parent_guardian_suspected,
        requested_by_person=bool(requested_by_person),
    )
    errors = {}
    if not (name or "").strip():
        errors["name"] = [_("Enter the name.")]
    if declaration_signed_on is not None and declaration_signed_on > clock.today():
        errors["declaration_signed_on"] = [_("Not in the future.")]
    if errors:
        raise ValidationFailed(errors)
    participant = FormalParticipant.objects.create(
        interview=interview,
        role=role,
        name=name.strip()[:200],
        requested_by_person=bool(requested_by_person),
        declaration_signed_on=declaration_signed_on,
        created_at=clock.now(),
    )
    event_record(
        actor=actor,
        code=IdentificationCode.PARTICIPANT_ADDED,
        case_id=case.pk,
        target=participant,
        data={"role": role, "interview": interview.pk},
    )
    return participant


@transaction.atomic
def interview_start(
    *,
    actor,
    interview_id: int,
    conditions: list[str],
    rights: list[str],
    started_at: datetime | None = None,
) -> FormalInterview:
    """Starts the interview once nrm's checks pass (request, A2 in force, certificate,
    interpreter's A1, no second formal interview of a child), the mandatory participants are
    present, the required conditions are confirmed and the seven rights explained."""
    interview, case, group = _interview_for_update(actor, interview_id)
    if interview.status != InterviewStatus.PLANNED:
        raise ValidationFailed({"__all__": [_("The interview has already started.")]})
    profile = registry.profile_of(case)
    stage = rules.stage_rules(profile)
    started_at = started_at or clock.now()
    a2_purpose, _form = consent_rules.a2(consent_rules.rules_of(profile))
    facts = rules.StartFacts(
        request_made=group.opened_via == Opening.SELF_REFERRAL or group.request_id is not None,
        consent_in_force=consent_checks.consent_allows(case=case, purpose=a2_purpose),
        certificate=screening.potential_victim_since(actor=actor, case=case) is not None,
        earlier_formal_interview=selectors.interview_ended_exists(case=case),
    )
    rows = [
        rules.ParticipantRow(role=p.role, signed=p.declaration_signed_on is not None)
        for p in interview.participants.all()
    ]
    errors = rules.start_problems(
        stage,
        person=_person(case, profile),
        facts=facts,
        participants=rows,
        conditions=list(conditions or []),
        rights=list(rights or []),
    )
    if started_at > clock.now():
        errors["started_at"] = [_("Not in the future.")]
    if errors:
        raise ValidationFailed(errors)
    interview.status = InterviewStatus.STARTED
    interview.conditions = sorted(set(conditions))
    interview.rights = [r.code for r in stage.rights if r.code in set(rights)]
    interview.started_at = started_at
    interview.save()
    # The interview log: read before a child is interviewed again (screening's log).
    InterviewLogEntry.objects.create(
        person_id=case.person_id,
        case=case,
        form=interview.form,
        at=started_at,
        by=actor.user,
        institution=actor.institution,
        purpose=str(interview.get_form_display()),
        recorded_at=clock.now(),
    )
    event_record(
        actor=actor,
        code=IdentificationCode.INTERVIEW_STARTED,
        case_id=case.pk,
        target=interview,
        data={"form": interview.form, "conditions": interview.conditions},
    )
    _emit(actor=actor, case=case, event="formal_interview_started", at=started_at)
    return interview


@transaction.atomic
def interview_end(
    *,
    actor,
    interview_id: int,
    ended_at: datetime | None = None,
    interruptions: int = 0,
    interrupted_by_person: bool = False,
    interruption_note: str = "",
    exceedance_reason: str = "",
    facts: str = "",
) -> FormalInterview:
    """Ends the interview: its duration against the profile's maximum (60 minutes for a
    child, 90 for an adult); longer needs a reason and is recorded as exceeded."""
    interview, case, _group = _interview_for_update(actor, interview_id)
    if interview.status != InterviewStatus.STARTED:
        raise ValidationFailed({"__all__": [_("The interview has not started.")]})
    ended_at = ended_at or clock.now()
    try:
        interruptions = int(interruptions or 0)
    except (TypeError, ValueError):
        interruptions = -1
    errors = rules.end_problems(
        started=interview.started_at,
        ended=ended_at,
        now=clock.now(),
        maximum=interview.max_minutes,
        exceedance_reason=exceedance_reason,
        interruptions=interruptions,
        interruption_note=interruption_note,
    )
    if errors:
        raise ValidationFailed(errors)
    minutes = rules.duration_minutes(interview.started_at, ended_at)
    interview.status = InterviewStatus.ENDED
    interview.ended_at = ended_at
    interview.minutes = minutes
    interview.exceeded = minutes > interview.max_minutes
    interview.exceedance_reason = (exceedance_reason or "").strip() if interview.exceeded else ""
    interview.interruptions = interruptions
    interview.interrupted_by_person = bool(interrupted_by_person)
    interview.interruption_note = (interruption_note or "").strip()
    interview.facts = (facts or "").strip()
    interview.save()
    event_record(
        actor=actor,
        code=IdentificationCode.INTERVIEW_ENDED,
        case_id=case.pk,
        target=interview,
        data={"minutes": minutes, "exceeded": interview.exceeded, "interruptions": interruptions},
    )
    _emit(actor=actor, case=case, event="formal_interview_ended", at=ended_at)
    return interview


@transaction.atomic
def needs_assess(*, actor, interview_id: int, assessment: str) -> FormalInterview:
    """The in-depth needs assessment (L710–711, L727–728), by the group's member of the
    profile's assessing institution: the PMF for a child, the social worker for an adult."""
    interview, case, _group = _interview_for_update(actor, interview_id)
    stage = rules.stage_rules(registry.profile_of(case))
    assessor = rules.needs_assessor(stage, is_child=case.is_child)
    if actor.institution is None or actor.institution.type != assessor:
        raise Forbidden(
            _(
                "The needs are assessed by the child protection worker for a child and by "
                "the social worker for an adult."
            )
        )
    if interview.status == InterviewStatus.PLANNED:
        raise ValidationFailed({"__all__": [_("The interview has not started.")]})
    if not (assessment or "").strip():
        raise ValidationFailed({"assessment": [_("Write the assessment.")]})
    interview.needs_assessment = assessment.strip()
    interview.needs_assessed_at = clock.now()
    interview.needs_assessed_by = actor.user
    interview.save()
    event_record(
        actor=actor, code=IdentificationCode.NEEDS_ASSESSED, case_id=case.pk, target=interview
    )
    return interview


# --- the decision (B3) ------------------------------------------------------------------


@transaction.atomic
def decision_record(
    *,
    actor,
    case_id: int,
    outcome: str | None,
    consensus: bool,
    decided_on: date | None,
    reasoning: str,
    shelter: str = "",
    notified_on: date | None = None,
) -> GroupDecision:
    """B3. With consensus: the status moves (`case_status_decide`, kind `group_decision`;
    unchanged when the group confirms the status the case has), the procedure formal →
    decided, `formal_identification_decided` (the decision goes to the AP by the end of the
    day); `notified_on` records the notice (`decision_notified`, the appeal window).
    Without consensus: the status stays, the procedure formal → at_ap, the file goes to the
    AP the same day (`formal_identification_no_consensus`, `no_consensus_file_sent_to_ap`)."""
    case = _case_for_update(actor, case_id)
    group = selectors.group_open(case=case)
    if group is None or not any(s.user_id == actor.user.pk for s in group.seats.all()):
        raise Forbidden(
            _("Only a member of the case's formal identification group may record its decision.")
        )
    group = _in_formal(case, group)
    _member(actor, case, group)
    profile = registry.profile_of(case)
    stage = rules.stage_rules(profile)
    errors = rules.decision_problems(
        stage,
        outcome=outcome,
        consensus=consensus,
        decided_on=decided_on,
        notified_on=notified_on,
        reasoning=reasoning,
        today=clock.today(),
        opened_on=timezone.localdate(group.opened_at),
    )
    if group.formed_at is None:
        errors.setdefault("__all__", []).append(
            _("Every institution of the group takes up the case before the group decides.")
        )
    if errors:
        raise ValidationFailed(errors)
    before = case.identification_status
    decision = GroupDecision.objects.create(
        group=group,
        case=case,
        outcome=outcome if consensus else None,
        consensus=consensus,
        decided_on=decided_on,
        reasoning=reasoning.strip(),
        shelter=(shelter or "").strip()[:300] if case.is_child else "",
        status_before=before,
        status_after=before,
        recorded_at=clock.now(),
        recorded_by=actor.user,
        institution=actor.institution,
    )
    reference = decision.reference
    if consensus:
        to = rules.status_to(current=before, outcome=outcome)
        if to is not None:
            procedure.status_decide(
                actor=actor,
                case_id=case.pk,
                to=to,
                kind=rules.GROUP_KIND,
                reference=reference,
                reason=str(IdentificationCode.GROUP_DECISION.label),
            )
            decision.status_after = to
            decision.save(update_fields=["status_after"])
        procedure.move(
            actor=actor,
            case_id=case.pk,
            to=rules.DECIDED,
            reason="identification.group_decision",
            reference=reference,
        )
        group.state = GroupState.DECIDED
        group.save(update_fields=["state"])
        event_record(
            actor=actor,
            code=IdentificationCode.DECIDED,
            case_id=case.pk,
            target=decision,
            data={"outcome": outcome, "from": before, "to": decision.status_after},
        )
        _emit(actor=actor, case=case, event="formal_identification_decided")
        if notified_on is not None:
            _notice(actor=actor, case=case, decision=decision, notified_on=notified_on)
    else:
        procedure.move(
            actor=actor,
            case_id=case.pk,
            to=rules.AT_AP,
            reason="identification.no_consensus",
            reference=reference,
        )
        group.state = GroupState.AT_AP
        group.save(update_fields=["state"])
        decision.sent_to_ap_at = clock.now()
        decision.save(update_fields=["sent_to_ap_at"])
        event_record(
            actor=actor,
            code=IdentificationCode.NO_CONSENSUS,
            case_id=case.pk,
            target=decision,
        )
        _emit(actor=actor, case=case, event="formal_identification_no_consensus")
        _emit(actor=actor, case=case, event="no_consensus_file_sent_to_ap")
    return decision


def _decision_for_update(actor, decision_id: int) -> tuple[GroupDecision, Case]:
    found = selectors.decision_get(actor=actor, id=decision_id)
    case = _case_for_update(actor, found.case_id)
    decision = GroupDecision.objects.select_for_update().select_related("group").get(pk=found.pk)
    if not decision.group.seats.filter(user_id=actor.user.pk).exists():
        raise Forbidden(_("Only a member of the group that decided may do this."))
    return decision, case


@transaction.atomic
def decision_send_to_ap(*, actor, decision_id: int) -> GroupDecision:
    """The group sends its B3 to the AP electronically (within the day, L803)."""
    decision, case = _decision_for_update(actor, decision_id)
    if not decision.consensus:
        raise ValidationFailed({"__all__": [_("A file without consensus went to the AP.")]})
    if decision.sent_to_ap_at is not None:
        raise ValidationFailed({"__all__": [_("The decision was already sent to the AP.")]})
    decision.sent_to_ap_at = clock.now()
    decision.save(update_fields=["sent_to_ap_at"])
    event_record(actor=actor, code=IdentificationCode.SENT_TO_AP, case_id=case.pk, target=decision)
    _emit(actor=actor, case=case, event="decision_sent_to_ap")
    return decision


def _notice(*, actor, case: Case, decision: GroupDecision, notified_on: date) -> None:
    decision.notified_on = notified_on
    decision.save(update_fields=["notified_on"])
    event_record(
        actor=actor,
        code=IdentificationCode.NOTICE_RECORDED,
        case_id=case.pk,
        target=decision,
        data={"notified_on": notified_on.isoformat()},
    )
    # At that day (the window counts from the day of the notice, seed L838).
    at = timezone.make_aware(datetime(notified_on.year, notified_on.month, notified_on.day))
    _emit(actor=actor, case=case, event="decision_notified", at=at)


@transaction.atomic
def decision_notice_record(*, actor, decision_id: int, notified_on: date | None) -> GroupDecision:
    """The day the person received notice of the group's decision: opens the 30 working
    days of the appeal window (seed L838), counted from that day."""
    decision, case = _decision_for_update(actor, decision_id)
    errors = {}
    if not decision.consensus:
        errors["__all__"] = [_("Without consensus there is no decision to notify: the AP decides.")]
    elif decision.notified_on is not None:
        errors["notified_on"] = [_("The notice was already recorded.")]
    elif notified_on is None:
        errors["notified_on"] = [_("Enter the day the person received the notice.")]
    elif notified_on > clock.today():
        errors["notified_on"] = [_("Not in the future.")]
    elif notified_on < decision.decided_on:
        errors["notified_on"] = [_("Not before the decision.")]
    if errors:
        raise ValidationFailed(errors)
    _notice(actor=actor, case=case, decision=decision, notified_on=notified_on)
    return decision


# --- the AP's decision when the group disagreed (S6 L813–833) --------------------------

AP_PURPOSE = "ap_disagreement"
AP_BODY = "ap"


def _users_of(recorders) -> list:
    """Active users whose role (and institution type) the recorders name: the body's members."""
    found = []
    memberships = Membership.objects.filter(is_active=True, user__is_active=True).select_related(
        "user", "institution"
    )
    for m in memberships:
        if rules_may_record(role=m.role, institution_type=m.institution.type, recorders=recorders):
            found.append(m.user)
    return list({u.pk: u for u in found}.values())


def ap_attendees(*, case: Case, profile) -> list[AttendeeIn]:
    """Who must attend (L824–827): every AP member (a member of the body's `chair_roles`
    chairs), the group's members and the persons who made the initial identification (who
    screened and interviewed)."""
    body = next((b for b in profile.meeting_bodies if b.code == AP_BODY), None)
    if body is None:
        raise ValidationFailed({"__all__": [_("This procedure has no Responsible Authority.")]})
    attendees: list[AttendeeIn] = []
    seen: set[int] = set()
    members = sorted(_users_of(body.members), key=lambda u: u.pk)
    chairs = Membership.objects.filter(is_active=True, role__in=body.chair_roles)
    heads = [u for u in members if chairs.filter(user=u).exists()]
    for user in members:
        chair = bool(heads) and user.pk == heads[0].pk
        attendees.append(AttendeeIn(capacity="chair" if chair else "member", user_id=user.pk))
        seen.add(user.pk)
    group = selectors.group_open(case=case)
    for seat in group.seats.all() if group else []:
        if seat.user_id and seat.user_id not in seen:
            attendees.append(AttendeeIn(capacity="group_member", user_id=seat.user_id, votes=False))
            seen.add(seat.user_id)
    identifiers = list(case.screenings.values_list("submitted_by_id", flat=True)) + list(
        case.interviews.values_list("created_by_id", flat=True)
    )
    for user_id in identifiers:
        if user_id not in seen:
            attendees.append(
                AttendeeIn(capacity="initial_identifier", user_id=user_id, votes=False)
            )
            seen.add(user_id)
    return attendees


@transaction.atomic
def ap_meeting_convene(*, actor, case_id: int, scheduled_for: datetime, place: str = ""):
    """The AP secretariat (or its head) convenes the AP on a file the group sent without
    consensus, within 24 hours of receiving it, with every AP member, the group's members and
    the initial identifiers as required attendees (`meetings.meeting_convene`, its audit
    event `meeting.convened`)."""
    case = case_get(actor=actor, id=case_id)
    if not actor.can(Capability.CASE_UPDATE):
        raise Forbidden()
    try:
        decision = selectors.decision_for_ap(case=case)
    except NotFound:
        raise ValidationFailed(
            {"__all__": [_("No file without consensus awaits the AP for this case.")]}
        ) from None
    if (
        decision.ap_meeting_id
        and Meeting.objects.filter(
            pk=decision.ap_meeting_id, status__in=["convened", "held"]
        ).exists()
    ):
        raise ValidationFailed({"__all__": [_("The AP is already convened for this file.")]})
    profile = registry.profile_of(case)
    meeting = meetings.meeting_convene(
        actor=actor,
        body=AP_BODY,
        purpose=AP_PURPOSE,
        case_id=case.pk,
        scheduled_for=scheduled_for,
        agenda=[
            _("The file without consensus of the formal identification group (%(ref)s)")
            % {"ref": decision.reference},
            _("The final and binding decision on the status"),
        ],
        attendees=ap_attendees(case=case, profile=profile),
        place=place,
    )
    GroupDecision.objects.filter(pk=decision.pk).update(ap_meeting_id=meeting.pk)
    return meeting


def ap_outcomes(meeting) -> list[tuple[str, str]]:
    """What the AP decides: the profile's outcomes of the group (VT, VMT, not recognised)."""
    stage = rules.stage_rules(registry.profile_of(meeting.case))
    language = current_language()
    return [(o.code, o.name.get(language)) for o in stage.outcomes]


def ap_meeting_held(*, actor, meeting) -> None:
    """The purpose's `on_held`, inside meeting_attendance_record's transaction."""
    case = Case.objects.get(pk=meeting.case_id)
    _emit(actor=actor, case=case, event="ap_disagreement_meeting_held", at=meeting.held_at)


def ap_meeting_decided(*, actor, meeting, decision) -> None:
    """The purpose's `on_decision`, inside meeting_decide's transaction: the AP's final and
    binding decision (L828–833) moves the status (`ap_decision`), the procedure at_ap →
    decided, and is communicated at once to the units that carry on."""
    case = Case.objects.select_for_update().get(pk=meeting.case_id)
    group_decision = selectors.decision_for_ap(case=case)
    group = group_decision.group
    outcome = decision.outcome
    reference = meeting.minutes_reference or f"AP-{meeting.pk}"
    to = rules.status_to(current=case.identification_status, outcome=outcome)
    if to is not None:
        procedure.status_decide(
            actor=actor,
            case_id=case.pk,
            to=to,
            kind=rules.AP_KIND,
            reference=reference,
            reason=str(IdentificationCode.AP_DECISION.label),
        )
    procedure.move(
        actor=actor,
        case_id=case.pk,
        to=rules.DECIDED,
        reason="identification.ap_decision",
        reference=reference,
    )
    group.state = GroupState.DECIDED
    group.save(update_fields=["state"])
    group_decision.ap_outcome = outcome
    group_decision.ap_decided_at = clock.now()
    group_decision.ap_meeting_id = meeting.pk
    group_decision.status_after = to or case.identification_status
    group_decision.save(
        update_fields=["ap_outcome", "ap_decided_at", "ap_meeting_id", "status_after"]
    )
    _emit(actor=actor, case=case, event="ap_status_decided")
    # Communicated at once (L831–833): the group and the case's institutions see it now.
    notice_send(
        recipients=_group_members(group),
        kind=IdentificationNotice.AP_DECIDED,
        case=case,
        data={"outcome": outcome},
    )
    _emit(actor=actor, case=case, event="ap_decision_communicated")
