"""`nrm backup` / `nrm restore` through the real command line: a round trip brings the data
and media back with an intact audit trail; a wrong key, a changed byte, a cut-off file or
another kind of database is refused and changes nothing; the archive shows no name."""

import base64
import hashlib
import secrets
import shutil
import sqlite3
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from nrm.core import sealed
from tests.core.datadir import people_read, populate, references_read, run, shell

PEOPLE = [
    {
        "given_name": "Florjeta",
        "family_name": "Kukaleshi",
        "phone": "+355 69 310 4471",
        "email": "fkukalesh@example.org",
        "address": "Rruga e Barrikadave 113, Tiranë",
    },
    {
        "given_name": "Anxhelina",
        "family_name": "Shtëpimadhi",
        "phone": "+355 68 127 6650",
        "email": "ashtepim@example.org",
        "address": "Lagjja Kongresi, pallati 61",
    },
]
SECRETS = [v for person in PEOPLE for v in person.values()]
PHOTO = secrets.token_bytes(1_500_000)
LATER = {
    "given_name": "Vitorina",
    "family_name": "Prendushi",
    "phone": "+355 67 000 1234",
    "email": "",
    "address": "",
}


def _digest(database: Path) -> str:
    """The database's content (not its file bytes, which checkpoints may move)."""
    with sqlite3.connect(database) as db:
        return hashlib.sha256("\n".join(db.iterdump()).encode()).hexdigest()


@pytest.fixture(scope="module")
def backed_up(tmp_path_factory):
    """A data dir with two cases and one media file, and its archive."""
    data = tmp_path_factory.mktemp("backup") / "data"
    references = populate(data, PEOPLE)
    (data / "media" / "uploads").mkdir(parents=True)
    (data / "media" / "uploads" / "scan.txt").write_bytes(b"a scanned form")
    (data / "media" / "photo.bin").write_bytes(PHOTO)  # the archive spans several chunks
    archive = data.parent / "nrm.backup"
    result = run(data, "backup", "--to", str(archive))
    assert "sqlite database and 2 media files" in result.stdout
    return data, archive, references


def test_a_sqlite_round_trip_brings_back_data_media_and_an_intact_audit_trail(backed_up):
    data, archive, references = backed_up
    # after the backup: a person's phone changes, a case is added, a media file replaced
    shell(
        data,
        "from nrm.registry.models import Person\nPerson.objects.filter(pk=1).update(phone='0')",
    )
    populate(data, [LATER], migrate=False)
    (data / "media" / "uploads" / "scan.txt").unlink()
    (data / "media" / "other.txt").write_bytes(b"later")
    assert len(people_read(data)) == 3

    refused = run(data, "restore", "--from", str(archive), check=False)  # no --yes, no tty
    assert refused.returncode != 0 and "pass --yes" in refused.stderr
    restored = run(data, "restore", "--from", str(archive), "--yes")

    assert "checked" in restored.stdout
    assert people_read(data) == PEOPLE
    assert references_read(data) == sorted(references)
    assert (data / "media" / "uploads" / "scan.txt").read_bytes() == b"a scanned form"
    assert (data / "media" / "photo.bin").read_bytes() == PHOTO
    assert not (data / "media" / "other.txt").exists()
    verify = run(data, "audit", "verify")
    assert "event:" in verify.stdout and "chain intact" in verify.stdout
    last = shell(
        data,
        "from nrm.audit.models import AuditEvent\n"
        "e = AuditEvent.objects.order_by('-id').first()\nout([e.code, e.data['vendor']])",
    )
    assert last == ["backup.restored", "sqlite"]


def test_the_archive_holds_no_name_phone_or_address(backed_up):
    _data, archive, _references = backed_up
    content = archive.read_bytes()

    assert content.startswith(sealed.MAGIC)
    for secret in SECRETS:
        for form in (secret, secret.casefold()):
            for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
                assert form.encode(encoding) not in content, secret
    assert b"registry_person" not in content and b"SQLite format" not in content


def _refused(data: Path, archive: Path, *, env=None) -> str:
    before = _digest(data / "nrm.sqlite3")
    result = run(data, "restore", "--from", str(archive), "--yes", env=env, check=False)
    assert result.returncode != 0
    assert "restore refused, nothing changed" in result.stderr
    assert _digest(data / "nrm.sqlite3") == before
    return result.stderr


def test_a_wrong_backup_key_is_refused(backed_up):
    data, archive, _ = backed_up
    other = base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()

    assert "backup key does not open this archive" in _refused(
        data, archive, env={"NRM_BACKUP_KEY": other}
    )


@pytest.mark.parametrize("where", ["first chunk", "last chunk", "last byte"])
def test_a_changed_byte_is_refused(backed_up, tmp_path, where):
    data, archive, _ = backed_up
    content = bytearray(archive.read_bytes())
    at = {
        "first chunk": sealed.HEADER_SIZE + 100,
        "last chunk": len(content) - 5000,
        "last byte": len(content) - 1,
    }[where]
    content[at] ^= 0x01
    tampered = tmp_path / "tampered.backup"
    tampered.write_bytes(bytes(content))

    assert "damaged, altered or truncated" in _refused(data, tampered)


@pytest.mark.parametrize("cut", ["inside a chunk", "at a chunk boundary", "inside the header"])
def test_a_truncated_archive_is_refused(backed_up, tmp_path, cut):
    data, archive, _ = backed_up
    content = archive.read_bytes()
    assert len(content) > sealed.HEADER_SIZE + sealed.CHUNK + sealed.TAG  # two chunks at least
    length = {
        "inside a chunk": len(content) - 700,
        "at a chunk boundary": sealed.HEADER_SIZE + sealed.CHUNK + sealed.TAG,
        "inside the header": 20,
    }[cut]
    short = tmp_path / "short.backup"
    short.write_bytes(content[:length])

    message = _refused(data, short)
    assert "truncated" in message or "not an nrm backup" in message


def test_chunks_swapped_are_refused(tmp_path):
    key = secrets.token_bytes(32)
    path = tmp_path / "s"
    with path.open("wb") as raw:
        writer = sealed.SealedWriter(raw, key, chunk=16)
        writer.write(b"a" * 16 + b"b" * 16 + b"c" * 5)
        writer.close()
    content = path.read_bytes()
    head, size = sealed.HEADER_SIZE, 16 + sealed.TAG
    swapped = content[:head] + content[head + size : head + 2 * size]
    swapped += content[head : head + size] + content[head + 2 * size :]
    path.write_bytes(swapped)

    with path.open("rb") as raw, pytest.raises(sealed.Damaged):
        sealed.SealedReader(raw, key).read()
    with path.open("wb") as raw:
        raw.write(content)
    with path.open("rb") as raw:
        assert sealed.SealedReader(raw, key).read() == b"a" * 16 + b"b" * 16 + b"c" * 5


def test_production_refuses_a_backup_without_nrm_backup_key(tmp_path):
    result = run(
        None,
        "backup",
        "--to",
        str(tmp_path / "x.backup"),
        env={
            "NRM_MODE": "production",
            "NRM_SECRET_KEY": secrets.token_urlsafe(50),
            "NRM_FIELD_KEYS": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
            "NRM_BLIND_INDEX_KEY": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
            "NRM_DATA_DIR": str(tmp_path),
        },
        check=False,
    )

    assert result.returncode != 0
    assert "NRM_BACKUP_KEY" in result.stderr
    assert not (tmp_path / "x.backup").exists()


# ---- PostgreSQL ------------------------------------------------------------------------


def _url(name: str) -> str:
    db = connection.settings_dict
    user = quote(db.get("USER") or "", safe="")
    password = f":{quote(str(db['PASSWORD']), safe='')}" if db.get("PASSWORD") else ""
    host = db.get("HOST") or "localhost"
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{user}{password}@{host}{port}/{name}"


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_a_postgresql_round_trip_into_a_scratch_database(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL)")
    keys = {
        "NRM_SECRET_KEY": secrets.token_urlsafe(50),
        "NRM_FIELD_KEYS": ",".join(settings.NRM_FIELD_KEYS),
        "NRM_BLIND_INDEX_KEY": base64.urlsafe_b64encode(settings.NRM_BLIND_INDEX_KEY).decode(),
        "NRM_BACKUP_KEY": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
        "NRM_DATA_DIR": str(tmp_path),
    }
    source = {**keys, "DATABASE_URL": _url(connection.settings_dict["NAME"])}
    references = populate(None, PEOPLE, migrate=False, env=source)
    archive = tmp_path / "pg.backup"
    assert "postgresql database" in run(None, "backup", "--to", str(archive), env=source).stdout
    content = archive.read_bytes()
    assert not any(s.encode() in content for s in SECRETS)

    scratch = f"keys_scratch_{uuid.uuid4().hex[:10]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{scratch}"')
    try:
        target = {**keys, "DATABASE_URL": _url(scratch)}
        run(None, "migrate", "--verbosity", "0", env=target)  # a database in use, replaced
        populate(None, [LATER], migrate=False, env=target)

        run(None, "restore", "--from", str(archive), "--yes", env=target)

        assert people_read(None, env=target) == PEOPLE
        assert references_read(None, env=target) == sorted(references)
        assert "chain intact" in run(None, "audit", "verify", env=target).stdout
        # into SQLite: another kind of database, refused
        elsewhere = {k: v for k, v in keys.items() if k != "NRM_DATA_DIR"}
        sqlite_dir = tmp_path / "sqlite"
        run(sqlite_dir, "migrate", "--verbosity", "0", env=elsewhere)
        refused = run(
            sqlite_dir, "restore", "--from", str(archive), "--yes", env=elsewhere, check=False
        )
        assert refused.returncode != 0
        assert "holds a postgresql database; this nrm runs on sqlite" in refused.stderr
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')
    shutil.rmtree(tmp_path / "sqlite", ignore_errors=True)
