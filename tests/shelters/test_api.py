"""API of the shelters: 201 on admission, 400 with field errors, 404 for a stranger, the
centre's residents."""

import pytest

pytestmark = pytest.mark.django_db


def test_admission_exit_incident_and_residents(api_client, sheltered_case, shelter_service):
    service = shelter_service(beds=2)
    case = sheltered_case()
    client = api_client("shelter.tirana")
    r = client.post(
        f"/api/v1/cases/{case.pk}/admissions",
        {"service_id": service.pk, "information_given": ["premises"], "agreement_signed": True},
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    admission = r.json()
    assert admission["form"] == "c1" and admission["agreement_signed"] is True
    residents = client.get("/api/v1/shelters/residents").json()
    assert [x["case_reference"] for x in residents] == [case.reference]
    r = client.post(
        f"/api/v1/admissions/{admission['id']}/exit",
        {"reason": "nonsense"},
        content_type="application/json",
    )
    assert r.status_code == 400 and "reason" in r.json()["errors"]
    r = client.post(
        f"/api/v1/cases/{case.pk}/incidents", {"kind": "absconded"}, content_type="application/json"
    )
    assert r.status_code == 201 and r.json()["kind"] == "absconded"
    assert client.get("/api/v1/shelters/residents").json() == []
    r = client.post(
        f"/api/v1/admissions/{admission['id']}/exit",
        {"reason": "transfer"},
        content_type="application/json",
    )
    assert r.status_code == 409


def test_field_errors_and_strangers(api_client, make_case, sheltered_case, shelter_service):
    service = shelter_service()
    client = api_client("shelter.tirana")
    case = sheltered_case()
    r = client.post(
        f"/api/v1/cases/{case.pk}/admissions",
        {"service_id": None, "basic_needs": ["x"]},
        content_type="application/json",
    )
    assert r.status_code == 400
    assert {"service", "basic_needs"} <= set(r.json()["errors"])
    stranger = make_case("police.shkoder")
    r = client.post(
        f"/api/v1/cases/{stranger.pk}/admissions",
        {"service_id": service.pk},
        content_type="application/json",
    )
    assert r.status_code == 404
    r = client.post(
        f"/api/v1/cases/{stranger.pk}/incidents",
        {"kind": "absconded"},
        content_type="application/json",
    )
    assert r.status_code == 404
    admitted = client.post(
        f"/api/v1/cases/{case.pk}/admissions",
        {"service_id": service.pk},
        content_type="application/json",
    ).json()
    other = api_client("police.shkoder")
    r = other.post(
        f"/api/v1/admissions/{admitted['id']}/exit",
        {"reason": "transfer"},
        content_type="application/json",
    )
    assert r.status_code == 404
    # The police see the case (they own it) but are not the centre: 403.
    police = api_client("police.tirana")
    r = police.post(
        f"/api/v1/admissions/{admitted['id']}/exit",
        {"reason": "transfer"},
        content_type="application/json",
    )
    assert r.status_code == 403
