"""Name search by any part (issue 13, item 5): one keyed blind index per normalised name
token, so the given name or the family name alone, in any order, without diacritics or in
Cyrillic, finds the person — and no token is ever stored in clear."""

import secrets

import pytest
from django.db import connection
from django.test import override_settings

from nrm.core import clock
from nrm.registry import name_tokens
from nrm.registry.models import Person, PersonNameToken
from nrm.registry.selectors import CaseFilters, case_list

pytestmark = pytest.mark.django_db


def found(actor, q: str) -> list:
    return list(case_list(actor=actor, filters=CaseFilters(q=q)))


@pytest.fixture
def arta(make_case):
    return make_case(given_name="Arta", family_name="Krasniqi")


def test_tokens_fold_case_diacritics_and_cyrillic():
    assert name_tokens.tokens_of("Arta", "Krasniqi") == ["arta", "krasniqi"]
    assert name_tokens.tokens_of("ARTA KRASNİQİ") == ["arta", "krasniqi"]
    assert name_tokens.tokens_of("Ëndrra Çela") == ["endrra", "cela"]
    assert name_tokens.tokens_of("Драган Јовановић") == ["dragan", "jovanovic"]
    assert name_tokens.tokens_of("Anne-Marie  O'Neill") == ["anne", "marie", "o", "neill"]
    assert name_tokens.tokens_of("", "") == []


@pytest.mark.parametrize(
    "query",
    ["Krasniqi", "krasniqi", "Arta", "ARTA", "Krasniqi Arta", "arta krasniqi", "Krasnıqi"],
)
def test_the_given_or_the_family_name_alone_or_in_any_order_finds_the_case(
    actors, arta, make_case, query
):
    make_case(given_name="Drita", family_name="Hoxha")

    assert found(actors["police.tirana"], query) == [arta]


def test_several_tokens_find_only_persons_having_all_of_them(actors, arta, make_case):
    other_arta = make_case(given_name="Arta", family_name="Hoxha")

    assert set(found(actors["police.tirana"], "Arta")) == {arta, other_arta}
    assert found(actors["police.tirana"], "Arta Hoxha") == [other_arta]
    assert found(actors["police.tirana"], "Arta Gashi") == []


def test_a_name_without_diacritics_finds_the_name_written_with_them(actors, make_case):
    cela = make_case(given_name="Ëndrra", family_name="Çela")

    assert found(actors["police.tirana"], "cela") == [cela]
    assert found(actors["police.tirana"], "endrra") == [cela]


def test_a_cyrillic_spelling_finds_the_latin_one_and_back(actors, make_case):
    jovanovic = make_case(given_name="Dragana", family_name="Jovanović")
    petrovic = make_case(given_name="Милица", family_name="Петровић")

    assert found(actors["police.tirana"], "Јовановић") == [jovanovic]
    assert found(actors["police.tirana"], "petrovic") == [petrovic]
    assert found(actors["police.tirana"], "Milica Petrović") == [petrovic]


def test_part_of_a_token_finds_nothing(actors, arta):
    for query in ("Krasniq", "Art", "Arta Krasn", "!!!"):
        assert found(actors["police.tirana"], query) == [], query


def test_the_search_stays_within_what_the_caller_may_see(actors, arta):
    assert found(actors["police.shkoder"], "Krasniqi") == []
    assert found(actors["ap.secretariat"], "Krasniqi") == [arta]


def test_no_token_is_stored_in_clear(arta):
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM registry_personnametoken")
        rows = cursor.fetchall()
    stored = " ".join(str(value) for row in rows for value in row).casefold()
    assert len(rows) == 2
    for token in ("arta", "krasniqi"):
        assert token not in stored
    # keyed, and apart from the full-name index (its own domain)
    digests = set(PersonNameToken.objects.values_list("digest", flat=True))
    assert digests == name_tokens.digests_of("Arta", "Krasniqi")
    person = Person.objects.get(pk=arta.person_id)
    assert person.name_index not in digests
    assert name_tokens.digests_of("Arta", "", key=b"another key of thirty-two bytes!").isdisjoint(
        digests
    )


def test_a_new_index_key_finds_old_tokens_then_reindex_moves_them(actors, arta):
    from nrm.site import rotation

    old_key = crypto_key()
    new_key = secrets.token_bytes(32)
    with override_settings(NRM_BLIND_INDEX_KEY=new_key, NRM_BLIND_INDEX_KEYS=(new_key, old_key)):
        assert found(actors["police.tirana"], "Krasniqi") == [arta]  # the old key still looked up
        due = rotation.indexes_rebuild(actor=None, write=False).per_model
        assert due["registry.PersonNameToken"].stale == 1
        rotation.indexes_rebuild(actor=actors["ap.secretariat"])
    with override_settings(NRM_BLIND_INDEX_KEY=new_key, NRM_BLIND_INDEX_KEYS=(new_key,)):
        assert found(actors["police.tirana"], "Krasniqi") == [arta]
        assert found(actors["police.tirana"], "arta") == [arta]
        assert set(PersonNameToken.objects.values_list("digest", flat=True)) == (
            name_tokens.digests_of("Arta", "Krasniqi", key=new_key)
        )
        done = rotation.indexes_rebuild(actor=None, write=False).per_model
        assert done["registry.PersonNameToken"].stale == 0


def crypto_key() -> bytes:
    from django.conf import settings

    return settings.NRM_BLIND_INDEX_KEY


def test_anonymisation_removes_the_tokens(actors, make_case):
    from nrm.registry.retention import retention_anonymise
    from tests.registry.test_retention import TEN_YEARS, close, system

    case = make_case(given_name="Arta", family_name="Krasniqi")
    kept = make_case(given_name="Drita", family_name="Krasniqi")
    close(actors, case)
    with clock.override(clock.now() + TEN_YEARS):
        assert retention_anonymise(actor=system()) == 1

    assert not PersonNameToken.objects.filter(person_id=case.person_id).exists()
    assert PersonNameToken.objects.filter(person_id=kept.person_id).count() == 2
    assert found(actors["police.tirana"], "Krasniqi") == [kept]


def test_a_correction_of_the_name_re_derives_the_tokens(actors, arta):
    from nrm.registry.person_rights.correction import person_correct

    person_correct(
        actor=actors["ap.secretariat"],
        case_id=arta.pk,
        field="family_name",
        value="Berisha",
        reason="spelling on the passport",
        requested_by="person",
        expected_version=arta.version,
    )

    assert found(actors["police.tirana"], "Krasniqi") == []
    assert found(actors["police.tirana"], "Berisha") == [arta]
    assert found(actors["police.tirana"], "Arta") == [arta]


def test_bulk_generation_writes_the_tokens(reference):
    from nrm.registry.bulk import generate_cases

    generate_cases(count=5, seed=3, progress=lambda _line: None)

    for person in Person.objects.all():
        stored = set(person.name_tokens.values_list("digest", flat=True))
        assert stored == name_tokens.digests_of(person.given_name, person.family_name)
        assert stored
