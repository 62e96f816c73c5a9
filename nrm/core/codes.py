"""ISO code look-ups for bad-input checks (ISO 3166-1 alpha-2 plus XK, ISO 639-1)."""

from functools import lru_cache

import pycountry

# Kosovo has no ISO 3166-1 code yet; XK is the user-assigned code everyone uses.
EXTRA_COUNTRIES = {"XK": "Kosovo"}


@lru_cache(maxsize=1)
def countries() -> dict[str, str]:
    found = {c.alpha_2: c.name for c in pycountry.countries}
    found.update(EXTRA_COUNTRIES)
    return found


@lru_cache(maxsize=1)
def languages() -> dict[str, str]:
    return {lang.alpha_2: lang.name for lang in pycountry.languages if hasattr(lang, "alpha_2")}


def is_country(code: str) -> bool:
    return code in countries()


def is_language(code: str) -> bool:
    return code in languages()
