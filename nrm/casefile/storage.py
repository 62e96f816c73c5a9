"""The documents' bytes on disk: sealed, under MEDIA_ROOT/casefile/, never in a public path.

Each document is sealed (`nrm.core.sealed`: AES-256-GCM in 1 MiB chunks, every chunk
authenticated, truncation detected) under a random 32-byte key of its own. That key is kept
in the document's row as an EncryptedTextField, so it is encrypted with the field keys
(`NRM_FIELD_KEYS`): `nrm keys rotate` moves it to the newest key with every other field, and
anonymisation empties it, which makes the file unreadable for good ("crypto-shredding");
`files_sweep` then deletes such files and the leftovers of uploads that were rolled back.

The file's name on disk is random (`ab/ab3f….sealed`): it tells nothing of the case, the
person or the document. MEDIA_ROOT is not served by any URL; the bytes leave only through the
download view, after the access checks.
"""

import base64
import contextlib
import os
import re
import secrets
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

from django.conf import settings

from nrm.core import clock
from nrm.core.sealed import SealedReader, SealedWriter, SealError

FOLDER = "casefile"
_NAME = re.compile(r"^[0-9a-f]{2}/[0-9a-f]{32}\.sealed$")
READ_SIZE = 64 * 1024
ORPHAN_AGE = timedelta(days=1)  # an unreferenced file older than this is a rolled-back upload


class Unreadable(Exception):
    """The sealed file is missing, damaged or its key is gone (anonymised)."""


def root() -> Path:
    return Path(settings.MEDIA_ROOT) / FOLDER


def path_of(storage_name: str) -> Path:
    if not _NAME.fullmatch(storage_name or ""):
        raise Unreadable("not a casefile storage name")
    return root() / storage_name


def seal(data: bytes) -> tuple[str, str]:
    """Writes `data` sealed under a new key; returns (storage name, key as base64)."""
    token = secrets.token_hex(16)
    name = f"{token[:2]}/{token}.sealed"
    target = path_of(name)
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    key = os.urandom(32)
    partial = target.with_suffix(".partial")
    with open(partial, "xb") as raw:
        os.chmod(partial, 0o600)
        writer = SealedWriter(raw, key)
        writer.write(data)
        writer.close()
        raw.flush()
        os.fsync(raw.fileno())
    os.replace(partial, target)
    return name, base64.urlsafe_b64encode(key).decode()


def discard(storage_name: str) -> None:
    """Removes a sealed file (an upload whose transaction failed)."""
    with contextlib.suppress(Unreadable):
        path_of(storage_name).unlink(missing_ok=True)


def _key(data_key: str) -> bytes:
    if not data_key:
        raise Unreadable("the document's key is gone (anonymised)")
    try:
        key = base64.urlsafe_b64decode(data_key)
    except ValueError as exc:
        raise Unreadable("the document's key is damaged") from exc
    if len(key) != 32:
        raise Unreadable("the document's key is damaged")
    return key


def stream(storage_name: str, data_key: str) -> Iterator[bytes]:
    """The plain bytes, read and checked chunk by chunk. The header (and so the key) is
    checked before the first byte is yielded: a wrong key or a missing file raises here."""
    key = _key(data_key)
    try:
        raw = open(path_of(storage_name), "rb")  # noqa: SIM115  (closed by the generator)
    except OSError as exc:
        raise Unreadable("the document's file is missing") from exc
    try:
        reader = SealedReader(raw, key)
    except SealError as exc:
        raw.close()
        raise Unreadable("the document's file cannot be opened") from exc
    return _chunks(raw, reader)


def _chunks(raw, reader: SealedReader) -> Iterator[bytes]:
    with raw:
        while True:
            try:
                part = reader.read(READ_SIZE)
            except SealError as exc:
                raise Unreadable("the document's file is damaged") from exc
            if not part:
                return
            yield part


def read_all(storage_name: str, data_key: str) -> bytes:
    return b"".join(stream(storage_name, data_key))


def sweep_due() -> bool:
    """Whether a day has passed since the last sweep (a marker file); marks it if so."""
    folder = root()
    if not folder.is_dir():
        return False
    marker = folder / ".swept"
    now = clock.now().timestamp()
    if marker.exists() and marker.stat().st_mtime > now - ORPHAN_AGE.total_seconds():
        return False
    marker.touch()
    os.utime(marker, (now, now))
    return True


def files_sweep(*, shredded: list[str], known: set[str] | None = None) -> int:
    """Deletes the files of documents whose key is gone (`shredded`) and, when `known` (every
    storage name in the database) is given, files no row refers to that are older than a day
    (an upload rolled back after its file was written). Returns how many were removed."""
    removed = 0
    for name in shredded:
        try:
            path = path_of(name)
        except Unreadable:
            continue
        if path.exists():
            path.unlink(missing_ok=True)
            removed += 1
    if known is None or not root().is_dir():
        return removed
    cutoff = (clock.now() - ORPHAN_AGE).timestamp()
    for path in root().glob("*/*"):
        name = f"{path.parent.name}/{path.name}"
        if name in known or path.stat().st_mtime > cutoff:
            continue
        if _NAME.fullmatch(name) or path.suffix == ".partial":
            path.unlink(missing_ok=True)
            removed += 1
    return removed
