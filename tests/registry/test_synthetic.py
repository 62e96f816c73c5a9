"""Invented people for the demo and benchmarks are valid and of the age they were asked for."""

import random
from datetime import date

from hypothesis import example, given, settings
from hypothesis import strategies as st

from nrm.jurisdictions import get_profile
from nrm.registry.rules import age_on, is_child, validate_person
from nrm.registry.synthetic import invent_person

PROFILE = get_profile("AL", "2025.1")


@settings(max_examples=150, deadline=None)
@given(
    seed=st.integers(min_value=0, max_value=2**32),
    today=st.dates(min_value=date(2024, 1, 1), max_value=date(2040, 12, 31)),
    child=st.booleans(),
)
# An adult born 18 × 365 days ago is still 17: invented ages must count real years.
@example(seed=5850, today=date(2026, 5, 1), child=False)
def test_an_invented_person_is_valid_and_a_child_exactly_when_asked(seed, today, child):
    invented = invent_person(random.Random(seed), today=today, child=child)

    person = validate_person(invented.person, profile=PROFILE, today=today)

    assert is_child(person, profile=PROFILE, today=today) is child
    assert invented.foreign is (person.citizenship != "AL")
    if person.date_of_birth is not None:
        low, high = (10, 17) if child else (18, 55)
        assert low <= age_on(person.date_of_birth, today) <= high
