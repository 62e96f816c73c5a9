"""Secrets: from the environment; outside production, generated once into the data dir."""

import base64
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from cryptography.fernet import Fernet


@dataclass(frozen=True)
class Keys:
    secret_key: str
    field_keys: tuple[str, ...]  # Fernet keys, newest first: the first encrypts
    blind_index_key: bytes  # the newest: it indexes new and re-indexed rows
    blind_index_keys: tuple[bytes, ...] = ()  # newest first: look-ups try them all


class MissingKey(RuntimeError):
    pass


def _generate() -> dict:
    return {
        "NRM_SECRET_KEY": secrets.token_urlsafe(50),
        "NRM_FIELD_KEYS": Fernet.generate_key().decode(),
        "NRM_BLIND_INDEX_KEY": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
    }


def load_keys(data_dir: Path, *, production: bool) -> Keys:
    values = {k: os.environ.get(k, "") for k in _generate()}
    if not all(values.values()):
        if production:
            missing = ", ".join(k for k, v in values.items() if not v)
            raise MissingKey(f"production mode needs these environment variables: {missing}")
        path = data_dir / "keys.json"
        if path.exists():
            stored = json.loads(path.read_text())
        else:
            stored = _generate()
            path.write_text(json.dumps(stored, indent=2))
            path.chmod(0o600)
        values = {k: v or stored[k] for k, v in values.items()}
    field_keys = tuple(k.strip() for k in values["NRM_FIELD_KEYS"].split(",") if k.strip())
    index_keys = tuple(
        base64.urlsafe_b64decode(k.strip())
        for k in values["NRM_BLIND_INDEX_KEY"].split(",")
        if k.strip()
    )
    return Keys(
        secret_key=values["NRM_SECRET_KEY"],
        field_keys=field_keys,
        blind_index_key=index_keys[0],
        blind_index_keys=index_keys,
    )


def generate_key(kind: str) -> str:
    """A new key of a kind: `field` (Fernet), `index` (blind index) or `backup`."""
    if kind == "field":
        return Fernet.generate_key().decode()
    if kind in {"index", "backup"}:
        return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()
    raise ValueError(kind)


def load_backup_key(data_dir: Path, *, production: bool) -> bytes:
    """NRM_BACKUP_KEY (urlsafe base64, 32 bytes). Outside production it is generated once
    into the data dir's keys.json; production refuses without it. It is not needed to start
    nrm, only to write or read a backup, so it is loaded when one is made."""
    value = os.environ.get("NRM_BACKUP_KEY", "").strip()
    if not value:
        if production:
            raise MissingKey("production mode needs the environment variable NRM_BACKUP_KEY")
        path = data_dir / "keys.json"
        stored = json.loads(path.read_text()) if path.exists() else {}
        if not stored.get("NRM_BACKUP_KEY"):
            stored["NRM_BACKUP_KEY"] = generate_key("backup")
            path.write_text(json.dumps(stored, indent=2))
            path.chmod(0o600)
        value = stored["NRM_BACKUP_KEY"]
    try:
        key = base64.urlsafe_b64decode(value)
    except ValueError as exc:
        raise MissingKey("NRM_BACKUP_KEY is not urlsafe base64") from exc
    if len(key) != 32:
        raise MissingKey("NRM_BACKUP_KEY must encode 32 bytes")
    return key
