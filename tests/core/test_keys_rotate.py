"""`nrm keys rotate` / `reindex`: stored values move to the newest key in batches, while
nrm runs, without losing a change made meanwhile; `--check` tells what is left."""

import base64
import secrets
from io import StringIO

import pytest
from cryptography.fernet import Fernet
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import override_settings

from nrm.audit.models import AuditEvent
from nrm.core import crypto
from nrm.registry.models import Person
from nrm.registry.selectors import CaseFilters, case_list
from nrm.site import rotation

pytestmark = pytest.mark.django_db

PEOPLE = [
    ("Mirela", "Gjonbalaj", "+355 69 220 1187", "Rruga Kavajës 12"),
    ("Teuta", "Vrapçeli", "+355 68 771 0034", "Lagjja 5 Maji, pallati 9"),
    ("Besmira", "Dukagjini", "+355 67 555 9012", "Rruga Myslym Shyri 40"),
]


def _raw(pk: int, column: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM registry_person WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()[0]


@pytest.fixture
def people(make_case):
    return [
        make_case(given_name=g, family_name=f, phone=p, address=a).person_id
        for g, f, p, a in PEOPLE
    ]


def _rotate(*args) -> str:
    out = StringIO()
    call_command("keys", *args, stdout=out)
    return out.getvalue()


def _check_fails(*args) -> str:
    out = StringIO()
    with pytest.raises(CommandError) as failed:
        call_command("keys", *args, stdout=out)
    assert failed.value.returncode == 1
    return out.getvalue()


def test_every_encrypted_field_is_found_through_the_app_registry():
    found = {model._meta.label: names for model, names in rotation.encrypted_fields()}

    assert found["registry.Person"] == [
        "given_name",
        "family_name",
        "date_of_birth",
        "phone",
        "email",
        "address",
    ]
    assert "screening.InvestigationInformation" in found
    assert all(
        isinstance(model._meta.get_field(name), crypto.EncryptedTextField)
        for model, names in rotation.encrypted_fields()
        for name in names
    )


def test_old_values_read_under_new_and_old_then_under_the_new_key_alone(people):
    old_keys = tuple(settings.NRM_FIELD_KEYS)
    new_key = Fernet.generate_key().decode()
    before = {pk: _raw(pk, "phone") for pk in people}

    with override_settings(NRM_FIELD_KEYS=(new_key, *old_keys)):
        assert [Person.objects.get(pk=pk).phone for pk in people] == [p[2] for p in PEOPLE]
        # 3 people × given name, family name, phone, address (no e-mail, no birth date),
        # and 3 cases × 2 status-change reasons ("case.opened")
        assert "18 of 18 values not under the newest field key" in _check_fails("rotate", "--check")

        output = _rotate("rotate", "--batch", "2")

        assert "registry.Person: 12 values, 0 under the newest field key, 12 re-encrypted" in (
            output
        )
        assert "registry.CaseStatusChange: 6 values, 0 under the newest field key" in output
        assert "done: 18 of 18 values moved to the newest field key" in output
        assert "0 of 18 values not under the newest field key" in _rotate("rotate", "--check")
        assert "done: 0 of 18 values" in _rotate("rotate")  # idempotent

    for pk in people:
        assert _raw(pk, "phone") != before[pk]
        assert Fernet(new_key.encode()).decrypt(_raw(pk, "phone").encode())
    with override_settings(NRM_FIELD_KEYS=(new_key,)):
        read = [Person.objects.get(pk=pk) for pk in people]
        assert [(p.given_name, p.family_name, p.phone, p.address) for p in read] == PEOPLE
    events = AuditEvent.objects.filter(code="keys.rotated").order_by("id")
    assert [e.data["rotated"] for e in events] == [18, 0]
    assert events[0].data == {
        "models": len(rotation.encrypted_fields()),
        "values": 18,
        "rotated": 18,
        "current": 0,
        "conflicts": 0,
        "skipped": 0,
        "unreadable": 0,
    }
    assert events[0].actor.username == "nrm.system"


def test_a_change_made_during_rotation_is_not_overwritten(people, monkeypatch):
    """Between the read of a batch and its write, a server still on the old key list
    changes a phone number: the row is read again and the new number kept."""
    old_keys = tuple(settings.NRM_FIELD_KEYS)
    new_key = Fernet.generate_key().decode()
    target = people[1]
    original = rotation._rotate_row
    edits = []

    def edit_meanwhile(model, names, row, tally):
        if model is Person and row[0] == target and not edits:
            with override_settings(NRM_FIELD_KEYS=old_keys):
                Person.objects.filter(pk=target).update(phone="+355 69 000 0001")
            edits.append(target)
        return original(model, names, row, tally)

    monkeypatch.setattr(rotation, "_rotate_row", edit_meanwhile)
    with override_settings(NRM_FIELD_KEYS=(new_key, *old_keys)):
        report = rotation.fields_rotate(actor=_system(), batch=2)

    assert edits == [target]
    person = report.per_model["registry.Person"]
    assert (person.values, person.rotated, person.conflicts, person.skipped) == (12, 12, 1, 0)
    with override_settings(NRM_FIELD_KEYS=(new_key,)):
        assert Person.objects.get(pk=target).phone == "+355 69 000 0001"
        assert Person.objects.get(pk=target).given_name == PEOPLE[1][0]


def test_a_row_that_keeps_changing_is_skipped_and_reported(people, monkeypatch):
    old_keys = tuple(settings.NRM_FIELD_KEYS)
    new_key = Fernet.generate_key().decode()
    target = people[0]
    original = rotation._rotate_row
    counter = iter(range(100))

    def edit_every_time(model, names, row, tally):
        if model is Person and row[0] == target:
            with override_settings(NRM_FIELD_KEYS=old_keys):
                Person.objects.filter(pk=target).update(phone=f"+355 69 000 {next(counter):04d}")
        return original(model, names, row, tally)

    monkeypatch.setattr(rotation, "_rotate_row", edit_every_time)
    with override_settings(NRM_FIELD_KEYS=(new_key, *old_keys)):
        output = StringIO()
        with pytest.raises(CommandError) as failed:
            call_command("keys", "rotate", stdout=output)
        monkeypatch.setattr(rotation, "_rotate_row", original)
        assert failed.value.returncode == 1
        assert "4 skipped (changing): run again" in output.getvalue()  # the row's 4 values
        assert "4 of 18 values not under the newest field key" in _check_fails("rotate", "--check")
        _rotate("rotate")  # the next run finishes it
        assert "0 of 18 values" in _rotate("rotate", "--check")
    with override_settings(NRM_FIELD_KEYS=(new_key,)):
        assert Person.objects.get(pk=target).phone == f"+355 69 000 {rotation.RETRIES:04d}"


def test_a_value_no_key_opens_is_reported_and_left_alone(people):
    stranger = Fernet(Fernet.generate_key()).encrypt(b"x").decode()
    Person.objects.filter(pk=people[2]).update(address=models_text(stranger))

    output = StringIO()
    with pytest.raises(CommandError):
        call_command("keys", "rotate", stdout=output)

    assert "1 UNREADABLE with the configured keys" in output.getvalue()
    assert _raw(people[2], "address") == stranger


def models_text(value: str):
    from django.db.models import TextField, Value

    return Value(value, output_field=TextField())


@pytest.mark.django_db(transaction=True)
def test_rotation_races_real_edits_on_postgresql(reference, actors):
    from tests.core.concurrency import race, requires_row_locks

    requires_row_locks()
    from nrm.registry.rules import PersonInput
    from nrm.registry.services import case_create

    ids = [
        case_create(
            actor=actors["police.tirana"],
            person=PersonInput(given_name=f"Emri{i}", family_name="Provë", phone=f"+3556900{i}"),
        ).person_id
        for i in range(120)
    ]
    old_keys = tuple(settings.NRM_FIELD_KEYS)
    new_key = Fernet.generate_key().decode()
    edited = ids[::3]

    def edit():
        for pk in edited:  # a server not yet restarted: writes under the old key
            Person.objects.filter(pk=pk).update(phone=f"edited {pk}")

    with override_settings(NRM_FIELD_KEYS=(new_key, *old_keys)):
        outcomes = race(lambda: rotation.fields_rotate(actor=_system(), batch=10), edit)
        assert [o.kind for o in outcomes] == ["ok", "ok"], [o.error for o in outcomes]
        rotation.fields_rotate(actor=_system())  # whatever the editor wrote under the old key
        assert rotation.fields_check().total.stale == 0
    with override_settings(NRM_FIELD_KEYS=(new_key,)):
        phones = dict(Person.objects.filter(pk__in=ids).values_list("pk", "phone"))
    assert all(phones[pk] == f"edited {pk}" for pk in edited)
    assert all(phones[pk] == f"+3556900{i}" for i, pk in enumerate(ids) if pk not in edited)


def test_a_new_index_key_finds_old_rows_then_reindex_moves_them(people, actors):
    old_key = settings.NRM_BLIND_INDEX_KEY
    new_key = secrets.token_bytes(32)
    secretariat = actors["ap.secretariat"]

    def found(name: str) -> int:
        return case_list(actor=secretariat, filters=CaseFilters(q=name)).count()

    with override_settings(NRM_BLIND_INDEX_KEY=new_key, NRM_BLIND_INDEX_KEYS=(new_key, old_key)):
        assert found("Teuta Vrapçeli") == 1  # through the old key, still configured
        # the full-name index and the name tokens (counted by person) of three persons
        assert "6 of 6 index entries not under the newest index key" in _check_fails(
            "reindex", "--check"
        )
        assert "done: 6 of 6 index entries moved to the newest index key" in _rotate("reindex")
        assert "0 of 6 index entries" in _rotate("reindex", "--check")
    with override_settings(NRM_BLIND_INDEX_KEY=new_key, NRM_BLIND_INDEX_KEYS=(new_key,)):
        assert found("Teuta Vrapçeli") == 1
        assert found("vrapceli teuta") == 1
        assert found("Vrapçeli") == 1
    assert AuditEvent.objects.filter(code="keys.reindexed").get().data["rotated"] == 6


def test_generate_prints_keys_that_load():
    field = _rotate("generate").strip()
    index = _rotate("generate", "--kind", "index").strip()
    backup = _rotate("generate", "--kind", "backup").strip()

    Fernet(field.encode())
    assert len(base64.urlsafe_b64decode(index)) == 32
    assert len(base64.urlsafe_b64decode(backup)) == 32
    assert len({field, index, backup}) == 3


def _system():
    from nrm.accounts.policy import system_actor
    from nrm.accounts.services import system_user_ensure

    system_user_ensure()
    return system_actor()
