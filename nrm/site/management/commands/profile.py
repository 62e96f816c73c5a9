from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from nrm.deadlines.checks import problems_of
from nrm.jurisdictions.diff import profile_diff
from nrm.jurisdictions.registry import (
    ProfileError,
    discover,
    get_profile,
    load_profile,
    profile_registry,
    untranslated,
)
from nrm.jurisdictions.schema import Profile


def resolve(name: str) -> Profile:
    """A profile named by its jurisdiction code (the version in force), `CODE@version`, or the
    path of a profile.yaml."""
    if name.endswith((".yaml", ".yml")) or "/" in name:
        path = Path(name)
        if not path.is_file():
            raise CommandError(f"no profile file {name}")
        try:
            return load_profile(path)
        except ProfileError as exc:
            raise CommandError(f"{name} is not a valid profile:\n{exc}") from None
    code, _, version = name.partition("@")
    try:
        return get_profile(code.upper(), version or None)
    except KeyError:
        known = sorted(profile_registry())
        raise CommandError(
            f"unknown profile {name!r}; known: {', '.join(known)} (CODE, CODE@version or a file)"
        ) from None


class Command(BaseCommand):
    help = (
        "Jurisdiction profiles: `nrm profile check [FILE ...]` validates them; "
        "`nrm profile diff A B` shows what differs (A, B: CODE, CODE@version or FILE)."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["check", "list", "diff"])
        parser.add_argument(
            "files", nargs="*", help="check: profile.yaml files (default: all); diff: A B"
        )

    def handle(self, *args, action, files, **options):
        if action == "diff":
            return self.diff(files)
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
            promised = problems_of(profile, path) + untranslated(profile, path)
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

    def diff(self, names: list[str]) -> None:
        if len(names) != 2:
            raise CommandError("nrm profile diff A B: two profiles (CODE, CODE@version or FILE)")
        a, b = (resolve(name) for name in names)
        self.stdout.write(f"A: {a.key} {a.title.en}")
        self.stdout.write(f"B: {b.key} {b.title.en}")
        for section in profile_diff(a, b):
            self.stdout.write("")
            self.stdout.write(section.title)
            self.stdout.write("-" * len(section.title))
            for line in section.lines or ["(the same)"]:
                self.stdout.write(f"  {line}")
