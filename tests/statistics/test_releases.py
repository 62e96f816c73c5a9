"""Releases that reproduce (issue 14 item 7): record, rebuild, compare; the pages."""

from datetime import UTC, datetime

import pytest
from django.test import Client, RequestFactory

from nrm.audit.models import AuditEvent
from nrm.core import clock
from nrm.core.errors import DomainError, NotFound
from nrm.registry.models import Case
from nrm.registry.services import case_status_screened
from nrm.statistics.audit_codes import StatisticsCode
from nrm.statistics.models import Release
from nrm.statistics.releases import release_reproduce, statistics_release
from nrm.statistics.selectors import period_make
from tests.statistics.toy import CODE, registered

pytestmark = pytest.mark.django_db

IN_2024 = datetime(2024, 5, 10, 9, tzinfo=UTC)
LATER = datetime(2025, 2, 1, 9, tzinfo=UTC)


@pytest.fixture
def toy():
    with registered() as spec:
        yield spec


@pytest.fixture
def cases_2024(make_case):
    with clock.override(IN_2024):
        made = [make_case(given_name=f"Arta{i}") for i in range(7)]
        made += [make_case(given_name=f"Besa{i}", estimated_age=15) for i in range(2)]
    return made


def test_a_release_records_its_provenance_and_one_audit_event(actors, toy, cases_2024):
    ap = actors["ap.secretariat"]
    events = AuditEvent.objects.count()
    with clock.override(LATER):
        release = statistics_release(actor=ap, code=CODE, period=period_make("year", 2024), tier=2)
    assert AuditEvent.objects.count() == events + 1
    assert AuditEvent.objects.latest("id").code == StatisticsCode.RELEASED
    assert release.query == "tests.statistics.toy.build"
    assert release.profile_code == "AL" and release.profile_version
    assert release.cutoff == LATER
    assert release.thresholds["min_public_cell"] == 5
    assert len(release.digest) == 64
    cells = {(r, c): t for r, c, t in release.output["cells"]}
    assert cells[("none", "child")] == "<5"  # two children
    assert cells[("TOTAL", "TOTAL")] == "9"
    assert ["none", "child"] in release.suppressed


def test_reproduce_is_identical_and_a_change_after_the_cutoff_does_not_change_it(
    actors, toy, cases_2024
):
    ap, police = actors["ap.secretariat"], actors["police.tirana"]
    with clock.override(LATER):
        release = statistics_release(actor=ap, code=CODE, period=period_make("year", 2024), tier=1)
    first = release_reproduce(actor=ap, release=release)
    assert first.identical and first.differing == []
    # after the cut-off, a case of 2024 becomes a potential victim
    with clock.override(datetime(2025, 3, 1, tzinfo=UTC)):
        case_status_screened(
            actor=police,
            case_id=cases_2024[0].pk,
            to="potential_victim",
            reason="A3",
            expected_version=cases_2024[0].version,
        )
    again = release_reproduce(actor=ap, release=release)
    assert again.identical and again.digest == release.digest
    # a new release sees the change: the rebuild is of the data as it was, not as it is
    with clock.override(datetime(2025, 3, 2, tzinfo=UTC)):
        now = statistics_release(actor=ap, code=CODE, period=period_make("year", 2024), tier=1)
    assert now.digest != release.digest


def test_a_changed_row_is_named_by_the_reproduction(actors, toy, cases_2024):
    ap = actors["ap.secretariat"]
    with clock.override(LATER):
        release = statistics_release(actor=ap, code=CODE, period=period_make("year", 2024), tier=1)
    Case.objects.filter(pk=cases_2024[0].pk).delete()  # the data as it was is gone
    result = release_reproduce(actor=ap, release=release)
    assert not result.identical
    assert ("none", "adult", "7", "6") in result.differing


def test_month_then_quarter_releases_keep_the_monthly_cells_hidden(actors, toy, make_case):
    ap = actors["ap.secretariat"]
    for month, n in ((1, 6), (2, 7), (3, 3)):
        with clock.override(datetime(2024, month, 5, tzinfo=UTC)):
            for i in range(n):
                make_case(given_name=f"P{month}x{i}")
    with clock.override(LATER):
        months = [
            statistics_release(actor=ap, code=CODE, period=period_make("month", 2024, m), tier=2)
            for m in (1, 2, 3)
        ]
        quarter = statistics_release(
            actor=ap, code=CODE, period=period_make("quarter", 2024, 1), tier=2
        )
    assert set(quarter.against) == {m.pk for m in months}
    march = {(r, c): t for r, c, t in months[2].output["cells"]}
    assert march[("none", "adult")] in ("<5", "c") and march[("TOTAL", "TOTAL")] == "<5"
    q = {(r, c): t for r, c, t in quarter.output["cells"]}
    # 16 = 6 + 7 + 3 would give March away: the quarter hides it
    assert q[("none", "adult")] != "16" and q[("TOTAL", "TOTAL")] != "16"


def test_bad_input_is_refused_and_nothing_is_saved(actors, toy):
    ap = actors["ap.secretariat"]
    with pytest.raises(DomainError) as caught:
        statistics_release(actor=ap, code="T99", period=period_make("year", 2024), tier=2)
    assert "code" in caught.value.fields
    with pytest.raises(DomainError) as caught:
        statistics_release(actor=ap, code=CODE, period=period_make("year", 2024), tier=3)
    assert "tier" in caught.value.fields
    with pytest.raises(DomainError):
        period_make("month", 2024, 13)
    with clock.override(datetime(2024, 6, 1, tzinfo=UTC)), pytest.raises(DomainError) as caught:
        statistics_release(actor=ap, code=CODE, period=period_make("year", 2024), tier=2)
    assert "period" in caught.value.fields
    assert not Release.objects.exists()


def test_someone_without_the_capability_gets_not_found(actors, toy):
    with pytest.raises(NotFound):
        statistics_release(
            actor=actors["police.tirana"], code=CODE, period=period_make("year", 2024), tier=2
        )


def _client(username):
    client = Client()
    assert client.login(
        request=RequestFactory().post("/login/"), username=username, password="demo"
    )
    return client


def test_the_pages_publish_show_and_reproduce(actors, toy, cases_2024):
    client = _client("ap.secretariat")
    assert client.get("/statistics/releases/").status_code == 200
    response = client.post(
        "/statistics/releases/publish/",
        {"code": CODE, "kind": "year", "year": 2024, "number": 1, "tier": 2},
    )
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "tests.statistics.toy.build" in page.content.decode()
    release = Release.objects.get()
    done = client.post(f"/statistics/releases/{release.pk}/reproduce/")
    assert done.status_code == 200 and 'id="reproduction"' in done.content.decode()
    assert release.digest in done.content.decode()
    bad = client.post("/statistics/releases/publish/", {"code": CODE, "kind": "year", "tier": 2})
    assert bad.status_code == 400 and Release.objects.count() == 1


def test_the_pages_are_not_found_without_the_capability(actors, toy):
    client = _client("police.tirana")
    assert client.get("/statistics/releases/").status_code == 404
    assert client.get("/statistics/reconciliation/").status_code == 404
    response = client.post(
        "/statistics/releases/publish/",
        {"code": CODE, "kind": "year", "year": 2024, "number": 1, "tier": 2},
    )
    assert response.status_code == 404


def test_the_publish_action_a_table_page_includes_posts_its_period(actors, toy):
    from django.template.loader import render_to_string

    request = RequestFactory().get("/statistics/")
    html = render_to_string(
        "statistics/_publish_button.html",
        {"code": CODE, "kind": "quarter", "year": 2024, "number": 2},
        request=request,
    )
    assert 'action="/statistics/releases/publish/"' in html
    assert 'name="kind" value="quarter"' in html and 'name="number" value="2"' in html
