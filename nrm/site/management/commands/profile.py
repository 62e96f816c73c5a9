from django.core.management.base import BaseCommand, CommandError

from nrm.deadlines.checks import problems_of
from nrm.jurisdictions.registry import ProfileError, discover, load_profile


class Command(BaseCommand):
    help = "Jurisdiction profiles: `nrm profile check [FILE ...]` validates them."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["check", "list"])
        parser.add_argument("files", nargs="*", help="profile.yaml files (default: all)")

    def handle(self, *args, action, files, **options):
        from pathlib import Path

        paths = [Path(f) for f in files] or discover()
        failed = False
        for path in paths:
            try:
                profile = load_profile(path)
            except ProfileError as exc:
                failed = True
                for problem in exc.problems:
                    self.stderr.write(str(problem))
                continue
            # What the apps produce, checked once every app has said (nrm.E017).
            promised = problems_of(profile, path)
            if promised:
                failed = True
                for problem in promised:
                    self.stderr.write(str(problem))
                continue
            catalogues = ", ".join(
                f"{c.code} ({len(c.indicators())} indicators)" for c in profile.indicator_catalogues
            )
            self.stdout.write(f"{path}: {profile.key} ok — {catalogues or 'no catalogues'}")
        if failed:
            raise CommandError("profile check failed")
