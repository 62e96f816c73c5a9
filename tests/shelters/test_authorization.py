"""Who may reach the shelters' routes (the authorization matrix cannot tell a centre from
another institution: tests/security/authz_shelters.py). A stay or an incident of a case the
caller cannot see is 404, as a missing one; recording needs a receiving centre's member with
case.update (403 otherwise), on the pages before the form is read, as in the API."""

import pytest
from django.test import Client, RequestFactory

from nrm.core import clock
from nrm.shelters import services
from nrm.shelters.models import Incident, Residence

pytestmark = pytest.mark.django_db


DEMO = "demo"
PASSPHRASE = "a long passphrase"


def _client(username, password=DEMO):
    client = Client()
    assert client.login(
        request=RequestFactory().post("/login/"), username=username, password=password
    )
    return client


@pytest.fixture
def stay(actors, sheltered_case, shelter_service):
    """A stay at the Tirana shelter of a Tirana police case, ended by a return to the family
    (which records an incident)."""
    case = sheltered_case()
    residence = services.admission_record(
        actor=actors["shelter.tirana"], case_id=case.pk, service_id=shelter_service().pk
    )
    services.admission_exit(
        actor=actors["shelter.tirana"], residence_id=residence.pk, reason="family_community"
    )
    return residence, Incident.objects.get(case=case)


@pytest.fixture
def shelter_viewer(reference):
    """A read-only member of the Tirana shelter: a centre, but no case.update."""
    from nrm.accounts.policy import system_actor
    from nrm.accounts.services import membership_create, user_create

    system = system_actor()
    user = user_create(actor=system, username="viewer.shelter", password=PASSPHRASE)
    membership_create(
        actor=system, user=user, institution=reference["shelter-tirana"], role="viewer"
    )
    return _client("viewer.shelter", PASSPHRASE)


def test_a_stay_or_incident_of_a_case_out_of_sight_is_404(stay, api_client):
    residence, incident = stay
    stranger = _client("police.shkoder")  # neither owner nor granted
    stay_url = f"/shelters/stays/{residence.pk}"
    for url, body in (
        (f"{stay_url}/medical/", {"examined_on": clock.today().isoformat(), "examined_by": "M"}),
        (f"{stay_url}/caseworker/", {"user_id": "1"}),
        (f"{stay_url}/interview-information/", {}),
        (f"{stay_url}/exit/", {"reason": "transfer"}),
        (f"/shelters/incidents/{incident.pk}/notify/", {}),
    ):
        assert stranger.post(url, body).status_code == 404, url
    for form in ("c1", "c2"):
        assert stranger.get(f"{stay_url}/{form}.pdf").status_code == 404
    api = api_client("police.shkoder")
    assert api.get(f"/api/v1/admissions/{residence.pk}").status_code == 404
    r = api.post(
        f"/api/v1/admissions/{residence.pk}/exit",
        {"reason": "transfer"},
        content_type="application/json",
    )
    assert r.status_code == 404
    assert api.get("/api/v1/shelters/residents").json() == []
    # Whoever sees the case reads the stay: its owner, the shelter.
    for username in ("police.tirana", "shelter.tirana"):
        r = api_client(username).get(f"/api/v1/admissions/{residence.pk}")
        assert r.status_code == 200 and r.json()["id"] == residence.pk


def test_only_a_centre_member_with_case_update_reaches_the_forms(
    sheltered_case, shelter_viewer, api_client
):
    """The police own the case but are not a centre; the shelter's read-only member is a
    centre but may not change cases: both refused (403) before the form is read, as in the
    API; the shelter's caseworker gets past it to the form's message (302)."""
    case = sheltered_case()
    admit, incident = (
        f"/cases/{case.pk}/shelters/admit/",
        f"/cases/{case.pk}/shelters/incident/",
    )
    for client in (_client("police.tirana"), shelter_viewer):
        assert client.post(admit, {}).status_code == 403
        assert client.post(incident, {"kind": "absconded"}).status_code == 403
    shelter = _client("shelter.tirana")
    assert shelter.post(admit, {}).status_code == 302
    assert shelter.post(incident, {"kind": "absconded"}).status_code == 302
    assert not Residence.objects.exists() and not Incident.objects.exists()
    police = api_client("police.tirana")
    r = police.post(f"/api/v1/cases/{case.pk}/admissions", {}, content_type="application/json")
    assert r.status_code == 403
    r = api_client("shelter.tirana").post(
        f"/api/v1/cases/{case.pk}/admissions", {}, content_type="application/json"
    )
    assert r.status_code == 400


def test_a_stay_is_recorded_only_by_a_centre_member_with_case_update(stay, shelter_viewer):
    residence, incident = stay
    stay_url = f"/shelters/stays/{residence.pk}"
    for client in (_client("police.tirana"), shelter_viewer):
        for url in (
            f"{stay_url}/medical/",
            f"{stay_url}/caseworker/",
            f"{stay_url}/interview-information/",
            f"{stay_url}/exit/",
            f"/shelters/incidents/{incident.pk}/notify/",
        ):
            assert client.post(url, {}).status_code == 403, url
    # Reading the printed form is not a write: the read-only member gets it.
    assert shelter_viewer.get(f"{stay_url}/c1.pdf").status_code == 200


def test_the_centre_view_is_the_centres_only(reference):
    assert _client("police.tirana").get("/shelters/").status_code == 404
    assert _client("shelter.tirana").get("/shelters/").status_code == 200


def test_a_read_only_member_of_the_centre_sees_the_stays_but_no_form(stay, shelter_viewer):
    residence, _incident = stay
    case_page = f"/cases/{residence.case_id}/panels/shelters.section/"

    seen = shelter_viewer.get(case_page)
    recorder = _client("shelter.tirana").get(case_page)

    assert seen.status_code == 200
    assert f"/cases/{residence.case_id}/shelters/admit/".encode() in recorder.content
    assert b"/shelters/admit/" not in seen.content
    assert f"{residence.form.upper()} (PDF)".encode() in seen.content
