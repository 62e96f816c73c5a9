"""Meaning checks of the profile's `reintegration` block (nrm.E125): every code it names
exists in the profile — the procedure and its states, the deadline rules, the closure
reason, the roles and institution types, the consent purposes of the service kinds."""

from nrm.jurisdictions.schema import Profile

CODE = "nrm.E125"


def check_reintegration(profile: Profile, add) -> None:
    r = profile.reintegration
    if r is None:
        return
    where = ("reintegration",)
    try:
        procedure = profile.procedure(r.procedure)
    except KeyError:
        add(CODE, f"reintegration: unknown procedure {r.procedure!r}", (*where, "procedure"))
        procedure = None
    if procedure is not None:
        states = {s.code for s in procedure.states}
        for name in ("sustainable_state", "ended_state"):
            if getattr(r, name) not in states:
                add(CODE, f"reintegration.{name}: not a state of {r.procedure!r}", (*where, name))
    # The deadline rules are loaded after the profile's own checks: checked when present.
    rules = {rule.code for rule in profile.deadlines.rules} if profile.deadlines else None
    for name in ("start_rule", "report_rule"):
        if rules is not None and getattr(r, name) not in rules:
            add(CODE, f"reintegration.{name}: unknown deadline rule", (*where, name))
    reasons = {x.code for x in profile.case_closure.reasons} if profile.case_closure else set()
    if r.closure_reason and r.closure_reason not in reasons:
        add(
            CODE, "reintegration.closure_reason: unknown closure reason", (*where, "closure_reason")
        )
    if r.monitoring_months % r.report_every_months:
        add(
            CODE, "reintegration: monitoring_months is not a multiple of report_every_months", where
        )
    roles = {x.code for x in profile.roles}
    types = {x.code for x in profile.institution_types}
    for name in ("reported_by", "concluded_by", "proposal_notice_to"):
        for j, rec in enumerate(getattr(r, name)):
            for role in rec.roles:
                if role not in roles:
                    add(CODE, f"reintegration.{name}: unknown role {role!r}", (*where, name, j))
            for kind in rec.institution_types:
                if kind not in types:
                    add(CODE, f"reintegration.{name}: unknown type {kind!r}", (*where, name, j))
    purposes = {p.code for p in profile.consent.purposes} if profile.consent else set()
    for name in ("criteria", "domains", "service_kinds"):
        codes = [x.code for x in getattr(r, name)]
        if len(codes) != len(set(codes)):
            add(CODE, f"reintegration.{name}: a code is given twice", (*where, name))
    for j, kind in enumerate(r.service_kinds):
        if kind.institution_type not in types:
            add(
                CODE,
                f"reintegration.service_kinds: unknown type {kind.institution_type!r}",
                (*where, "service_kinds", j),
            )
        if kind.child_consent_purpose and kind.child_consent_purpose not in purposes:
            add(
                CODE,
                f"reintegration.service_kinds: unknown consent purpose "
                f"{kind.child_consent_purpose!r}",
                (*where, "service_kinds", j),
            )
