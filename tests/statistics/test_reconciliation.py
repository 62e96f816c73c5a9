"""Reconciliation of the agencies' records (issue 14 item 4): mismatches by case reference,
only the cases the viewer may see, a count of the others, each listed case a read."""

from dataclasses import replace

import pytest
from django.test import Client, RequestFactory

from nrm.audit.models import AccessLog
from nrm.core import clock
from nrm.core.errors import NotFound
from nrm.registry.services import case_assign, case_status_screened
from nrm.statistics.audit_codes import StatisticsCode
from nrm.statistics.reconciliation import reconcile, reconciliation_open

pytestmark = pytest.mark.django_db


@pytest.fixture
def shelter_stay(actors, make_case, reference):
    """shelter_stay() → a Tirana police case assigned to the shelter and admitted there."""
    from nrm.directory.models import Organization, Service, ServiceCapacity
    from nrm.shelters.services import admission_record

    institution = reference["shelter-tirana"]
    org, _ = Organization.objects.get_or_create(
        institution=institution, defaults={"provider": "ngo"}
    )
    service = Service.objects.create(organization=org, name="Strehim", need="shelter")
    ServiceCapacity.objects.create(
        service=service, unit="bed", available=3, maximum=3, updated=clock.now()
    )

    def make(**person):
        case = make_case("police.tirana", **person)
        case_assign(
            actor=actors["police.tirana"], case_id=case.pk, institution=institution, reason="r"
        )
        admission_record(actor=actors["shelter.tirana"], case_id=case.pk, service_id=service.pk)
        return case

    return make


def _kinds(result):
    return {(m.kind, ref) for m in result.mismatches for ref in m.references}


def test_a_shelter_stay_without_a_status_is_listed_by_reference(actors, shelter_stay):
    case = shelter_stay(given_name="Drita")
    result = reconcile(actor=actors["ap.secretariat"])
    assert ("shelter_without_status", case.reference) in _kinds(result)


def test_a_police_case_not_referred_is_listed_and_a_screened_one_is_not(actors, make_case):
    police = actors["police.tirana"]
    lost, screened = make_case(given_name="Arta"), make_case(given_name="Besa")
    case_status_screened(
        actor=police,
        case_id=screened.pk,
        to="potential_victim",
        reason="A3",
        expected_version=screened.version,
    )
    found = _kinds(reconcile(actor=actors["ap.secretariat"]))
    assert ("police_not_referred", lost.reference) in found
    assert ("police_not_referred", screened.reference) not in found


def test_a_case_the_viewer_cannot_see_is_counted_not_listed(actors, shelter_stay):
    case = shelter_stay(given_name="Era")
    # the statistics capability without reach over every case: the Shkodër police
    shkoder = actors["police.shkoder"]
    viewer = replace(shkoder, capabilities=shkoder.capabilities | {"statistics.publish"})
    result = reconcile(actor=viewer)
    assert case.reference not in {ref for m in result.mismatches for ref in m.references}
    assert result.others >= 1
    assert case.pk not in {pk for m in result.mismatches for pk in m.case_ids}
    everyone = reconcile(actor=actors["ap.secretariat"])
    assert everyone.others == 0
    assert case.reference in {ref for m in everyone.mismatches for ref in m.references}


def test_opening_it_writes_a_read_of_each_case_listed(actors, shelter_stay):
    case = shelter_stay(given_name="Fatos")
    ap = actors["ap.secretariat"]
    before = AccessLog.objects.filter(case_id=case.pk).count()
    result = reconciliation_open(actor=ap)
    assert case.pk in {pk for m in result.mismatches for pk in m.case_ids}
    reads = AccessLog.objects.filter(case_id=case.pk, action=StatisticsCode.RECONCILIATION_READ)
    assert reads.count() == 1
    assert AccessLog.objects.filter(case_id=case.pk).count() == before + 1


def test_not_found_without_the_capability(actors):
    with pytest.raises(NotFound):
        reconcile(actor=actors["police.tirana"])


def test_the_page_lists_the_reference(actors, shelter_stay):
    case = shelter_stay(given_name="Gentiana")
    client = Client()
    assert client.login(
        request=RequestFactory().post("/login/"), username="ap.secretariat", password="demo"
    )
    page = client.get("/statistics/reconciliation/")
    assert page.status_code == 200
    assert case.reference in page.content.decode()
    assert "Gentiana" not in page.content.decode()


def test_one_person_in_two_agencies_disagreeing_on_child_or_adult(actors, make_case):
    """Two records linked as one person (a reviewer's `same` decision, made here directly:
    the linkage's services are another piece): counted by two agencies, child and adult."""
    from nrm.linkage.models import LinkDecision, PersonLink

    police = make_case("police.tirana", given_name="Hana", estimated_age=30)
    social = make_case("social.tirana", given_name="Hana", estimated_age=15)
    a, b = sorted([police.person_id, social.person_id])
    PersonLink.objects.create(
        person_a_id=a,
        person_b_id=b,
        decision=LinkDecision.SAME,
        decided_at=clock.now(),
        decided_by=actors["ap.secretariat"].user,
    )
    found = _kinds(reconcile(actor=actors["ap.secretariat"]))
    for ref in (police.reference, social.reference):
        assert ("several_agencies", ref) in found
        assert ("age_disagree", ref) in found
