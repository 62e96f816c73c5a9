"""`nrm linkage scan [--threshold P]`: looks for person records of one person, as the
system user (the worker does the same each night); prints the counts, never a name."""

from django.core.management.base import BaseCommand, CommandError

from nrm.accounts.policy import system_actor
from nrm.accounts.services import system_user_ensure
from nrm.linkage.services import linkage_scan


class Command(BaseCommand):
    help = "Unique persons: `nrm linkage scan` stores the pairs of person records to review."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["scan"])
        parser.add_argument(
            "--threshold",
            type=float,
            default=None,
            help="match probability (default: the profile's linkage.review_threshold)",
        )

    def handle(self, *args, action, threshold=None, **options):
        if threshold is not None and not 0 < threshold < 1:
            raise CommandError("--threshold must be between 0 and 1")
        system_user_ensure()
        result = linkage_scan(actor=system_actor(), threshold=threshold)
        self.stdout.write(
            f"persons {result.persons}, pairs found {result.found}, new {result.new}, "
            f"reopened {result.reopened}, stale {result.stale}"
        )
