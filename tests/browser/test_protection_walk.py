"""The protection pathway walked end to end on a phone (390 px), in a real browser.

1. The Tirana police's caseworker opens an adult woman's case, finds the Tirana shelter's
   service in the directory through the case page's Refer form, records the person's
   consent and sends the referral.
2. The shelter's worker sees it in the inbox under "action needed"; the case page answers
   404 until the referral is accepted; after acceptance the case opens.
3. The shelter admits the person from the case page (C1 for an adult, the C2 agreement).
4. The shelter's case worker assesses the needs (C5), starts the reintegration plan (D1)
   from the profile's template and sends it to the AP.
5. After the AP's decision (recorded through the service, see below) the case worker files
   the first monthly monitoring report (D2).

Every page is checked for horizontal scroll at each step; the end state is checked in the
database."""

import pytest
from playwright.sync_api import expect

from nrm.core import clock

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
NO_HORIZONTAL_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth + 1"
SHELTER_NAME = "Strehëz OJF"


@pytest.fixture
def ready(transactional_db, live_server, reference):
    return reference


def _phone(new_page, login, username):
    return login(new_page(viewport=PHONE, is_mobile=True), username)


def _fits(page):
    assert page.evaluate(NO_HORIZONTAL_SCROLL), f"horizontal scroll on {page.url}"


def _open_panel(page, code: str, loaded: str):
    """Opens the case page's lazy panel `code` (unless open) and waits for `loaded`."""
    panel = page.locator(f"#panel-{code}")
    if panel.get_attribute("open") is None:
        panel.locator("> summary").click()
    expect(page.locator(loaded)).to_be_visible()


def test_refer_accept_admit_plan_and_monitor_on_a_phone(new_page, login, ready, actors, make_case):
    from datetime import date

    from nrm.directory.models import Service
    from nrm.plans.models import Plan, PlanStatus
    from nrm.plans.services import plan_decide
    from nrm.referrals.models import Referral
    from nrm.reintegration.models import MonitoringReport
    from nrm.shelters.models import Residence

    case = make_case(
        "police.tirana",
        given_name="Arta",
        family_name="Hoxha",
        sex="female",
        date_of_birth=date(1996, 3, 14),
    )
    service = Service.objects.get(organization__institution__code="shelter-tirana", need="shelter")

    # 1. The police's caseworker refers the person to the shelter from the case page.
    police = _phone(new_page, login, "police.tirana")
    police.goto(f"/cases/{case.pk}/")
    _fits(police)
    _open_panel(police, "referralssection", "#refer-need")
    police.select_option("#refer-need", "shelter")
    offered = police.locator(f"#service-{service.pk}")
    expect(offered).to_be_visible()  # the directory search answered with the shelter
    expect(police.locator("#refer-services label", has=offered)).to_contain_text(SHELTER_NAME)
    offered.check()
    police.locator("#refer-consent").check()
    police.select_option("#refer-given-by", "person")
    police.fill("#refer-note", "Kërkon strehim të sigurt.")
    _fits(police)
    with police.expect_navigation():
        police.locator("#refer-submit").click()
    expect(police.locator(".messages")).to_contain_text("Referimi u dërgua")
    _open_panel(police, "referralssection", "#case-referrals")
    expect(police.locator("#case-referrals li[data-status=pending]")).to_contain_text(SHELTER_NAME)
    _fits(police)
    referral = Referral.objects.get(case=case)
    assert referral.status == "pending" and referral.to_institution.code == "shelter-tirana"
    assert referral.service_id == service.pk and referral.consent_id is not None

    # 2. The shelter: no access before acceptance, the referral under "action needed".
    shelter = _phone(new_page, login, "shelter.tirana")
    response = shelter.goto(f"/cases/{case.pk}/")
    assert response.status == 404
    assert "Hoxha" not in shelter.content()
    shelter.goto("/referrals/")
    expect(shelter.locator("#tab-action")).to_have_attribute("aria-current", "page")
    expect(shelter.locator("#tab-action .badge")).to_have_text("1")
    row = shelter.locator(f"#referral-{referral.pk}")
    expect(row).to_have_attribute("data-status", "pending")
    expect(row).to_contain_text(case.reference)
    assert "Hoxha" not in row.inner_text()  # no name before acceptance
    _fits(shelter)
    row.locator("button.step-accepted").click()
    expect(row).to_have_attribute("data-status", "accepted")  # swapped in by htmx
    _fits(shelter)
    with shelter.expect_navigation():
        row.locator("a.open-case").click()
    expect(shelter.locator("body")).to_contain_text(case.reference)
    expect(shelter.locator("body")).to_contain_text("Hoxha")
    _fits(shelter)

    # 3. The shelter admits her (C1, an adult) with the signed agreement (C2).
    _open_panel(shelter, "shelterssection", "#shelter-admit")
    expect(shelter.locator("#shelter-admit > summary")).to_contain_text("C1")
    shelter.select_option("#admit-service", str(service.pk))
    shelter.select_option("#admit-referral", str(referral.pk))
    shelter.locator("input[name=information_given][value=premises]").check()
    shelter.locator("input[name=information_given][value=rules]").check()
    shelter.locator("input[name=basic_needs][value=food]").check()
    shelter.locator("#admit-agreement_signed").check()
    _fits(shelter)
    with shelter.expect_navigation():
        shelter.locator("#shelter-admit-submit").click()
    expect(shelter.locator(".messages .error")).to_have_count(0)
    _open_panel(shelter, "shelterssection", "#shelter")
    stay = shelter.locator("#shelter-stays li[data-open='1']")
    expect(stay).to_be_visible()
    expect(stay).to_contain_text("C2 (PDF)")
    expect(stay.locator("a", has_text="C1 (PDF)")).to_be_visible()
    expect(shelter.locator("#shelter-admit")).to_have_count(0)  # one open stay at a time
    _fits(shelter)

    # 4. The shelter's case worker assesses the needs and starts the D1 from the template
    #    (the selectors of tests/browser/test_plans.py), then sends it to the AP.
    _open_panel(shelter, "planssection", "#assessment-new")
    with shelter.expect_navigation():
        shelter.locator("#assessment-new").click()
    expect(shelter.locator("h1")).to_contain_text("C5")
    shelter.locator("#id_health-need").check()
    shelter.select_option("#id_health-level", "high")
    shelter.fill("#id_health-notes", "Dhimbje të shpeshta koke.")
    shelter.locator("#id_employment-need").check()
    shelter.select_option("#id_employment-level", "medium")
    shelter.locator("#id_person_participated").check()
    shelter.fill("#id_views", "Dëshiron punë të qëndrueshme.")
    _fits(shelter)
    with shelter.expect_navigation():
        shelter.locator("#assessment-submit").click()
    _open_panel(shelter, "planssection", "#assessment-current")
    expect(shelter.locator(".needs li[data-domain=health]")).to_be_visible()
    shelter.locator("#plan-start > summary").click()
    shelter.select_option("#plan-start-kind", "reintegration")
    shelter.select_option("#plan-start-template", "adult_labour_exploitation")
    _fits(shelter)
    with shelter.expect_navigation():
        shelter.locator("#plan-start-submit").click()
    expect(shelter.locator("#plan-state")).to_have_attribute("data-status", "draft")
    expect(shelter.locator("#plan-items > li")).to_have_count(7)
    _fits(shelter)
    with shelter.expect_navigation():
        shelter.locator("#plan-submit").click()
    expect(shelter.locator("#plan-state")).to_have_attribute("data-status", "submitted")
    _fits(shelter)
    plan = Plan.objects.get(case=case, kind="reintegration")

    # 5. The D2 needs the AP's approval of the D1 (it starts the monitoring). Set-up for this
    #    step only: the AP secretariat's decision is recorded through the plans' service, not
    #    the browser.
    plan_decide(
        actor=actors["ap.secretariat"],
        plan_id=plan.pk,
        outcome="approve",
        decided_on=clock.today(),
        reference="Vendim AP nr. 7",
    )
    shelter.goto(f"/cases/{case.pk}/")
    _open_panel(shelter, "reintegrationsection", "#timeline")
    expect(shelter.locator('#timeline li[data-period="1"]')).to_have_attribute(
        "data-state", "current"
    )
    _fits(shelter)
    with shelter.expect_navigation():
        shelter.locator("#d2-new").click()
    expect(shelter.locator("#d2-period")).to_have_value("1")
    expect(shelter.locator("#d2-form fieldset.plan-item")).to_have_count(7)
    shelter.fill("#d2-summary", "Ka filluar kursin e formimit profesional.")
    shelter.fill("#d2-situation_housing", "Qëndron në strehëz.")
    shelter.fill("#d2-risks", "Asnjë.")
    for code in ("employment", "housing", "health"):
        shelter.locator(f"input[name=criterion_{code}][value=no]").check()
    _fits(shelter)
    with shelter.expect_navigation():
        shelter.locator("#d2-submit").click()
    expect(shelter.locator('#timeline li[data-period="1"]')).to_have_attribute(
        "data-state", "reported"
    )
    _fits(shelter)

    # The end state, in the database.
    referral.refresh_from_db()
    assert referral.decided_by == actors["shelter.tirana"].user
    assert referral.decided_at is not None
    assert referral.status == "in_progress"  # accepted, then started by the admission
    residence = Residence.objects.get(case=case)
    assert residence.is_open and residence.form == "c1" and residence.agreement_signed
    assert residence.referral_id == referral.pk and residence.service_id == service.pk
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED and plan.items.count() == 7
    report = MonitoringReport.objects.get(case=case)
    assert report.period == 1 and not report.criteria_met
    assert report.reported_by == actors["shelter.tirana"].user
