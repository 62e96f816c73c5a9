"""Reads written at the same time as the worker seals, on PostgreSQL: no read waits for
another, and every one ends up in an intact chain exactly once."""

import pytest

from nrm.audit.models import AccessLog
from nrm.audit.services import access_log_seal, access_record
from nrm.audit.verify import audit_verify
from nrm.registry.audit_codes import RegistryCode
from tests.core.concurrency import race, requires_row_locks


@pytest.mark.django_db(transaction=True)
def test_reads_racing_the_sealing_all_join_one_intact_chain(reference, make_case, actors):
    requires_row_locks()
    case = make_case()
    police = actors["police.tirana"]

    def reads():
        for _ in range(20):
            access_record(actor=police, case_id=case.pk, action=RegistryCode.CASE_VIEW)

    def seals():
        for _ in range(5):
            access_log_seal(batch=3)

    outcomes = race(reads, reads, reads, seals, seals)
    access_log_seal()

    assert [o.kind for o in outcomes] == ["ok"] * 5, [o.error for o in outcomes]
    assert AccessLog.objects.filter(seq__isnull=True).count() == 0
    seqs = sorted(AccessLog.objects.values_list("seq", flat=True))
    assert seqs == list(range(1, 61))
    assert all(r.broken is None for r in audit_verify())
