"""The Kosovo indicator catalogue XK-2013: a configurable starting list (Kosovo's own
early-identification list is not in the seeds; docs/kosovo-deadlines.md, "Indicators"). It
keeps the general list's codes, speaks the profile's three languages and names Kosovo, not
Albania."""

import re

import pytest

LANGUAGES = ("sq", "sr_Latn", "en")


@pytest.fixture
def catalogue():
    from nrm.jurisdictions import get_profile

    return get_profile("XK").catalogue("XK-2013")


def test_the_catalogue_is_titled_as_a_starting_list(catalogue):
    assert catalogue.title.en.endswith("(starting list, configurable)")
    assert set(LANGUAGES) <= set(catalogue.title.languages())


def test_every_group_and_indicator_speaks_albanian_serbian_and_english(catalogue):
    for group in catalogue.groups:
        assert set(LANGUAGES) <= set(group.title.languages()), group.code
        for indicator in group.indicators:
            texts = indicator.text.languages()
            assert set(LANGUAGES) <= set(texts), indicator.code
            assert not re.search(r"[\u0400-\u04FF]", texts["sr_Latn"]), indicator.code


def test_the_codes_are_the_general_lists_so_screening_and_exchange_keep_working(catalogue):
    from nrm.jurisdictions import get_profile

    albanian = get_profile("AL").catalogue("AL-2025")
    assert set(catalogue.indicators()) == set(albanian.indicators())
    assert len(catalogue.indicators()) == 98


def test_no_indicator_names_albania_or_its_institutions(catalogue):
    albania = re.compile(r"Shqipëri|Albani|Albanij|Inspektorati Qendror|Central Labour", re.I)
    for code, (_group, indicator) in catalogue.indicators().items():
        for value in indicator.text.languages().values():
            assert not albania.search(value), code
    assert "Kosov" in catalogue.indicators()["CHILD-13"][1].text.en
