"""`nrm keys generate | rotate | reindex`: new keys, and moving stored data onto them.

Rotation without downtime:
1. `nrm keys generate` → put the new key first in NRM_FIELD_KEYS (keep the old ones after
   it) and restart `nrm serve` and `nrm worker`: new writes use it, old rows still read.
2. `nrm keys rotate`: re-encrypts every value under the new key, in short batches, while
   nrm runs (a row changed meanwhile is read again, never overwritten).
3. `nrm keys rotate --check` exits 0 once nothing is left under an older key; only then
   drop the old key from NRM_FIELD_KEYS.
The blind index key (NRM_BLIND_INDEX_KEY) the same way, with `generate --kind index` and
`reindex` / `reindex --check` (the full-name index and the name tokens' indexes).
"""

from django.core.management.base import BaseCommand, CommandError

from nrm.accounts.policy import system_actor
from nrm.accounts.services import system_user_ensure
from nrm.core.keys import generate_key
from nrm.site import rotation


class Command(BaseCommand):
    help = (
        "Keys: `generate` prints a new key; `rotate` re-encrypts every encrypted field "
        "under the newest field key; `reindex` recomputes the name indexes (full name and "
        "tokens) under the newest index key; with --check, both only count (exit 1 if "
        "anything is left to do)."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["generate", "rotate", "reindex"])
        parser.add_argument(
            "--kind",
            choices=["field", "index", "backup"],
            default="field",
            help="generate: NRM_FIELD_KEYS (default), NRM_BLIND_INDEX_KEY or NRM_BACKUP_KEY",
        )
        parser.add_argument("--check", action="store_true", help="count only, change nothing")
        parser.add_argument("--batch", type=int, default=rotation.BATCH, help="rows per batch")

    def handle(self, *args, action: str, kind: str, check: bool, batch: int, **options):
        if action == "generate":
            self.stdout.write(generate_key(kind))
            return
        if batch < 1:
            raise CommandError("--batch must be at least 1")
        if action == "rotate":
            report = (
                rotation.fields_check()
                if check
                else rotation.fields_rotate(actor=_system_actor(), batch=batch)
            )
            self._report(report, check=check, what="values", key="field key")
        else:
            report = rotation.indexes_rebuild(
                actor=None if check else _system_actor(), batch=batch, write=not check
            )
            self._report(report, check=check, what="index entries", key="index key")

    def _report(self, report: rotation.Report, *, check: bool, what: str, key: str) -> None:
        for label, tally in report.per_model.items():
            line = f"{label}: {tally.values} {what}, {tally.current} under the newest {key}"
            if not check:
                line += (
                    f", {tally.rotated} re-encrypted"
                    if what == "values"
                    else (f", {tally.rotated} re-indexed")
                )
                if tally.conflicts:
                    line += f", {tally.conflicts} changed meanwhile and read again"
            if tally.skipped:
                line += f", {tally.skipped} skipped (changing): run again"
            if tally.unreadable:
                line += f", {tally.unreadable} UNREADABLE with the configured keys"
            self.stdout.write(line)
        total = report.total
        if check:
            self.stdout.write(f"{total.stale} of {total.values} {what} not under the newest {key}")
            if total.stale:
                raise CommandError(f"{total.stale} {what} not under the newest {key}", returncode=1)
            return
        self.stdout.write(
            f"done: {total.rotated} of {total.values} {what} moved to the newest {key}"
        )
        if total.skipped or total.unreadable:
            raise CommandError(
                f"{total.skipped} skipped, {total.unreadable} unreadable: not finished",
                returncode=1,
            )


def _system_actor():
    system_user_ensure()
    return system_actor()
