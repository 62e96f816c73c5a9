"""Translation catalogues without system gettext: `python -m nrm.core.i18n compile|check`.

compile: every nrm/locale/*/LC_MESSAGES/django.po → .mo (polib).
check:   the Albanian catalogue is complete — no empty or fuzzy entry.
"""

import sys
from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parent.parent / "locale"
COMPLETE = ("sq",)


def catalogues() -> list[Path]:
    return sorted(LOCALE.glob("*/LC_MESSAGES/django.po"))


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
    for p in problems:
        print(p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    action = sys.argv[1] if len(sys.argv) > 1 else "compile"
    sys.exit({"compile": compile_all, "check": check}[action]())
