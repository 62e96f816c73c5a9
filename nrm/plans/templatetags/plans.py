"""`plans_decider`: whether the reader records the decision on some kind of plan (the
nav's link to the plans awaiting it), as the profile's `decided_by` says."""

from django import template
from django.conf import settings

from nrm.jurisdictions import get_profile
from nrm.plans.selectors import decides_any

register = template.Library()


@register.filter
def plans_decider(actor) -> bool:
    return decides_any(actor=actor, profile=get_profile(settings.NRM_JURISDICTION))
