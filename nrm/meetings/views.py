"""Pages of meetings: the list (what is due first), a meeting with its attendance, decision,
minutes and tasks forms, and the minutes as PDF. Each view translates HTTP to selectors and
services; a form that fails comes back with its errors (status 400)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nrm.core import clock
from nrm.core.errors import DomainError, NotFound, ValidationFailed
from nrm.core.language import current_language
from nrm.meetings import pdf, selectors, services
from nrm.meetings.doors import meeting_purposes
from nrm.meetings.forms import (
    AttendanceForm,
    CancelForm,
    ConveneForm,
    DecisionForm,
    MinutesForm,
    TaskDoneForm,
    TaskForm,
)
from nrm.meetings.models import Capacity, MeetingStatus
from nrm.registry.selectors import case_get


def _to_form(form, exc: ValidationFailed) -> None:
    for field, errors in exc.fields.items():
        for error in errors:
            form.add_error(field if field in form.fields else None, error)


def attendee_label(a) -> str:
    who = a.user.get_full_name() or a.user.username if a.user else a.name
    if a.institution and a.user is None and not a.name:
        who = a.institution.name
    elif a.institution:
        who = f"{who} · {a.institution.name}"
    return f"{who} ({a.get_capacity_display()})"


@login_required
def meeting_index(request):
    actor = request.actor
    body = request.GET.get("body") or None
    qs = selectors.meeting_list(actor=actor, body=body)
    bodies = selectors.bodies_of(actor)
    upcoming = list(selectors.upcoming(qs)[:100])
    recent = list(selectors.recent(qs)[:50])
    for m in (*upcoming, *recent):
        m.purpose_label = selectors.purpose_label(m)
        m.body_label = selectors.body_label(m)
    tasks = list(selectors.tasks_open_for(actor=actor)[:100])
    return render(
        request,
        "meetings/list.html",
        {
            "upcoming": upcoming,
            "recent": recent,
            "tasks": tasks,
            "bodies": bodies,
            "body": body,
            "today": timezone.localdate(),
        },
    )


def _convening(request, source) -> tuple:
    """The case (404 when not given or not visible, like a missing one) and the body (404
    when unknown); 403 for one who sees the case but does not convene the body."""
    case_id, code = source.get("case", ""), source.get("body", "")
    if not case_id.isdigit():
        raise Http404
    try:
        case = case_get(actor=request.actor, id=int(case_id))
    except NotFound:
        raise Http404 from None
    body = next((b for b in selectors.profile_for(case).meeting_bodies if b.code == code), None)
    if body is None:
        raise Http404
    if not selectors.may_convene(request.actor, body):
        raise PermissionDenied
    return case, body


@login_required
def meeting_new(request):
    """Convenes a body for a case (`?case=&body=`) for one of the purposes its stage apps
    offer for the case now (`MeetingPurpose.offered`): every member of the body is invited
    and votes, the chair chosen among them (the first of the profile's member lines by
    default: the AP's head)."""
    source = request.POST if request.method == "POST" else request.GET
    case, body = _convening(request, source)
    offered = selectors.purposes_offered(case=case, body=body.code)
    members = selectors.body_members(body)
    choices = [(code, str(p.label() if callable(p.label) else p.label)) for code, p in offered]
    initial = {}
    if offered:
        code, first = offered[0]
        initial["purpose"] = code
        if first.agenda is not None:
            initial["agenda"] = "\n".join(str(t) for t in first.agenda(case))
    if members:
        initial["chair"] = members[0].user_id
    form = ConveneForm(
        request.POST if request.method == "POST" else None,
        purposes=choices,
        members=members,
        initial=initial,
        auto_id="convene-%s",
    )
    if request.method == "POST" and offered and form.is_valid():
        data = form.cleaned_data
        chair = data["chair"]
        attendees = [
            services.AttendeeIn(
                capacity=Capacity.CHAIR if m.user_id == chair else Capacity.MEMBER,
                user_id=m.user_id,
                institution_id=m.institution_id,
            )
            for m in members
        ]
        try:
            meeting = services.meeting_convene(
                actor=request.actor,
                body=body.code,
                purpose=data["purpose"],
                case_id=case.pk,
                scheduled_for=data["scheduled_for"],
                agenda=data["agenda"].splitlines(),
                attendees=attendees,
                place=data["place"],
            )
        except NotFound:
            raise Http404 from None
        except ValidationFailed as exc:
            _to_form(form, exc)
        else:
            messages.success(request, _("The meeting is convened."))
            return redirect("meeting_detail", meeting.pk)
    return render(
        request,
        "meetings/convene.html",
        {
            "case": case,
            "body": body,
            "body_label": body.name.get(current_language()),
            "form": form,
            "offered": bool(offered),
        },
        status=400 if request.method == "POST" else 200,
    )


def _meeting(request, meeting_id: int, *, log: bool = True):
    try:
        if log:
            return services.meeting_open(actor=request.actor, id=meeting_id)
        return selectors.meeting_get(actor=request.actor, id=meeting_id)
    except NotFound:
        raise Http404 from None


def _context(request, meeting, **forms) -> dict:
    actor = request.actor
    attendees = list(selectors.attendees_of(meeting))
    for a in attendees:
        a.label = attendee_label(a)
    may_run = selectors.may_run(actor, meeting)
    outcomes = selectors.outcomes_of(meeting)
    decisions = list(meeting.decisions.all())
    labels = dict(outcomes)
    for d in decisions:
        d.outcome_label = labels.get(d.outcome, d.outcome)
    # A meeting is recorded as held when it was, never later than now.
    held_initial = timezone.localtime(min(meeting.scheduled_for, clock.now())).strftime(
        "%Y-%m-%dT%H:%M"
    )
    forms.setdefault(
        "attendance_form",
        AttendanceForm(
            attendees=attendees,
            initial={"present": [a.pk for a in attendees], "held_at": held_initial},
        ),
    )
    forms.setdefault("decision_form", DecisionForm(outcomes=outcomes))
    forms.setdefault(
        "minutes_form",
        MinutesForm(initial={"minutes": meeting.minutes, "reference": meeting.minutes_reference}),
    )
    forms.setdefault("task_form", TaskForm())
    forms.setdefault("cancel_form", CancelForm())
    why = meeting_purposes.get(meeting.purpose)
    may_decide = (
        may_run
        and meeting.status == MeetingStatus.HELD
        and bool(outcomes)
        and (why is None or why.decisions is None or len(decisions) < why.decisions)
    )
    return {
        "meeting": meeting,
        "body": selectors.body_of(meeting),
        "body_label": selectors.body_label(meeting),
        "purpose_label": selectors.purpose_label(meeting),
        "agenda": list(meeting.agenda.all()),
        "attendees": attendees,
        "absent_required": [a for a in attendees if a.required and a.present is False],
        "decisions": decisions,
        "tasks": list(meeting.tasks.select_related("institution")),
        "may_run": may_run,
        "may_convene": selectors.may_convene(actor, selectors.body_of(meeting)),
        "may_decide": may_decide,
        "own_institution_id": actor.institution_id,
        "is_convened": meeting.status == MeetingStatus.CONVENED,
        "is_held": meeting.status == MeetingStatus.HELD,
        **forms,
    }


@login_required
def meeting_detail(request, meeting_id: int):
    meeting = _meeting(request, meeting_id)
    return render(request, "meetings/detail.html", _context(request, meeting))


def _after(request, meeting_id: int, anchor: str):
    return redirect(reverse("meeting_detail", args=[meeting_id]) + anchor)


def _failed(request, meeting_id: int, **forms):
    meeting = _meeting(request, meeting_id, log=False)
    return render(request, "meetings/detail.html", _context(request, meeting, **forms), status=400)


def _run(request, meeting_id, form, call, anchor, form_name, ok_message):
    if form.is_valid():
        try:
            call(form.cleaned_data)
        except NotFound:
            raise Http404 from None
        except ValidationFailed as exc:
            _to_form(form, exc)
        except DomainError as exc:
            messages.error(request, exc.message)
            return _after(request, meeting_id, anchor)
        else:
            messages.success(request, ok_message)
            return _after(request, meeting_id, anchor)
    return _failed(request, meeting_id, **{form_name: form})


@login_required
@require_POST
def attendance_record(request, meeting_id: int):
    meeting = _meeting(request, meeting_id, log=False)
    attendees = list(selectors.attendees_of(meeting))
    for a in attendees:
        a.label = attendee_label(a)
    form = AttendanceForm(request.POST, attendees=attendees)
    return _run(
        request,
        meeting_id,
        form,
        lambda data: services.meeting_attendance_record(
            actor=request.actor,
            meeting_id=meeting_id,
            present=data["present"],
            held_at=data["held_at"],
        ),
        "#attendance",
        "attendance_form",
        _("Attendance recorded: the meeting was held."),
    )


@login_required
@require_POST
def decision_record(request, meeting_id: int):
    meeting = _meeting(request, meeting_id, log=False)
    form = DecisionForm(request.POST, outcomes=selectors.outcomes_of(meeting))
    return _run(
        request,
        meeting_id,
        form,
        lambda data: services.meeting_decide(actor=request.actor, meeting_id=meeting_id, **data),
        "#decisions",
        "decision_form",
        _("Decision recorded."),
    )


@login_required
@require_POST
def minutes_record(request, meeting_id: int):
    form = MinutesForm(request.POST)
    return _run(
        request,
        meeting_id,
        form,
        lambda data: services.meeting_minutes_record(
            actor=request.actor, meeting_id=meeting_id, **data
        ),
        "#minutes",
        "minutes_form",
        _("Minutes recorded."),
    )


@login_required
@require_POST
def task_assign(request, meeting_id: int):
    form = TaskForm(request.POST)
    return _run(
        request,
        meeting_id,
        form,
        lambda data: services.meeting_task_assign(
            actor=request.actor, meeting_id=meeting_id, **data
        ),
        "#tasks",
        "task_form",
        _("Task given; the institution's focal points were told."),
    )


@login_required
@require_POST
def cancel(request, meeting_id: int):
    form = CancelForm(request.POST)
    return _run(
        request,
        meeting_id,
        form,
        lambda data: services.meeting_cancel(actor=request.actor, meeting_id=meeting_id, **data),
        "",
        "cancel_form",
        _("Meeting cancelled."),
    )


@login_required
@require_POST
def task_done(request, task_id: int):
    form = TaskDoneForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        task = services.meeting_task_done(actor=request.actor, task_id=task_id, note=note)
    except NotFound:
        raise Http404 from None
    except DomainError as exc:
        messages.error(
            request, exc.message if not isinstance(exc, ValidationFailed) else exc.summary()
        )
        return redirect("meeting_list")
    messages.success(request, _("Task recorded as done."))
    try:
        selectors.meeting_get(actor=request.actor, id=task.meeting_id)
    except NotFound:
        return redirect("meeting_list")
    return _after(request, task.meeting_id, "#tasks")


@login_required
def minutes_pdf(request, meeting_id: int):
    try:
        content, filename = pdf.minutes(actor=request.actor, meeting_id=meeting_id)
    except NotFound:
        raise Http404 from None
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
