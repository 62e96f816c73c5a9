"""Template helpers of plans: whether the navigation shows "Plans awaiting the AP" (whoever
the profile lets decide a plan, never a role named here)."""

from django import template
from django.conf import settings

from nrm.jurisdictions import get_profile
from nrm.plans.selectors import ap_decider as _decider

register = template.Library()


@register.filter
def plans_ap_decider(actor) -> bool:
    if actor is None or getattr(actor, "user", None) is None:
        return False
    return _decider(actor=actor, profile=get_profile(settings.NRM_JURISDICTION))
