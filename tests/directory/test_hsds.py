"""The HSDS 3.1 export validates against the HSDS JSON schemas (shared/standards/hsds-3.1-dev),
formats (uuid, date-time, email, uri) included; the ids are the rows' stable UUIDs."""

import json
from pathlib import Path

import jsonschema_rs
import pytest

from nrm.directory.selectors import hsds_export

pytestmark = pytest.mark.django_db

SCHEMAS = Path(__file__).resolve().parents[3] / "shared" / "standards" / "hsds-3.1-dev"
if not SCHEMAS.is_dir():  # the worktree sits next to /work/shared
    SCHEMAS = Path("/work/shared/standards/hsds-3.1-dev")
BASE = "https://schemas.openreferral.invalid/hsds/3.1/"


def _validator(name: str):
    def retrieve(uri: str):
        return json.loads((SCHEMAS / uri.rsplit("/", 1)[-1]).read_text())

    schema = json.loads((SCHEMAS / f"{name}.json").read_text())
    return jsonschema_rs.validator_for(
        schema, retriever=retrieve, base_uri=BASE + f"{name}.json", validate_formats=True
    )


@pytest.mark.skipif(not SCHEMAS.is_dir(), reason="HSDS schemas not present")
def test_the_export_validates_against_the_hsds_schemas(reference):
    exported = hsds_export()
    assert len(exported) >= 8
    service = _validator("service")
    for obj in exported:
        errors = [str(e) for e in service.iter_errors(obj)]
        assert not errors, (obj["name"], errors)
    for name, pick in [
        ("organization", lambda s: [s["organization"]]),
        ("location", lambda s: [sal["location"] for sal in s["service_at_locations"]]),
        ("service_at_location", lambda s: s["service_at_locations"]),
        ("service_capacity", lambda s: s["capacities"]),
    ]:
        validator = _validator(name)
        for obj in exported:
            for part in pick(obj):
                assert not list(validator.iter_errors(part)), (name, part)
    beds = [c for s in exported for c in s["capacities"]]
    assert beds and all(c["unit"]["name"] == "bed" for c in beds)


def test_a_broken_object_is_caught(reference):
    """The check would see a bad export (not a schema that accepts anything)."""
    if not SCHEMAS.is_dir():
        pytest.skip("HSDS schemas not present")
    bad = dict(hsds_export()[0], id="not-a-uuid", status="open")
    assert list(_validator("service").iter_errors(bad))


def test_ids_are_stable_across_exports(reference):
    assert hsds_export() == hsds_export()


def test_no_street_address_is_exported(reference):
    for service in hsds_export():
        for sal in service["service_at_locations"]:
            assert "addresses" not in sal["location"]
