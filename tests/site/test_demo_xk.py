"""`nrm demo --jurisdiction XK`: the Kosovo demo's world (the XK profile's demo.yaml) walked
through the real services, and a data directory that serves only the jurisdiction it was
made for (nrm.E160)."""

import re
from collections import Counter

import pytest
from django.core import checks

from nrm.accounts.models import Membership, User
from nrm.identification.models import GroupDecision
from nrm.jurisdictions import get_profile
from nrm.plans.models import Plan
from nrm.referrals.models import Referral
from nrm.registry.models import Case
from nrm.shelters.models import Residence
from nrm.site.checks import instance_jurisdiction
from nrm.site.demo import demo_cases_create, demo_users_ensure, reference_data_ensure
from nrm.site.models import InstanceJurisdiction
from tests.core.datadir import run

# shared/api-contract.md, "Kosovo demo institutions and users".
CONTRACT = {
    "police.prishtina": "police-dhtqnj-prishtina",
    "police.prizren": "police-dhtqnj-prizren",
    "qps.prishtina": "qps-prishtina",
    "advocate.prishtina": "zmnv-prishtina",
    "shelter.prishtina": "shelter-prishtina",
    "secretariat": "xk-secretariat",
}


@pytest.fixture
def kosovo(settings, db):
    """The instance serves Kosovo; its reference data made inside the test (rolled back)."""
    settings.NRM_JURISDICTION = "XK"
    institutions = reference_data_ensure()
    demo_users_ensure(institutions)
    return institutions


def test_the_contract_users_exist_at_their_institutions(kosovo):
    for username, code in CONTRACT.items():
        membership = Membership.objects.select_related("institution").get(
            user__username=username, is_primary=True
        )
        assert membership.institution.code == code, username
        assert membership.user.is_demo
    assert User.objects.get(username="admin").is_superuser
    # The seven police regions each have their trafficking unit, centre for social work and
    # victim advocates; two licensed NGO shelters; the Secretariat and the Coordinator.
    counties = [c.code for c in get_profile("XK").counties]
    assert len(counties) == 7
    for county in counties:
        for prefix in ("police-dhtqnj", "qps", "zmnv"):
            assert kosovo[f"{prefix}-{county}"].county == county
    assert sum(i.type == "shelter" for i in kosovo.values()) >= 2
    assert {"xk-secretariat", "xk-coordinator"} <= set(kosovo)


def test_the_kosovo_demo_puts_cases_in_every_stage_with_kosovo_references(kosovo):
    demo_cases_create(count=60)

    cases = Case.objects.select_related("owner_institution")
    assert cases.count() >= 60
    assert all(re.fullmatch(r"XK-\d{4}-\d{6}", c.reference) for c in cases)
    assert {c.profile_code for c in cases} == {"XK"}
    per_stage = Counter(c.stage for c in cases)
    for stage in get_profile("XK").stages:
        assert per_stage[stage.code] >= 1, (stage.code, per_stage)
    # The contract's guarantees are owned by the police of Prishtina: cases awaiting the
    # group's decision, adults and children.
    awaiting = [
        c
        for c in cases
        if c.owner_institution.code == "police-dhtqnj-prishtina"
        and c.stage == "formal_identification"
        and c.identification_status == "potential_victim"
    ]
    assert sum(not c.is_child for c in awaiting) >= 5
    assert sum(c.is_child for c in awaiting) >= 5
    # The stages' walkers played Kosovo's cast: the group's decision, the Prishtina
    # shelter's referrals and admissions, the centre for social work's plans.
    shelter = kosovo["shelter-prishtina"]
    assert GroupDecision.objects.filter(case__owner_institution__county="prishtina").exists()
    assert Referral.objects.filter(to_institution=shelter).exists()
    assert Residence.objects.filter(institution=shelter).exists()
    assert Plan.objects.filter(case__owner_institution__county="prishtina").exists()


def test_the_albanian_demo_names_no_kosovo_institution(reference):
    demo_cases_create(count=30)

    owners = set(Case.objects.values_list("owner_institution__code", flat=True))
    assert owners and not any(code.startswith(("police-dhtqnj", "qps-")) for code in owners)
    assert all(r.startswith("AL-") for r in Case.objects.values_list("reference", flat=True))


def test_a_database_made_for_albania_refuses_to_serve_kosovo(settings, db):
    assert settings.NRM_JURISDICTION == "AL"
    # The test database records the default jurisdiction at migrate; a transactional test
    # before this one may have flushed it, so the record is made again here.
    InstanceJurisdiction.objects.update_or_create(pk=1, defaults={"jurisdiction": "AL"})
    assert instance_jurisdiction() == []

    settings.NRM_JURISDICTION = "XK"
    problems = instance_jurisdiction()

    assert [p.id for p in problems] == ["nrm.E160"]
    assert problems[0].level == checks.ERROR
    assert "'AL'" in problems[0].msg and "'XK'" in problems[0].msg


def test_a_data_directory_refuses_another_jurisdiction_at_start_up(tmp_path):
    run(tmp_path, "migrate", "--verbosity", "0")  # made for Albania (the default)

    assert run(tmp_path, "check").returncode == 0
    refused = run(tmp_path, "check", "--jurisdiction", "XK", check=False)
    assert refused.returncode != 0
    assert "nrm.E160" in refused.stderr
    demo = run(
        tmp_path,
        "demo",
        "--jurisdiction",
        "XK",
        "--no-serve",
        env={"NRM_MODE": "demo"},
        check=False,
    )
    assert demo.returncode != 0
    assert "nrm.E160" in demo.stderr
