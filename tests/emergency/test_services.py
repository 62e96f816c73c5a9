"""The emergency app's services: the child's measure step by step, its change through the
court, the non-response chain, the foreign person's procedures and the reflection period;
bad input is refused with a clear message and saves nothing."""

from datetime import date, timedelta

import pytest

from nrm.audit.models import AuditEvent
from nrm.core import clock
from nrm.core.errors import Forbidden, NotFound, ValidationFailed
from nrm.deadlines.models import Notification
from nrm.emergency import services
from nrm.emergency.models import (
    ChangeStatus,
    EmergencyMeasure,
    ForeignProcedure,
    MeasureChange,
    MissionRequest,
    NonResponse,
    ReflectionPeriod,
)
from nrm.emergency.services import StepDone
from nrm.registry.models import CaseGrant
from nrm.registry.selectors import procedure_open_of
from tests.emergency.conftest import DAY, at

pytestmark = pytest.mark.django_db


def _initiated(actors, case, hour=10):
    with clock.override(at(hour=hour)):
        return services.measure_initiate(
            actor=actors["pmf.tirana"], case_id=case.pk, grounds="Rrezik i lartë."
        )


def _approved(actors, case):
    pmf = actors["pmf.tirana"]
    _initiated(actors, case)
    with clock.override(at(hour=10, minute=20)):
        services.measure_director_inform(actor=pmf, case_id=case.pk)
    with clock.override(at(hour=12)):
        return services.measure_decide(
            actor=pmf,
            case_id=case.pk,
            decision="approved",
            decided_on=DAY,
            director_role="social_services_director",
            reasoning="Fëmija largohet nga mjedisi i rrezikshëm.",
        )


def _placed(actors, case):
    _approved(actors, case)
    with clock.override(at(hour=14)):
        return services.measure_place(
            actor=actors["pmf.tirana"],
            case_id=case.pk,
            kind="emergency_centre",
            placed_on=DAY,
            municipality="Tiranë",
        )


# --- the measure -------------------------------------------------------------------------


def test_the_measure_step_by_step(actors, child):
    measure = _placed(actors, child)
    pmf = actors["pmf.tirana"]
    with clock.override(at(DAY + timedelta(days=1))):
        services.measure_gtn_request(actor=pmf, case_id=child.pk)
        services.measure_police_contact(
            actor=pmf,
            case_id=child.pk,
            contacted_on=DAY + timedelta(days=1),
            police_institution_id=actors["police.tirana"].institution_id,
            note="Koordinim",
        )
    measure.refresh_from_db()
    assert measure.decision == "approved"
    assert measure.director_role == "social_services_director"
    assert measure.decision_reasoning == "Fëmija largohet nga mjedisi i rrezikshëm."
    assert measure.placement_kind == "emergency_centre"
    assert measure.placement_municipality == "Tiranë"
    assert measure.gtn_requested_at is not None
    assert measure.police_institution_id == actors["police.tirana"].institution_id
    # The placement opened the case's protection procedure.
    assert procedure_open_of(child, "protection").state == "placed"
    codes = set(AuditEvent.objects.filter(case_id=child.pk).values_list("code", flat=True))
    assert {"emergency.initiated", "emergency.decided", "emergency.placed"} <= codes


def test_a_measure_for_an_adult_is_refused(actors, adult):
    with pytest.raises(ValidationFailed) as caught:
        _initiated(actors, adult)
    assert "for a child" in caught.value.fields["__all__"][0]
    assert not EmergencyMeasure.objects.exists()


def test_only_the_pmf_initiates(actors, child):
    # The police may see the case once it is assigned, but do not initiate the measure.
    from nrm.registry.services import case_assign

    with clock.override(at(hour=9)):
        case_assign(
            actor=actors["pmf.tirana"],
            case_id=child.pk,
            institution=actors["police.tirana"].institution,
            reason="Hetim",
        )
    with pytest.raises(Forbidden), clock.override(at()):
        services.measure_initiate(actor=actors["police.tirana"], case_id=child.pk)
    assert not EmergencyMeasure.objects.exists()


def test_a_stranger_gets_not_found(actors, child):
    with pytest.raises(NotFound), clock.override(at()):
        services.measure_initiate(actor=actors["police.shkoder"], case_id=child.pk)


def test_the_decision_before_initiation_is_refused(actors, child):
    with pytest.raises(ValidationFailed) as caught, clock.override(at()):
        services.measure_decide(
            actor=actors["pmf.tirana"],
            case_id=child.pk,
            decision="approved",
            decided_on=DAY,
            director_role="social_services_director",
            reasoning="r",
        )
    assert "No emergency protection measure" in caught.value.fields["__all__"][0]
    assert not EmergencyMeasure.objects.exists()


def test_the_decision_before_the_director_is_informed_is_refused(actors, child):
    measure = _initiated(actors, child)
    with pytest.raises(ValidationFailed) as caught, clock.override(at(hour=11)):
        services.measure_decide(
            actor=actors["pmf.tirana"],
            case_id=child.pk,
            decision="approved",
            decided_on=DAY,
            director_role="the director's name",
            reasoning="",
        )
    fields = caught.value.fields
    assert "informed" in fields["__all__"][0]
    assert set(fields) == {"__all__", "director_role", "reasoning"}
    measure.refresh_from_db()
    assert measure.decision == ""


def test_a_step_twice_is_a_clear_error_and_changes_nothing(actors, child):
    _initiated(actors, child)
    with clock.override(at(hour=10, minute=10)):
        first = services.measure_director_inform(actor=actors["pmf.tirana"], case_id=child.pk)
    with pytest.raises(StepDone) as caught, clock.override(at(hour=11)):
        services.measure_director_inform(actor=actors["pmf.tirana"], case_id=child.pk)
    assert caught.value.status == 409
    assert "already informed" in caught.value.message
    first_at = first.director_informed_at
    first.refresh_from_db()
    assert first.director_informed_at == first_at
    with pytest.raises(StepDone), clock.override(at(hour=11)):
        _initiated(actors, child, hour=11)
    assert EmergencyMeasure.objects.count() == 1


def test_a_refusal_ends_the_measure_and_places_nobody(actors, child):
    pmf = actors["pmf.tirana"]
    _initiated(actors, child)
    with clock.override(at(hour=11)):
        services.measure_director_inform(actor=pmf, case_id=child.pk)
        measure = services.measure_decide(
            actor=pmf,
            case_id=child.pk,
            decision="refused",
            decided_on=DAY,
            director_role="acting_director",
            reasoning="Rreziku nuk është i menjëhershëm.",
        )
    assert measure.ended_at is not None
    with pytest.raises(ValidationFailed), clock.override(at(hour=12)):
        services.measure_place(
            actor=pmf, case_id=child.pk, kind="emergency_centre", placed_on=DAY, municipality="X"
        )
    assert procedure_open_of(child, "protection") is None


def test_placement_needs_a_place_and_never_an_address(actors, child):
    _approved(actors, child)
    pmf = actors["pmf.tirana"]
    with pytest.raises(ValidationFailed) as caught, clock.override(at(hour=13)):
        services.measure_place(actor=pmf, case_id=child.pk, kind="emergency_centre", placed_on=DAY)
    assert "municipality" in caught.value.fields
    with pytest.raises(ValidationFailed) as caught, clock.override(at(hour=13)):
        services.measure_place(
            actor=pmf,
            case_id=child.pk,
            kind="hotel",
            placed_on=DAY + timedelta(days=3),
            municipality="Rruga e Durrësit 12",
        )
    assert set(caught.value.fields) == {"kind", "placed_on", "municipality"}
    with pytest.raises(ValidationFailed) as caught, clock.override(at(hour=13)):
        services.measure_place(
            actor=pmf,
            case_id=child.pk,
            kind="foster_family",
            placed_on=DAY,
            institution_id=actors["shelter.tirana"].institution_id,
        )
    assert "institution_id" in caught.value.fields
    assert EmergencyMeasure.objects.get().placement_kind == ""
    assert procedure_open_of(child, "protection") is None


def test_the_change_to_a_foster_family_goes_through_the_court(actors, child):
    _placed(actors, child)
    pmf = actors["pmf.tirana"]
    later = DAY + timedelta(days=20)
    with clock.override(at(later)):
        with pytest.raises(ValidationFailed):  # the court before the director approved
            services.measure_change_send(actor=pmf, case_id=child.pk, sent_on=later)
        with pytest.raises(ValidationFailed):  # a centre is not a family placement
            services.measure_change_draft(
                actor=pmf, case_id=child.pk, kind="emergency_centre", drafted_on=later
            )
        services.measure_change_draft(
            actor=pmf, case_id=child.pk, kind="foster_family", drafted_on=later
        )
        with pytest.raises(StepDone):
            services.measure_change_draft(
                actor=pmf, case_id=child.pk, kind="extended_family", drafted_on=later
            )
        services.measure_change_approve(
            actor=pmf, case_id=child.pk, approved_on=later, director_role="social_services_director"
        )
        services.measure_change_send(actor=pmf, case_id=child.pk, sent_on=later)
        change = services.measure_change_rule(
            actor=pmf, case_id=child.pk, decision="approved", decided_on=later, reference="Nr. 1"
        )
    assert change.status == ChangeStatus.COURT_APPROVED
    measure = EmergencyMeasure.objects.get()
    assert measure.placement_kind == "foster_family"
    assert procedure_open_of(child, "protection").state == "community"
    assert MeasureChange.objects.count() == 1


# --- institutions not responding -----------------------------------------------------------


def test_the_non_response_chain_climbs_with_notices_and_access(actors, child, agency):
    pmf = actors["pmf.tirana"]
    police = actors["police.tirana"].institution
    with clock.override(at()):
        nr = services.non_response_report(
            actor=pmf,
            case_id=child.pk,
            institution_id=police.pk,
            asked="Informacion për familjen.",
            since=DAY - timedelta(days=3),
        )
    assert nr.step == "njmf_report"
    # The agency's focal point is told and may now read the case.
    assert Notification.objects.filter(recipient=agency.user, kind="non_response").exists()
    assert CaseGrant.objects.filter(case=child, institution=agency.institution).exists()
    # The NJMF cannot record the agency's level.
    with pytest.raises(Forbidden), clock.override(at(hour=11)):
        services.non_response_escalate(actor=pmf, non_response_id=nr.pk)
    with clock.override(at(hour=10, minute=30)):
        services.non_response_escalate(actor=agency, non_response_id=nr.pk)
    ap = actors["ap.secretariat"]
    assert Notification.objects.filter(recipient=ap.user, kind="non_response").exists()
    with clock.override(at(hour=11)):
        services.non_response_escalate(actor=ap, non_response_id=nr.pk)
    nr.refresh_from_db()
    assert nr.step == "ap_meeting_requested"
    assert list(nr.steps.values_list("step", flat=True)) == [
        "njmf_report",
        "forwarded_to_ap",
        "ap_meeting_requested",
    ]
    with pytest.raises(StepDone), clock.override(at(hour=12)):
        services.non_response_escalate(actor=ap, non_response_id=nr.pk)


def test_a_non_response_without_what_was_asked_saves_nothing(actors, child, agency):
    with pytest.raises(ValidationFailed) as caught, clock.override(at()):
        services.non_response_report(
            actor=actors["pmf.tirana"],
            case_id=child.pk,
            institution_id=None,
            asked="  ",
            since=DAY + timedelta(days=5),
        )
    assert set(caught.value.fields) == {"institution_id", "asked", "since"}
    assert not NonResponse.objects.exists()
    assert not Notification.objects.filter(kind="non_response").exists()


# --- foreign persons -------------------------------------------------------------------------


def test_a_foreign_adults_residence_permit(actors, foreign_adult):
    shelter = actors["shelter.tirana"]
    with clock.override(at()):
        rows = services.residence_permit_start(
            actor=shelter, case_id=foreign_adult.pk, requested_on=DAY
        )
        assert [r.kind for r in rows] == ["residence_permit"]
        with pytest.raises(StepDone):
            services.residence_permit_start(
                actor=shelter, case_id=foreign_adult.pk, requested_on=DAY
            )
    with clock.override(at(DAY + timedelta(days=30))):
        with pytest.raises(ValidationFailed) as caught:
            services.permit_decide(
                actor=shelter,
                permit_id=rows[0].pk,
                outcome="maybe",
                decided_on=DAY - timedelta(days=1),
            )
        assert set(caught.value.fields) == {"outcome", "decided_on"}
        permit = services.permit_decide(
            actor=shelter, permit_id=rows[0].pk, outcome="granted", decided_on=clock.today()
        )
    assert permit.outcome == "granted"


def test_a_foreign_child_gets_guardianship_too(actors, foreign_child):
    with clock.override(at()):
        rows = services.residence_permit_start(
            actor=actors["pmf.tirana"], case_id=foreign_child.pk, requested_on=DAY
        )
    assert sorted(r.kind for r in rows) == ["guardianship", "residence_permit"]


def test_no_permit_for_a_citizen(actors, child):
    with pytest.raises(ValidationFailed) as caught, clock.override(at()):
        services.residence_permit_start(
            actor=actors["pmf.tirana"], case_id=child.pk, requested_on=DAY
        )
    assert "foreign national" in caught.value.fields["__all__"][0]
    assert not ForeignProcedure.objects.exists()


def test_the_request_to_the_mission(actors, foreign_adult):
    shelter = actors["shelter.tirana"]
    with clock.override(at()):
        with pytest.raises(ValidationFailed) as caught:
            services.mission_request(
                actor=shelter, case_id=foreign_adult.pk, country="AL", requested_on=DAY
            )
        assert "country" in caught.value.fields
        request = services.mission_request(
            actor=shelter, case_id=foreign_adult.pk, country="ua", requested_on=DAY
        )
        assert request.country == "UA"
        with pytest.raises(StepDone):
            services.mission_request(
                actor=shelter, case_id=foreign_adult.pk, country="UA", requested_on=DAY
            )
        answered = services.mission_answer(
            actor=shelter, request_id=request.pk, outcome="granted", answered_on=DAY
        )
    assert answered.outcome == "granted"
    assert MissionRequest.objects.count() == 1


def test_the_foreign_childs_documentation_meeting(actors, foreign_child):
    ap = actors["ap.secretariat"]
    with clock.override(at()):
        with pytest.raises(ValidationFailed):  # nobody notified the secretariat yet
            services.documentation_meeting_request(actor=ap, case_id=foreign_child.pk)
        services.documentation_notify(actor=actors["pmf.tirana"], case_id=foreign_child.pk)
    assert Notification.objects.filter(recipient=ap.user, kind="child_documentation").exists()
    with pytest.raises(Forbidden), clock.override(at(hour=11)):
        services.documentation_meeting_request(actor=actors["pmf.tirana"], case_id=foreign_child.pk)
    with clock.override(at(hour=15)):
        doc = services.documentation_meeting_request(actor=ap, case_id=foreign_child.pk)
    assert doc.meeting_requested_at == at(hour=15)


# --- the reflection and recovery period -----------------------------------------------------


def test_the_reflection_period_is_thirty_days_and_extends(actors, foreign_adult):
    shelter = actors["shelter.tirana"]
    with clock.override(at()):
        period = services.reflection_start(
            actor=shelter, case_id=foreign_adult.pk, starts_on=date(2026, 3, 1)
        )
        assert period.days == 30
        assert period.ends_on == date(2026, 3, 30)  # the start day is the first of 30
        with pytest.raises(StepDone):
            services.reflection_start(actor=shelter, case_id=foreign_adult.pk, starts_on=DAY)
        with pytest.raises(ValidationFailed) as caught:
            services.reflection_extend(actor=shelter, case_id=foreign_adult.pk, days=91, reason="")
        assert set(caught.value.fields) == {"days", "reason"}
        period = services.reflection_extend(
            actor=shelter, case_id=foreign_adult.pk, days=15, reason="Trajtim mjekësor."
        )
    assert period.ends_on == date(2026, 4, 14)
    assert ReflectionPeriod.objects.get().extensions.count() == 1
