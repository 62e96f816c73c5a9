"""Pages of the shelters: the centre's own view (residents, beds, tasks due, incidents), the
forms of the case page's shelter panel and the printed forms C1, C2, C3. Each POST
translates to one service call and goes back to the case page."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nrm.accounts.capabilities import Capability
from nrm.core.errors import DomainError, Forbidden, NotFound
from nrm.core.language import current_language
from nrm.deadlines.display import annotate
from nrm.jurisdictions import get_profile
from nrm.registry.selectors import case_get
from nrm.registry.sensitivity import case_visibility
from nrm.registry.services import case_open
from nrm.shelters import pdf, selectors, services
from nrm.shelters.audit_codes import ShelterCode
from nrm.shelters.forms import (
    AdmissionForm,
    CaseworkerForm,
    ExitForm,
    IncidentForm,
    MedicalForm,
    NotifyForm,
)

ANCHOR = "#panel-shelterssection"


def _to_case(case_id: int):
    return redirect(reverse("case_detail", args=[case_id]) + ANCHOR)


def _may_record(request, rules) -> None:
    """Only a receiving centre's member who may change cases records a stay or an incident
    (the services check it again): refused before the form is read, as the API refuses it
    (403), so that a caller who may not write is not sent back to fix the fields."""
    if not request.actor.can(Capability.CASE_UPDATE) or not selectors.is_centre(
        request.actor, rules
    ):
        raise PermissionDenied


def _case(request, case_id: int):
    """The case, visible (404 otherwise, as a missing one), and the caller may record."""
    try:
        case = case_get(actor=request.actor, id=case_id)
    except NotFound:
        raise Http404 from None
    rules = selectors.shelter_rules(case)
    if rules is None:
        raise Http404
    _may_record(request, rules)
    return case, rules


def _residence(request, residence_id: int, *, write: bool = True):
    """A stay of a case the caller sees (404 otherwise); for a write, the caller may record."""
    try:
        residence = selectors.residence_get(actor=request.actor, id=residence_id)
    except NotFound:
        raise Http404 from None
    if write:
        _may_record(request, selectors.shelter_rules(residence.case))
    return residence


def _step(request, case_id: int, form, call, done: str):
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
        return _to_case(case_id)
    try:
        call(form)
    except NotFound:
        raise Http404 from None
    except Forbidden:
        raise PermissionDenied from None
    except DomainError as exc:
        messages.error(request, exc.summary())
        return _to_case(case_id)
    messages.success(request, done)
    return _to_case(case_id)


@login_required
def shelter_view(request):
    """The centre's page: who stays now, the beds, what is due, recent incidents."""
    rules = selectors.shelter_rules(profile_of_actor(request))
    if not selectors.is_centre(request.actor, rules):
        raise Http404
    view = selectors.shelter_view(actor=request.actor)
    tasks = annotate(request.actor, view.tasks)
    language = current_language()
    kinds = {k.code: k.name.get(language) for k in rules.incident_kinds}
    return render(
        request,
        "shelters/view.html",
        {"view": view, "tasks": tasks, "kinds": kinds},
    )


def profile_of_actor(request):
    return get_profile(settings.NRM_JURISDICTION)


@login_required
@require_POST
def case_admit(request, case_id: int):
    case, rules = _case(request, case_id)
    form = AdmissionForm(
        request.POST,
        rules=rules,
        case=case,
        services=selectors.centre_services(actor=request.actor),
        referrals=selectors.admission_referrals(actor=request.actor, case=case).select_related(
            "from_institution"
        ),
        caseworkers=selectors.centre_caseworkers(actor=request.actor, rules=rules),
    )
    return _step(
        request,
        case.pk,
        form,
        lambda f: services.admission_record(
            actor=request.actor, case_id=case.pk, **f.data_for_service()
        ),
        _("The person was admitted."),
    )


@login_required
@require_POST
def residence_medical(request, residence_id: int):
    residence = _residence(request, residence_id)
    return _step(
        request,
        residence.case_id,
        MedicalForm(request.POST),
        lambda f: services.admission_medical_record(
            actor=request.actor, residence_id=residence.pk, **f.cleaned_data
        ),
        _("The medical examination was recorded."),
    )


@login_required
@require_POST
def residence_caseworker(request, residence_id: int):
    residence = _residence(request, residence_id)
    rules = selectors.shelter_rules(residence.case)
    form = CaseworkerForm(
        request.POST, caseworkers=selectors.centre_caseworkers(actor=request.actor, rules=rules)
    )
    return _step(
        request,
        residence.case_id,
        form,
        lambda f: services.admission_caseworker_assign(
            actor=request.actor, residence_id=residence.pk, user_id=int(f.cleaned_data["user_id"])
        ),
        _("The case worker was assigned."),
    )


@login_required
@require_POST
def residence_interview_information(request, residence_id: int):
    residence = _residence(request, residence_id)
    return _step(
        request,
        residence.case_id,
        forms.Form(request.POST),
        lambda f: services.interview_information_record(
            actor=request.actor, residence_id=residence.pk
        ),
        _("Recorded: the formal interview was explained."),
    )


@login_required
@require_POST
def residence_exit(request, residence_id: int):
    residence = _residence(request, residence_id)
    rules = selectors.shelter_rules(residence.case)
    return _step(
        request,
        residence.case_id,
        ExitForm(request.POST, rules=rules),
        lambda f: services.admission_exit(
            actor=request.actor, residence_id=residence.pk, **f.cleaned_data
        ),
        _("The exit was recorded and the bed is free."),
    )


@login_required
@require_POST
def case_incident(request, case_id: int):
    case, rules = _case(request, case_id)
    return _step(
        request,
        case.pk,
        IncidentForm(request.POST, rules=rules, case=case),
        lambda f: services.incident_record(actor=request.actor, case_id=case.pk, **f.cleaned_data),
        _("The incident was recorded: send its notices."),
    )


@login_required
@require_POST
def incident_notify(request, incident_id: int):
    try:
        incident = selectors.incident_get(actor=request.actor, id=incident_id)
    except NotFound:
        raise Http404 from None
    _may_record(request, selectors.shelter_rules(incident.case))
    return _step(
        request,
        incident.case_id,
        NotifyForm(request.POST),
        lambda f: services.incident_notify(
            actor=request.actor, incident_id=incident.pk, **f.cleaned_data
        ),
        _("The notices were sent."),
    )


@login_required
def residence_pdf(request, residence_id: int, form: str):
    residence = _residence(request, residence_id, write=False)
    if form not in ("c1", "c2", "c3") or (form != "c2" and form != residence.form):
        raise Http404
    case_open(actor=request.actor, case_id=residence.case_id, action=ShelterCode.ADMISSION_PDF)
    body = pdf.admission_pdf(
        residence, form=form, visibility=case_visibility(request.actor, residence.case)
    )
    response = HttpResponse(body, content_type="application/pdf")
    name = f"{form.upper()}-{residence.case.reference}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response
