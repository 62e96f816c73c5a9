"""Migration consent/0002 registers the A2 consents recorded before the registry existed."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from nrm.core import clock


@pytest.mark.django_db(transaction=True)
def test_earlier_a2_consents_are_registered(make_case, actors):
    from nrm.screening.models import Consent

    case = make_case(estimated_age=12)
    executor = MigrationExecutor(connection)
    executor.migrate([("consent", "0001_initial")])
    try:
        Consent.objects.create(
            case=case,
            given=True,
            given_by="guardian",
            signatory="Besa K.",
            signed_on=clock.today(),
            recorded_at=clock.now(),
            recorded_by=actors["police.tirana"].user,
            institution=actors["police.tirana"].institution,
        )
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate([("consent", "0002_a2_consents")])
    from nrm.consent.models import ConsentRecord

    r = ConsentRecord.objects.get(case=case)
    assert (r.purpose, r.form, r.given, r.given_by, r.signatory) == (
        "services",
        "a2",
        True,
        "guardian",
        "Besa K.",
    )
