"""A service-free way to lay down the facts the statistics count: persons, cases opened by an
institution on a day, status decisions on given days, links between person records, a
withdrawn statistics consent, an approved plan. Dates are local days (Europe/Tirane)."""

import itertools
from datetime import date, datetime, time

import pytest
from django.utils import timezone

from nrm.accounts.models import Institution
from nrm.consent.models import ConsentRecord
from nrm.consent.rules import STATISTICS
from nrm.linkage.models import LinkDecision, PersonLink
from nrm.plans.models import Plan
from nrm.registry.models import Case, CaseStatusChange, Person, StatusField

CUTOFF = timezone.make_aware(datetime(2026, 1, 1, 0, 0))
STATUS = {
    "PRESUMED": "potential_victim",
    "IDENTIFIED": "victim",
    "NOT_IDENTIFIED": "not_recognised",
}
AUTHORITY = {"PRESUMED": "initial_screening", "IDENTIFIED": "group_decision"}


def at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12, 0)))


class World:
    def __init__(self, actors):
        self.user = actors["ap.secretariat"].user
        self._n = itertools.count(1)

    def person(self, *, sex="female", dob="", estimated_age=None, citizenship="AL", child=False):
        return Person.objects.create(
            sex=sex,
            date_of_birth=dob,
            estimated_age=estimated_age,
            appears_to_be_child=child,
            citizenship=citizenship,
            created_at=at(date(2020, 1, 1)),
        )

    def case(self, person, *, on: date, institution="police-slktp-tirana", forms=()):
        moment = at(on)
        return Case.objects.create(
            reference=f"T-{next(self._n):06d}",
            person=person,
            owner_institution=Institution.objects.get(code=institution),
            profile_code="AL",
            profile_version="2025.1",
            stage="initial_identification",
            identification_status="none",
            is_child=False,
            exploitation_forms=list(forms),
            created_at=moment,
            created_by=self.user,
            updated_at=moment,
        )

    def decide(self, case, status: str, on: date):
        CaseStatusChange.objects.create(
            case=case,
            at=at(on),
            by=self.user,
            field=StatusField.IDENTIFICATION_STATUS,
            from_value=case.identification_status,
            to_value=STATUS[status],
            reason_code=AUTHORITY.get(status, "group_decision"),
        )
        case.identification_status = STATUS[status]
        case.save(update_fields=["identification_status"])
        return case

    def victim(self, *, presumed: date, identified: date | None = None, forms=(), **person):
        case = self.case(self.person(**person), on=presumed, forms=forms)
        self.decide(case, "PRESUMED", presumed)
        if identified:
            self.decide(case, "IDENTIFIED", identified)
        return case

    def link(self, a: Person, b: Person) -> PersonLink:
        first, second = sorted((a, b), key=lambda p: p.pk)
        return PersonLink.objects.create(
            person_a=first,
            person_b=second,
            decision=LinkDecision.SAME,
            decided_at=at(date(2024, 6, 1)),
            decided_by=self.user,
        )

    def withdraw(self, case):
        ConsentRecord.objects.create(
            case=case,
            purpose=STATISTICS,
            given=False,
            given_by="person",
            signed_on=date(2024, 1, 1),
            recorded_at=at(date(2024, 1, 1)),
            recorded_by=self.user,
        )

    def plan(self, case, *, approved: date):
        return Plan.objects.create(
            case=case,
            kind="ipp",
            number=f"P-{next(self._n)}",
            institution=case.owner_institution,
            created_at=at(approved),
            created_by=self.user,
            updated_at=at(approved),
            approved_at=at(approved),
        )


@pytest.fixture
def world(actors):
    return World(actors)
