"""The appeals' API: 201 with the appeal, 400 field errors with nothing saved, 404 when the
case is not visible, the list by status."""

from datetime import date

import pytest

from nrm.appeals.models import Appeal
from nrm.core import clock
from tests.appeals.conftest import at

pytestmark = pytest.mark.django_db


def test_file_list_and_read(api_client, decided):
    case = decided()
    ap = api_client("ap.secretariat")
    with clock.override(at(date(2026, 10, 26))):
        response = ap.post(
            f"/api/v1/cases/{case.pk}/appeals",
            {"appellant": "person", "filed_on": "2026-10-26", "arguments": "Kundërshtoj."},
            content_type="application/json",
        )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "filed"
    assert body["appealed_status"] == "not_recognised"
    assert body["window_closes_on"] == "2026-12-07"
    assert body["arguments"] == "Kundërshtoj."
    listed = ap.get("/api/v1/appeals?status=filed").json()
    assert [a["id"] for a in listed] == [body["id"]]
    assert ap.get("/api/v1/appeals?status=decided").json() == []
    detail = ap.get(f"/api/v1/appeals/{body['id']}")
    assert detail.status_code == 200
    assert detail.json()["case_reference"] == case.reference


def test_outside_the_window_400_nothing_saved(api_client, decided):
    case = decided()
    with clock.override(at(date(2026, 12, 10))):
        ap = api_client("ap.secretariat")  # a token made "now"
        response = ap.post(
            f"/api/v1/cases/{case.pk}/appeals",
            {"appellant": "person", "filed_on": "2026-12-08", "arguments": "x"},
            content_type="application/json",
        )
    assert response.status_code == 400
    (message,) = response.json()["errors"]["filed_on"]
    assert "07.12.2026" in message  # "Outside the window: it closed on 07.12.2026."
    assert not Appeal.objects.exists()


def test_missing_fields_400(api_client, decided):
    case = decided()
    response = api_client("ap.secretariat").post(
        f"/api/v1/cases/{case.pk}/appeals",
        {"appellant": "nobody", "filed_on": "2026-10-26", "arguments": ""},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert {"appellant", "arguments"} <= set(response.json()["errors"])


def test_not_visible_404(api_client, decided):
    case = decided()
    with clock.override(at(date(2026, 10, 26))):
        ap = api_client("ap.secretariat")
        appeal_id = ap.post(
            f"/api/v1/cases/{case.pk}/appeals",
            {"appellant": "person", "filed_on": "2026-10-26", "arguments": "x"},
            content_type="application/json",
        ).json()["id"]
    other = api_client("police.shkoder")
    assert other.get(f"/api/v1/appeals/{appeal_id}").status_code == 404
    assert other.get("/api/v1/appeals").json() == []
    response = other.post(
        f"/api/v1/cases/{case.pk}/appeals",
        {"appellant": "person", "filed_on": "2026-10-26", "arguments": "x"},
        content_type="application/json",
    )
    assert response.status_code == 404
    # The owner sees the appeal but may not record one.
    owner = api_client("police.tirana")
    assert owner.get(f"/api/v1/appeals/{appeal_id}").status_code == 200
    assert (
        owner.post(
            f"/api/v1/cases/{case.pk}/appeals",
            {"appellant": "person", "filed_on": "2026-10-26", "arguments": "x"},
            content_type="application/json",
        ).status_code
        == 403
    )
