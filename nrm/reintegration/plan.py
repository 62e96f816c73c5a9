"""The reintegration plan (D1) a D2 reports on, read from nrm.plans: its items and the
statuses an item may have, and what a D2's progress makes of an item (through nrm.plans'
service). The one place this app reads and changes the plans."""

from nrm.core.language import current_language
from nrm.plans import services as plans
from nrm.plans.models import ItemStatus, Plan, PlanItem
from nrm.registry.services import profile_of

# What the progress of an item reported in a D2 makes of the plan item's state: the one
# place the two are mapped. A D2 reports in the plan's own states (`item_statuses`), so each
# moves the item to the same state; a state left out here would leave the item as it is.
PROGRESS_MOVES: dict[str, str] = {
    ItemStatus.PLANNED: ItemStatus.PLANNED,
    ItemStatus.IN_PROGRESS: ItemStatus.IN_PROGRESS,
    ItemStatus.DONE: ItemStatus.DONE,
    ItemStatus.CANCELLED: ItemStatus.CANCELLED,
}


def current_plan(case) -> Plan | None:
    """The case's reintegration plan in force (the AP approved it), newest first."""
    r = profile_of(case).reintegration
    if r is None:
        return None
    return (
        Plan.objects.filter(case=case, kind=r.plan_kind, approved_at__isnull=False)
        .order_by("-approved_at", "-pk")
        .first()
    )


def plan_items(case) -> dict[int, PlanItem]:
    """The items of the case's reintegration plan in force, by id."""
    plan = current_plan(case)
    if plan is None:
        return {}
    return {i.pk: i for i in PlanItem.objects.filter(plan=plan).order_by("number")}


def item_statuses() -> list[tuple[str, str]]:
    return list(ItemStatus.choices)


def _domain_names(case) -> dict[str, str]:
    r = profile_of(case).reintegration
    language = current_language()
    return {d.code: d.name.get(language) for d in r.domains} if r else {}


def item_labels(case) -> dict[int, str]:
    """The plan's items by id, as a D2 names them: number, domain, action."""
    names = _domain_names(case)
    return {
        pk: f"{i.number}. {names.get(i.domain, i.domain)}: {i.action}"
        for pk, i in plan_items(case).items()
    }


def items_for_form(case) -> list[dict]:
    """The plan's items as the D2 form shows them: id, label, current status."""
    labels = item_labels(case)
    return [
        {"id": pk, "label": labels[pk], "status": i.status} for pk, i in plan_items(case).items()
    ]


def item_status_codes() -> set[str]:
    return set(ItemStatus.values)


def progress_record(*, actor, item: PlanItem, reported: str, report_id: int) -> bool:
    """Moves the plan item to the state its reported progress means (`PROGRESS_MOVES`),
    through nrm.plans (`item_progress_record`: its revision and audit event), inside the
    caller's transaction: a refusal there refuses the D2. False when nothing moves."""
    to = PROGRESS_MOVES.get(reported)
    if to is None or to == item.status:
        return False
    plans.item_progress_record(
        actor=actor, item_id=item.pk, status=to, source=f"monitoring_report:{report_id}"
    )
    return True
