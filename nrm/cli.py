"""The `nrm` command line: Django's management commands, plus `--data-dir` for every one.

`--data-dir DIR` selects the embedded SQLite database in DIR (as `nrm demo --data-dir DIR`
made it). It is read here, before Django starts, because settings depend on it.
"""

import os
import sys


def _extract_data_dir(argv: list[str]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--data-dir" and i + 1 < len(argv):
            os.environ["NRM_DATA_DIR"] = os.path.abspath(argv[i + 1])
            i += 2
            continue
        if arg.startswith("--data-dir="):
            os.environ["NRM_DATA_DIR"] = os.path.abspath(arg.split("=", 1)[1])
            i += 1
            continue
        out.append(arg)
        i += 1
    return out


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    argv = _extract_data_dir(argv)
    if len(argv) > 1 and argv[1] == "demo":
        # The demo is the embedded, self-contained mode: SQLite and demo users.
        os.environ.setdefault("NRM_MODE", "demo")
        os.environ.setdefault("NRM_DATA_DIR", os.path.abspath(os.path.join("var", "demo")))
        os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nrm.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["nrm", *argv[1:]])
