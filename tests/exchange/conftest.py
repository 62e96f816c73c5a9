import pytest
from django.test import Client, RequestFactory

from nrm.core import clock


@pytest.fixture
def web(reference):
    def login(username: str) -> Client:
        client = Client()
        client.cookies["django_language"] = "en"
        assert client.login(
            request=RequestFactory().post("/login/"), username=username, password="demo"
        )
        return client

    return login


@pytest.fixture
def registered(actors, make_case):
    """registered(username, status="potential_victim", **person) → a case whose person the
    AP registered as a victim (status by decision, as the procedure says)."""
    from tests.registry.changes import case_status_change

    def make(username="police.tirana", status="potential_victim", **person):
        case = make_case(username, **person)
        return case_status_change(actor=actors[username], case_id=case.pk, to=status, reason="r")

    return make


@pytest.fixture
def withdraw(actors):
    """withdraw(case): the statistics consent is withdrawn (a record given=False)."""
    from nrm.consent.services import consent_record

    def make(case, username="police.tirana"):
        return consent_record(
            actor=actors[username],
            case_id=case.pk,
            purpose="statistics",
            given=False,
            given_by="parent" if case.is_child else "person",
            signed_on=clock.today(),
        )

    return make
