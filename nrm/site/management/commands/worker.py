import logging
import signal
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections

from nrm.core.jobs import periodic_list

log = logging.getLogger("nrm.worker")


class Command(BaseCommand):
    help = "Background work: periodic jobs (deadline scan, clean-up) and queued tasks."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="one cycle, then exit 0")
        parser.add_argument("--interval", type=float, default=30.0, help="seconds between cycles")

    def handle(self, *args, once: bool, interval: float, **options):
        call_command("check", fail_level="ERROR")
        self.running = True

        def stop(signum, frame):
            self.running = False

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        while self.running:
            self.cycle()
            if once:
                break
            slept = 0.0
            while self.running and slept < interval:
                time.sleep(0.5)
                slept += 0.5

    def cycle(self) -> None:
        close_old_connections()
        for name, job in periodic_list():
            try:
                done = job()
            except Exception:  # one failing job must not stop the others
                log.exception("job %s failed", name)
                continue
            log.info("job %s: %s", name, done)
            self.stdout.write(f"{name}: {done}")
        self.run_queued_tasks()

    def run_queued_tasks(self) -> None:
        from django_tasks_db.management.commands.db_worker import Worker

        Worker(
            queue_names=["*"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id="nrm-worker",
            excluded_queue_names=[],
        ).run()
