"""What every page needs from the instance's jurisdiction profile."""

from django.conf import settings

from nrm.jurisdictions import get_profile


def ui_code(key: str) -> str:
    """A profile's language key as Django's language code: "sr_Latn" → "sr-latn"."""
    return key.replace("_", "-").lower()


def languages(request):
    """The interface languages the picker offers: the profile's, by their own names."""
    profile = get_profile(settings.NRM_JURISDICTION)
    offered = {ui_code(k) for k in profile.languages}
    return {"UI_LANGUAGES": [code for code, _name in settings.LANGUAGES if code in offered]}
