"""Template helpers of meetings: whether the navigation shows "Meetings"."""

from django import template

from nrm.meetings.selectors import bodies_of

register = template.Library()


@register.filter
def meeting_member(actor) -> bool:
    """A member of a body, or one who convenes it (the profile's `meeting_bodies`)."""
    if actor is None or getattr(actor, "user", None) is None:
        return False
    return bool(bodies_of(actor))
