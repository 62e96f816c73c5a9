"""`nrm ctdc-extract --output file.csv [--k K]`: the CTDC-compatible anonymised extract,
with its report beside it (`file.report.json`: k achieved, generalised, suppressed, left out)."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from nrm.accounts.policy import system_actor
from nrm.accounts.services import system_user_ensure
from nrm.core.errors import DomainError
from nrm.exchange import services


class Command(BaseCommand):
    help = "Write the CTDC-compatible anonymised extract (k-anonymous) and its report."

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, help="The CSV file to write")
        parser.add_argument("--k", type=int, default=None, help="Default: the profile's")

    def handle(self, *args, output, k, **options):
        if k is not None and k < 2:
            raise CommandError("--k must be at least 2")
        system_user_ensure()
        actor = system_actor()  # the command acts as the named system user
        try:
            extract = services.ctdc_extract(actor=actor, k=k)
        except DomainError as exc:
            raise CommandError(exc.message) from None
        path = Path(output)
        path.write_text(extract.csv(), encoding="utf-8")
        report = path.with_suffix(".report.json")
        report.write_text(json.dumps(extract.report(), indent=2), encoding="utf-8")
        self.stdout.write(
            f"{len(extract.rows)} rows, k achieved {extract.k_achieved}, "
            f"{extract.suppressed} suppressed, {extract.generalised} generalised, "
            f"{extract.left_out_persons} persons left out (consent); report: {report}"
        )
