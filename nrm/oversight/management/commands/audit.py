"""Each action first seals the reads not yet linked into the access chain (as the worker does).
`nrm audit verify [--anchors FILE]`: checks the hash chains of the access log and the change
history (and that every anchored row still has its anchored hash).
`nrm audit anchor [--to FILE]`: appends the chains' heads to FILE (JSON lines), to be kept
outside the database.
`nrm audit export --case REFERENCE [--to FILE] [--format csv|json] [--full]`: one case's
audit trail for an inspector, as the system user; the export is itself audited."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder

from nrm.accounts.policy import system_actor
from nrm.audit.services import access_log_seal
from nrm.audit.verify import anchors_verify, audit_verify, chain_anchors
from nrm.oversight import export
from nrm.registry.models import Case


class Command(BaseCommand):
    help = (
        "Audit trail: `nrm audit verify` checks its hash chains (exit 1 at a broken link); "
        "`nrm audit export --case REFERENCE [--to FILE]` writes one case's trail for an "
        "inspector (exit 1 when its links are broken)."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify", "export", "anchor"])
        parser.add_argument("--case", help="export: the case reference, e.g. AL-2026-000123")
        parser.add_argument("--to", help="export: the file to write (default: standard output)")
        parser.add_argument("--format", choices=["csv", "json"], default=None)
        parser.add_argument(
            "--full", action="store_true", help="export: also verify the whole chains"
        )
        parser.add_argument(
            "--anchors",
            help="verify: a file of anchors written by `nrm audit anchor` (JSON lines)",
        )

    def handle(self, *args, action, **options):
        # Reads waiting for the worker join the chain first, so it is checked up to now.
        access_log_seal()
        if action == "export":
            return self._export(**options)
        if action == "anchor":
            return self._anchor(**options)
        intact = self._verify()
        if options.get("anchors"):
            intact = self._verify_anchors(options["anchors"]) and intact
        if not intact:
            raise CommandError("the audit trail has been altered", returncode=1)

    def _anchor(self, *, to, **options):
        lines = [json.dumps(a, sort_keys=True) for a in chain_anchors()]
        if to:
            with Path(to).open("a", encoding="utf-8") as f:
                f.writelines(line + "\n" for line in lines)
        for line in lines:
            self.stdout.write(line)

    def _verify_anchors(self, path: str) -> bool:
        try:
            text = Path(path).read_text(encoding="utf-8")
            anchors = [json.loads(line) for line in text.splitlines() if line.strip()]
        except (OSError, ValueError) as exc:
            raise CommandError(f"cannot read the anchors in {path}: {exc}") from exc
        problems = anchors_verify(anchors)
        for problem in problems:
            self.stderr.write(f"anchor: {problem}")
        if not problems:
            self.stdout.write(f"anchors: {len(anchors)} anchored rows unchanged")
        return not problems

    def _verify(self, out=None) -> bool:
        intact = True
        for result in audit_verify():
            if result.broken is None:
                (out or self.stdout).write(f"{result.chain}: {result.rows} entries, chain intact")
            else:
                intact = False
                self.stderr.write(f"{result.chain}: first broken entry: {result.broken}")
        return intact

    def _export(self, *, case, to, format, full, **options):
        if not case:
            raise CommandError("name the case: --case REFERENCE")
        found = Case.objects.filter(reference=case.strip().upper()).values_list("pk", flat=True)
        if not found:
            raise CommandError(f"no case {case!r}")
        fmt = format or ("json" if to and to.endswith(".json") else "csv")
        trail = export.audit_trail_export(actor=system_actor(), case_id=found[0], format=fmt)
        if fmt == "json":
            text = json.dumps(
                export.trail_dict(trail), cls=DjangoJSONEncoder, ensure_ascii=False, indent=1
            )
        else:
            text = export.trail_csv(trail)
        if to:
            Path(to).write_text(text, encoding="utf-8")
            self.stdout.write(f"{trail.reference}: {len(trail.rows)} entries written to {to}")
        else:
            self.stdout.write(text, ending="")
        intact = trail.intact
        for result in trail.verification:
            if result.broken is not None:
                self.stderr.write(f"{result.chain}: broken entry of the case: {result.broken}")
        if full:
            intact = self._verify(out=self.stderr if not to else None) and intact
        if not intact:
            raise CommandError("the audit trail has been altered", returncode=1)
