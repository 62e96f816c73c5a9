"""A caseworker on a 390-px phone, in Albanian, in a real browser: opens the case's notes and
documents, adds a note, uploads a PDF, and sees both on the case page."""

import pytest
from django.utils import translation
from playwright.sync_api import expect

from nrm.casefile.demo import tiny_pdf

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
NO_HORIZONTAL_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth + 1"


def _sq(text: str) -> str:
    with translation.override("sq"):
        return translation.gettext(text)


@pytest.fixture
def phone_case(transactional_db, live_server, reference, case):
    return case


def test_a_note_and_a_pdf_on_a_phone(new_page, login, phone_case):
    page = login(new_page(viewport=PHONE, is_mobile=True), "police.tirana")
    page.goto(f"/cases/{phone_case.pk}/")
    panel = page.locator("#panel-casefiletimeline")
    panel.locator("summary").click()
    expect(panel.locator("#casefile")).to_be_visible()
    expect(panel.locator("#casefile .empty").first).to_have_text(_sq("No document."))

    page.locator("#note-add summary").click()
    page.locator("#note-text").fill("Vizitë në strehëz; personi është mirë.")
    page.locator("#note-kind").select_option("visit")
    page.locator("#note-submit").click()
    expect(page.locator("#note-list")).to_contain_text("Vizitë në strehëz; personi është mirë.")

    page.locator("#document-add summary").click()
    accept = page.locator("#doc-file").get_attribute("accept")
    assert "application/pdf" in accept and ".pdf" in accept
    page.locator("#doc-kind").select_option("consent_form")
    page.locator("#doc-file").set_input_files(
        {"name": "pëlqimi.pdf", "mimeType": "application/pdf", "buffer": tiny_pdf("Pelqimi")}
    )
    page.locator("#document-submit").click()
    expect(page.locator("#document-list")).to_contain_text("pëlqimi.pdf")
    expect(page.locator("#note-list")).to_contain_text("Vizitë në strehëz")
    assert page.evaluate(NO_HORIZONTAL_SCROLL)

    # A wrong file is refused on the form, nothing added.
    page.locator("#document-add summary").click()
    page.locator("#doc-kind").select_option("other")
    page.locator("#doc-file").set_input_files(
        {"name": "foto.pdf", "mimeType": "application/pdf", "buffer": b"\x89PNG\r\n\x1a\n0000"}
    )
    page.locator("#document-submit").click()
    expect(page.locator("#document-add .error")).to_be_visible()
    expect(page.locator("#document-list li")).to_have_count(1)
