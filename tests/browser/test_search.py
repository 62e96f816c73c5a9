"""The case search under htmx: a stale answer never overwrites a newer one, leaving the
search box re-sends nothing (so rows are not swapped under a click), filters still search."""

import contextlib

from playwright.sync_api import Error, expect

from tests.browser.conftest import results_settled

# Functions, not expressions: Playwright evaluates an expression with eval(), which the CSP
# (no 'unsafe-eval') refuses.
NO_REQUEST_IN_FLIGHT = "() => document.querySelector('.htmx-request') === null"
A_REQUEST_IN_FLIGHT = "() => document.querySelector('.htmx-request') !== null"


def test_a_late_answer_to_an_older_search_does_not_overwrite_the_newer_one(
    new_page, login, cases, search
):
    page = login(new_page(locale="en-GB"), "police.tirana")
    page.goto("/cases/")
    older, newer = cases["adult"].reference, cases["child"].reference
    held = []

    def hold_the_older_search(route):
        # The search is posted (no searched text in a URL): the older one is told by its body.
        if f"q={older}" in (route.request.post_data or ""):
            held.append(route)  # answered only after the newer search has settled
        else:
            route.continue_()

    page.route("**/cases/", hold_the_older_search)
    page.locator("#id_q").fill(older)
    page.wait_for_function(A_REQUEST_IN_FLIGHT)  # the older search is in flight
    search(page, newer)
    for route in held:
        with contextlib.suppress(Error):  # htmx aborted it (hx-sync): nothing to answer
            route.continue_()
    page.unroute("**/cases/")

    results_settled(page, newer)
    rows = page.locator("#results tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(newer)
    assert page.locator("#id_q").input_value() == newer


def test_leaving_the_search_box_sends_nothing_and_filters_still_search(
    new_page, login, cases, search
):
    page = login(new_page(locale="en-GB"), "police.tirana")
    page.goto("/cases/")
    results = search(page, "")
    expect(results.locator("tbody tr")).to_have_count(3)

    search(page, cases["child"].reference)
    page.locator("#id_q").blur()  # a change event: htmx would issue its request at once
    assert page.evaluate(NO_REQUEST_IN_FLIGHT), "leaving the search box searched again"

    search(page, "")
    page.locator("#id_is_child").select_option("yes")
    results_settled(page, "")
    expect(results.locator("tbody tr")).to_have_count(1)
    expect(results).to_contain_text(cases["child"].reference)


def test_a_searched_name_never_reaches_the_address_bar(new_page, login, cases, search):
    """Finding 5 of the second review: the text searched stays out of URLs (history, Referer,
    access logs); the address holds an opaque search id that pages and exports reuse."""
    page = login(new_page(locale="en-GB"), "police.tirana")
    page.goto("/cases/")
    name = "Olena Kovalenko"

    search(page, name)

    expect(page.locator("#results tbody tr")).to_have_count(1)
    assert "Olena" not in page.url and "Kovalenko" not in page.url
    assert "s=" in page.url
    page.reload()  # the opaque id finds the same search again
    expect(page.locator("#results tbody tr")).to_have_count(1)
    assert page.locator("#id_q").input_value() == name
