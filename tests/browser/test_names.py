"""Issue 13 on a phone (390 × 844): a case found by the family name alone, and the warning
when a second case is opened for a person who may already have one."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def test_the_family_name_alone_finds_the_case_on_a_phone(new_page, login, cases, search):
    page = login(new_page(viewport=PHONE, locale="en-GB"), "police.tirana")

    # From the box on the home page: posted, so the name stays out of the address.
    expect(page.locator("label[for=home-q]")).to_contain_text("name")
    page.fill("#home-q", "kovalenko")
    with page.expect_navigation():
        page.locator("form[role=search] button[type=submit]").click()
    rows = page.locator("#results tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(cases["foreign"].reference)
    assert "kovalenko" not in page.url.casefold()

    # In the list, in another order of letters and case: the given name alone.
    search(page, "OLENA")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(cases["foreign"].reference)


def test_a_second_case_for_the_same_person_is_warned_of_on_a_phone(new_page, login, cases):
    from nrm.registry.models import Case, DuplicateContinuation

    page = login(new_page(viewport=PHONE, locale="en-GB"), "police.shkoder")
    page.goto("/cases/new/")
    page.fill("#id_given_name", "Hoxha")  # the names in the other order
    page.fill("#id_family_name", "Arta")
    page.select_option("#id_sex", "female")
    before = Case.objects.count()
    with page.expect_navigation():
        page.get_by_role("button", name="Open case").click()

    warning = page.locator("#duplicates")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("held by another institution")
    expect(warning).not_to_contain_text(cases["adult"].reference)  # Tirana's: not for Shkodër
    with page.expect_navigation():
        page.get_by_role("button", name="Continue with this reason").click()
    expect(page.locator("#id_duplicate_reason_error")).to_be_visible()
    assert Case.objects.count() == before

    page.fill("#id_duplicate_reason", "Another date of birth on her card")
    with page.expect_navigation():
        page.get_by_role("button", name="Continue with this reason").click()
    expect(page).to_have_url(re.compile(r"/cases/\d+/$"))
    created = Case.objects.latest("id")
    assert Case.objects.count() == before + 1
    assert DuplicateContinuation.objects.get(case=created).hidden_cases == [cases["adult"].pk]
