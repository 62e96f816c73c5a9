"""The real command line on a file-backed data directory: `python -m nrm … --data-dir DIR`
in a subprocess, outside the test's in-memory database.

    run(data_dir, "backup", "--to", str(archive))
    populate(data_dir, people)      # migrations, demo institutions and users, one case each
    people_read(data_dir)           # what the app reads back, decrypted
"""

import json
import os
import subprocess
import sys
from pathlib import Path

# Settings that would point the subprocess somewhere else than its data directory.
_INHERITED = (
    "DATABASE_URL",
    "NRM_MODE",
    "NRM_SECRET_KEY",
    "NRM_FIELD_KEYS",
    "NRM_BLIND_INDEX_KEY",
    "NRM_BACKUP_KEY",
    "NRM_MEDIA_ROOT",
    "NRM_DEBUG",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
)
MARK = "RESULT:"


def run(
    data_dir: Path | None, *args: str, env: dict | None = None, check: bool = True
) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in _INHERITED}
    environment.update({"NRM_MODE": "development", "NRM_LOG_LEVEL": "WARNING", **(env or {})})
    command = [sys.executable, "-m", "nrm", *args]
    if data_dir is not None:
        command += ["--data-dir", str(data_dir)]
    result = subprocess.run(  # noqa: S603 — our own command line
        command, env=environment, capture_output=True, text=True, timeout=300, check=False
    )
    if check:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


def shell(data_dir: Path | None, code: str, env: dict | None = None):
    """Runs `code` in `nrm shell`; returns what it printed with `out(value)` (JSON)."""
    prelude = f"import json\ndef out(value): print({MARK!r} + json.dumps(value))\n"
    result = run(data_dir, "shell", "--no-imports", "-c", prelude + code, env=env)
    lines = [line for line in result.stdout.splitlines() if line.startswith(MARK)]
    return json.loads(lines[-1][len(MARK) :]) if lines else None


CREATE = """
from django.conf import settings
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only
from nrm.accounts.models import User
from nrm.accounts.policy import actor_for
from nrm.site.demo import demo_users_ensure, reference_data_ensure
from nrm.registry.rules import PersonInput
from nrm.registry.services import case_create
if not User.objects.filter(username="police.tirana").exists():
    demo_users_ensure(reference_data_ensure())
actor = actor_for(User.objects.get(username="police.tirana"))
out([
    case_create(
        actor=actor,
        person=PersonInput(**p, sex="female", citizenship="AL", estimated_age=30),
    ).reference
    for p in json.loads(PEOPLE)
])
"""

READ = """
from nrm.registry.models import Person
out([
    {k: getattr(p, k) for k in ("given_name", "family_name", "phone", "email", "address")}
    for p in Person.objects.order_by("pk")
])
"""


def populate(data_dir: Path, people: list[dict], *, migrate: bool = True, env=None) -> list[str]:
    """Cases opened through `case_create` for `people`; returns their references."""
    if migrate:
        run(data_dir, "migrate", "--verbosity", "0", env=env)
    return shell(data_dir, f"PEOPLE = {json.dumps(people)!r}\n{CREATE}", env=env)


def people_read(data_dir: Path | None, env: dict | None = None) -> list[dict]:
    return shell(data_dir, READ, env=env)


def references_read(data_dir: Path | None, env: dict | None = None) -> list[str]:
    code = "from nrm.registry.models import Case\n"
    code += "out(sorted(Case.objects.values_list('reference', flat=True)))"
    return shell(data_dir, code, env=env)
