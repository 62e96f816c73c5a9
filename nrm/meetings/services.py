"""Every write of meetings: keyword-only, one transaction, one audit event each.

Who may act: those who convene the body (the profile's `convened_by`); attendance,
decisions, minutes and tasks also the meeting's chair. A task is done by a member of the
institution it was given to, or by those who run the meeting. Bad input raises
`ValidationFailed` and leaves nothing saved; a decision without quorum or majority is never
saved. The purpose's `on_decision` runs in the decision's transaction (docs/meetings.md).
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils.translation import gettext as _

from nrm.accounts.models import Institution, User
from nrm.accounts.selectors import role_members
from nrm.audit.services import access_record, event_record
from nrm.core import clock
from nrm.core.errors import DomainError, Forbidden, ValidationFailed
from nrm.deadlines.services import calendar_for, event_emit, notice_send
from nrm.jurisdictions.schema import MeetingBody, Profile
from nrm.meetings import rules, selectors
from nrm.meetings.audit_codes import MeetingCode
from nrm.meetings.doors import meeting_purposes
from nrm.meetings.error_codes import MeetingError
from nrm.meetings.models import (
    VOTING_CAPACITIES,
    AgendaItem,
    Attendee,
    Capacity,
    Meeting,
    MeetingDecision,
    MeetingStatus,
    MeetingTask,
    TaskStatus,
)
from nrm.meetings.notices import MeetingNotice
from nrm.registry.selectors import case_get

TASK_ASSIGNED = "meeting_task_assigned"
TASK_DONE = "meeting_task_done"
TASK_WITHDRAWN = "meeting_task_withdrawn"
EVENTS = (TASK_ASSIGNED, TASK_DONE, TASK_WITHDRAWN)

MAX_TEXT = 20_000
MAX_AGENDA = 50
MAX_ATTENDEES = 100
# A meeting recorded as held a little "in the future" is a clock a few minutes apart.
CLOCK_SKEW = timedelta(minutes=5)


class NoQuorum(ValidationFailed):
    code = MeetingError.NO_QUORUM


class NoMajority(ValidationFailed):
    code = MeetingError.NO_MAJORITY


class MeetingClosed(DomainError):
    """The meeting is not in the state this act needs (cancelled, already held, not held)."""

    code = MeetingError.CLOSED
    status = 409
    default_message = _("The meeting is cancelled or already held.")


@dataclass(frozen=True)
class AttendeeIn:
    capacity: str
    user_id: int | None = None
    institution_id: int | None = None
    name: str = ""  # an expert without an account
    required: bool = True
    votes: bool = True


# --- helpers -------------------------------------------------------------------------------


_profile = selectors.profile_for
_body = selectors.body_spec
_purpose = selectors.purpose_of
may_run = selectors.may_run


def _locked(actor, meeting_id: int) -> Meeting:
    """The meeting the actor may see, locked for the rest of the transaction."""
    seen = selectors.meeting_get(actor=actor, id=meeting_id)
    return Meeting.objects.select_for_update(of=("self",)).select_related("case").get(pk=seen.pk)


def _run(actor, meeting_id: int) -> tuple[Meeting, MeetingBody]:
    meeting = _locked(actor, meeting_id)
    body = _body(_profile(meeting), meeting.body)
    if not may_run(actor, meeting, body):
        raise Forbidden()
    return meeting, body


def _text(value, field: str, errors: dict, *, required: bool, message, limit=MAX_TEXT) -> str:
    value = (value or "").strip() if isinstance(value, str) else ""
    if required and not value:
        errors[field] = [message]
    elif len(value) > limit:
        errors[field] = [_("Ensure this value has at most %(n)d characters.") % {"n": limit}]
    return value


def _voting(meeting: Meeting) -> tuple[int, int]:
    voters = list(meeting.attendees.filter(votes=True).values_list("present", flat=True))
    return len(voters), sum(1 for p in voters if p)


def _quorum_message(body: MeetingBody, members: int, present: int) -> str:
    needed = rules.quorum_needed(
        kind=body.quorum.kind, amount=body.quorum.amount, voting_members=members
    )
    return _("No quorum: %(present)d of %(members)d voting members present, %(needed)d needed.") % {
        "present": present,
        "members": members,
        "needed": needed,
    }


# --- convening -----------------------------------------------------------------------------


def _attendees_check(attendees, errors: dict) -> list[tuple[AttendeeIn, User | None]]:
    checked: list[tuple[AttendeeIn, User | None]] = []
    if not attendees:
        errors["attendees"] = [_("Name who attends.")]
        return checked
    if len(attendees) > MAX_ATTENDEES:
        errors["attendees"] = [_("Too many attendees.")]
        return checked
    users = {
        u.pk: u
        for u in User.objects.filter(
            pk__in=[a.user_id for a in attendees if a.user_id], is_active=True
        )
    }
    institutions = set(
        Institution.objects.filter(
            pk__in=[a.institution_id for a in attendees if a.institution_id], is_active=True
        ).values_list("pk", flat=True)
    )
    seen_users: set[int] = set()
    chairs = 0
    for i, a in enumerate(attendees):
        at = f"attendees.{i}"
        if a.capacity not in Capacity.values:
            errors[f"{at}.capacity"] = [_("Choose the capacity.")]
        chairs += a.capacity == Capacity.CHAIR
        if a.user_id is not None and a.user_id not in users:
            errors[f"{at}.user_id"] = [_("Unknown user.")]
        if a.user_id is not None and a.user_id in seen_users:
            errors[f"{at}.user_id"] = [_("This person is already on the list.")]
        if a.user_id is not None:
            seen_users.add(a.user_id)
        if a.institution_id is not None and a.institution_id not in institutions:
            errors[f"{at}.institution_id"] = [_("Unknown institution.")]
        name = (a.name or "").strip()
        if a.user_id is None and a.institution_id is None and not name:
            errors[f"{at}.name"] = [_("Name the attendee, their account or their institution.")]
        if len(name) > 200:
            errors[f"{at}.name"] = [_("Ensure this value has at most 200 characters.")]
        checked.append((a, users.get(a.user_id) if a.user_id else None))
    if chairs > 1:
        errors["attendees"] = [_("A meeting has one chair.")]
    if not errors and not any(a.votes and a.capacity in VOTING_CAPACITIES for a, _u in checked):
        errors["attendees"] = [_("Name at least one voting member (the chair or a member).")]
    return checked


def _primary_institution_id(user: User) -> int | None:
    membership = user.memberships.filter(is_primary=True, is_active=True).first()
    return membership.institution_id if membership else None


@transaction.atomic
def meeting_convene(
    *,
    actor,
    body: str,
    purpose: str,
    case_id: int | None,
    scheduled_for: datetime,
    agenda: list[str],
    attendees: list[AttendeeIn],
    place: str = "",
) -> Meeting:
    """Convenes a meeting of `body` for `purpose`: its agenda and who attends (who must,
    who votes). Only the chair and members vote."""
    if not selectors.may_convene(actor, _body(selectors.current_profile(), body)):
        raise Forbidden()
    case = case_get(actor=actor, id=case_id) if case_id is not None else None
    spec = _body(_profile(case), body)
    errors: dict[str, list[str]] = {}
    why = _purpose(purpose)
    if why.body and why.body != spec.code:
        errors["purpose"] = [_("This body does not meet for this purpose.")]
    if why.about_case and case is None:
        errors["case_id"] = [_("Choose the case the meeting is about.")]
    if not isinstance(scheduled_for, datetime) or scheduled_for.tzinfo is None:
        errors["scheduled_for"] = [_("Enter the date and time of the meeting.")]
    items = [(t or "").strip() for t in (agenda or []) if isinstance(t, str)]
    items = [t for t in items if t]
    if not items:
        errors["agenda"] = [_("Write at least one item of the agenda.")]
    elif len(items) > MAX_AGENDA or any(len(t) > 2000 for t in items):
        errors["agenda"] = [_("The agenda is too long.")]
    place = _text(place, "place", errors, required=False, message="", limit=200)
    checked = _attendees_check(list(attendees or []), errors)
    if errors:
        raise ValidationFailed(errors)
    now = clock.now()
    meeting = Meeting.objects.create(
        body=spec.code,
        purpose=purpose,
        case=case,
        status=MeetingStatus.CONVENED,
        convened_at=now,
        convened_by=actor.user,
        convening_institution=actor.institution,
        scheduled_for=scheduled_for,
        place=place,
        closed_session=spec.closed_sessions,
    )
    AgendaItem.objects.bulk_create(
        [AgendaItem(meeting=meeting, position=i + 1, text=t) for i, t in enumerate(items)]
    )
    Attendee.objects.bulk_create(
        [
            Attendee(
                meeting=meeting,
                user=user,
                institution_id=a.institution_id
                or (_primary_institution_id(user) if user is not None else None),
                name=(a.name or "").strip(),
                capacity=a.capacity,
                required=bool(a.required),
                votes=bool(a.votes) and a.capacity in VOTING_CAPACITIES,
            )
            for a, user in checked
        ]
    )
    if why.on_convened is not None:
        why.on_convened(actor=actor, meeting=meeting)
    event_record(
        actor=actor,
        code=MeetingCode.CONVENED,
        case_id=case.pk if case is not None else None,
        target=meeting,
        data={
            "body": spec.code,
            "purpose": purpose,
            "attendees": len(checked),
            "agenda": len(items),
        },
    )
    return meeting


# --- holding and deciding ------------------------------------------------------------------


@transaction.atomic
def meeting_attendance_record(
    *, actor, meeting_id: int, present: list[int], held_at: datetime
) -> Meeting:
    """Records who of the attendees came and marks the meeting held; refused when the
    body's quorum of voting members is not present."""
    meeting, body = _run(actor, meeting_id)
    if meeting.status != MeetingStatus.CONVENED:
        raise MeetingClosed()
    errors: dict[str, list[str]] = {}
    ids = set(meeting.attendees.values_list("pk", flat=True))
    try:
        chosen = {int(p) for p in (present or [])}
    except (TypeError, ValueError):
        chosen = None
    if chosen is None or not chosen <= ids:
        errors["present"] = [_("Choose among the meeting's attendees.")]
    if not isinstance(held_at, datetime) or held_at.tzinfo is None:
        errors["held_at"] = [_("Enter when the meeting was held.")]
    elif held_at > clock.now() + CLOCK_SKEW:
        errors["held_at"] = [_("A meeting cannot be recorded as held in the future.")]
    if errors:
        raise ValidationFailed(errors)
    voters = dict(meeting.attendees.filter(votes=True).values_list("pk", "votes"))
    members, voting_present = len(voters), len(chosen & set(voters))
    if not rules.has_quorum(
        kind=body.quorum.kind,
        amount=body.quorum.amount,
        voting_members=members,
        voting_present=voting_present,
    ):
        raise NoQuorum({"present": [_quorum_message(body, members, voting_present)]})
    meeting.attendees.filter(pk__in=chosen).update(present=True)
    meeting.attendees.exclude(pk__in=chosen).update(present=False)
    meeting.status = MeetingStatus.HELD
    meeting.held_at = held_at
    meeting.voting_members, meeting.voting_present = members, voting_present
    meeting.save(update_fields=["status", "held_at", "voting_members", "voting_present"])
    why = meeting_purposes.get(meeting.purpose)
    if why is not None and why.on_held is not None:
        why.on_held(actor=actor, meeting=meeting)
    event_record(
        actor=actor,
        code=MeetingCode.ATTENDANCE_RECORDED,
        case_id=meeting.case_id,
        target=meeting,
        data={"present": len(chosen), "voting_members": members, "voting_present": voting_present},
    )
    return meeting


@transaction.atomic
def meeting_decide(
    *,
    actor,
    meeting_id: int,
    outcome: str,
    text: str,
    votes_for: int,
    votes_against: int,
    abstentions: int,
) -> MeetingDecision:
    """Records the meeting's decision with its votes, then lets the purpose apply it to the
    case (`on_decision`) in the same transaction. Refused, with nothing saved, unless the
    meeting was held with its quorum, the outcome is one of the purpose's, the votes add up
    to at most the voting members present and carry the decision (majority or consensus)."""
    meeting, body = _run(actor, meeting_id)
    if meeting.status != MeetingStatus.HELD:
        raise MeetingClosed(_("Record who attended before the decision."))
    why = _purpose(meeting.purpose)
    if why.decisions is not None and meeting.decisions.count() >= why.decisions:
        raise MeetingClosed(_("This meeting has already decided."))
    errors: dict[str, list[str]] = {}
    if outcome not in {code for code, _label in selectors.outcomes_of(meeting)}:
        errors["outcome"] = [_("Choose one of the outcomes.")]
    text = _text(
        text, "text", errors, required=True, message=_("Give the reasoning of the decision.")
    )
    members, present = _voting(meeting)
    counts = {}
    for field, value in (
        ("votes_for", votes_for),
        ("votes_against", votes_against),
        ("abstentions", abstentions),
    ):
        if not isinstance(value, int) or isinstance(value, bool) or value < 0 or value > 1000:
            errors[field] = [_("Enter a whole number, zero or more.")]
        counts[field] = value
    if errors:
        raise ValidationFailed(errors)
    votes = rules.Votes(**counts)
    if not rules.votes_valid(votes, voting_present=present):
        raise ValidationFailed(
            {
                "votes_for": [
                    _("The votes add up to more than the %(n)d voting members present.")
                    % {"n": present}
                ]
            }
        )
    if not rules.has_quorum(
        kind=body.quorum.kind,
        amount=body.quorum.amount,
        voting_members=members,
        voting_present=present,
    ):
        raise NoQuorum({"votes_for": [_quorum_message(body, members, present)]})
    if not rules.carried(
        votes, decides_by=body.decides_by, voting_present=present, voting_members=members
    ):
        if body.decides_by == rules.CONSENSUS:
            message = _("No consensus: every voting member present must vote for.")
        elif body.decides_by == rules.MAJORITY_OF_MEMBERS_VOTES:
            message = _(
                "No majority: more than half of the meeting's %(n)d voting members must vote for."
            ) % {"n": members}
        else:
            message = _(
                "No majority: more than half of the %(n)d voting members present must vote for."
            ) % {"n": present}
        raise NoMajority({"votes_for": [message]})
    decision = MeetingDecision.objects.create(
        meeting=meeting,
        outcome=outcome,
        text=text,
        carried=True,
        decided_at=clock.now(),
        recorded_by=actor.user,
        **counts,
    )
    why.on_decision(actor=actor, meeting=meeting, decision=decision)
    event_record(
        actor=actor,
        code=MeetingCode.DECIDED,
        case_id=meeting.case_id,
        target=decision,
        data={"meeting": meeting.pk, "outcome": outcome, **counts},
    )
    return decision


@transaction.atomic
def meeting_minutes_record(*, actor, meeting_id: int, minutes: str, reference: str) -> Meeting:
    """Records (or corrects) the minutes (procesverbal) of a held meeting."""
    meeting, _spec = _run(actor, meeting_id)
    if meeting.status != MeetingStatus.HELD:
        raise MeetingClosed(_("Minutes are recorded for a meeting that was held."))
    errors: dict[str, list[str]] = {}
    minutes = _text(minutes, "minutes", errors, required=True, message=_("Write the minutes."))
    reference = _text(reference, "reference", errors, required=False, message="", limit=64)
    if errors:
        raise ValidationFailed(errors)
    corrected = bool(meeting.minutes_recorded_at)
    meeting.minutes, meeting.minutes_reference = minutes, reference
    meeting.minutes_recorded_at, meeting.minutes_recorded_by = clock.now(), actor.user
    meeting.save(
        update_fields=["minutes", "minutes_reference", "minutes_recorded_at", "minutes_recorded_by"]
    )
    event_record(
        actor=actor,
        code=MeetingCode.MINUTES_RECORDED,
        case_id=meeting.case_id,
        target=meeting,
        data={"corrected": corrected},
    )
    return meeting


# --- tasks ---------------------------------------------------------------------------------


def _due_moment(profile: Profile, due_on: date) -> datetime:
    return calendar_for(profile).end_of_day(due_on)


@transaction.atomic
def meeting_task_assign(
    *, actor, meeting_id: int, institution_id: int, text: str, due_on: date
) -> MeetingTask:
    """Gives an institution a task from a held meeting, due on a day: its focal points are
    told in their inbox, and the deadline engine holds the due date (rule `meeting_task`),
    reminding and escalating like any other."""
    meeting, body = _run(actor, meeting_id)
    if meeting.status != MeetingStatus.HELD:
        raise MeetingClosed(_("Tasks are given by a meeting that was held."))
    profile = _profile(meeting)
    errors: dict[str, list[str]] = {}
    institution = (
        Institution.objects.filter(pk=institution_id, is_active=True).first()
        if isinstance(institution_id, int) and not isinstance(institution_id, bool)
        else None
    )
    if institution is None:
        errors["institution_id"] = [_("Choose the institution.")]
    text = _text(text, "text", errors, required=True, message=_("Describe the task."))
    today = calendar_for(profile).local_date(clock.now())
    if not isinstance(due_on, date) or isinstance(due_on, datetime):
        errors["due_on"] = [_("Enter the due date.")]
    elif due_on < today:
        errors["due_on"] = [_("The due date cannot be in the past.")]
    elif due_on > today + timedelta(days=366):
        errors["due_on"] = [_("The due date is more than a year away.")]
    if errors:
        raise ValidationFailed(errors)
    task = MeetingTask.objects.create(
        meeting=meeting,
        institution=institution,
        text=text,
        due_on=due_on,
        assigned_at=clock.now(),
        assigned_by=actor.user,
    )
    event_emit(
        actor=actor,
        case=meeting.case,
        event=TASK_ASSIGNED,
        due_at=_due_moment(profile, due_on),
        responsible_institution_id=institution.pk,
        subject=task.subject,
        data={"meeting": meeting.pk, "task": task.pk},
    )
    members = role_members(institution_ids=[institution.pk], roles=body.task_recipients)
    recipients = {u.pk: u for users in members.values() for u in users}
    notice_send(
        recipients=list(recipients.values()),
        kind=MeetingNotice.TASK_ASSIGNED,
        case=meeting.case,
        data={"meeting": meeting.pk, "task": task.pk, "due_on": due_on.isoformat()},
    )
    event_record(
        actor=actor,
        code=MeetingCode.TASK_ASSIGNED,
        case_id=meeting.case_id,
        target=task,
        data={
            "meeting": meeting.pk,
            "institution": institution.pk,
            "due_on": due_on.isoformat(),
            "notified": len(recipients),
        },
    )
    return task


@transaction.atomic
def meeting_task_done(*, actor, task_id: int, note: str = "") -> MeetingTask:
    """Records a task done: by a member of its institution or by those who run the meeting.
    Meets its deadline."""
    task = selectors.task_get(actor=actor, id=task_id)
    task = (
        MeetingTask.objects.select_for_update(of=("self",))
        .select_related("meeting__case")
        .get(pk=task.pk)
    )
    own = actor.institution_id is not None and actor.institution_id == task.institution_id
    if not own and not may_run(actor, task.meeting):
        raise Forbidden()
    if task.status == TaskStatus.DONE:
        raise MeetingClosed(_("This task is already done."))
    errors: dict[str, list[str]] = {}
    note = _text(note, "note", errors, required=False, message="", limit=2000)
    if errors:
        raise ValidationFailed(errors)
    task.status, task.done_at, task.done_by, task.done_note = (
        TaskStatus.DONE,
        clock.now(),
        actor.user,
        note,
    )
    task.save(update_fields=["status", "done_at", "done_by", "done_note"])
    event_emit(
        actor=actor,
        case=task.meeting.case,
        event=TASK_DONE,
        subject=task.subject,
        data={"meeting": task.meeting_id, "task": task.pk},
    )
    event_record(
        actor=actor,
        code=MeetingCode.TASK_DONE,
        case_id=task.meeting.case_id,
        target=task,
        data={"meeting": task.meeting_id},
    )
    return task


@transaction.atomic
def meeting_cancel(*, actor, meeting_id: int, reason: str) -> Meeting:
    """Cancels a meeting not yet held, with a reason. Only those who convene the body."""
    meeting = _locked(actor, meeting_id)
    body = _body(_profile(meeting), meeting.body)
    if not selectors.may_convene(actor, body):
        raise Forbidden()
    if meeting.status != MeetingStatus.CONVENED:
        raise MeetingClosed()
    errors: dict[str, list[str]] = {}
    reason = _text(
        reason, "reason", errors, required=True, message=_("Give the reason."), limit=2000
    )
    if errors:
        raise ValidationFailed(errors)
    meeting.status, meeting.cancelled_at, meeting.cancel_reason = (
        MeetingStatus.CANCELLED,
        clock.now(),
        reason,
    )
    meeting.save(update_fields=["status", "cancelled_at", "cancel_reason"])
    event_record(
        actor=actor, code=MeetingCode.CANCELLED, case_id=meeting.case_id, target=meeting, data={}
    )
    return meeting


# --- reads that leave a trace --------------------------------------------------------------


@transaction.atomic
def meeting_open(*, actor, id: int, action: MeetingCode = MeetingCode.MEETING_VIEWED) -> Meeting:
    """The meeting for a page or the API; a meeting about a case leaves an access-log row."""
    meeting = selectors.meeting_get(actor=actor, id=id)
    if meeting.case_id is not None:
        access_record(actor=actor, case_id=meeting.case_id, action=action)
    return meeting
