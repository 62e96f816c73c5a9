"""`nrm restore --from FILE [--yes]`: replaces the database (and media) with a backup."""

import sys
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from nrm.core.sealed import SealError
from nrm.site.backup import BackupError, archive_unpack, backup_apply, restore_record
from nrm.site.management.commands.backup import backup_key, system_actor


class Command(BaseCommand):
    help = (
        "Restores an archive of `nrm backup`: checks all of it first (key, integrity, "
        "database kind, keys), then REPLACES the database and the media files."
    )

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="source", required=True, type=Path)
        parser.add_argument("--yes", action="store_true", help="do not ask before replacing")

    def handle(self, *args, source: Path, yes: bool, **options):
        if not source.is_file():
            raise CommandError(f"{source} is not a file")
        key = backup_key()
        with tempfile.TemporaryDirectory(prefix="nrm-restore-") as work:
            try:
                manifest = archive_unpack(source, key=key, into=Path(work))
            except (SealError, BackupError) as exc:
                raise CommandError(f"restore refused, nothing changed: {exc}") from exc
            target = connection.settings_dict["NAME"]
            self.stdout.write(
                f"{source}: {manifest['vendor']} database of {manifest['created_at']} "
                f"(nrm {manifest['nrm_version']}, profile {manifest['profile']}), checked"
            )
            if not yes:
                self._confirm(target)
            try:
                backup_apply(manifest=manifest, unpacked=Path(work))
            except BackupError as exc:
                raise CommandError(f"restore failed: {exc}") from exc
        restore_record(actor=system_actor(), manifest=manifest)
        self.stdout.write(f"restored into {target}; run `nrm migrate` if nrm is newer")

    def _confirm(self, target) -> None:
        if not sys.stdin.isatty():
            raise CommandError("restore replaces the database: pass --yes to confirm")
        answer = input(f"Replace the database {target} and the media files? Type yes: ")
        if answer.strip().lower() != "yes":
            raise CommandError("restore cancelled, nothing changed")
