"""The shelters' services: admission (C1/C3, C2) takes a bed and places the person, exits
give it back, incidents are recorded with their notices; bad input saves nothing."""

from datetime import timedelta

import pytest

from nrm.core import clock
from nrm.core.errors import DomainError, Forbidden, NotFound, ValidationFailed
from nrm.deadlines.models import Deadline, Notification, Status
from nrm.directory.models import ServiceCapacity
from nrm.registry.selectors import open_procedure_states
from nrm.shelters import services
from nrm.shelters.models import Incident, Residence

pytestmark = pytest.mark.django_db


def _free(service) -> int:
    return ServiceCapacity.objects.get(service=service).available


def _admit(actors, case, service, **kw):
    return services.admission_record(
        actor=actors["shelter.tirana"], case_id=case.pk, service_id=service.pk, **kw
    )


def _deadline(case, rule):
    return Deadline.objects.filter(case=case, rule=rule).order_by("-id").first()


def test_admission_takes_a_bed_places_the_person_and_opens_the_three_day_rule(
    actors, sheltered_case, shelter_service
):
    service = shelter_service(beds=2)
    case = sheltered_case()
    residence = _admit(
        actors,
        case,
        service,
        information_given=["premises", "rules", "rehabilitation_programme"],
        basic_needs=["food", "clothing"],
        agreement_signed=True,
        caseworker_id=actors["shelter.tirana"].user.pk,
    )
    case.refresh_from_db()
    assert residence.form == "c1" and residence.agreement_signed_on == clock.today()
    assert _free(service) == 1
    assert open_procedure_states(case)["protection"] == "placed"
    assert case.stage == "protection"
    rule = _deadline(case, "adult_formal_interview_rights")
    assert rule.status == Status.OPEN
    assert _deadline(case, "child_formal_interview_information") is None


def test_the_three_day_rule_is_met_by_the_interview_information(
    actors, sheltered_case, shelter_service
):
    case = sheltered_case(date_of_birth=clock.today().replace(year=clock.today().year - 15))
    residence = _admit(actors, case, shelter_service())
    assert residence.form == "c3"
    assert _deadline(case, "child_formal_interview_information").status == Status.OPEN
    services.interview_information_record(actor=actors["shelter.tirana"], residence_id=residence.pk)
    assert _deadline(case, "child_formal_interview_information").status == Status.MET
    with pytest.raises(ValidationFailed):
        services.interview_information_record(
            actor=actors["shelter.tirana"], residence_id=residence.pk
        )


def test_a_foreign_national_placed_opens_the_residence_permit_rule(
    actors, sheltered_case, shelter_service
):
    """The event is emitted; its rule opens once the emergency measures record its meeting
    event (`residence_permit_procedure_started`, another app's)."""
    from nrm.audit.models import AuditEvent

    case = sheltered_case(citizenship="XK")
    _admit(actors, case, shelter_service())
    events = [e.data.get("event") for e in AuditEvent.objects.filter(case_id=case.pk)]
    assert "foreign_national_placed" in events
    local = sheltered_case(citizenship="AL")
    _admit(actors, local, shelter_service(name="B"))
    events = [e.data.get("event") for e in AuditEvent.objects.filter(case_id=local.pk)]
    assert "foreign_national_placed" not in events


def test_admission_over_capacity_saves_nothing(actors, sheltered_case, shelter_service):
    service = shelter_service(beds=1)
    _admit(actors, sheltered_case(), service)
    other = sheltered_case()
    with pytest.raises(ValidationFailed) as err:
        _admit(actors, other, service)
    assert "service" in err.value.fields
    assert _free(service) == 0
    assert not Residence.objects.filter(case=other).exists()
    assert "protection" not in open_procedure_states(other)


def test_an_institution_without_access_cannot_admit(actors, make_case, shelter_service):
    service = shelter_service()
    case = make_case("police.tirana")  # no referral, no assignment to the shelter
    with pytest.raises(NotFound):
        _admit(actors, case, service)
    assert _free(service) == 3


def test_only_a_centre_admits(actors, sheltered_case, shelter_service):
    case = sheltered_case()
    with pytest.raises(Forbidden):
        services.admission_record(
            actor=actors["police.tirana"], case_id=case.pk, service_id=shelter_service().pk
        )


def test_bad_input_is_a_field_error(actors, sheltered_case, shelter_service):
    case = sheltered_case()
    service = shelter_service()
    with pytest.raises(ValidationFailed) as err:
        _admit(
            actors,
            case,
            service,
            information_given=["nonsense"],
            caseworker_id=actors["police.tirana"].user.pk,
            admitted_at=clock.now() + timedelta(days=2),
            medical_notes="x",
        )
    assert {"information_given", "caseworker", "admitted_at", "medical_examined_on"} <= set(
        err.value.fields
    )
    assert _free(service) == 3 and not Residence.objects.exists()


def test_a_second_admission_while_staying_is_refused(actors, sheltered_case, shelter_service):
    case = sheltered_case()
    service = shelter_service()
    _admit(actors, case, service)
    with pytest.raises(DomainError):
        _admit(actors, case, service)
    assert _free(service) == 2


def test_exit_gives_the_bed_back_and_twice_is_refused(actors, sheltered_case, shelter_service):
    service = shelter_service(beds=1)
    case = sheltered_case()
    residence = _admit(actors, case, service)
    services.admission_exit(
        actor=actors["shelter.tirana"], residence_id=residence.pk, reason="completed_programme"
    )
    case.refresh_from_db()
    assert _free(service) == 1
    assert "protection" not in open_procedure_states(case)
    with pytest.raises(DomainError):
        services.admission_exit(
            actor=actors["shelter.tirana"], residence_id=residence.pk, reason="transfer"
        )
    assert _free(service) == 1


def test_exit_to_family_moves_protection_to_community_and_records_the_incident(
    actors, sheltered_case, shelter_service
):
    case = sheltered_case()
    residence = _admit(actors, case, shelter_service())
    services.admission_exit(
        actor=actors["shelter.tirana"], residence_id=residence.pk, reason="family_community"
    )
    assert open_procedure_states(case)["protection"] == "community"
    incident = Incident.objects.get(case=case)
    assert incident.kind == "family_community"
    assert _deadline(case, "family_referral_notification").status == Status.OPEN
    services.incident_notify(actor=actors["shelter.tirana"], incident_id=incident.pk)
    assert _deadline(case, "family_referral_notification").status == Status.MET


def test_medical_examination_and_case_worker(actors, sheltered_case, shelter_service):
    residence = _admit(actors, sheltered_case(), shelter_service())
    staff = actors["shelter.tirana"]
    services.admission_medical_record(
        actor=staff,
        residence_id=residence.pk,
        examined_on=clock.today(),
        examined_by="Mjeku i qendrës",
        notes="Pa shqetësime.",
    )
    services.admission_caseworker_assign(
        actor=staff, residence_id=residence.pk, user_id=staff.user.pk
    )
    residence.refresh_from_db()
    assert residence.medical_notes == "Pa shqetësime." and residence.caseworker == staff.user
    with pytest.raises(ValidationFailed):
        services.admission_caseworker_assign(
            actor=staff, residence_id=residence.pk, user_id=actors["police.tirana"].user.pk
        )
    with pytest.raises(ValidationFailed):
        services.admission_medical_record(
            actor=staff, residence_id=residence.pk, examined_on=None, examined_by=""
        )


def test_a_child_absconding_ends_the_stay_and_its_notices_meet_the_rule(
    actors, sheltered_case, shelter_service
):
    service = shelter_service()
    case = sheltered_case(date_of_birth=clock.today().replace(year=clock.today().year - 14))
    _admit(actors, case, service)
    staff = actors["shelter.tirana"]
    incident = services.incident_record(actor=staff, case_id=case.pk, kind="absconded")
    assert _free(service) == 3
    assert _deadline(case, "absconding_notification").status == Status.OPEN
    # The 3-day rule is cancelled by the absconding.
    assert _deadline(case, "child_formal_interview_information").status == Status.CANCELLED
    with pytest.raises(ValidationFailed) as err:  # a child's complaint to the police
        services.incident_notify(actor=staff, incident_id=incident.pk)
    assert "police_complaint_on" in err.value.fields
    services.incident_notify(
        actor=staff,
        incident_id=incident.pk,
        police_complaint_on=clock.today(),
        police_complaint_reference="K-1",
    )
    assert _deadline(case, "absconding_notification").status == Status.MET
    incident.refresh_from_db()
    notified = {n.institution.code for n in incident.notices.all()}
    assert "njmf-tirana" in notified and "ap-secretariat" in notified
    assert Notification.objects.filter(case=case, kind="shelter_incident").exists()
    # On return: the NJMF's assessment; then the child may be admitted again.
    back = services.incident_record(actor=staff, case_id=case.pk, kind="child_returned")
    services.incident_notify(actor=staff, incident_id=back.pk)
    back.refresh_from_db()
    assert back.follow_up_institution.code == "njmf-tirana"


def test_incidents_bad_input(actors, sheltered_case, shelter_service):
    staff = actors["shelter.tirana"]
    case = sheltered_case()
    with pytest.raises(ValidationFailed):  # not staying here
        services.incident_record(actor=staff, case_id=case.pk, kind="absconded")
    with pytest.raises(ValidationFailed):
        services.incident_record(actor=staff, case_id=case.pk, kind="nonsense")
    with pytest.raises(ValidationFailed):  # an adult: not a child's return
        services.incident_record(actor=staff, case_id=case.pk, kind="child_returned")
    assert not Incident.objects.exists()


def test_incident_on_a_closed_case_is_a_clear_error(actors, sheltered_case, shelter_service):
    from nrm.registry.services import case_close

    case = sheltered_case()
    _admit(actors, case, shelter_service())
    case.refresh_from_db()
    case_close(
        actor=actors["police.tirana"],
        case_id=case.pk,
        reason_code="not_recognised_no_need",
        note="",
        expected_version=case.version,
    )
    with pytest.raises(services.CaseClosed):
        services.incident_record(
            actor=actors["shelter.tirana"], case_id=case.pk, kind="refused_help"
        )
    assert not Incident.objects.exists()
