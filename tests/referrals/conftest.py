"""Fixtures of referrals: the demo's directory (made by the reference data), an adult woman's
case of the Tirana police, and a referral to the Tirana shelter with consent recorded."""

from datetime import date

import pytest


@pytest.fixture
def shelter(reference):
    from nrm.directory.models import Service

    return Service.objects.get(organization__institution__code="shelter-tirana", need="shelter")


@pytest.fixture
def woman(make_case):
    def make(**person):
        person.setdefault("sex", "female")
        person.setdefault("date_of_birth", date(1995, 4, 2))
        return make_case("police.tirana", **person)

    return make


@pytest.fixture
def refer(actors, shelter):
    """refer(case, **kw) → a pending referral from the Tirana police to the shelter, the
    person's consent to share recorded with it."""
    from nrm.referrals.services import referral_create

    def make(case, username="police.tirana", **kw):
        kw.setdefault("to_institution", "shelter-tirana")
        kw.setdefault("service", shelter)
        kw.setdefault("consent_given_by", "person")
        kw.setdefault("consent_form", "general")
        return referral_create(actor=actors[username], case_id=case.pk, **kw)

    return make
