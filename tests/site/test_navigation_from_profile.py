"""The navigation names no role: "Appeals" and "Plans awaiting the AP" show for whoever the
profile lets read the appeals or decide a plan (the same test as the pages themselves)."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def _home(username: str) -> str:
    client = Client()
    assert client.post("/login/", {"username": username, "password": "demo"}).status_code == 302
    return client.get("/").content.decode()


def test_the_secretariat_sees_appeals_and_plans_awaiting_the_ap(reference):
    page = _home("ap.secretariat")

    assert 'id="nav-appeals"' in page
    assert 'id="nav-plans-ap"' in page


def test_a_police_officer_sees_neither(reference):
    page = _home("police.tirana")

    assert 'id="nav-appeals"' not in page
    assert 'id="nav-plans-ap"' not in page
