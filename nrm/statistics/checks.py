"""nrm.E145: meaning checks of the profile's `statistics` block (on the `profile_checks` door)."""

from nrm.jurisdictions.schema import Profile

CODE = "nrm.E145"


def check_statistics(profile: Profile, add) -> None:
    if profile.statistics is None:
        return
    types = {t.code for t in profile.institution_types}
    for kind in profile.statistics.police_institution_types:
        if kind not in types:
            add(
                CODE,
                f"statistics.police_institution_types: unknown institution type {kind!r}",
                ("statistics", "police_institution_types"),
            )
