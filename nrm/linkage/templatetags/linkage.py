"""Template helpers of unique persons: whether the navigation shows "Possible duplicates"."""

from django import template

from nrm.linkage.selectors import reviewer

register = template.Library()


@register.filter
def linkage_reviewer(actor) -> bool:
    """A member with one of the profile's `linkage.review_roles`."""
    if actor is None or getattr(actor, "user", None) is None:
        return False
    return reviewer(actor)
