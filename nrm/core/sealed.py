"""A sealed stream: a file encrypted and authenticated in chunks, written and read without
holding it in memory (the backup archive is one).

Layout: a header, then chunks of AES-256-GCM ciphertext (`CHUNK` bytes of plaintext each
and a 16-byte tag; the last may be shorter, even empty).

    header = MAGIC (8) | version (1) | chunk size (4) | salt (32) | nonce prefix (7)
             | key commitment (32)

The archive's own key and the commitment come from the backup key and the salt (HKDF-SHA256),
so a wrong backup key is told apart from a damaged file before anything is decrypted.
Chunk i is sealed with nonce = prefix | i (4) | last (1) and associated data = header | i (8)
| last (1): a changed byte, a changed header, chunks swapped, dropped or appended, and a file
cut short at any point (no chunk marked last) all fail authentication.
"""

import hmac
import os
import struct
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

MAGIC = b"NRMSEAL\x00"
VERSION = 1
CHUNK = 1 << 20
TAG = 16
_FIXED = struct.Struct(">8sBI")
SALT, PREFIX, COMMIT = 32, 7, 32
HEADER_SIZE = _FIXED.size + SALT + PREFIX + COMMIT


class SealError(Exception):
    """The stream cannot be opened; the message says why, in words for the operator."""


class WrongKey(SealError):
    pass


class Damaged(SealError):
    pass


def _derive(key: bytes, salt: bytes) -> tuple[bytes, bytes]:
    if len(key) != 32:
        raise ValueError("the backup key must be 32 bytes")
    material = HKDF(
        algorithm=hashes.SHA256(), length=64, salt=salt, info=b"nrm sealed stream v1"
    ).derive(key)
    return material[:32], material[32:]


def _aad(header: bytes, index: int, last: bool) -> bytes:
    return header + index.to_bytes(8, "big") + (b"\x01" if last else b"\x00")


def _nonce(prefix: bytes, index: int, last: bool) -> bytes:
    if index >= 1 << 32:
        raise SealError("the stream is too long")
    return prefix + index.to_bytes(4, "big") + (b"\x01" if last else b"\x00")


class SealedWriter:
    """A write-only file object; `close()` seals the last chunk (and is required)."""

    def __init__(self, raw: BinaryIO, key: bytes, *, chunk: int = CHUNK):
        salt, self._prefix = os.urandom(SALT), os.urandom(PREFIX)
        enc_key, commitment = _derive(key, salt)
        self._aead = AESGCM(enc_key)
        self._header = _FIXED.pack(MAGIC, VERSION, chunk) + salt + self._prefix + commitment
        self._raw, self._chunk, self._index = raw, chunk, 0
        self._buffer = bytearray()
        self.closed = False
        raw.write(self._header)

    def write(self, data) -> int:
        self._buffer += data
        # Only a chunk known not to be the last is sealed now: one always remains for close.
        while len(self._buffer) > self._chunk:
            self._seal(bytes(self._buffer[: self._chunk]), last=False)
            del self._buffer[: self._chunk]
        return len(data)

    def _seal(self, plain: bytes, *, last: bool) -> None:
        nonce = _nonce(self._prefix, self._index, last)
        self._raw.write(self._aead.encrypt(nonce, plain, _aad(self._header, self._index, last)))
        self._index += 1

    def flush(self) -> None:
        self._raw.flush()

    def close(self) -> None:
        if not self.closed:
            self._seal(bytes(self._buffer), last=True)
            self._buffer.clear()
            self._raw.flush()
            self.closed = True


def _read_exact(raw: BinaryIO, size: int) -> bytes:
    parts, left = [], size
    while left:
        part = raw.read(left)
        if not part:
            break
        parts.append(part)
        left -= len(part)
    return b"".join(parts)


class SealedReader:
    """A read-only file object; raises WrongKey or Damaged, never yields unchecked bytes."""

    def __init__(self, raw: BinaryIO, key: bytes):
        header = _read_exact(raw, HEADER_SIZE)
        if len(header) < HEADER_SIZE or not header.startswith(MAGIC):
            raise Damaged("this is not an nrm backup (or its beginning is missing)")
        _magic, version, chunk = _FIXED.unpack(header[: _FIXED.size])
        if version != VERSION:
            raise Damaged(f"sealed format {version} is not known to this nrm (knows {VERSION})")
        if not 0 < chunk <= 64 * CHUNK:
            raise Damaged("the archive's header is damaged")
        offset = _FIXED.size
        salt = header[offset : offset + SALT]
        self._prefix = header[offset + SALT : offset + SALT + PREFIX]
        commitment = header[offset + SALT + PREFIX :]
        enc_key, expected = _derive(key, salt)
        if not hmac.compare_digest(commitment, expected):
            raise WrongKey("the backup key does not open this archive (NRM_BACKUP_KEY)")
        self._aead, self._header, self._raw = AESGCM(enc_key), header, raw
        self._sealed = chunk + TAG
        self._index = 0
        self._pending = _read_exact(raw, self._sealed)
        self._plain, self._pos = b"", 0
        self.finished = False  # the chunk marked last was read and checked

    def _next(self) -> bytes:
        sealed = self._pending
        self._pending = _read_exact(self._raw, self._sealed)
        last = not self._pending
        if len(sealed) < TAG or (not last and len(sealed) != self._sealed):
            raise Damaged("the archive is truncated")
        try:
            plain = self._aead.decrypt(
                _nonce(self._prefix, self._index, last),
                sealed,
                _aad(self._header, self._index, last),
            )
        except InvalidTag as exc:
            raise Damaged(
                f"the archive is damaged, altered or truncated (at chunk {self._index})"
            ) from exc
        self._index += 1
        self.finished = last
        return plain

    def read(self, size: int = -1) -> bytes:
        available = len(self._plain) - self._pos
        while not self.finished and (size < 0 or available < size):
            self._plain = self._plain[self._pos :] + self._next()
            self._pos, available = 0, len(self._plain)
        if size < 0 or size > available:
            size = available
        out = self._plain[self._pos : self._pos + size]
        self._pos += size
        return out

    def drain(self) -> None:
        """Reads (and checks) to the end: the whole stream is authentic, nothing cut off."""
        while not self.finished:
            self._next()
        self._plain, self._pos = b"", 0

    def close(self) -> None:
        pass
