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
    blind_index_key: bytes


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
    return Keys(
        secret_key=values["NRM_SECRET_KEY"],
        field_keys=field_keys,
        blind_index_key=base64.urlsafe_b64decode(values["NRM_BLIND_INDEX_KEY"]),
    )
