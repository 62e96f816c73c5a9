"""`appeals_reader`: whether the reader may open the appeals' pages (the nav's link), as the
profile says (its appeals' recorders and Commission), never by a role's name."""

from django import template
from django.conf import settings

from nrm.appeals.selectors import is_reader
from nrm.jurisdictions import get_profile

register = template.Library()


@register.filter
def appeals_reader(actor) -> bool:
    return is_reader(actor=actor, profile=get_profile(settings.NRM_JURISDICTION))
