"""What an uploaded file is, decided from its bytes, and its name made safe (pure: no Django).

The type comes from the file's first bytes ("magic"), never from its name or the browser's
Content-Type, which the sender controls. Word (DOCX) and OpenDocument (ODT) files are ZIP
archives: their table of contents is read, nothing is decompressed but the small
`[Content_Types].xml`, and one holding macros (a VBA project, ODF Basic) is refused.

A name is shown and offered for download only after `safe_name`: the last path part only, no
control or format characters (a right-to-left override hides a real extension), no characters
that Windows refuses, a length limit that keeps the extension.
"""

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from urllib.parse import quote


@dataclass(frozen=True)
class FileType:
    code: str
    content_type: str
    extensions: tuple[str, ...]  # the first is the one added to a name without any


TYPES = {
    t.code: t
    for t in (
        FileType("pdf", "application/pdf", ("pdf",)),
        FileType("jpeg", "image/jpeg", ("jpg", "jpeg")),
        FileType("png", "image/png", ("png",)),
        FileType(
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ("docx",),
        ),
        FileType("odt", "application/vnd.oasis.opendocument.text", ("odt",)),
    )
}

_ODT_MIME = b"application/vnd.oasis.opendocument.text"
_MAX_CONTENT_TYPES = 256 * 1024  # [Content_Types].xml is a few hundred bytes


def _zip_type(data: bytes) -> str | None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = archive.namelist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return None
    lowered = [n.lower() for n in names]
    if data[30:38] == b"mimetype" and data[38 : 38 + len(_ODT_MIME)] == _ODT_MIME:
        if any(n.startswith(("basic/", "scripts/")) for n in lowered):
            return None  # ODF macros
        return "odt"
    if "[content_types].xml" in lowered and "word/document.xml" in lowered:
        if any(n.endswith(("vbaproject.bin", "vbadata.xml")) for n in lowered):
            return None  # a macro-enabled document renamed .docx
        info = archive.getinfo(names[lowered.index("[content_types].xml")])
        if info.file_size > _MAX_CONTENT_TYPES:
            return None
        try:
            types = archive.read(info).lower()
        except (zipfile.BadZipFile, RuntimeError, OSError, ValueError):
            return None
        if b"macroenabled" in types:
            return None
        return "docx"
    return None


def detect(data: bytes) -> str | None:
    """The type code of `data` (pdf, jpeg, png, docx, odt), or None when it is none of them."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"PK\x03\x04"):
        return _zip_type(data)
    return None


_FORBIDDEN = re.compile(r'[<>:"|?*\\/]')


def _clean(name: str) -> str:
    name = unicodedata.normalize("NFC", name or "")
    name = re.split(r"[\\/]", name)[-1]  # the last path part only
    name = "".join(
        " " if unicodedata.category(c) in ("Zl", "Zp") else c
        for c in name
        if unicodedata.category(c) not in ("Cc", "Cf", "Cs", "Co", "Cn")
    )
    name = _FORBIDDEN.sub("_", name)
    name = " ".join(name.split())
    return name.strip(" .")


def split_extension(name: str) -> tuple[str, str]:
    """("report", "pdf") for "report.PDF"; ("report", "") without an extension."""
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem or not re.fullmatch(r"[A-Za-z0-9]{1,8}", ext):
        return name, ""
    return stem, ext.lower()


def safe_name(name: str, file_type: str, *, limit: int) -> tuple[str, bool]:
    """(the name to keep, whether its extension fits the detected type). A name without an
    extension gets the type's; one that is left empty becomes "document"."""
    kind = TYPES[file_type]
    stem, ext = split_extension(_clean(name))
    matches = ext == "" or ext in kind.extensions
    ext = ext if ext in kind.extensions else kind.extensions[0]
    stem = stem or "document"
    stem = stem[: max(1, limit - len(ext) - 1)].rstrip(" .") or "document"
    return f"{stem}.{ext}", matches


def ascii_name(name: str) -> str:
    """An ASCII stand-in for old clients' `filename=`: accents dropped, the rest replaced."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = re.sub(r"[^A-Za-z0-9._ -]", "_", plain).strip(" .")
    return plain or "document"


def content_disposition(name: str) -> str:
    """`attachment` with a quoted ASCII filename and the UTF-8 one (RFC 6266, RFC 5987)."""
    return f"attachment; filename=\"{ascii_name(name)}\"; filename*=UTF-8''{quote(name, safe='')}"
