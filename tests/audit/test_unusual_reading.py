"""The unusual-reading alert: one user opening many distinct cases in a short time alerts
the AP secretariat (or, about a secretariat member, the AP head), once per window."""

from datetime import UTC, datetime, timedelta

import pytest

from nrm.core import clock
from nrm.registry.audit_codes import RegistryCode

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def small_rule(monkeypatch):
    """The profile's rule with a line of 3 cases in 10 minutes, so tests open few cases."""
    from django.conf import settings

    from nrm.jurisdictions import get_profile
    from nrm.oversight import watch

    profile = get_profile(settings.NRM_JURISDICTION)
    rule = profile.unusual_reading.model_copy(update={"cases": 3, "minutes": 10})
    changed = profile.model_copy(update={"unusual_reading": rule})
    monkeypatch.setattr(watch, "get_profile", lambda code, version=None: changed)
    return rule


@pytest.fixture
def ap_head(reference):
    from nrm.accounts.policy import system_actor
    from nrm.accounts.services import membership_create, user_create

    system = system_actor()
    user = user_create(actor=system, username="ap.head", password="demo", is_demo=True)
    membership_create(
        actor=system, user=user, institution=reference["ap-secretariat"], role="ap_head"
    )
    return user


@pytest.fixture
def cases(make_case):
    def make(n, username="police.tirana"):
        with clock.override(START - timedelta(days=1)):
            return [make_case(username, given_name=f"Emri{i}") for i in range(n)]

    return make


def _read(actor, case, at):
    """A read, then the worker's cycle that seals it and runs the watch."""
    from nrm.registry.services import case_open
    from tests.audit.worker import access_log_job

    with clock.override(at):
        case_open(actor=actor, case_id=case.pk, action=RegistryCode.CASE_VIEW)
        access_log_job()


def _alerts():
    from nrm.audit.models import ReadingAlert

    return list(ReadingAlert.objects.order_by("at"))


def _notices(username=None):
    from nrm.deadlines.models import Notification

    qs = Notification.objects.filter(kind="unusual_reading")
    if username:
        qs = qs.filter(recipient__username=username)
    return list(qs)


@pytest.mark.django_db
def test_reaching_the_line_alerts_the_ap_secretariat_once(actors, cases, small_rule):
    from nrm.audit.models import AuditEvent

    police = actors["police.tirana"]
    opened = cases(3)
    for i, case in enumerate(opened):
        _read(police, case, START + timedelta(minutes=i))

    [alert] = _alerts()
    assert (alert.user.username, alert.cases, alert.minutes) == ("police.tirana", 3, 10)
    assert alert.at == START + timedelta(minutes=2)
    [notice] = _notices()
    assert notice.recipient.username == "ap.secretariat"
    assert notice.data == {"user": "police.tirana", "cases": 3, "minutes": 10}
    assert notice.case_id is None and notice.case_reference == ""
    [event] = AuditEvent.objects.filter(code="security.unusual_reading")
    assert event.actor.username == "police.tirana"
    assert event.data == {"cases": 3, "minutes": 10, "notified": 1}
    assert alert.notified == 1


@pytest.mark.django_db
def test_reading_one_case_many_times_is_not_unusual(actors, cases, small_rule):
    police = actors["police.tirana"]
    [case] = cases(1)
    for i in range(10):
        _read(police, case, START + timedelta(seconds=i))

    assert _alerts() == []


@pytest.mark.django_db
def test_reads_spread_wider_than_the_window_raise_nothing(actors, cases, small_rule):
    police = actors["police.tirana"]
    for i, case in enumerate(cases(5)):
        _read(police, case, START + timedelta(minutes=6 * i))  # at most 2 in any 10 minutes

    assert _alerts() == []


@pytest.mark.django_db
def test_one_alert_per_window_then_again_after_it(actors, cases, small_rule):
    police = actors["police.tirana"]
    opened = cases(8)
    for i, case in enumerate(opened[:6]):  # 6 distinct in 6 minutes: one alert only
        _read(police, case, START + timedelta(minutes=i))
    assert len(_alerts()) == 1

    later = START + timedelta(minutes=30)
    for i, case in enumerate(opened[5:]):  # 3 more, in a new window
        _read(police, case, later + timedelta(minutes=i))

    assert [a.at for a in _alerts()] == [
        START + timedelta(minutes=2),
        later + timedelta(minutes=2),
    ]
    assert len(_notices("ap.secretariat")) == 2


@pytest.mark.django_db
def test_an_ap_secretariat_member_is_watched_and_the_ap_head_is_told(
    actors, cases, small_rule, ap_head
):
    ap = actors["ap.secretariat"]
    for i, case in enumerate(cases(3)):
        _read(ap, case, START + timedelta(minutes=i))

    [alert] = _alerts()
    assert alert.user.username == "ap.secretariat"
    assert [n.recipient.username for n in _notices()] == ["ap.head"]


@pytest.mark.django_db
def test_the_system_user_is_not_watched(actors, cases, small_rule):
    from nrm.accounts.policy import system_actor

    system = system_actor()
    for i, case in enumerate(cases(5)):
        _read(system, case, START + timedelta(seconds=i))

    assert _alerts() == []


@pytest.mark.django_db
def test_the_profiles_own_line_is_50_cases_in_10_minutes(actors, cases):
    police = actors["police.tirana"]
    opened = cases(50)
    for i, case in enumerate(opened[:49]):
        _read(police, case, START + timedelta(seconds=10 * i))
    assert _alerts() == []

    _read(police, opened[49], START + timedelta(seconds=490))

    [alert] = _alerts()
    assert alert.cases == 50


# --- what the AP sees ----------------------------------------------------------------------


@pytest.fixture
def raised(actors, cases, small_rule):
    police = actors["police.tirana"]
    opened = cases(3)
    for i, case in enumerate(opened):
        _read(police, case, START + timedelta(minutes=i))
    return opened


def _login(client, username):
    from nrm.accounts.models import User

    client.force_login(User.objects.get(username=username))
    return client


@pytest.mark.django_db
def test_the_ap_sees_the_alert_in_the_inbox(client, raised):
    html = _login(client, "ap.secretariat").get("/inbox/").content.decode()

    assert "unusual" in html.lower() or "pazakont" in html.lower()


@pytest.mark.django_db
def test_the_alerts_page_lists_the_alert_with_a_link_to_the_readers_access(client, raised):
    from nrm.accounts.models import User

    police = User.objects.get(username="police.tirana")
    html = _login(client, "ap.secretariat").get("/audit/alerts/").content.decode()

    assert "police.tirana" in html
    assert f'href="/audit/users/{police.pk}/access/"' in html
    access = client.get(f"/audit/users/{police.pk}/access/").content.decode()
    for case in raised:
        assert case.reference in access
    assert "Emri0" not in access  # references only, never names


@pytest.mark.django_db
def test_the_alert_pages_need_audit_read(client, raised):
    from nrm.accounts.models import User

    police = User.objects.get(username="police.tirana")
    _login(client, "police.tirana")

    assert client.get("/audit/alerts/").status_code == 403
    assert client.get(f"/audit/users/{police.pk}/access/").status_code == 403


@pytest.mark.django_db
def test_the_worker_judges_a_cycles_reads_each_at_its_own_time(actors, cases, small_rule):
    """Many reads sealed in one cycle: one alert per window, at the read that crossed the
    line, as if judged one by one."""
    from nrm.registry.services import case_open
    from tests.audit.worker import access_log_job

    police = actors["police.tirana"]
    opened = cases(8)
    later = START + timedelta(minutes=30)
    times = [START + timedelta(minutes=i) for i in range(6)]
    times += [later + timedelta(minutes=i) for i in range(3)]
    for case, at in zip(opened[:6] + opened[5:], times, strict=True):
        with clock.override(at):
            case_open(actor=police, case_id=case.pk, action=RegistryCode.CASE_VIEW)

    assert _alerts() == []  # nothing on the reader's time
    with clock.override(later + timedelta(minutes=3)):
        access_log_job()
        access_log_job()  # a second cycle judges nothing twice

    assert [a.at for a in _alerts()] == [
        START + timedelta(minutes=2),
        later + timedelta(minutes=2),
    ]
    assert len(_notices("ap.secretariat")) == 2
