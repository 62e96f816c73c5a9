"""The pages: the referral inbox and its steps (htmx), the case page's Refer panel and its
directory search, the directory's search and provider pages."""

import pytest
from django.test import Client, RequestFactory

from nrm.directory.models import Organization
from nrm.referrals.models import Referral

pytestmark = pytest.mark.django_db


def _client(username):
    client = Client()
    assert client.login(
        request=RequestFactory().post("/login/"), username=username, password="demo"
    )
    return client


def test_inbox_tabs_and_accept_by_htmx(woman, refer):
    case = woman()
    referral = refer(case)
    shelter = _client("shelter.tirana")
    page = shelter.get("/referrals/").content.decode()
    assert f"referral-{referral.pk}" in page and case.reference in page
    assert "Hoxha" not in page and f"/cases/{case.pk}/" not in page
    assert f"referral-{referral.pk}" in shelter.get("/referrals/?tab=incoming").content.decode()
    assert f"referral-{referral.pk}" not in shelter.get("/referrals/?tab=outgoing").content.decode()
    r = shelter.post(f"/referrals/{referral.pk}/accepted/", {"note": ""}, HTTP_HX_REQUEST="true")
    assert r.status_code == 200 and 'data-status="accepted"' in r.content.decode()
    assert f"/cases/{case.pk}/" in r.content.decode()
    # A refused step shows its error in the row; a stranger gets 404.
    r = shelter.post(f"/referrals/{referral.pk}/declined/", {"note": "x"}, HTTP_HX_REQUEST="true")
    assert 'role="alert"' in r.content.decode()
    assert _client("police.shkoder").post(f"/referrals/{referral.pk}/accepted/").status_code == 404
    police = _client("police.tirana")
    assert f"referral-{referral.pk}" in police.get("/referrals/?tab=outgoing").content.decode()


def test_case_panel_refer_form_and_search(woman, shelter):
    case = woman()
    police = _client("police.tirana")
    panel = police.get(f"/cases/{case.pk}/panels/referrals.section/").content.decode()
    assert 'id="refer-form"' in panel
    found = police.get(f"/cases/{case.pk}/referrals/services/?need=shelter").content.decode()
    assert f'value="{shelter.pk}"' in found and "Vlorë" not in found
    r = police.post(
        f"/cases/{case.pk}/referrals/new/",
        {"need": "shelter", "service": shelter.pk, "consent_given_by": "person"},
    )
    assert r.status_code == 302 and not Referral.objects.exists()  # consent not ticked
    police.post(
        f"/cases/{case.pk}/referrals/new/",
        {"need": "shelter", "service": shelter.pk, "consent": "on", "consent_given_by": "person"},
    )
    assert Referral.objects.get().status == "pending"
    assert (
        _client("police.shkoder")
        .get(f"/cases/{case.pk}/referrals/services/?need=shelter")
        .status_code
        == 404
    )


def test_directory_pages(reference):
    client = _client("social.tirana")
    page = client.get("/directory/?need=shelter&target_group=child&age=12").content.decode()
    assert "Elbasan" in page and "Strehim dhe mbrojtje" not in page
    org = Organization.objects.get(institution__code="shelter-tirana")
    page = client.get(f"/directory/providers/{org.pk}/").content.decode()
    assert "Strehim dhe mbrojtje" in page
    assert Client().get("/directory/").status_code == 302
