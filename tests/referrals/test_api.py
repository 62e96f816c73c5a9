"""The referral API as the contract says (shared/api-contract.md v1.1)."""

from datetime import date

import pytest

from nrm.consent.services import consent_record
from nrm.core import clock
from nrm.referrals.models import Referral

pytestmark = pytest.mark.django_db


def _consent(actors, case, institution="shelter-tirana"):
    consent_record(
        actor=actors["police.tirana"],
        case_id=case.pk,
        purpose="sharing",
        given=True,
        given_by="person",
        signed_on=clock.today(),
        form="general",
        institution=institution,
    )


def _post(client, url, body):
    return client.post(url, body, content_type="application/json")


def test_create_accept_and_access(api_client, actors, woman):
    case = woman()
    police, shelter = api_client("police.tirana"), api_client("shelter.tirana")
    url = f"/api/v1/cases/{case.pk}/referrals"
    body = {"to_institution": "shelter-tirana", "service": "shelter", "consent": True}
    r = _post(police, url, body)
    assert r.status_code == 400 and "consent" in r.json()["errors"]  # none in force
    _consent(actors, case)
    r = _post(police, url, body)
    assert r.status_code == 201, r.content
    assert r.json()["status"] == "pending"
    rid = r.json()["id"]
    assert shelter.get(f"/api/v1/cases/{case.pk}").status_code == 404
    rows = shelter.get("/api/v1/referrals?direction=incoming&status=pending").json()
    assert [x["id"] for x in rows] == [rid]
    assert rows[0]["case_id"] is None and rows[0]["case_reference"] == case.reference
    r = _post(shelter, f"/api/v1/referrals/{rid}/accept", {"note": "Ka vend."})
    assert r.status_code == 200 and r.json()["status"] == "accepted"
    assert r.json()["case_id"] == case.pk
    assert shelter.get(f"/api/v1/cases/{case.pk}").status_code == 200
    assert _post(shelter, f"/api/v1/referrals/{rid}/start", {}).json()["status"] == "in_progress"
    assert _post(shelter, f"/api/v1/referrals/{rid}/complete", {}).status_code == 200
    assert shelter.get(f"/api/v1/cases/{case.pk}").status_code == 404
    outgoing = police.get("/api/v1/referrals?direction=outgoing").json()
    assert outgoing[0]["status"] == "completed"


def test_consent_false_is_a_field_error_and_nothing_is_saved(api_client, actors, woman):
    case = woman()
    _consent(actors, case)
    r = _post(
        api_client("police.tirana"),
        f"/api/v1/cases/{case.pk}/referrals",
        {"to_institution": "shelter-tirana", "service": "shelter", "consent": False},
    )
    assert r.status_code == 400 and "consent" in r.json()["errors"]
    assert not Referral.objects.exists()


def test_recording_consent_with_the_referral(api_client, woman):
    case = woman()
    r = _post(
        api_client("police.tirana"),
        f"/api/v1/cases/{case.pk}/referrals",
        {
            "to_institution": "shelter-tirana",
            "service": "shelter",
            "consent": True,
            "consent_given_by": "person",
        },
    )
    assert r.status_code == 201, r.content


def test_strangers_get_404(api_client, actors, woman, make_case):
    case = woman()
    _consent(actors, case)
    police = api_client("police.tirana")
    rid = _post(
        police,
        f"/api/v1/cases/{case.pk}/referrals",
        {"to_institution": "shelter-tirana", "service": "shelter", "consent": True},
    ).json()["id"]
    stranger = api_client("police.shkoder")
    assert _post(stranger, f"/api/v1/referrals/{rid}/accept", {"note": ""}).status_code == 404
    assert stranger.get(f"/api/v1/referrals/{rid}").status_code == 404
    r = _post(
        stranger,
        f"/api/v1/cases/{case.pk}/referrals",
        {"to_institution": "shelter-tirana", "service": "shelter", "consent": True},
    )
    assert r.status_code == 404
    # The sender may not accept its own referral: 403 (it is a party).
    assert _post(police, f"/api/v1/referrals/{rid}/accept", {}).status_code == 403
    # Decline without a reason: 400.
    shelter = api_client("shelter.tirana")
    r = _post(shelter, f"/api/v1/referrals/{rid}/decline", {"note": ""})
    assert r.status_code == 400 and "note" in r.json()["errors"]
    assert (
        _post(shelter, f"/api/v1/referrals/{rid}/decline", {"note": "Pa vend"}).status_code == 200
    )
    assert police.get("/api/v1/referrals?direction=action").json()[0]["status"] == "declined"
    # An illegal move: 409.
    assert _post(shelter, f"/api/v1/referrals/{rid}/accept", {}).status_code == 409


def test_bad_filters_and_unoffered_service(api_client, actors, woman):
    police = api_client("police.tirana")
    assert police.get("/api/v1/referrals?direction=sideways").status_code == 400
    case = woman()
    _consent(actors, case, "legal-aid-tirana")
    r = _post(
        police,
        f"/api/v1/cases/{case.pk}/referrals",
        {"to_institution": "legal-aid-tirana", "service": "shelter", "consent": True},
    )
    assert r.status_code == 400 and "service" in r.json()["errors"]


def test_services_search_and_hsds_export(api_client):
    client = api_client("police.tirana")
    found = client.get("/api/v1/services?need=shelter&county=tirana&target_group=adult").json()
    names = {s["organization"]["name"] for s in found}
    assert any("Tiranë" in n for n in names) and all(s["status"] == "active" for s in found)
    assert all("capacities" in s and "service_at_locations" in s for s in found)
    assert client.get("/api/v1/services?target_group=aliens").status_code == 400
    export = client.get("/api/v1/directory/hsds").json()
    assert len(export) >= len(found)
    from django.test import Client

    assert Client().get("/api/v1/directory/hsds").status_code == 401


def test_child_case_is_not_sent_to_an_adults_shelter(api_client, actors, make_case):
    case = make_case("police.tirana", sex="female", date_of_birth=date(2014, 1, 1))
    r = _post(
        api_client("police.tirana"),
        f"/api/v1/cases/{case.pk}/referrals",
        {
            "to_institution": "shelter-tirana",
            "service": "shelter",
            "consent": True,
            "consent_given_by": "parent",
        },
    )
    assert r.status_code == 400 and "service" in r.json()["errors"]
