"""From an appeal to the Commission's decision in a real browser: the AP secretariat records
the appeal from the case page on a phone (390 px), convenes the Commission and records the
review of the file; the chair records the majority decision on a desktop."""

import pytest
from playwright.sync_api import expect

from nrm.core import clock

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
NO_HORIZONTAL_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth + 1"


@pytest.fixture
def ready(transactional_db, live_server, reference):
    return reference


def test_appeal_to_the_commission_decision(new_page, login, ready, decided, commission):
    from nrm.appeals.models import Appeal
    from nrm.registry.models import Case

    today = clock.today()
    case = decided(decided_on=today, notified_on=today)
    assert case.identification_status == "not_recognised"

    # The AP secretariat, on a phone: the case page's appeal panel.
    page = login(new_page(viewport=PHONE, is_mobile=True), "ap.secretariat")
    page.goto(f"/cases/{case.pk}/")
    page.locator("#panel-appealssection > summary").click()
    expect(page.locator("#appeal-window")).to_be_visible()
    page.select_option("#appeal-appellant", "person")
    page.fill("#appeal-filed_on", today.isoformat())
    page.fill("#appeal-arguments", "Ankuesi kundërshton vlerësimin e treguesve.")
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    with page.expect_navigation():
        page.locator("#appeal-file-submit").click()
    expect(page.locator("#appeal-status")).to_have_attribute("data-status", "filed")
    assert page.evaluate(NO_HORIZONTAL_SCROLL)

    page.fill("#convene-scheduled_for", f"{today.isoformat()}T10:00")
    with page.expect_navigation():
        page.locator("#appeal-convene").click()
    expect(page.locator("#appeal-status")).to_have_attribute("data-status", "convened")
    page.fill("#review-reviewed_on", today.isoformat())
    with page.expect_navigation():
        page.locator("#appeal-review").click()
    expect(page.locator("#appeal-status")).to_have_attribute("data-status", "reviewed")
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    appeal = Appeal.objects.get(case=case)

    # The chair, on a desktop: who attended the closed session, the decision by majority.
    desk = login(new_page(), "commission.mpb")
    desk.goto(f"/appeals/{appeal.pk}/")
    for box in desk.locator("input[name=present]").all():
        box.check()
    with desk.expect_navigation():
        desk.locator("#appeal-attendance").click()
    desk.select_option("#decision-outcome", "victim")
    desk.fill("#decision-reasoning", "Treguesit e vërtetuar mjaftojnë.")
    desk.fill("#decision-votes_for", "3")
    desk.fill("#decision-votes_against", "3")
    with desk.expect_navigation():
        desk.locator("#appeal-decide").click()
    # No majority: refused, nothing changed.
    expect(desk.locator(".messages .error")).to_be_visible()
    expect(desk.locator("#appeal-status")).to_have_attribute("data-status", "reviewed")
    desk.select_option("#decision-outcome", "victim")
    desk.fill("#decision-reasoning", "Treguesit e vërtetuar mjaftojnë.")
    desk.fill("#decision-votes_for", "4")
    desk.fill("#decision-votes_against", "2")
    with desk.expect_navigation():
        desk.locator("#appeal-decide").click()
    expect(desk.locator("#appeal-status")).to_have_attribute("data-status", "decided")
    expect(desk.locator("#appeal-pdf")).to_be_visible()
    assert Case.objects.get(pk=case.pk).identification_status == "victim"
