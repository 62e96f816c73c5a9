"""Pages of the reintegration: the case's monitoring page (timeline, reports, the reasoned
report, service lines), the D2 form, the printed D2 and the worker's "reports due this
month". Each POST translates to one service call and goes back to the page; a caller who
sees the case but is not the one who records the thing (the case's worker; the AP secretariat
ends the monitoring) is refused with 403, as in the API, and one who does not see it with 404."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nrm.accounts.capabilities import Capability
from nrm.core import clock
from nrm.core.errors import DomainError, Forbidden, NotFound, ValidationFailed
from nrm.core.language import current_language
from nrm.registry import services as registry
from nrm.registry.selectors import case_get
from nrm.registry.sensitivity import case_visibility
from nrm.reintegration import panels, pdf, plan, selectors, services
from nrm.reintegration.audit_codes import ReintegrationCode
from nrm.reintegration.forms import (
    CloseForm,
    EndForm,
    LineForm,
    LineStatusForm,
    ProposalForm,
    ReportForm,
)


def _errors(request, exc: DomainError) -> None:
    messages.error(request, exc.summary())


def _to_page(case_id: int, anchor: str = ""):
    return redirect(reverse("reintegration_case", args=[case_id]) + anchor)


def _case(request, case_id: int, action=None):
    try:
        if action is None:
            return case_get(actor=request.actor, id=case_id)
        return registry.case_open(actor=request.actor, case_id=case_id, action=action)
    except NotFound:
        raise Http404 from None


def line_form(rules) -> LineForm:
    language = current_language()
    kinds = [(k.code, k.name.get(language)) for k in rules.service_kinds]
    groups = []
    for k in rules.service_kinds:
        options = [(i.pk, i.name) for i in selectors.institutions_for(k)]
        if options:
            groups.append((k.name.get(language), options))
    return LineForm(kinds=kinds, institutions=groups, auto_id="line-%s")


@login_required
def case_page(request, case_id: int):
    case = _case(request, case_id, ReintegrationCode.PAGE)
    context = panels.overview(request.actor, case)
    if context is None:
        raise Http404
    r = context["rules"]
    if context["reporter"]:
        context["line_form"] = line_form(r)
        context["status_form"] = LineStatusForm(auto_id=False)
    if context["may_propose"]:
        context["proposal_form"] = ProposalForm(
            initial={"proposed_on": clock.today()}, auto_id="proposal-%s"
        )
    if context["may_end"]:
        context["end_form"] = EndForm(auto_id="end-%s")
    if context["may_close"] and registry.may_close(
        actor=request.actor, case=case, profile=registry.profile_of(case)
    ):
        context["close_form"] = CloseForm(auto_id="close-%s")
    context["reports"] = [
        case_visibility(request.actor, case).redact(m)
        for m in selectors.report_list(actor=request.actor, case=case)
    ]
    context["case"] = case
    return render(request, "reintegration/case.html", context)


def _periods(case, months) -> list[tuple[int, str]]:
    return [
        (
            m.period.number,
            _("Month %(n)d: %(a)s – %(b)s")
            % {
                "n": m.period.number,
                "a": m.period.start.strftime("%d.%m.%Y"),
                "b": m.period.end.strftime("%d.%m.%Y"),
            },
        )
        for m in months
        if m.state in ("missing", "current")
    ]


def _report_input(form: ReportForm) -> services.ReportIn:
    data = form.cleaned_data
    return services.ReportIn(
        period=data["period"],
        reported_on=data["reported_on"],
        criteria={code: data[key] == "yes" for code, key in form.criterion_keys},
        items=tuple(
            services.ItemIn(
                plan_item_id=item_id,
                status=data[f"{key}_status"],
                note=data[f"{key}_note"],
            )
            for item_id, key in form.item_keys
        ),
        situations={code: data[key] for code, key in form.domain_keys if data[key]},
        summary=data["summary"],
        risks=data["risks"],
        revision_needed=data["revision_needed"],
    )


def _item_field(form: ReportForm, name: str) -> str:
    """The form's field of a service error: `items.{i}.status` is the i-th item's state."""
    parts = name.split(".")
    if len(parts) == 3 and parts[0] == "items" and parts[1].isdigit():
        keys = form.item_keys
        if int(parts[1]) < len(keys):
            return f"{keys[int(parts[1])][1]}_{parts[2]}"
    return name


@login_required
def report_new(request, case_id: int):
    """The D2 form, prefilled with the items of the reintegration plan and the first month
    not reported."""
    case = _case(request, case_id, ReintegrationCode.PAGE)
    context = panels.overview(request.actor, case)
    if context is None or not context["may_report"]:
        messages.error(request, _("No monitoring report can be filed on this case now."))
        return _to_page(case_id)
    rules = context["rules"]
    periods = _periods(case, context["months"])
    kwargs = {
        "rules": rules,
        "periods": periods,
        "items": plan.items_for_form(case),
        "item_statuses": plan.item_statuses(),
        "auto_id": "d2-%s",
    }
    if request.method == "POST":
        form = ReportForm(request.POST, **kwargs)
        if form.is_valid():
            try:
                services.monitoring_report_submit(
                    actor=request.actor, case_id=case.pk, report=_report_input(form)
                )
            except ValidationFailed as exc:
                for name, errors in exc.fields.items():
                    key = _item_field(form, name)
                    key = key if key in form.fields else None
                    for message in errors:
                        form.add_error(key, message)
            except Forbidden:
                raise PermissionDenied from None
            except DomainError as exc:
                _errors(request, exc)
            else:
                messages.success(request, _("The monitoring report is filed."))
                return _to_page(case.pk, "#timeline")
    else:
        first = periods[0][0] if periods else None
        wanted = request.GET.get("period")
        initial = {"reported_on": clock.today(), "period": first}
        if wanted and wanted.isdigit() and int(wanted) in {p for p, _l in periods}:
            initial["period"] = int(wanted)
        form = ReportForm(initial=initial, **kwargs)
    return render(request, "reintegration/report_form.html", {"case": case, "form": form})


@login_required
def report_pdf(request, report_id: int):
    try:
        report = selectors.report_get(actor=request.actor, id=report_id)
    except NotFound:
        raise Http404 from None
    _case(request, report.case_id, ReintegrationCode.REPORT_PDF)
    body = pdf.report_pdf(report, visibility=case_visibility(request.actor, report.case))
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="D2-{report.case_id}-{report.period}.pdf"'
    return response


@login_required
@require_POST
def proposal_file(request, case_id: int):
    form = ProposalForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the date and the reasoning."))
        return _to_page(case_id, "#proposal")
    try:
        services.reevaluation_proposal_file(
            actor=request.actor,
            case_id=case_id,
            reasoning=form.cleaned_data["reasoning"],
            proposed_on=form.cleaned_data["proposed_on"],
        )
    except NotFound:
        raise Http404 from None
    except Forbidden:
        raise PermissionDenied from None
    except DomainError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("The reasoned report is filed; the AP secretariat is told."))
    return _to_page(case_id, "#proposal")


@login_required
@require_POST
def monitoring_end(request, case_id: int):
    form = EndForm(request.POST)
    try:
        services.monitoring_end(
            actor=request.actor,
            case_id=case_id,
            reason=form.data.get("reason", ""),
        )
    except NotFound:
        raise Http404 from None
    except Forbidden:
        raise PermissionDenied from None
    except DomainError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("Monitoring ended."))
    return _to_page(case_id)


@login_required
@require_POST
def case_close(request, case_id: int):
    """Closes the case for sustainable reintegration (the profile's closure reason)."""
    case = _case(request, case_id)
    rules = registry.profile_of(case).reintegration
    if not request.actor.can(Capability.CASE_UPDATE):
        raise PermissionDenied  # before the state: a caller who may not close learns nothing
    if not selectors.monitoring_over(case):
        # The reason says "reintegrated": true only once the monitoring has ended.
        messages.error(
            request, _("Close the case for sustainable reintegration once monitoring has ended.")
        )
        return _to_page(case_id)
    try:
        registry.case_close(
            actor=request.actor,
            case_id=case.pk,
            reason_code=rules.closure_reason if rules else "",
            note=request.POST.get("note", ""),
            expected_version=case.version,
        )
    except DomainError as exc:
        _errors(request, exc)
        return _to_page(case_id)
    messages.success(request, _("The case is closed."))
    return redirect(reverse("case_detail", args=[case_id]))


@login_required
@require_POST
def line_new(request, case_id: int):
    data = request.POST
    institution = data.get("institution", "")
    try:
        services.service_line_open(
            actor=request.actor,
            case_id=case_id,
            kind=data.get("kind", ""),
            institution_id=int(institution) if institution.isdigit() else None,
            requested_on=_date(data.get("requested_on")),
            note=data.get("note", ""),
        )
    except NotFound:
        raise Http404 from None
    except Forbidden:
        raise PermissionDenied from None
    except DomainError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("The service is requested."))
    return _to_page(case_id, "#services")


def _date(value):
    try:
        return date.fromisoformat(value or "")
    except ValueError:
        return None


@login_required
@require_POST
def line_status(request, line_id: int):
    try:
        line = selectors.line_get(actor=request.actor, id=line_id)
    except NotFound:
        raise Http404 from None
    try:
        services.service_line_status_set(
            actor=request.actor,
            line_id=line.pk,
            status=request.POST.get("status", ""),
            on=_date(request.POST.get("on")),
            note=request.POST.get("note", ""),
        )
    except Forbidden:
        raise PermissionDenied from None
    except DomainError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("The service line is updated."))
    return _to_page(line.case_id, f"#line-{line.pk}")


@login_required
def reports_due(request):
    """The worker's list: the monitoring reports due this month (and those overdue)."""
    rows = selectors.reports_due(actor=request.actor, today=clock.today())
    return render(request, "reintegration/due.html", {"rows": rows, "today": clock.today()})
