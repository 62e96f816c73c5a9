"""Country and language pickers (nrm/core/pickers.py): names in the page's language, typed
names and codes read back into codes, anything else a field error (issue 13, item 3)."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from nrm.core import codes
from nrm.registry.forms import PersonForm


def _form(**data):
    return PersonForm({"given_name": "Arta", "sex": "female", **data})


@pytest.mark.parametrize(
    ("language", "kosovo", "albanian", "stateless"),
    [("sq", "Kosova", "Shqip", "Pa shtetësi"), ("en", "Kosovo", "Albanian", "Stateless")],
)
def test_the_pickers_offer_and_show_local_names(language, kosovo, albanian, stateless):
    with translation.override(language):
        form = PersonForm(initial={"citizenship": "XK", "languages": ["sq", "uk"]})
        citizenship = str(form["citizenship"])
        languages = str(form["languages"])
        ukrainian = codes.language_name("uk")
    assert f'value="{kosovo}"' in citizenship  # the stored code shown as its name
    assert f'<option value="{stateless}">' in citizenship  # offered in the datalist
    assert 'value="XK"' not in citizenship
    assert f'value="{albanian}"' in languages and f'value="{ukrainian}"' in languages
    assert 'value="sq"' not in languages
    # One empty box to add a language, and the datalist the boxes share.
    assert languages.count("<input") == 3 and languages.count("<datalist") == 1
    assert ukrainian == {"sq": "Ukrainisht", "en": "Ukrainian"}[language]


@pytest.mark.parametrize("language", ["sq", "en"])
def test_typed_names_in_either_language_and_codes_are_read_back_into_codes(language):
    with translation.override(language):
        form = _form(citizenship="kosova", languages=["shqip", "English", "uk", "", "Shqip"])
        assert form.is_valid(), form.errors
    assert form.cleaned_data["languages"] == ["sq", "en", "uk"]


def test_names_without_diacritics_or_in_lower_case_are_found():
    with translation.override("sq"):
        assert codes.citizenship_from("shqiperi") == "AL"
        assert codes.citizenship_from("KOSOVA") == "XK"
        assert codes.citizenship_from("pa shtetesi") == "XXA"
        assert codes.language_from("anglisht") == "en"
    with translation.override("en"):
        assert codes.citizenship_from("Ukrainë") == "UA"  # the other interface language


@pytest.mark.parametrize("language", ["sq", "en"])
def test_an_unknown_code_or_name_is_a_field_error(language):
    with translation.override(language):
        form = _form(citizenship="ZZ", languages=["sq", "xx", "Klingon"])
        assert not form.is_valid()
        errors = form.errors
    assert "ZZ" in errors["citizenship"][0]
    assert "xx" in errors["languages"][0] and "Klingon" in errors["languages"][0]


def test_a_country_only_picker_refuses_stateless():
    from nrm.core.pickers import CitizenshipField

    field = CitizenshipField(countries_only=True, required=False)
    with translation.override("en"):
        assert field.clean("Italy") == "IT"
        with pytest.raises(ValidationError, match="Stateless"):
            field.clean("Stateless")


def test_a_flood_of_languages_is_refused_before_any_look_up():
    from nrm.registry.rules import LANGUAGES_MAX

    form = _form(languages=["sq"] * (LANGUAGES_MAX + 1))
    assert not form.is_valid()
    assert str(LANGUAGES_MAX) in form.errors["languages"][0]
