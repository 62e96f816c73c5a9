"""The child's emergency protection measure in a real browser, on a phone (390 px): the PMF
initiates it from the case page, records that the director was informed, the director's
decision and the alternative-care placement (htmx swaps the panel; no page reload)."""

from datetime import date

import pytest
from playwright.sync_api import expect

from nrm.core import clock

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
NO_HORIZONTAL_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth + 1"


@pytest.fixture
def ready(transactional_db, live_server, reference):
    return reference


def test_the_pmf_records_the_measure_on_a_phone(new_page, login, ready, make_case):
    from nrm.emergency.models import EmergencyMeasure
    from nrm.registry.selectors import procedure_open_of

    case = make_case("pmf.tirana", given_name="Ana", date_of_birth=date(2012, 5, 1))
    today = clock.today().isoformat()
    page = login(new_page(viewport=PHONE, is_mobile=True), "pmf.tirana")
    page.goto(f"/cases/{case.pk}/")

    page.locator("#em-initiate > summary").click()
    page.fill("#em-initiate-grounds", "Rrezik i lartë dhe i menjëhershëm.")
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    page.locator("#em-submit-initiate").click()
    expect(page.locator("#em-step-initiate")).to_have_attribute("data-done", "1")

    page.locator("#em-step-inform summary").click()
    page.locator("#em-submit-inform").click()
    expect(page.locator("#em-step-inform")).to_have_attribute("data-done", "1")

    page.locator("#em-step-decide summary").click()
    page.select_option("#em-decide-decision", "approved")
    page.fill("#em-decide-decided_on", today)
    page.select_option("#em-decide-director_role", "social_services_director")
    page.fill("#em-decide-reasoning", "Fëmija largohet nga mjedisi i rrezikshëm.")
    page.locator("#em-submit-decide").click()
    expect(page.locator("#em-step-decide")).to_have_attribute("data-done", "1")

    page.locator("#em-step-place summary").click()
    page.select_option("#em-place-kind", "emergency_centre")
    page.fill("#em-place-placed_on", today)
    page.fill("#em-place-municipality", "Tiranë")
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    page.locator("#em-submit-place").click()
    expect(page.locator("#em-step-place")).to_have_attribute("data-done", "1")
    assert page.evaluate(NO_HORIZONTAL_SCROLL)

    measure = EmergencyMeasure.objects.get(case=case)
    assert measure.decision == "approved"
    assert measure.placement_municipality == "Tiranë"
    assert procedure_open_of(case, "protection").state == "placed"
