"""A D2 moves the items of the reintegration plan (D1) as it reports them, through nrm.plans'
`item_progress_record` in the D2's transaction: the revision and audit event of the plans,
the item's task met when done; a D2 refused there saves nothing, the plan included."""

from datetime import date

import pytest

from nrm.audit.models import AuditEvent
from nrm.core import clock
from nrm.core.errors import ValidationFailed
from nrm.deadlines.models import Deadline, Status
from nrm.plans import services as plans
from nrm.plans.audit_codes import PlanCode
from nrm.plans.models import ItemStatus, PlanRevision, PlanStatus
from nrm.reintegration import plan as reint_plan
from nrm.reintegration import services
from nrm.reintegration.models import ItemProgress, MonitoringReport
from tests.reintegration.conftest import DECIDED_ON, at, report

pytestmark = pytest.mark.django_db

WORKER = "social.tirana"


@pytest.fixture
def d1(actors, make_case):
    """An adult's case of the State Social Service whose D1 (from a template, seven actions)
    the AP approved on DECIDED_ON: monitoring starts."""
    with clock.override(at(DECIDED_ON, 9)):
        case = make_case(WORKER, given_name="Drita", estimated_age=30)
        plan = plans.plan_create(
            actor=actors[WORKER],
            case_id=case.pk,
            kind="reintegration",
            template="adult_labour_exploitation",
        )
        plans.plan_submit(actor=actors[WORKER], plan_id=plan.pk)
    with clock.override(at(DECIDED_ON, 11)):
        plans.plan_decide(
            actor=actors["ap.secretariat"],
            plan_id=plan.pk,
            outcome="approve",
            decided_on=DECIDED_ON,
        )
    plan.refresh_from_db()
    return case, plan


def _items(plan):
    return list(plan.items.order_by("number"))


def _file(actors, case, period, day, statuses: dict):
    items = tuple(
        services.ItemIn(plan_item_id=item.pk, status=status) for item, status in statuses.items()
    )
    with clock.override(at(day)):
        return services.monitoring_report_submit(
            actor=actors[WORKER], case_id=case.pk, report=report(period, day, items=items)
        )


def test_every_reported_state_maps_to_a_state_of_the_plan():
    assert set(reint_plan.PROGRESS_MOVES) == {code for code, _l in reint_plan.item_statuses()}
    assert set(reint_plan.PROGRESS_MOVES.values()) <= set(ItemStatus.values)


def test_filing_a_d2_moves_the_items_as_reported(actors, d1):
    case, plan = d1
    first, second, third, *_rest = _items(plan)
    revisions = plan.revisions.count()
    row = _file(
        actors,
        case,
        1,
        date(2026, 2, 14),
        {first: "done", second: "in_progress", third: "planned"},
    )
    for item in (first, second, third):
        item.refresh_from_db()
    assert (first.status, second.status, third.status) == ("done", "in_progress", "planned")
    assert [p.status for p in ItemProgress.objects.filter(report=row).order_by("pk")] == [
        "done",
        "in_progress",
        "planned",
    ]
    # Progress is not a change for the AP: the D1 stays in force.
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED
    # One revision and one audit event of the plans per item moved, naming the D2.
    moved = PlanRevision.objects.filter(plan=plan, change="item_progress").order_by("number")
    assert plan.revisions.count() == revisions + 2
    assert [r.changes["source"] for r in moved] == [f"monitoring_report:{row.pk}"] * 2
    events = AuditEvent.objects.filter(code=PlanCode.ITEM_PROGRESS).order_by("pk")
    assert [(e.data["item"], e.data["from"], e.data["status"]) for e in events] == [
        (first.number, "planned", "done"),
        (second.number, "planned", "in_progress"),
    ]
    # The done item's task is met; the one in progress still runs.
    task = Deadline.objects.get(case=case, subject=first.subject)
    assert task.status == Status.MET
    assert Deadline.objects.get(case=case, subject=second.subject).status == Status.OPEN


def test_a_d2_refused_by_the_plan_saves_nothing(actors, d1):
    case, plan = d1
    first, second, *_rest = _items(plan)
    _file(actors, case, 1, date(2026, 2, 14), {second: "done"})
    before = (
        MonitoringReport.objects.count(),
        PlanRevision.objects.count(),
        AuditEvent.objects.count(),
    )
    # Month 2 reports the first action done, but the second (done in the plan) back in
    # progress: the plan refuses it, so the whole D2 is refused.
    with pytest.raises(ValidationFailed) as err:
        _file(actors, case, 2, date(2026, 3, 16), {first: "done", second: "in_progress"})
    assert "items.1.status" in err.value.fields
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == ("planned", "done")
    assert not MonitoringReport.objects.filter(case=case, period=2).exists()
    after = (
        MonitoringReport.objects.count(),
        PlanRevision.objects.count(),
        AuditEvent.objects.count(),
    )
    assert after == before
    assert Deadline.objects.get(case=case, subject=first.subject).status == Status.OPEN


def test_the_d2_form_shows_the_plan_refusal_on_the_item(actors, d1, client):
    case, plan = d1
    first, *_rest = _items(plan)
    _file(actors, case, 1, date(2026, 2, 14), {first: "done"})
    client.force_login(actors[WORKER].user)
    data = {
        "period": "2",
        "reported_on": "2026-03-16",
        "criterion_employment": "no",
        "criterion_housing": "no",
        "criterion_health": "no",
    }
    form_items = reint_plan.items_for_form(case)
    for i, item in enumerate(form_items):
        data[f"item_{item['id']}_status"] = "in_progress" if i == 0 else item["status"]
    with clock.override(at(date(2026, 3, 16))):
        response = client.post(f"/cases/{case.pk}/reintegration/reports/new/", data)
    assert response.status_code == 200
    assert f"item_{first.pk}_status" in response.context["form"].errors
    assert not MonitoringReport.objects.filter(case=case, period=2).exists()
    first.refresh_from_db()
    assert first.status == "done"


def test_progress_needs_a_plan_in_force_and_a_worker_of_the_case(actors, make_case):
    with clock.override(at(DECIDED_ON)):
        case = make_case(WORKER, given_name="Drita", estimated_age=30)
        plan = plans.plan_create(
            actor=actors[WORKER],
            case_id=case.pk,
            kind="reintegration",
            template="adult_labour_exploitation",
        )
        item = plan.items.order_by("number").first()
        with pytest.raises(ValidationFailed) as err:
            plans.item_progress_record(
                actor=actors[WORKER], item_id=item.pk, status="done", source="monitoring_report:1"
            )
        assert "status" in err.value.fields
        with pytest.raises(ValidationFailed) as err:
            plans.item_progress_record(
                actor=actors[WORKER], item_id=item.pk, status="finished", source="x"
            )
        assert "status" in err.value.fields
    item.refresh_from_db()
    assert item.status == "planned"
