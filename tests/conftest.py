"""Shared fixtures: the demo's reference data and users, made through the real services."""

import os

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """PBKDF2's million rounds cost half a second per demo user; tests need no strength."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _demo_mode_logins(settings):
    """The suite logs in as the demo's users, as demo mode allows; tests of production's
    login rules (no demo accounts, two factors) turn these back."""
    settings.NRM_DEMO_ACCOUNTS = True
    settings.NRM_REQUIRE_2FA = False


@pytest.fixture
def reference(db):
    from nrm.site.demo import demo_users_ensure, reference_data_ensure

    institutions = reference_data_ensure()
    demo_users_ensure(institutions)
    return institutions


def _actor(username):
    from nrm.accounts.models import User
    from nrm.accounts.policy import actor_for

    return actor_for(User.objects.get(username=username))


@pytest.fixture
def actors(reference):
    from nrm.site.demo import DEMO_USERS

    return {username: _actor(username) for username, _code, _role in DEMO_USERS}


@pytest.fixture
def make_case(actors):
    """make_case("police.tirana", given_name=..., ...) → a case opened through case_create."""
    from nrm.registry.rules import PersonInput
    from nrm.registry.services import case_create

    def make(username="police.tirana", **person):
        person.setdefault("given_name", "Arta")
        person.setdefault("family_name", "Hoxha")
        return case_create(actor=actors[username], person=PersonInput(**person))

    return make


@pytest.fixture
def api_client(reference):
    """A Django test client that logs in through POST /api/v1/auth/token."""
    from django.test import Client

    def login(username: str) -> Client:
        client = Client()
        response = client.post(
            "/api/v1/auth/token",
            {"username": username, "password": "demo"},
            content_type="application/json",
        )
        assert response.status_code == 200, response.content
        client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {response.json()['token']}"
        return client

    return login
