from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from nrm.site.beside import WorkerBeside
from nrm.site.demo import DEMO_PASSWORD, demo_users

PROGRESS_STEP = 20


class Command(BaseCommand):
    help = "Embedded demo: SQLite in the data dir, demo institutions, users and cases, served."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--no-serve", action="store_true")
        parser.add_argument("--cases", type=int, default=300)
        parser.add_argument(
            "--no-worker", action="store_true", help="serve without the worker beside it"
        )

    def handle(self, *args, port: int, no_serve: bool, cases: int, no_worker: bool, **options):
        if not settings.DEMO_MODE:
            raise CommandError("nrm demo runs only in demo mode (NRM_MODE=demo)")
        call_command("check", fail_level="ERROR")
        call_command("migrate", interactive=False, verbosity=0)
        from nrm.registry.models import Case
        from nrm.site.demo import demo_cases_create, demo_users_ensure, reference_data_ensure

        institutions = reference_data_ensure()
        demo_users_ensure(institutions)
        if not Case.objects.exists():
            self.stdout.write(f"Creating {cases} invented cases…")
            demo_cases_create(count=cases, progress=self.progress)
        total = Case.objects.count()
        url = f"http://127.0.0.1:{port}/"
        self.stdout.write("")
        self.stdout.write(f"nrm demo — data in {settings.DATA_DIR} ({total} cases)")
        self.stdout.write(f"Open {url}")
        self.stdout.write(f"Demo logins (password: {DEMO_PASSWORD}):")
        for username, code, role in demo_users():
            self.stdout.write(f"  {username:<22} {code} ({role})")
        self.stdout.write(f"  {'admin':<16} superuser (/admin/)")
        if no_serve:
            return
        call_command("collectstatic", interactive=False, verbosity=0)
        from nrm.site.management.commands.serve import run_gunicorn

        if no_worker:
            self.stdout.flush()
            run_gunicorn(bind=f"127.0.0.1:{port}", workers=2)
            return
        # The worker beside the server: deadlines and queued tasks as in production; it
        # stops when the server does (Ctrl-C, SIGTERM, or the server failing).
        with WorkerBeside() as beside:
            self.stdout.write(f"Worker running beside the server (process {beside.process.pid})")
            self.stdout.flush()
            run_gunicorn(bind=f"127.0.0.1:{port}", workers=2)

    def progress(self, done: int, total: int) -> None:
        """A line every PROGRESS_STEP cases and at the end: the demo is never silent."""
        if done % PROGRESS_STEP == 0 or done == total:
            self.stdout.write(f"  cases {done}/{total}")
            self.stdout.flush()
