"""`nrm dedup` per the contract (docs/api-contract.md v1.1)."""

import csv
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from nrm.dedup.columns import HEADER
from nrm.dedup.synthetic import generate

ROOT = Path(__file__).resolve().parents[2]
GOOD = [
    ["a1", "Arben", "Hoxha", "male", "1990-04-02", "", "AL", "Tiranë"],
    ["a2", "ARBEN", "HOXHA", "male", "1990-04-02", "", "AL", "Tirane"],
    ["a3", "Hoxha", "Arben", "", "1990-04-02", "", "", ""],
    ["b1", "Đorđe", "Petrović", "male", "1985-11-20", "", "RS", "Niš"],
    ["b2", "Ђорђе", "Петровић", "male", "", "41", "RS", ""],
    ["c1", "Mohammed", "Al-Rashid", "male", "2001-01-05", "", "SY", "Aleppo"],
    ["c2", "Muhammad", "El Rashid", "male", "2001-01-05", "", "", ""],
    ["d1", "Drita", "Krasniqi", "female", "1972-06-30", "", "XK", "Prizren"],
    ["e1", "Jelena", "Nikolić", "female", "", "", "", ""],
]


def write(path: Path, rows, header=HEADER, encoding="utf-8") -> Path:
    with open(path, "w", newline="", encoding=encoding) as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)
    return path


def read(path: Path) -> dict[str, str]:
    with open(path, newline="", encoding="utf-8") as f:
        r = csv.reader(f)
        assert next(r) == ["record_id", "person_id"]
        return dict(r)


def test_every_record_once_and_the_obvious_duplicates_together(tmp_path):
    out = tmp_path / "clusters.csv"
    call_command("dedup", input=str(write(tmp_path / "p.csv", GOOD)), output=str(out))
    got = read(out)
    assert list(got) == [r[0] for r in GOOD]
    assert got["a1"] == got["a2"] == got["a3"]  # case, diacritics, swapped fields
    assert got["b1"] == got["b2"]  # Cyrillic, date missing but the age fits
    assert got["c1"] == got["c2"]  # transliteration and article
    assert len({got["a1"], got["b1"], got["c1"], got["d1"], got["e1"]}) == 5


def test_a_generated_file_of_thousands_gets_one_person_per_record(tmp_path):
    ds = generate(records=2500, seed=7)
    ds.to_csv(tmp_path / "p.csv")
    out = tmp_path / "c.csv"
    call_command("dedup", input=str(tmp_path / "p.csv"), output=str(out), threshold=0.95)
    got = read(out)
    assert sorted(got) == sorted(ds.truth)
    assert 1 < len(set(got.values())) < len(got)


def test_header_only_writes_header_only(tmp_path):
    out = tmp_path / "c.csv"
    call_command("dedup", input=str(write(tmp_path / "p.csv", [])), output=str(out))
    assert read(out) == {}


BAD = [
    ("header", {"header": [*HEADER[:-1], "birthplace"]}, "line 1"),
    ("short header", {"header": HEADER[:3]}, "line 1"),
    ("date", {"rows": [*GOOD[:3], ["x", "A", "B", "", "1990-02-30", "", "", ""]]}, "line 5"),
    (
        "date format",
        {"rows": [*GOOD[:1], ["x", "A", "B", "", "02/03/1990", "", "", ""]]},
        "line 3",
    ),
    ("age", {"rows": [["x", "A", "B", "", "", "old", "", ""]]}, "line 2"),
    ("age range", {"rows": [*GOOD[:2], ["x", "A", "B", "", "", "130", "", ""]]}, "line 4"),
    ("cells", {"rows": [*GOOD[:2], ["x", "A", "B"]]}, "line 4"),
    ("id repeated", {"rows": [*GOOD[:2], GOOD[0]]}, "line 4"),
    ("id empty", {"rows": [["", "A", "B", "", "", "", "", ""]]}, "line 2"),
    ("sex", {"rows": [["x", "A", "B", "woman?", "", "", "", ""]]}, "line 2"),
    (
        "encoding",
        {
            "rows": [
                *GOOD[7:8],
                ["y", "Ben", "Mema", "", "", "", "", ""],
                ["z", "Ana", "Kola", "", "", "", "", ""],
                ["x", "Shkëlqim", "Çela"] + [""] * 5,
            ],
            "encoding": "latin-1",
        },
        "line 5",
    ),
]


@pytest.mark.parametrize(("what", "kw", "line"), BAD, ids=[b[0] for b in BAD])
def test_a_malformed_file_is_refused_with_its_line_and_nothing_written(tmp_path, what, kw, line):
    rows = kw.pop("rows", GOOD)
    src = write(tmp_path / "p.csv", rows, **kw)
    out = tmp_path / "c.csv"
    with pytest.raises(CommandError, match=line) as e:
        call_command("dedup", input=str(src), output=str(out))
    assert "nothing written" in str(e.value)
    assert list(tmp_path.iterdir()) == [src]


def test_oversize_is_refused(tmp_path):
    src = write(tmp_path / "p.csv", GOOD)
    out = tmp_path / "c.csv"
    with pytest.raises(CommandError, match="over the limit"):
        call_command("dedup", input=str(src), output=str(out), max_bytes=100)
    with pytest.raises(CommandError, match="line 5: more than 3 records"):
        call_command("dedup", input=str(src), output=str(out), max_records=3)
    assert not out.exists()


def test_the_console_command_exits_non_zero_and_keeps_an_older_output(tmp_path):
    src = write(tmp_path / "p.csv", [["x", "A", "B", "", "1990-13-01", "", "", ""]])
    out = tmp_path / "c.csv"
    out.write_text("previous\n")
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "nrm", "dedup", "--input", str(src), "--output", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode != 0
    assert "line 2" in done.stderr and "date_of_birth" in done.stderr
    assert out.read_text() == "previous\n"
    done = subprocess.run(  # noqa: S603
        [
            sys.executable,
            "-m",
            "nrm",
            "dedup",
            "--input",
            str(write(src, GOOD)),
            "--output",
            str(out),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "read 9 records" in done.stderr  # progress on stderr
    assert len(read(out)) == len(GOOD)
