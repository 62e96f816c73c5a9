"""The command line: worker, generate, profile, and the demo's data and accounts."""

import signal
from collections import Counter
from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import Client, RequestFactory, override_settings

from nrm.accounts.models import ApiToken, User
from nrm.accounts.policy import SYSTEM_USERNAME
from nrm.accounts.services import api_token_issue
from nrm.core import clock
from nrm.core.crypto import blind_index
from nrm.linkage.demo import RECORDS as LINKAGE_DEMO_RECORDS
from nrm.registry.models import Case, Person
from nrm.site.demo import demo_cases_create, demo_users


@pytest.fixture
def signal_handlers():
    """The worker installs its own SIGINT/SIGTERM handlers; give pytest its own back."""
    saved = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
    yield
    for s, handler in saved.items():
        signal.signal(s, handler)


# The worker closes stale connections as a long-running process must; that needs real
# transactions rather than the test's wrapping one.
@pytest.mark.django_db(transaction=True)
def test_worker_once_runs_one_cycle_and_purges_expired_api_tokens(actors, signal_handlers):
    with clock.override(clock.now() - timedelta(hours=13)):
        api_token_issue(actor=actors["police.tirana"])
    api_token_issue(actor=actors["police.shkoder"])
    stdout = StringIO()

    call_command("worker", once=True, stdout=stdout)

    assert "expired_api_tokens: 1" in stdout.getvalue()
    assert list(ApiToken.objects.values_list("user__username", flat=True)) == ["police.shkoder"]


@pytest.mark.django_db
def test_generate_makes_the_asked_number_of_cases_with_decryptable_names():
    stdout = StringIO()

    call_command("generate", cases=50, seed=3, stdout=stdout)

    assert Case.objects.count() == 50
    assert "generated 50 cases" in stdout.getvalue()
    for person in Person.objects.all():
        assert person.given_name, person.pk
        assert person.name_index == blind_index(f"{person.given_name} {person.family_name}")
    references = list(Case.objects.values_list("reference", flat=True))
    assert len(set(references)) == 50
    for case in Case.objects.all():
        stages = case.status_changes.filter(field="stage").order_by("at", "id")
        assert stages.first().to_value == "initial_identification"
        assert stages.last().to_value == case.stage


@pytest.mark.django_db
def test_generate_with_the_same_seed_invents_the_same_people():
    call_command("generate", cases=10, seed=3, stdout=StringIO())
    first = sorted((p.given_name, p.family_name, p.sex) for p in Person.objects.order_by("pk")[:10])
    call_command("generate", cases=10, seed=3, stdout=StringIO())
    second = sorted(
        (p.given_name, p.family_name, p.sex) for p in Person.objects.order_by("pk")[10:]
    )

    assert first == second
    assert Case.objects.count() == 20


@pytest.mark.django_db
def test_the_demo_data_hold_what_the_contract_promises(reference):
    demo_cases_create(count=60)

    cases = Case.objects.select_related("owner_institution")
    # nrm.linkage's demo adds one person recorded twice (docs/unique-persons.md).
    assert cases.count() == 60 + len(LINKAGE_DEMO_RECORDS)
    awaiting = [
        c
        for c in cases
        if c.owner_institution.county == "tirana"
        and c.stage == "formal_identification"
        and c.identification_status == "potential_victim"
    ]
    assert sum(not c.is_child for c in awaiting) >= 5
    assert sum(c.is_child for c in awaiting) >= 5
    per_stage = Counter(c.stage for c in cases)
    for stage in ("initial_identification", "protection", "return", "reintegration", "closed"):
        assert per_stage[stage] >= 5, per_stage
    # Placed in a shelter while the group has not decided (parallel procedures, issue 11).
    sheltered = [
        c
        for c in cases
        if c.owner_institution.county == "tirana"
        and c.stage == "protection"
        and set(c.procedures.filter(closed_at__isnull=True).values_list("state", flat=True))
        == {"formal", "placed"}
    ]
    assert len(sheltered) >= 2
    # Each step of a demo case's path comes after the one before, and none in the future.
    finished = clock.now()
    for case in cases:
        moments = list(case.status_changes.order_by("id").values_list("at", flat=True))
        assert moments == sorted(moments), case.reference
        assert moments[-1] <= finished, case.reference
        if case.stage != "initial_identification":
            assert moments[-1] > case.created_at, case.reference
        for granted in case.grants.values_list("created_at", flat=True):
            assert case.created_at <= granted <= finished, case.reference


@pytest.mark.django_db
@pytest.mark.parametrize("username", [u for u, _code, _role in demo_users()] + ["admin"])
def test_demo_users_log_in_only_in_demo_mode(reference, username):
    # The suite runs with demo mode's NRM_DEMO_ACCOUNTS (tests/conftest.py).
    assert (
        authenticate(request=RequestFactory().post("/login/"), username=username, password="demo")
        is not None
    )

    with override_settings(NRM_DEMO_ACCOUNTS=False):  # development mode
        assert (
            authenticate(
                request=RequestFactory().post("/login/"), username=username, password="demo"
            )
            is None
        )

    with override_settings(PRODUCTION=True):
        assert (
            authenticate(
                request=RequestFactory().post("/login/"), username=username, password="demo"
            )
            is None
        )


@pytest.mark.django_db
def test_the_api_refuses_a_demo_token_request_in_production(reference):
    with override_settings(PRODUCTION=True):
        response = Client().post(
            "/api/v1/auth/token",
            {"username": "police.tirana", "password": "demo"},
            content_type="application/json",
        )

    assert response.status_code == 401


@pytest.mark.django_db
def test_a_user_who_is_not_a_demo_account_logs_in_in_production(reference):
    user = User.objects.create_user(username="real.user", password="a long passphrase")

    with override_settings(PRODUCTION=True):
        assert (
            authenticate(
                request=RequestFactory().post("/login/"),
                username="real.user",
                password="a long passphrase",
            )
            == user
        )


@pytest.mark.django_db
@pytest.mark.parametrize("production", [False, True])
def test_the_system_user_can_never_authenticate(reference, production):
    system = User.objects.get(username=SYSTEM_USERNAME)
    assert not system.has_usable_password()
    # Even with a password set by hand, the backend refuses the account.
    system.set_password("a long passphrase")
    system.save()

    with override_settings(PRODUCTION=production):
        assert (
            authenticate(
                request=RequestFactory().post("/login/"),
                username=SYSTEM_USERNAME,
                password="a long passphrase",
            )
            is None
        )
        assert (
            authenticate(
                request=RequestFactory().post("/login/"), username=SYSTEM_USERNAME, password=""
            )
            is None
        )
