"""What a caseworker and the AP secretariat do in a real browser, end to end."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import translation
from playwright.sync_api import expect

from nrm.core import clock
from nrm.jurisdictions import get_profile

pytestmark = pytest.mark.browser

SCREENSHOTS = "/tmp/nrm-{}.png"
PHONE = {"width": 390, "height": 844}
NO_HORIZONTAL_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth + 1"


def _label(kind: str, code: str, language: str = "en") -> str:
    profile = get_profile(settings.NRM_JURISDICTION)
    return getattr(profile, kind)(code).name.get(language)


def _albanian(text: str) -> str:
    with translation.override("sq"):
        return translation.gettext(text)


def test_caseworker_switches_language_finds_a_case_and_reads_it(new_page, login, cases, search):
    case = cases["adult"]
    page = login(new_page(), "police.tirana")

    # Albanian first: the browser asks for it and it is the default.
    expect(page.locator("html")).to_have_attribute("lang", "sq")
    heading_sq = page.locator("main h1").inner_text().strip()
    # A caseworker lands on "My work" (the counts dashboard is the coordinators', docs/home.md).
    assert heading_sq == _albanian("My work") != "My work"
    page.screenshot(path=SCREENSHOTS.format("dashboard-sq"), full_page=True)

    # The language buttons in the header switch to English and stay on the page.
    with page.expect_navigation():
        page.locator("header form.lang button[value=en]").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("main h1")).to_have_text("My work")
    expect(page.locator("header form.lang button[value=en]")).to_have_attribute(
        "aria-current", "true"
    )
    page.screenshot(path=SCREENSHOTS.format("dashboard"), full_page=True)

    # Cases → type the reference; htmx replaces #results without reloading the page.
    page.locator("header nav").get_by_role("link", name="Cases", exact=True).click()
    expect(page.locator("main h1")).to_have_text("Cases")
    rows = page.locator("#results tbody tr")
    expect(rows).to_have_count(3)  # the three Tirana cases; not Shkodër's
    page.evaluate("window.__sameDocument = true")
    search(page, case.reference)
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(case.reference)
    assert page.evaluate("window.__sameDocument") is True, "the search reloaded the page"
    # The address is pushed (back and reload work) with an opaque search id, never the text
    # searched (second review, finding 5: a name in a URL reaches history, Referer and logs).
    expect(page).to_have_url(re.compile(r"/cases/\?s=[\w-]+$"))

    rows.first.get_by_role("link", name=case.reference).click()
    expect(page).to_have_url(re.compile(rf"/cases/{case.pk}/$"))
    expect(page.locator("main h1")).to_contain_text(case.reference)
    person = page.locator("section[aria-labelledby=person-h]")
    expect(person).to_contain_text("Arta Hoxha")
    details = page.locator("section[aria-labelledby=case-h]")
    expect(details).to_contain_text(_label("status", case.identification_status))
    expect(details).to_contain_text(_label("stage", case.stage))
    history = page.locator("section[aria-labelledby=history-h]")
    expect(history.locator("h2")).to_have_text("Status history")
    expect(history.locator("tbody tr")).to_have_count(2)  # stage and status at opening
    expect(history.locator("tbody tr").first).to_contain_text("Case opened")
    expect(history.locator("tbody tr").first).to_contain_text("police.tirana")
    # A caseworker does not see the access log.
    expect(page.locator("#access")).to_have_count(0)
    page.screenshot(path=SCREENSHOTS.format("case"), full_page=True)


def test_other_police_sector_gets_not_found_for_a_case_it_does_not_hold(new_page, login, cases):
    page = login(new_page(), "police.shkoder")
    response = page.goto(f"/cases/{cases['adult'].pk}/")
    assert response.status == 404
    missing = page.goto("/cases/999999/")
    assert missing.status == 404  # the same answer as for a case that does not exist
    page.goto("/cases/")
    expect(page.locator("#results tbody tr")).to_have_count(1)
    expect(page.locator("#results")).to_contain_text(cases["shkoder"].reference)
    expect(page.locator("#results")).not_to_contain_text(cases["adult"].reference)


def test_secretariat_sees_who_accessed_the_case(new_page, login, cases):
    case = cases["child"]
    police = login(new_page(), "police.tirana")
    assert police.goto(f"/cases/{case.pk}/").status == 200

    page = login(new_page(locale="en-GB"), "ap.secretariat")
    page.goto(f"/cases/{case.pk}/")
    expect(page.locator("main h1")).to_contain_text(case.reference)
    access = page.locator("#access")
    expect(access.locator("h2")).to_have_text("Who accessed this case")
    police_view = access.locator("table").first.locator("tbody tr", has_text="police.tirana")
    expect(police_view).to_have_count(1)
    expect(police_view).to_contain_text("Opened the case page")
    expect(police_view).to_contain_text(cases["adult"].owner_institution.name)
    # Its own view is recorded too, newest first.
    expect(access.locator("table").first.locator("tbody tr").first).to_contain_text(
        "ap.secretariat"
    )
    page.screenshot(path=SCREENSHOTS.format("case-secretariat"), full_page=True)


@pytest.mark.parametrize("username", ["police.tirana", "ap.secretariat"])
def test_case_list_and_case_page_fit_a_phone(new_page, login, cases, search, username):
    # Not is_mobile: a mobile viewport zooms out to fit what overflows, hiding the fault.
    page = login(new_page(viewport=PHONE), username)
    assert page.evaluate("window.innerWidth") == PHONE["width"]
    assert page.evaluate(NO_HORIZONTAL_SCROLL), "the dashboard scrolls sideways"

    page.goto("/cases/")
    assert page.evaluate(NO_HORIZONTAL_SCROLL), "the case list scrolls sideways"
    link = page.locator("#results").get_by_role("link", name=cases["foreign"].reference)
    expect(link).to_be_visible()
    search(page, cases["foreign"].reference)
    expect(page.locator("#results tbody tr")).to_have_count(1)
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    page.screenshot(path=SCREENSHOTS.format(f"phone-list-{username}"), full_page=True)

    link.click()
    expect(page).to_have_url(re.compile(rf"/cases/{cases['foreign'].pk}/$"))
    expect(page.locator("section[aria-labelledby=person-h]")).to_contain_text("Olena Kovalenko")
    assert page.evaluate(NO_HORIZONTAL_SCROLL), "the case page scrolls sideways"
    page.screenshot(path=SCREENSHOTS.format(f"phone-case-{username}"), full_page=True)


def test_new_case_form_refuses_a_future_birth_date_then_opens_the_case(new_page, login, cases):
    from nrm.registry.models import Case

    page = login(new_page(locale="en-GB"), "police.tirana")
    page.locator("header nav a[href='/cases/new/']").click()
    expect(page.locator("main h1")).to_have_text("New case")
    before = Case.objects.count()

    page.fill("#id_given_name", "Elira")
    page.fill("#id_family_name", "Dervishi")
    page.select_option("#id_sex", "female")
    tomorrow = clock.today() + timedelta(days=1)
    page.fill("#id_date_of_birth", tomorrow.isoformat())
    page.fill("#id_citizenship", "Albania")  # chosen by name (pickers.js)
    with page.expect_navigation():
        page.get_by_role("button", name="Open case").click()

    expect(page).to_have_url(re.compile(r"/cases/new/$"))
    field = page.locator(".field.invalid", has=page.locator("#id_date_of_birth"))
    expect(field.locator(".error")).to_have_text("The date of birth cannot be in the future.")
    expect(page.locator(".field.invalid")).to_have_count(1)
    expect(page.locator("#id_given_name")).to_have_value("Elira")  # what was typed is kept
    assert Case.objects.count() == before
    page.screenshot(path=SCREENSHOTS.format("new-case-error"), full_page=True)

    page.fill("#id_date_of_birth", "1999-05-01")
    with page.expect_navigation():
        page.get_by_role("button", name="Open case").click()

    expect(page).to_have_url(re.compile(r"/cases/\d+/$"))
    assert Case.objects.count() == before + 1
    created = Case.objects.latest("id")
    assert page.url.endswith(f"/cases/{created.pk}/")
    expect(page.locator("main h1")).to_contain_text(created.reference)
    expect(page.locator(".messages")).to_contain_text(created.reference)
    expect(page.locator("section[aria-labelledby=person-h]")).to_contain_text("Elira Dervishi")
    assert created.owner_institution.code == "police-slktp-tirana"


@pytest.mark.parametrize("viewport", [PHONE, None], ids=["phone", "desktop"])
def test_the_consent_and_rights_panels_load_when_opened(new_page, login, cases, viewport):
    """The case page does not carry the consent registry or the person's rights until the
    reader opens them (registry.doors.case_panels, `lazy`)."""
    case = cases["adult"]
    page = login(new_page(**({"viewport": viewport} if viewport else {})), "apap.police.tirana")
    page.goto(f"/cases/{case.pk}/")
    consent = page.locator("#panel-consentsection")
    rights = page.locator("#panel-registryperson-rights")
    expect(consent.locator("summary")).to_be_visible()
    expect(page.locator("#person-export-form")).to_have_count(0)

    rights.locator("summary").click()
    expect(rights.locator("#person-export-form")).to_be_visible()
    consent.locator("summary").first.click()
    expect(consent.locator("#consent-h")).to_be_visible()
    consent.locator("#consent-record summary").click()
    expect(consent.locator("#consent-record form")).to_be_visible()
    assert page.evaluate(NO_HORIZONTAL_SCROLL), "the opened panels scroll sideways"
    page.screenshot(path=SCREENSHOTS.format(f"case-panels-{page.viewport_size['width']}"))
