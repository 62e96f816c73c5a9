"""ISO code look-ups for bad-input checks and display (ISO 3166-1 alpha-2 plus XK, ISO 639-1)
and the two citizenships that are not a country (docs/decisions/0010-citizenship-codes.md).

Codes are stored; people see names, in the active language: countries from pycountry's
ISO 3166 catalogues, languages from Babel's CLDR data (pycountry has no Albanian names of
languages). Forms read a name back into its code (`citizenship_from`, `language_from`)."""

import gettext
import unicodedata
from functools import lru_cache

import pycountry
from babel import Locale, UnknownLocaleError
from django.conf import settings
from django.utils import translation
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


@lru_cache(maxsize=8)
def _cldr_languages(language: str) -> dict[str, str]:
    try:
        return dict(Locale.parse(language).languages)
    except (UnknownLocaleError, ValueError):
        return {}


def language_name(code: str) -> str:
    """The name of an ISO 639-1 language in the active language (CLDR writes Albanian
    names in lower case, "shqip": the first letter is raised for lists and forms)."""
    name = languages().get(code)
    if name is None:
        return code
    local = _cldr_languages(_language()).get(code) or _cldr_languages("en").get(code) or name
    return local[:1].upper() + local[1:]


def language_choices() -> list[tuple[str, str]]:
    """(code, name) of every ISO 639-1 language, by name in the active language."""
    named = ((c, language_name(c)) for c in languages())
    return sorted(named, key=lambda x: _folded(x[1]))


def _folded(text: str) -> str:
    """Case and diacritics do not matter when a name is typed ("shqiperi" is Shqipëri)."""
    decomposed = unicodedata.normalize("NFKD", str(text).strip())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _ui_languages() -> list[str]:
    return [code[:2] for code, _name in settings.LANGUAGES]


def _from_name(text: str, codes_: list[str], name_of) -> str | None:
    """The code whose name, in any of the interface's languages, is `text`; or `text`
    itself when it is one of the codes (the API's habit, and a typist's)."""
    typed = (text or "").strip()
    if not typed:
        return None
    for code in codes_:
        if typed.casefold() == code.casefold():
            return code
    folded = _folded(typed)
    for language in [_language(), *_ui_languages()]:
        with translation.override(language):
            for code in codes_:
                if _folded(name_of(code)) == folded:
                    return code
    return None


def citizenship_from(text: str, *, countries_only: bool = False) -> str | None:
    """The citizenship code a form's text names (a name or a code); None if none."""
    known = list(countries()) if countries_only else [*NOT_COUNTRIES, *countries()]
    return _from_name(text, known, citizenship_name)


def language_from(text: str) -> str | None:
    """The ISO 639-1 code a form's text names (a name or a code); None if none."""
    return _from_name(text, list(languages()), language_name)


def citizenship_choices() -> list[tuple[str, str]]:
    """(code, name) of every citizenship, by name in the active language; stateless and
    unknown first."""
    named = sorted(((c, citizenship_name(c)) for c in countries()), key=lambda x: _folded(x[1]))
    return [(c, citizenship_name(c)) for c in NOT_COUNTRIES] + named
