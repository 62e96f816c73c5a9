"""`nrm backup --to FILE`: an encrypted archive of the database and the media files."""

import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from nrm.accounts.policy import system_actor as _system_actor
from nrm.accounts.services import system_user_ensure
from nrm.core.keys import MissingKey, load_backup_key
from nrm.site.backup import BackupError, backup_create


def backup_key() -> bytes:
    try:
        return load_backup_key(settings.DATA_DIR, production=settings.PRODUCTION)
    except MissingKey as exc:
        raise CommandError(str(exc)) from exc


def system_actor():
    system_user_ensure()
    return _system_actor()


class Command(BaseCommand):
    help = (
        "Writes an archive of the database and media, encrypted with NRM_BACKUP_KEY "
        "(consistent while nrm runs). Restore with `nrm restore --from FILE`."
    )

    def add_arguments(self, parser):
        parser.add_argument("--to", required=True, type=Path, help="archive to write (new file)")

    def handle(self, *args, to: Path, **options):
        key = backup_key()
        actor = system_actor()
        with tempfile.TemporaryDirectory(prefix="nrm-backup-") as work:
            try:
                manifest = backup_create(actor=actor, to=to, key=key, workdir=Path(work))
            except BackupError as exc:
                raise CommandError(str(exc)) from exc
        files = len(manifest["members"])
        self.stdout.write(
            f"{to}: {manifest['vendor']} database and {files - 1} media files, "
            f"{to.stat().st_size} bytes, encrypted"
        )
