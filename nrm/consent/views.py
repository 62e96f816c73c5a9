"""The consent section's forms (the section itself is the `consent` template tag on the
case page). Each view translates one POST to one service call and goes back to the page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nrm.accounts.capabilities import Capability
from nrm.accounts.selectors import institutions_active
from nrm.consent import rules, selectors, services
from nrm.consent.forms import ConsentRecordForm, SuspicionForm, WithdrawForm
from nrm.core.errors import DomainError, NotFound
from nrm.core.language import current_language
from nrm.registry.selectors import case_get
from nrm.registry.services import profile_of


def _back(case_id: int):
    return redirect(reverse("case_detail", args=[case_id]) + "#consent")


def _may_record(request) -> None:
    """After the case is found (404 otherwise): the caller must hold case.update (403)."""
    if not request.actor.can(Capability.CASE_UPDATE):
        raise PermissionDenied


def _case_and_rules(request, case_id: int):
    try:
        case = case_get(actor=request.actor, id=case_id)
        consent = rules.rules_of(profile_of(case))
    except (NotFound, DomainError):
        raise Http404 from None
    _may_record(request)
    return case, consent


def institution_choices():
    return institutions_active()


@login_required
@require_POST
def consent_add(request, case_id: int):
    case, consent = _case_and_rules(request, case_id)
    form = ConsentRecordForm(
        request.POST, rules=consent, institutions=institution_choices(), language=current_language()
    )
    if not form.is_valid():
        messages.error(request, _("Say for which purpose, whether it was given, by whom and when."))
        return _back(case.pk)
    try:
        services.consent_record(actor=request.actor, case_id=case.pk, **form.cleaned_data)
    except NotFound:
        raise Http404 from None
    except DomainError as exc:
        messages.error(request, exc.summary())
    else:
        messages.success(request, _("The consent was recorded."))
    return _back(case.pk)


@login_required
@require_POST
def consent_withdraw(request, record_id: int):
    try:
        record = selectors.consent_record_get(actor=request.actor, id=record_id)
    except NotFound:
        raise Http404 from None
    _may_record(request)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for the withdrawal."))
        return _back(record.case_id)
    try:
        services.consent_withdraw(actor=request.actor, record_id=record.pk, **form.cleaned_data)
    except NotFound:
        raise Http404 from None
    except DomainError as exc:
        messages.error(request, exc.summary())
    else:
        messages.success(
            request, _("The consent was withdrawn. Everyone holding the case has been told.")
        )
    return _back(record.case_id)


@login_required
@require_POST
def suspicion_add(request, case_id: int):
    case, consent = _case_and_rules(request, case_id)
    form = SuspicionForm(request.POST, rules=consent, language=current_language())
    if not form.is_valid():
        messages.error(request, _("Say who and whether they are suspected."))
        return _back(case.pk)
    try:
        services.giver_suspicion_record(actor=request.actor, case_id=case.pk, **form.cleaned_data)
    except NotFound:
        raise Http404 from None
    except DomainError as exc:
        messages.error(request, exc.summary())
    else:
        messages.success(request, _("The statement was recorded."))
    return _back(case.pk)
