"""Identity and contact fields are encrypted at rest; the blind index finds a person by the
exact name without storing it; a new key can be put first without losing old rows."""

from datetime import date

import pytest
from cryptography.fernet import Fernet
from django.conf import settings
from django.db import connection
from django.test import override_settings

from nrm.core import crypto
from nrm.registry.models import Person
from nrm.registry.rules import PersonInput
from nrm.registry.selectors import CaseFilters, case_list
from nrm.registry.services import case_create

pytestmark = pytest.mark.django_db

GIVEN = "Zyrafete"
FAMILY = "Qyqja"
PHONE = "+355 69 481 2277"
ADDRESS = "Rruga Dervish Hima 19, Tiranë"
EMAIL = "zyrafete.qyqja@example.org"
SECRETS = [GIVEN, FAMILY, f"{GIVEN} {FAMILY}", PHONE, "481 2277", ADDRESS, "Dervish Hima", EMAIL]


@pytest.fixture
def zyrafete(actors):
    return case_create(
        actor=actors["police.tirana"],
        person=PersonInput(
            given_name=GIVEN,
            family_name=FAMILY,
            date_of_birth=date(1987, 11, 3),
            phone=PHONE,
            address=ADDRESS,
            email=EMAIL,
        ),
    )


@pytest.fixture
def fresh_fernet():
    """The MultiFernet cache is keyed by the key tuple; start and end each test without it."""
    crypto._fernet.cache_clear()
    yield
    crypto._fernet.cache_clear()


def _raw_person(pk: int) -> dict:
    columns = ["given_name", "family_name", "phone", "address", "email", "date_of_birth"]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(columns)} FROM registry_person WHERE id = %s", [pk])  # noqa: S608
        return dict(zip(columns, cursor.fetchone(), strict=True))


def _as_text(value) -> str:
    if isinstance(value, memoryview):
        value = value.tobytes()
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)


def _every_stored_value():
    """Every value of every column of every table, as text."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {quote(table)}")  # noqa: S608
            for row in cursor.fetchall():
                for value in row:
                    if value is not None:
                        yield table, _as_text(value)


def test_the_person_table_holds_ciphertext_not_the_name_phone_or_address(zyrafete):
    raw = _raw_person(zyrafete.person_id)

    for column, value in raw.items():
        assert value, column
        assert value.startswith("gAAAAA"), column  # a Fernet token
        for secret in [*SECRETS, "1987-11-03"]:
            assert secret.casefold() not in value.casefold(), column


def test_no_table_holds_the_plaintext_of_the_person(zyrafete, api_client):
    # Reads and searches must not leave a trace either.
    api_client("police.tirana").get(f"/api/v1/cases/{zyrafete.pk}")
    api_client("police.tirana").get(f"/api/v1/cases?q={GIVEN}+{FAMILY}")
    needles = [s.casefold() for s in SECRETS] + [crypto.normalise(f"{GIVEN} {FAMILY}")]

    leaks = [
        (table, needle)
        for table, value in _every_stored_value()
        for needle in needles
        if needle in value.casefold()
    ]

    assert leaks == []


def test_the_model_gives_back_the_plaintext(zyrafete):
    person = Person.objects.get(pk=zyrafete.person_id)

    assert (person.given_name, person.family_name) == (GIVEN, FAMILY)
    assert (person.phone, person.address, person.email) == (PHONE, ADDRESS, EMAIL)
    assert person.date_of_birth == "1987-11-03"


def test_the_same_name_is_encrypted_differently_each_time(make_case):
    first = make_case(given_name=GIVEN, family_name=FAMILY)
    second = make_case(given_name=GIVEN, family_name=FAMILY)

    assert _raw_person(first.person_id)["given_name"] != _raw_person(second.person_id)["given_name"]


@pytest.mark.parametrize(
    "query",
    [
        "zyrafete qyqja",
        "ZYRAFETE QYQJA",
        "  Zyrafete   Qyqja ",
        "Zyrafëte Qyqjá",
        "Qyqja Zyrafete",
    ],
)
def test_the_blind_index_finds_the_person_by_the_exact_name_in_any_case_or_accent(
    actors, zyrafete, make_case, query
):
    make_case(given_name="Zyrafete", family_name="Hoxha")

    found = case_list(actor=actors["police.tirana"], filters=CaseFilters(q=query))

    assert list(found) == [zyrafete]


def test_the_blind_index_finds_names_written_with_albanian_letters_without_them(actors, make_case):
    cela = make_case(given_name="Ëndrra", family_name="Çela")

    found = case_list(actor=actors["police.tirana"], filters=CaseFilters(q="endrra cela"))

    assert list(found) == [cela]


def test_the_blind_index_does_not_match_part_of_a_name(actors, zyrafete):
    # A whole given or family name finds the person (issue 13: one index per token); a part
    # of one does not (tests/registry/test_name_tokens.py).
    for query in ("Zyrafet", "Qyqj", "Zyrafet Qyqja"):
        assert not case_list(actor=actors["police.tirana"], filters=CaseFilters(q=query)).exists()


def test_the_blind_index_search_stays_within_what_the_caller_may_see(actors, zyrafete):
    found = case_list(actor=actors["police.shkoder"], filters=CaseFilters(q="zyrafete qyqja"))

    assert not found.exists()


def test_the_blind_index_is_keyed(zyrafete):
    stored = Person.objects.get(pk=zyrafete.person_id).name_index
    assert stored == crypto.blind_index(f"{GIVEN} {FAMILY}")

    with override_settings(NRM_BLIND_INDEX_KEY=b"another key of thirty-two bytes!"):
        assert crypto.blind_index(f"{GIVEN} {FAMILY}") != stored


def test_old_rows_still_decrypt_when_a_new_key_is_put_first(zyrafete, make_case, fresh_fernet):
    old_keys = tuple(settings.NRM_FIELD_KEYS)
    new_key = Fernet.generate_key().decode()

    with override_settings(NRM_FIELD_KEYS=(new_key, *old_keys)):
        crypto._fernet.cache_clear()
        old = Person.objects.get(pk=zyrafete.person_id)
        assert (old.given_name, old.family_name, old.phone) == (GIVEN, FAMILY, PHONE)
        newer = make_case(given_name="Vjosa", family_name="Toska")

    # The new row was written with the new key, which alone can read it.
    raw = _raw_person(newer.person_id)["given_name"]
    assert Fernet(new_key.encode()).decrypt(raw.encode()) == b"Vjosa"
    with override_settings(NRM_FIELD_KEYS=(new_key,)):
        crypto._fernet.cache_clear()
        assert Person.objects.get(pk=newer.person_id).given_name == "Vjosa"
        # ... and the old row needs the old key.
        with pytest.raises(ValueError, match="could not be decrypted"):
            Person.objects.get(pk=zyrafete.person_id)


def test_rotate_re_encrypts_an_old_token_under_the_new_key(zyrafete, fresh_fernet):
    old_token = _raw_person(zyrafete.person_id)["family_name"]
    new_key = Fernet.generate_key().decode()

    with override_settings(NRM_FIELD_KEYS=(new_key, *settings.NRM_FIELD_KEYS)):
        crypto._fernet.cache_clear()
        rotated = crypto.rotate(old_token)

    assert Fernet(new_key.encode()).decrypt(rotated.encode()) == FAMILY.encode()


def test_a_failed_decryption_does_not_echo_the_ciphertext(zyrafete, fresh_fernet):
    token = _raw_person(zyrafete.person_id)["given_name"]

    with override_settings(NRM_FIELD_KEYS=(Fernet.generate_key().decode(),)):
        crypto._fernet.cache_clear()
        with pytest.raises(ValueError) as raised:
            crypto.decrypt(token)

    assert token not in str(raised.value)
    assert token[:20] not in repr(raised.value)


@pytest.mark.parametrize(
    ("a", "b"),
    [("Çela", "cela"), ("  Arta   HOXHA ", "arta hoxha"), ("Ëndrra", "endrra"), ("ß", "ss")],
)
def test_normalise_ignores_case_accents_and_spacing(a, b):
    assert crypto.normalise(a) == crypto.normalise(b)
