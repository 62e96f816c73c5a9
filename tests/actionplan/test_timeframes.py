"""Timeframes as written → kind and dates (pure)."""

from datetime import date

import pytest

from nrm.actionplan.timeframes import BadTimeframe, parse

WORDS = ("vazhdimësi", "vazhdimesi", "vazhdimi", "vahdimesi", "në vazhdimësi", "vazhdimet e")
PREFIXES = ("K", "Q")


def p(text, years=None):
    return parse(text, continuous_words=WORDS, quarter_prefixes=PREFIXES, plan_years=years)


@pytest.mark.parametrize("text", ["vazhdimesi", "Në vazhdimësi", "VAHDIMESI", " vazhdimet  e "])
def test_continuous_spellings(text):
    assert p(text, (2015, 2019)).kind == "continuous"
    assert p(text, (2015, 2019)).ends_on == date(2019, 12, 31)


def test_quarter_years_and_blank():
    assert p("K4 2015").starts_on == date(2015, 10, 1)
    assert p("q2 2016").ends_on == date(2016, 6, 30)
    assert p("2015-2017").ends_on == date(2017, 12, 31)
    assert p("2017 – 2017").starts_on == date(2017, 1, 1)
    assert p("2016").kind == "years"
    assert p("").kind == "unspecified"


@pytest.mark.parametrize("text", ["K5 2015", "2017-2015", "soon", "2015-17"])
def test_not_understood(text):
    with pytest.raises(BadTimeframe):
        p(text)
