"""A shelter's worker on a phone (390 px) admits a referred person from the case page, records
the medical examination, assigns the case worker and finds the resident in the centre's
view."""

import pytest
from playwright.sync_api import expect

from nrm.core import clock

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
NO_HORIZONTAL_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth + 1"


@pytest.fixture
def ready(transactional_db, live_server, reference):
    return reference


def _referred(actors, make_case, reference):
    """An accepted referral to the Tirana shelter (made directly: the referral app's services
    make it in the merged build) and the access it gives."""
    from nrm.referrals.models import Referral
    from nrm.registry.services import case_assign

    case = make_case("police.tirana")
    grant = case_assign(
        actor=actors["police.tirana"],
        case_id=case.pk,
        institution=reference["shelter-tirana"],
        reason="Referim në strehëz",
    )
    now = clock.now()
    referral = Referral.objects.create(
        case=case,
        from_institution=reference["police-slktp-tirana"],
        to_institution=reference["shelter-tirana"],
        need="shelter",
        status="accepted",
        grant=grant,
        created_at=now,
        created_by=actors["police.tirana"].user,
        decided_at=now,
        updated_at=now,
    )
    return case, referral


def _open_panel(page):
    panel = page.locator("#panel-shelterssection")
    if panel.get_attribute("open") is None:
        panel.locator("> summary").click()
    expect(page.locator("#shelter")).to_be_visible()


def test_admit_examine_assign_and_see_the_resident(
    new_page, login, ready, actors, make_case, shelter_service
):
    from nrm.shelters.models import Residence

    service = shelter_service(beds=4, name="Strehim për të rritur")
    case, referral = _referred(actors, make_case, ready)

    page = login(new_page(viewport=PHONE, is_mobile=True), "shelter.tirana")
    page.goto(f"/cases/{case.pk}/")
    _open_panel(page)
    page.select_option("#admit-service", str(service.pk))
    page.select_option("#admit-referral", str(referral.pk))
    page.locator("input[name=information_given][value=premises]").check()
    page.locator("input[name=information_given][value=rules]").check()
    page.locator("input[name=basic_needs][value=food]").check()
    page.locator("#admit-agreement_signed").check()
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    with page.expect_navigation():
        page.locator("#shelter-admit-submit").click()
    expect(page.locator(".messages .error")).to_have_count(0)
    _open_panel(page)
    expect(page.locator("#shelter-stays li[data-open='1']")).to_be_visible()
    residence = Residence.objects.get(case=case)
    assert residence.referral_id == referral.pk

    page.locator("#shelter-medical > summary").click()
    page.fill("#medical-examined_on", clock.today().isoformat())
    page.fill("#medical-examined_by", "Mjeku i qendrës")
    page.fill("#medical-notes", "Pa shqetësime urgjente.")
    with page.expect_navigation():
        page.locator("#shelter-medical-submit").click()
    _open_panel(page)
    expect(page.locator(f"#shelter-medical-{residence.pk}")).to_contain_text("Mjeku i qendrës")

    page.locator("#shelter-caseworker > summary").click()
    page.select_option("#cw-user_id", str(actors["shelter.tirana"].user.pk))
    with page.expect_navigation():
        page.locator("#shelter-caseworker-submit").click()
    _open_panel(page)
    expect(page.locator(f"#shelter-caseworker-{residence.pk}")).to_contain_text("shelter.tirana")
    assert page.evaluate(NO_HORIZONTAL_SCROLL)

    page.goto("/shelters/")
    expect(page.locator("#shelter-residents")).to_contain_text(case.reference)
    expect(page.locator("#shelter-residents")).to_contain_text("shelter.tirana")
    expect(page.locator("#shelter-beds")).to_contain_text("3")
    expect(page.locator("#shelter-tasks")).to_contain_text(case.reference)
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
