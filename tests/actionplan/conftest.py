import json
from pathlib import Path

import pytest

SEED = (
    Path(__file__).resolve().parents[2] / "tests" / "actionplan" / "data" / "004_action_plan.json"
)


@pytest.fixture
def seed_bytes() -> bytes:
    return SEED.read_bytes()


@pytest.fixture
def seed() -> dict:
    return json.loads(SEED.read_bytes())


@pytest.fixture
def secretariat(actors):
    return actors["ap.secretariat"]


@pytest.fixture
def focal(actors):
    return actors["apap.police.tirana"]


@pytest.fixture
def plan(secretariat, seed_bytes, reference):
    """The Kosovo 2015–2019 plan imported, "PK" (Kosovo Police) mapped to the demo's police."""
    from nrm.actionplan import services

    result = services.plan_import(actor=secretariat, raw=seed_bytes, code="xk-2015")
    services.alias_map(
        actor=secretariat, name="PK", institution_id=reference["police-slktp-tirana"].pk
    )
    return result.plan
