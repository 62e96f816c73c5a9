"""The demo's walk: notes and a small PDF through the real services, none after `until`."""

import random
from datetime import timedelta

import pytest
from pypdf import PdfReader

from nrm.casefile import services
from nrm.casefile.demo import demo_walk, tiny_pdf
from nrm.casefile.models import CaseDocument, CaseNote
from nrm.core import clock
from nrm.registry.doors import DemoPlan

pytestmark = pytest.mark.django_db


def test_the_tiny_pdf_is_a_real_pdf():
    import io

    reader = PdfReader(io.BytesIO(tiny_pdf("Formular pelqimi")))
    assert "Formular pelqimi" in reader.pages[0].extract_text()


def test_the_walk_writes_notes_and_a_document_before_until(actors, make_case):
    police = actors["police.tirana"]
    until = clock.now()
    start = until - timedelta(days=60)
    walked = 0
    for seed in range(12):
        with clock.override(start):
            case = make_case()
        plan = DemoPlan(
            target="formal_identification", path=("formal_identification",), until=until
        )
        end = demo_walk(actor=police, case=case, plan=plan, rng=random.Random(seed), moment=start)
        assert end <= until
        walked += CaseNote.objects.filter(case=case).exists()
    assert walked >= 1
    assert all(n.written_at <= until for n in CaseNote.objects.all())
    for doc in CaseDocument.objects.all():
        _doc, chunks = services.document_open(actor=police, document_id=doc.pk)
        assert b"".join(chunks).startswith(b"%PDF-1.4")
