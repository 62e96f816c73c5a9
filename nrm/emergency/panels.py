"""The emergency panel of the case page: the child's measure as a short checklist of its
steps (the next one with its form), the change of the measure, institutions not responding,
the foreign person's procedures and the reflection and recovery period."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nrm.accounts.capabilities import Capability
from nrm.core.language import current_language
from nrm.emergency import forms as f
from nrm.emergency import meeting, selectors
from nrm.emergency.models import ChangeStatus, Decision
from nrm.plans import selectors as plans
from nrm.registry.sensitivity import case_visibility
from nrm.registry.services import profile_of


def _when(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%d.%m.%Y %H:%M")
    return value.strftime("%d.%m.%Y")


@dataclass
class Step:
    code: str
    label: Any
    done: bool
    when: Any = None
    detail: str = ""
    form: Any = None

    def __post_init__(self):
        self.when = _when(self.when)


IPP_STATES = {
    "none": _("Not started"),
    "draft": _("Draft"),
    "in_force": _("In force"),
}


@dataclass
class Ipp:
    """The child's Individual Protection Plan (nrm.plans) at the GTN step: due within 72
    hours (rule `child_protection_plan`, met when it is put in force)."""

    state: str
    plan: Any = None
    kind: str = ""
    may_start: bool = False

    @property
    def label(self):
        return IPP_STATES[self.state]


def _ipp(actor, case) -> Ipp | None:
    kind = plans.ipp_kind(case)
    plan = plans.ipp_of(case)
    if plan is not None:
        return Ipp("in_force" if plan.is_in_force else "draft", plan=plan, kind=plan.kind)
    if kind is None:
        return None
    may = actor.can(Capability.CASE_UPDATE) and plans.may_prepare(
        actor=actor, case=case, kind=kind.code
    )
    return Ipp("none", kind=kind.code, may_start=may)


def _form(bound, code, cls, rules, case, **initial):
    """The bound form with its errors when this step was just posted, else an empty one."""
    if bound is not None and bound[0] == code:
        return bound[1]
    return cls(rules=rules, case=case, initial=initial or None, auto_id=f"em-{code}-%s")


def _name(items, code) -> str:
    language = current_language()
    return next((i.name.get(language) for i in items if i.code == code), code)


def _measure_steps(actor, case, rules, measure, bound) -> list[Step]:
    may = selectors.allowed(actor, rules.recorded_by)
    approved = measure.decision == Decision.APPROVED
    steps = [
        Step("initiate", _("Measure initiated by the PMF"), True, measure.initiated_at),
        Step(
            "inform",
            _("Director of social services informed (at once)"),
            measure.director_informed_at is not None,
            measure.director_informed_at,
        ),
        Step(
            "decide",
            _("The director's decision"),
            bool(measure.decision),
            measure.decided_on,
            measure.get_decision_display()
            + (
                f" · {_name(rules.director_roles, measure.director_role)}"
                if measure.director_role
                else ""
            ),
        ),
        Step(
            "place",
            _("Alternative care"),
            bool(measure.placement_kind),
            measure.placed_on,
            _name(rules.placements, measure.placement_kind) if measure.placement_kind else "",
        ),
        Step(
            "gtn",
            _("GTN meeting requested (within 72 hours)"),
            measure.gtn_requested_at is not None,
            measure.gtn_requested_at,
        ),
        Step(
            "police",
            _("Police investigator contacted"),
            measure.police_contacted_on is not None,
            measure.police_contacted_on,
        ),
    ]
    if not may or measure.ended_at is not None:
        return steps
    ready = {
        "inform": True,
        "decide": measure.director_informed_at is not None,
        "place": approved,
        "gtn": True,
        "police": True,
    }
    classes = {
        "inform": f.InformForm,
        "decide": f.DecideForm,
        "place": f.PlaceForm,
        "gtn": f.GtnForm,
        "police": f.PoliceForm,
    }
    for step in steps:
        if not step.done and ready.get(step.code):
            step.form = _form(bound, step.code, classes[step.code], rules, case)
    return steps


def _change_form(actor, case, rules, measure, bound):
    """The form of the next step of the change of measure, once the child is placed."""
    if not measure.placement_kind or not selectors.allowed(actor, rules.recorded_by):
        return None, None
    current = next(
        (
            c
            for c in measure.changes.all()
            if c.status in (ChangeStatus.DRAFTED, ChangeStatus.APPROVED, ChangeStatus.AT_COURT)
        ),
        None,
    )
    if current is None:
        return "change_draft", _form(bound, "change_draft", f.ChangeDraftForm, rules, case)
    code, cls = {
        ChangeStatus.DRAFTED: ("change_approve", f.ChangeApproveForm),
        ChangeStatus.APPROVED: ("change_send", f.ChangeSendForm),
        ChangeStatus.AT_COURT: ("change_rule", f.ChangeRuleForm),
    }[current.status]
    return code, _form(bound, code, cls, rules, case)


def section(request, case, bound=None) -> dict | None:
    """The panel's context; `bound` = (step, form) just posted with errors (htmx)."""
    profile = profile_of(case)
    rules = profile.emergency
    if rules is None:
        return None
    actor = request.actor
    found = selectors.summary(actor=actor, case=case)
    visibility = case_visibility(actor, case)
    out: dict = {
        "case": case,
        "rules": rules,
        "found": found,
        "foreign": selectors.is_foreign(case),
        "measure": found.measure,
        "past_measures": [m for m in found.measures if m.ended_at is not None],
        "placements": {p.code: p.name.get(current_language()) for p in rules.placements},
        "directors": {p.code: p.name.get(current_language()) for p in rules.director_roles},
        "steps_names": {s.code: s.name.get(current_language()) for s in rules.non_response_steps},
        "municipality": visibility.value(found.measure, "placement_municipality")
        if found.measure
        else None,
    }
    measure = found.measure
    child = case.is_child or not rules.child_only
    if measure is not None:
        out["steps"] = _measure_steps(actor, case, rules, measure, bound)
        out["change_step"], out["change_form"] = _change_form(actor, case, rules, measure, bound)
        out["changes"] = list(measure.changes.all())
        out["ipp"] = _ipp(actor, case)
    elif child and selectors.allowed(actor, rules.initiated_by):
        out["initiate_form"] = _form(bound, "initiate", f.InitiateForm, rules, case)
    # Institutions not responding: who may record each level.
    codes = [s.code for s in rules.non_response_steps]
    rows = []
    for nr in found.non_responses:
        at = codes.index(nr.step) if nr.step in codes else len(codes) - 1
        following = rules.non_response_steps[at + 1] if at + 1 < len(codes) else None
        rows.append(
            {
                "nr": nr,
                "asked": visibility.value(nr, "asked"),
                "next": following,
                "next_name": following.name.get(current_language()) if following else "",
                "may_escalate": following is not None and selectors.allowed(actor, following.by),
            }
        )
    out["non_responses"] = rows
    # The AP meeting the chain's last level or the child's documentation asked for.
    out["ap_convene"] = meeting.convene_link(actor, case)
    if child and selectors.allowed(actor, rules.non_response_steps[0].by):
        out["non_response_form"] = _form(bound, "non_response", f.NonResponseForm, rules, case)
    # Foreign persons.
    if out["foreign"]:
        may_permit = selectors.allowed(actor, rules.residence_permit_by)
        out["may_permit"] = may_permit
        if may_permit and not any(
            p.kind == "residence_permit" and p.outcome != "refused" for p in found.permits
        ):
            out["permit_form"] = _form(bound, "permit", f.PermitForm, rules, case)
        for p in found.permits:
            if may_permit and not p.outcome:
                p.decide_form = f.PermitDecideForm(
                    rules=rules, initial={"target": p.pk}, auto_id=f"em-permit{p.pk}-%s"
                )
        if selectors.allowed(actor, rules.mission_request_by):
            out["mission_form"] = _form(bound, "mission", f.MissionForm, rules, case)
            for r in found.missions:
                if not r.outcome:
                    r.answer_form = f.MissionAnswerForm(
                        rules=rules, initial={"target": r.pk}, auto_id=f"em-mission{r.pk}-%s"
                    )
        if case.is_child:
            doc = found.documentation
            out["doc_notify"] = (
                doc is None or doc.meeting_requested_at is not None
            ) and selectors.allowed(actor, rules.documentation_notified_by)
            out["doc_meeting"] = (
                doc is not None
                and doc.meeting_requested_at is None
                and selectors.allowed(actor, rules.documentation_meeting_by)
            )
    # The reflection and recovery period.
    may_reflect = selectors.allowed(actor, rules.reflection_by)
    if found.reflection is None and may_reflect:
        out["reflection_form"] = _form(bound, "reflection", f.ReflectionForm, rules, case)
    elif found.reflection is not None and may_reflect:
        out["extend_form"] = _form(bound, "extend", f.ExtendForm, rules, case)
    if bound is not None:
        out["error_step"] = bound[0]
    return out
