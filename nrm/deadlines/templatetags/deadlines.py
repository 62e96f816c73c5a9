"""`{% deadline_timeline case %}`: the case page's timeline of deadlines."""

from django import template

from nrm.deadlines import selectors
from nrm.deadlines.display import annotate

register = template.Library()


@register.inclusion_tag("deadlines/_timeline.html", takes_context=True)
def deadline_timeline(context, case):
    """`case` comes from the registry's case_open, so the scope check is made."""
    actor = context["request"].actor
    rows = annotate(actor, selectors.deadline_list_for_case(actor=actor, case=case))
    return {"deadlines": rows, "case": case}
