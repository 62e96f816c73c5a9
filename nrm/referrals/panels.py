"""The referrals' part of the case page (lazy): the case's referrals with their state, the
steps the reader's institution may take, and the "Refer" form that searches the directory
for services that suit the person (docs/referrals.md)."""

from nrm.referrals import rules, selectors
from nrm.referrals.forms import ReferForm
from nrm.referrals.services import referral_rules
from nrm.registry.services import profile_of


def steps_for(actor, referral, spec) -> list[str]:
    """The states the reader's institution may move this referral to."""
    side = None
    if actor.institution_id == referral.from_institution_id:
        side = rules.SENDER
    elif actor.institution_id == referral.to_institution_id:
        side = rules.RECEIVER
    return rules.moves_for(spec, referral.status, side) if side else []


def section(request, case) -> dict | None:
    profile = profile_of(case)
    if profile.referrals is None:
        return None
    actor = request.actor
    spec = referral_rules(case)
    rows = [
        {"referral": r, "steps": steps_for(actor, r, spec)}
        for r in selectors.case_referrals(actor=actor, case=case)
    ]
    return {
        "rows": rows,
        "form": ReferForm(profile=profile, case=case, auto_id="refer-%s"),
    }
