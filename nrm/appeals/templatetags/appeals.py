"""Template helpers of appeals: whether the navigation shows "Appeals" (the profile decides
who reads them, never a role named here)."""

from django import template
from django.conf import settings

from nrm.appeals.selectors import is_recorder
from nrm.jurisdictions import get_profile

register = template.Library()


@register.filter
def appeals_reader(actor) -> bool:
    """Who records appeals, or the profile's Commission role (an appointed member of another
    role reaches the pages by their address; the navigation asks no query)."""
    if actor is None or getattr(actor, "user", None) is None:
        return False
    profile = get_profile(settings.NRM_JURISDICTION)
    if profile.appeals is None:
        return False
    return (
        is_recorder(actor=actor, profile=profile) or actor.role == profile.appeals.commission_role
    )
