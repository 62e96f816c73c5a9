"""From the group's queue to the decision in a real browser, on a phone (390 px) and on a
desktop: the police officer takes up the case, plans and holds the formal interview with
its participants, conditions and rights, and records the group's decision (B3)."""

import pytest
from playwright.sync_api import expect

from nrm.core import clock

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
NO_HORIZONTAL_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth + 1"


@pytest.fixture
def a5_live(transactional_db, live_server, reference, a5_case, actors):
    from nrm.identification import services

    def make(child=False):
        case = a5_case(child=child)
        # The partner institution has already taken up the case.
        partner = "pmf.tirana" if child else "social.tirana"
        services.seat_take(actor=actors[partner], case_id=case.pk)
        return case

    return make


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_from_the_queue_to_the_decision(new_page, login, a5_live, viewport):
    from nrm.identification.models import GroupDecision
    from tests.identification.conftest import mandatory_roles

    case = a5_live(child=True)
    phone = viewport is PHONE
    page = login(new_page(viewport=viewport, is_mobile=phone), "police.tirana")
    page.goto("/identification/")
    row = page.locator(f".queue-row[data-case='{case.pk}']")
    expect(row).to_be_visible()
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    with page.expect_navigation():
        row.locator("a.ref").click()

    with page.expect_navigation():
        page.locator("#take-seat").click()
    expect(page.locator("#seats")).to_contain_text("police.tirana")
    page.locator("#interview summary").click()
    page.fill("#id_place", "Drejtoria e Policisë, Tiranë")
    with page.expect_navigation():
        page.locator("#plan-interview").click()

    for role in mandatory_roles(case):
        page.select_option("#id_role", role)
        page.fill("#id_name", f"Pjesëmarrës {role}")
        page.fill("#id_declaration_signed_on", clock.today().isoformat())
        with page.expect_navigation():
            page.locator("#add-participant").click()
    expect(page.locator("#participants .error")).to_have_count(0)
    for box in page.locator("#start input[type=checkbox]").all():
        box.check()
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    with page.expect_navigation():
        page.locator("#start-interview").click()
    expect(page.locator("#interview-status")).to_have_text("në zhvillim")
    with page.expect_navigation():
        page.locator("#end-interview").click()
    expect(page.locator("#interview-status")).to_have_text("përfunduar")

    page.goto(f"/identification/cases/{case.pk}/")
    page.locator("#decision-form input[name=consensus][value=no]").check()
    page.fill("#id_reasoning", "Anëtarët e grupit nuk ranë dakord")
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    with page.expect_navigation():
        page.locator("#record-decision").click()
    decision = GroupDecision.objects.get(case=case)
    expect(page.locator(f"#decision-{decision.pk}")).to_contain_text(decision.reference)
    expect(page.locator("#group-state")).to_have_text("te Autoriteti Përgjegjës (pa konsensus)")
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
