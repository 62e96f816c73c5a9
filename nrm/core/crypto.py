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
    """The same plaintext under the newest key; ValueError when no configured key opens it."""
    try:
        return _fernet(settings.NRM_FIELD_KEYS).rotate(token.encode()).decode()
    except InvalidToken as exc:
        raise ValueError("a field could not be decrypted with the configured keys") from exc


def under_newest_key(token: str) -> bool:
    """Whether the newest key's signature checks (no decryption needed)."""
    try:
        Fernet(settings.NRM_FIELD_KEYS[0].encode()).extract_timestamp(token.encode())
    except InvalidToken:
        return False
    return True


def normalise(value: str) -> str:
    """Case-, accent- and space-insensitive form, so 'Çela ' and 'cela' index the same;
    format characters (bidi controls, zero-width) dropped, as names are stored without them."""
    decomposed = unicodedata.normalize("NFKD", value.casefold())
    stripped = "".join(
        c for c in decomposed if not unicodedata.combining(c) and unicodedata.category(c) != "Cf"
    )
    return " ".join(stripped.split())


def _index_keys() -> list[bytes]:
    newest = settings.NRM_BLIND_INDEX_KEY
    older = getattr(settings, "NRM_BLIND_INDEX_KEYS", ())
    return [newest, *(k for k in older if k != newest)]


def blind_index(*parts: str, key: bytes | None = None) -> str:
    """Under the newest index key (or `key`): what is stored for new and re-indexed rows."""
    message = "\x1f".join(normalise(p) for p in parts).encode()
    return hmac.new(key or settings.NRM_BLIND_INDEX_KEY, message, hashlib.sha256).hexdigest()


def blind_indexes(*parts: str) -> list[str]:
    """Under every configured index key, newest first: what a look-up searches, so rows not
    yet re-indexed after a new key was put first are still found."""
    return [blind_index(*parts, key=k) for k in _index_keys()]


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


def encrypt_column(app_label: str, model_name: str, column: str, *, reverse: bool = False):
    """A migration step that encrypts (or, reversed, decrypts) the existing values of a
    column that becomes an EncryptedTextField. Raw SQL: the historical model would already
    try to decrypt the plaintext."""

    def run(apps, schema_editor):
        model = apps.get_model(app_label, model_name)
        table = schema_editor.quote_name(model._meta.db_table)
        col = schema_editor.quote_name(column)
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(f"SELECT id, {col} FROM {table} WHERE {col} <> ''")  # noqa: S608
            rows = cursor.fetchall()
            for pk, value in rows:
                new = decrypt(value) if reverse else encrypt(value)
                cursor.execute(f"UPDATE {table} SET {col} = %s WHERE id = %s", [new, pk])  # noqa: S608

    return run
