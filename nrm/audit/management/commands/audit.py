"""`nrm audit verify`: checks the hash chains of the access log and the change history."""

from django.core.management.base import BaseCommand, CommandError

from nrm.audit.verify import audit_verify


class Command(BaseCommand):
    help = "Audit trail: `nrm audit verify` checks its hash chains (exit 1 at a broken link)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args, action, **options):
        broken = False
        for result in audit_verify():
            if result.broken is None:
                self.stdout.write(f"{result.chain}: {result.rows} entries, chain intact")
            else:
                broken = True
                self.stderr.write(f"{result.chain}: first broken entry: {result.broken}")
        if broken:
            raise CommandError("the audit trail has been altered", returncode=1)
