"""Pages of action plans (docs/action-plan.md): the plans, a plan's tree by objective, an
activity with its reports and history, its edit, the report and review forms, the
coordinator's dashboard and the public summary. Views translate HTTP; a form that fails
comes back with its errors (status 400)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nrm.accounts.models import Institution
from nrm.actionplan import live, pdf, selectors, services
from nrm.actionplan.forms import (
    ActivityForm,
    ImportForm,
    MapForm,
    ObjectiveForm,
    PeriodForm,
    ReportForm,
    ReviewForm,
)
from nrm.actionplan.models import ActionPlan, Objective
from nrm.core import charts, clock
from nrm.core.errors import Forbidden, NotFound, ValidationFailed
from nrm.core.language import current_language

MAX_UPLOAD = 5_000_000


def _to_form(form, exc: ValidationFailed) -> None:
    for field, errors in exc.fields.items():
        for error in errors:
            form.add_error(field if field in form.fields else None, error)


def _readable(actor):
    if not selectors.may_read(actor):
        raise Http404()


def _plan(actor, plan_id) -> ActionPlan:
    try:
        return selectors.plan_get(actor=actor, plan_id=plan_id)
    except NotFound:
        raise Http404() from None


def _statuses():
    found = selectors.rules()
    language = current_language()
    return [(s.code, s.name.get(language)) for s in found.statuses] if found else []


@login_required
def plan_index(request):
    actor = request.actor
    _readable(actor)
    form = ImportForm()
    status = 200
    if request.method == "POST":
        if not selectors.may_review(actor):
            raise Http404()
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            if upload.size > MAX_UPLOAD:
                form.add_error("file", _("The file is too large."))
            else:
                try:
                    result = services.plan_import(
                        actor=actor,
                        raw=upload.read(),
                        code=form.cleaned_data["code"],
                        title=form.cleaned_data["title"],
                    )
                except ValidationFailed as exc:
                    _to_form(form, exc)
                else:
                    return redirect("actionplan_detail", plan_id=result.plan.pk)
        status = 400
    return render(
        request,
        "actionplan/index.html",
        {
            "plans": selectors.plan_list(actor=actor),
            "form": form if selectors.may_review(actor) else None,
            "tasks": selectors.my_tasks(actor=actor),
            "statuses": dict(_statuses()),
        },
        status=status,
    )


@login_required
def plan_detail(request, plan_id: int):
    actor = request.actor
    plan = _plan(actor, plan_id)
    manage = selectors.may_review(actor)
    return render(
        request,
        "actionplan/plan.html",
        {
            "plan": plan,
            "tree": selectors.plan_tree(actor=actor, plan=plan),
            "manage": manage,
            "unmapped": selectors.unmapped_names(plan) if manage else [],
            "institutions": Institution.objects.filter(is_active=True) if manage else [],
            "periods": selectors.open_periods(plan),
            "period_form": PeriodForm(),
            "progress": selectors.may_see_progress(actor),
            "public_years": range(plan.first_year, min(plan.last_year + 1, clock.today().year)),
        },
    )


@login_required
@require_POST
def alias_map(request, plan_id: int):
    actor = request.actor
    plan = _plan(actor, plan_id)
    form = MapForm(request.POST)
    if not selectors.may_review(actor):
        raise Http404()
    if form.is_valid():
        try:
            services.alias_map(
                actor=actor,
                name=form.cleaned_data["name"],
                institution_id=form.cleaned_data["institution"],
            )
        except ValidationFailed as exc:
            messages.error(request, exc.summary())
    else:
        messages.error(request, _("Choose an institution."))
    return redirect("actionplan_detail", plan_id=plan.pk)


@login_required
@require_POST
def period_open(request, plan_id: int):
    actor = request.actor
    plan = _plan(actor, plan_id)
    if not selectors.may_review(actor):
        raise Http404()
    form = PeriodForm(request.POST)
    if form.is_valid():
        try:
            services.period_open(actor=actor, plan_id=plan.pk, **form.cleaned_data)
        except ValidationFailed as exc:
            messages.error(request, exc.summary())
    else:
        messages.error(request, _("Choose a quarter from 1 to 4."))
    return redirect("actionplan_detail", plan_id=plan.pk)


def _activity(actor, activity_id):
    try:
        return selectors.activity_get(actor=actor, activity_id=activity_id)
    except NotFound:
        raise Http404() from None


def _report_form(activity, data=None, files=None):
    periods = [(p.pk, str(p)) for p in selectors.open_periods(activity.plan)]
    return ReportForm(data, files, statuses=_statuses(), periods=periods)


@login_required
def activity_detail(request, activity_id: int, *, report_form=None, status=200):
    actor = request.actor
    activity = _activity(actor, activity_id)
    leads = selectors.leads(activity, actor) and actor.can(services.Capability.ACTIONPLAN_REPORT)
    reports = list(selectors.report_list(actor=actor, activity=activity))
    return render(
        request,
        "actionplan/activity.html",
        {
            "activity": activity,
            "reports": reports,
            "statuses": dict(_statuses()),
            "revisions": activity.revisions.select_related("by")[:50],
            "manage": selectors.may_review(actor),
            "report_form": report_form or (_report_form(activity) if leads else None),
            "review_form": ReviewForm(),
            "live": _live(activity),
        },
        status=status,
    )


def _live(activity):
    """The activity's live indicator by year of the plan, up to this year (a public figure)."""
    if not activity.live_indicator:
        return None
    found = live.indicator(activity.live_indicator)
    if found is None:
        return None
    last = min(activity.plan.last_year, clock.today().year)
    return {
        "name": found.name.get(current_language()),
        "values": live.values(
            activity.live_indicator, years=range(activity.plan.first_year, last + 1)
        ),
    }


@login_required
def activity_edit(request, activity_id: int):
    actor = request.actor
    activity = _activity(actor, activity_id)
    if not selectors.may_review(actor):
        raise Http404()
    found = selectors.rules()
    language = current_language()
    indicators = [(i.code, i.name.get(language)) for i in found.live_indicators] if found else []
    status = 200
    if request.method == "POST":
        form = ActivityForm(request.POST, indicators=indicators)
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                services.activity_edit(
                    actor=actor,
                    activity_id=activity.pk,
                    expected_version=data.pop("version"),
                    reason=data.pop("reason"),
                    **data,
                )
            except ValidationFailed as exc:
                _to_form(form, exc)
            except services.Conflict as exc:
                form.add_error(None, exc.message)
            else:
                return redirect("actionplan_activity", activity_id=activity.pk)
        status = 400
    else:
        form = ActivityForm(
            initial={
                **{k: getattr(activity, k) for k in services.EDITABLE},
                "version": activity.version,
            },
            indicators=indicators,
        )
    return render(
        request, "actionplan/edit.html", {"activity": activity, "form": form}, status=status
    )


@login_required
@require_POST
def report_submit(request, activity_id: int):
    actor = request.actor
    activity = _activity(actor, activity_id)
    form = _report_form(activity, request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data.get("evidence")
        evidence = []
        if upload:
            if upload.size > MAX_UPLOAD * 4:
                form.add_error("evidence", _("The file is too large."))
                return activity_detail(request, activity_id, report_form=form, status=400)
            evidence = [services.EvidenceIn(upload.name, upload.content_type or "", upload.read())]
        try:
            services.report_submit(
                actor=actor,
                activity_id=activity.pk,
                period_id=form.cleaned_data["period"],
                status=form.cleaned_data["status"],
                narrative=form.cleaned_data["narrative"],
                indicator_value=form.cleaned_data["indicator_value"],
                evidence=evidence,
            )
        except Forbidden:
            raise PermissionDenied() from None
        except services.NotLead:
            raise Http404() from None
        except ValidationFailed as exc:
            _to_form(form, exc)
        except services.AlreadyAccepted as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Your report was sent to the Secretariat."))
            return redirect("actionplan_activity", activity_id=activity.pk)
    return activity_detail(request, activity_id, report_form=form, status=400)


@login_required
@require_POST
def report_review(request, report_id: int):
    actor = request.actor
    if not selectors.may_review(actor):
        raise Http404()
    try:
        report = selectors.report_get(actor=actor, report_id=report_id)
    except NotFound:
        raise Http404() from None
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            services.report_review(
                actor=actor,
                report_id=report.pk,
                accept=form.cleaned_data["decision"] == "accept",
                note=form.cleaned_data["note"],
            )
        except (ValidationFailed, services.AlreadyAccepted) as exc:
            messages.error(request, exc.summary())
    else:
        messages.error(request, _("Choose a decision."))
    return redirect("actionplan_activity", activity_id=report.activity_id)


@login_required
def dashboard(request, plan_id: int):
    actor = request.actor
    plan = _plan(actor, plan_id)
    if not selectors.may_see_progress(actor):
        raise Http404()
    figures = selectors.dashboard(actor=actor, plan=plan, as_of=clock.today())
    groups = [
        (key, title, figures[key])
        for key, title in (
            ("by_strategic", _("By strategic objective")),
            ("by_objective", _("By specific objective")),
            ("by_institution", _("By lead institution")),
        )
    ]
    return render(
        request,
        "actionplan/dashboard.html",
        {
            "plan": plan,
            **figures,
            "report_year": max(min(clock.today().year, plan.last_year), plan.first_year),
            "groups": [(title, rows, _chart(key, title, rows)) for key, title, rows in groups],
        },
    )


def _chart(key: str, title: str, rows: list[dict]):
    names = {
        "implemented": _("Implemented"),
        "in_progress": _("In progress"),
        "not_started": _("Not started"),
        "late": _("Late"),
    }
    return charts.stacked_bar_chart(
        key=key.replace("_", "-"),
        title=title,
        labels=[str(r["key"] or "—") for r in rows],
        series=[
            charts.Series(str(name), tuple(r["counts"][state] for r in rows))
            for state, name in names.items()
        ],
    )


@login_required
def annual_pdf(request, plan_id: int, year: int):
    """The year's implementation report as a PDF, in `?language=` (a profile language)."""
    actor = request.actor
    language = request.GET.get("language") or "sq"
    if language not in ("sq", "en"):
        raise Http404()
    try:
        data, filename = pdf.annual_report(
            actor=actor, plan_id=plan_id, year=year, language=language
        )
    except NotFound:
        raise Http404() from None
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def public_summary(request, plan_id: int, year: int):
    """The public summary of a finished year: figures only, no person, no narrative."""
    plan = ActionPlan.objects.filter(pk=plan_id).first()
    if plan is None or not plan.first_year <= year < clock.today().year:
        raise Http404()
    return render(
        request,
        "actionplan/public.html",
        pdf.summary(plan=plan, year=year, language=current_language()),
    )


@login_required
def objective_edit(request, objective_id: int):
    actor = request.actor
    if not selectors.may_review(actor):
        raise Http404()
    objective = Objective.objects.select_related("plan").filter(pk=objective_id).first()
    if objective is None:
        raise Http404()
    status = 200
    if request.method == "POST":
        form = ObjectiveForm(request.POST)
        if form.is_valid():
            try:
                services.objective_edit(
                    actor=actor,
                    objective_id=objective.pk,
                    reason=form.cleaned_data["reason"],
                    text=form.cleaned_data["text"],
                    weight=form.cleaned_data["weight"],
                )
            except ValidationFailed as exc:
                _to_form(form, exc)
            else:
                return redirect("actionplan_detail", plan_id=objective.plan_id)
        status = 400
    else:
        form = ObjectiveForm(initial={"text": objective.text, "weight": objective.weight})
    return render(
        request,
        "actionplan/objective_edit.html",
        {"objective": objective, "form": form},
        status=status,
    )
