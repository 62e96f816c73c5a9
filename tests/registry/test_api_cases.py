"""The HTTP API of shared/api-contract.md: status codes, shapes, and nothing saved on 400."""

import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from nrm.accounts.services import api_token_issue
from nrm.core import clock
from nrm.registry.models import Case, CaseStatusChange, Person
from tests.registry.changes import case_stage_change, case_status_change

pytestmark = pytest.mark.django_db

# The answer to POST /api/v1/cases in shared/api-contract.md (the API may add more).
CONTRACT_KEYS = {
    "id",
    "reference",
    "identification_status",
    "stage",
    "is_child",
    "owner_institution",
}
HISTORY_KEYS = {"at", "by", "from_status", "to_status", "reason"}
TIRANE = ZoneInfo("Europe/Tirane")


def _payload(**person) -> dict:
    return {
        "person": {
            "given_name": "Blessing",
            "family_name": "Okafor",
            "sex": "female",
            "date_of_birth": "1998-04-02",
            "estimated_age": None,
            "appears_to_be_child": False,
            "citizenship": "NG",
            "languages": ["en", "yo"],
            **person,
        },
        "screening": {
            "catalogue": "AL-2025",
            "indicators": ["GEN-01"],  # below the threshold: no status yet
            "notes": "Met at the border crossing point",
        },
    }


def _post(client: Client, body) -> object:
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.post("/api/v1/cases", data, content_type="application/json")


def _saved() -> tuple[int, int, int]:
    return Person.objects.count(), Case.objects.count(), CaseStatusChange.objects.count()


# --- health and authentication ------------------------------------------------------------


def test_health_needs_no_credentials():
    response = Client().get("/api/v1/health")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_a_token_is_issued_for_the_right_password(reference):
    response = Client().post(
        "/api/v1/auth/token",
        {"username": "police.tirana", "password": "demo"},
        content_type="application/json",
    )

    assert response.status_code == 200
    assert set(response.json()) == {"token"}
    assert len(response.json()["token"]) >= 32


@pytest.mark.parametrize(
    ("username", "password"),
    [("police.tirana", "wrong"), ("nobody.here", "demo"), ("police.tirana", "")],
)
def test_no_token_for_a_wrong_password_or_an_unknown_user(reference, username, password):
    response = Client().post(
        "/api/v1/auth/token",
        {"username": username, "password": password},
        content_type="application/json",
    )

    assert response.status_code == 401
    assert "token" not in response.json()
    assert "errors" in response.json()


def test_the_bearer_token_opens_the_api(api_client):
    assert api_client("police.tirana").get("/api/v1/cases").status_code == 200


@pytest.mark.parametrize(
    "authorization",
    [None, "Bearer not-a-token", "Bearer ", "Basic cG9saWNlLnRpcmFuYTpkZW1v", "Token abc"],
)
@pytest.mark.parametrize("path", ["/api/v1/cases", "/api/v1/cases/1", "/api/v1/cases/1/history"])
def test_calls_without_a_valid_bearer_token_are_401(reference, authorization, path):
    headers = {"HTTP_AUTHORIZATION": authorization} if authorization else {}

    response = Client().get(path, **headers)

    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"


def test_creating_a_case_without_a_token_is_401_and_saves_nothing(reference):
    before = _saved()

    response = _post(Client(), _payload())

    assert response.status_code == 401
    assert _saved() == before


def test_an_expired_token_is_401(reference, actors):
    with clock.override(clock.now() - timedelta(hours=13)):
        token = api_token_issue(actor=actors["police.tirana"])

    response = Client().get("/api/v1/cases", HTTP_AUTHORIZATION=f"Bearer {token}")

    assert response.status_code == 401


# --- POST /api/v1/cases --------------------------------------------------------------------


def test_creating_a_case_answers_201_with_the_contract_fields(api_client):
    response = _post(api_client("police.tirana"), _payload())

    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) >= CONTRACT_KEYS
    case = Case.objects.get(pk=body["id"])
    assert body["reference"] == case.reference
    assert body["reference"].startswith(f"AL-{clock.today().year}-")
    assert body["identification_status"] == "none"
    assert body["stage"] == "initial_identification"
    assert body["is_child"] is False
    assert body["owner_institution"] == "police-slktp-tirana"
    assert isinstance(body["id"], int)


def test_the_screening_block_is_stored_as_given(api_client):
    payload = _payload()
    payload["screening"]["indicators"] = ["GEN-06", "GEN-40"]

    body = _post(api_client("police.tirana"), payload).json()

    given = {k: payload["screening"][k] for k in ("catalogue", "indicators")}
    stored = Case.objects.get(pk=body["id"]).screening
    assert {k: stored[k] for k in given} == given
    read = api_client("police.tirana").get(f"/api/v1/cases/{body['id']}").json()
    assert {k: read["screening"][k] for k in given} == given


def test_the_person_is_returned_as_stored(api_client):
    client = api_client("police.tirana")
    body = _post(client, _payload(citizenship="xk", languages=["SQ"])).json()

    person = client.get(f"/api/v1/cases/{body['id']}").json()["person"]

    assert person["given_name"] == "Blessing"
    assert person["family_name"] == "Okafor"
    assert person["date_of_birth"] == "1998-04-02"
    assert person["citizenship"] == "XK"
    assert person["languages"] == ["sq"]


def test_a_case_for_a_person_who_appears_to_be_a_child_is_a_child_case(api_client):
    body = _post(
        api_client("police.tirana"),
        _payload(date_of_birth=None, estimated_age=None, appears_to_be_child=True),
    ).json()

    assert body["is_child"] is True


def test_the_ap_secretariat_may_name_the_owning_institution(api_client):
    response = _post(
        api_client("ap.secretariat"), {**_payload(), "owner_institution": "police-slktp-shkoder"}
    )

    assert response.status_code == 201
    assert response.json()["owner_institution"] == "police-slktp-shkoder"


def test_a_caseworker_naming_another_institution_is_400_and_saves_nothing(api_client):
    # 400 as for an unknown code (second review, low): a refusal does not confirm that the
    # institution exists. It was 403.
    client = api_client("police.tirana")
    before = _saved()

    response = _post(client, {**_payload(), "owner_institution": "police-slktp-shkoder"})

    assert response.status_code == 400
    assert _saved() == before


def _tomorrow() -> str:
    return (clock.today() + timedelta(days=1)).isoformat()


BAD_INPUT = {
    "future-date-of-birth": (lambda: _payload(date_of_birth=_tomorrow()), "person.date_of_birth"),
    "estimated-age-minus-1": (
        lambda: _payload(date_of_birth=None, estimated_age=-1),
        "person.estimated_age",
    ),
    "estimated-age-121": (
        lambda: _payload(date_of_birth=None, estimated_age=121),
        "person.estimated_age",
    ),
    "unknown-country": (lambda: _payload(citizenship="ZZ"), "person.citizenship"),
    "unknown-language": (lambda: _payload(languages=["en", "zz"]), "person.languages"),
    "missing-name": (lambda: _payload(given_name="", family_name=""), "person.given_name"),
    "unknown-sex": (lambda: _payload(sex="robot"), "person.sex"),
    "unknown-owner-institution": (
        lambda: {**_payload(), "owner_institution": "no-such-institution"},
        "owner_institution",
    ),
    "malformed-date": (lambda: _payload(date_of_birth="2001-13-45"), "person.date_of_birth"),
    "date-in-another-format": (
        lambda: _payload(date_of_birth="02.04.1998"),
        "person.date_of_birth",
    ),
    "age-not-a-number": (lambda: _payload(estimated_age="old"), "person.estimated_age"),
    "missing-person": (lambda: {"screening": _payload()["screening"]}, "person"),
}


@pytest.mark.parametrize("case", list(BAD_INPUT), ids=list(BAD_INPUT))
def test_bad_input_is_400_with_the_field_at_fault_and_saves_nothing(api_client, case):
    make_body, field = BAD_INPUT[case]
    client = api_client("police.tirana")
    before = _saved()

    response = _post(client, make_body())

    assert response.status_code == 400, response.content
    errors = response.json()["errors"]
    assert field in errors, errors
    assert errors[field]
    assert all(isinstance(message, str) and message for message in errors[field])
    assert _saved() == before


def test_every_bad_field_is_reported_at_once(api_client):
    body = _payload(date_of_birth=_tomorrow(), citizenship="ZZ", languages=["zz"])

    response = _post(api_client("police.tirana"), body)

    assert response.status_code == 400
    assert {"person.date_of_birth", "person.citizenship", "person.languages"} <= set(
        response.json()["errors"]
    )


@pytest.mark.parametrize("body", ["{not json", "person=Arta", b"\xff\xfe", "[1, 2"])
def test_a_body_that_is_not_json_is_400_with_an_error_message(api_client, body):
    before = _saved()

    response = _post(api_client("police.tirana"), body)

    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors
    assert all(
        messages and all(isinstance(m, str) for m in messages) for messages in errors.values()
    )
    assert _saved() == before


# --- GET /api/v1/cases -------------------------------------------------------------------


@pytest.fixture
def listed(make_case, actors):
    """Five Tirana cases opened a day apart, one Shkodër case; some moved on."""
    start = datetime(2026, 3, 2, 9, 0, tzinfo=TIRANE)
    cases = []
    for day, person in enumerate(
        [
            {"given_name": "Arta"},
            {"given_name": "Besa", "estimated_age": 15},
            {"given_name": "Dorina"},
            {"given_name": "Elira", "appears_to_be_child": True},
            {"given_name": "Flutura"},
        ]
    ):
        with clock.override(start + timedelta(days=day)):
            cases.append(make_case("police.tirana", **person))
    with clock.override(start + timedelta(days=10)):
        shkoder = make_case("police.shkoder", given_name="Gentiana")
    actor = actors["police.tirana"]
    with clock.override(start + timedelta(days=20)):
        case_status_change(actor=actor, case_id=cases[1].pk, to="potential_victim", reason="3")
        case_stage_change(actor=actor, case_id=cases[1].pk, to="formal_identification", reason="x")
        case_status_change(actor=actor, case_id=cases[2].pk, to="potential_victim", reason="3")
    return {"tirana": cases, "shkoder": shkoder}


def _refs(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [c["reference"] for c in response.json()["results"]]


def test_the_list_shows_visible_cases_newest_first(api_client, listed):
    response = api_client("police.tirana").get("/api/v1/cases")

    assert response.json()["count"] == 5
    assert _refs(response) == [c.reference for c in reversed(listed["tirana"])]
    assert set(response.json()["results"][0]) >= CONTRACT_KEYS


def test_the_list_counts_differ_by_what_the_caller_may_see(api_client, listed):
    tirana = api_client("police.tirana").get("/api/v1/cases").json()
    ap = api_client("ap.secretariat").get("/api/v1/cases").json()

    assert (tirana["count"], ap["count"]) == (5, 6)
    assert listed["shkoder"].reference not in {c["reference"] for c in tirana["results"]}
    assert listed["shkoder"].reference == ap["results"][0]["reference"]


def test_the_list_filters_by_stage(api_client, listed):
    response = api_client("police.tirana").get("/api/v1/cases?stage=formal_identification")

    assert _refs(response) == [listed["tirana"][1].reference]
    assert response.json()["count"] == 1


def test_the_list_filters_by_identification_status(api_client, listed):
    response = api_client("police.tirana").get(
        "/api/v1/cases?identification_status=potential_victim"
    )

    assert _refs(response) == [listed["tirana"][2].reference, listed["tirana"][1].reference]


@pytest.mark.parametrize(("value", "indexes"), [("true", [3, 1]), ("false", [4, 2, 0])])
def test_the_list_filters_by_child(api_client, listed, value, indexes):
    response = api_client("police.tirana").get(f"/api/v1/cases?is_child={value}")

    assert _refs(response) == [listed["tirana"][i].reference for i in indexes]


def test_the_list_combines_filters(api_client, listed):
    response = api_client("police.tirana").get(
        "/api/v1/cases?is_child=true&identification_status=potential_victim"
    )

    assert _refs(response) == [listed["tirana"][1].reference]


def test_the_list_is_paginated(api_client, listed):
    client = api_client("police.tirana")
    newest_first = [c.reference for c in reversed(listed["tirana"])]

    pages = [client.get(f"/api/v1/cases?page={n}&page_size=2") for n in (1, 2, 3, 4)]

    assert [_refs(p) for p in pages] == [newest_first[0:2], newest_first[2:4], newest_first[4:], []]
    assert {p.json()["count"] for p in pages} == {5}


def test_the_default_page_holds_25_cases(api_client, make_case):
    for _ in range(27):
        make_case("police.tirana")
    client = api_client("police.tirana")

    first = client.get("/api/v1/cases").json()
    second = client.get("/api/v1/cases?page=2").json()

    assert (first["count"], len(first["results"]), len(second["results"])) == (27, 25, 2)
    assert not {c["id"] for c in first["results"]} & {c["id"] for c in second["results"]}


@pytest.mark.parametrize("query", ["page=0", "page=abc", "is_child=perhaps"])
def test_a_bad_list_query_is_400(api_client, query):
    response = api_client("police.tirana").get(f"/api/v1/cases?{query}")

    assert response.status_code == 400
    assert response.json()["errors"]


# --- history and access log ---------------------------------------------------------------


def test_the_history_lists_every_change_oldest_first(api_client, listed):
    case = listed["tirana"][1]

    response = api_client("police.tirana").get(f"/api/v1/cases/{case.pk}/history")

    assert response.status_code == 200
    rows = response.json()
    assert all(set(row) >= HISTORY_KEYS for row in rows)
    moves = [(r["from_status"], r["to_status"]) for r in rows]
    # The case opens with its stage and its status at the same moment, then moves on.
    assert set(moves[:2]) == {(None, "initial_identification"), (None, "none")}
    assert moves[2:] == [
        ("none", "potential_victim"),
        ("initial", "formal"),
        ("initial_identification", "formal_identification"),
    ]
    assert rows[3]["field"] == "procedure" and rows[3]["procedure"] == "identification"
    assert {r["by"] for r in rows} == {"police.tirana"}
    assert rows[2]["reason"] == "3"
    moments = [datetime.fromisoformat(r["at"]) for r in rows]
    assert moments == sorted(moments)
    assert moments[0] < moments[-1]
    assert all(m.utcoffset() is not None for m in moments)


def test_the_access_log_lists_reads_for_the_ap_secretariat(api_client, listed):
    case = listed["tirana"][0]
    api_client("police.tirana").get(f"/api/v1/cases/{case.pk}")
    api_client("police.tirana").get(f"/api/v1/cases/{case.pk}/history")

    response = api_client("ap.secretariat").get(f"/api/v1/cases/{case.pk}/access-log")

    assert response.status_code == 200
    rows = response.json()
    assert all({"at", "user", "action"} <= set(row) for row in rows)
    assert [(r["user"], r["action"]) for r in rows] == [
        ("police.tirana", "api.case.read"),
        ("police.tirana", "api.case.history"),
        ("ap.secretariat", "api.case.access_log"),
    ]


# --- OpenAPI ------------------------------------------------------------------------------

CONTRACT_PATHS = {
    "/api/v1/health": {"get"},
    "/api/v1/auth/token": {"post"},
    "/api/v1/cases": {"get", "post"},
    "/api/v1/cases/{case_id}": {"get"},
    "/api/v1/cases/{case_id}/history": {"get"},
    "/api/v1/cases/{case_id}/access-log": {"get"},
}


def test_the_openapi_document_is_valid_openapi_3_with_the_contract_paths(reference):
    response = Client().get("/api/v1/openapi.json")

    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.")
    assert document["info"]["title"]
    assert document["info"]["version"]
    for path, methods in CONTRACT_PATHS.items():
        assert path in document["paths"], path
        assert methods <= set(document["paths"][path]), path
        for operation in document["paths"][path].values():
            assert operation["responses"], path
    schemes = document["components"]["securitySchemes"]
    assert any(s["type"] == "http" and s["scheme"] == "bearer" for s in schemes.values())
    try:
        from openapi_spec_validator import validate
    except ImportError:  # the structural checks above are what we have
        return
    validate(document)
