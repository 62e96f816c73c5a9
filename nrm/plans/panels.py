"""The plans' part of the case page (lazy): the current needs assessment, the plans with
their state, and what the reader may do (assess, start a plan)."""

from nrm.core.language import current_language
from nrm.plans import selectors
from nrm.plans.forms import PlanStartForm
from nrm.registry.services import profile_of


def section(request, case) -> dict | None:
    """`case` comes from the registry's case_open: the scope check and the read are made."""
    profile = profile_of(case)
    rules = profile.plans
    if rules is None:
        return None
    actor = request.actor
    language = current_language()
    assessment = selectors.assessment_current(case)
    plans = list(selectors.plan_list(actor=actor, case=case))
    started = {p.kind for p in plans}
    kinds = [k for k in selectors.kinds_for(actor=actor, case=case) if k.code not in started]
    domains = {d.code: d.name.get(language) for d in rules.assessment.domains}
    levels = {lv.code: lv.name.get(language) for lv in rules.assessment.levels}
    kind_names = {k.code: k.name.get(language) for k in rules.kinds}
    for p in plans:
        p.kind_name = kind_names.get(p.kind, p.kind)
        p.open_items = sum(1 for i in p.items.all() if i.is_open)
    return {
        "assessment": assessment,
        "findings": [
            (domains.get(f.domain, f.domain), f, levels.get(f.level, ""))
            for f in (assessment.findings.all() if assessment else [])
        ],
        "revisions": selectors.assessment_list(actor=actor, case=case).count(),
        "may_assess": selectors.may_assess(actor=actor, case=case),
        "form_code": selectors.assessment_form_for(case),
        "plans": plans,
        "start_form": PlanStartForm(case=case, kinds=kinds, auto_id="plan-start-%s")
        if kinds
        else None,
    }
