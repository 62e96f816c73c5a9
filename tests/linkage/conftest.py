"""Fixtures of unique persons' tests: one young man recorded by the Tirana police
("Engjëll") and by the Tirana shelter ("Engjell"), same date of birth; a namesake with
another date of birth at the State Social Service."""

from datetime import date

import pytest
from django.test import Client, RequestFactory

BORN = date(2004, 5, 14)


def person(given: str, born: date = BORN, **extra) -> dict:
    return {
        "given_name": given,
        "family_name": "Marku",
        "sex": "male",
        "date_of_birth": born,
        "citizenship": "AL",
        **extra,
    }


@pytest.fixture
def twice(make_case):
    """(police case, shelter case) of one person."""
    return make_case("police.tirana", **person("Engjëll")), make_case(
        "shelter.tirana", **person("Engjell")
    )


@pytest.fixture
def namesake(make_case):
    return make_case("social.tirana", **person("Engjell", date(1980, 2, 3)))


@pytest.fixture
def reviewer(actors):
    return actors["ap.secretariat"]


def client_for(username: str) -> Client:
    client = Client()
    assert client.login(
        request=RequestFactory().post("/login/"), username=username, password="demo"
    )
    return client


# The browser's fixtures (Playwright on Debian's Chromium) for test_browser.py.
from tests.browser.conftest import browser, login, new_page  # noqa: E402, F401
