"""No plaintext at rest, SQLite file variant: cases opened through the services into a
file-backed database (the real command line with --data-dir), then the file's bytes —
and any -wal, -shm or -journal beside it — searched for every name, phone, e-mail and
address, as typed, case-folded, and in UTF-16; the app still reads them all back."""

import sqlite3

from tests.core.datadir import people_read, populate
from tests.security.test_no_personal_data import PEOPLE, SECRETS


def _forms(secret: str) -> list[bytes]:
    texts = {secret, secret.casefold(), secret.lower(), secret.upper()}
    return [t.encode(e) for t in texts for e in ("utf-8", "utf-16-le", "utf-16-be")]


def test_the_sqlite_file_holds_no_name_phone_or_address(tmp_path):
    data = tmp_path / "data"
    references = populate(data, PEOPLE)
    assert len(references) == len(PEOPLE)

    files = [
        path
        for path in data.iterdir()
        if path.name.startswith("nrm.sqlite3")  # the database, its -wal, -shm, -journal
    ]
    content = b"".join(path.read_bytes() for path in files)

    assert (data / "nrm.sqlite3") in files
    assert references[0].encode() in content  # what is stored in clear is found in clear
    with sqlite3.connect(data / "nrm.sqlite3") as db:  # the rows are there, only unreadable
        assert db.execute("SELECT count(*) FROM registry_person").fetchone() == (len(PEOPLE),)
    for secret in SECRETS:
        for form in _forms(secret):
            assert form not in content, f"{secret!r} is in the database file"
    assert people_read(data) == PEOPLE  # the app still reads them
