"""The "My work" home on a phone (390 × 844): a caseworker logs in, sees a deadline due and
opens the case from it (docs/home.md)."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def test_a_caseworker_opens_a_case_from_a_deadline_on_the_phone_home(new_page, login, cases):
    child = cases["child"]  # its first deadline: notify the PMF at once (the owner's)
    page = login(new_page(viewport=PHONE, is_mobile=True), "police.tirana")

    deadlines = page.locator("#home-deadlines-mine")
    expect(deadlines).to_be_visible()
    link = deadlines.locator(f'a.ref[href="/cases/{child.pk}/"]').first
    expect(link).to_have_text(child.reference)
    # Another county's case is not on the page; names never are.
    expect(page.locator("main")).not_to_contain_text(cases["shkoder"].reference)
    expect(page.locator("main")).not_to_contain_text("Besnik")
    # Nothing on the home page is wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path="/tmp/nrm-home-phone.png", full_page=True)

    with page.expect_navigation():
        link.click()
    assert page.url.endswith(f"/cases/{child.pk}/")
    expect(page.locator("main h1")).to_contain_text(child.reference)
