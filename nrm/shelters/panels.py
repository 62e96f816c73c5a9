"""The shelters' part of the case page: the stays and incidents of the case, and, for a
centre with access, the admission form and the steps of the stay (lazy)."""

from nrm.accounts.capabilities import Capability
from nrm.core.language import current_language
from nrm.shelters import selectors
from nrm.shelters.forms import (
    AdmissionForm,
    CaseworkerForm,
    ExitForm,
    IncidentForm,
    MedicalForm,
    NotifyForm,
)
from nrm.shelters.rules import needs_police_complaint


def section(request, case) -> dict | None:
    rules = selectors.shelter_rules(case)
    if rules is None:
        return None
    actor = request.actor
    residences = list(selectors.residence_list(actor=actor, case=case))
    incidents = list(selectors.incident_list(actor=actor, case=case))
    # The forms only for who may record (a read-only member of the centre sees the stays).
    centre = selectors.is_centre(actor, rules) and actor.can(Capability.CASE_UPDATE)
    kinds = {k.code: k for k in rules.incident_kinds}
    language = current_language()
    out = {
        "residences": residences,
        "incidents": incidents,
        "centre": centre,
        "exit_labels": {r.code: r.name.get(language) for r in rules.exit_reasons},
        "kind_labels": {k.code: k.name.get(language) for k in rules.incident_kinds},
        "info_labels": {i.code: i.name.get(language) for i in rules.information_items},
        "need_labels": {i.code: i.name.get(language) for i in rules.basic_needs},
    }
    if not centre:
        return out
    open_here = next(
        (r for r in residences if r.is_open and r.institution_id == actor.institution_id), None
    )
    open_elsewhere = any(r.is_open for r in residences) and open_here is None
    caseworkers = list(selectors.centre_caseworkers(actor=actor, rules=rules))
    out["open_here"] = open_here
    if open_here is not None:
        out["medical_form"] = MedicalForm(auto_id="medical-%s")
        out["caseworker_form"] = CaseworkerForm(caseworkers=caseworkers, auto_id="cw-%s")
        out["exit_form"] = ExitForm(rules=rules, auto_id="exit-%s")
    elif not open_elsewhere:
        services = list(selectors.centre_services(actor=actor))
        if services:
            out["admission_form"] = AdmissionForm(
                rules=rules,
                case=case,
                services=services,
                referrals=selectors.admission_referrals(actor=actor, case=case).select_related(
                    "from_institution"
                ),
                caseworkers=caseworkers,
                auto_id="admit-%s",
            )
    out["incident_form"] = IncidentForm(rules=rules, case=case, auto_id="incident-%s")
    out["to_notify"] = [
        (
            i,
            NotifyForm(auto_id=f"notify-{i.pk}-%s")
            if needs_police_complaint(kinds[i.kind], is_child=case.is_child)
            else None,
        )
        for i in incidents
        if i.notified_at is None and i.institution_id == actor.institution_id and i.kind in kinds
    ]
    return out
