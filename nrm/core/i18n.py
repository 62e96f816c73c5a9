"""Translation catalogues: `python -m nrm.core.i18n compile|check|missing`.

compile: every nrm/locale/*/LC_MESSAGES/django.po → .mo (polib, no system gettext).
check:   the Albanian and Serbian (Latin) catalogues are complete — no empty or fuzzy entry —
         and a profile's own catalogues override only strings nrm has, translated.
missing: no marked string of the code or templates is absent from a complete catalogue. Runs
         Django's makemessages (GNU gettext) on a copy of the source, so the catalogue in the
         tree is never rewritten; without gettext on the machine it says so and passes (CI
         installs it).
"""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parent.parent / "locale"
COMPLETE = ("sq", "sr_Latn")


# A profile's own wording (docs/translation.md): catalogues beside a profile.yaml that
# override some of nrm's strings for that jurisdiction (settings.LOCALE_PATHS).
PROFILE_LOCALES = LOCALE.parent / "jurisdictions"


def profile_catalogues() -> list[Path]:
    return sorted(PROFILE_LOCALES.glob("*/*/locale/*/LC_MESSAGES/django.po"))


def catalogues() -> list[Path]:
    return sorted(LOCALE.glob("*/LC_MESSAGES/django.po")) + profile_catalogues()


def compile_all() -> int:
    for po_path in catalogues():
        polib.pofile(str(po_path)).save_as_mofile(str(po_path.with_suffix(".mo")))
    return 0


def check() -> int:
    problems = []
    for language in COMPLETE:
        path = LOCALE / language / "LC_MESSAGES" / "django.po"
        if not path.exists():
            problems.append(f"{path}: missing")
            continue
        po = polib.pofile(str(path))
        for entry in po:
            if entry.obsolete:
                continue
            if "fuzzy" in entry.flags or not entry.translated():
                problems.append(f"{path}:{entry.linenum}: untranslated {entry.msgid!r}")
    # A profile's override names only strings nrm has, each translated.
    known = {(e.msgctxt, e.msgid) for e in polib.pofile(str(LOCALE / "sq/LC_MESSAGES/django.po"))}
    for path in profile_catalogues():
        for entry in polib.pofile(str(path)):
            if entry.obsolete:
                continue
            if (entry.msgctxt, entry.msgid) not in known:
                problems.append(f"{path}:{entry.linenum}: not a string of nrm {entry.msgid!r}")
            elif "fuzzy" in entry.flags or not entry.translated():
                problems.append(f"{path}:{entry.linenum}: untranslated {entry.msgid!r}")
    for p in problems:
        print(p, file=sys.stderr)
    return 1 if problems else 0


def missing() -> int:
    if shutil.which("xgettext") is None:
        print("i18n missing: GNU gettext is not installed here; skipped (CI runs it)")
        return 0
    source = LOCALE.parent
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "nrm"
        shutil.copytree(source, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "nrm.settings"}
        env.setdefault("NRM_DATA_DIR", str(Path(tmp) / "data"))
        # -P: the copy's own directory is not put on sys.path, where its `statistics`
        # package (nrm.statistics) would hide the standard library's.
        command = [sys.executable, "-P", "-m", "django", "makemessages", "-l", "sq"]
        command += ["--no-obsolete", "-i", "migrations/*", "--no-location"]
        done = subprocess.run(command, cwd=copy, env=env, capture_output=True, text=True)  # noqa: S603  (our own interpreter and fixed arguments)
        if done.returncode:
            print(done.stderr, file=sys.stderr)
            return done.returncode
        extracted = polib.pofile(str(copy / "locale" / "sq" / "LC_MESSAGES" / "django.po"))
    absent = []
    for language in COMPLETE:
        path = LOCALE / language / "LC_MESSAGES" / "django.po"
        known = {(e.msgctxt, e.msgid) for e in polib.pofile(str(path))}
        for entry in extracted:
            if not entry.obsolete and (entry.msgctxt, entry.msgid) not in known:
                absent.append(entry.msgid)
                print(f"not in the {language} catalogue: {entry.msgid!r}", file=sys.stderr)
    return 1 if absent else 0


if __name__ == "__main__":
    action = sys.argv[1] if len(sys.argv) > 1 else "compile"
    sys.exit({"compile": compile_all, "check": check, "missing": missing}[action]())
