"""Scored pairs with evidence (`nrm.dedup.pairs`): the pair written two ways is found with
each comparison's level, labels only; a namesake born another year is not a candidate; the
threshold is honoured."""

import json

from nrm.dedup.pairs import COMPARISONS, scored_pairs


def _row(record_id, given, family, born, sex="male", citizenship="AL"):
    return {
        "record_id": record_id,
        "given_name": given,
        "family_name": family,
        "sex": sex,
        "date_of_birth": born,
        "estimated_age": "",
        "citizenship": citizenship,
        "place_of_birth": "",
    }


ROWS = [
    _row("a", "Engjëll", "Marku", "2004-05-14"),
    _row("b", "Engjell", "Marku", "2004-05-14"),
    _row("c", "Engjell", "Marku", "1980-02-03"),
    _row("d", "Marku", "Engjell", "2004-05-14"),  # given and family swapped
    _row("e", "Arta", "Hoxha", "1999-01-01", sex="female"),
]


def test_pairs_with_their_levels_and_no_values():
    pairs = scored_pairs(ROWS, threshold=0.5)
    found = {(p.left, p.right): p for p in pairs}
    assert set(found) == {("a", "b"), ("a", "d"), ("b", "d")}
    ab = found[("a", "b")]
    assert ab.probability > 0.99 and ab.match_weight > 10
    assert set(ab.evidence) == set(COMPARISONS)
    assert ab.evidence["given"].kind == "exact" and ab.evidence["dob"].kind == "exact"
    assert ab.evidence["place"].kind == "missing" and ab.evidence["place"].weight == 0
    assert found[("a", "d")].evidence["given"].label == "exact, swapped with the other name"
    text = json.dumps([p.evidence_dict() for p in pairs])
    for value in ("Engj", "Marku", "2004", 'AL"'):
        assert value not in text
    # Most probable first.
    assert [p.probability for p in pairs] == sorted((p.probability for p in pairs), reverse=True)


def test_the_threshold_and_tiny_inputs():
    assert scored_pairs(ROWS[:1]) == []
    assert scored_pairs([ROWS[0], ROWS[2]], threshold=0.01) == []  # another birth year
    assert all(p.probability >= 0.999 for p in scored_pairs(ROWS, threshold=0.999))
