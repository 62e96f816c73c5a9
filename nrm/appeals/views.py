"""Pages of the appeals: the AP secretariat's list (what is due first), an appeal's page with
its steps, the forms of the case page's appeal panel, the Commission's members and the
printed decision. Each POST translates to one service call and goes back to the page."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nrm.accounts.models import User
from nrm.appeals import pdf, selectors, services
from nrm.appeals.audit_codes import AppealCode
from nrm.appeals.forms import (
    AnswerForm,
    AppealForm,
    AppointmentForm,
    ConveneForm,
    CourtForm,
    DecisionForm,
    DecisionNoticeForm,
    InformationForm,
    NoticeForm,
    ReevaluationForm,
    ReviewForm,
    RulingForm,
    WaiverForm,
    WithdrawForm,
)
from nrm.appeals.models import AppealStatus, InformationRequest
from nrm.audit.services import access_record
from nrm.core import clock
from nrm.core.errors import DomainError, Forbidden, NotFound
from nrm.core.language import current_language
from nrm.jurisdictions import get_profile
from nrm.meetings.models import Meeting, MeetingStatus
from nrm.meetings.services import meeting_attendance_record, meeting_decide
from nrm.registry.selectors import case_get
from nrm.registry.sensitivity import case_visibility
from nrm.registry.services import profile_of


def _reader(request):
    """The appeals' pages: the AP secretariat and appointed Commission members."""
    profile = get_profile(settings.NRM_JURISDICTION)
    if not selectors.is_reader(actor=request.actor, profile=profile):
        raise Http404
    return profile


def _errors(request, exc: DomainError) -> None:
    messages.error(request, exc.summary())


def _to_case(case_id: int):
    return redirect(reverse("case_detail", args=[case_id]) + "#appeal")


def _to_appeal(appeal_id: int):
    return redirect(reverse("appeal_detail", args=[appeal_id]))


@login_required
def appeal_list(request):
    _reader(request)
    status = request.GET.get("status", "open")
    if status not in {"open", "all", *AppealStatus.values}:
        status = "open"
    rows = selectors.appeals_due(actor=request.actor, status=None if status == "all" else status)
    return render(
        request,
        "appeals/list.html",
        {
            "rows": rows,
            "status": status,
            "statuses": [("open", _("Open")), *AppealStatus.choices, ("all", _("All"))],
        },
    )


def _appeal(request, appeal_id: int):
    try:
        return selectors.appeal_get(actor=request.actor, id=appeal_id)
    except NotFound:
        raise Http404 from None


@login_required
def appeal_detail(request, appeal_id: int):
    appeal = _appeal(request, appeal_id)
    access_record(actor=request.actor, case_id=appeal.case_id, action=AppealCode.APPEAL_PAGE)
    profile = profile_of(appeal.case)
    actor = request.actor
    recorder = selectors.is_recorder(actor=actor, profile=profile)
    member = selectors.is_appointed_member(actor=actor)
    acts = recorder or member
    status = appeal.status
    context = {
        "appeal": case_visibility(actor, appeal.case).redact(appeal),
        "case": appeal.case,
        "requests": list(appeal.requests.all()),
        "notices": list(appeal.notices.all()),
        "court": getattr(appeal, "court", None),
        "recorder": recorder,
        "acts": acts,
        "outcome_labels": dict(services.outcomes_for(appeal)) if appeal.case else {},
        "all_outcomes": dict(RulingForm.base_fields["outcome"].choices),
        "members": selectors.active_appointments(),
        "ministries": {m.code: m.name.get(current_language()) for m in profile.appeals.ministries},
    }
    if acts and status == AppealStatus.FILED:
        context["convene_form"] = ConveneForm(auto_id="convene-%s")
    if acts and status == AppealStatus.CONVENED:
        context["review_form"] = ReviewForm(auto_id="review-%s")
    if acts and status in (AppealStatus.CONVENED, AppealStatus.REVIEWED):
        context["information_form"] = InformationForm(auto_id="info-%s")
        context["answer_form"] = AnswerForm(auto_id="answer-%s")
    meeting = Meeting.objects.filter(pk=appeal.meeting_id).first() if appeal.meeting_id else None
    context["meeting"] = meeting
    if meeting is not None:
        context["attendees"] = list(meeting.attendees.select_related("user").order_by("pk"))
    if acts and meeting is not None and meeting.status == MeetingStatus.CONVENED:
        context["attendance_open"] = True
    held = meeting is not None and meeting.status == MeetingStatus.HELD
    if acts and status == AppealStatus.REVIEWED and held:
        context["decision_form"] = DecisionForm(
            outcomes=services.outcomes_for(appeal), auto_id="decision-%s"
        )
    if acts and appeal.decided_at is not None:
        done = {n.recipient for n in context["notices"]}
        form = DecisionNoticeForm(auto_id="notice-%s")
        form.fields["recipient"].choices = [
            c for c in form.fields["recipient"].choices if c[0] not in done
        ]
        if form.fields["recipient"].choices:
            context["notice_form"] = form
    if recorder and appeal.is_open:
        context["withdraw_form"] = WithdrawForm(auto_id="withdraw-%s")
    if recorder and status == AppealStatus.DECIDED:
        context["court_form"] = CourtForm(auto_id="court-%s")
    if recorder and status == AppealStatus.SUSPENDED:
        context["ruling_form"] = RulingForm(auto_id="ruling-%s")
    return render(request, "appeals/detail.html", context)


# One POST per step: (form, service, how the form's data reaches the service, message).
def _step(request, appeal_id: int, form_class, call, done: str, **form_kwargs):
    appeal = _appeal(request, appeal_id)
    form = form_class(request.POST, **form_kwargs)
    if not form.is_valid():
        messages.error(
            request,
            _("Check the fields of the form: %(fields)s.")
            % {
                "fields": ", ".join(
                    str(form.fields[f].label) if f in form.fields else f for f in form.errors
                )
            },
        )
        return _to_appeal(appeal.pk)
    try:
        call(appeal, form.cleaned_data)
    except NotFound:
        raise Http404 from None
    except Forbidden:
        raise PermissionDenied from None
    except DomainError as exc:
        _errors(request, exc)
    else:
        messages.success(request, done)
    return _to_appeal(appeal.pk)


@login_required
@require_POST
def appeal_convene(request, appeal_id: int):
    return _step(
        request,
        appeal_id,
        ConveneForm,
        lambda a, d: services.appeal_convene(actor=request.actor, appeal_id=a.pk, **d),
        _("The Commission was convened."),
    )


@login_required
@require_POST
def appeal_review(request, appeal_id: int):
    return _step(
        request,
        appeal_id,
        ReviewForm,
        lambda a, d: services.file_review_record(actor=request.actor, appeal_id=a.pk, **d),
        _("The review of the file was recorded."),
    )


@login_required
@require_POST
def appeal_information(request, appeal_id: int):
    return _step(
        request,
        appeal_id,
        InformationForm,
        lambda a, d: services.information_request(actor=request.actor, appeal_id=a.pk, **d),
        _("The request was recorded."),
    )


@login_required
@require_POST
def information_answer(request, request_id: int):
    found = InformationRequest.objects.filter(pk=request_id).first()
    if found is None:
        raise Http404
    return _step(
        request,
        found.appeal_id,
        AnswerForm,
        lambda a, d: services.information_received(actor=request.actor, request_id=request_id, **d),
        _("The answer was recorded."),
    )


def _meeting_step(request, appeal_id: int, call, done: str):
    appeal = _appeal(request, appeal_id)
    if appeal.meeting_id is None:
        raise Http404
    try:
        call(appeal)
    except NotFound:
        raise Http404 from None
    except Forbidden:
        raise PermissionDenied from None
    except DomainError as exc:
        _errors(request, exc)
    else:
        messages.success(request, done)
    return _to_appeal(appeal.pk)


@login_required
@require_POST
def appeal_attendance(request, appeal_id: int):
    """Who of the Commission came: the meeting is held (its quorum checked by nrm.meetings)."""
    present = [p for p in request.POST.getlist("present") if p.isdigit()]
    return _meeting_step(
        request,
        appeal_id,
        lambda a: meeting_attendance_record(
            actor=request.actor, meeting_id=a.meeting_id, present=present, held_at=clock.now()
        ),
        _("The attendance was recorded."),
    )


@login_required
@require_POST
def appeal_decide(request, appeal_id: int):
    """The Commission's decision by majority, recorded on its meeting (`meeting_decide`)."""
    appeal = _appeal(request, appeal_id)
    form = DecisionForm(request.POST, outcomes=services.outcomes_for(appeal))
    if not form.is_valid():
        messages.error(request, _("Check the fields of the form."))
        return _to_appeal(appeal.pk)
    data = form.cleaned_data
    return _meeting_step(
        request,
        appeal_id,
        lambda a: meeting_decide(
            actor=request.actor,
            meeting_id=a.meeting_id,
            outcome=data["outcome"],
            text=data["reasoning"],
            votes_for=data["votes_for"],
            votes_against=data["votes_against"],
            abstentions=data["abstentions"],
        ),
        _("The Commission's decision was recorded."),
    )


@login_required
@require_POST
def appeal_notify(request, appeal_id: int):
    return _step(
        request,
        appeal_id,
        DecisionNoticeForm,
        lambda a, d: services.decision_notify(actor=request.actor, appeal_id=a.pk, **d),
        _("The notice was recorded."),
    )


@login_required
@require_POST
def appeal_withdraw(request, appeal_id: int):
    return _step(
        request,
        appeal_id,
        WithdrawForm,
        lambda a, d: services.appeal_withdraw(actor=request.actor, appeal_id=a.pk, **d),
        _("The withdrawal was recorded."),
    )


@login_required
@require_POST
def appeal_court(request, appeal_id: int):
    return _step(
        request,
        appeal_id,
        CourtForm,
        lambda a, d: services.court_challenge_record(actor=request.actor, appeal_id=a.pk, **d),
        _("The challenge in court was recorded: the decision is suspended."),
    )


@login_required
@require_POST
def appeal_ruling(request, appeal_id: int):
    return _step(
        request,
        appeal_id,
        RulingForm,
        lambda a, d: services.court_ruling_record(actor=request.actor, appeal_id=a.pk, **d),
        _("The court's ruling was recorded."),
    )


@login_required
def appeal_pdf(request, appeal_id: int):
    appeal = _appeal(request, appeal_id)
    if appeal.decided_at is None:
        raise Http404
    access_record(actor=request.actor, case_id=appeal.case_id, action=AppealCode.DECISION_PDF)
    body = pdf.decision_pdf(appeal, visibility=case_visibility(request.actor, appeal.case))
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{appeal.number}.pdf"'
    return response


# --- the case page's panel --------------------------------------------------------------


def _case(request, case_id: int):
    try:
        case = case_get(actor=request.actor, id=case_id)
    except NotFound:
        raise Http404 from None
    return case, profile_of(case)


def _case_step(request, case_id: int, form, call, done: str):
    case, _profile = _case(request, case_id)
    if not form.is_valid():
        messages.error(
            request,
            _("Check the fields of the form: %(fields)s.")
            % {
                "fields": ", ".join(
                    str(form.fields[f].label) if f in form.fields else f for f in form.errors
                )
            },
        )
        return _to_case(case.pk)
    try:
        result = call(case, form.cleaned_data)
    except NotFound:
        raise Http404 from None
    except Forbidden:
        raise PermissionDenied from None
    except DomainError as exc:
        _errors(request, exc)
        return _to_case(case.pk)
    messages.success(request, done)
    if getattr(result, "number", None):
        return _to_appeal(result.pk)
    return _to_case(case.pk)


@login_required
@require_POST
def case_appeal_file(request, case_id: int):
    case, profile = _case(request, case_id)
    return _case_step(
        request,
        case_id,
        AppealForm(request.POST, profile=profile, case=case),
        lambda c, d: services.appeal_file(actor=request.actor, case_id=c.pk, **d),
        _("The appeal was recorded."),
    )


@login_required
@require_POST
def case_notice(request, case_id: int):
    return _case_step(
        request,
        case_id,
        NoticeForm(request.POST),
        lambda c, d: services.decision_notice_record(actor=request.actor, case_id=c.pk, **d),
        _("The notice was recorded: the appeal window is open."),
    )


@login_required
@require_POST
def case_waive(request, case_id: int):
    case, profile = _case(request, case_id)
    return _case_step(
        request,
        case_id,
        WaiverForm(request.POST, profile=profile, case=case),
        lambda c, d: services.appeal_waive(actor=request.actor, case_id=c.pk, **d),
        _("The waiver was recorded."),
    )


@login_required
@require_POST
def case_reevaluation(request, case_id: int):
    return _case_step(
        request,
        case_id,
        ReevaluationForm(request.POST),
        lambda c, d: services.reevaluation_propose(actor=request.actor, case_id=c.pk, **d),
        _("The proposal was sent to the Commission."),
    )


# --- the Commission's members -------------------------------------------------------------


def _candidates(profile):
    return (
        User.objects.filter(is_active=True, memberships__role=profile.appeals.commission_role)
        .order_by("username")
        .distinct()
    )


@login_required
def appointments(request):
    profile = _reader(request)
    recorder = selectors.is_recorder(actor=request.actor, profile=profile)
    form = None
    if recorder:
        form = AppointmentForm(request.POST or None, users=_candidates(profile), profile=profile)
        if request.method == "POST":
            if form.is_valid():
                data = dict(form.cleaned_data)
                data["user_id"] = int(data.pop("user"))
                try:
                    services.commission_member_appoint(actor=request.actor, **data)
                except DomainError as exc:
                    _errors(request, exc)
                else:
                    messages.success(request, _("The appointment was recorded."))
                    return redirect("appeal_appointments")
            else:
                messages.error(request, _("Check the fields of the form."))
    elif request.method == "POST":
        raise Http404
    language = current_language()
    return render(
        request,
        "appeals/appointments.html",
        {
            "rows": selectors.appointment_list(),
            "active": set(selectors.active_appointments().values_list("pk", flat=True)),
            "ministries": {m.code: m.name.get(language) for m in profile.appeals.ministries},
            "form": form,
        },
    )
