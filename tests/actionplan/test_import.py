"""Importing an action plan (issue 16): the seed file's 87 activities under 19 specific
objectives, its timeframes as written, idempotence, and malformed files refused whole."""

import json
from collections import Counter
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from nrm.actionplan import services
from nrm.actionplan.models import ActionPlan, Activity, ActivityInstitution, Objective, Revision
from nrm.audit.models import AuditEvent
from nrm.core.errors import Forbidden, ValidationFailed

pytestmark = pytest.mark.django_db


def test_seed_gives_87_activities_under_19_specific_objectives(plan):
    assert plan.activities.count() == 87
    specific = Objective.objects.filter(plan=plan).exclude(parent=None)
    assert specific.count() == 19
    assert Objective.objects.filter(plan=plan, parent=None).count() == 4
    per_strategic = Counter(a.objective.parent.code for a in plan.activities.all())
    assert per_strategic == {"1": 20, "2": 31, "3": 12, "4": 24}
    assert (plan.first_year, plan.last_year) == (2015, 2019)


def test_timeframes_counted_as_in_the_document(plan):
    """004.md §2.8: K4 2015 ×2; 2015 ×1; 2016 ×1; 2015–2016 ×2; 2015–2017 ×28; 2017–2017 ×1;
    2017–2019 ×1; continuous ×50 (five spellings); blank ×1."""
    kinds = Counter(plan.activities.values_list("timeframe_kind", flat=True))
    assert kinds == {"continuous": 50, "years": 34, "quarter": 2, "unspecified": 1}
    spans = Counter(
        (a.starts_on.isoformat(), a.ends_on.isoformat())
        for a in plan.activities.filter(timeframe_kind__in=["years", "quarter"])
    )
    assert spans == {
        ("2015-10-01", "2015-12-31"): 2,
        ("2015-01-01", "2015-12-31"): 1,
        ("2016-01-01", "2016-12-31"): 1,
        ("2015-01-01", "2016-12-31"): 2,
        ("2015-01-01", "2017-12-31"): 28,
        ("2017-01-01", "2017-12-31"): 1,
        ("2017-01-01", "2019-12-31"): 1,
    }
    continuous = plan.activities.filter(timeframe_kind="continuous")
    assert {a.ends_on.isoformat() for a in continuous} == {"2019-12-31"}
    # The spelling is kept as written.
    assert Counter(continuous.values_list("timeframe_text", flat=True))["vahdimesi"] == 6
    assert plan.activities.get(code="2.3.1").timeframe_kind == "unspecified"


def test_institutions_matched_and_unknown_listed(plan):
    lead = ActivityInstitution.objects.filter(activity__plan=plan, role="lead")
    # MPB is the demo's `mpb`; PK was mapped by the user; ZKNKT has no institution here.
    assert lead.filter(name="MPB").exclude(institution=None).count() == 16
    assert lead.filter(name="PK", institution__code="police-slktp-tirana").count() == 9
    assert "ZKNKT" in services_unmapped(plan)
    assert "MPB" not in services_unmapped(plan)


def services_unmapped(plan):
    from nrm.actionplan.selectors import unmapped_names

    return unmapped_names(plan)


def test_import_is_idempotent(plan, secretariat, seed_bytes):
    before = (
        Activity.objects.count(),
        ActivityInstitution.objects.count(),
        Revision.objects.count(),
    )
    again = services.plan_import(actor=secretariat, raw=seed_bytes, code="xk-2015")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 87)
    after = (
        Activity.objects.count(),
        ActivityInstitution.objects.count(),
        Revision.objects.count(),
    )
    assert before == after
    # The user's mapping survives the re-import.
    assert (
        ActivityInstitution.objects.filter(
            name="PK", role="lead", institution__isnull=False
        ).count()
        == 9
    )


def test_changed_row_is_updated_with_a_revision(plan, secretariat, seed):
    seed["rows"][0]["timeline"] = "2016"
    result = services.plan_import(actor=secretariat, raw=json.dumps(seed).encode(), code="xk-2015")
    assert (result.created, result.updated, result.unchanged) == (0, 1, 86)
    activity = plan.activities.get(code="1.1.1")
    assert activity.timeframe_text == "2016"
    revision = activity.revisions.get()
    assert revision.before["timeframe_text"] == "K4 2015"
    assert revision.after["timeframe_text"] == "2016"


def test_several_plans_coexist(plan, secretariat, seed_bytes):
    services.plan_import(actor=secretariat, raw=seed_bytes, code="other")
    assert ActionPlan.objects.count() == 2
    assert Activity.objects.count() == 174


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["rows"][4].update(cost="15000"), "row 5 (line 472): unknown columns: cost"),
        (lambda d: d["rows"][9].update(timeline="sometime"), "row 10"),
        (lambda d: d["rows"][2].update(so="9.9"), "row 3"),
        (lambda d: d["rows"][6].update(id="1.2.1"), "is not under objective"),
        (lambda d: d["rows"][6].update(activity=""), "activity is empty"),
        (lambda d: d["rows"][11].update(id=d["rows"][10]["id"]), "appears twice"),
        (lambda d: d.update(extra=1), "unknown keys: extra"),
    ],
)
def test_malformed_file_is_refused_with_the_row_and_nothing_saved(
    secretariat, seed, change, message, reference
):
    events = AuditEvent.objects.count()
    change(seed)
    with pytest.raises(ValidationFailed) as err:
        services.plan_import(actor=secretariat, raw=json.dumps(seed).encode(), code="bad")
    assert message in err.value.fields["file"][0]
    assert not ActionPlan.objects.exists()
    assert not Activity.objects.exists()
    assert AuditEvent.objects.count() == events


def test_not_json_is_refused(secretariat, reference):
    with pytest.raises(ValidationFailed) as err:
        services.plan_import(actor=secretariat, raw=b"\x00not json", code="bad")
    assert "not JSON" in err.value.fields["file"][0]


def test_only_the_secretariat_imports(focal, seed_bytes):
    with pytest.raises(Forbidden):
        services.plan_import(actor=focal, raw=seed_bytes, code="x")
    assert not ActionPlan.objects.exists()


def test_import_writes_one_audit_event(secretariat, seed_bytes, reference):
    services.plan_import(actor=secretariat, raw=seed_bytes, code="xk-2015")
    event = AuditEvent.objects.get(code="actionplan.imported")
    assert event.data["created"] == 87


def test_command_imports_idempotently(tmp_path, seed_bytes, reference):
    path = tmp_path / "plan.json"
    path.write_bytes(seed_bytes)
    out = StringIO()
    call_command("actionplan", "import", "--file", str(path), stdout=out)
    assert "87 activities under 19 specific objectives; 87 created" in out.getvalue()
    out = StringIO()
    call_command("actionplan", "import", "--file", str(path), stdout=out)
    assert "0 created, 0 updated, 87 unchanged" in out.getvalue()
    assert "ZKNKT" in out.getvalue()


def test_command_refuses_malformed_file_naming_the_row(tmp_path, seed, reference):
    seed["rows"][3]["timeline"] = "K5 2015"
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(seed))
    with pytest.raises(CommandError, match="row 4"):
        call_command("actionplan", "import", "--file", str(path))
    assert not ActionPlan.objects.exists()
