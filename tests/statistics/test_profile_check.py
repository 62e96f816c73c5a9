"""nrm.E145: the reconciliation's police institution types must be the profile's."""

from django.conf import settings

from nrm.jurisdictions.registry import get_profile
from nrm.statistics.checks import check_statistics


def test_an_unknown_police_institution_type_is_refused():
    profile = get_profile(settings.NRM_JURISDICTION)
    found = []
    check_statistics(profile, lambda code, message, loc: found.append(code))
    assert found == []
    rules = profile.statistics.model_copy(update={"police_institution_types": ("militia",)})
    check_statistics(profile.model_copy(update={"statistics": rules}), lambda *a: found.append(a))
    assert found and found[0][0] == "nrm.E145" and "militia" in found[0][1]
