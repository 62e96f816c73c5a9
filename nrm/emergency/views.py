"""The emergency panel's forms: each POST is one service call. With htmx the panel comes back
re-rendered (the form's errors in place); without it, the case page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from nrm.accounts.capabilities import Capability
from nrm.core.errors import DomainError, Forbidden, NotFound
from nrm.emergency import forms as f
from nrm.emergency import panels, services
from nrm.registry.selectors import case_get
from nrm.registry.services import profile_of


def _target(data: dict) -> int:
    return data.pop("target")


# step → (form, service call (actor, case, data), message when done)
STEPS = {
    "initiate": (
        f.InitiateForm,
        lambda a, c, d: services.measure_initiate(actor=a, case_id=c.pk, **d),
        gettext_lazy("The measure was initiated: inform the director at once."),
    ),
    "inform": (
        f.InformForm,
        lambda a, c, d: services.measure_director_inform(actor=a, case_id=c.pk, **d),
        gettext_lazy("Recorded: the director was informed."),
    ),
    "decide": (
        f.DecideForm,
        lambda a, c, d: services.measure_decide(actor=a, case_id=c.pk, **d),
        gettext_lazy("The director's decision was recorded."),
    ),
    "place": (
        f.PlaceForm,
        lambda a, c, d: services.measure_place(actor=a, case_id=c.pk, **d),
        gettext_lazy("The placement was recorded."),
    ),
    "gtn": (
        f.GtnForm,
        lambda a, c, d: services.measure_gtn_request(actor=a, case_id=c.pk, **d),
        gettext_lazy("The request for the GTN meeting was recorded."),
    ),
    "police": (
        f.PoliceForm,
        lambda a, c, d: services.measure_police_contact(actor=a, case_id=c.pk, **d),
        gettext_lazy("The contact with the police was recorded."),
    ),
    "change_draft": (
        f.ChangeDraftForm,
        lambda a, c, d: services.measure_change_draft(actor=a, case_id=c.pk, **d),
        gettext_lazy("The change of the measure was drafted."),
    ),
    "change_approve": (
        f.ChangeApproveForm,
        lambda a, c, d: services.measure_change_approve(actor=a, case_id=c.pk, **d),
        gettext_lazy("The director's approval was recorded."),
    ),
    "change_send": (
        f.ChangeSendForm,
        lambda a, c, d: services.measure_change_send(actor=a, case_id=c.pk, **d),
        gettext_lazy("Recorded: sent to court."),
    ),
    "change_rule": (
        f.ChangeRuleForm,
        lambda a, c, d: services.measure_change_rule(actor=a, case_id=c.pk, **d),
        gettext_lazy("The court's decision was recorded."),
    ),
    "non_response": (
        f.NonResponseForm,
        lambda a, c, d: services.non_response_report(actor=a, case_id=c.pk, **d),
        gettext_lazy("Reported: the next level was notified."),
    ),
    "escalate": (
        f.EscalateForm,
        lambda a, c, d: services.non_response_escalate(actor=a, non_response_id=_target(d)),
        gettext_lazy("Escalated: the next level was notified."),
    ),
    "permit": (
        f.PermitForm,
        lambda a, c, d: services.residence_permit_start(actor=a, case_id=c.pk, **d),
        gettext_lazy("The procedure was started."),
    ),
    "permit_decide": (
        f.PermitDecideForm,
        lambda a, c, d: services.permit_decide(actor=a, permit_id=_target(d), **d),
        gettext_lazy("The outcome was recorded."),
    ),
    "mission": (
        f.MissionForm,
        lambda a, c, d: services.mission_request(actor=a, case_id=c.pk, **d),
        gettext_lazy("The request to the mission was recorded."),
    ),
    "mission_answer": (
        f.MissionAnswerForm,
        lambda a, c, d: services.mission_answer(actor=a, request_id=_target(d), **d),
        gettext_lazy("The mission's answer was recorded."),
    ),
    "doc_notify": (
        f.EmptyForm,
        lambda a, c, d: services.documentation_notify(actor=a, case_id=c.pk),
        gettext_lazy("The AP secretariat was notified."),
    ),
    "doc_meeting": (
        f.EmptyForm,
        lambda a, c, d: services.documentation_meeting_request(actor=a, case_id=c.pk),
        gettext_lazy("The AP meeting was requested."),
    ),
    "reflection": (
        f.ReflectionForm,
        lambda a, c, d: services.reflection_start(actor=a, case_id=c.pk, **d),
        gettext_lazy("The reflection period was started."),
    ),
    "extend": (
        f.ExtendForm,
        lambda a, c, d: services.reflection_extend(actor=a, case_id=c.pk, **d),
        gettext_lazy("The reflection period was extended."),
    ),
}


def _panel(request, case, bound, notes) -> HttpResponse:
    context = panels.section(request, case, bound=bound) or {}
    context["messages_here"] = notes
    return HttpResponse(render_to_string("emergency/_case_panel.html", context, request=request))


class _Note:
    def __init__(self, text, tags):
        self.text, self.tags = str(text), tags

    def __str__(self) -> str:
        return self.text


@login_required
@require_POST
def step(request, case_id: int, step: str):
    if step not in STEPS:
        raise Http404
    try:
        case = case_get(actor=request.actor, id=case_id)
    except NotFound:
        raise Http404 from None
    rules = profile_of(case).emergency
    if rules is None:
        raise Http404
    if not request.actor.can(Capability.CASE_UPDATE):
        # Before the form is read: a read-only role is refused whatever it posts.
        raise PermissionDenied
    form_class, call, done = STEPS[step]
    form = form_class(request.POST, rules=rules, case=case, auto_id=f"em-{step}-%s")
    bound, note = None, None
    if not form.is_valid():
        bound, note = (step, form), _Note(_("Check the fields of the form."), "error")
    else:
        try:
            call(request.actor, case, dict(form.cleaned_data))
        except NotFound:
            raise Http404 from None
        except Forbidden:
            raise PermissionDenied from None
        except DomainError as exc:
            for field, errors in exc.fields.items():
                if field in form.fields:
                    for error in errors:
                        form.add_error(field, error)
            bound, note = (step, form), _Note(exc.summary(), "error")
        else:
            note = _Note(done, "success")
    if request.htmx:
        return _panel(request, case_get(actor=request.actor, id=case.pk), bound, [note])
    (messages.success if note.tags == "success" else messages.error)(request, note.text)
    return redirect(reverse("case_detail", args=[case.pk]) + "#emergency")
