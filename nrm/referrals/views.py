"""Pages of referrals: the institution's referral inbox (action needed, incoming, outgoing)
with its steps (htmx), the case page's "Refer" form and its directory search. Each POST
translates to one service call."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nrm.core import clock
from nrm.core.errors import DomainError
from nrm.directory.selectors import need_name, service_get, service_search
from nrm.referrals import selectors, services
from nrm.referrals.forms import CONSENT_FORM, ReferForm
from nrm.referrals.models import ReferralStatus
from nrm.referrals.panels import steps_for
from nrm.referrals.services import person_age, referral_rules
from nrm.registry.selectors import case_get
from nrm.registry.services import profile_of

TABS = (
    (selectors.ACTION, _("Action needed")),
    (selectors.INCOMING, _("Incoming")),
    (selectors.OUTGOING, _("Outgoing")),
)
STEPS = {
    ReferralStatus.ACCEPTED: services.referral_accept,
    ReferralStatus.DECLINED: services.referral_decline,
    ReferralStatus.IN_PROGRESS: services.referral_start,
    ReferralStatus.COMPLETED: services.referral_complete,
    ReferralStatus.CANCELLED: services.referral_cancel,
}


def _row(request, referral) -> dict:
    spec = referral_rules(referral.case)
    return {
        "row": selectors.inbox_row(actor=request.actor, referral=referral),
        "steps": steps_for(request.actor, referral, spec),
        "need_label": need_name(referral.need, request.LANGUAGE_CODE or "sq"),
    }


@login_required
def inbox(request):
    tab = request.GET.get("tab", selectors.ACTION)
    if tab not in selectors.DIRECTIONS:
        tab = selectors.ACTION
    referrals = selectors.referral_list(actor=request.actor, direction=tab)[:200]
    return render(
        request,
        "referrals/inbox.html",
        {
            "tab": tab,
            "tabs": TABS,
            "rows": [_row(request, r) for r in referrals],
            "action_count": selectors.action_count(actor=request.actor),
        },
    )


@login_required
@require_POST
def referral_step(request, referral_id: int, to: str):
    if to not in STEPS:
        raise Http404
    try:
        referral = STEPS[to](
            actor=request.actor, referral_id=referral_id, note=request.POST.get("note", "")
        )
    except DomainError as exc:
        if exc.status == 404:
            raise Http404 from None
        if request.htmx:
            referral = selectors.referral_get(actor=request.actor, id=referral_id)
            context = {**_row(request, referral), "error": exc.summary()}
            return render(request, "referrals/_inbox_row.html", context)
        messages.error(request, exc.summary())
        return redirect(request.POST.get("next") or reverse("referral_inbox"))
    if request.htmx:
        return render(request, "referrals/_inbox_row.html", _row(request, referral))
    messages.success(request, _("Saved."))
    return redirect(request.POST.get("next") or reverse("referral_inbox"))


def _suitable(case, need: str):
    """The services of the directory that suit this person for this need: active, licence
    valid, a free bed where beds are counted, the right group, age and sex."""
    if not need:
        return []
    return service_search(
        need=need,
        target_group="child" if case.is_child else "adult",
        age=person_age(case, clock.today()),
        sex=case.person.sex,
        with_beds=False,
    )


@login_required
def case_refer_services(request, case_id: int):
    """The directory search of the case page's Refer form (an htmx fragment)."""
    case = case_get(actor=request.actor, id=case_id)
    need = request.GET.get("need", "")
    found = [
        s for s in _suitable(case, need) if not hasattr(s, "capacity") or s.capacity.available > 0
    ]
    found = [s for s in found if s.organization.institution_id != request.actor.institution_id]
    return render(
        request, "referrals/_services.html", {"case": case, "services": found, "need": need}
    )


@login_required
@require_POST
def case_refer(request, case_id: int):
    case = case_get(actor=request.actor, id=case_id)
    form = ReferForm(request.POST, profile=profile_of(case), case=case)
    target = reverse("case_detail", args=[case_id]) + "#referrals"
    if not form.is_valid():
        messages.error(request, _("Check the referral form."))
        return redirect(target)
    data = form.cleaned_data
    try:
        if not data.get("service"):
            raise DomainError(_("Choose a service from the directory."))
        service = service_get(id=data["service"])
        services.referral_create(
            actor=request.actor,
            case_id=case.pk,
            to_institution=service.organization.institution,
            service=service,
            need=data["need"],
            emergency=data["emergency"],
            consent=data["consent"],
            consent_given_by=data["consent_given_by"] if data["consent"] else "",
            consent_form=CONSENT_FORM,
            note=data["note"],
        )
    except DomainError as exc:
        messages.error(request, exc.summary())
        return redirect(target)
    messages.success(request, _("Referral sent."))
    return redirect(target)
