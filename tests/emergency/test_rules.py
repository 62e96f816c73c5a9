"""Each deadline rule of the emergency app is met by its real producer, "immediately" rules
included (within the hour's grace: on time; after it: missed, then met late)."""

from datetime import timedelta

import pytest

from nrm.core import clock
from nrm.deadlines.models import Deadline, Status
from nrm.deadlines.producers import inactive_rules
from nrm.emergency import services
from nrm.jurisdictions import get_profile
from nrm.registry.services import case_event
from tests.emergency.conftest import DAY, at

pytestmark = pytest.mark.django_db


def _rule(case, code) -> Deadline:
    return Deadline.objects.get(case=case, rule=code)


def test_the_rules_the_app_meets_are_active():
    inactive = inactive_rules(get_profile("AL"))
    for code in (
        "social_services_director_notification",
        "foreign_child_documentation_meeting",
        "non_response_escalation",
        # Opened by the shelters' admission (foreign_national_placed).
        "foreign_adult_residence_permit",
        "foreign_child_residence_and_guardianship",
    ):
        assert code not in inactive


def test_informing_the_director_within_the_hour_is_on_time(actors, child):
    pmf = actors["pmf.tirana"]
    with clock.override(at()):
        services.measure_initiate(actor=pmf, case_id=child.pk)
    deadline = _rule(child, "social_services_director_notification")
    assert deadline.status == Status.OPEN
    assert deadline.due_at == at(hour=11)  # immediately: the profile's one-hour grace
    with clock.override(at(hour=10, minute=50)):
        services.measure_director_inform(actor=pmf, case_id=child.pk)
    deadline.refresh_from_db()
    assert deadline.status == Status.MET
    assert deadline.met_by_event == "social_services_director_informed"


def test_informing_the_director_late_is_met_late(actors, child):
    from nrm.accounts.policy import system_actor
    from nrm.deadlines.services import deadline_scan

    pmf = actors["pmf.tirana"]
    with clock.override(at()):
        services.measure_initiate(actor=pmf, case_id=child.pk)
    with clock.override(at(hour=11, minute=5)):
        deadline_scan(actor=system_actor())
    with clock.override(at(hour=11, minute=30)):
        services.measure_director_inform(actor=pmf, case_id=child.pk)
    deadline = _rule(child, "social_services_director_notification")
    assert deadline.status == Status.MISSED
    assert deadline.met_at == at(hour=11, minute=30)


def test_the_non_response_escalation_is_met_by_the_agency_forwarding(actors, child, agency):
    with clock.override(at()):
        nr = services.non_response_report(
            actor=actors["pmf.tirana"],
            case_id=child.pk,
            institution_id=actors["police.tirana"].institution_id,
            asked="Informacion",
            since=DAY - timedelta(days=2),
        )
    deadline = _rule(child, "non_response_escalation")
    assert deadline.status == Status.OPEN
    assert deadline.responsible_institution_id == agency.institution_id
    with clock.override(at(hour=10, minute=40)):
        services.non_response_escalate(actor=agency, non_response_id=nr.pk)
    deadline.refresh_from_db()
    assert deadline.status == Status.MET
    assert deadline.met_by_event == "non_response_forwarded_to_ap"


def test_the_documentation_meeting_within_24_hours(actors, foreign_child):
    with clock.override(at()):
        services.documentation_notify(actor=actors["pmf.tirana"], case_id=foreign_child.pk)
    deadline = _rule(foreign_child, "foreign_child_documentation_meeting")
    assert deadline.due_at == at(DAY + timedelta(days=1))
    with clock.override(at(DAY + timedelta(days=1), hour=9)):
        services.documentation_meeting_request(
            actor=actors["ap.secretariat"], case_id=foreign_child.pk
        )
    deadline.refresh_from_db()
    assert deadline.status == Status.MET


@pytest.mark.usefixtures("placed_producer")
def test_a_foreign_adult_placed_then_the_permit_started(actors, foreign_adult):
    shelter = actors["shelter.tirana"]
    with clock.override(at()):
        # The shelters' admission (stand-in): a foreign national placed.
        case_event(actor=shelter, case=foreign_adult, event="foreign_national_placed")
    deadline = _rule(foreign_adult, "foreign_adult_residence_permit")
    assert not Deadline.objects.filter(rule="foreign_child_residence_and_guardianship").exists()
    with clock.override(at(hour=10, minute=45)):
        services.residence_permit_start(actor=shelter, case_id=foreign_adult.pk, requested_on=DAY)
    deadline.refresh_from_db()
    assert deadline.status == Status.MET
    assert deadline.met_by_event == "residence_permit_procedure_started"


@pytest.mark.usefixtures("placed_producer")
def test_a_foreign_child_placed_then_permit_and_guardianship(actors, foreign_child):
    pmf = actors["pmf.tirana"]
    with clock.override(at()):
        case_event(actor=pmf, case=foreign_child, event="foreign_national_placed")
    deadline = _rule(foreign_child, "foreign_child_residence_and_guardianship")
    assert not Deadline.objects.filter(rule="foreign_adult_residence_permit").exists()
    with clock.override(at(hour=10, minute=30)):
        services.residence_permit_start(actor=pmf, case_id=foreign_child.pk, requested_on=DAY)
    deadline.refresh_from_db()
    assert deadline.status == Status.MET
    assert deadline.met_by_event == "residence_permit_and_guardianship_started"
