"""A profile's wording (docs/translation.md, "A profile's wording"): Kosovo's catalogues beside
its profile.yaml override the interface strings that name Albania's bodies and terms, in every
language, when they come first in LOCALE_PATHS (as settings puts them for NRM_JURISDICTION=XK);
without them the strings are Albania's."""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.test import Client, RequestFactory, override_settings
from django.utils import translation

from nrm.core import i18n
from nrm.registry.models import Case

XK_LOCALE = Path(settings.BASE_DIR) / "jurisdictions" / "xk" / "sop2013" / "locale"
NRM_LOCALE = Path(settings.BASE_DIR) / "locale"
KOSOVO = override_settings(LOCALE_PATHS=[XK_LOCALE, NRM_LOCALE])
ALBANIA = override_settings(LOCALE_PATHS=[NRM_LOCALE])

# msgid → (Kosovo's wording in sr-latn, sq, en; Albania's wording in sr-latn, sq).
CASES = {
    "The AP Technical Secretariat: when a deadline slips or the procedure is unclear.": (
        "Sekretarijat za borbu protiv trgovine ljudima (SKT): kada rok izmakne ili postupak "
        "nije jasan.",
        "Sekretariati kundër trafikimit (SKT): kur një afat rrëshqet ose procedura nuk është "
        "e qartë.",
        "The Anti-Trafficking Secretariat (SKT): when a deadline slips or the procedure is "
        "unclear.",
        "Tehnički sekretarijat AP: kada rok izmakne ili postupak nije jasan.",
        "Sekretariati Teknik i AP: kur një afat rrëshqet ose procedura nuk është e qartë.",
    ),
    "Potential victim (VMT)": (
        "Pretpostavljena žrtva (VPT)",
        "Viktimë e supozuar (VPT)",
        "Presumed victim (VPT)",
        "Pretpostavljena žrtva (VMT)",
        "Viktimë e mundshme (VMT)",
    ),
    "No consensus: the AP decides": (
        "Nema konsenzusa: odlučuje Nacionalni autoritet",
        "Pa konsensus: vendos Autoriteti Kombëtar",
        "No consensus: the National Authority decides",
        "Nema konsenzusa: odlučuje AP",
        "Pa konsensus: vendos AP-ja",
    ),
    "Focal point (APAP)": (
        "Kontakt osoba institucije",
        "Personi kontaktues i institucionit",
        "Focal point of the institution",
        "Kontakt osoba (APAP)",
        "Anëtari përkatës i AP-së (APAP)",
    ),
}


@pytest.mark.parametrize("msgid", list(CASES))
def test_kosovo_catalogues_give_kosovo_wording_in_every_language(msgid):
    sr, sq, en, _al_sr, _al_sq = CASES[msgid]
    with KOSOVO:
        for language, expected in (("sr-latn", sr), ("sq", sq), ("en", en)):
            with translation.override(language):
                assert translation.gettext(msgid) == expected, language


@pytest.mark.parametrize("msgid", list(CASES))
def test_without_them_the_strings_are_albanias(msgid):
    _sr, _sq, _en, al_sr, al_sq = CASES[msgid]
    with ALBANIA:
        for language, expected in (("sr-latn", al_sr), ("sq", al_sq), ("en", msgid)):
            with translation.override(language):
                assert translation.gettext(msgid) == expected, language


def test_a_string_kosovo_does_not_override_keeps_nrms_translation():
    with KOSOVO, translation.override("sq"):
        assert translation.gettext("Search") == "Kërko"


def test_no_kosovo_catalogue_keeps_an_albanian_acronym():
    """Every entry of Kosovo's catalogues reads in Kosovo's terms: none names the AP, APAP,
    VMT, SLKTP, PMF, GTN, KRAT, G/SPIF, the Commission, a county (qark) or a bashki."""
    albanian = ("AP", "APAP", "VMT", "SLKTP", "PMF", "NJMF", "GTN", "KRAT", "G/SPIF", "D/KAP")
    words = ("Commission", "Komision", "Komisij", "qark", "Qark", "bashki", "Bashki", "strehëz")
    for language in ("sq", "sr_Latn", "en"):
        for entry in polib.pofile(str(XK_LOCALE / language / "LC_MESSAGES" / "django.po")):
            tokens = entry.msgstr.replace("(", " ").replace(")", " ").replace("-", " ").split()
            assert not set(albanian) & {t.strip(".,:;") for t in tokens}, entry.msgstr
            assert not any(word in entry.msgstr for word in words), entry.msgstr


def test_every_override_keeps_the_placeholders_of_its_msgid():
    placeholder = re.compile(r"%\(\w+\)[sd]|%[sd]")
    for language in ("sq", "sr_Latn", "en"):
        for entry in polib.pofile(str(XK_LOCALE / language / "LC_MESSAGES" / "django.po")):
            expected = sorted(placeholder.findall(entry.msgid))
            assert sorted(placeholder.findall(entry.msgstr)) == expected, entry.msgid


def test_the_kosovo_catalogues_pass_the_check():
    """`python -m nrm.core.i18n check`: every override is one of nrm's msgids, translated."""
    assert XK_LOCALE / "sq" / "LC_MESSAGES" / "django.po" in i18n.profile_catalogues()
    assert i18n.check() == 0


@pytest.fixture
def child_case(reference):
    """A child's case opened at initial identification, through the pages as a user does."""
    client = Client()
    client.cookies["django_language"] = "sq"
    assert client.login(
        request=RequestFactory().post("/login/"), username="police.tirana", password="demo"
    )
    person = {
        "person-given_name": "Drita",
        "person-family_name": "",
        "person-sex": "female",
        "person-date_of_birth": "",
        "person-estimated_age": "16",
        "person-citizenship": "AL",
        "person-languages": "sq",
    }
    done = client.post(
        "/identifications/new/",
        {
            **person,
            "step": "screening",
            "catalogue": "AL-2025",
            "indicators": ["GEN-01", "CHILD-02", "BEG-01"],
        },
    )
    assert done.status_code == 302
    return client, Case.objects.get()


@pytest.mark.django_db
def test_the_identification_page_reads_in_kosovo_terms(child_case):
    client, case = child_case
    url = f"/cases/{case.pk}/identification/?step=actions"
    with KOSOVO:
        kosovo = client.get(url)
        client.cookies["django_language"] = "sr-latn"
        serbian = client.get(url).content.decode()
    assert kosovo.status_code == 200
    html = kosovo.content.decode()
    assert "punëtori social i Qendrës për Punë Sociale (QPS) duhet të njoftohet" not in html
    assert "Për një fëmijë duhet njoftuar menjëherë punëtori social i Qendrës për Punë" in html
    assert "(PMF)" not in html
    assert "odmah obavestiti socijalni radnik Centra za socijalni rad (CSR)" in serbian
    assert "radnik na zaštiti dece (PMF)" not in serbian  # the profile's own texts aside

    client.cookies["django_language"] = "sq"
    with ALBANIA:
        albania = client.get(url).content.decode()
    assert "punonjësi i mbrojtjes së fëmijës (PMF)" in albania


@pytest.mark.django_db
def test_the_case_page_names_the_focal_point_in_kosovo_terms(child_case):
    client, case = child_case
    with KOSOVO:
        html = client.get(f"/cases/{case.pk}/").content.decode()
    assert "Personi kontaktues i institucionit" in html
    assert "APAP" not in html
