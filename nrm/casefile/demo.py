"""The demo's notes and documents: some invented cases get a few dated notes from their
owner and, now and then, a small PDF (made here, byte by byte: no renderer, so the demo
stays fast), all through the real services."""

from datetime import timedelta

from nrm.casefile import services
from nrm.core import clock
from nrm.core.errors import DomainError
from nrm.jurisdictions import get_profile

NOTE_KINDS = ("contact", "phone_call", "visit")
DOCUMENT_KIND = "consent_form"

NOTES = {
    "contact": "Takim i parë me personin; u shpjeguan të drejtat dhe shërbimet në dispozicion.",
    "phone_call": "Telefonatë me punonjësin social për koordinimin e shërbimeve.",
    "visit": "Vizitë në strehëz; personi është i qetë dhe merr pjesë në aktivitete.",
}


class _Upload:
    """The shape of an uploaded file, for a document made in memory."""

    def __init__(self, name: str, data: bytes):
        self.name, self._data, self.size = name, data, len(data)

    def read(self, *args) -> bytes:
        return self._data


def tiny_pdf(line: str) -> bytes:
    """A one-page PDF 1.4 with one line of ASCII text, its cross-reference table exact."""
    text = line.encode("ascii", "replace").replace(b"(", b"[").replace(b")", b"]")
    stream = b"BT /F1 14 Tf 72 760 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)


def demo_walk(*, actor, case, plan, rng, moment):
    """About a third of the cases: one to three notes by the owner, a few days apart; one in
    four of those also a consent form as a small PDF."""
    profile = get_profile(case.profile_code, case.profile_version)
    if profile.casefile is None or rng.random() > 0.35:
        return moment
    until = plan.until
    try:
        for _i in range(rng.randint(1, 3)):
            moment = min(moment + timedelta(days=rng.randint(1, 6), hours=rng.randint(0, 6)), until)
            kind = rng.choice(NOTE_KINDS)
            with clock.override(moment):
                services.note_write(
                    actor=actor,
                    case_id=case.pk,
                    noted_on=clock.today(),
                    kind=kind,
                    text=NOTES[kind],
                )
        if rng.random() < 0.25:
            moment = min(moment + timedelta(hours=rng.randint(1, 6)), until)
            data = tiny_pdf(f"Formular pelqimi - {case.reference}")
            with clock.override(moment):
                services.document_upload(
                    actor=actor,
                    case_id=case.pk,
                    kind=DOCUMENT_KIND,
                    file=_Upload(f"pelqimi-{case.reference}.pdf", data),
                )
    except DomainError:  # a case the owner may no longer add to: left as it is
        return moment
    return moment
