"""Blind indexes of name tokens: search a person by the given name or the family name
alone, in any order, without diacritics or in Cyrillic, without storing a name.

A name is cut into tokens by the de-duplication normaliser (`nrm.dedup.normalise`: Cyrillic
→ Latin, Albanian and Serbian diacritics folded, common transliterations unified), and each
token is stored as a keyed HMAC (`PersonNameToken`) under the blind index key, with its own
domain so a token's digest never equals a full-name index. A search of several tokens finds
the persons who have every one of them. What this leaks (how often a token occurs) is in
docs/security.md.
"""

from django.db import transaction

from nrm.core.crypto import blind_index, blind_indexes
from nrm.dedup.normalise import name_tokens
from nrm.registry.models import Person, PersonNameToken

# Domain separation: the HMAC message of a token is this, a separator, then the token.
DOMAIN = "name-token"


def tokens_of(*names: str) -> list[str]:
    """The distinct normalised tokens of the names, in order."""
    seen: dict[str, None] = {}
    for name in names:
        for token in name_tokens(name or ""):
            seen.setdefault(token, None)
    return list(seen)


def digests_of(given_name: str, family_name: str, *, key: bytes | None = None) -> set[str]:
    """What is stored for a person: one digest per token, under the newest key (or `key`)."""
    return {blind_index(DOMAIN, t, key=key) for t in tokens_of(given_name, family_name)}


def query_digests(text: str) -> list[set[str]]:
    """For each token of a searched text, its digests under every configured index key
    (rows not yet re-indexed after a new key was put first are still found)."""
    return [set(blind_indexes(DOMAIN, t)) for t in tokens_of(text)]


def rows_for(person: Person) -> list[PersonNameToken]:
    """Unsaved token rows of a person whose names are set (the bulk generator)."""
    return [
        PersonNameToken(person=person, digest=d)
        for d in sorted(digests_of(person.given_name, person.family_name))
    ]


def tokens_write(person: Person) -> None:
    """Replaces the person's token rows with those of the names it now holds; in the
    caller's transaction (every service that writes a name calls it)."""
    PersonNameToken.objects.filter(person=person).delete()
    PersonNameToken.objects.bulk_create(rows_for(person))


def tokens_rebuild(*, batch: int = 500, write: bool = True) -> dict[str, int]:
    """`nrm keys reindex`: every person's tokens recomputed under the newest index key, in
    batches of persons locked while their rows are replaced (a name corrected meanwhile
    waits for the batch, then writes its own rows). Counts persons: `values` with tokens
    stored or due, `current` already right, `rotated` rewritten (left due when not `write`)."""
    counts = {"values": 0, "current": 0, "rotated": 0}
    after = 0
    while True:
        with transaction.atomic():
            persons = Person.objects.filter(pk__gt=after).order_by("pk")
            if write:
                persons = persons.select_for_update()
            rows = list(persons.only("pk", "given_name", "family_name")[:batch])
            if not rows:
                return counts
            after = rows[-1].pk
            stored: dict[int, set[str]] = {}
            for person_id, digest in PersonNameToken.objects.filter(
                person_id__in=[p.pk for p in rows]
            ).values_list("person_id", "digest"):
                stored.setdefault(person_id, set()).add(digest)
            for person in rows:
                due = digests_of(person.given_name, person.family_name)
                have = stored.get(person.pk, set())
                if not due and not have:
                    continue
                counts["values"] += 1
                if due == have:
                    counts["current"] += 1
                    continue
                if write:
                    tokens_write(person)
                    counts["rotated"] += 1
