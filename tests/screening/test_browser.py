"""The whole initial identification on a phone, in Albanian, in a real browser: a police
officer meets a foreign child, screens, works through the actions, records the interview
with its A1 declarations and the consent, and sends the request for formal identification."""

import pytest
from django.utils import translation
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
NO_HORIZONTAL_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth + 1"
SHOT = "/tmp/nrm-screening-{}.png"


def _sq(text: str) -> str:
    with translation.override("sq"):
        return translation.gettext(text)


@pytest.fixture
def ready(transactional_db, live_server, reference):
    return reference


def test_new_identification_of_a_foreign_child_on_a_phone(new_page, login, ready):
    from nrm.deadlines.models import Deadline
    from nrm.registry.models import Case

    page = login(new_page(viewport=PHONE, is_mobile=True), "police.tirana")
    page.locator(".menu-toggle").click()  # on a phone the menu is collapsed
    page.locator("#nav-identification").click()
    expect(page.locator("html")).to_have_attribute("lang", "sq")
    expect(page.locator("main h1")).to_have_text(_sq("New identification"))

    # 1. The person: no name known, only an alias; an estimated age; a foreign citizenship.
    page.fill("#id_person-given_name", "Vajza me xhaketë të kuqe")
    page.fill("#id_person-estimated_age", "15")
    page.select_option("#id_person-sex", "female")
    page.fill("#id_person-citizenship", "Ukrainë")  # chosen by name (pickers.js)
    page.fill("#id_person-languages", "uk")
    with page.expect_navigation():
        page.locator("form button[type=submit].primary").click()

    # 2. Indicators, grouped as in the SOP, with the child groups; the count is live.
    expect(page.locator("#group-CHILD legend")).to_contain_text("Fëmijët që janë trafikuar mund:")
    expect(page.locator(".notice.child")).to_be_visible()
    count, result = page.locator("#indicator-count"), page.locator("#threshold-result")
    expect(count).to_have_text("0")
    for code in ("GEN-06", "CHILD-01"):
        page.locator(f"input[name=indicators][value={code}]").check()
    expect(count).to_have_text("2")
    expect(result).to_have_text(_sq("Threshold not reached"))
    page.locator("input[name=indicators][value=BEG-01]").check()
    expect(count).to_have_text("3")
    expect(result).to_have_text(_sq("Threshold reached: potential victim of trafficking (VMT)"))
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    page.screenshot(path=SHOT.format("indicators"), full_page=False)
    with page.expect_navigation():
        page.locator("#screening-form button[type=submit].primary").click()

    case = Case.objects.get()
    assert case.is_child and case.identification_status == "potential_victim"
    expect(page.locator("#status-tag")).to_have_text("Viktimë e mundshme trafikimi (VMT)")

    # 3. Required actions: the PMF and the interpreter are notified, saved in one submit.
    for code in ("notify_child_protection_worker", "notify_interpreter"):
        page.locator(f"input[name=action][value={code}]").check()
    page.locator("input[name=need][value=food]").check()
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    page.screenshot(path=SHOT.format("actions"), full_page=True)
    with page.expect_navigation():
        page.locator("#checklist-form button[name=save]").click()
    met = dict(Deadline.objects.filter(case=case).values_list("rule", "status"))
    assert met["notify_child_protection_worker"] == "met"
    assert met["notify_interpreter"] == "met"
    assert case.checklist.get(kind="need", code="food").done

    # 4. The initial interview (A3): interviewer, psychologist and interpreter, each with A1,
    # entered with the plan. Saving the actions led straight to planning it.
    page.fill("#id_place", "Drejtoria e Policisë, Tiranë")
    page.locator("input[name=conditions][value=door_closed]").check()
    for role, name, signed in (
        ("interviewer", "Insp. Arben Dervishi", True),
        ("psychologist", "Dr. Elira Leka", True),
        ("interpreter", "Olena Kravets", False),
    ):
        page.fill(f"#id_p-{role}-name", name)
        if signed:
            page.locator(f"#id_p-{role}-signed_today").check()
    with page.expect_navigation():
        page.locator("form button[type=submit].primary").click()
    expect(page.locator("main h1")).to_contain_text("A3")
    assert case.interviews.get().participants.count() == 3
    # Not held while the interpreter has not signed A1.
    page.fill("#id_subject", "rekrutimi dhe udhëtimi")
    with page.expect_navigation():
        page.locator("#held button[type=submit]").click()
    expect(page.locator("#held .error").first).to_be_visible()
    with page.expect_navigation():
        page.locator("form.sign-a1 button[type=submit]").click()
    with page.expect_navigation():
        page.locator("#held button[type=submit]").click()
    assert case.interviews.get().status == "held"

    # 5. Consent (A2), given by the parent, with the child's own view beside it: without
    # the view the form comes back with the error beside it, on the phone's width.
    page.locator("#consent input[name=given][value=yes]").check()
    page.locator("#consent input[name=given_by][value=parent]").check()
    with page.expect_navigation():
        page.locator("#consent button[type=submit]").click()
    expect(page.locator("#consent-form")).to_contain_text(
        _sq("Record the child's own view: agrees, disagrees, could not express one, or not asked.")
    )
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    page.locator("#consent input[name=given][value=yes]").check()
    page.locator("#consent input[name=given_by][value=parent]").check()
    page.locator("#consent input[name=child_view][value=agrees]").check()
    page.fill("#consent textarea[name=child_view_note]", "Dëshiron të flasë")
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    page.screenshot(path=SHOT.format("a2"), full_page=False)
    with page.expect_navigation():
        page.locator("#consent button[type=submit]").click()
    expect(page.locator("#consent-current")).to_contain_text(_sq("Given"))
    expect(page.locator("#consent-child-view")).to_contain_text("Dëshiron të flasë")

    # 6. The request (A5) to the Tirana group: police SLKTP + child protection unit.
    page.locator("#next-step").click()
    expect(page.locator("main")).to_contain_text("Njësia e Mbrojtjes së Fëmijës, Bashkia Tiranë")
    page.fill("#id_grounds", "Tre tregues, përfshirë lypje")
    with page.expect_navigation():
        page.locator("button[name=send]").click()
    case.refresh_from_db()
    assert case.stage == "formal_identification"
    expect(page.locator("#request")).to_contain_text("Njësia e Mbrojtjes së Fëmijës")
    expect(page.locator("#documents")).to_contain_text("A5. Kërkesë për identifikim formal")
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    page.screenshot(path=SHOT.format("sent"), full_page=True)

    # The child protection unit finds it in its queue.
    pmf = login(new_page(viewport=PHONE, is_mobile=True), "pmf.tirana")
    pmf.goto("/identifications/queue/")
    expect(pmf.locator("main table")).to_contain_text(case.reference)
