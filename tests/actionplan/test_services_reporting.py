"""The reporting cycle (issue 16): periods, a lead institution's report, the Secretariat's
review, and the dashboard's figures from accepted reports. Bad input: nothing saved."""

from datetime import date

import pytest

from nrm.actionplan import selectors, services
from nrm.actionplan.models import Evidence, Period, Report
from nrm.core.errors import Forbidden, ValidationFailed

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4 evidence"


@pytest.fixture
def period(plan, secretariat):
    return services.period_open(actor=secretariat, plan_id=plan.pk, year=2016, quarter=2)


def pk_activity(plan):
    """An activity the Kosovo Police (mapped to the demo's police) leads."""
    return plan.activities.filter(parties__role="lead", parties__name="PK").first()


def test_period_due_after_the_quarter_ends(period):
    assert (period.starts_on, period.ends_on) == (date(2016, 4, 1), date(2016, 6, 30))
    assert period.due_on == date(2016, 7, 15)  # report_due_days: 15


def test_period_outside_the_plan_is_refused(plan, secretariat):
    with pytest.raises(ValidationFailed) as err:
        services.period_open(actor=secretariat, plan_id=plan.pk, year=2021, quarter=1)
    assert "year" in err.value.fields
    assert not Period.objects.exists()


def test_focal_point_reports_and_secretariat_accepts(plan, period, focal, secretariat):
    activity = pk_activity(plan)
    tasks = selectors.my_tasks(actor=focal)
    assert (activity, period, None) in tasks
    report = services.report_submit(
        actor=focal,
        activity_id=activity.pk,
        period_id=period.pk,
        status="in_progress",
        narrative="Two trainings held.",
        evidence=[services.EvidenceIn("list.pdf", "application/pdf", PDF)],
    )
    assert report.state == "submitted"
    assert Evidence.objects.get(report=report).size == len(PDF)
    returned = services.report_review(
        actor=secretariat, report_id=report.pk, accept=False, note="Attach the agenda."
    )
    assert returned.state == "returned"
    again = services.report_submit(
        actor=focal,
        activity_id=activity.pk,
        period_id=period.pk,
        status="implemented",
        narrative="Two trainings held; agenda attached.",
    )
    assert again.pk == report.pk
    accepted = services.report_review(actor=secretariat, report_id=report.pk, accept=True)
    assert accepted.state == "accepted"
    figures = selectors.dashboard(actor=secretariat, plan=plan, as_of=date(2016, 7, 1))
    assert figures["counts"]["implemented"] == 1
    with pytest.raises(services.AlreadyAccepted):
        services.report_submit(
            actor=focal,
            activity_id=activity.pk,
            period_id=period.pk,
            status="not_started",
            narrative="x",
        )


def test_report_for_an_activity_not_led_is_refused(plan, period, focal):
    other = plan.activities.exclude(parties__name="PK").first()
    with pytest.raises(services.NotLead):
        services.report_submit(
            actor=focal,
            activity_id=other.pk,
            period_id=period.pk,
            status="implemented",
            narrative="x",
        )
    assert not Report.objects.exists()


def test_report_for_a_period_of_another_plan_is_refused(plan, focal, secretariat, seed_bytes):
    other = services.plan_import(actor=secretariat, raw=seed_bytes, code="other").plan
    foreign = services.period_open(actor=secretariat, plan_id=other.pk, year=2016, quarter=1)
    with pytest.raises(ValidationFailed) as err:
        services.report_submit(
            actor=focal,
            activity_id=pk_activity(plan).pk,
            period_id=foreign.pk,
            status="implemented",
            narrative="x",
        )
    assert "period" in err.value.fields
    assert not Report.objects.exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (b"MZ\x90\x00 an executable", "evidence"),
        (b"%PDF-" + b"0" * 10_000_001, "evidence"),
    ],
    ids=["wrong-type", "too-large"],
)
def test_evidence_of_wrong_type_or_size_is_refused(plan, period, focal, data, field):
    with pytest.raises(ValidationFailed) as err:
        services.report_submit(
            actor=focal,
            activity_id=pk_activity(plan).pk,
            period_id=period.pk,
            status="implemented",
            narrative="Done.",
            evidence=[services.EvidenceIn("x.pdf", "application/pdf", data)],
        )
    assert field in err.value.fields
    assert not Report.objects.exists()
    assert not Evidence.objects.exists()


def test_unknown_status_and_empty_narrative_are_field_errors(plan, period, focal):
    with pytest.raises(ValidationFailed) as err:
        services.report_submit(
            actor=focal,
            activity_id=pk_activity(plan).pk,
            period_id=period.pk,
            status="done",
            narrative=" ",
        )
    assert set(err.value.fields) == {"status", "narrative"}


def test_only_the_secretariat_reviews(plan, period, focal):
    report = services.report_submit(
        actor=focal,
        activity_id=pk_activity(plan).pk,
        period_id=period.pk,
        status="implemented",
        narrative="Done.",
    )
    with pytest.raises(Forbidden):
        services.report_review(actor=focal, report_id=report.pk, accept=True)


def test_return_needs_a_note(plan, period, focal, secretariat):
    report = services.report_submit(
        actor=focal,
        activity_id=pk_activity(plan).pk,
        period_id=period.pk,
        status="implemented",
        narrative="Done.",
    )
    with pytest.raises(ValidationFailed):
        services.report_review(actor=secretariat, report_id=report.pk, accept=False)
    report.refresh_from_db()
    assert report.state == "submitted"


def test_activity_edit_keeps_history(plan, secretariat):
    activity = plan.activities.get(code="1.1.1")
    services.activity_edit(
        actor=secretariat,
        activity_id=activity.pk,
        expected_version=activity.version,
        reason="Agreed at the group's meeting",
        timeframe_text="2016-2017",
    )
    activity.refresh_from_db()
    assert (activity.timeframe_kind, activity.ends_on) == ("years", date(2017, 12, 31))
    revision = activity.revisions.get()
    assert revision.before == {"timeframe_text": "K4 2015"}
    assert revision.reason == "Agreed at the group's meeting"


def test_activity_edit_refuses_bad_timeframe_and_stale_version(plan, secretariat):
    activity = plan.activities.get(code="1.1.1")
    with pytest.raises(ValidationFailed) as err:
        services.activity_edit(
            actor=secretariat,
            activity_id=activity.pk,
            expected_version=activity.version,
            reason="x",
            timeframe_text="someday",
        )
    assert "timeframe_text" in err.value.fields
    with pytest.raises(services.Conflict):
        services.activity_edit(
            actor=secretariat,
            activity_id=activity.pk,
            expected_version=activity.version + 1,
            reason="x",
            description="New",
        )
    activity.refresh_from_db()
    assert activity.version == 1 and not activity.revisions.exists()


def test_period_opens_a_deadline_per_lead_and_a_report_meets_it(plan, period, focal):
    from nrm.deadlines.models import Deadline

    police = focal.institution
    tasks = Deadline.objects.filter(rule="actionplan_report", responsible_institution=police)
    assert tasks.count() == 9  # the activities PK leads
    assert {d.status for d in tasks} == {"open"}
    assert {d.due_at.date() for d in tasks} == {period.due_on}
    assert Deadline.objects.filter(rule="actionplan_report").count() > 9  # MPB's too
    activity = pk_activity(plan)
    services.report_submit(
        actor=focal,
        activity_id=activity.pk,
        period_id=period.pk,
        status="in_progress",
        narrative="Begun.",
    )
    met = tasks.get(subject=f"actionplan:{period.pk}:{activity.pk}:{police.pk}")
    assert met.status == "met"
    assert tasks.filter(status="open").count() == 8


def test_opening_a_period_twice_opens_nothing_more(plan, period, secretariat):
    from nrm.deadlines.models import Deadline

    before = Deadline.objects.filter(rule="actionplan_report").count()
    again = services.period_open(actor=secretariat, plan_id=plan.pk, year=2016, quarter=2)
    assert again.pk == period.pk
    assert Deadline.objects.filter(rule="actionplan_report").count() == before


def test_objective_weight_edit_changes_the_ripple_with_history(plan, secretariat, focal, period):
    activity = pk_activity(plan)  # under strategic objective 3 or 4
    report = services.report_submit(
        actor=focal,
        activity_id=activity.pk,
        period_id=period.pk,
        status="implemented",
        narrative="Done.",
    )
    services.report_review(actor=secretariat, report_id=report.pk, accept=True)
    before = selectors.dashboard(actor=secretariat, plan=plan, as_of=date(2016, 7, 1))["ripple"]
    top = activity.objective.parent
    services.objective_edit(actor=secretariat, objective_id=top.pk, reason="Priority", weight=10)
    after = selectors.dashboard(actor=secretariat, plan=plan, as_of=date(2016, 7, 1))["ripple"]
    assert after > before
    assert top.revisions.get().after == {"weight": "10"}
    with pytest.raises(ValidationFailed):
        services.objective_edit(actor=secretariat, objective_id=top.pk, reason="", weight=-1)
