"""Meaning checks of the `retention` (nrm.E040) and `person_rights` (nrm.E041) blocks.

`add(code, message, loc)` is the registry's reporter: it turns the YAML location into the
file and line of the fault.
"""

from itertools import pairwise

from nrm.jurisdictions.schema import Profile


def check_retention(profile: Profile, add) -> None:
    """nrm.E040: the closing stage and the statuses exist, no period is zero, the audit trail
    outlives every case, the age groups start at 0 and rise."""
    retention = profile.retention
    if retention is None:
        return
    where = ("retention",)
    stages = {s.code for s in profile.stages}
    statuses = {s.code for s in profile.identification_statuses}
    if retention.closing_stage not in stages:
        add(
            "nrm.E040",
            f"retention.closing_stage: unknown stage {retention.closing_stage!r}",
            (*where, "closing_stage"),
        )
    for status in retention.by_status:
        if status not in statuses:
            add(
                "nrm.E040",
                f"retention.by_status: unknown status {status!r}",
                (*where, "by_status", status),
            )
    periods = {
        "closed_case": retention.closed_case,
        "audit_trail": retention.audit_trail,
        "notifications": retention.notifications,
        **{f"by_status.{k}": v for k, v in retention.by_status.items()},
    }
    for name, period in periods.items():
        if period.total_months == 0:
            add("nrm.E040", f"retention.{name}: the period is zero", (*where, *name.split(".")))
    longest = max(
        [retention.closed_case.total_months]
        + [p.total_months for p in retention.by_status.values()]
    )
    if retention.audit_trail.total_months < longest:
        add(
            "nrm.E040",
            "retention.audit_trail: shorter than a case is kept (the trail must show the "
            "anonymisation)",
            (*where, "audit_trail"),
        )
    groups = retention.age_groups
    if groups[0] != 0 or any(b <= a for a, b in pairwise(groups)):
        add(
            "nrm.E040",
            "retention.age_groups: must start at 0 and rise",
            (*where, "age_groups"),
        )


def check_person_rights(profile: Profile, add) -> None:
    """nrm.E041: requester codes are unique."""
    rights = profile.person_rights
    if rights is None:
        return
    seen: set[str] = set()
    for i, requester in enumerate(rights.requesters):
        if requester.code in seen:
            add(
                "nrm.E041",
                f"person_rights.requesters: duplicate code {requester.code!r}",
                ("person_rights", "requesters", i, "code"),
            )
        seen.add(requester.code)
