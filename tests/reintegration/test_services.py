"""The reintegration's services: the D2 and its refusals (nothing saved), the monthly rule met
by its real producer, the criteria and the reasoned report, the end of monitoring, service
lines and the child's consent."""

from datetime import date

import pytest

from nrm.core import clock
from nrm.core.errors import Forbidden, IllegalTransition, NotFound, ValidationFailed
from nrm.deadlines.models import Deadline, Notification, Status
from nrm.registry.models import Case, CaseProcedure
from nrm.reintegration import selectors, services
from nrm.reintegration.models import MonitoringReport, ReevaluationProposal, ServiceLine
from tests.reintegration.conftest import at, criteria, report

pytestmark = pytest.mark.django_db


def _submit(actors, case, period, day, **kw):
    with clock.override(at(day)):
        return services.monitoring_report_submit(
            actor=actors["police.tirana"], case_id=case.pk, report=report(period, day, **kw)
        )


def test_a_d2_is_saved_with_its_checks_and_situations(actors, monitored):
    case = monitored()
    row = _submit(
        actors,
        case,
        1,
        date(2026, 2, 14),
        situations={"housing": "Strehë e sigurt."},
        risks="Asnjë",
        summary="Ecuri e mirë",
    )
    assert (row.period, row.period_start, row.period_end) == (
        1,
        date(2026, 1, 15),
        date(2026, 2, 14),
    )
    assert not row.criteria_met
    assert {c.criterion: c.met for c in row.checks.all()} == criteria(False)
    assert [(s.domain, s.note) for s in row.situations.all()] == [("housing", "Strehë e sigurt.")]
    # The case's reintegration procedure runs.
    assert CaseProcedure.objects.filter(case=case, code="reintegration", state="active").exists()


def test_the_monthly_rule_is_opened_by_the_plan_decision_and_met_by_the_report(actors, monitored):
    case = monitored()
    first = Deadline.objects.get(case=case, rule="reintegration_report")
    assert first.occurrence == 1 and first.status == Status.OPEN
    _submit(actors, case, 1, date(2026, 2, 10))
    first.refresh_from_db()
    assert first.status == Status.MET
    assert first.met_by_event == "reintegration_report_submitted"
    monitoring = Deadline.objects.get(case=case, rule="reintegration_monitoring")
    assert monitoring.status == Status.OPEN


@pytest.mark.parametrize(
    "period, day, field",
    [
        (1, date(2026, 3, 1), None),  # filed once below: the second is refused
        (3, date(2026, 2, 20), "period"),  # month 3 has not begun
        (25, date(2028, 3, 1), "period"),  # beyond the 24 months
        (1, date(2026, 1, 10), "reported_on"),  # before monitoring started
        (1, None, "reported_on"),
    ],
)
def test_refused_reports_save_nothing(actors, monitored, period, day, field):
    case = monitored()
    if field is None:
        _submit(actors, case, 1, date(2026, 2, 20))
        field = "period"
    before = MonitoringReport.objects.count()
    with clock.override(at(day or date(2026, 3, 1))), pytest.raises(ValidationFailed) as err:
        services.monitoring_report_submit(
            actor=actors["police.tirana"], case_id=case.pk, report=report(period, day)
        )
    assert field in err.value.fields
    assert MonitoringReport.objects.count() == before


def test_a_future_date_and_missing_criteria_are_field_errors(actors, monitored):
    case = monitored()
    with clock.override(at(date(2026, 2, 20))), pytest.raises(ValidationFailed) as err:
        services.monitoring_report_submit(
            actor=actors["police.tirana"],
            case_id=case.pk,
            report=report(1, date(2026, 2, 21), criteria={"employment": True}),
        )
    assert {"reported_on", "criteria.housing", "criteria.health"} <= set(err.value.fields)
    assert not MonitoringReport.objects.exists()


def test_no_report_before_the_plan_decision(actors, make_case):
    case = make_case()
    with pytest.raises(ValidationFailed) as err:
        services.monitoring_report_submit(
            actor=actors["police.tirana"], case_id=case.pk, report=report(1, clock.today())
        )
    assert "__all__" in err.value.fields


def test_no_report_on_a_closed_case(actors, monitored):
    from nrm.registry import services as registry

    case = monitored()
    with clock.override(at(date(2026, 2, 20))):
        registry.case_close(
            actor=actors["police.tirana"],
            case_id=case.pk,
            reason_code="other",
            note="x",
            expected_version=case.version,
        )
        with pytest.raises(ValidationFailed) as err:
            services.monitoring_report_submit(
                actor=actors["police.tirana"], case_id=case.pk, report=report(1, clock.today())
            )
    assert "closed" in err.value.fields["__all__"][0]
    assert not MonitoringReport.objects.exists()


def test_a_stranger_gets_not_found_and_the_ap_secretariat_forbidden(actors, monitored):
    case = monitored()
    with pytest.raises(NotFound):
        services.monitoring_report_submit(
            actor=actors["police.shkoder"], case_id=case.pk, report=report(1, clock.today())
        )
    with pytest.raises(Forbidden):
        services.monitoring_report_submit(
            actor=actors["ap.secretariat"], case_id=case.pk, report=report(1, clock.today())
        )


def test_the_twenty_four_months_end(actors, monitored):
    case = monitored(decided_on=date(2026, 1, 15))
    day = date(2028, 2, 1)
    months = selectors.timeline(case, today=day)
    assert len(months) == 24
    assert {m.state for m in months} == {"missing"}
    _submit(actors, case, 24, day)
    with clock.override(at(day)), pytest.raises(ValidationFailed) as err:
        services.monitoring_report_submit(
            actor=actors["police.tirana"], case_id=case.pk, report=report(25, day)
        )
    assert "1 to 24" in err.value.fields["period"][0]
    # The AP secretariat ends the monitoring: the clocks stop, no further report.
    with clock.override(at(day)):
        services.monitoring_end(
            actor=actors["ap.secretariat"], case_id=case.pk, reason="24 muaj mbaruan"
        )
    assert selectors.monitoring_over(case)
    assert CaseProcedure.objects.get(case=case, code="reintegration").state == "ended"
    assert Deadline.objects.get(case=case, rule="reintegration_monitoring").met_at is not None
    with clock.override(at(day)), pytest.raises(IllegalTransition):
        services.monitoring_report_submit(
            actor=actors["police.tirana"], case_id=case.pk, report=report(23, day)
        )


def test_only_the_ap_secretariat_ends_monitoring(actors, monitored):
    case = monitored()
    with pytest.raises(Forbidden):
        services.monitoring_end(actor=actors["police.tirana"], case_id=case.pk, reason="x")
    with pytest.raises(ValidationFailed):
        services.monitoring_end(actor=actors["ap.secretariat"], case_id=case.pk, reason=" ")


def test_the_reasoned_report_needs_every_criterion_met_in_the_latest_report(actors, monitored):
    case = monitored()
    _submit(actors, case, 1, date(2026, 2, 15), criteria=criteria(True, health=False))
    with clock.override(at(date(2026, 2, 16))), pytest.raises(ValidationFailed) as err:
        services.reevaluation_proposal_file(
            actor=actors["police.tirana"], case_id=case.pk, reasoning="x", proposed_on=clock.today()
        )
    assert "__all__" in err.value.fields
    assert not ReevaluationProposal.objects.exists()


def test_sustainable_reintegration_ends_the_procedure_and_tells_the_ap(actors, monitored):
    from nrm.registry import services as registry

    case = monitored()
    _submit(actors, case, 1, date(2026, 2, 15))
    _submit(actors, case, 2, date(2026, 3, 15), met=True)
    with clock.override(at(date(2026, 3, 16))):
        with pytest.raises(ValidationFailed) as err:
            services.reevaluation_proposal_file(
                actor=actors["police.tirana"], case_id=case.pk, reasoning=" ", proposed_on=None
            )
        assert {"reasoning", "proposed_on"} <= set(err.value.fields)
        proposal = services.reevaluation_proposal_file(
            actor=actors["police.tirana"],
            case_id=case.pk,
            reasoning="Punë e sigurt, strehim, shëndet.",
            proposed_on=clock.today(),
        )
    assert proposal.report.period == 2
    assert CaseProcedure.objects.get(case=case, code="reintegration").state == "sustainable"
    notice = Notification.objects.get(kind="reintegration_proposal")
    assert notice.recipient.username == "ap.secretariat"
    assert notice.case_reference == case.reference
    for rule in ("reintegration_monitoring",):
        d = Deadline.objects.get(case=case, rule=rule)
        assert d.status == Status.MET and d.met_by_event == "reintegration_completed"
    assert not Deadline.objects.filter(
        case=case, rule="reintegration_report", status=Status.OPEN
    ).exists()
    # No second proposal, no further report.
    with pytest.raises(IllegalTransition):
        services.reevaluation_proposal_file(
            actor=actors["police.tirana"], case_id=case.pk, reasoning="x", proposed_on=clock.today()
        )
    # The case can then be closed with its reason.
    case = Case.objects.get(pk=case.pk)
    with clock.override(at(date(2026, 3, 17))):
        registry.case_close(
            actor=actors["police.tirana"],
            case_id=case.pk,
            reason_code="sustainable_reintegration",
            note="",
            expected_version=case.version,
        )
    assert Case.objects.get(pk=case.pk).closed_at is not None


# --- service lines -------------------------------------------------------------------------


def test_a_service_line_moves_to_provided_and_keeps_its_history(actors, monitored, providers):
    case = monitored()
    line = services.service_line_open(
        actor=actors["police.tirana"],
        case_id=case.pk,
        kind="employment_training",
        institution_id=providers["employment_office"].pk,
        requested_on=clock.today(),
        note="Regjistrim si punëkërkues",
    )
    assert line.status == "requested"
    services.service_line_status_set(
        actor=actors["police.tirana"], line_id=line.pk, status="in_progress", on=clock.today()
    )
    line = services.service_line_status_set(
        actor=actors["police.tirana"], line_id=line.pk, status="provided", on=clock.today()
    )
    assert [s.status for s in line.steps.all()] == ["requested", "in_progress", "provided"]
    with pytest.raises(IllegalTransition):
        services.service_line_status_set(
            actor=actors["police.tirana"], line_id=line.pk, status="refused", on=clock.today()
        )


@pytest.mark.parametrize(
    "kind, institution, field",
    [
        ("nothing", "employment_office", "kind"),
        ("employment_training", "health", "institution"),  # wrong type of institution
        ("employment_training", None, "institution"),
        ("civil_registration", "civil_status", "kind"),  # for a child only
    ],
)
def test_bad_service_lines_save_nothing(actors, monitored, providers, kind, institution, field):
    case = monitored()
    with pytest.raises(ValidationFailed) as err:
        services.service_line_open(
            actor=actors["police.tirana"],
            case_id=case.pk,
            kind=kind,
            institution_id=providers[institution].pk if institution else None,
            requested_on=clock.today(),
        )
    assert field in err.value.fields
    assert not ServiceLine.objects.exists()


def test_one_open_line_of_a_kind(actors, monitored, providers):
    case = monitored()
    kw = {
        "actor": actors["police.tirana"],
        "case_id": case.pk,
        "kind": "legal_aid",
        "institution_id": providers["legal_aid"].pk,
        "requested_on": clock.today(),
    }
    services.service_line_open(**kw)
    with pytest.raises(ValidationFailed):
        services.service_line_open(**kw)
    assert ServiceLine.objects.count() == 1


def test_a_childs_primary_care_needs_the_guardians_consent(actors, make_case, providers):
    from nrm.consent.services import consent_record

    case = make_case(date_of_birth=date(2013, 5, 1))
    assert case.is_child
    kw = {
        "actor": actors["police.tirana"],
        "case_id": case.pk,
        "kind": "primary_care",
        "institution_id": providers["health"].pk,
        "requested_on": clock.today(),
    }
    with pytest.raises(ValidationFailed) as err:
        services.service_line_open(**kw)
    assert "consent" in err.value.fields
    assert not ServiceLine.objects.exists()
    record = consent_record(
        actor=actors["police.tirana"],
        case_id=case.pk,
        purpose="child_health_care",
        given=True,
        given_by="guardian",
        signed_on=clock.today(),
        signatory="Kujdestari",
        form="health",
    )
    line = services.service_line_open(**kw)
    assert line.consent_record_id == record.pk
    # An adult's primary care needs no such consent.
    adult = make_case()
    services.service_line_open(**{**kw, "case_id": adult.pk})
