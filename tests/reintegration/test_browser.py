"""Monthly monitoring in a real browser on a phone (390 px): the case worker opens the case,
sees the timeline with the missing month, files the D2 and sees the month reported."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from nrm.core import clock

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
NO_HORIZONTAL_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth + 1"


@pytest.fixture
def ready(transactional_db, live_server, reference):
    return reference


def test_file_a_monthly_report_on_a_phone(new_page, login, ready, monitored):
    from nrm.reintegration.models import MonitoringReport

    case = monitored(decided_on=clock.today() - timedelta(days=40))
    page = login(new_page(viewport=PHONE, is_mobile=True), "police.tirana")
    page.goto(f"/cases/{case.pk}/")
    page.locator("#panel-reintegrationsection > summary").click()
    expect(page.locator('#timeline li[data-period="1"]')).to_have_attribute("data-state", "missing")
    expect(page.locator('#timeline li[data-period="2"]')).to_have_attribute("data-state", "current")
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    with page.expect_navigation():
        page.locator("#d2-new").click()
    expect(page.locator("#d2-period")).to_have_value("1")
    page.fill("#d2-situation_housing", "Jeton me qira të subvencionuar.")
    page.fill("#d2-risks", "Asnjë.")
    for code in ("employment", "housing", "health"):
        page.locator(f"input[name=criterion_{code}][value=no]").check()
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    with page.expect_navigation():
        page.locator("#d2-submit").click()
    expect(page.locator('#timeline li[data-period="1"]')).to_have_attribute(
        "data-state", "reported"
    )
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    assert MonitoringReport.objects.filter(case=case, period=1).exists()
