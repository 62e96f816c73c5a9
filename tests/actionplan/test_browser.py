"""From a focal point's report to the Coordinator's dashboard, on a 390-px phone, in
Albanian, in a real browser: the police focal point finds its reporting task, reports on an
activity its institution leads; the Secretariat accepts the report; the progress page counts
the activity implemented."""

import pytest
from django.utils import translation
from playwright.sync_api import expect

from nrm.actionplan import services
from tests.browser.conftest import browser, login, new_page  # noqa: F401

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
NO_HORIZONTAL_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth + 1"


def _sq(text: str) -> str:
    with translation.override("sq"):
        return translation.gettext(text)


@pytest.fixture
def world(transactional_db, live_server, reference, actors, seed_bytes):
    secretariat = actors["ap.secretariat"]
    plan = services.plan_import(actor=secretariat, raw=seed_bytes, code="xk-2015").plan
    services.alias_map(
        actor=secretariat, name="PK", institution_id=reference["police-slktp-tirana"].pk
    )
    period = services.period_open(actor=secretariat, plan_id=plan.pk, year=2016, quarter=1)
    activity = plan.activities.filter(parties__role="lead", parties__name="PK").first()
    return plan, period, activity


def test_a_report_reaches_the_dashboard(new_page, login, world):  # noqa: F811
    plan, period, activity = world
    page = login(new_page(viewport=PHONE, is_mobile=True), "apap.police.tirana")
    page.locator(".menu-toggle").click()
    page.locator("#nav-actionplans").click()
    expect(page.locator("main h1")).to_have_text(_sq("Action plans"))
    page.locator(f"#my-reports a[href='/action-plans/activities/{activity.pk}/']").first.click()
    expect(page.locator("#report-h")).to_be_visible()
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    form = page.locator("form[action$='/report/']")
    form.locator("select[name=period]").select_option(str(period.pk))
    form.locator("select[name=status]").select_option("implemented")
    form.locator("textarea[name=narrative]").fill("Trajnimi u mbajt në mars.")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    expect(page.locator("#reports li[data-state=submitted]")).to_contain_text(
        "Trajnimi u mbajt në mars."
    )

    page = login(new_page(viewport=PHONE, is_mobile=True), "ap.secretariat")
    page.goto(f"/action-plans/activities/{activity.pk}/")
    review = page.locator("#reports form")
    review.locator("select[name=decision]").select_option("accept")
    with page.expect_navigation():
        review.locator("button[type=submit]").click()
    expect(page.locator("#reports li[data-state=accepted]")).to_be_visible()

    page.goto(f"/action-plans/{plan.pk}/dashboard/")
    expect(page.locator("#overall .rates li").first).to_contain_text("1 (")
    expect(page.locator("svg").first).to_be_visible()
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    page.screenshot(path="/tmp/nrm-actionplan-dashboard.png", full_page=True)
