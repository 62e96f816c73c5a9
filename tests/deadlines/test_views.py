"""The pages: my deadlines, the inbox and its badge, the case timeline, the AP dashboard
and its CSV export."""

import csv
import io
from datetime import timedelta

import pytest
from django.test import Client, RequestFactory
from django.utils import translation

from nrm.audit.models import AuditEvent
from nrm.deadlines.models import Notification
from nrm.deadlines.services import event_emit


def login(username: str) -> Client:
    client = Client()
    assert client.login(
        request=RequestFactory().post("/login/"), username=username, password="demo"
    )
    return client


@pytest.fixture(autouse=True)
def _no_act_notices(monkeypatch):
    """These tests count the deadline engine's own messages; the notices a new child sends
    at once (and the access it gives the unit) are tests/deadlines/test_act_notices.py's."""
    monkeypatch.setattr("nrm.deadlines.contributions.notice_to_addressees", lambda **kw: 0)


@pytest.fixture
def child_case(case_at, t0):
    return case_at(t0, given_name="Drita", family_name="Kola", appears_to_be_child=True)


def test_the_pmf_sees_the_72_hour_plan_counting_down(child_case, at, t0):
    with at(t0 + timedelta(hours=10)):
        page = login("pmf.tirana").get("/deadlines/")
    text = page.content.decode().replace("\xa0", " ")
    assert page.status_code == 200
    assert child_case.reference in text
    assert "Drita" not in text and "Kola" not in text
    assert "2 ditë, 14 orë" in text or "2 days, 14 hours" in text  # due in 62 hours


def test_my_deadlines_are_ordered_by_urgency(case_at, actor_of, at, t0):
    later = case_at(t0 + timedelta(hours=5), appears_to_be_child=True)
    sooner = case_at(t0, appears_to_be_child=True)
    with at(t0 + timedelta(hours=6)):
        text = login("pmf.tirana").get("/deadlines/").content.decode()
    assert text.index(sooner.reference) < text.index(later.reference)


def test_a_case_not_shared_with_the_reader_is_shown_by_reference_without_a_link(child_case, at, t0):
    with at(t0):
        text = login("pmf.tirana").get("/deadlines/").content.decode()
    assert f"/cases/{child_case.pk}/" not in text
    with at(t0):
        text = login("police.tirana").get("/deadlines/").content.decode()
    assert f"/cases/{child_case.pk}/" in text


def test_the_owner_does_not_see_the_units_deadlines_as_its_own(child_case, at, t0):
    with at(t0):
        text = login("police.tirana").get("/deadlines/").content.decode()
    assert text.count(child_case.reference) == 1  # only "notify the PMF"


def test_the_case_page_shows_its_timeline(child_case, at, t0):
    with at(t0 + timedelta(hours=1)):
        page = login("police.tirana").get(f"/cases/{child_case.pk}/")
    text = page.content.decode()
    assert page.status_code == 200
    assert 'id="deadlines"' in text
    assert "72" in text and "GTN" in text


def test_the_inbox_lists_notifications_and_the_badge_counts_unread(child_case, scan, t0, at):
    scan(t0 + timedelta(hours=49))
    pmf = login("pmf.tirana")
    # One session at one moment: leaving `at` would jump the clock back past the idle limit.
    with at(t0 + timedelta(hours=49)):
        inbox = pmf.get("/inbox/").content.decode()
        assert child_case.reference in inbox
        assert "Drita" not in inbox
        badge = pmf.get("/inbox/badge/", HTTP_HX_REQUEST="true").content.decode()
        assert 'class="badge"' in badge and ">1<" in badge
        assert 'hx-trigger="every 60s"' in badge
        pmf.post("/inbox/read/")
        mine = Notification.objects.filter(recipient__username="pmf.tirana")
        assert mine.filter(read_at__isnull=True).count() == 0
        assert Notification.objects.filter(read_at__isnull=True).exists()  # others' unread
        assert 'class="badge"' not in pmf.get("/inbox/badge/").content.decode()


def test_one_notification_can_be_marked_read(child_case, scan, t0):
    scan(t0 + timedelta(days=10))
    pmf = login("pmf.tirana")
    note = Notification.objects.filter(recipient__username="pmf.tirana").first()
    pmf.post("/inbox/read/", {"id": note.pk})
    note.refresh_from_db()
    assert note.read_at is not None


def test_nobody_marks_someone_elses_notifications(child_case, scan, t0):
    scan(t0 + timedelta(hours=49))
    note = Notification.objects.get(recipient__username="pmf.tirana")
    login("police.tirana").post("/inbox/read/", {"id": note.pk})
    note.refresh_from_db()
    assert note.read_at is None


def test_the_header_polls_the_badge(reference):
    text = login("pmf.tirana").get("/deadlines/").content.decode()
    assert 'hx-get="/inbox/badge/"' in text and "every 60s" in text


def test_the_notification_preference_is_saved(reference):
    from nrm.deadlines.models import NotificationPreference

    login("pmf.tirana").post("/inbox/preference/", {"channel": "in_app"})
    assert NotificationPreference.objects.get(user__username="pmf.tirana").channel == "in_app"


def test_the_ap_dashboard_shows_figures_per_institution_county_and_rule(
    child_case, actor_of, scan, at, t0
):
    event_emit(
        actor=actor_of("police.tirana"),
        case=child_case,
        event="child_protection_worker_notified",
        at=t0,
    )
    scan(t0 + timedelta(days=4))
    with at(t0 + timedelta(days=4)):
        page = login("ap.secretariat").get("/deadlines/monitor/")
    text = page.content.decode()
    assert page.status_code == 200
    for expected in ("Tiran", "<svg", "Mbrojtjes së Fëmijës", "GTN"):
        assert expected.lower() in text.lower(), expected
    assert "Drita" not in text and child_case.reference not in text


def test_the_dashboard_is_for_the_ap_only(reference):
    assert login("police.tirana").get("/deadlines/monitor/").status_code == 404
    assert login("police.tirana").get("/deadlines/monitor/export.csv").status_code == 404


def test_the_figures_export_as_csv_and_the_export_is_audited(child_case, actor_of, scan, at, t0):
    event_emit(
        actor=actor_of("police.tirana"),
        case=child_case,
        event="child_protection_worker_notified",
        at=t0,
    )
    scan(t0 + timedelta(days=4))
    with at(t0 + timedelta(days=4)):
        response = login("ap.secretariat").get("/deadlines/monitor/export.csv")
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")  # so that a spreadsheet reads ë and ç right
    rows = list(csv.reader(io.StringIO(text[1:])))
    # Albanian (the default): headers, dimensions and decimal commas in the user's language.
    with translation.override("sq"):
        assert rows[0][:3] == [
            translation.gettext("Grouped by"),
            translation.gettext("Code"),
            translation.gettext("Name"),
        ]
        rule, total_name = translation.gettext("Deadline"), translation.gettext("Total")
    assert rows[0][0] != "Grouped by"
    by_rule = {r[1]: r for r in rows if r[0] == rule}
    # The PMF was told on time (1 of 1); the plan was missed (0 of 1).
    assert by_rule["notify_child_protection_worker"][-1] == "1,000"
    assert by_rule["child_protection_plan"][-1] == "0,000"
    total = next(r for r in rows if r[0] == total_name)
    assert total[5:8] == ["1", "1", "1"]  # met, on time, missed
    assert AuditEvent.objects.filter(code="deadline.figures_exported").count() == 1
    assert child_case.reference not in response.content.decode()
