"""The PMF hears of a new child at once (issue 13): on a 390 × 844 phone a police officer
opens a case for a 16-year-old; the child protection worker and the unit's focal point log
in and their inboxes show the new child, with a visible link that opens the case."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("told", ["pmf.tirana", "apap.njmf.tirana"])
def test_the_pmfs_inbox_shows_the_new_child_at_once_with_a_link_that_opens_it(
    new_page, login, reference, told
):
    from nrm.registry.models import Case

    police = login(new_page(viewport=PHONE, locale="en-GB", is_mobile=True), "police.tirana")
    police.goto("/cases/new/")
    police.fill("#id_given_name", "Arta")
    police.fill("#id_family_name", "Krasniqi")
    police.select_option("#id_sex", "female")
    police.fill("#id_estimated_age", "16")
    with police.expect_navigation():
        police.get_by_role("button", name="Open case").click()
    expect(police).to_have_url(re.compile(r"/cases/\d+/$"))
    case = Case.objects.latest("id")
    assert case.is_child

    # No worker runs here: the notice was written with the case.
    worker = login(new_page(viewport=PHONE, locale="en-GB", is_mobile=True), told)
    worker.goto("/inbox/")
    link = worker.locator("a.notice-link", has_text=case.reference)
    expect(link).to_be_visible()  # the case column is hidden on a phone; this link is not
    expect(worker.locator("main")).to_contain_text("new child", ignore_case=True)
    expect(worker.locator("main")).not_to_contain_text("Krasniqi")
    worker.screenshot(path=f"/tmp/nrm-phone-inbox-{told}.png", full_page=True)
    with worker.expect_navigation():
        link.click()
    expect(worker).to_have_url(re.compile(rf"/cases/{case.pk}/$"))
    expect(worker.locator("main h1")).to_contain_text(case.reference)
    worker.screenshot(path=f"/tmp/nrm-phone-notice-{told}.png", full_page=True)
