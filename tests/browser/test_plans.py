"""Needs assessment to the D1 on a phone (390 px), in a real browser: the shelter's case
worker assesses the adult's needs (C5) from the case page, starts the reintegration plan
from the profile's template, adds an action and sends the plan to the AP; the AP secretariat
sees it in its list with the 7-day due date."""

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
NO_HORIZONTAL_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth + 1"
SHSSH = "Shërbimi Social Shtetëror, zyra rajonale Tiranë"


@pytest.fixture
def sheltered(transactional_db, live_server, reference, actors, make_case):
    """An adult's case of the State Social Service of Tirana, the shelter with access."""
    from nrm.accounts.models import Institution
    from nrm.registry.services import case_assign

    case = make_case("social.tirana", given_name="Drita", estimated_age=30)
    case_assign(
        actor=actors["social.tirana"],
        case_id=case.pk,
        institution=Institution.objects.get(code="shelter-tirana"),
        reason="Pranimi në strehëz",
    )
    return case


def test_assessment_to_a_plan_from_a_template_sent_to_the_ap(new_page, login, sheltered):
    from nrm.plans.models import Plan

    case = sheltered
    page = login(new_page(viewport=PHONE, is_mobile=True), "shelter.tirana")
    page.goto(f"/cases/{case.pk}/")
    page.locator("#panel-planssection > summary").click()
    with page.expect_navigation():
        page.locator("#assessment-new").click()
    expect(page.locator("h1")).to_contain_text("C5")
    page.locator("#id_health-need").check()
    page.select_option("#id_health-level", "high")
    page.fill("#id_health-notes", "Dhimbje të shpeshta koke.")
    page.locator("#id_employment-need").check()
    page.select_option("#id_employment-level", "medium")
    page.locator("#id_person_participated").check()
    page.fill("#id_views", "Dëshiron punë të qëndrueshme.")
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    with page.expect_navigation():
        page.locator("#assessment-submit").click()

    # Back on the case page: the assessment, then the plan from a template.
    page.locator("#panel-planssection > summary").click()
    expect(page.locator("#assessment-current")).to_be_visible()
    expect(page.locator(".needs li[data-domain=health]")).to_be_visible()
    page.locator("#plan-start > summary").click()
    page.select_option("#plan-start-kind", "reintegration")
    page.select_option("#plan-start-template", "adult_labour_exploitation")
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    with page.expect_navigation():
        page.locator("#plan-start-submit").click()
    expect(page.locator("#plan-state")).to_have_attribute("data-status", "draft")
    expect(page.locator("#plan-items > li")).to_have_count(7)

    # One more action (first without its institution: the page says why), then to the AP.
    due = (date.today() + timedelta(days=10)).isoformat()
    page.locator("#item-add > summary").click()
    page.select_option("#item-new-domain", "economic")
    page.fill("#item-new-action", "Aplikim për ndihmë ekonomike.")
    page.fill("#item-new-due_on", due)
    with page.expect_navigation():
        page.locator("#item-add-submit").click()
    expect(page.locator(".messages .error")).to_contain_text("institucionin përgjegjës")
    expect(page.locator("#plan-items > li")).to_have_count(7)
    page.locator("#item-add > summary").click()
    page.select_option("#item-new-domain", "economic")
    page.fill("#item-new-action", "Aplikim për ndihmë ekonomike.")
    page.select_option("#item-new-institution_id", label=SHSSH)
    page.fill("#item-new-due_on", due)
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    with page.expect_navigation():
        page.locator("#item-add-submit").click()
    expect(page.locator("#plan-items > li")).to_have_count(8)
    with page.expect_navigation():
        page.locator("#plan-submit").click()
    expect(page.locator("#plan-state")).to_have_attribute("data-status", "submitted")
    expect(page.locator("#plan-due")).to_be_visible()
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    plan = Plan.objects.get(case=case)
    assert plan.items.count() == 8

    # The AP secretariat, on a phone too: the plan awaits its decision, with the due date.
    ap = login(new_page(viewport=PHONE, is_mobile=True), "ap.secretariat")
    ap.goto("/plans/awaiting-ap/")
    row = ap.locator("#plan-ap-rows tbody tr", has_text=plan.number)
    expect(row.locator("time")).to_be_visible()
    assert ap.evaluate(NO_HORIZONTAL_SCROLL)
