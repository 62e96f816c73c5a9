"""`nrm actionplan import --file FILE [--plan CODE] [--title TEXT]`: imports an action plan
in the format of domain/004_action_plan.json; idempotent (api-contract.md). Lists the
institution names it could not match, for the Secretariat to map (`/action-plans/<id>/`).
`nrm actionplan map --name NAME --institution CODE` maps one of them."""

import re
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from nrm.accounts.models import Institution
from nrm.accounts.policy import system_actor
from nrm.accounts.services import system_user_ensure
from nrm.actionplan import services
from nrm.core.errors import DomainError


def default_code(path: Path) -> str:
    return re.sub(r"[^a-z0-9-]+", "-", path.stem.lower()).strip("-")[:64] or "plan"


class Command(BaseCommand):
    help = "Imports action plans (idempotent) and maps their institution names."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="import or update a plan from a JSON file")
        imp.add_argument("--file", required=True, type=Path)
        imp.add_argument("--plan", default="", help="the plan's code (default: the file's name)")
        imp.add_argument("--title", default="")
        mapping = sub.add_parser("map", help="map a name of the plans to an institution")
        mapping.add_argument("--name", required=True)
        mapping.add_argument("--institution", required=True, help="the institution's code")

    def handle(self, *args, action: str, **options):
        system_user_ensure()
        actor = system_actor()
        try:
            if action == "import":
                self._import(actor, options["file"], options["plan"], options["title"])
            else:
                institution = Institution.objects.filter(code=options["institution"]).first()
                if institution is None:
                    raise CommandError(f"no institution {options['institution']!r}")
                services.alias_map(actor=actor, name=options["name"], institution_id=institution.pk)
                self.stdout.write(f"mapped {options['name']!r} to {institution.code}")
        except DomainError as exc:
            raise CommandError(exc.summary()) from None

    def _import(self, actor, path: Path, code: str, title: str) -> None:
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read {path}: {exc.strerror}") from None
        result = services.plan_import(
            actor=actor, raw=raw, code=code or default_code(path), title=title
        )
        plan = result.plan
        self.stdout.write(
            f"plan {plan.code}: {plan.activities.count()} activities under "
            f"{plan.objectives.exclude(parent=None).count()} specific objectives; "
            f"{result.created} created, {result.updated} updated, {result.unchanged} unchanged"
        )
        if result.unmapped:
            self.stdout.write(
                "institutions to map (nrm actionplan map --name NAME --institution CODE): "
                + "; ".join(result.unmapped)
            )
