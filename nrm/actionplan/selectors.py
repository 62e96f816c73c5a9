"""Every read of action plans. A plan is public policy, not case data: every signed-in user
reads its objectives and activities. Reports are read by the reviewers (`actionplan.manage`)
and coordinators (`actionplan.read`), and by the institution that wrote them; progress by
reviewers and coordinators. Anything else: nothing (404)."""

from datetime import date

from django.conf import settings
from django.db.models import Prefetch, QuerySet

from nrm.accounts.capabilities import Capability
from nrm.actionplan import progress
from nrm.actionplan.models import (
    ActionPlan,
    Activity,
    ActivityInstitution,
    Objective,
    Period,
    Report,
    ReportState,
    Role,
)
from nrm.core.errors import NotFound
from nrm.jurisdictions import get_profile


def may_read(actor) -> bool:
    return bool(actor.user and actor.user.is_authenticated)


def may_review(actor) -> bool:
    return actor.can(Capability.ACTIONPLAN_MANAGE)


def may_see_progress(actor) -> bool:
    return actor.can(Capability.ACTIONPLAN_MANAGE) or actor.can(Capability.ACTIONPLAN_READ)


def rules():
    return get_profile(settings.NRM_JURISDICTION).action_plans


def plan_list(*, actor) -> QuerySet[ActionPlan]:
    if not may_read(actor):
        return ActionPlan.objects.none()
    return ActionPlan.objects.all()


def plan_get(*, actor, plan_id: int) -> ActionPlan:
    plan = plan_list(actor=actor).filter(pk=plan_id).first()
    if plan is None:
        raise NotFound()
    return plan


def plan_tree(*, actor, plan: ActionPlan) -> list[Objective]:
    """The strategic objectives, each with `.specific` (its specific objectives, each with
    `.items`: its activities and their parties)."""
    plan_get(actor=actor, plan_id=plan.pk)
    activities = Activity.objects.filter(plan=plan).prefetch_related(
        Prefetch("parties", queryset=ActivityInstitution.objects.select_related("institution"))
    )
    by_objective: dict[int, list[Activity]] = {}
    for a in activities:
        by_objective.setdefault(a.objective_id, []).append(a)
    objectives = list(plan.objectives.all())
    tops = [o for o in objectives if o.parent_id is None]
    for top in tops:
        top.specific = [o for o in objectives if o.parent_id == top.pk]
        for o in top.specific:
            o.items = by_objective.get(o.pk, [])
    return tops


def activity_get(*, actor, activity_id: int) -> Activity:
    if not may_read(actor):
        raise NotFound()
    activity = (
        Activity.objects.select_related("plan", "objective")
        .prefetch_related("parties__institution")
        .filter(pk=activity_id)
        .first()
    )
    if activity is None:
        raise NotFound()
    return activity


def leads(activity: Activity, actor) -> bool:
    return any(
        p.role == Role.LEAD and p.institution_id and p.institution_id == actor.institution_id
        for p in activity.parties.all()
    )


def report_list(*, actor, activity: Activity | None = None, state: str | None = None):
    qs = Report.objects.select_related("activity", "period", "institution")
    if not (may_review(actor) or actor.can(Capability.ACTIONPLAN_READ)):
        if not actor.can(Capability.ACTIONPLAN_REPORT) or not actor.institution_id:
            return Report.objects.none()
        qs = qs.filter(institution_id=actor.institution_id)
    if activity is not None:
        qs = qs.filter(activity=activity)
    if state:
        qs = qs.filter(state=state)
    return qs


def report_get(*, actor, report_id: int) -> Report:
    report = report_list(actor=actor).filter(pk=report_id).first()
    if report is None:
        raise NotFound()
    return report


def open_periods(plan: ActionPlan) -> QuerySet[Period]:
    return Period.objects.filter(plan=plan).order_by("-year", "-quarter")


def my_tasks(*, actor) -> list[tuple[Activity, Period, Report | None]]:
    """The focal point's reporting tasks: each activity its institution leads × each open
    period, with the report already sent (if any)."""
    if not actor.can(Capability.ACTIONPLAN_REPORT) or not actor.institution_id:
        return []
    activities = (
        Activity.objects.filter(
            parties__role=Role.LEAD, parties__institution_id=actor.institution_id
        )
        .select_related("plan")
        .distinct()
    )
    reports = {
        (r.activity_id, r.period_id): r
        for r in Report.objects.filter(institution_id=actor.institution_id)
    }
    periods = {}
    for p in Period.objects.all():
        periods.setdefault(p.plan_id, []).append(p)
    return [
        (a, p, reports.get((a.pk, p.pk))) for a in activities for p in periods.get(a.plan_id, [])
    ]


def items(plan: ActionPlan, *, as_of: date) -> list[progress.Item]:
    """The plan's activities for the formulas: the status of the latest accepted report of a
    period that started by `as_of`."""
    found = rules()
    statuses = {s.code: s for s in found.statuses} if found else {}
    latest: dict[int, Report] = {}
    for r in (
        Report.objects.filter(
            activity__plan=plan, state=ReportState.ACCEPTED, period__starts_on__lte=as_of
        )
        .select_related("period")
        .order_by("period__year", "period__quarter", "submitted_at")
    ):
        latest[r.activity_id] = r
    out = []
    for a in (
        Activity.objects.filter(plan=plan)
        .select_related("objective")
        .prefetch_related("parties__institution")
    ):
        report = latest.get(a.pk)
        status = statuses.get(report.status) if report else None
        out.append(
            progress.Item(
                objective=a.objective.code,
                institutions=tuple(
                    (p.institution.name if p.institution else p.name)
                    for p in a.parties.all()
                    if p.role == Role.LEAD
                ),
                ends_on=a.ends_on,
                kind=status.kind if status else None,
                score=status.score if status else 0.0,
            )
        )
    return out


def dashboard(*, actor, plan: ActionPlan, as_of: date) -> dict:
    if not may_see_progress(actor):
        raise NotFound()
    weights = {o.code: float(o.weight) for o in plan.objectives.filter(parent=None)}
    return figures(plan, as_of, weights)


def figures(plan: ActionPlan, as_of: date, weights: dict[str, float]) -> dict:
    """Aggregates only: counts, rates and scores by group, and the ripple figure."""
    rows = items(plan, as_of=as_of)

    def table(groups):
        return [
            {
                "key": k,
                "counts": progress.counts(g, today=as_of),
                "rates": progress.rates(g, today=as_of),
                "score": progress.mean_score(g),
                "total": len(g),
            }
            for k, g in sorted(groups.items())
        ]

    return {
        "as_of": as_of,
        "total": len(rows),
        "counts": progress.counts(rows, today=as_of),
        "rates": progress.rates(rows, today=as_of),
        "ripple": progress.ripple(rows, weights),
        "by_objective": table(progress.by_objective(rows)),
        "by_strategic": table(progress.by_strategic(rows)),
        "by_institution": table(progress.by_institution(rows)),
    }


def unmapped_names(plan: ActionPlan) -> list[str]:
    return sorted(
        set(
            ActivityInstitution.objects.filter(
                activity__plan=plan, institution__isnull=True
            ).values_list("name", flat=True)
        )
    )
