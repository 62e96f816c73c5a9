"""Dates typed day first are read day first in both languages (nrm.core.formats, docs/ui.md):
Django's own English formats read 03/12/2026 as 12 March, its Albanian ones have none."""

from datetime import date

import pytest
from django import forms
from django.utils import translation


@pytest.mark.parametrize("language", ["sq", "en"])
@pytest.mark.parametrize(
    "typed", ["03.12.2026", "3.12.2026", "03/12/2026", "03-12-2026", "2026-12-03"]
)
def test_a_date_field_reads_day_first_and_iso(language, typed):
    with translation.override(language):
        assert forms.DateField().clean(typed) == date(2026, 12, 3)


@pytest.mark.parametrize("language", ["sq", "en"])
def test_a_date_widget_still_renders_iso_for_a_native_date_input(language):
    with translation.override(language):
        widget = forms.DateInput(attrs={"type": "date"})
        assert widget.format_value(date(2026, 12, 3)) == "2026-12-03"


def test_an_impossible_day_is_refused():
    with translation.override("sq"), pytest.raises(forms.ValidationError):
        forms.DateField().clean("31.02.2020")
