"""The consent section and the withdrawal banner of the case page."""

import pytest
from django.test import Client, RequestFactory

from nrm.consent.models import ConsentRecord
from nrm.core import clock
from tests.pages import case_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def web(reference):
    def login(username: str) -> Client:
        client = Client()
        client.cookies["django_language"] = "en"
        assert client.login(
            request=RequestFactory().post("/login/"), username=username, password="demo"
        )
        return client

    return login


def _form(**more):
    return {
        "purpose": "services",
        "given": "yes",
        "given_by": "person",
        "signed_on": clock.today().isoformat(),
        "institution": "",
        "country": "",
        "form": "c2",
        **more,
    }


def test_the_case_page_records_and_withdraws_consent(web, make_case, actors):
    case = make_case()
    client = web("police.tirana")
    page = case_page(client, case.pk)
    assert 'id="consent"' in page and "No consent recorded." in page
    assert 'id="consent-banner"' not in page
    done = client.post(f"/cases/{case.pk}/consent-records/", _form())
    assert done.status_code == 302 and done["Location"].endswith(f"/cases/{case.pk}/#consent")
    record = ConsentRecord.objects.get()
    page = case_page(client, case.pk)
    assert f'action="/consent-records/{record.pk}/withdraw/"' in page
    assert " style=" not in page.split('id="consent"')[1].split("</section>")[0]
    client.post(f"/consent-records/{record.pk}/withdraw/", {"reason": "Changed her mind"})
    assert ConsentRecord.objects.filter(given=False, withdraws=record).exists()
    page = case_page(client, case.pk)
    assert 'id="consent-banner"' in page and "Consent withdrawn or refused." in page


def test_every_holder_sees_the_banner_but_a_reader_elsewhere_nothing(web, make_case, actors):
    from nrm.accounts.models import Institution
    from nrm.consent.services import consent_record
    from nrm.registry.services import case_assign

    case = make_case()
    case_assign(
        actor=actors["police.tirana"],
        case_id=case.pk,
        institution=Institution.objects.get(code="shssh-tirana"),
        reason="r",
    )
    consent_record(
        actor=actors["police.tirana"],
        case_id=case.pk,
        purpose="statistics",
        given=False,
        given_by="person",
        signed_on=clock.today(),
    )
    for username in ("apap.police.tirana", "social.tirana", "ap.secretariat"):
        page = web(username).get(f"/cases/{case.pk}/")
        assert 'id="consent-banner"' in page.content.decode(), username
    assert web("police.shkoder").get(f"/cases/{case.pk}/").status_code == 404
    # The granted institution's caseworker finds the notice in the inbox.
    inbox = web("social.tirana").get("/inbox/")
    assert case.reference in inbox.content.decode()


def test_a_refused_a2_shows_on_the_identification_page_not_in_the_banner(web, make_case, consented):
    case = make_case()
    consented(case)
    consented(case, given=False)
    client = web("police.tirana")
    page = case_page(client, case.pk)
    assert 'id="consent-banner"' not in page
    assert 'data-purpose="formal_identification_interview" data-given="no"' in page
    detail = client.get(f"/cases/{case.pk}/identification/").content.decode()
    assert "Refused" in detail.split('id="consent-current"')[1].split("</p>")[0]


def test_a_refused_form_says_why_and_saves_nothing(web, make_case):
    child = make_case(estimated_age=9)
    client = web("police.tirana")
    response = client.post(f"/cases/{child.pk}/consent-records/", _form(), follow=True)
    assert "For a child, consent is given by" in response.content.decode()
    assert not ConsentRecord.objects.exists()


def test_a_suspicion_is_stated_on_the_page_and_shown_to_all(web, make_case):
    child = make_case(estimated_age=9)
    client = web("police.tirana")
    client.post(
        f"/cases/{child.pk}/consent-records/suspicion/", {"giver": "parent", "suspected": "yes"}
    )
    page = client.get(f"/cases/{child.pk}/").content.decode()
    assert 'id="consent-suspected"' in page
    client.post(f"/cases/{child.pk}/consent-records/", _form(given_by="parent", form=""))
    assert not ConsentRecord.objects.exists()


def test_posting_to_a_case_one_does_not_see_is_404(web, make_case):
    case = make_case()
    client = web("police.shkoder")
    assert client.post(f"/cases/{case.pk}/consent-records/", _form()).status_code == 404
    assert (
        client.post(f"/cases/{case.pk}/consent-records/suspicion/", {"giver": "parent"}).status_code
        == 404
    )
    assert not ConsentRecord.objects.exists()


def test_the_csv_export_says_how_many_cases_it_left_out(web, make_case, actors):
    from nrm.consent.services import consent_record

    kept, left = make_case(), make_case()
    consent_record(
        actor=actors["police.tirana"],
        case_id=left.pk,
        purpose="statistics",
        given=False,
        given_by="person",
        signed_on=clock.today(),
    )
    client = web("police.tirana")
    response = client.get("/cases/export.csv")
    assert response.status_code == 200, response
    body = response.content.decode()
    assert kept.reference in body and left.reference not in body
    assert response["X-NRM-Left-Out"] == "1"
    page = client.get("/cases/").content.decode()
    assert "The export left out 1 case whose consent to statistics was withdrawn." in page
