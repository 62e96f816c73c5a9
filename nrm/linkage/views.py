"""The reviewer's pages: the queue of possible duplicates (with the scan button), a pair side
by side with its evidence and the decision form, and the undo. Anyone without a review role
gets 404, as for a record they may not see."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from nrm.core.errors import DomainError, NotFound
from nrm.linkage import evidence, selectors, services
from nrm.linkage.forms import DecisionForm, UndoForm
from nrm.linkage.models import MatchCandidate

PAGE_SIZE = 25


def _reviewer(request) -> None:
    if not selectors.reviewer(request.actor):
        raise Http404


@login_required
@require_GET
def queue(request):
    _reviewer(request)
    page = Paginator(selectors.candidate_queue(actor=request.actor), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    page.object_list = [
        {"candidate": c, "agreed": evidence.agreed(c.evidence)} for c in page.object_list
    ]
    return render(request, "linkage/queue.html", {"page": page})


@login_required
@require_POST
def scan(request):
    _reviewer(request)
    result = services.linkage_scan(actor=request.actor)
    messages.success(
        request,
        _("Scan done: %(found)s pairs found, %(new)s new, %(stale)s no longer found.")
        % {"found": result.found, "new": result.new, "stale": result.stale},
    )
    return redirect("linkage_queue")


def _pair_page(request, candidate_id, *, form=None, undo_form=None, status=200):
    try:
        candidate, sides = services.pair_open(actor=request.actor, candidate_id=candidate_id)
    except NotFound:
        raise Http404 from None
    link = selectors.live_link(candidate.person_a_id, candidate.person_b_id)
    context = {
        "candidate": candidate,
        "sides": sides,
        "evidence": evidence.rows(candidate.evidence),
        "link": link,
        "form": form or DecisionForm(),
        "undo_form": undo_form or UndoForm(),
    }
    return render(request, "linkage/pair.html", context, status=status)


def _errors(form, exc: DomainError) -> None:
    for field, found in (exc.fields or {"__all__": [exc.message]}).items():
        for message in found:
            form.add_error(field if field in form.fields else None, message)


@login_required
@require_GET
def pair(request, candidate_id: int):
    _reviewer(request)
    return _pair_page(request, candidate_id)


@login_required
@require_POST
def decide(request, candidate_id: int):
    _reviewer(request)
    candidate = MatchCandidate.objects.filter(pk=candidate_id).first()
    if candidate is None:
        raise Http404
    form = DecisionForm(request.POST)
    form.is_valid()
    try:
        services.person_link_decide(
            actor=request.actor,
            person_a=candidate.person_a_id,
            person_b=candidate.person_b_id,
            decision=request.POST.get("decision", ""),
            reason=request.POST.get("reason", ""),
        )
    except DomainError as e:
        if isinstance(e, NotFound):
            raise Http404 from None
        _errors(form, e)
        return _pair_page(request, candidate_id, form=form, status=400)
    messages.success(request, _("Decision recorded."))
    return redirect("linkage_queue")


@login_required
@require_POST
def undo(request, link_id: int):
    _reviewer(request)
    try:
        link = selectors.link_get(actor=request.actor, id=link_id)
    except NotFound:
        raise Http404 from None
    candidate = MatchCandidate.objects.filter(
        person_a_id=link.person_a_id, person_b_id=link.person_b_id
    ).first()
    try:
        services.person_link_undo(
            actor=request.actor, link=link.pk, reason=request.POST.get("reason", "")
        )
    except DomainError as e:
        if isinstance(e, NotFound):
            raise Http404 from None
        if candidate is None:
            messages.error(request, e.summary())
            return redirect("linkage_queue")
        form = UndoForm(request.POST)
        form.is_valid()
        _errors(form, e)
        return _pair_page(request, candidate.pk, undo_form=form, status=400)
    messages.success(request, _("Decision undone: the pair is back in the queue."))
    if candidate is None:
        return redirect("linkage_queue")
    return redirect(reverse("linkage_pair", args=[candidate.pk]))
