"""Shared fixtures: the demo's reference data and users, made through the real services."""

import os

import pytest

from tests.worlds import JURISDICTIONS, World, world_present

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """PBKDF2's million rounds cost half a second per demo user; tests need no strength."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _demo_mode_logins(settings):
    """The suite logs in as the demo's users, as demo mode allows; tests of production's
    login rules (no demo accounts, two factors) turn these back."""
    settings.NRM_DEMO_ACCOUNTS = True
    settings.NRM_REQUIRE_2FA = False


# The jurisdictions whose demo world every test database holds beside the default (AL).
OTHER_JURISDICTIONS = ("XK",)


def _reference_ensure():
    from nrm.site.demo import demo_users_ensure, reference_data_ensure

    institutions = reference_data_ensure()
    demo_users_ensure(institutions)
    return institutions


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The demo's reference data (about 50 institutions, the directory, the demo users:
    0.6 s of services) made once per test database and committed; each test then runs in
    its own transaction, rolled back. A transactional test flushes the tables: `reference`
    makes the data again inside the next test that needs it."""
    from django.test import override_settings

    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
    ):
        _reference_ensure()
        # The second profile's world beside it (its usernames differ): the shared flows and
        # the authorization matrix run on both (tests/worlds.py).
        for code in OTHER_JURISDICTIONS:
            with override_settings(NRM_JURISDICTION=code):
                _reference_ensure()


def _reference_present() -> bool:
    from nrm.accounts.models import User
    from nrm.directory.models import Organization
    from nrm.site.demo import demo_users

    names = [username for username, _code, _role in demo_users()]
    return (
        User.objects.filter(username__in=names).count() == len(names)
        and Organization.objects.exists()
    )


@pytest.fixture
def reference(db):
    from nrm.accounts.models import Institution

    if _reference_present():
        return {i.code: i for i in Institution.objects.all()}
    return _reference_ensure()


def _actor(username):
    from nrm.accounts.models import User
    from nrm.accounts.policy import actor_for

    return actor_for(User.objects.get(username=username))


@pytest.fixture
def actors(reference):
    from nrm.site.demo import demo_users

    return {username: _actor(username) for username, _code, _role in demo_users()}


@pytest.fixture
def make_case(actors):
    """make_case("police.tirana", given_name=..., ...) → a case opened through case_create."""
    from nrm.registry.rules import PersonInput
    from nrm.registry.services import case_create

    def make(username="police.tirana", **person):
        person.setdefault("given_name", "Arta")
        person.setdefault("family_name", "Hoxha")
        return case_create(actor=actors[username], person=PersonInput(**person))

    return make


@pytest.fixture
def api_client(reference):
    """A Django test client that logs in through POST /api/v1/auth/token."""
    from django.test import Client

    def login(username: str) -> Client:
        client = Client()
        response = client.post(
            "/api/v1/auth/token",
            {"username": username, "password": "demo"},
            content_type="application/json",
        )
        assert response.status_code == 200, response.content
        client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {response.json()['token']}"
        return client

    return login


@pytest.fixture(params=JURISDICTIONS)
def jurisdiction(request, settings):
    """Each shared test runs once per profile: NRM_JURISDICTION is set for its run."""
    settings.NRM_JURISDICTION = request.param
    return request.param


@pytest.fixture
def world(jurisdiction, db):
    """The profile's demo world (tests/worlds.py): world.actor("police"), world.institution
    ("shelter"), world.make_case(), world.indicators(), the profile. Made again inside the
    test when a transactional test flushed it."""
    from django.test import override_settings

    if not world_present(jurisdiction):
        with override_settings(NRM_JURISDICTION=jurisdiction):
            _reference_ensure()
    return World(jurisdiction)


# The longest tests go first, so that with pytest-xdist no worker is left running one of
# them alone at the end (the authorization matrix is minutes long; the rest are seconds).
LONGEST_FIRST = ("test_authz_matrix.py::test_authorization_matrix", "test_protection_walk.py")


# Fixtures through which a test reaches the test database (`django_db_blocker` is in every
# test's closure, so it tells nothing).
DATABASE_FIXTURES = frozenset(
    (
        "db",
        "transactional_db",
        "django_db_reset_sequences",
        "django_db_serialized_rollback",
        "live_server",
    )
)


def _uses_database(item) -> bool:
    from django.test import TransactionTestCase

    if isinstance(getattr(item, "cls", None), type) and issubclass(item.cls, TransactionTestCase):
        return True  # Django's own test cases reach the database without fixtures
    names = set(getattr(item, "fixturenames", ()))
    return bool(names & DATABASE_FIXTURES) or item.get_closest_marker("django_db") is not None


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """On PostgreSQL (`make test`'s second pass), tests that touch no test database ran in
    the SQLite pass already with the same outcome (the command-line tests make their own
    SQLite data directories): they are left out, except those marked `postgresql`."""
    if os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        alike = [
            i for i in items if not _uses_database(i) and not i.get_closest_marker("postgresql")
        ]
        if alike:
            config.hook.pytest_deselected(items=alike)
            items[:] = [i for i in items if i not in set(alike)]
    items.sort(key=lambda item: not any(name in item.nodeid for name in LONGEST_FIRST))
