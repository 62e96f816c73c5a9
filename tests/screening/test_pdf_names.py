"""The printed documents name the citizenship and the languages, in the document's
language (Albanian), never by their codes (issue 13, item 3)."""

import io
import re

import pytest
from pypdf import PdfReader

from nrm.screening import pdf, services


def _text(data: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _codes_alone(text: str, *codes: str) -> list[str]:
    return [c for c in codes if re.search(rf"(?<![\w]){c}(?![\w])", text)]


@pytest.mark.django_db
def test_the_a3_a5_and_certificate_print_the_names_not_the_codes(
    actors, screened, interviewed, consented
):
    actor = actors["police.tirana"]
    # A 16-year-old from Kosovo who speaks Albanian and Serbian: the A3 (a child's interview).
    case = screened(3, estimated_age=16, citizenship="XK", languages=["sq", "sr"])
    interview = interviewed(case)
    consented(case)
    request = services.formal_identification_request(actor=actor, case_id=case.pk)

    a5, _name = pdf.document(actor=actor, case_id=case.pk, form="a5", object_id=request.pk)
    a3, _name = pdf.document(actor=actor, case_id=case.pk, form="a3", object_id=interview.pk)
    certificate, _name = pdf.document(actor=actor, case_id=case.pk, form="certificate")

    for data in (a5, a3):
        text = _text(data)
        assert "Kosova" in text
        assert "Shqip" in text and "Serbisht" in text
        assert _codes_alone(text, "XK", "sq", "sr") == []
    text = _text(certificate)
    assert "Kosova" in text and _codes_alone(text, "XK") == []


@pytest.mark.django_db
def test_a_reader_in_english_gets_an_albanian_a5_throughout(
    actors, screened, interviewed, consented
):
    from django.utils import translation

    actor = actors["police.tirana"]
    case = screened(3, estimated_age=16, citizenship="XK", languages=["sq"], sex="female")
    interviewed(case)
    consented(case)
    request = services.formal_identification_request(actor=actor, case_id=case.pk)

    with translation.override("en"):
        a5, _name = pdf.document(actor=actor, case_id=case.pk, form="a5", object_id=request.pk)

    text = _text(a5)
    assert "Femër" in text
    assert "Female" not in text
