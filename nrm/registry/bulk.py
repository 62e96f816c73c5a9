"""Bulk generation of invented cases for benchmarks (`nrm generate`).

Like a test factory it writes rows directly, in batches, because 100,000 cases through
the one-by-one services would take too long; the rows are those the services would make
(encrypted fields, blind indexes of the name and its tokens, initial history rows) and one
audit event per batch.
"""

import random
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F

from nrm.accounts.models import Institution
from nrm.accounts.policy import system_actor
from nrm.audit.services import event_record
from nrm.core import clock
from nrm.jurisdictions import get_profile
from nrm.registry import name_tokens, rules, tallies
from nrm.registry.audit_codes import RegistryCode
from nrm.registry.models import (
    Case,
    CaseProcedure,
    CaseStatusChange,
    Person,
    PersonNameToken,
    ReferenceCounter,
)
from nrm.registry.services import person_fields
from nrm.registry.synthetic import invent_person

STAGE_STATUS = [
    ("initial_identification", "none", 15),
    ("initial_identification", "potential_victim", 10),
    ("formal_identification", "potential_victim", 15),
    ("protection", "victim", 25),
    ("return", "victim", 5),
    ("reintegration", "victim", 15),
    ("closed", "not_recognised", 10),
    ("closed", "victim", 5),
]
# (stage, status) → the procedures such a case has: (code, state, running).
PROCEDURES = {
    ("initial_identification", "none"): [("identification", "initial", True)],
    ("initial_identification", "potential_victim"): [("identification", "initial", True)],
    ("formal_identification", "potential_victim"): [("identification", "formal", True)],
    ("protection", "victim"): [
        ("identification", "decided", False),
        ("protection", "placed", True),
    ],
    ("return", "victim"): [("identification", "decided", False), ("return", "preparing", True)],
    ("reintegration", "victim"): [
        ("identification", "decided", False),
        ("reintegration", "active", True),
    ],
    ("closed", "not_recognised"): [("identification", "decided", False)],
    ("closed", "victim"): [("identification", "decided", False)],
}


def _reserve_references(prefix: str, year: int, n: int) -> int:
    """Reserves n consecutive numbers; returns the first."""
    with transaction.atomic():
        counter, _ = ReferenceCounter.objects.select_for_update().get_or_create(
            prefix=prefix, year=year
        )
        ReferenceCounter.objects.filter(pk=counter.pk).update(last=F("last") + n)
        return counter.last + 1


def generate_cases(
    *, count: int, seed: int, batch: int = 2000, progress: Callable[[str], None] = print
) -> int:
    rng = random.Random(seed)
    profile = get_profile(settings.NRM_JURISDICTION)
    actor = system_actor()
    # Cases are opened by the institutions that work in a county (national bodies, such as
    # the ministry and the secretariat, open none), of the profile's own institution types.
    kinds = [t.code for t in profile.institution_types]
    owners = list(Institution.objects.filter(type__in=kinds).exclude(county=""))
    combos = [(s, st) for s, st, _w in STAGE_STATUS]
    weights = [w for _s, _st, w in STAGE_STATUS]
    now = clock.now()
    closing = profile.retention.closing_stage if profile.retention else None
    made = 0
    while made < count:
        n = min(batch, count - made)
        year = clock.today().year
        first = _reserve_references(profile.reference_prefix, year, n)
        with transaction.atomic():
            persons, cases, opened_at = [], [], []
            for i in range(n):
                child = rng.random() < 0.25
                opened = now - timedelta(days=rng.randint(0, 360), minutes=rng.randint(0, 1440))
                invented = invent_person(rng, today=opened.date(), child=child)
                person = rules.validate_person(
                    invented.person, profile=profile, today=opened.date()
                )
                persons.append(Person(created_at=opened, **person_fields(person)))
                stage, status = rng.choices(combos, weights=weights)[0]
                owner = rng.choice(owners)
                cases.append(
                    Case(
                        reference=f"{profile.reference_prefix}-{year}-{first + i:06d}",
                        owner_institution=owner,
                        profile_code=profile.code,
                        profile_version=profile.version,
                        stage=stage,
                        identification_status=status,
                        is_child=rules.is_child(person, profile=profile, today=opened.date()),
                        county=owner.county,
                        created_at=opened,
                        created_by=actor.user,
                        updated_at=opened,
                        closed_at=opened if stage == closing else None,
                    )
                )
                opened_at.append(opened)
            Person.objects.bulk_create(persons)
            PersonNameToken.objects.bulk_create(
                [row for person in persons for row in name_tokens.rows_for(person)]
            )
            for case, person in zip(cases, persons, strict=True):
                case.person = person
            Case.objects.bulk_create(cases)
            tallies.tally_add_many(cases)
            history = []
            for case in cases:
                for field, initial, final in (
                    ("stage", profile.initial_stage, case.stage),
                    ("identification_status", profile.initial_status, case.identification_status),
                ):
                    history.append(
                        CaseStatusChange(
                            case=case,
                            at=case.created_at,
                            by=actor.user,
                            field=field,
                            from_value="",
                            to_value=initial,
                            reason="case.opened",
                        )
                    )
                    if final != initial:
                        history.append(
                            CaseStatusChange(
                                case=case,
                                at=case.created_at,
                                by=actor.user,
                                field=field,
                                from_value=initial,
                                to_value=final,
                                reason="generated",
                            )
                        )
            CaseStatusChange.objects.bulk_create(history)
            CaseProcedure.objects.bulk_create(
                CaseProcedure(
                    case=case,
                    code=code,
                    state=state,
                    opened_at=case.created_at,
                    closed_at=None if running else case.created_at,
                )
                for case in cases
                for code, state, running in PROCEDURES[(case.stage, case.identification_status)]
            )
            event_record(actor=actor, code=RegistryCode.GENERATED, data={"count": n, "seed": seed})
        made += n
        progress(f"  {made}/{count}")
    return made
