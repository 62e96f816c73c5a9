"""Personal data never leaves the encrypted columns: not into logs, not into a dump."""

import logging
import os
import shutil
import subprocess

import pytest
from django.db import connection
from django.test import Client, RequestFactory

from nrm.registry.rules import PersonInput
from nrm.registry.services import case_create

# Invented, and unlike anything else in the database, so a hit can only be a leak.
PEOPLE = [
    {
        "given_name": "Zamirëla",
        "family_name": "Qirjakoviqi",
        "phone": "+355 69 417 2093",
        "email": "zqirjak@example.org",
        "address": "Rruga e Shelgjeve 47, Kashar",
    },
    {
        "given_name": "Drilonja",
        "family_name": "Xhaferrëmaj",
        "phone": "+355 68 903 5521",
        "email": "dxhafer@example.org",
        "address": "Lagjja Partizani, pallati 88",
    },
]
SECRETS = [v for person in PEOPLE for v in person.values()]


def _ui(username="police.tirana") -> Client:
    client = Client()
    request = RequestFactory().post("/login/")
    assert client.login(request=request, username=username, password="demo")
    return client


@pytest.mark.django_db
def test_case_flows_at_debug_log_no_name_phone_or_address(api_client, caplog):
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="django.db.backends")  # INFO in settings
    connection.force_debug_cursor = True  # every SQL statement and its parameters, too
    try:
        api = api_client("police.tirana")
        first = PEOPLE[0]
        response = api.post(
            "/api/v1/cases",
            {
                "person": {
                    "given_name": first["given_name"],
                    "family_name": first["family_name"],
                    "sex": "female",
                    "date_of_birth": None,
                    "estimated_age": 24,
                    "appears_to_be_child": False,
                    "citizenship": "AL",
                    "languages": ["sq"],
                },
                "screening": {"catalogue": "AL-2025", "indicators": [], "notes": ""},
            },
            content_type="application/json",
        )
        assert response.status_code == 201, response.content
        case_id = response.json()["id"]
        assert api.get(f"/api/v1/cases/{case_id}").status_code == 200
        assert api.get("/api/v1/cases/999999").status_code == 404  # logged as a warning

        ui = _ui()
        second = PEOPLE[1]
        form = {**second, "sex": "female", "citizenship": "AL", "languages": "sq"}
        response = ui.post("/cases/new/", form)
        assert response.status_code == 302, response.content
        assert ui.get(response["Location"]).status_code == 200
        bad = {**form, "citizenship": second["family_name"]}  # refused, with the name in it
        assert ui.post("/cases/new/", bad).status_code == 200
        assert ui.get("/cases/", {"q": second["family_name"]}).status_code == 200
        for who in ("pmf.tirana", "police.shkoder"):  # a case they may not see
            assert _ui(who).get(f"/cases/{case_id}/").status_code == 404
    finally:
        connection.force_debug_cursor = False

    text = caplog.text.casefold()
    assert "insert into" in text  # the SQL really was logged at DEBUG
    for secret in SECRETS:
        assert secret.casefold() not in text, f"{secret!r} was logged"


def _dump_settings() -> dict:
    return connection.settings_dict


@pytest.mark.django_db(transaction=True)
def test_a_postgresql_dump_holds_no_name_phone_or_address(reference, actors):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL)")
    if shutil.which("pg_dump") is None:
        pytest.skip("pg_dump is not installed")
    for person in PEOPLE:
        case_create(
            actor=actors["police.tirana"],
            person=PersonInput(**person, sex="female", citizenship="AL", estimated_age=30),
        )
    db = _dump_settings()
    env = {**os.environ, "PGPASSWORD": db.get("PASSWORD") or ""}
    command = ["pg_dump", "--data-only", "--no-owner", "-d", db["NAME"]]
    for flag, key in (("-h", "HOST"), ("-p", "PORT"), ("-U", "USER")):
        if db.get(key):
            command += [flag, str(db[key])]

    dump = subprocess.run(  # noqa: S603 — pg_dump with the test database's own settings
        command, env=env, capture_output=True, text=True, check=True
    ).stdout

    assert "registry_person" in dump  # the rows are there, only unreadable
    lowered = dump.casefold()
    for secret in SECRETS:
        assert secret.casefold() not in lowered, f"{secret!r} is in the dump in plain text"
