"""The emergency API: the measure and its steps, non-responses, the residence permit and the
reflection period; 400 with field errors, 404 for a stranger, 403 where the profile says."""

import pytest

from nrm.core import clock
from nrm.emergency.models import EmergencyMeasure, ReflectionPeriod

pytestmark = pytest.mark.django_db


def _post(client, url, body=None):
    return client.post(url, body or {}, content_type="application/json")


def test_the_measure_through_the_api(api_client, child):
    pmf = api_client("pmf.tirana")
    base = f"/api/v1/cases/{child.pk}/emergency-measure"
    today = clock.today().isoformat()
    response = _post(pmf, base, {"grounds": "Rrezik"})
    assert response.status_code == 201, response.content
    assert response.json()["measure"]["grounds"] == "Rrezik"
    assert _post(pmf, f"{base}/director-informed").status_code == 200
    again = _post(pmf, f"{base}/director-informed")
    assert again.status_code == 409
    assert again.json()["code"] == "emergency_step_done"
    body = {
        "decision": "approved",
        "decided_on": today,
        "director_role": "social_services_director",
        "reasoning": "Arsyetimi",
    }
    assert _post(pmf, f"{base}/decision", body).status_code == 200
    placed = _post(
        pmf, f"{base}/placement", {"kind": "emergency_centre", "placed_on": today,
                                   "municipality": "Tiranë"}
    )  # fmt: skip
    assert placed.status_code == 200
    measure = placed.json()["measure"]
    assert measure["placement_kind"] == "emergency_centre"
    assert measure["placement_municipality"] == "Tiranë"
    assert _post(pmf, f"{base}/gtn-request").status_code == 200
    assert _post(pmf, f"{base}/police-contact", {"contacted_on": today}).status_code == 200
    change = _post(pmf, f"{base}/change", {"step": "draft", "kind": "foster_family", "on": today})
    assert change.status_code == 200
    assert change.json()["measure"]["changes"][0]["status"] == "drafted"
    read = pmf.get(f"/api/v1/cases/{child.pk}/emergency")
    assert read.status_code == 200
    assert read.json()["measure"]["gtn_requested_at"] is not None


def test_bad_input_is_400_with_field_errors(api_client, child, adult):
    pmf = api_client("pmf.tirana")
    response = _post(pmf, f"/api/v1/cases/{adult.pk}/emergency-measure")
    assert response.status_code == 400
    assert "__all__" in response.json()["errors"]
    response = _post(
        pmf,
        f"/api/v1/cases/{child.pk}/emergency-measure/decision",
        {"decision": "approved", "decided_on": "2026-01-01", "director_role": "x",
         "reasoning": "r"},
    )  # fmt: skip
    assert response.status_code == 400  # no measure initiated
    assert not EmergencyMeasure.objects.exists()
    response = _post(pmf, f"/api/v1/cases/{child.pk}/reflection-period", {"starts_on": "x"})
    assert response.status_code == 400
    assert not ReflectionPeriod.objects.exists()


def test_a_stranger_gets_404_and_the_wrong_role_403(api_client, child):
    shkoder = api_client("police.shkoder")
    assert _post(shkoder, f"/api/v1/cases/{child.pk}/emergency-measure").status_code == 404
    assert shkoder.get(f"/api/v1/cases/{child.pk}/emergency").status_code == 404
    # The AP secretariat sees every case but does not initiate the measure.
    ap = api_client("ap.secretariat")
    assert _post(ap, f"/api/v1/cases/{child.pk}/emergency-measure").status_code == 403
    assert not EmergencyMeasure.objects.exists()


def test_non_responses_permits_and_reflection(api_client, child, foreign_adult, agency, actors):
    pmf = api_client("pmf.tirana")
    response = _post(
        pmf,
        f"/api/v1/cases/{child.pk}/non-responses",
        {"institution_id": actors["police.tirana"].institution_id, "asked": "Informacion",
         "since": clock.today().isoformat()},
    )  # fmt: skip
    assert response.status_code == 201, response.content
    nr = response.json()["non_responses"][0]
    assert nr["step"] == "njmf_report"
    assert _post(pmf, f"/api/v1/non-responses/{nr['id']}/escalate").status_code == 403
    forwarded = _post(api_client("apap.ashdmf"), f"/api/v1/non-responses/{nr['id']}/escalate")
    assert forwarded.status_code == 200
    assert forwarded.json()["non_responses"][0]["steps"] == ["njmf_report", "forwarded_to_ap"]

    shelter = api_client("shelter.tirana")
    today = clock.today().isoformat()
    started = _post(
        shelter, f"/api/v1/cases/{foreign_adult.pk}/residence-permit", {"requested_on": today}
    )
    assert started.status_code == 201
    permit = started.json()["permits"][0]
    decided = _post(
        shelter,
        f"/api/v1/residence-permits/{permit['id']}/outcome",
        {"outcome": "granted", "decided_on": today},
    )
    assert decided.json()["permits"][0]["outcome"] == "granted"
    period = _post(
        shelter, f"/api/v1/cases/{foreign_adult.pk}/reflection-period", {"starts_on": today}
    )
    assert period.status_code == 201
    assert period.json()["reflection_period"]["days"] == 30
    extended = _post(
        shelter,
        f"/api/v1/cases/{foreign_adult.pk}/reflection-period/extension",
        {"days": 5, "reason": "Trajtim"},
    )
    assert extended.json()["reflection_period"]["extensions"] == [5]
