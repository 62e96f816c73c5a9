"""The coordinators' dashboard charts on a phone (390 × 844) and a desktop (docs/charts.md):
five charts that fit the screen, each with its table folded beside it on a phone, open on a
desktop; no CSP refusal (the `new_page` fixture fails on one), no serious axe violation."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP
from tests.browser.test_phone import OVERFLOW, PHONE, _serious
from tests.statistics import toys

pytestmark = pytest.mark.browser


@pytest.fixture
def charts_world(transactional_db, live_server, reference, monkeypatch, make_case):
    from django.core.cache import cache

    cache.clear()
    toys.register(monkeypatch)
    make_case("police.tirana")
    make_case("police.shkoder", given_name="Besa")


def test_the_dashboard_charts_fit_a_phone_and_their_tables_open(new_page, login, charts_world):
    page = login(new_page(viewport=PHONE), "ap.secretariat")
    section = page.locator("#dash-statistics-charts")
    expect(section).to_be_visible()
    charts = section.locator("svg.nrm-chart")
    expect(charts).to_have_count(5)
    for index in range(5):
        box = charts.nth(index).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
    fit = page.evaluate(OVERFLOW)
    assert fit["scroll"] <= PHONE["width"] and not fit["wide"], fit

    pair = page.locator("#dash-t03a details.chart-table")
    table = pair.locator("table")
    expect(table).to_be_hidden()  # folded on a phone
    pair.locator("summary").click()
    expect(table).to_be_visible()
    expect(table).to_have_class("cards")  # ui.js: rows become cards
    row = table.locator("tbody tr").first
    row.scroll_into_view_if_needed()
    expect(row).to_contain_text("Sexual exploitation")
    expect(row).to_be_in_viewport()
    fit = page.evaluate(OVERFLOW)
    assert fit["scroll"] <= PHONE["width"] and not fit["wide"], fit
    assert not _serious(page, "/ (charts)")
    page.screenshot(path="/tmp/nrm-charts-phone.png", full_page=True)


def test_on_a_desktop_each_table_is_open_beside_its_chart(new_page, login, charts_world):
    page = login(new_page(viewport=DESKTOP), "ap.secretariat")
    tables = page.locator("#dash-statistics-charts details.chart-table")
    expect(tables).to_have_count(5)
    for index in range(5):
        expect(tables.nth(index)).to_have_attribute("open", "")
    expect(tables.first.locator("table")).to_be_visible()
    page.screenshot(path="/tmp/nrm-charts-desktop.png", full_page=True)
