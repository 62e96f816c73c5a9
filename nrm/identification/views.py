"""Pages of formal identification: the group's queue, the case's formal identification page
(the group, the interview, the decision), the interview page and the documents. Each view
translates HTTP to selectors and services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nrm.accounts.capabilities import Capability
from nrm.core import clock
from nrm.core.errors import DomainError, NotFound, ValidationFailed
from nrm.core.language import current_language
from nrm.identification import pdf, rules, selectors, services
from nrm.identification.audit_codes import IdentificationCode
from nrm.identification.forms import (
    ApConveneForm,
    DecisionForm,
    EndForm,
    InterviewPlanForm,
    NeedsForm,
    NoticeForm,
    ParticipantForm,
    StartForm,
)
from nrm.identification.models import GroupState, InterviewStatus
from nrm.meetings import selectors as meeting_rules
from nrm.registry.sensitivity import case_visibility
from nrm.registry.services import case_open, profile_of
from nrm.screening import rules as screening_rules
from nrm.screening import selectors as screening


def _to_form(form, exc: ValidationFailed) -> None:
    for field, errors in exc.fields.items():
        for error in errors:
            form.add_error(field if field in form.fields else None, error)


def _open(request, case_id: int, action):
    try:
        return case_open(actor=request.actor, case_id=case_id, action=action)
    except NotFound:
        raise Http404 from None


def _fail(request, exc: DomainError) -> None:
    messages.error(request, exc.summary())


@login_required
def queue(request):
    rows = selectors.queue(actor=request.actor)
    return render(request, "identification/queue.html", {"rows": rows, "now": clock.now()})


def _detail_context(request, case, decision_form=None, plan_form=None) -> dict:
    actor = request.actor
    profile = profile_of(case)
    language = current_language()
    stage = rules.stage_rules(profile)
    group = selectors.group_of(actor=actor, case=case)
    member = selectors.is_member(actor=actor, case=case)
    visibility = case_visibility(actor, case)
    types = screening_rules.group_types(
        screening_rules.stage_rules(profile), is_child=case.is_child
    )
    my_seat = None
    if group is not None and actor.institution_id is not None:
        my_seat = next(
            (s for s in group.seats.all() if s.institution_id == actor.institution_id), None
        )
    requests = screening.request_list(actor=actor, case=case)
    addressed = any(
        r.institution_id == actor.institution_id for q in requests for r in q.recipients.all()
    )
    can_update = actor.can(Capability.CASE_UPDATE)
    interviews = list(selectors.interview_list(actor=actor, case=case))
    decisions = [visibility.redact(d) for d in selectors.decision_list(actor=actor, case=case)]
    formal = group is not None and group.state == GroupState.FORMAL and group.closed_at is None
    return {
        "case": case,
        "stage": stage,
        "group": group,
        "formed": bool(group and group.formed_at),
        "member": member,
        "my_seat": my_seat,
        "may_take_seat": can_update
        and (my_seat is not None or (group is None and addressed and requests)),
        "may_open": can_update
        and group is None
        and not requests
        and actor.institution is not None
        and actor.institution.type in types
        and case.stage == profile.initial_stage
        and case.identification_status == screening_rules.POTENTIAL_VICTIM,
        "formal": formal,
        "interviews": [visibility.redact(i) for i in interviews],
        "open_interview": next((i for i in interviews if i.status != InterviewStatus.ENDED), None),
        "ended_interview": any(i.status == InterviewStatus.ENDED for i in interviews),
        "decisions": decisions,
        "plan_form": plan_form
        or InterviewPlanForm(
            initial={
                "scheduled_at": timezone.localtime(clock.now()).replace(second=0, microsecond=0)
            }
        ),
        "decision_form": decision_form
        or DecisionForm(
            outcomes=stage.outcomes,
            language=language,
            is_child=case.is_child,
            initial={"decided_on": clock.today(), "consensus": "yes"},
        ),
        "notice_form": NoticeForm(initial={"notified_on": clock.today()}),
        "at_ap": group is not None and group.state == GroupState.AT_AP,
        "may_convene_ap": _may_convene_ap(actor, profile),
        "ap_form": ApConveneForm(
            initial={
                "scheduled_for": timezone.localtime(clock.now()).replace(second=0, microsecond=0)
            }
        ),
        "max_minutes": rules.max_minutes(stage, is_child=case.is_child),
        "documents": pdf.available(actor=actor, case=case),
        "form_code": rules.form_for(is_child=case.is_child),
        "form_doc": stage.document(rules.form_for(is_child=case.is_child).lower()),
        "b3_doc": stage.document("b3"),
    }


def _may_convene_ap(actor, profile) -> bool:
    body = next((b for b in profile.meeting_bodies if b.code == services.AP_BODY), None)
    return body is not None and meeting_rules.may_convene(actor, body)


@login_required
@require_POST
def ap_convene(request, case_id: int):
    form = ApConveneForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter the date and time of the AP meeting."))
        return redirect(_back(case_id, "decision"))
    try:
        services.ap_meeting_convene(actor=request.actor, case_id=case_id, **form.cleaned_data)
    except NotFound:
        raise Http404 from None
    except DomainError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("The AP is convened."))
    return redirect(_back(case_id, "decision"))


@login_required
def detail(request, case_id: int):
    case = _open(request, case_id, IdentificationCode.VIEW)
    return render(request, "identification/detail.html", _detail_context(request, case))


def _back(case_id: int, anchor: str = "") -> str:
    return reverse("formal_identification_detail", args=[case_id]) + (
        f"#{anchor}" if anchor else ""
    )


@login_required
@require_POST
def seat_take(request, case_id: int):
    try:
        services.seat_take(actor=request.actor, case_id=case_id)
    except NotFound:
        raise Http404 from None
    except DomainError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("You are the member of the group for your institution."))
    return redirect(_back(case_id, "group"))


@login_required
@require_POST
def open_self(request, case_id: int):
    try:
        services.identification_open(
            actor=request.actor,
            case_id=case_id,
            institutions=request.POST.getlist("institutions"),
        )
    except NotFound:
        raise Http404 from None
    except DomainError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("Formal identification is open."))
    return redirect(_back(case_id, "group"))


@login_required
@require_POST
def interview_new(request, case_id: int):
    case = _open(request, case_id, IdentificationCode.VIEW)
    form = InterviewPlanForm(request.POST)
    if form.is_valid():
        try:
            interview = services.interview_plan(
                actor=request.actor, case_id=case.pk, **form.cleaned_data
            )
        except ValidationFailed as exc:
            _to_form(form, exc)
        except DomainError as exc:
            _fail(request, exc)
            return redirect(_back(case.pk, "interview"))
        else:
            return redirect("formal_interview_detail", formal_interview_id=interview.pk)
    context = _detail_context(request, case, plan_form=form)
    return render(request, "identification/detail.html", context, status=400)


def _interview_or_404(request, interview_id: int):
    try:
        return selectors.interview_get(actor=request.actor, id=interview_id)
    except NotFound:
        raise Http404 from None


def _interview_context(request, interview, **forms) -> dict:
    case = interview.case
    profile = profile_of(case)
    stage = rules.stage_rules(profile)
    person = screening.person_of(case, profile)
    language = current_language()
    roles = [r for r in stage.participant_roles if person.matches(r.applies_to)]
    conditions = [c for c in stage.conditions if person.matches(c.applies_to)]
    visibility = case_visibility(request.actor, case)
    present = {p.role for p in interview.participants.all()}
    assessor = rules.needs_assessor(stage, is_child=case.is_child)
    return {
        "case": case,
        "interview": visibility.redact(interview),
        "participants": [visibility.redact(p) for p in interview.participants.all()],
        "roles": {r.code: r.name.get(language) for r in stage.participant_roles},
        "missing": [
            r
            for r in roles
            if any(person.matches(a) for a in r.mandatory_for) and r.code not in present
        ],
        "checks": stage.system_checks,
        "conditions_met": [c for c in stage.conditions if c.code in interview.conditions],
        "rights_explained": [r for r in stage.rights if r.code in interview.rights],
        "member": selectors.is_member(actor=request.actor, case=case),
        "assessor": request.actor.institution is not None
        and request.actor.institution.type == assessor,
        "participant_form": forms.get("participant_form")
        or ParticipantForm(
            roles=roles, language=language, initial={"declaration_signed_on": clock.today()}
        ),
        "start_form": forms.get("start_form")
        or StartForm(conditions=conditions, rights=stage.rights, language=language),
        "end_form": forms.get("end_form") or EndForm(),
        "needs_form": forms.get("needs_form") or NeedsForm(),
        "now": clock.now(),
    }


@login_required
def interview_detail(request, formal_interview_id: int):
    interview = _interview_or_404(request, formal_interview_id)
    _open(request, interview.case_id, IdentificationCode.INTERVIEW_VIEW)
    return render(request, "identification/interview.html", _interview_context(request, interview))


def _interview_post(request, interview_id: int, make_form, call, key: str, anchor: str):
    interview = _interview_or_404(request, interview_id)
    form = make_form(interview)
    if form.is_valid():
        try:
            call(interview, form)
        except ValidationFailed as exc:
            _to_form(form, exc)
        except DomainError as exc:
            _fail(request, exc)
            return redirect(reverse("formal_interview_detail", args=[interview.pk]) + f"#{anchor}")
        else:
            return redirect(reverse("formal_interview_detail", args=[interview.pk]) + f"#{anchor}")
    interview = _interview_or_404(request, interview_id)
    context = _interview_context(request, interview, **{key: form})
    return render(request, "identification/interview.html", context, status=400)


@login_required
@require_POST
def participant_add(request, formal_interview_id: int):
    def make(interview):
        stage = rules.stage_rules(profile_of(interview.case))
        return ParticipantForm(
            request.POST, roles=stage.participant_roles, language=current_language()
        )

    def call(interview, form):
        services.participant_add(
            actor=request.actor, interview_id=interview.pk, **form.cleaned_data
        )

    return _interview_post(
        request, formal_interview_id, make, call, "participant_form", "participants"
    )


@login_required
@require_POST
def interview_start(request, formal_interview_id: int):
    def make(interview):
        stage = rules.stage_rules(profile_of(interview.case))
        return StartForm(
            request.POST,
            conditions=stage.conditions,
            rights=stage.rights,
            language=current_language(),
        )

    def call(interview, form):
        services.interview_start(
            actor=request.actor, interview_id=interview.pk, **form.cleaned_data
        )

    return _interview_post(request, formal_interview_id, make, call, "start_form", "start")


@login_required
@require_POST
def interview_end(request, formal_interview_id: int):
    def call(interview, form):
        services.interview_end(actor=request.actor, interview_id=interview.pk, **form.cleaned_data)

    return _interview_post(
        request, formal_interview_id, lambda i: EndForm(request.POST), call, "end_form", "end"
    )


@login_required
@require_POST
def needs_assess(request, formal_interview_id: int):
    def call(interview, form):
        services.needs_assess(actor=request.actor, interview_id=interview.pk, **form.cleaned_data)

    return _interview_post(
        request,
        formal_interview_id,
        lambda i: NeedsForm(request.POST),
        call,
        "needs_form",
        "needs",
    )


@login_required
@require_POST
def decision_new(request, case_id: int):
    case = _open(request, case_id, IdentificationCode.DECISION_FORM)
    stage = rules.stage_rules(profile_of(case))
    form = DecisionForm(
        request.POST, outcomes=stage.outcomes, language=current_language(), is_child=case.is_child
    )
    if form.is_valid():
        try:
            decision = services.decision_record(
                actor=request.actor, case_id=case.pk, **form.service_data()
            )
        except ValidationFailed as exc:
            _to_form(form, exc)
        except DomainError as exc:
            _fail(request, exc)
            return redirect(_back(case.pk, "decision"))
        else:
            if decision.consensus:
                messages.success(request, _("The decision of the group (B3) was recorded."))
            else:
                messages.success(request, _("No consensus: the file was sent to the AP."))
            return redirect(_back(case.pk, "decision"))
    context = _detail_context(request, case, decision_form=form)
    return render(request, "identification/detail.html", context, status=400)


def _decision_post(request, decision_id: int, call, done: str):
    try:
        decision = selectors.decision_get(actor=request.actor, id=decision_id)
    except NotFound:
        raise Http404 from None
    try:
        call(decision)
    except NotFound:
        raise Http404 from None
    except DomainError as exc:
        _fail(request, exc)
    else:
        messages.success(request, done)
    return redirect(_back(decision.case_id, "decision"))


@login_required
@require_POST
def decision_send(request, decision_id: int):
    return _decision_post(
        request,
        decision_id,
        lambda d: services.decision_send_to_ap(actor=request.actor, decision_id=d.pk),
        _("The decision was sent to the AP."),
    )


@login_required
@require_POST
def decision_notice(request, decision_id: int):
    form = NoticeForm(request.POST)
    day = form.cleaned_data["notified_on"] if form.is_valid() else None
    return _decision_post(
        request,
        decision_id,
        lambda d: services.decision_notice_record(
            actor=request.actor, decision_id=d.pk, notified_on=day
        ),
        _("The day of the notice was recorded."),
    )


@login_required
def document(request, form: str, object_id: int):
    try:
        content, filename = pdf.document(actor=request.actor, form=form, object_id=object_id)
    except NotFound:
        raise Http404 from None
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
