"""The phone layout (issue 13, items 4 and 11) on a 390 × 844 viewport, in a real browser:
the collapsed menu, tables as cards (nothing scrolls sideways), the error summary, dates in
the user's format, keyboard focus after a checklist toggle, and axe-core on the main pages.

Every wait is for a state (an element, an attribute, htmx settled), never for time."""

import re
from datetime import date

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import translation
from playwright.sync_api import expect

from nrm.core import clock

pytestmark = pytest.mark.browser

# Not is_mobile: a mobile viewport zooms out to fit what overflows, hiding the fault.
PHONE = {"width": 390, "height": 844}
HEADER_SHARE = 0.15  # of the first screen
SHOT = "/tmp/nrm-phone-{}.png"

# What sticks out of the viewport on the right (or is wider than it): the page scrolls
# sideways, or a box has a scroll bar of its own. Boxes moved off screen on purpose (the skip
# link) or clipped to a pixel (screen-reader text) are no fault.
OVERFLOW = """() => {
  const width = window.innerWidth;
  const wide = [];
  for (const el of document.body.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    if (box.width <= 1 || box.height <= 1 || box.right <= 0) continue;
    if (box.right > width + 1 || box.width > width + 1) {
      wide.push(el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
        + (el.className && typeof el.className === "string" ? "." + el.className : "")
        + " " + Math.round(box.right));
    }
  }
  return {scroll: document.documentElement.scrollWidth, width: width, wide: wide.slice(0, 8)};
}"""

HTMX_IDLE = """() => document.querySelector(".htmx-request, .htmx-swapping, .htmx-settling")
  === null"""


def _sq(text: str) -> str:
    with translation.override("sq"):
        return translation.gettext(text)


@pytest.fixture
def world(transactional_db, live_server, reference):
    """A screened child with consent, open deadlines, and inbox notices (a deadline's and a
    case notice) for the three users whose pages are visited."""
    from nrm.accounts.models import User
    from nrm.accounts.policy import actor_for
    from nrm.deadlines.models import Deadline, Notification
    from nrm.deadlines.services import notice_send
    from nrm.registry.rules import PersonInput
    from nrm.registry.services import case_create
    from nrm.screening import services as screening
    from nrm.screening.services import a2_record, screening_submit

    police = actor_for(User.objects.get(username="police.tirana"))
    child = case_create(
        actor=police,
        person=PersonInput(
            given_name="Arta",
            family_name="Krasniqi",
            sex="female",
            estimated_age=16,
            appears_to_be_child=True,
            citizenship="XK",
            languages=["sq"],
        ),
    )
    screening_submit(
        actor=police,
        case_id=child.pk,
        catalogue="AL-2025",
        indicators=["GEN-01", "GEN-02", "GEN-03"],
    )
    a2_record(
        actor=police,
        case_id=child.pk,
        given=True,
        given_by="parent",
        signed_on=clock.today(),
        child_view="agrees",
    )
    # A planned interview (A3) with a participant whose A1 is not signed yet: its inline form.
    interview = screening.interview_plan(
        actor=police,
        case_id=child.pk,
        scheduled_at=clock.now(),
        place="Drejtoria e Policisë, Tiranë",
        conditions=["safe_environment", "door_closed"],
    )
    screening.participant_add(
        actor=police, interview_id=interview.pk, role="interviewer", name="Insp. Arben Dervishi"
    )
    adult = case_create(
        actor=police,
        person=PersonInput(
            given_name="Olena",
            family_name="Kovalenko",
            sex="female",
            date_of_birth=date(1990, 7, 2),
            citizenship="UA",
        ),
    )
    users = list(
        User.objects.filter(username__in=["police.tirana", "pmf.tirana", "ap.secretariat"])
    )
    notice_send(recipients=users, kind="consent_withdrawn", case=child, data={"n": 1})
    deadline = Deadline.objects.filter(case=child).order_by("due_at").first()
    assert deadline is not None, "opening a case starts its deadlines"
    Notification.objects.bulk_create(
        Notification(
            recipient=u,
            deadline=deadline,
            case=child,
            case_reference=child.reference,
            kind="reminder",
            created_at=clock.now(),
        )
        for u in users
    )
    return {"child": child, "adult": adult, "interview": interview}


PAGES = {
    "police.tirana": [
        "/",
        "/cases/",
        "/cases/{child}/",
        "/cases/{child}/history/",
        "/inbox/",
        "/deadlines/",
        "/identifications/new/",
        "/identifications/queue/",
        "/cases/{child}/identification/",
        "/cases/{child}/interviews/new/",
        "/interviews/{interview}/",
        "/cases/{child}/formal-identification/",
        "/referrals/",
        "/cases/new/",
        "/exchange/htcds/import/",  # issue 14
    ],
    "ap.secretariat": [
        "/",
        "/cases/",
        "/cases/{child}/",
        "/inbox/",
        "/deadlines/monitor/",
        "/identification/",
        "/exchange/ctdc/",  # issue 14
    ],
    "pmf.tirana": ["/", "/inbox/", "/identifications/queue/", "/deadlines/"],
}


def _visit(page, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.ok, (url, response and response.status)
    page.wait_for_load_state("load")
    page.wait_for_function(HTMX_IDLE)


def _open_panels(page) -> None:
    """The case page's panels loaded when opened (consent, deadlines, notes…): all of them."""
    panels = page.locator("details.lazy-panel")
    for n in range(panels.count()):
        panel = panels.nth(n)
        panel.locator("summary").click()
        expect(panel.locator(".panel-body")).not_to_contain_text(_sq("Loading…"))
        page.wait_for_function(HTMX_IDLE)


def _fits(page, url: str) -> None:
    result = page.evaluate(OVERFLOW)
    assert result["scroll"] <= result["width"] + 1 and not result["wide"], (url, result)


def _serious(page, url: str) -> list[str]:
    response = Axe().run(page, options={"resultTypes": ["violations"]}).response
    assert response["testEngine"]["name"] == "axe-core" and response["passes"], url
    found = response["violations"]
    return [
        f"{url}: {v['id']} ({v['impact']}): "
        + "; ".join(n["target"][0] if n["target"] else "?" for n in v["nodes"][:3])
        for v in found
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("username", sorted(PAGES))
def test_main_pages_fit_a_phone_with_a_small_header_and_pass_axe(new_page, login, world, username):
    page = login(new_page(viewport=PHONE), username)
    assert page.evaluate("window.innerWidth") == PHONE["width"]
    refs = {"child": world["child"].pk, "interview": world["interview"].pk}
    problems: list[str] = []
    for template in PAGES[username]:
        url = template.format(**refs)
        _visit(page, url)
        if re.search(r"/cases/\d+/$", url):
            _open_panels(page)
        _fits(page, url)
        header = page.locator("header.top").bounding_box()
        assert header["height"] < HEADER_SHARE * PHONE["height"], (url, header)
        if page.locator("table").count():
            # Every table of the page is read as cards, each cell with its column's name.
            assert page.locator("table:not(.cards)").count() == 0, url
        problems += _serious(page, url)
        page.screenshot(
            path=SHOT.format(f"{username}-{url.strip('/').replace('/', '-') or 'home'}")
        )
    # With the menu open too: its links and tools are checked as well.
    _visit(page, "/")
    page.locator(".menu-toggle").click()
    expect(page.locator("#menu nav")).to_be_visible()
    _fits(page, "/ (menu open)")
    problems += _serious(page, "/ (menu open)")
    assert not problems, "\n".join(problems)


def test_the_menu_opens_closes_and_says_what_each_new_does(new_page, login, world):
    page = login(new_page(viewport=PHONE), "police.tirana")
    toggle = page.locator(".menu-toggle")
    nav = page.locator("header nav")
    expect(toggle).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(nav).to_be_hidden()
    header = page.locator("header.top").bounding_box()
    assert header["height"] < HEADER_SHARE * PHONE["height"], header

    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(nav).to_be_visible()
    expect(page.locator("#menu .tools form.lang")).to_be_visible()  # language, log out inside
    expect(page.locator("#menu").get_by_role("button", name=_sq("Log out"))).to_be_visible()
    # "New identification" and "New case" each say what they are for, visibly and to readers.
    for link, hint in (
        (
            "#nav-identification",
            "Stage A: screen a possible victim (indicators, interview, consent)",
        ),
        ("#nav-case-new", "Open a case file only, without the stage A screening"),
    ):
        described = page.locator(link).get_attribute("aria-describedby")
        expect(page.locator(f"#{described}")).to_have_text(_sq(hint))
        expect(page.locator(f"#{described}")).to_be_visible()
    page.screenshot(path=SHOT.format("menu-open"), full_page=True)

    page.keyboard.press("Escape")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(nav).to_be_hidden()
    expect(toggle).to_be_focused()

    # The desktop keeps its open navigation and no menu button.
    desktop = login(new_page(), "police.tirana")
    expect(desktop.locator(".menu-toggle")).to_be_hidden()
    expect(desktop.locator("header nav")).to_be_visible()
    desktop.screenshot(path=SHOT.format("desktop"))


def test_the_inbox_on_a_phone_keeps_the_case_link(new_page, login, world):
    page = login(new_page(viewport=PHONE), "police.tirana")
    _visit(page, "/inbox/")
    rows = page.locator("table.notifications tbody tr")
    expect(rows).to_have_count(2)
    for n in range(2):
        link = rows.nth(n).get_by_role("link", name=world["child"].reference, exact=True)
        expect(link).to_be_visible()
        cell = rows.nth(n).locator(
            "td", has=page.get_by_role("link", name=world["child"].reference, exact=True)
        )
        expect(cell).to_have_attribute("data-label", _sq("Case"))
    _fits(page, "/inbox/")
    page.screenshot(path=SHOT.format("inbox"), full_page=True)
    rows.first.get_by_role("link", name=world["child"].reference).click()
    expect(page).to_have_url(re.compile(rf"/cases/{world['child'].pk}/$"))


def test_a_failed_submit_shows_a_summary_with_links_and_takes_the_focus(new_page, login, world):
    from nrm.registry.models import Case

    page = login(new_page(viewport=PHONE), "police.tirana")
    _visit(page, "/cases/new/")
    date_field = page.locator("#id_date_of_birth")
    # The user's format, not the browser's: a text field with the format beside it.
    expect(date_field).to_have_attribute("type", "text")
    expect(date_field).to_have_attribute("placeholder", _sq("dd.mm.yyyy"))
    page.fill("#id_given_name", "Elira")
    date_field.fill("31.02.2020")  # no such day
    page.fill("#id_email", "elira at example")
    before = Case.objects.count()
    with page.expect_navigation():
        page.locator("form.form button.primary").click()

    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary.locator("h2")).to_have_text(_sq("There is a problem"))
    errors = page.locator(".field.invalid .error")
    links = summary.locator("li a")
    assert errors.count() >= 2
    expect(links).to_have_count(errors.count())  # one item a message: nothing runs together
    box = summary.bounding_box()
    assert -1 <= box["y"] < PHONE["height"], box  # on screen, not 2,300 px lower
    expect(date_field).to_have_value("31.02.2020")  # shown as typed
    assert Case.objects.count() == before
    page.screenshot(path=SHOT.format("error-summary"))

    links.filter(has_text=_sq("Date of birth")).click()
    expect(date_field).to_be_focused()

    # Day first is understood; the case gets the date meant.
    date_field.fill("01.05.1999")
    page.fill("#id_email", "")
    with page.expect_navigation():
        page.locator("form.form button.primary").click()
    expect(page).to_have_url(re.compile(r"/cases/\d+/$"))
    created = Case.objects.latest("id")
    assert str(created.person.date_of_birth) == date(1999, 5, 1).isoformat()  # stored as ISO


def test_the_submit_button_of_a_long_form_stays_in_reach(new_page, login, world):
    page = login(new_page(viewport=PHONE), "police.tirana")
    _visit(page, "/cases/new/")
    button = page.locator("form.form > button.primary")
    page.locator("#id_given_name").focus()  # the top of the form
    box = button.bounding_box()
    assert box["y"] + box["height"] <= PHONE["height"] + 1, box  # visible without scrolling


def test_keyboard_focus_stays_on_the_toggled_checklist_item(new_page, login, world):
    """The checklist is one form of boxes saved once (no swap that could drop the focus):
    the keyboard ticks a box, the focus stays on it, and Enter saves it."""
    page = login(new_page(viewport=PHONE), "police.tirana")
    _visit(page, f"/cases/{world['child'].pk}/identification/")
    first = page.locator("#checklist-form input[type=checkbox]:not(:checked)").first
    label_id = first.locator("xpath=ancestor::label[1]").get_attribute("id")
    box = page.locator(f"#{label_id} input[type=checkbox]")  # the same box once ticked
    box.focus()
    page.keyboard.press("Space")
    expect(box).to_be_checked()
    expect(box).to_be_focused()
    with page.expect_navigation():
        page.keyboard.press("Enter")  # submits the form the focused box belongs to
    expect(page.locator(".messages")).to_be_visible()  # saved; the walk goes on to the interview
    _visit(page, f"/cases/{world['child'].pk}/identification/?step=actions")
    expect(page.locator(f"#{label_id} input[type=checkbox]")).to_be_checked()
    expect(page.locator(f"#{label_id} .meta")).to_be_visible()  # recorded: who and when
