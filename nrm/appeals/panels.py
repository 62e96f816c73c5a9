"""The appeals' parts of the case page: a banner while a Commission decision is suspended by
a court challenge, and the section with the appeal's state and actions (lazy)."""

from nrm.appeals import selectors
from nrm.appeals.forms import AppealForm, NoticeForm, ReevaluationForm, WaiverForm
from nrm.appeals.models import AppealStatus
from nrm.registry.services import profile_of


def banner(request, case) -> dict | None:
    if profile_of(case).appeals is None:
        return None
    suspended = selectors.suspended_appeal_of(case)
    if suspended is None:
        return None
    return {"suspended": suspended}


def section(request, case) -> dict | None:
    profile = profile_of(case)
    if profile.appeals is None:
        return None
    actor = request.actor
    appeals = list(selectors.appeal_list(actor=actor, case=case).order_by("-recorded_at"))
    decision = selectors.appealed_decision(case)
    window = selectors.appeal_window(case, decision) if decision is not None else None
    recorder = selectors.is_recorder(actor=actor, profile=profile)
    open_appeal = next((a for a in appeals if a.is_open), None)
    out = {
        "appeals": appeals,
        "decision": decision,
        "window": window,
        "recorder": recorder,
        "open_appeal": open_appeal,
        "status_labels": dict(AppealStatus.choices),
    }
    if recorder and open_appeal is None:
        if decision is not None and window is None:
            out["notice_form"] = NoticeForm(auto_id="notice-%s")
        if window is not None and not window.waived:
            out["appeal_form"] = AppealForm(profile=profile, case=case, auto_id="appeal-%s")
            out["waiver_form"] = WaiverForm(profile=profile, case=case, auto_id="waiver-%s")
        if profile.status_authority(profile.appeals.reevaluation_kind).moves.get(
            case.identification_status
        ):
            out["reevaluation_form"] = ReevaluationForm(auto_id="reeval-%s")
    return out


def may_record_commission(actor, case) -> bool:
    """The registry's `decision_paths` "commission": while an appeal (or a re-evaluation) on
    this case is before the Commission — convened, its file under review — the AP secretariat
    or an appointed member of the Commission records its decision."""
    profile = profile_of(case)
    if profile.appeals is None:
        return False
    before_it = case.appeals.filter(
        status__in=[AppealStatus.CONVENED, AppealStatus.REVIEWED]
    ).exists()
    if not before_it:
        return False
    return selectors.is_recorder(actor=actor, profile=profile) or selectors.is_appointed_member(
        actor=actor
    )
