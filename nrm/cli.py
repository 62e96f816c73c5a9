"""The `nrm` command line: Django's management commands, plus `--data-dir` for every one.

`--data-dir DIR` selects the embedded SQLite database in DIR (as `nrm demo --data-dir DIR`
made it); `--jurisdiction CC` the profile the instance serves (NRM_JURISDICTION; one
instance serves one jurisdiction). Both are read here, before Django starts, because
settings depend on them.
"""

import os
import sys

# Options read before Django starts → (environment variable, how the value is kept).
EARLY = {
    "--data-dir": ("NRM_DATA_DIR", os.path.abspath),
    "--jurisdiction": ("NRM_JURISDICTION", str.upper),
}


def _extract_early(argv: list[str]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(argv):
        arg = argv[i]
        name, eq, value = arg.partition("=")
        if name in EARLY and (eq or i + 1 < len(argv)):
            variable, keep = EARLY[name]
            os.environ[variable] = keep(value if eq else argv[i + 1])
            i += 1 if eq else 2
            continue
        out.append(arg)
        i += 1
    return out


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    named = any(a.split("=")[0] == "--jurisdiction" for a in argv)
    argv = _extract_early(argv)
    if len(argv) > 1 and argv[1] == "demo":
        # The demo is the embedded, self-contained mode: SQLite and demo users; a demo of
        # another jurisdiction than the default keeps its own data (var/demo-xk).
        os.environ.setdefault("NRM_MODE", "demo")
        folder = f"demo-{os.environ['NRM_JURISDICTION'].lower()}" if named else "demo"
        os.environ.setdefault("NRM_DATA_DIR", os.path.abspath(os.path.join("var", folder)))
        os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nrm.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["nrm", *argv[1:]])
