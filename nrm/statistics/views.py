"""/statistics/: choose a report or a table and a period by name, see the tables (every
cell through `display.shown`), download one as CSV or XLSX. Who: `statistics.read`;
anyone else gets 404, as for any page they may not see."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import render

from nrm.accounts.capabilities import Capability
from nrm.core.errors import ValidationFailed
from nrm.statistics import display, files, services, tables
from nrm.statistics.forms import ChoiceForm
from nrm.statistics.periods import label as period_label
from nrm.statistics.selectors import may_publish


def _require(actor) -> None:
    if not actor.can(Capability.STATISTICS_READ):
        raise Http404


def _reports():
    rules = tables.profile().statistics
    return rules.reports if rules else ()


@login_required
def index(request):
    actor = request.actor
    _require(actor)
    form = ChoiceForm(request.GET or None, reports=_reports())
    shown = []
    if form.is_bound and form.is_valid():
        built = services.tables_show(
            actor=actor, codes=form.codes, period=form.period, report=form.report
        )
        shown = [(p.table, display.grid(p), p) for p in display.public_all(built)]
    context = {
        "form": form,
        "shown": shown,
        "may_publish": may_publish(actor),
        "period_label": period_label(form.period) if shown else "",
        "cutoff": shown[0][0].cutoff if shown else None,
    }
    return render(request, "statistics/index.html", context)


@login_required
def export(request, code: str, file_format: str):
    actor = request.actor
    _require(actor)
    try:
        period = services.period_of(request.GET.get("period", ""))
        table = services.table_export(
            actor=actor, code=code, period=period, file_format=file_format
        )
    except ValidationFailed as error:
        return HttpResponseBadRequest(str(error))
    if file_format == "xlsx":
        return files.xlsx_response(table)
    return files.csv_response(table)


@login_required
def dashboard_charts(request):
    """The coordinators' dashboard charts, loaded by the dashboard after it has shown
    (`dashboard.section_context`): aggregates under the public rules, never a person."""
    from nrm.statistics import dashboard

    context = dashboard.context(request.actor)
    if context is None:
        raise Http404
    return render(request, "statistics/_dashboard_charts.html", context)
