"""The HTTP API of initial identification, against shared/api-contract.md."""

import re

import pytest

from nrm.core import clock
from nrm.registry.models import Case, Person
from nrm.screening.models import Screening

pytestmark = pytest.mark.django_db

CONTRACT_GROUPS = {
    "GEN": 40,
    "CHILD": 17,
    "CHILD-ENV": 5,
    "SEX": 12,
    "CHILD-SEX": 4,
    "LAB": 14,
    "BEG": 6,
}


def _post(client, url, body):
    return client.post(url, body, content_type="application/json")


def test_indicators_of_the_albanian_catalogue(api_client):
    response = api_client("police.tirana").get("/api/v1/indicators?catalogue=AL-2025")
    assert response.status_code == 200
    rows = response.json()
    assert len(rows) == 98
    for group, n in CONTRACT_GROUPS.items():
        codes = [r["code"] for r in rows if r["group"] == group]
        assert codes == [f"{group}-{i:02d}" for i in range(1, n + 1)]
    first = rows[0]
    assert set(first) >= {"code", "group", "text"}
    assert first["text"] == {
        "sq": "të besojnë se duhet të punojnë kundër vullnetit të tyre",
        "en": "believe that they must work against their will",
    }
    assert all(re.fullmatch(r"[A-Z-]+-\d\d", r["code"]) for r in rows)


def test_an_unknown_catalogue_is_404_and_a_missing_one_400(api_client):
    client = api_client("police.tirana")
    assert client.get("/api/v1/indicators?catalogue=XX-1").status_code == 404
    assert client.get("/api/v1/indicators?catalogue=AL-2025&version=9").status_code == 404
    missing = client.get("/api/v1/indicators")
    assert missing.status_code == 400
    assert "catalogue" in missing.json()["errors"]


def test_indicators_need_credentials(client, reference):
    assert client.get("/api/v1/indicators?catalogue=AL-2025").status_code == 401


def test_catalogues_are_listed(api_client):
    rows = api_client("police.tirana").get("/api/v1/indicator-catalogues").json()
    assert {"code": "AL-2025", "version": 1, "indicators": 98}.items() <= rows[0].items()


def _case_body(indicators, **person):
    person.setdefault("given_name", "Ana")
    person.setdefault("family_name", "")
    person.setdefault("sex", "female")
    person.setdefault("date_of_birth", None)
    person.setdefault("estimated_age", None)
    person.setdefault("appears_to_be_child", False)
    person.setdefault("citizenship", "AL")
    person.setdefault("languages", ["sq"])
    return {
        "person": person,
        "screening": {"catalogue": "AL-2025", "indicators": indicators, "notes": "street"},
    }


@pytest.mark.parametrize(
    ("indicators", "status"),
    [
        (["GEN-01", "GEN-02", "GEN-03"], "potential_victim"),
        (["GEN-01", "SEX-04", "LAB-10", "BEG-02"], "potential_victim"),
        (["GEN-01", "GEN-02"], "none"),
        ([], "none"),
    ],
)
def test_opening_a_case_with_a_screening_gives_the_contract_answer(api_client, indicators, status):
    response = _post(api_client("police.tirana"), "/api/v1/cases", _case_body(indicators))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["identification_status"] == status
    assert body["stage"] == "initial_identification"
    assert body["is_child"] is False
    assert body["owner_institution"] == "police-slktp-tirana"
    assert re.fullmatch(r"AL-\d{4}-\d{6}", body["reference"])
    assert Screening.objects.get(case_id=body["id"]).count == len(indicators)


def test_a_child_screened_through_the_api(api_client):
    body = _case_body(["CHILD-01", "CHILD-02", "GEN-06"], estimated_age=15, citizenship="XK")
    response = _post(api_client("pmf.tirana"), "/api/v1/cases", body)
    assert response.status_code == 201, response.content
    assert response.json()["is_child"] is True
    assert response.json()["identification_status"] == "potential_victim"


@pytest.mark.parametrize(
    ("screening", "field"),
    [
        ({"catalogue": "AL-2025", "indicators": ["GEN-01", "NOPE-01"]}, "screening.indicators"),
        ({"catalogue": "ZZ-2030", "indicators": ["GEN-01"]}, "screening.catalogue"),
        (
            {"catalogue": "AL-2025", "indicators": ["GEN-01"], "override": "potential_victim"},
            "screening.justification",
        ),
    ],
)
def test_bad_screening_input_is_400_and_saves_nothing(api_client, screening, field):
    body = _case_body([])
    body["screening"] = screening
    before = (Case.objects.count(), Person.objects.count())
    response = _post(api_client("police.tirana"), "/api/v1/cases", body)
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert (Case.objects.count(), Person.objects.count()) == before


def test_person_errors_keep_their_prefix(api_client):
    body = _case_body(["GEN-01"], sex="dragon")
    response = _post(api_client("police.tirana"), "/api/v1/cases", body)
    assert response.status_code == 400
    assert "person.sex" in response.json()["errors"]


def test_an_override_through_the_api(api_client):
    body = _case_body(["GEN-01"])
    body["screening"] |= {"override": "potential_victim", "justification": "Documents withheld"}
    response = _post(api_client("police.tirana"), "/api/v1/cases", body)
    assert response.json()["identification_status"] == "potential_victim"


def test_screening_a_case_the_caller_cannot_see_is_404(api_client, make_case):
    case = make_case("police.tirana")
    body = {"catalogue": "AL-2025", "indicators": ["GEN-01", "GEN-02", "GEN-03"]}
    response = _post(api_client("police.shkoder"), f"/api/v1/cases/{case.pk}/screenings", body)
    assert response.status_code == 404
    ok = _post(api_client("police.tirana"), f"/api/v1/cases/{case.pk}/screenings", body)
    assert ok.status_code == 201
    assert ok.json()["decision"] == "potential_victim"
    listed = api_client("police.tirana").get(f"/api/v1/cases/{case.pk}/screenings").json()
    assert [s["id"] for s in listed] == [ok.json()["id"]]
    assert (
        api_client("police.shkoder").get(f"/api/v1/cases/{case.pk}/screenings").status_code == 404
    )


def test_the_whole_flow_through_the_api(api_client):
    client = api_client("police.tirana")
    case = _post(client, "/api/v1/cases", _case_body(["GEN-01", "GEN-02", "GEN-03"])).json()
    cid = case["id"]
    early = _post(client, f"/api/v1/cases/{cid}/formal-identification-requests", {})
    assert early.status_code == 400
    assert {"consent", "interview"} <= set(early.json()["errors"])
    checklist = _post(
        client, f"/api/v1/cases/{cid}/checklist", {"kind": "need", "code": "food", "note": ""}
    )
    assert checklist.status_code == 200 and checklist.json()["done"] is True
    interview = _post(
        client,
        f"/api/v1/cases/{cid}/interviews",
        {"scheduled_at": clock.now().isoformat(), "place": "Tiranë"},
    ).json()
    assert interview["form"] == "A4"
    iid = interview["id"]
    with_officer = _post(
        client, f"/api/v1/interviews/{iid}/participants", {"role": "interviewer", "name": "A. B."}
    ).json()
    pid = with_officer["participants"][0]["id"]
    refused = _post(client, f"/api/v1/interviews/{iid}/held", {})
    assert refused.status_code == 400 and "participants" in refused.json()["errors"]
    signed = _post(
        client, f"/api/v1/participants/{pid}/declaration", {"signed_on": str(clock.today())}
    )
    assert signed.status_code == 200
    held = _post(client, f"/api/v1/interviews/{iid}/held", {"subject": "recruitment"})
    assert held.status_code == 200 and held.json()["status"] == "held"
    log = client.get(f"/api/v1/cases/{cid}/interview-log").json()
    assert [e["form"] for e in log] == ["A4"]
    consent = _post(
        client,
        f"/api/v1/cases/{cid}/consents",
        {"given": True, "given_by": "person", "signed_on": str(clock.today())},
    )
    assert consent.status_code == 201
    sent = _post(client, f"/api/v1/cases/{cid}/formal-identification-requests", {"grounds": "x"})
    assert sent.status_code == 201, sent.content
    assert sent.json()["stage"] == "formal_identification"
    assert set(sent.json()["institutions"]) == {"police-slktp-tirana", "shssh-tirana"}
    queue = api_client("social.tirana").get("/api/v1/formal-identification-queue").json()
    assert [r["case"] for r in queue] == [cid]
    assert api_client("social.tirana").get(f"/api/v1/cases/{cid}").status_code == 200


def test_investigation_information_is_404_for_everyone_but_its_readers(api_client, make_case):
    case = make_case("police.tirana")
    url = f"/api/v1/cases/{case.pk}/investigation-information"
    written = _post(api_client("police.tirana"), url, {"content": "Car plate AA 123 BB"})
    assert written.status_code == 201
    assert "content" not in written.json()
    for username in ("police.tirana", "social.tirana", "apap.shssh.tirana", "police.shkoder"):
        assert api_client(username).get(url).status_code == 404, username
    for username in ("apap.police.tirana", "ap.secretariat"):
        response = api_client(username).get(url)
        assert response.status_code == 200, username
        assert [i["content"] for i in response.json()] == ["Car plate AA 123 BB"]
    assert (
        api_client("ap.secretariat")
        .get("/api/v1/cases/999999/investigation-information")
        .status_code
        == 404
    )


def test_the_openapi_document_describes_the_new_endpoints(client, reference):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/api/v1/indicators",
        "/api/v1/cases/{case_id}/screenings",
        "/api/v1/cases/{case_id}/formal-identification-requests",
        "/api/v1/formal-identification-queue",
    ):
        assert path in paths
