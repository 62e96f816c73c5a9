"""The pages of formal identification: the group's queue, the case's page, the interview
page, the forms through to the decision, and the B1/B2/B3 documents."""

import pytest
from django.test import Client, RequestFactory

from nrm.core import clock
from nrm.core.errors import NotFound
from nrm.identification import pdf
from nrm.identification.models import FormalInterview, GroupDecision, Seat
from tests.identification.conftest import all_conditions, all_rights, mandatory_roles
from tests.pages import case_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def web(reference):
    def login(username: str, language: str = "sq") -> Client:
        client = Client()
        client.cookies["django_language"] = language
        assert client.login(
            request=RequestFactory().post("/login/"), username=username, password="demo"
        )
        return client

    return login


def test_queue_shows_the_requests_addressed_to_the_institution(web, a5_case):
    case = a5_case()
    html = web("police.tirana").get("/identification/").content.decode()
    assert case.reference in html
    assert case.reference in web("social.tirana").get("/identification/").content.decode()
    assert case.reference not in web("pmf.tirana").get("/identification/").content.decode()
    assert case.reference not in web("police.shkoder").get("/identification/").content.decode()


def test_from_the_queue_to_the_decision_through_the_pages(web, a5_case, actors):
    case = a5_case(child=True)
    police, pmf = web("police.tirana"), web("pmf.tirana")
    detail = f"/identification/cases/{case.pk}/"
    assert police.get(detail).status_code == 200
    police.post(f"{detail}seat/")
    pmf.post(f"{detail}seat/")
    assert Seat.objects.filter(group__case=case, user__isnull=False).count() == 2
    response = police.post(
        f"{detail}interviews/new/",
        {"scheduled_at": clock.now().strftime("%Y-%m-%dT%H:%M"), "place": "Zyra"},
    )
    interview = FormalInterview.objects.get(case=case)
    assert response.status_code == 302
    page = f"/identification/interviews/{interview.pk}/"
    for role in mandatory_roles(case):
        police.post(
            f"{page}participants/",
            {"role": role, "name": "N", "declaration_signed_on": clock.today().isoformat()},
        )
    response = police.post(
        f"{page}start/", {"conditions": all_conditions(case), "rights": all_rights(case)[:3]}
    )
    assert response.status_code == 400  # four rights not ticked: the form again
    police.post(f"{page}start/", {"conditions": all_conditions(case), "rights": all_rights(case)})
    police.post(f"{page}end/", {"interruptions": "0"})
    pmf.post(f"{page}needs/", {"assessment": "Strehim i sigurt"})
    interview.refresh_from_db()
    assert interview.status == "ended" and interview.needs_assessment == "Strehim i sigurt"
    response = police.post(
        f"{detail}decision/",
        {"consensus": "no", "decided_on": clock.today().isoformat(), "reasoning": "Pa konsensus"},
    )
    assert response.status_code == 302
    decision = GroupDecision.objects.get(case=case)
    assert decision.consensus is False
    html = police.get(detail).content.decode()
    assert decision.reference in html
    for form, object_id in (("b1", interview.pk), ("b3", decision.pk)):
        response = police.get(f"/identification/documents/{form}/{object_id}.pdf")
        assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_outsider_gets_404(web, ready):
    case = ready()
    assert web("shelter.tirana").get(f"/identification/cases/{case.pk}/").status_code == 404
    interview = FormalInterview.objects.get(case=case)
    assert (
        web("shelter.tirana").get(f"/identification/interviews/{interview.pk}/").status_code == 404
    )


def test_case_page_links_to_formal_identification(web, formed):
    case = formed()
    assert "formal-identification-link" in case_page(web("police.tirana"), case.pk)


def test_b2_prints_participants_rights_and_no_other_case(actors, ready):
    case = ready()
    interview = FormalInterview.objects.get(case=case)
    html, name = pdf.document_html(actor=actors["police.tirana"], form="b2", object_id=interview.pk)
    assert "Formati i intervistës formale me të rritur" in html
    assert "nuk lihet të presë gjatë" in html  # the first right, in Albanian
    assert name.endswith(f"B2-{interview.pk}.pdf")
    with pytest.raises(NotFound):  # a B1 of an adult's interview
        pdf.document_html(actor=actors["police.tirana"], form="b1", object_id=interview.pk)


def test_english_beside_albanian_on_the_page(web, formed):
    case = formed()
    html = web("police.tirana", "en").get(f"/identification/cases/{case.pk}/").content.decode()
    assert "Formal interview format for adults" in html
    assert "Formati i intervistës formale me të rritur" in html


def test_ap_secretariat_convenes_the_ap_from_the_page(web, actors, ready):
    from nrm.identification import services
    from nrm.meetings.models import Meeting

    case = ready()
    services.decision_record(
        actor=actors["police.tirana"],
        case_id=case.pk,
        outcome=None,
        consensus=False,
        decided_on=clock.today(),
        reasoning="Pa konsensus",
    )
    ap = web("ap.secretariat")
    assert 'id="ap-convene"' in ap.get(f"/identification/cases/{case.pk}/").content.decode()
    assert 'id="ap-convene"' not in (
        web("police.tirana").get(f"/identification/cases/{case.pk}/").content.decode()
    )
    when = clock.now().strftime("%Y-%m-%dT%H:%M")
    ap.post(f"/identification/cases/{case.pk}/ap/", {"scheduled_for": when, "place": "MPB"})
    assert Meeting.objects.filter(case=case, purpose="ap_disagreement").count() == 1
