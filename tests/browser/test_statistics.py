"""The statistics on a 390-px phone: the AP secretariat chooses the annual report and a year
by name, sees its tables as cards (nothing scrolls sideways) and the persons left out.
Every wait is for a state, never for time."""

from datetime import date

import pytest
from playwright.sync_api import expect

from tests.browser.test_phone import OVERFLOW, PHONE

pytestmark = pytest.mark.browser


@pytest.fixture
def victims(transactional_db, live_server, reference):
    from nrm.accounts.models import User
    from nrm.accounts.policy import actor_for
    from tests.statistics.conftest import World

    world = World({"ap.secretariat": actor_for(User.objects.get(username="ap.secretariat"))})
    world.victim(presumed=date(2024, 3, 2), identified=date(2024, 5, 1), forms=["begging"])
    gone = world.victim(presumed=date(2024, 4, 2), sex="male", estimated_age=16)
    world.withdraw(gone)


def test_the_annual_report_on_a_phone(new_page, login, victims):
    page = login(new_page(viewport=PHONE), "ap.secretariat")
    page.goto("/statistics/")
    page.select_option("#id_show", label="Raporti vjetor")
    page.select_option("#id_kind", value="year")
    page.select_option("#id_year", value="2024")
    with page.expect_navigation():
        page.click("#statistics-choice button[type=submit]")
    t01 = page.locator('section[data-table="T01"]')
    expect(t01).to_be_visible()
    expect(t01.locator("h2")).to_contain_text("2024")
    expect(t01.locator('tr[data-row="TOTAL"]')).to_contain_text("<5")  # one person: suppressed
    expect(t01.locator(".left-out")).to_contain_text("1")
    expect(page.locator('section[data-table="T09"]')).to_be_visible()
    fit = page.evaluate(OVERFLOW)
    assert fit["scroll"] <= fit["width"], fit["wide"]
