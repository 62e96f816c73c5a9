"""Pages of the case registry. Each view translates HTTP to one selector or service call."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from nrm.accounts.capabilities import Capability
from nrm.accounts.selectors import institution_focal_points
from nrm.core import csvsafe
from nrm.core.errors import DomainError, NotFound, ValidationFailed
from nrm.core.language import current_language
from nrm.registry import doors, selectors, services
from nrm.registry.forms import CaseFilterForm, PersonForm, TransitionForm
from nrm.registry.sensitivity import case_visibility, name_search_cases

PAGE_SIZE = 25


@login_required
def dashboard(request):
    actor = request.actor
    counts = selectors.case_counts(actor=actor)
    recent = selectors.case_list(actor=actor)[:10]
    return render(
        request,
        "registry/dashboard.html",
        {"counts": counts, "recent": recent, "total": sum(counts["stage"].values())},
    )


def _page_number(request) -> int:
    try:
        return max(1, int(request.GET.get("page", 1)))
    except ValueError:
        return 1


def _filters(request) -> tuple[CaseFilterForm, selectors.CaseFilters]:
    form = CaseFilterForm(request.GET or None, language=current_language())
    if not (form.is_bound and form.is_valid()):
        return form, selectors.CaseFilters()
    data = form.cleaned_data
    return form, selectors.CaseFilters(
        q=data["q"],
        stage=data["stage"],
        identification_status=data["identification_status"],
        county=data["county"],
        is_child=form.is_child_value(),
    )


@login_required
def case_list(request):
    form, filters = _filters(request)
    page = selectors.case_page(
        actor=request.actor, filters=filters, number=_page_number(request), page_size=PAGE_SIZE
    )
    context = {
        "form": form,
        "page": page,
        "query": filters.q,
        # A role that may not see identity may not look names up (sensitivity classes).
        "name_search_refused": selectors.is_name_search(filters.q)
        and name_search_cases(request.actor) is None,
    }
    if request.htmx:
        return render(request, "registry/_case_table.html", context)
    return render(request, "registry/case_list.html", context)


@login_required
def case_export(request):
    """CSV of the visible cases under the current filters; no personal data in it."""
    _form, filters = _filters(request)
    rows = services.case_list_export(actor=request.actor, filters=filters)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="nrm-cases.csv"'
    # Cases whose consent to statistics was withdrawn are not in the file (docs/consent.md).
    left_out = getattr(rows, "left_out", 0)
    response["X-NRM-Left-Out"] = str(left_out)
    if left_out:
        messages.info(
            request,
            ngettext(
                "The export left out %(n)d case whose consent to statistics was withdrawn.",
                "The export left out %(n)d cases whose consent to statistics was withdrawn.",
                left_out,
            )
            % {"n": left_out},
        )
    writer = csvsafe.Writer(response)
    writer.writerow(services.EXPORT_COLUMNS)
    writer.writerows(rows)
    return response


@login_required
def case_new(request):
    if not request.actor.can(Capability.CASE_CREATE):
        raise Http404
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_create(actor=request.actor, person=form.person_input())
        except ValidationFailed as exc:
            for field, errors in exc.fields.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            messages.success(request, _("Case %(ref)s opened.") % {"ref": case.reference})
            return redirect("case_detail", case_id=case.pk)
    return render(request, "registry/case_new.html", {"form": form})


HISTORY_ROWS = 20  # the newest changes on the case page; the rest on the history page


def _panel_html(request, case, code: str, panel) -> str | None:
    context = panel.context(request, case)
    if context is None:
        return None
    return render_to_string(panel.template, {**context, "case": case}, request=request)


def _panels(request, case) -> dict[str, list[dict]]:
    """The stages' panels by slot (`registry.doors.case_panels`): rendered now, or for a
    lazy panel a closed card that fetches it when opened."""
    slots: dict[str, list[dict]] = {slot: [] for slot in doors.SLOTS}
    for code, _app in doors.case_panels.contributions():
        panel = doors.case_panels.get(code)
        if panel.lazy:
            slots[panel.slot].append({"code": code, "lazy": True, "title": panel.title})
            continue
        html = _panel_html(request, case, code, panel)
        if html is not None:
            slots[panel.slot].append({"code": code, "html": html})
    return slots


@login_required
def case_detail(request, case_id: int):
    actor = request.actor
    try:
        case = services.case_open(actor=actor, case_id=case_id, action="case.view")
    except NotFound:
        raise Http404 from None
    profile = services.profile_of(case)
    visibility = case_visibility(actor, case)
    history = list(
        selectors.case_history(actor=actor, case=case, newest_first=True)[: HISTORY_ROWS + 1]
    )
    context = {
        "case": case,
        # Fields of the classes the actor may not see read as "restricted" (sensitivity).
        "person": visibility.redact(case.person),
        "hidden": visibility.by_model,
        "history": [visibility.redact(h) for h in history[:HISTORY_ROWS]],
        "history_more": len(history) > HISTORY_ROWS,
        "grants": selectors.case_grants(actor=actor, case=case),
        "next_stages": profile.stage_transitions.get(case.stage, ()),
        "next_statuses": profile.status_transitions.get(case.identification_status, ()),
        "can_update": actor.can(Capability.CASE_UPDATE),
        "profile": profile,
        "focal_points": institution_focal_points(institution=case.owner_institution),
        "panels": _panels(request, case),
    }
    return render(request, "registry/case_detail.html", context)


@login_required
def case_panel(request, case_id: int, code: str):
    """A lazy panel of the case page, fetched when the reader opens it (a read of the case)."""
    panel = doors.case_panels.get(code)
    if panel is None:
        raise Http404
    try:
        case = services.case_open(actor=request.actor, case_id=case_id, action="case.view")
    except NotFound:
        raise Http404 from None
    return HttpResponse(_panel_html(request, case, code, panel) or "")


@login_required
def case_history(request, case_id: int):
    """Every change of the case's stage and status, newest first, 100 a page."""
    try:
        case = services.case_open(actor=request.actor, case_id=case_id, action="case.history")
    except NotFound:
        raise Http404 from None
    rows = selectors.case_history(actor=request.actor, case=case, newest_first=True)
    page = Paginator(rows, 100).get_page(request.GET.get("page"))
    visibility = case_visibility(request.actor, case)
    page.object_list = [visibility.redact(h) for h in page.object_list]
    return render(request, "registry/case_history.html", {"case": case, "page": page})


@login_required
@require_POST
def case_status(request, case_id: int):
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the new value and the reason for the change."))
        return redirect("case_detail", case_id=case_id)
    data = form.cleaned_data
    service = (
        services.case_stage_change if data["field"] == "stage" else services.case_status_change
    )
    try:
        service(
            actor=request.actor,
            case_id=case_id,
            to=data["to"],
            reason=data["reason"],
            decision_reference=data["decision_reference"],
            expected_version=data["expected_version"],
        )
    except NotFound:
        raise Http404 from None
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The change was recorded."))
    return redirect("case_detail", case_id=case_id)
