"""Language everywhere (issue 13, item 8): audit codes read as labels, no seed line numbers
on any main page, the pages' CSV in the user's language with a BOM, local times and
formula-safe cells, and the printable guide per role (docs/home.md)."""

import csv
import io
import re
from datetime import UTC, datetime

import pytest
from django.test import Client
from django.utils import translation
from pypdf import PdfReader

from nrm.core import clock
from nrm.registry.audit_codes import RegistryCode
from nrm.site import guides
from tests.pages import case_page

pytestmark = pytest.mark.django_db

LINE_CITATION = re.compile(r"\bL\d+(?:[–-]\d+)?\b")
TAGS = re.compile(r"<[^>]+>")


def _client(username: str) -> Client:
    client = Client()
    assert client.post("/login/", {"username": username, "password": "demo"}).status_code == 302
    return client


def _text(html: str) -> str:
    """What a reader sees: the page without its tags (attributes hold codes on purpose)."""
    return TAGS.sub(" ", re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S))


def test_no_seed_line_number_on_any_main_page(make_case):
    child = make_case("police.tirana", estimated_age=15)  # opens deadlines with citations
    for username in ("police.tirana", "ap.secretariat"):
        client = _client(username)
        pages = {
            path: client.get(path).content.decode()
            for path in (
                "/",
                "/my-work/",
                "/cases/",
                "/deadlines/",
                "/inbox/",
                "/identification/",
                "/identifications/queue/",
                "/referrals/",
                "/guide/",
            )
        }
        pages["case"] = case_page(client, child.pk)
        if username == "ap.secretariat":
            pages["monitor"] = client.get("/deadlines/monitor/").content.decode()
        for name, html in pages.items():
            assert not LINE_CITATION.findall(_text(html)), (username, name)
        # The SOP's section is still said where a deadline is shown.
        assert "S5 Veprimet" in pages["case"]


def test_who_opened_or_changed_a_case_reads_as_labels(make_case):
    case = make_case("police.tirana")
    with translation.override("sq"):
        opened = str(RegistryCode.CASE_VIEW.label)
        created = str(RegistryCode.CASE_CREATED.label)
    _client("police.tirana").get(f"/cases/{case.pk}/")
    text = _text(case_page(_client("ap.secretariat"), case.pk))
    assert opened in text and created in text
    assert opened != "case.view"  # the Albanian catalogue has it
    assert not re.search(r"\b(case|document|identification|audit)\.[a-z_]+\b", text)


def test_the_case_list_csv_is_in_the_users_language_local_time_and_formula_safe(actors, make_case):
    from nrm.accounts.models import Institution
    from nrm.accounts.policy import system_actor
    from nrm.accounts.services import institution_save

    police = Institution.objects.get(code="police-slktp-tirana")
    institution_save(
        actor=system_actor(),
        code=police.code,
        name="=HYPERLINK(1) Policia",
        type=police.type,
        county=police.county,
    )
    with clock.override(datetime(2026, 7, 1, 22, 30, tzinfo=UTC)):  # 00:30 on 2 July in Tirana
        case = make_case("police.tirana", estimated_age=15)
    response = _client("police.tirana").get("/cases/export.csv")
    raw = response.content.decode("utf-8")
    assert raw.startswith("\ufeff")  # Excel then reads ë and ç right
    rows = list(csv.reader(io.StringIO(raw[1:])))
    with translation.override("sq"):
        assert rows[0][0] == translation.gettext("Reference") != "Reference"
        assert rows[0][1] == translation.gettext("Identification status")
        yes = translation.gettext("yes")
    row = next(r for r in rows if r[0] == case.reference)
    assert row[3] == yes
    assert row[5] == "'=HYPERLINK(1) Policia"  # a formula cell is kept as text
    assert row[6] == "02.07.2026 00:30"
    assert "initial_identification" not in raw  # the stage's name, not its code


@pytest.mark.parametrize("guide", guides.GUIDES, ids=lambda g: g.code)
def test_the_guide_renders_for_every_role_as_a_page_and_a_pdf(reference, guide):
    client = _client("police.tirana")
    page = client.get(f"/guide/{guide.code}/").content.decode()
    with translation.override("sq"):
        title = str(guide.title)
        context = guides.guide_context(guide, "sq")
    assert title in page
    assert context["steps"] and all(step[1:20] in page for step in context["steps"][:3])
    if guide.code in ("police", "social", "focal_point", "secretariat"):
        assert context["deadlines"]  # from the profile, never literals
    response = client.get(f"/guide/{guide.code}.pdf")
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 1  # one page
    text = " ".join(page.extract_text() for page in reader.pages)
    assert " ".join(title.split()[:2]) in " ".join(text.split())


def test_my_guide_is_the_one_of_my_role(reference):
    with translation.override("sq"):
        police, shelter = (str(guides.guide_get(code).title) for code in ("police", "shelter"))
    mine = _client("police.tirana").get("/guide/").content.decode()
    assert f"<h1>nrm — udhëzues me një faqe: {police}</h1>" in mine
    assert f"<h1>nrm — udhëzues me një faqe: {shelter}</h1>" in (
        _client("shelter.tirana").get("/guide/").content.decode()
    )
