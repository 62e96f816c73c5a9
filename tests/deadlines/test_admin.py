"""Closure days in the admin: each save and delete goes through the services and writes
exactly one chained audit event; bad input is a form error with nothing saved."""

from datetime import date

import pytest
from django.test import Client

from nrm.accounts.models import User
from nrm.accounts.policy import actor_for
from nrm.audit import chain
from nrm.audit.models import AuditEvent
from nrm.audit.verify import chain_verify
from nrm.deadlines.models import ClosureDay
from nrm.deadlines.services import closure_day_save

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(reference) -> Client:
    client = Client()
    client.force_login(User.objects.get(username="admin"))
    return client


@pytest.fixture
def closure(reference) -> ClosureDay:
    admin = actor_for(User.objects.get(username="admin"))
    return closure_day_save(actor=admin, day=date(2026, 8, 14), reason="Flood")


def _last_event_id() -> int:
    last = AuditEvent.objects.order_by("-pk").first()
    return last.pk if last else 0


def _codes_after(last_id: int) -> list[str]:
    return list(
        AuditEvent.objects.filter(pk__gt=last_id).order_by("pk").values_list("code", flat=True)
    )


def test_adding_a_closure_day_writes_one_chained_event(admin_client):
    before = _last_event_id()

    response = admin_client.post(
        "/admin/deadlines/closureday/add/", {"day": "2026-08-14", "reason": "Flood"}
    )

    assert response.status_code == 302, response.content
    assert ClosureDay.objects.get(day=date(2026, 8, 14)).reason == "Flood"
    assert _codes_after(before) == ["closure_day.created"]
    assert chain_verify(chain.EVENT).broken is None


def test_a_closure_day_without_a_reason_is_a_form_error(admin_client):
    before = _last_event_id()

    response = admin_client.post(
        "/admin/deadlines/closureday/add/", {"day": "2026-08-14", "reason": "   "}
    )

    assert response.status_code == 200
    assert "reason" in response.context["adminform"].form.errors
    assert not ClosureDay.objects.exists()
    assert _codes_after(before) == []


def test_changing_a_closure_day_updates_its_reason_and_keeps_its_day(admin_client, closure):
    before = _last_event_id()

    response = admin_client.post(
        f"/admin/deadlines/closureday/{closure.pk}/change/",
        {"day": "2026-08-21", "reason": "Flood, second week"},
    )

    assert response.status_code == 302, response.content
    assert list(ClosureDay.objects.values_list("day", "reason")) == [
        (date(2026, 8, 14), "Flood, second week")
    ]
    assert _codes_after(before) == ["closure_day.updated"]
    assert chain_verify(chain.EVENT).broken is None


def test_deleting_a_closure_day_writes_one_chained_event(admin_client, closure):
    before = _last_event_id()

    response = admin_client.post(
        f"/admin/deadlines/closureday/{closure.pk}/delete/", {"post": "yes"}
    )

    assert response.status_code == 302, response.content
    assert not ClosureDay.objects.exists()
    assert _codes_after(before) == ["closure_day.deleted"]
    assert chain_verify(chain.EVENT).broken is None


def test_deleting_closure_days_from_the_list_writes_one_event_each(admin_client, closure):
    admin = actor_for(User.objects.get(username="admin"))
    second = closure_day_save(actor=admin, day=date(2026, 8, 17), reason="Flood")
    before = _last_event_id()

    response = admin_client.post(
        "/admin/deadlines/closureday/",
        {"action": "delete_selected", "_selected_action": [closure.pk, second.pk], "post": "yes"},
    )

    assert response.status_code == 302, response.content
    assert not ClosureDay.objects.exists()
    assert _codes_after(before) == ["closure_day.deleted", "closure_day.deleted"]
    assert chain_verify(chain.EVENT).broken is None
