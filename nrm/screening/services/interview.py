"""The initial interview (A3/A4), its participants and their confidentiality declarations
(A1), and the interview log."""

from datetime import date, datetime

from django.db import transaction
from django.utils.translation import gettext as _

from nrm.audit.services import event_record
from nrm.core import clock
from nrm.core.errors import NotFound, ValidationFailed
from nrm.registry import services as registry
from nrm.screening import rules
from nrm.screening.audit_codes import ScreeningCode
from nrm.screening.models import (
    Interview,
    InterviewForm,
    InterviewLogEntry,
    InterviewStatus,
    Participant,
    SameGender,
)
from nrm.screening.selectors import interview_log
from nrm.screening.services.common import (
    case_for_update,
    emit,
    in_initial_stage,
    person_of,
)

# --- the initial interview (A3/A4), its participants and A1 -----------------------------


@transaction.atomic
def interview_plan(
    *,
    actor,
    case_id: int,
    scheduled_at: datetime,
    place: str,
    same_gender: str = SameGender.YES,
    conditions: list[str] | None = None,
    parent_guardian_suspected: bool = False,
    repeat_reason: str = "",
) -> Interview:
    """Plans the initial interview: A3 for a child, A4 for an adult. A child already in the
    interview log is interviewed again only with a written reason that it is not about the
    same facts."""
    case = case_for_update(actor, case_id)
    profile = registry.profile_of(case)
    in_initial_stage(case, profile)
    stage = rules.stage_rules(profile)
    errors: dict[str, list[str]] = {}
    if not (place or "").strip():
        errors["place"] = [_("Enter the place of the interview.")]
    elif len(place.strip()) > 200:
        errors["place"] = [_("Ensure this value has at most 200 characters.")]
    if same_gender not in SameGender.values:
        errors["same_gender"] = [_("Choose an answer.")]
    known = {c.code for c in stage.interview_conditions}
    conditions = list(dict.fromkeys(conditions or []))
    if any(c not in known for c in conditions):
        errors["conditions"] = [_("Unknown condition.")]
    if case.is_child and not repeat_reason.strip() and interview_log(actor=actor, case=case):
        errors["repeat_reason"] = [
            _(
                "This child has been interviewed before. A child is not interviewed twice "
                "about the same facts: say why this interview is needed."
            )
        ]
    if errors:
        raise ValidationFailed(errors)
    now = clock.now()
    interview = Interview.objects.create(
        case=case,
        form=InterviewForm.A3 if case.is_child else InterviewForm.A4,
        status=InterviewStatus.PLANNED,
        scheduled_at=scheduled_at,
        place=place.strip(),
        same_gender=same_gender,
        conditions=conditions,
        parent_guardian_suspected=parent_guardian_suspected,
        repeat_reason=repeat_reason.strip(),
        created_at=now,
        created_by=actor.user,
        institution=actor.institution,
    )
    event_record(
        actor=actor,
        code=ScreeningCode.INTERVIEW_PLANNED,
        case_id=case.pk,
        target=interview,
        data={"form": interview.form, "repeat": bool(repeat_reason.strip())},
    )
    return interview


def _interview_for_update(actor, interview_id: int) -> Interview:
    interview = Interview.objects.filter(pk=interview_id).only("case_id").first()
    if interview is None:
        raise NotFound()
    case = case_for_update(actor, interview.case_id)
    interview = Interview.objects.select_for_update().get(pk=interview_id)
    interview.case = case
    return interview


def _still_planned(interview: Interview) -> None:
    if interview.status != InterviewStatus.PLANNED:
        raise ValidationFailed({"__all__": [_("The interview has already been held.")]})


@transaction.atomic
def participant_add(
    *,
    actor,
    interview_id: int,
    role: str,
    name: str,
    organisation: str = "",
    declaration_signed_on: date | None = None,
) -> Participant:
    interview = _interview_for_update(actor, interview_id)
    _still_planned(interview)
    profile = registry.profile_of(interview.case)
    rules.check_participant(
        rules.stage_rules(profile),
        role=role,
        person=person_of(interview.case, profile),
        suspected=interview.parent_guardian_suspected,
    )
    if not (name or "").strip():
        raise ValidationFailed({"name": [_("Enter the participant's name.")]})
    participant = Participant.objects.create(
        interview=interview,
        role=role,
        name=name.strip(),
        organisation=(organisation or "").strip(),
        declaration_signed_on=declaration_signed_on,
        declaration_recorded_by=actor.user if declaration_signed_on else None,
        created_at=clock.now(),
    )
    event_record(
        actor=actor,
        code=ScreeningCode.PARTICIPANT_ADDED,
        case_id=interview.case_id,
        target=participant,
        data={"interview": interview.pk, "role": role, "a1": bool(declaration_signed_on)},
    )
    return participant


@transaction.atomic
def interview_prepare(*, actor, case_id: int, participants: list[dict], **plan) -> Interview:
    """The planning page's one submit: `interview_plan`, then `participant_add` for each
    participant already known (role, name, organisation, declaration_signed_on), each with
    its audit event. All or nothing: a refused participant plans no interview; its errors
    come back as `participants.<n>.<field>`."""
    interview = interview_plan(actor=actor, case_id=case_id, **plan)
    for n, participant in enumerate(participants):
        try:
            participant_add(actor=actor, interview_id=interview.pk, **participant)
        except ValidationFailed as exc:
            fields = {f"participants.{n}.{k}": v for k, v in exc.fields.items()}
            raise ValidationFailed(fields, exc.message) from None
    return interview


def _participant_for_update(actor, participant_id: int) -> Participant:
    participant = Participant.objects.filter(pk=participant_id).only("interview_id").first()
    if participant is None:
        raise NotFound()
    interview = _interview_for_update(actor, participant.interview_id)
    participant = Participant.objects.get(pk=participant_id)
    participant.interview = interview
    return participant


@transaction.atomic
def participant_remove(*, actor, participant_id: int) -> Interview:
    participant = _participant_for_update(actor, participant_id)
    interview = participant.interview
    _still_planned(interview)
    event_record(
        actor=actor,
        code=ScreeningCode.PARTICIPANT_REMOVED,
        case_id=interview.case_id,
        target=participant,
        data={"interview": interview.pk, "role": participant.role},
    )
    participant.delete()
    return interview


@transaction.atomic
def declaration_record(*, actor, participant_id: int, signed_on: date) -> Participant:
    """The participant signed the confidentiality declaration (A1)."""
    participant = _participant_for_update(actor, participant_id)
    _still_planned(participant.interview)
    if signed_on is None or signed_on > clock.today():
        raise ValidationFailed({"signed_on": [_("Enter the date of signature (not in future).")]})
    participant.declaration_signed_on = signed_on
    participant.declaration_recorded_by = actor.user
    participant.save(update_fields=["declaration_signed_on", "declaration_recorded_by"])
    event_record(
        actor=actor,
        code=ScreeningCode.DECLARATION_SIGNED,
        case_id=participant.interview.case_id,
        target=participant,
        data={"interview": participant.interview_id, "role": participant.role},
    )
    return participant


@transaction.atomic
def interview_hold(
    *, actor, interview_id: int, held_at: datetime | None = None, summary: str = "", subject=""
) -> Interview:
    """Records the interview as held: only with every mandatory participant present and a
    signed A1 from everyone. Writes the person's interview log entry."""
    interview = _interview_for_update(actor, interview_id)
    _still_planned(interview)
    case = interview.case
    profile = registry.profile_of(case)
    participants = [
        rules.ParticipantRow(role=p.role, signed=p.declaration_signed_on is not None)
        for p in interview.participants.all()
    ]
    errors = rules.interview_problems(
        rules.stage_rules(profile), participants=participants, person=person_of(case, profile)
    )
    held_at = held_at or clock.now()
    if held_at > clock.now():
        errors.setdefault("held_at", []).append(_("An interview cannot be held in the future."))
    if errors:
        raise ValidationFailed(errors)
    interview.status = InterviewStatus.HELD
    interview.held_at = held_at
    if summary.strip():
        interview.summary = summary.strip()
    interview.save(update_fields=["status", "held_at", "summary"])
    InterviewLogEntry.objects.create(
        person_id=case.person_id,
        case=case,
        interview=interview,
        form=interview.form,
        at=held_at,
        by=actor.user,
        institution=actor.institution,
        purpose="",
        subject=(subject or "").strip(),
        recorded_at=clock.now(),
    )
    event_record(
        actor=actor,
        code=ScreeningCode.INTERVIEW_HELD,
        case_id=case.pk,
        target=interview,
        data={"form": interview.form, "participants": len(participants)},
    )
    # S10: after every interview the information goes to the focal point (deadline engine).
    emit(actor=actor, case=case, event="interview_conducted", data={"interview": interview.pk})
    return interview


@transaction.atomic
def interview_log_record(
    *, actor, case_id: int, at: datetime, purpose: str, subject: str = ""
) -> InterviewLogEntry:
    """An interview of the person held outside nrm (a statement to the police, a health
    interview), so the next interviewer knows of it."""
    case = case_for_update(actor, case_id)
    errors = {}
    if not (purpose or "").strip():
        errors["purpose"] = [_("Say what the interview was for.")]
    if at is None or at > clock.now():
        errors["at"] = [_("Enter when the interview took place (not in future).")]
    if errors:
        raise ValidationFailed(errors)
    entry = InterviewLogEntry.objects.create(
        person_id=case.person_id,
        case=case,
        at=at,
        by=actor.user,
        institution=actor.institution,
        purpose=purpose.strip()[:200],
        subject=(subject or "").strip(),
        recorded_at=clock.now(),
    )
    event_record(actor=actor, code=ScreeningCode.INTERVIEW_LOGGED, case_id=case.pk, target=entry)
    return entry
