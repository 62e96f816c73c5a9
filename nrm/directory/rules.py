"""Pure rules of the directory: is a service usable today, does a person fit its eligibility."""

from datetime import date


def licence_valid(*, expires_on: date | None, today: date) -> bool:
    """No expiry date: the service needs no licence."""
    return expires_on is None or expires_on >= today


def age_fits(*, age: int | None, min_age: int | None, max_age: int | None) -> bool:
    if age is None:
        return True
    return (min_age is None or age >= min_age) and (max_age is None or age <= max_age)


def group_fits(*, target_group: str, is_child: bool | None) -> bool:
    if is_child is None or target_group == "any":
        return True
    return target_group == ("child" if is_child else "adult")


def sex_fits(*, service_sex: str, sex: str | None) -> bool:
    """`sex`: the person's (the registry's "female"/"male"/other codes); unknown fits all."""
    if sex not in ("female", "male") or service_sex == "any":
        return True
    return service_sex == sex
