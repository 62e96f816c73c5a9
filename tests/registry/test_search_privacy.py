"""A searched text (maybe a name) never reaches a URL or an access log (second review,
finding 5): the list's search is posted and kept in the session under an opaque id."""

import pytest
from django.test import Client

from nrm.site.management.commands.serve import ACCESS_LOG_FORMAT


@pytest.fixture
def worker(reference):
    from nrm.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username="police.tirana"))
    return client


@pytest.mark.django_db
def test_a_posted_search_redirects_to_an_address_without_the_text(worker, make_case):
    make_case(given_name="Olena", family_name="Kovalenko")

    response = worker.post("/cases/", {"q": "Olena Kovalenko", "stage": "initial_identification"})

    assert response.status_code == 302
    assert "Olena" not in response["Location"] and "Kovalenko" not in response["Location"]
    assert "s=" in response["Location"] and "stage=initial_identification" in response["Location"]
    page = worker.get(response["Location"]).content.decode()
    assert page.count('<tr>\n      <td><a href="/cases/') == 1  # the one case found


@pytest.mark.django_db
def test_an_htmx_search_pushes_an_address_without_the_text(worker, make_case):
    make_case(given_name="Olena", family_name="Kovalenko")

    response = worker.post("/cases/", {"q": "Olena Kovalenko"}, headers={"HX-Request": "true"})

    assert response.status_code == 200
    pushed = response["HX-Push-Url"]
    assert pushed.startswith("/cases/?s=") and "Olena" not in pushed
    assert "Olena" not in response.content.decode().split('id="case-export"')[1].split(">")[0]


@pytest.mark.django_db
def test_another_session_cannot_use_the_search_id(worker, make_case, reference):
    from nrm.accounts.models import User

    make_case(given_name="Olena", family_name="Kovalenko")
    location = worker.post("/cases/", {"q": "Olena Kovalenko"})["Location"]
    other = Client()
    other.force_login(User.objects.get(username="police.tirana"))

    page = other.get(location).content.decode()

    assert 'data-query=""' in page  # an unknown id is no search: the plain list


def test_the_access_log_records_paths_without_query_strings_or_referers():
    assert "%(U)s" in ACCESS_LOG_FORMAT
    assert "%(r)s" not in ACCESS_LOG_FORMAT and "%(q)s" not in ACCESS_LOG_FORMAT
    assert "%(f)s" not in ACCESS_LOG_FORMAT
