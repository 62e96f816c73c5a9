"""The reintegration plan (D1) a D2 reports on, read from nrm.plans: its items and the
statuses an item may have. The one place this app reads the plans."""


def plan_items(case) -> dict[int, object]:
    """The items of the case's reintegration plan, by id."""
    return {}


def item_statuses() -> list[tuple[str, str]]:
    return []


def items_for_form(case) -> list[dict]:
    """The plan's items as the D2 form shows them: id, label, current status."""
    return []


def item_labels(case) -> dict[int, str]:
    """The plan's items by id, as a D2 names them (domain and action)."""
    return {}
