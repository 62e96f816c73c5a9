"""An AP meeting on a 390-px phone, in Albanian, in a real browser: the secretariat opens the
meeting, records who came, records the decision with its votes, and sees it."""

import pytest
from django.utils import translation
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
NO_HORIZONTAL_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth + 1"


def _sq(text: str) -> str:
    with translation.override("sq"):
        return translation.gettext(text)


@pytest.fixture
def meeting(transactional_db, live_server, reference, convene):
    return convene()


def test_attendance_and_a_decision_on_a_phone(new_page, login, meeting):
    page = login(new_page(viewport=PHONE, is_mobile=True), "ap.secretariat")
    page.locator(".menu-toggle").click()  # on a phone the menu is collapsed
    page.locator("#nav-meetings").click()
    expect(page.locator("main h1")).to_have_text(_sq("Meetings"))
    page.locator(f"#upcoming a[href='/meetings/{meeting.pk}/']").click()
    expect(page.locator("#meeting-status")).to_contain_text(_sq("convened"))
    assert page.evaluate(NO_HORIZONTAL_SCROLL)

    # Everyone came but the expert.
    boxes = page.locator("#attendance input[name=present]")
    expect(boxes).to_have_count(6)
    boxes.nth(5).uncheck()
    with page.expect_navigation():
        page.locator("#attendance button[type=submit]").click()
    expect(page.locator("#meeting-status")).to_contain_text(_sq("held"))
    expect(page.locator("#quorum")).to_contain_text("4")

    # A tie is refused on the form; three for and one against carries it.
    form = page.locator("#decisions form")
    form.locator("input[name=outcome][value=victim]").check()
    form.locator("textarea[name=text]").fill("Treguesit konfirmohen nga dosja.")
    form.locator("input[name=votes_for]").fill("2")
    form.locator("input[name=votes_against]").fill("2")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    expect(page.locator("#decisions .error")).to_be_visible()
    expect(page.locator("#decision-list .empty")).to_be_visible()

    form = page.locator("#decisions form")
    form.locator("input[name=outcome][value=victim]").check()
    form.locator("input[name=votes_for]").fill("3")
    form.locator("input[name=votes_against]").fill("1")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    expect(page.locator("#decision-list")).to_contain_text("Victim")
    expect(page.locator("#decision-list")).to_contain_text("Treguesit konfirmohen nga dosja.")
    expect(page.locator("#minutes-pdf")).to_be_visible()
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    page.screenshot(path="/tmp/nrm-meeting-decided.png", full_page=True)
