"""`nrm backup` / `nrm restore`: one encrypted archive of the database and the media files.

The archive is a tar stream sealed with the backup key (`nrm.core.sealed`: AES-256-GCM in
chunks, nothing held whole in memory). Its members:

    database/nrm.sqlite3     SQLite, copied with SQLite's backup API (consistent while nrm runs)
    database/nrm.pgdump      PostgreSQL, `pg_dump --format=custom` (a snapshot, likewise)
    media/…                  every file under MEDIA_ROOT
    manifest.json            last: format, created_at, vendor, nrm and profile versions,
                             fingerprints of the field and index keys, sha256 of each member

A restore unpacks and checks everything into a private temporary directory first (key,
every chunk, the end of the stream, the manifest, each member's hash, the vendor, the
keys); only then does it replace the database (and the media), so a refused archive
changes nothing. The encryption keys of the fields are not in the archive: the archive
alone, even with its backup key, gives ciphertext columns only.
"""

import glob
import hashlib
import hmac
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
from importlib import metadata
from pathlib import Path
from typing import BinaryIO

from django.conf import settings
from django.db import connection, connections, transaction

from nrm.audit.services import event_record
from nrm.core import clock
from nrm.core.sealed import SealedReader, SealedWriter
from nrm.jurisdictions.registry import get_profile
from nrm.site.audit_codes import SiteCode

FORMAT = 1
MANIFEST = "manifest.json"
DUMPS = {"sqlite": "database/nrm.sqlite3", "postgresql": "database/nrm.pgdump"}
PG_BIN_PATTERNS = (
    "/usr/lib/postgresql/*/bin",  # Debian, Ubuntu
    "/usr/pgsql-*/bin",  # RHEL (PGDG)
    "/usr/local/pgsql/bin",
    "/opt/homebrew/opt/postgresql*/bin",
    "/usr/local/opt/postgresql*/bin",
)


class BackupError(Exception):
    """Refused, with a message for the operator."""


def fingerprint(key: bytes | str) -> str:
    """Names a key without revealing it (HMAC of a constant under the key)."""
    raw = key.encode() if isinstance(key, str) else key
    return hmac.new(raw, b"nrm key fingerprint", hashlib.sha256).hexdigest()[:16]


# ---- PostgreSQL client programs -------------------------------------------------------


def _tool_version(path: str) -> int:
    try:
        out = subprocess.run(  # noqa: S603 — a PostgreSQL client program found below
            [path, "--version"], capture_output=True, text=True, timeout=20, check=True
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return 0
    match = re.search(r"(\d+)(?:\.\d+)?", out)
    return int(match.group(1)) if match else 0


def pg_tool(name: str) -> str:
    """The newest `pg_dump` / `pg_restore` on the machine (NRM_PG_BIN, PATH, the usual
    package directories) that is not older than the server."""
    if os.environ.get("NRM_PG_BIN"):
        candidates = [os.path.join(os.environ["NRM_PG_BIN"], name)]
    else:
        candidates = [shutil.which(name) or ""]
        for pattern in PG_BIN_PATTERNS:
            candidates += [os.path.join(d, name) for d in sorted(glob.glob(pattern))]
    found = sorted(
        ((_tool_version(c), c) for c in dict.fromkeys(candidates) if c and os.access(c, os.X_OK)),
        reverse=True,
    )
    if not found or not found[0][0]:
        raise BackupError(f"{name} was not found: install the PostgreSQL client or set NRM_PG_BIN")
    connection.ensure_connection()
    server = connection.pg_version // 10000
    version, path = found[0]
    if version < server:
        raise BackupError(
            f"{name} {version} is older than the server (PostgreSQL {server}): install "
            f"postgresql-client-{server} or set NRM_PG_BIN"
        )
    return path


def _pg_call(tool: str, args: list[str]) -> None:
    db = connection.settings_dict
    env = {**os.environ, "PGPASSWORD": str(db.get("PASSWORD") or "")}
    if (db.get("OPTIONS") or {}).get("sslmode"):
        env["PGSSLMODE"] = db["OPTIONS"]["sslmode"]
    command = [pg_tool(tool), *args, "--dbname", db["NAME"]]
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            command += [flag, str(db[key])]
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{tool} failed: {result.stderr.strip()[-2000:]}")


# ---- writing --------------------------------------------------------------------------


def _dump_database(into: Path) -> Path:
    vendor = connection.vendor
    if vendor not in DUMPS:
        raise BackupError(f"nrm cannot back up a {vendor} database")
    target = into / Path(DUMPS[vendor]).name
    if vendor == "sqlite":
        connection.ensure_connection()
        copy = sqlite3.connect(target)
        try:
            connection.connection.backup(copy)  # one step: a consistent copy
        finally:
            copy.close()
    else:
        _pg_call("pg_dump", ["--format=custom", "--file", str(target)])
    target.chmod(0o600)
    return target


def _media_files() -> list[tuple[str, Path]]:
    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return []
    return sorted(
        (f"media/{path.relative_to(root).as_posix()}", path)
        for path in root.rglob("*")
        if path.is_file() and not path.is_symlink()
    )


class _Hashing:
    def __init__(self, raw: BinaryIO):
        self.raw, self.sha = raw, hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        self.sha.update(data)
        return data


def _add(tar: tarfile.TarFile, name: str, path: Path, members: dict) -> None:
    with path.open("rb") as source:
        info = tarfile.TarInfo(name)
        info.size, info.mode = os.fstat(source.fileno()).st_size, 0o600
        info.mtime = int(clock.now().timestamp())
        hashing = _Hashing(source)
        tar.addfile(info, hashing)
    members[name] = {"size": info.size, "sha256": hashing.sha.hexdigest()}


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    import io

    info = tarfile.TarInfo(name)
    info.size, info.mode, info.mtime = len(data), 0o600, int(clock.now().timestamp())
    tar.addfile(info, io.BytesIO(data))


def _versions() -> dict:

    try:
        nrm_version = metadata.version("nrm")
    except metadata.PackageNotFoundError:
        nrm_version = "unknown"
    return {"nrm_version": nrm_version, "profile": get_profile(settings.NRM_JURISDICTION).key}


def backup_create(*, actor, to: Path, key: bytes, workdir: Path) -> dict:
    """Writes the sealed archive at `to` (never over an existing file) and returns its
    manifest. `workdir` (private, emptied by the caller) holds the database copy meanwhile."""
    to = Path(to)
    if to.exists():
        raise BackupError(f"{to} exists already: choose a new file name")
    dump = _dump_database(workdir)
    media = _media_files()
    members: dict = {}
    manifest = {
        "format": FORMAT,
        "created_at": clock.now().isoformat(),
        "vendor": connection.vendor,
        **_versions(),
        "database": DUMPS[connection.vendor],
        "media": Path(settings.MEDIA_ROOT).is_dir(),
        "keys": {
            "field": fingerprint(settings.NRM_FIELD_KEYS[0]),
            "index": fingerprint(settings.NRM_BLIND_INDEX_KEY),
        },
        "members": members,
    }
    partial = to.with_name(to.name + ".partial")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as raw:
            sealed = SealedWriter(raw, key)
            with tarfile.open(fileobj=sealed, mode="w|", format=tarfile.PAX_FORMAT) as tar:
                _add(tar, DUMPS[connection.vendor], dump, members)
                for name, path in media:
                    _add(tar, name, path, members)
                _add_bytes(tar, MANIFEST, json.dumps(manifest, indent=2).encode())
            sealed.close()
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(partial, to)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    _record(
        actor=actor,
        code=SiteCode.BACKUP_CREATED,
        data={
            "vendor": manifest["vendor"],
            "bytes": to.stat().st_size,
            "media_files": len(media),
        },
    )
    return manifest


# ---- reading --------------------------------------------------------------------------


def _sha256(path: Path) -> str:
    sha = hashlib.sha256()
    with path.open("rb") as source:
        while block := source.read(1 << 20):
            sha.update(block)
    return sha.hexdigest()


def archive_unpack(source: Path, *, key: bytes, into: Path) -> dict:
    """Decrypts and checks the whole archive into `into`; returns its manifest. Raises
    SealError (key, damage, truncation) or BackupError; touches nothing else."""
    with Path(source).open("rb") as raw:
        sealed = SealedReader(raw, key)
        try:
            with tarfile.open(fileobj=sealed, mode="r|") as tar:
                for member in tar:
                    if not (member.isfile() or member.isdir()):
                        raise BackupError(f"unexpected member in the archive: {member.name}")
                    tar.extract(member, into, filter="data")
        except tarfile.TarError as exc:
            raise BackupError(f"the archive's contents are not readable: {exc}") from exc
        sealed.drain()  # every byte authentic, the last chunk present
    manifest_path = into / MANIFEST
    if not manifest_path.is_file():
        raise BackupError("the archive has no manifest")
    manifest = json.loads(manifest_path.read_text())
    if manifest.get("format") != FORMAT:
        raise BackupError(
            f"archive format {manifest.get('format')} is not known to this nrm (knows {FORMAT})"
        )
    members = manifest["members"]
    present = {p.relative_to(into).as_posix() for p in into.rglob("*") if p.is_file()} - {MANIFEST}
    if present != set(members):
        raise BackupError("the archive's files do not match its manifest")
    for name, expected in members.items():
        if _sha256(into / name) != expected["sha256"]:
            raise BackupError(f"{name} does not match its checksum in the manifest")
    _refuse_mismatch(manifest)
    return manifest


def _refuse_mismatch(manifest: dict) -> None:
    here = connection.vendor
    if manifest["vendor"] != here:
        raise BackupError(
            f"this archive holds a {manifest['vendor']} database; this nrm runs on {here} "
            "(DATABASE_URL): restore it into the same kind of database"
        )
    fields = {fingerprint(k) for k in settings.NRM_FIELD_KEYS}
    if manifest["keys"]["field"] not in fields:
        raise BackupError(
            "the archive's data were encrypted under a field key that is not in "
            f"NRM_FIELD_KEYS here (fingerprint {manifest['keys']['field']}): add that key"
        )
    indexes = {fingerprint(k) for k in getattr(settings, "NRM_BLIND_INDEX_KEYS", ())}
    indexes.add(fingerprint(settings.NRM_BLIND_INDEX_KEY))
    if manifest["keys"]["index"] not in indexes:
        raise BackupError(
            "the archive's name index was made under a blind index key that is not in "
            f"NRM_BLIND_INDEX_KEY here (fingerprint {manifest['keys']['index']}): add that key"
        )


def backup_apply(*, manifest: dict, unpacked: Path) -> None:
    """Replaces the database (and the media files) with an unpacked, checked archive."""
    dump = unpacked / manifest["database"]
    connections.close_all()
    if manifest["vendor"] == "sqlite":
        source, target = sqlite3.connect(dump), sqlite3.connect(connection.settings_dict["NAME"])
        try:
            source.backup(target)  # page by page into the live file, under its write lock
        finally:
            source.close()
            target.close()
    else:
        options = ["--clean", "--if-exists", "--no-owner", "--single-transaction"]
        _pg_call("pg_restore", [*options, "--exit-on-error", str(dump)])
    if manifest.get("media"):
        _media_replace(unpacked / "media")


def _media_replace(restored: Path) -> None:
    root = Path(settings.MEDIA_ROOT)
    previous = root.with_name(root.name + ".before-restore")
    shutil.rmtree(previous, ignore_errors=True)
    if root.exists():
        root.rename(previous)
    if restored.is_dir():
        shutil.move(restored, root)
    else:
        root.mkdir(parents=True)
    shutil.rmtree(previous, ignore_errors=True)


@transaction.atomic
def _record(*, actor, code: SiteCode, data: dict) -> None:
    event_record(actor=actor, code=code, data=data)


def restore_record(*, actor, manifest: dict) -> None:
    """The restored trail's next event: which archive it came from (no personal data)."""
    _record(
        actor=actor,
        code=SiteCode.BACKUP_RESTORED,
        data={"created_at": manifest["created_at"], "vendor": manifest["vendor"]},
    )
