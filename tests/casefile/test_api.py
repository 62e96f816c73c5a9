"""The case file's API: notes and documents (multipart), field errors (400), strangers (404),
a reader of the case who may not see a class (403 on the content), 413 for a body far over
the limit, and the download's headers."""

from datetime import timedelta

import pytest

from nrm.audit.models import AccessLog
from nrm.casefile.models import CaseDocument, CaseNote
from nrm.core import clock
from tests.casefile.conftest import EXE, sealed_files

pytestmark = pytest.mark.django_db


def _json(client, url, body):
    return client.post(url, body, content_type="application/json")


def _file(name: str, data: bytes, content_type="application/pdf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type=content_type)


def test_notes_written_and_listed(api_client, case):
    client = api_client("police.tirana")
    url = f"/api/v1/cases/{case.pk}/notes"
    made = _json(
        client, url, {"noted_on": str(clock.today()), "kind": "phone_call", "text": "Thirrje"}
    )
    assert made.status_code == 201, made.content
    body = made.json()
    assert (
        body["text"] == "Thirrje" and body["sensitivity"] == "identity" and not body["restricted"]
    )

    fixed = _json(
        client,
        url,
        {
            "noted_on": str(clock.today()),
            "kind": "phone_call",
            "text": "Thirrje e saktë",
            "supersedes": body["id"],
        },
    )
    assert fixed.status_code == 201 and fixed.json()["supersedes"] == body["id"]
    rows = client.get(url).json()
    assert [r["id"] for r in rows] == [fixed.json()["id"], body["id"]]
    assert rows[1]["corrected_by"] == fixed.json()["id"]


def test_note_field_errors_and_strangers(api_client, case):
    client = api_client("police.tirana")
    url = f"/api/v1/cases/{case.pk}/notes"
    future = str(clock.today() + timedelta(days=1))
    bad = _json(client, url, {"noted_on": future, "kind": "visit", "text": ""})
    assert bad.status_code == 400
    assert set(bad.json()["errors"]) == {"noted_on", "text"}
    missing = _json(client, url, {"kind": "visit"})
    assert missing.status_code == 400 and "noted_on" in missing.json()["errors"]
    stranger = api_client("police.shkoder")
    assert stranger.get(url).status_code == 404
    ok = {"noted_on": str(clock.today()), "kind": "visit", "text": "x"}
    assert _json(stranger, url, ok).status_code == 404
    assert not CaseNote.objects.exists()


def test_a_document_uploaded_listed_and_downloaded(api_client, case, pdf, media):
    client = api_client("police.tirana")
    url = f"/api/v1/cases/{case.pk}/documents"
    made = client.post(url, {"kind": "consent_form", "file": _file("Pëlqimi.pdf", pdf)})
    assert made.status_code == 201, made.content
    doc = made.json()
    assert doc["name"] == "Pëlqimi.pdf" and doc["content_type"] == "application/pdf"
    assert client.get(url).json()[0]["id"] == doc["id"]

    reads = AccessLog.objects.filter(action="casefile.document_download").count()
    got = client.get(doc["content_url"])
    assert got.status_code == 200
    assert b"".join(got.streaming_content) == pdf
    assert got["Content-Type"] == "application/pdf"
    assert got["X-Content-Type-Options"] == "nosniff"
    assert got["Content-Disposition"] == (
        "attachment; filename=\"Pelqimi.pdf\"; filename*=UTF-8''P%C3%ABlqimi.pdf"
    )
    assert AccessLog.objects.filter(action="casefile.document_download").count() == reads + 1
    assert api_client("police.shkoder").get(doc["content_url"]).status_code == 404


@pytest.mark.parametrize(
    "fields, field, code",
    [
        ({"kind": "consent_form", "file": ("x.pdf", EXE)}, "file", "casefile_file_type"),
        ({"kind": "consent_form", "file": ("x.pdf", b"")}, "file", "casefile_file_empty"),
        ({"kind": "consent_form"}, "file", "casefile_file_missing"),
        ({"kind": "nope", "file": ("x.pdf", b"%PDF-1.4")}, "kind", "invalid"),
    ],
)
def test_bad_uploads_are_400_with_the_field(api_client, case, media, fields, field, code):
    body = dict(fields)
    if "file" in body:
        body["file"] = _file(*body["file"])
    response = api_client("police.tirana").post(f"/api/v1/cases/{case.pk}/documents", body)
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"]
    assert response.json()["code"] == code
    assert not CaseDocument.objects.exists() and sealed_files(media) == []


def test_over_the_limit_is_400_and_far_over_is_413(api_client, case, media, settings):
    client = api_client("police.tirana")
    url = f"/api/v1/cases/{case.pk}/documents"
    limit = 10 * 1024 * 1024
    over = client.post(url, {"kind": "other", "file": _file("x.pdf", b"%PDF-" + b"0" * limit)})
    assert over.status_code == 400
    assert over.json()["code"] == "casefile_file_too_large" and "file" in over.json()["errors"]
    far = client.post(
        url, {"kind": "other", "file": _file("x.pdf", b"%PDF-" + b"0" * (limit + 512 * 1024))}
    )
    assert far.status_code == 413
    assert not CaseDocument.objects.exists() and sealed_files(media) == []


def test_a_class_the_reader_may_not_see(api_client, case, pdf):
    shelter = api_client("shelter.tirana")
    made = shelter.post(
        f"/api/v1/cases/{case.pk}/documents",
        {"kind": "medical_report", "file": _file("m.pdf", pdf)},
    )
    assert made.status_code == 201
    doc_id = made.json()["id"]
    police = api_client("police.tirana")
    row = police.get(f"/api/v1/cases/{case.pk}/documents").json()[0]
    assert row["restricted"] and row["name"] is None and row["content_url"] is None
    assert police.get(f"/api/v1/documents/{doc_id}/content").status_code == 403
    assert shelter.get(f"/api/v1/documents/{doc_id}/content").status_code == 200
