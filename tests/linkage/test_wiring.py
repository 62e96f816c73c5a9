"""The scan's other doors: the profile check nrm.E140, the worker's nightly job, the
`nrm linkage scan` command, and the demo's person recorded twice."""

import random
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.management import call_command

from nrm.audit.models import AuditEvent
from nrm.core import clock
from nrm.jurisdictions import get_profile
from nrm.linkage.audit_codes import LinkageCode
from nrm.linkage.checks import check_linkage
from nrm.linkage.demo import demo_walk
from nrm.linkage.jobs import linkage_scan_job, scan_due
from nrm.linkage.models import MatchCandidate
from nrm.linkage.selectors import candidate_queue
from nrm.registry.doors import DemoPlan

TIRANA = ZoneInfo("Europe/Tirane")


def test_the_profile_check_names_unknown_and_missing_review_roles():
    profile = get_profile(settings.NRM_JURISDICTION)
    clean: list = []
    check_linkage(profile, lambda *p: clean.append(p))
    assert clean == []
    for roles in (("ap_secretariat", "nobody"), ()):
        block = profile.linkage.model_copy(update={"review_roles": roles})
        found: list = []

        def add(*problem, found=found):
            found.append(problem)

        check_linkage(profile.model_copy(update={"linkage": block}), add)
        assert len(found) == 1 and found[0][0] == "nrm.E140"


@pytest.mark.django_db
def test_the_nightly_job_runs_once_a_night(twice):
    night = datetime(2026, 12, 3, 2, 30, tzinfo=TIRANA)
    with clock.override(night - timedelta(hours=4)):
        assert linkage_scan_job() == 0  # 22:30: not the night's hours
    with clock.override(night):
        assert scan_due(clock.now())
        assert linkage_scan_job() == 1
        assert not scan_due(clock.now())  # done for tonight
    assert AuditEvent.objects.filter(code=LinkageCode.SCAN).count() == 1
    with clock.override(night + timedelta(days=1)):
        assert scan_due(clock.now())


@pytest.mark.django_db
def test_the_command(twice, capsys):
    call_command("linkage", "scan")
    assert "new 1" in capsys.readouterr().out
    assert MatchCandidate.objects.count() == 1


@pytest.mark.django_db
def test_the_demo_records_one_person_twice_and_the_ap_sees_one_pair(actors, make_case):
    until = clock.now()
    case = make_case()
    plan = DemoPlan(target="formal_identification", path=("formal_identification",), until=until)
    end = demo_walk(
        actor=actors["police.tirana"], case=case, plan=plan, rng=random.Random(1), moment=until
    )
    assert end <= until
    queue = list(candidate_queue(actor=actors["ap.secretariat"]))
    assert len(queue) == 1
    # Once: a second walk adds nothing.
    demo_walk(
        actor=actors["police.tirana"], case=case, plan=plan, rng=random.Random(2), moment=until
    )
    assert MatchCandidate.objects.count() == 1
