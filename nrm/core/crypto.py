"""Field encryption at rest and keyed blind indexes for exact look-up.

MultiFernet: the first key encrypts, every key decrypts, so a new key can be put first
and old rows re-encrypted later (`rotate`) without downtime.
"""

import hashlib
import hmac
import unicodedata
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db import models


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(k.encode()) for k in keys])


def encrypt(value: str) -> str:
    return _fernet(settings.NRM_FIELD_KEYS).encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _fernet(settings.NRM_FIELD_KEYS).decrypt(token.encode()).decode()
    except InvalidToken as exc:  # never echo the token: it may be the only copy
        raise ValueError("a field could not be decrypted with the configured keys") from exc


def rotate(token: str) -> str:
    return _fernet(settings.NRM_FIELD_KEYS).rotate(token.encode()).decode()


def normalise(value: str) -> str:
    """Case-, accent- and space-insensitive form, so 'Çela ' and 'cela' index the same."""
    decomposed = unicodedata.normalize("NFKD", value.casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.split())


def blind_index(*parts: str) -> str:
    message = "\x1f".join(normalise(p) for p in parts).encode()
    return hmac.new(settings.NRM_BLIND_INDEX_KEY, message, hashlib.sha256).hexdigest()


class EncryptedTextField(models.TextField):
    """Stores Fernet ciphertext; Python code sees plaintext (or None)."""

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return decrypt(value)

    def to_python(self, value):
        return value

    def get_prep_value(self, value):
        if value is None or value == "":
            return value
        return encrypt(str(value))
