"""The case page's lazy panel "Also recorded as": the other records of the same person (live
`same` links) whose cases the reader may see, as references, and only how many others."""

from nrm.linkage import selectors


def section(request, case) -> dict | None:
    """`case` comes from the registry's case_open (the read is logged there)."""
    found = selectors.also_recorded(actor=request.actor, case=case)
    return {"visible": found.visible, "hidden": found.hidden, "case": case}
