"""On a phone, in Albanian: a citizenship and two languages chosen by typing part of their
names, then the caseworker corrects the date of birth (issue 13, items 3 and 7)."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
NO_HORIZONTAL_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth + 1"


def test_a_phone_chooses_names_by_typing_and_corrects_the_date_of_birth(new_page, login, cases):
    from nrm.registry.models import Case

    page = login(new_page(viewport=PHONE), "police.tirana")
    page.goto("/cases/new/")
    page.fill("#id_given_name", "Arta")
    page.fill("#id_family_name", "Krasniqi")
    page.fill("#id_estimated_age", "30")

    # A tap on a name offered after typing part of it ("sov" is inside "Kosova").
    page.locator("#id_citizenship").press_sequentially("sov")
    option = page.get_by_role("option", name="Kosova")
    expect(option).to_be_visible()
    option.click()
    expect(page.locator("#id_citizenship")).to_have_value("Kosova")
    expect(page.get_by_role("listbox")).to_have_count(0)

    # The first language by tap; a second box appears; the second by the keyboard.
    page.locator("#id_languages").press_sequentially("shq")
    page.get_by_role("option", name="Shqip", exact=True).click()
    expect(page.locator("#id_languages")).to_have_value("Shqip")
    second = page.locator("#id_languages_1")
    expect(second).to_have_value("")
    second.press_sequentially("serb")
    expect(page.get_by_role("option", name="Serbisht")).to_be_visible()
    page.screenshot(path="/tmp/nrm-picker-open-390.png")
    second.press("ArrowDown")
    second.press("Enter")
    expect(second).to_have_value("Serbisht")
    assert page.evaluate(NO_HORIZONTAL_SCROLL)

    with page.expect_navigation():
        page.locator("form button[type=submit].primary").click()
    expect(page).to_have_url(re.compile(r"/cases/\d+/$"))
    case = Case.objects.latest("id")
    assert (case.person.citizenship, case.person.languages) == ("XK", ["sq", "sr"])
    person = page.locator("section[aria-labelledby=person-h]")
    expect(person).to_contain_text("Kosova")
    expect(person).to_contain_text("Shqip, Serbisht")
    assert not case.is_child

    # The caseworker corrects the date of birth: a child now.
    with page.expect_navigation():
        page.locator("#person-correct").click()
    expect(page.locator("#id_citizenship")).to_have_value("Kosova")
    page.fill("#id_date_of_birth", "2010-02-03")
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    with page.expect_navigation():
        page.locator("#person-form button[type=submit].primary").click()
    expect(page).to_have_url(re.compile(rf"/cases/{case.pk}/$"))
    expect(person).to_contain_text("03.02.2010")
    expect(page.locator(".badges .tag.child")).to_be_visible()
    case.refresh_from_db()
    assert case.is_child and case.person.date_of_birth == "2010-02-03"
    page.screenshot(path="/tmp/nrm-person-corrected-390.png", full_page=True)
