"""Institutions, users and memberships: only what the profile knows, only by administrators;
what a user may do comes from the profile's role table."""

import pytest
from django.contrib.auth import authenticate
from django.test import RequestFactory

from nrm.accounts.capabilities import Capability
from nrm.accounts.models import Institution, Membership, User
from nrm.accounts.policy import actor_for, capabilities_of, system_actor
from nrm.accounts.services import institution_save, membership_create, user_create
from nrm.audit.models import AuditEvent
from nrm.core.errors import Forbidden, ValidationFailed
from nrm.jurisdictions import get_profile
from nrm.site.demo import demo_users

pytestmark = pytest.mark.django_db


@pytest.fixture
def system(db):
    from nrm.accounts.services import system_user_ensure

    system_user_ensure()
    return system_actor()


def _counts() -> tuple[int, int, int]:
    return Institution.objects.count(), Membership.objects.count(), AuditEvent.objects.count()


# --- institutions -------------------------------------------------------------------------


def test_institution_save_creates_an_institution_with_its_audit_event(system):
    made = institution_save(
        actor=system,
        code="police-slktp-korce",
        name="Policia e Shtetit, SLKTP, Korçë",
        type="police_slktp",
        county="korce",
    )

    stored = Institution.objects.get(code="police-slktp-korce")
    assert stored == made
    assert (stored.type, stored.county, stored.is_active) == ("police_slktp", "korce", True)
    event = AuditEvent.objects.get(code="institution.created", target_id=str(made.pk))
    assert event.data == {"code": "police-slktp-korce", "type": "police_slktp", "county": "korce"}


def test_institution_save_with_an_existing_code_updates_it(system):
    institution_save(actor=system, code="ngo-x", name="Old", type="ngo", county="fier")
    # (The test worlds of both profiles updated the institutions they share already.)
    before = AuditEvent.objects.filter(code="institution.updated").count()

    institution_save(actor=system, code="ngo-x", name="New", type="ngo", county="vlore")

    stored = Institution.objects.get(code="ngo-x")
    assert (stored.name, stored.county) == ("New", "vlore")
    assert AuditEvent.objects.filter(code="institution.updated").count() == before + 1


def test_a_national_institution_needs_no_county(system):
    made = institution_save(actor=system, code="mpb", name="Ministria", type="ministry")

    assert made.county == ""


@pytest.mark.parametrize(
    ("kind", "county", "fields"),
    [
        ("space_agency", "tirana", {"type"}),
        ("police_slktp", "atlantis", {"county"}),
        ("police_slktp", "", {"county"}),
        ("shelter", "", {"county"}),
        ("space_agency", "atlantis", {"type", "county"}),
    ],
    ids=[
        "unknown-type",
        "unknown-county",
        "regional-police-without-county",
        "shelter-without-county",
        "both-unknown",
    ],
)
def test_institution_save_refuses_what_the_profile_does_not_know(system, kind, county, fields):
    before = _counts()

    with pytest.raises(ValidationFailed) as raised:
        institution_save(actor=system, code="bad", name="Bad", type=kind, county=county)

    assert set(raised.value.fields) == fields
    assert _counts() == before
    assert not Institution.objects.filter(code="bad").exists()


def test_institution_save_is_forbidden_without_reference_manage(actors):
    before = _counts()

    with pytest.raises(Forbidden):
        institution_save(
            actor=actors["ap.secretariat"], code="ngo-y", name="NGO", type="ngo", county="berat"
        )
    assert _counts() == before


# --- users and memberships ----------------------------------------------------------------


def test_membership_create_refuses_an_unknown_role(system, reference):
    user = user_create(actor=system, username="new.user", password="a long passphrase")
    before = _counts()

    with pytest.raises(ValidationFailed) as raised:
        membership_create(
            actor=system, user=user, institution=reference["shssh-tirana"], role="overlord"
        )

    assert set(raised.value.fields) == {"role"}
    assert _counts() == before
    assert actor_for(user).capabilities == frozenset()


def test_a_new_primary_membership_replaces_the_old_one(system, reference, actors):
    user = User.objects.get(username="police.tirana")

    membership_create(
        actor=system, user=user, institution=reference["police-slktp-durres"], role="caseworker"
    )

    assert Membership.objects.filter(user=user, is_primary=True).count() == 1
    assert actor_for(user).institution.code == "police-slktp-durres"


def test_user_create_refuses_a_taken_username(system, reference):
    with pytest.raises(ValidationFailed) as raised:
        user_create(actor=system, username="police.tirana", password="a long passphrase")

    assert set(raised.value.fields) == {"username"}
    assert User.objects.filter(username="police.tirana").count() == 1


@pytest.mark.parametrize(
    "password",
    ["short1", "123456789012345", "password1234", "new.user.account"],
    ids=["too short", "numeric", "common", "like the username"],
)
def test_user_create_refuses_a_weak_password(system, reference, password):
    before = _counts()

    with pytest.raises(ValidationFailed) as raised:
        user_create(actor=system, username="new.user.account", password=password)

    assert set(raised.value.fields) == {"password"}
    assert _counts() == before
    assert not User.objects.filter(username="new.user.account").exists()


def test_user_create_is_forbidden_without_reference_manage(actors):
    with pytest.raises(Forbidden):
        user_create(actor=actors["police.tirana"], username="x.y", password="a long passphrase")
    assert not User.objects.filter(username="x.y").exists()


def test_user_create_stores_a_hashed_password(system):
    user = user_create(actor=system, username="new.user", password="a long passphrase")

    assert user.password != "a long passphrase"
    assert (
        authenticate(
            request=RequestFactory().post("/login/"),
            username="new.user",
            password="a long passphrase",
        )
        == user
    )


# --- capabilities come from the profile ---------------------------------------------------


def test_each_demo_user_has_the_capabilities_of_their_profile_role(actors):
    profile = get_profile("AL")

    for username, code, role in demo_users():
        actor = actors[username]
        assert actor.role == role
        assert actor.institution.code == code
        assert actor.capabilities == frozenset(profile.role(role).capabilities), username


def test_a_viewer_may_read_but_not_create(system, reference):
    user = user_create(actor=system, username="viewer.x", password="a long passphrase")
    membership_create(actor=system, user=user, institution=reference["shssh-tirana"], role="viewer")

    actor = actor_for(user)

    assert actor.can(Capability.CASE_READ)
    assert not actor.can(Capability.CASE_CREATE)
    assert not actor.can(Capability.CASE_UPDATE)


def test_capabilities_follow_a_change_of_the_profiles_role_table(actors, monkeypatch):
    profile = get_profile("AL")
    roles = tuple(
        role.model_copy(update={"capabilities": ("case.read",)})
        if role.code == "caseworker"
        else role
        for role in profile.roles
    )
    changed = profile.model_copy(update={"roles": roles})
    monkeypatch.setattr("nrm.accounts.policy.get_profile", lambda code: changed)

    actor = actor_for(User.objects.get(username="police.tirana"))

    assert actor.capabilities == frozenset({"case.read"})
    assert not actor.can(Capability.CASE_CREATE)


def test_a_role_the_profile_does_not_know_gives_nothing():
    assert capabilities_of("overlord") == frozenset()
    assert capabilities_of(None) == frozenset()


def test_a_user_without_membership_can_do_nothing(system):
    user = user_create(actor=system, username="lonely", password="a long passphrase")

    assert actor_for(user).capabilities == frozenset()
    assert actor_for(user).institution is None


def test_a_superuser_without_membership_may_only_manage_reference_data(reference):
    admin = actor_for(User.objects.get(username="admin"))

    assert admin.capabilities == frozenset({Capability.REFERENCE_MANAGE.value})


def test_a_user_of_an_inactive_institution_can_do_nothing(system, reference):
    code = "shelter-tirana"
    institution = reference[code]
    institution_save(
        actor=system,
        code=code,
        name=institution.name,
        type=institution.type,
        county=institution.county,
        is_active=False,
    )

    actor = actor_for(User.objects.get(username="shelter.tirana"))

    assert actor.institution is None
    assert not actor.can(Capability.CASE_READ)


def test_the_system_actor_is_a_named_user_who_can_do_everything(system):
    assert system.user.username == "nrm.system"
    assert system.capabilities == frozenset(c.value for c in Capability)
