"""The "My work" home page (docs/home.md): each section to the right role, nothing outside
the caller's scope, the counts dashboard kept for coordinators."""

import re

import pytest
from django.test import Client
from django.utils import translation

pytestmark = pytest.mark.django_db


def _client(username: str) -> Client:
    client = Client()
    assert client.post("/login/", {"username": username, "password": "demo"}).status_code == 302
    return client


def _section(html: str, code: str) -> str:
    found = re.search(rf'<section[^>]*id="home-{code}".*?</section>', html, re.S)
    return found.group(0) if found else ""


def test_a_caseworker_sees_their_work_and_nothing_of_another_county(make_case):
    tirana = make_case("police.tirana", estimated_age=15)
    shkoder = make_case("police.shkoder", given_name="Besa", estimated_age=14)
    html = _client("police.tirana").get("/").content.decode()
    assert 'id="home-registry-new-children"' in html
    assert tirana.reference in _section(html, "registry-new-children")
    assert tirana.reference in _section(html, "registry-my-cases")
    # The child's first deadline (notify the PMF at once) is the owner's caseworkers'.
    deadlines = _section(html, "deadlines-mine")
    assert tirana.reference in deadlines
    assert f'href="/cases/{tirana.pk}/"' in deadlines
    assert shkoder.reference not in html
    assert "Arta" not in html and "Hoxha" not in html  # references, never names
    assert "Besa" not in html


def test_the_counts_dashboard_stays_for_coordinators(make_case):
    make_case("police.tirana")
    desk = _client("ap.secretariat")
    landing = desk.get("/")
    assert "registry/dashboard.html" in [t.name for t in landing.templates]
    assert 'href="/my-work/"' in landing.content.decode()
    assert "registry/home.html" in [t.name for t in desk.get("/my-work/").templates]
    worker = _client("police.tirana").get("/")
    assert "registry/home.html" in [t.name for t in worker.templates]
    assert "registry/dashboard.html" not in [t.name for t in worker.templates]
    # The menu's first link names what "/" is for each.
    with translation.override("sq"):
        my_work, dashboard = translation.gettext("My work"), translation.gettext("Dashboard")
    assert re.search(rf'id="nav-home">{my_work}</a>', worker.content.decode())
    assert re.search(rf'id="nav-home">{dashboard}</a>', landing.content.decode())


def test_every_demo_user_has_a_home_page(make_case):
    from nrm.site.demo import demo_users

    make_case("police.tirana", estimated_age=15)
    users = [u for u, _code, _role in demo_users()]
    for username in users:
        html = _client(username).get("/my-work/").content.decode()
        assert 'id="home-registry-my-cases"' in html or 'id="home-deadlines-mine"' in html, username
