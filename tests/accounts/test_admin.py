"""The admin saves through the services: each save is checked as the service checks it,
bad input is a form error with nothing saved, and each save writes exactly one chained
audit event."""

import pytest
from django.test import Client

from nrm.accounts.models import Institution, Membership, User
from nrm.accounts.services import UNKNOWN_ROLE
from nrm.audit import chain
from nrm.audit.models import AuditEvent
from nrm.audit.verify import chain_verify

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(reference) -> Client:
    client = Client()
    client.force_login(User.objects.get(username="admin"))
    return client


def _events_after(last_id: int) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(pk__gt=last_id).order_by("pk"))


def _last_event_id() -> int:
    last = AuditEvent.objects.order_by("-pk").first()
    return last.pk if last else 0


def _one_chained_event(last_id: int, code: str) -> AuditEvent:
    events = _events_after(last_id)
    assert [e.code for e in events] == [code]
    assert chain_verify(chain.EVENT).broken is None
    return events[0]


def _user_form(user: User, **changes) -> dict:
    """The user change page's POST: its fields and the read-only membership inline."""
    count = user.memberships.count()
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "memberships-TOTAL_FORMS": str(count),
        "memberships-INITIAL_FORMS": str(count),
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
    }
    for flag in ("is_active", "is_staff", "is_superuser", "is_demo"):
        if getattr(user, flag):
            data[flag] = "on"
    for name, value in changes.items():
        if value is False:
            data.pop(name, None)
        else:
            data[name] = "on" if value is True else value
    return data


# --- memberships --------------------------------------------------------------------------


def test_a_membership_change_replaces_the_role(admin_client):
    membership = Membership.objects.get(user__username="police.tirana")
    before = _last_event_id()

    response = admin_client.post(
        f"/admin/accounts/membership/{membership.pk}/change/",
        {"role": "viewer", "is_primary": "on", "is_active": "on"},
    )

    assert response.status_code == 302, response.content
    roles = Membership.objects.filter(
        user=membership.user, institution=membership.institution
    ).values_list("role", "is_active")
    assert list(roles) == [("viewer", True)]
    event = _one_chained_event(before, "membership.updated")
    assert event.data["role"] == "viewer"
    assert event.data["previous_roles"] == ["caseworker"]


def test_adding_a_membership_at_an_institution_where_the_user_has_one_replaces_it(
    admin_client,
):
    membership = Membership.objects.get(user__username="police.tirana")
    before = _last_event_id()

    response = admin_client.post(
        "/admin/accounts/membership/add/",
        {
            "user": membership.user_id,
            "institution": membership.institution_id,
            "role": "focal_point",
            "is_primary": "on",
        },
    )

    assert response.status_code == 302, response.content
    roles = Membership.objects.filter(user=membership.user).values_list("role", flat=True)
    assert list(roles) == ["focal_point"]
    _one_chained_event(before, "membership.updated")


def test_adding_a_membership_elsewhere_makes_it_the_primary_one(admin_client):
    user = User.objects.get(username="police.tirana")
    other = Institution.objects.get(code="shelter-tirana")
    before = _last_event_id()

    response = admin_client.post(
        "/admin/accounts/membership/add/",
        {"user": user.pk, "institution": other.pk, "role": "viewer", "is_primary": "on"},
    )

    assert response.status_code == 302, response.content
    primary = Membership.objects.get(user=user, is_primary=True)
    assert (primary.institution, primary.role) == (other, "viewer")
    assert Membership.objects.filter(user=user).count() == 2
    _one_chained_event(before, "membership.created")


def test_an_unknown_role_is_refused_with_a_form_error_and_nothing_saved(admin_client):
    membership = Membership.objects.get(user__username="police.tirana")
    before = _last_event_id()

    response = admin_client.post(
        f"/admin/accounts/membership/{membership.pk}/change/",
        {"role": "emperor", "is_primary": "on", "is_active": "on"},
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["role"] == [str(UNKNOWN_ROLE)]
    membership.refresh_from_db()
    assert (membership.role, membership.is_active) == ("caseworker", True)
    assert _events_after(before) == []


def test_an_unknown_role_is_refused_when_adding_too(admin_client):
    user = User.objects.get(username="police.tirana")
    other = Institution.objects.get(code="shelter-tirana")
    before = _last_event_id()

    response = admin_client.post(
        "/admin/accounts/membership/add/",
        {"user": user.pk, "institution": other.pk, "role": "emperor", "is_primary": "on"},
    )

    assert response.status_code == 200
    assert "role" in response.context["adminform"].form.errors
    assert not Membership.objects.filter(user=user, institution=other).exists()
    assert _events_after(before) == []


def test_unticking_active_removes_the_membership(admin_client):
    membership = Membership.objects.get(user__username="police.tirana")
    before = _last_event_id()

    response = admin_client.post(
        f"/admin/accounts/membership/{membership.pk}/change/",
        {"role": "caseworker", "is_primary": "on"},
    )

    assert response.status_code == 302, response.content
    membership.refresh_from_db()
    assert (membership.is_active, membership.is_primary) == (False, False)
    _one_chained_event(before, "membership.removed")


def test_the_user_page_shows_memberships_read_only_with_a_link(admin_client):
    membership = Membership.objects.get(user__username="police.tirana")

    response = admin_client.get(f"/admin/accounts/user/{membership.user_id}/change/")

    assert response.status_code == 200
    assert f"/admin/accounts/membership/{membership.pk}/change/" in response.content.decode()
    assert 'name="memberships-0-role"' not in response.content.decode()


# --- users --------------------------------------------------------------------------------


def test_deactivating_a_user_writes_one_event_naming_the_change(admin_client):
    user = User.objects.get(username="police.tirana")
    before = _last_event_id()

    response = admin_client.post(
        f"/admin/accounts/user/{user.pk}/change/", _user_form(user, is_active=False)
    )

    assert response.status_code == 302, response.content
    user.refresh_from_db()
    assert not user.is_active
    event = _one_chained_event(before, "user.updated")
    assert event.data == {"username": "police.tirana", "changed": ["is_active"], "is_active": False}
    # Memberships are untouched by a save of the user page.
    assert Membership.objects.get(user=user).is_active


def test_a_taken_username_is_a_form_error(admin_client):
    user = User.objects.get(username="police.tirana")
    before = _last_event_id()

    response = admin_client.post(
        f"/admin/accounts/user/{user.pk}/change/", _user_form(user, username="pmf.tirana")
    )

    assert response.status_code == 200
    assert "username" in response.context["adminform"].form.errors
    user.refresh_from_db()
    assert user.username == "police.tirana"
    assert _events_after(before) == []


def test_adding_a_user_goes_through_user_create(admin_client):
    before = _last_event_id()

    response = admin_client.post(
        "/admin/accounts/user/add/",
        {
            "username": "new.worker",
            "password1": "Korce-Lake-2026!",
            "password2": "Korce-Lake-2026!",
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    user = User.objects.get(username="new.worker")
    assert user.check_password("Korce-Lake-2026!")
    event = _one_chained_event(before, "user.created")
    assert "Korce-Lake-2026!" not in str(event.data)


def test_a_password_change_writes_an_event_without_the_password(admin_client):
    user = User.objects.get(username="police.tirana")
    before = _last_event_id()

    response = admin_client.post(
        f"/admin/accounts/user/{user.pk}/password/",
        {"password1": "Vlore-Harbour-77?", "password2": "Vlore-Harbour-77?"},
    )

    assert response.status_code == 302, response.content
    user.refresh_from_db()
    assert user.check_password("Vlore-Harbour-77?")
    event = _one_chained_event(before, "user.updated")
    assert event.data == {"username": "police.tirana", "changed": ["password"]}
    assert "Vlore-Harbour-77?" not in str(event.data)
    assert user.password not in str(event.data)


def test_a_weak_password_is_a_form_error_and_nothing_is_saved(admin_client):
    user = User.objects.get(username="police.tirana")
    old_hash = user.password
    before = _last_event_id()

    response = admin_client.post(
        f"/admin/accounts/user/{user.pk}/password/", {"password1": "123", "password2": "123"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["password2"]
    user.refresh_from_db()
    assert user.password == old_hash
    assert _events_after(before) == []


def test_users_cannot_be_deleted_in_the_admin(admin_client):
    user = User.objects.get(username="police.tirana")

    response = admin_client.post(f"/admin/accounts/user/{user.pk}/delete/", {"post": "yes"})

    assert response.status_code == 403
    assert User.objects.filter(pk=user.pk).exists()


# --- institutions -------------------------------------------------------------------------


def _institution_form(institution: Institution, **changes) -> dict:
    data = {
        "name": institution.name,
        "type": institution.type,
        "county": institution.county,
        "parent": institution.parent_id or "",
        "email": institution.email,
    }
    if institution.is_active:
        data["is_active"] = "on"
    return {**data, **changes}


def test_an_institution_change_writes_one_event(admin_client):
    institution = Institution.objects.get(code="shelter-tirana")
    before = _last_event_id()

    response = admin_client.post(
        f"/admin/accounts/institution/{institution.pk}/change/",
        _institution_form(institution, name="Strehëza, Tiranë", code="changed-code"),
    )

    assert response.status_code == 302, response.content
    institution.refresh_from_db()
    # The code is the key the service saves by: read-only once saved.
    assert (institution.code, institution.name) == ("shelter-tirana", "Strehëza, Tiranë")
    _one_chained_event(before, "institution.updated")


def test_an_unknown_county_is_a_form_error(admin_client):
    institution = Institution.objects.get(code="shelter-tirana")
    county = institution.county
    before = _last_event_id()

    response = admin_client.post(
        f"/admin/accounts/institution/{institution.pk}/change/",
        _institution_form(institution, county="atlantis"),
    )

    assert response.status_code == 200
    assert "county" in response.context["adminform"].form.errors
    institution.refresh_from_db()
    assert institution.county == county
    assert _events_after(before) == []


def test_adding_an_institution_writes_one_event(admin_client):
    before = _last_event_id()

    response = admin_client.post(
        "/admin/accounts/institution/add/",
        {
            "code": "ngo-korce",
            "name": "OJF Korçë",
            "type": "ngo",
            "county": "korce",
            "is_active": "on",
        },
    )

    assert response.status_code == 302, response.content
    assert Institution.objects.filter(code="ngo-korce").exists()
    _one_chained_event(before, "institution.created")
