"""Pages of the releases and of the reconciliation: `/statistics/releases/…` and
`/statistics/reconciliation/`. Only the statistics capability reaches them; anyone else
gets 404. Each view translates HTTP to one selector or service."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from nrm.core.errors import DomainError, NotFound
from nrm.statistics import reconciliation, releases, selectors
from nrm.statistics.forms import PublishForm


def _allowed(request) -> None:
    if not selectors.may_publish(getattr(request, "actor", None)):
        raise Http404


def _list(request, form, status=200):
    rows = selectors.release_list(actor=request.actor)[:200]
    return render(
        request, "statistics/releases.html", {"releases": rows, "form": form}, status=status
    )


@login_required
def release_list(request):
    _allowed(request)
    return _list(request, PublishForm(initial={"tier": "2", "number": 1}))


@login_required
@require_POST
def release_publish(request):
    _allowed(request)
    form = PublishForm(request.POST)
    if not form.is_valid():
        return _list(request, form, status=400)
    data = form.cleaned_data
    try:
        period = selectors.period_make(data["kind"], data["year"], data["number"] or 1)
        release = releases.statistics_release(
            actor=request.actor, code=data["code"], period=period, tier=int(data["tier"])
        )
    except NotFound:
        raise Http404 from None
    except DomainError as error:
        for field, messages in error.fields.items():
            for message in messages:
                form.add_error(field if field in form.fields else None, message)
        if not error.fields:
            form.add_error(None, error.message)
        return _list(request, form, status=400)
    return redirect("statistics_release", release_id=release.pk)


def _page(request, release, result=None):
    out = release.output
    labels = out.get("labels", {})
    shown = {(r, c): text for r, c, text in out["cells"]}
    flags = {(r, c): f for r, c, f in out.get("flags", [])}
    hidden = {tuple(c) for c in out["suppressed"]}
    columns = [(c, labels.get("columns", {}).get(c, c)) for c in out["columns"]]
    rows = [
        {
            "code": r,
            "label": labels.get("rows", {}).get(r, r),
            "cells": [
                {
                    "text": shown.get((r, c), ""),
                    "flag": flags.get((r, c), ""),
                    "hidden": (r, c) in hidden and release.tier == 2,
                }
                for c, _label in columns
            ],
        }
        for r in out["rows"]
    ]
    context = {
        "release": release,
        "title": selectors.release_title(release),
        "columns": columns,
        "rows": rows,
        "result": result,
    }
    return render(request, "statistics/release.html", context)


@login_required
def release_detail(request, release_id: int):
    try:
        release = selectors.release_get(actor=request.actor, id=release_id)
    except NotFound:
        raise Http404 from None
    return _page(request, release)


@login_required
@require_POST
def release_reproduce(request, release_id: int):
    try:
        release = selectors.release_get(actor=request.actor, id=release_id)
        result = releases.release_reproduce(actor=request.actor, release=release)
    except NotFound:
        raise Http404 from None
    return _page(request, release, result)


@login_required
def reconciliation_page(request):
    try:
        result = reconciliation.reconciliation_open(actor=request.actor)
    except NotFound:
        raise Http404 from None
    return render(request, "statistics/reconciliation.html", {"result": result})
