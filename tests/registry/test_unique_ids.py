"""No two elements of a page share an id (issue 13, item 11): a label, aria-describedby or the
error summary's link would point at the wrong field, and htmx would swap the wrong element."""

from collections import Counter
from html.parser import HTMLParser

import pytest
from django.test import Client

from tests.pages import case_page


class _Ids(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: Counter[str] = Counter()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == "id" and value:
                self.ids[value] += 1


def duplicate_ids(html: str) -> list[str]:
    parser = _Ids()
    parser.feed(html)
    return sorted(i for i, n in parser.ids.items() if n > 1)


def test_the_parser_finds_a_duplicate():
    assert duplicate_ids('<p id="a"></p><input id="a"><b id="b">') == ["a"]


PAGES = {
    "police.tirana": [
        "/",
        "/cases/",
        "/cases/new/",
        "/identifications/new/",
        "/identifications/queue/",
        "/inbox/",
        "/deadlines/",
        "/referrals/",
        "/cases/{case}/identification/",
        "/cases/{case}/history/",
        "/cases/{case}/interviews/new/",
        "/cases/{case}/formal-identification/",
    ],
    "ap.secretariat": ["/", "/cases/", "/deadlines/monitor/", "/identification/", "/inbox/"],
    "pmf.tirana": ["/", "/identifications/queue/", "/inbox/"],
}


@pytest.mark.django_db
@pytest.mark.parametrize("username", sorted(PAGES))
def test_main_pages_have_no_duplicate_ids(actors, username):
    from nrm.core import clock
    from nrm.registry.rules import PersonInput
    from nrm.registry.services import case_create
    from nrm.screening.services import a2_record, screening_submit

    police = actors["police.tirana"]
    case = case_create(
        actor=police,
        person=PersonInput(
            given_name="Arta",
            family_name="Kola",
            estimated_age=16,
            appears_to_be_child=True,
            sex="female",
            citizenship="XK",
        ),
    )
    screening_submit(
        actor=police,
        case_id=case.pk,
        catalogue="AL-2025",
        indicators=[f"GEN-{i:02d}" for i in range(1, 4)],
    )
    a2_record(
        actor=police,
        case_id=case.pk,
        given=True,
        given_by="parent",
        signed_on=clock.today(),
        child_view="agrees",
    )
    client = Client()
    client.force_login(actors[username].user)
    found = {}
    pages = [p.format(case=case.pk) for p in PAGES[username]]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        if duplicates := duplicate_ids(response.content.decode()):
            found[url] = duplicates
    if duplicates := duplicate_ids(case_page(client, case.pk)):
        found["case page with its panels"] = duplicates
    assert not found
