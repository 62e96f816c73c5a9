"""The case file's pages: the lazy panel, adding a note and uploading with htmx (the panel
comes back, with errors and nothing saved when refused), paging, withdrawal, the download."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, RequestFactory

from nrm.accounts.models import User
from nrm.casefile import services
from nrm.casefile.models import CaseDocument, CaseNote
from nrm.core import clock
from tests.casefile.conftest import PNG, Upload

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def _client(username: str) -> Client:
    client = Client()
    assert client.login(
        request=RequestFactory().post("/login/"), username=username, password="demo"
    )
    return client


def test_the_case_page_offers_the_lazy_panel(case):
    client = _client("police.tirana")
    page = client.get(f"/cases/{case.pk}/")
    assert b"panel-casefiletimeline" in page.content
    panel = client.get(f"/cases/{case.pk}/panels/casefile.timeline/")
    assert panel.status_code == 200 and b'id="casefile"' in panel.content
    assert b'accept="application/pdf' in panel.content


def test_a_note_through_htmx_and_a_future_date_refused(case):
    client = _client("police.tirana")
    url = f"/cases/{case.pk}/casefile/notes/"
    ok = client.post(
        url,
        {
            "noted_on": str(clock.today()),
            "kind": "visit",
            "sensitivity": "identity",
            "text": "Vizitë",
        },
        **HTMX,
    )
    assert ok.status_code == 200 and "Vizitë" in ok.content.decode()
    future = str(clock.today() + timedelta(days=1))
    bad = client.post(
        url,
        {"noted_on": future, "kind": "visit", "sensitivity": "identity", "text": "Nesër"},
        **HTMX,
    )
    assert bad.status_code == 200 and 'class="error"' in bad.content.decode()
    assert CaseNote.objects.count() == 1


def test_an_upload_and_a_wrong_one_through_htmx(case, pdf):
    client = _client("police.tirana")
    url = f"/cases/{case.pk}/casefile/documents/"
    ok = client.post(url, {"kind": "other", "file": SimpleUploadedFile("a.pdf", pdf)}, **HTMX)
    assert ok.status_code == 200 and "a.pdf" in ok.content.decode()
    bad = client.post(url, {"kind": "other", "file": SimpleUploadedFile("b.pdf", PNG)}, **HTMX)
    assert 'class="error"' in bad.content.decode()
    assert CaseDocument.objects.count() == 1
    # Without JavaScript: back to the case page.
    plain = client.post(url, {"kind": "other", "file": SimpleUploadedFile("c.pdf", pdf)})
    assert plain.status_code == 302 and plain["Location"].endswith("#casefile")


def test_the_upload_needs_the_csrf_token(case, pdf):
    client = Client(enforce_csrf_checks=True)
    client.force_login(User.objects.get(username="police.tirana"))
    response = client.post(
        f"/cases/{case.pk}/casefile/documents/",
        {"kind": "other", "file": SimpleUploadedFile("a.pdf", pdf)},
    )
    assert response.status_code == 403 and not CaseDocument.objects.exists()


def test_paging_and_strangers(case, actors, settings):
    police = actors["police.tirana"]
    for i in range(25):
        services.note_write(
            actor=police,
            case_id=case.pk,
            noted_on=clock.today() - timedelta(days=i),
            kind="visit",
            text=f"n{i}",
        )
    client = _client("police.tirana")
    first = client.get(f"/cases/{case.pk}/casefile/").content.decode()
    assert "n0<" in first and "n24<" not in first and 'id="notes-older"' in first
    second = client.get(f"/cases/{case.pk}/casefile/?page=2").content.decode()
    assert "n24<" in second
    assert _client("police.shkoder").get(f"/cases/{case.pk}/casefile/").status_code == 404


def test_download_and_withdraw_pages(case, actors, pdf):
    doc = services.document_upload(
        actor=actors["police.tirana"], case_id=case.pk, kind="other", file=Upload("Ç.pdf", pdf)
    )
    client = _client("police.tirana")
    got = client.get(f"/documents/{doc.pk}/download/")
    assert got.status_code == 200 and b"".join(got.streaming_content) == pdf
    assert got["Content-Disposition"].startswith('attachment; filename="C.pdf"')
    assert got["X-Content-Type-Options"] == "nosniff"
    assert _client("police.shkoder").get(f"/documents/{doc.pk}/download/").status_code == 404
    shelter = _client("shelter.tirana")
    assert shelter.post(f"/documents/{doc.pk}/withdraw/", {"reason": "x"}).status_code == 403
    done = client.post(f"/documents/{doc.pk}/withdraw/", {"reason": "Gabim"}, **HTMX)
    assert done.status_code == 200 and "Ç.pdf" not in done.content.decode()
    assert client.get(f"/documents/{doc.pk}/download/").status_code == 404


def test_a_stranger_to_the_case_gets_404_for_its_document(case, actors, pdf, api_client):
    """The matrix makes no document: whoever cannot see the case finds none of its
    documents, on the download and withdrawal pages and the API's content, and the document
    stays."""
    doc = services.document_upload(
        actor=actors["police.tirana"], case_id=case.pk, kind="other", file=Upload("a.pdf", pdf)
    )
    stranger = _client("police.shkoder")
    assert stranger.get(f"/documents/{doc.pk}/download/").status_code == 404
    withdraw = stranger.post(f"/documents/{doc.pk}/withdraw/", {"reason": "Gabim"}, **HTMX)
    assert withdraw.status_code == 404
    content = api_client("police.shkoder").get(f"/api/v1/documents/{doc.pk}/content")
    assert content.status_code == 404
    assert CaseDocument.objects.get(pk=doc.pk).withdrawn_at is None
