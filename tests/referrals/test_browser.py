"""Referral → acceptance in a real browser, on a phone (390 px): the police worker refers
the person from the case page (the directory shows only suitable services), the shelter's
worker sees it under "action needed", accepts, and only then opens the case."""

from datetime import date

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import HTMX_IDLE

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
NO_HORIZONTAL_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth + 1"


@pytest.fixture
def ready(transactional_db, live_server, reference):
    return reference


def test_refer_from_the_case_page_and_accept_from_the_inbox(new_page, login, ready, make_case):
    from nrm.referrals.models import Referral

    case = make_case("police.tirana", sex="female", date_of_birth=date(1996, 5, 5))

    worker = login(new_page(viewport=PHONE, is_mobile=True), "police.tirana")
    worker.goto(f"/cases/{case.pk}/")
    worker.locator("#panel-referralssection > summary").click()
    expect(worker.locator("#refer-need")).to_be_visible()
    # the lazy panel settled: htmx has wired its select (a change before that asks nothing)
    worker.wait_for_function(HTMX_IDLE)
    worker.select_option("#refer-need", "shelter")
    services = worker.locator("#refer-services input[name=service]")
    expect(services.first).to_be_visible()
    labels = worker.locator("#refer-services").inner_text()
    assert "Vlorë" not in labels  # the expired licence is not offered
    worker.locator("#refer-services label", has_text="Strehim dhe mbrojtje").locator(
        "input"
    ).check()
    worker.locator("#refer-consent").check()
    worker.select_option("#refer-given-by", "person")
    worker.locator("#refer-emergency").check()
    assert worker.evaluate(NO_HORIZONTAL_SCROLL)
    with worker.expect_navigation():
        worker.locator("#refer-submit").click()
    expect(worker.locator(".messages")).to_contain_text("Referimi u dërgua")
    referral = Referral.objects.get(case=case)
    assert referral.status == "pending" and referral.emergency

    shelter = login(new_page(viewport=PHONE, is_mobile=True), "shelter.tirana")
    shelter.goto(f"/cases/{case.pk}/")
    assert "Hoxha" not in shelter.content()  # no access before acceptance
    shelter.goto("/referrals/")
    row = shelter.locator(f"#referral-{referral.pk}")
    expect(row).to_have_attribute("data-status", "pending")
    expect(row).to_contain_text(case.reference)
    assert "Hoxha" not in row.inner_text() and "Arta" not in row.inner_text()
    assert shelter.evaluate(NO_HORIZONTAL_SCROLL)
    row.locator("button.step-accepted").click()
    expect(shelter.locator(f"#referral-{referral.pk}")).to_have_attribute("data-status", "accepted")
    with shelter.expect_navigation():
        shelter.locator(f"#referral-{referral.pk} a.open-case").click()
    expect(shelter.locator("body")).to_contain_text(case.reference)
    expect(shelter.locator("body")).to_contain_text("Hoxha")
    assert shelter.evaluate(NO_HORIZONTAL_SCROLL)
