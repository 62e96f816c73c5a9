"""The Kosovo instance in a real browser (a 390-px phone): the police of Prishtina reads a
case in Serbian (Latin script), and the profile's own Serbian texts are shown. The
interface catalogue's Serbian is written elsewhere, so this asserts profile texts only."""

import re
from datetime import date

import pytest
from django.conf import settings
from playwright.sync_api import expect

from nrm.jurisdictions import get_profile

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
SCREENSHOTS = "/tmp/nrm-{}.png"


@pytest.fixture
def kosovo_case(settings, transactional_db, live_server):
    """The instance serves Kosovo: its demo world and one case of the Prishtina police."""
    from nrm.accounts.models import User
    from nrm.accounts.policy import actor_for
    from nrm.registry.rules import PersonInput
    from nrm.registry.services import case_create
    from nrm.site.demo import demo_users_ensure, reference_data_ensure

    settings.NRM_JURISDICTION = "XK"
    demo_users_ensure(reference_data_ensure())
    actor = actor_for(User.objects.get(username="police.prishtina"))
    return case_create(
        actor=actor,
        person=PersonInput(
            given_name="Drita",
            family_name="Berisha",
            sex="female",
            date_of_birth=date(1998, 4, 9),
            citizenship="XK",
            languages=["sq"],
        ),
    )


def test_prishtina_police_reads_a_case_in_serbian_latin(new_page, login, kosovo_case):
    assert settings.NRM_JURISDICTION == "XK"
    assert re.fullmatch(r"XK-\d{4}-\d{6}", kosovo_case.reference)
    page = login(new_page(viewport=PHONE), "police.prishtina")

    # The picker offers the profile's languages; Serbian (Latin script) is one of them. On a
    # phone it is in the collapsed menu.
    page.locator(".menu-toggle").click()
    expect(page.locator("#menu nav")).to_be_visible()
    serbian = page.locator("header form.lang button[value=sr-latn]")
    expect(serbian).to_be_visible()
    expect(serbian).to_have_text("Srpski (latinica)")
    with page.expect_navigation():
        serbian.click()
    expect(page.locator("html")).to_have_attribute("lang", "sr-latn")

    page.goto("/cases/")
    expect(page.locator("html")).to_have_attribute("lang", "sr-latn")
    link = page.locator("#results").get_by_role("link", name=kosovo_case.reference)
    expect(link).to_be_visible()
    link.click()
    expect(page).to_have_url(re.compile(rf"/cases/{kosovo_case.pk}/$"))
    expect(page.locator("main h1")).to_contain_text(kosovo_case.reference)

    # The profile's own text in Serbian: the county (police region) of the case.
    county = get_profile("XK").county("prishtina").name
    assert county.get("sr-latn") == "Priština" != county.get("sq")
    details = page.locator("section[aria-labelledby=case-h]")
    expect(details).to_contain_text("Priština")
    page.screenshot(path=SCREENSHOTS.format("kosovo-case-sr-latn"), full_page=True)
