"""`shelter_centre`: whether the reader works at a centre that admits (the nav's link)."""

from django import template
from django.conf import settings

from nrm.jurisdictions import get_profile
from nrm.shelters.selectors import is_centre

register = template.Library()


@register.filter
def shelter_centre(actor) -> bool:
    return is_centre(actor, get_profile(settings.NRM_JURISDICTION).shelters)
