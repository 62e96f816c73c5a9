"""What a file is, from its bytes alone, and its name made safe (pure: no database)."""

import io
import zipfile

import pytest

from nrm.casefile import filetypes
from nrm.casefile.demo import tiny_pdf


def _zip(entries: dict[str, bytes], *, first: tuple[str, bytes] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        if first:
            archive.writestr(zipfile.ZipInfo(first[0]), first[1])  # stored, uncompressed
        for name, data in entries.items():
            # A fixed time: the bytes (and so the test ids) must not change with the clock,
            # or pytest-xdist's workers collect different tests.
            archive.writestr(zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0)), data)
    return buffer.getvalue()


DOCX = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
DOCM = _zip(
    {
        "[Content_Types].xml": b"<Types/>",
        "word/document.xml": b"<w:document/>",
        "word/vbaProject.bin": b"macro",
    }
)
ODT = _zip(
    {"content.xml": b"<office:document/>"},
    first=("mimetype", b"application/vnd.oasis.opendocument.text"),
)


@pytest.mark.parametrize(
    "data, expected",
    [
        (tiny_pdf("x"), "pdf"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 20, "jpeg"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, "png"),
        (DOCX, "docx"),
        (ODT, "odt"),
        (DOCM, None),
        (b"MZ\x90\x00", None),
        (b"<html><script>", None),
        (b"", None),
        (b"PK\x03\x04broken", None),
    ],
    ids=["pdf", "jpeg", "png", "docx", "odt", "docm", "exe", "html", "empty", "broken-zip"],
)
def test_the_type_comes_from_the_bytes(data, expected):
    assert filetypes.detect(data) == expected


@pytest.mark.parametrize(
    "name, file_type, expected",
    [
        ("raporti.pdf", "pdf", ("raporti.pdf", True)),
        ("foto.JPEG", "jpeg", ("foto.jpeg", True)),
        ("foto", "png", ("foto.png", True)),
        ("foto.pdf", "png", ("foto.png", False)),
        ("../../x.pdf", "pdf", ("x.pdf", True)),
        ("..", "pdf", ("document.pdf", True)),
        ('a<b>:"c|?*.pdf', "pdf", ("a_b___c___.pdf", True)),
    ],
)
def test_safe_names(name, file_type, expected):
    assert filetypes.safe_name(name, file_type, limit=120) == expected


def test_the_download_names_are_ascii_and_utf8():
    header = filetypes.content_disposition('Vërtetim "mjekësor".pdf')
    assert header.startswith('attachment; filename="Vertetim _mjekesor_.pdf"')
    assert "filename*=UTF-8''V%C3%ABrtetim%20%22mjek%C3%ABsor%22.pdf" in header
    assert all(ord(c) < 128 for c in header)


def test_the_profile_check_names_unknown_classes_and_roles():
    from nrm.casefile.checks import check_casefile
    from nrm.jurisdictions import get_profile

    profile = get_profile("AL")
    block = profile.casefile.model_copy(
        update={
            "default_sensitivity": "gossip",
            "withdrawn_by": (
                profile.casefile.withdrawn_by[0].model_copy(update={"roles": ("janitor",)}),
            ),
        }
    )
    found = []
    check_casefile(profile.model_copy(update={"casefile": block}), lambda *p: found.append(p))
    assert [(code, loc[:2]) for code, _message, loc in found] == [
        ("nrm.E090", ("casefile", "default_sensitivity")),
        ("nrm.E090", ("casefile", "withdrawn_by")),
    ]
    clean = []
    check_casefile(profile, lambda *p: clean.append(p))
    assert clean == []
