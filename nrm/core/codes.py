"""ISO code look-ups for bad-input checks and display (ISO 3166-1 alpha-2 plus XK, ISO 639-1)
and the two citizenships that are not a country (docs/decisions/0010-citizenship-codes.md).

Codes are stored; people see names, in the active language (pycountry's catalogues)."""

import gettext
from functools import lru_cache

import pycountry
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

# Kosovo has no ISO 3166-1 code yet; XK is the user-assigned code everyone uses.
EXTRA_COUNTRIES = {"XK": "Kosovo"}
# Citizenships that are no country, with the codes of ICAO Doc 9303 (machine-readable travel
# documents, part 3), which ISO 3166-1 leaves to its users: "XXA" stateless person (1954
# Convention), "XXX" person of unspecified nationality. Three letters, so they can never be
# mistaken for a country's alpha-2 code.
STATELESS = "XXA"
UNKNOWN = "XXX"
NOT_COUNTRIES = {STATELESS: _("Stateless"), UNKNOWN: _("Citizenship unknown")}
LOCAL_NAMES = {"XK": _("Kosovo")}


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


def is_citizenship(code: str) -> bool:
    """A country, or stateless, or unknown."""
    return code in countries() or code in NOT_COUNTRIES


def is_language(code: str) -> bool:
    return code in languages()


@lru_cache(maxsize=8)
def _catalogue(domain: str, language: str):
    return gettext.translation(domain, pycountry.LOCALES_DIR, languages=[language], fallback=True)


def _language() -> str:
    return (get_language() or "en")[:2]


def citizenship_name(code: str) -> str:
    """The name of a citizenship in the active language; the code itself if unknown."""
    if not code:
        return ""
    if code in NOT_COUNTRIES:
        return str(NOT_COUNTRIES[code])
    if code in LOCAL_NAMES:
        return str(LOCAL_NAMES[code])
    name = countries().get(code)
    if name is None:
        return code
    return _catalogue("iso3166-1", _language()).gettext(name)


def language_name(code: str) -> str:
    name = languages().get(code)
    if name is None:
        return code
    return _catalogue("iso639-3", _language()).gettext(name)


def citizenship_choices() -> list[tuple[str, str]]:
    """(code, name) of every citizenship, by name in the active language; stateless and
    unknown first."""
    named = sorted(((c, citizenship_name(c)) for c in countries()), key=lambda x: x[1].casefold())
    return [(c, citizenship_name(c)) for c in NOT_COUNTRIES] + named
