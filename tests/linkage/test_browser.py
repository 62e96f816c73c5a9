"""The AP secretariat on a 390-px phone, in Albanian, in a real browser: opens the possible
duplicates, the pair side by side, is refused without a reason, decides "same person", and
sees the pair leave the queue."""

import pytest
from django.utils import translation
from playwright.sync_api import expect

from nrm.linkage import services
from nrm.linkage.models import LinkDecision, PersonLink

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
NO_HORIZONTAL_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth + 1"


def _sq(text: str) -> str:
    with translation.override("sq"):
        return translation.gettext(text)


@pytest.fixture
def phone_pair(transactional_db, live_server, reference, twice, reviewer):
    services.linkage_scan(actor=reviewer)
    return twice


def test_the_reviewer_decides_a_pair_on_a_phone(new_page, login, phone_pair):
    police, shelter = phone_pair
    page = login(new_page(viewport=PHONE, is_mobile=True), "ap.secretariat")
    page.goto("/persons/duplicates/")
    rows = page.locator("#duplicate-queue .queue-row")
    expect(rows).to_have_count(1)
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    rows.first.locator("a.ref").click()

    expect(page.locator("#pair-sides .pair-side")).to_have_count(2)
    expect(page.locator("#pair-sides")).to_contain_text("Engjëll Marku")
    expect(page.locator("#pair-sides")).to_contain_text(shelter.reference)
    expect(page.locator('#pair-evidence tr[data-field="dob"]')).to_contain_text(_sq("agree"))
    assert page.evaluate(NO_HORIZONTAL_SCROLL)

    # No reason: refused on the form, nothing saved.
    page.locator('#decide-form input[value="same"]').check()
    page.locator("#decide-submit").click()
    expect(page.locator("#decide-form .error").first).to_be_visible()
    assert not PersonLink.objects.exists()

    page.locator('#decide-form input[value="same"]').check()
    page.locator("#id_reason").fill("I njëjti atë dhe fshat në të dy dosjet")
    page.locator("#decide-submit").click()
    expect(page.locator("#duplicate-queue .empty")).to_have_text(_sq("No pair awaits a decision."))
    link = PersonLink.objects.get()
    assert link.decision == LinkDecision.SAME
    assert {link.person_a_id, link.person_b_id} == {police.person_id, shelter.person_id}
