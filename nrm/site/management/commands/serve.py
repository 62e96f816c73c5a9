import os

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


def run_gunicorn(*, bind: str, workers: int, threads: int = 4) -> None:
    """Serves nrm.wsgi with gunicorn in this process (replaces it)."""
    from gunicorn.app.wsgiapp import run

    os.environ["DJANGO_SETTINGS_MODULE"] = "nrm.settings"
    argv = [
        "gunicorn",
        "nrm.wsgi:application",
        "--bind",
        bind,
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--access-logfile",
        "-",
        # The path without its query string and no Referer: a query or a referring page's
        # address may carry a searched name (docs/security.md, second review, finding 5).
        "--access-logformat",
        ACCESS_LOG_FORMAT,
        "--forwarded-allow-ips",
        os.environ.get("NRM_FORWARDED_ALLOW_IPS", "127.0.0.1"),
    ]
    import sys

    sys.argv = argv
    run()


ACCESS_LOG_FORMAT = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(L)s'


class Command(BaseCommand):
    help = "Runs the production web server (gunicorn) on DATABASE_URL."

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=os.environ.get("NRM_BIND", "127.0.0.1:8000"))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("NRM_WORKERS", "2")))
        parser.add_argument("--no-migrate", action="store_true")

    def handle(self, *args, bind, workers, no_migrate, **options):
        call_command("check", fail_level="ERROR")
        if not no_migrate:
            call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write(f"nrm serving on http://{bind} ({settings.MODE} mode)")
        run_gunicorn(bind=bind, workers=workers)
