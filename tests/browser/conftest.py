"""Playwright (sync API) driving Debian's Chromium against pytest-django's live server.

`playwright install` cannot download browsers here, so the tests use the distribution's
Chromium (`apt-get install chromium`) and are skipped when it is missing.
"""

from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}


# Module scope: Playwright's sync API keeps an event loop on the main thread, which the
# rest of the suite should not run beside.
@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"Debian's Chromium is not installed ({CHROMIUM}): apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(browser, live_server):
    """new_page(viewport=..., locale=...) → a page in a fresh browser context (own cookies).

    The default locale is Albanian, as on the browsers of the people who use nrm.
    Every page is watched for Content-Security-Policy refusals: a page that needs an inline
    script or style the policy blocks fails the test that opened it."""
    contexts = []
    refusals: list[str] = []

    def watch(message):
        if "Content Security Policy" in message.text:
            refusals.append(message.text)

    def make(*, viewport=DESKTOP, locale="sq-AL", is_mobile=False):
        context = browser.new_context(
            base_url=live_server.url, viewport=viewport, locale=locale, is_mobile=is_mobile
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.on("console", watch)
        return page

    yield make
    for context in contexts:
        context.close()
    assert not refusals, f"the CSP refused: {refusals}"


@pytest.fixture
def login():
    """login(page, username): through the login form, as a person would."""

    from nrm.site.demo import DEMO_PASSWORD

    def do(page, username: str):
        page.goto("/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", DEMO_PASSWORD)
        with page.expect_navigation():
            page.click("form button[type=submit].primary")
        assert page.url.endswith("/"), f"login as {username} failed: {page.url}"
        return page

    return do


@pytest.fixture
def cases(transactional_db, live_server, reference):
    """A few cases opened through the real service: three in Tirana, one in Shkodër."""
    from datetime import date

    from nrm.accounts.models import User
    from nrm.accounts.policy import actor_for
    from nrm.registry.rules import PersonInput
    from nrm.registry.services import case_create

    def open_case(username, **person):
        actor = actor_for(User.objects.get(username=username))
        return case_create(actor=actor, person=PersonInput(**person))

    return {
        "adult": open_case(
            "police.tirana",
            given_name="Arta",
            family_name="Hoxha",
            sex="female",
            date_of_birth=date(1996, 3, 14),
            citizenship="AL",
            languages=["sq"],
        ),
        "child": open_case(
            "police.tirana",
            given_name="Besnik",
            family_name="Kola",
            sex="male",
            estimated_age=15,
            appears_to_be_child=True,
            citizenship="AL",
        ),
        "foreign": open_case(
            "police.tirana",
            given_name="Olena",
            family_name="Kovalenko",
            sex="female",
            date_of_birth=date(1990, 7, 2),
            citizenship="UA",
            languages=["uk", "en"],
        ),
        "shkoder": open_case(
            "police.shkoder", given_name="Dritan", family_name="Marku", sex="male"
        ),
    }


# True once htmx has nothing in flight, being swapped or settling (a lazy panel's controls
# are wired only then).
HTMX_IDLE = """() =>
  document.querySelector(".htmx-request, .htmx-swapping, .htmx-settling") === null"""

# True once htmx has nothing in flight or being swapped, and the results container names the
# query it answers (the server sets data-query on it): the list on screen is the final one.
HTMX_SETTLED_ON = """([results, query]) => {
  const answered = document.querySelector(results + " > [data-query]");
  return document.querySelector(".htmx-request, .htmx-swapping, .htmx-settling") === null
    && answered !== null && answered.dataset.query === query;
}"""


def results_settled(page, query: str, *, results: str = "#results") -> None:
    """Waits (no sleeps: until the page says so) for the htmx list that answers `query`."""
    page.wait_for_function(HTMX_SETTLED_ON, arg=[results, query.strip()])


@pytest.fixture
def search():
    """search(page, text): types into an htmx-driven search field, then waits until htmx has
    settled on the list answering exactly that text, so nothing swaps rows under a click."""

    def do(page, text: str, *, field: str = "#id_q", results: str = "#results"):
        page.locator(field).fill(text)
        results_settled(page, text, results=results)
        return page.locator(results)

    return do
