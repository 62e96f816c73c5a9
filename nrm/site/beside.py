"""The worker beside the demo's server: `nrm demo` starts `nrm worker` as a child process
before it serves and stops it when the server stops, so deadlines are scanned and queued
tasks run in the demo as they do in production (docs/notifications.md).

A child process rather than a thread: gunicorn forks its workers and takes over the
process's signals; the worker keeps its own (SIGTERM ends its loop after the cycle)."""

import os
import subprocess
import sys

STOP_SECONDS = 15


class WorkerBeside:
    """`with WorkerBeside(): serve()`: the worker runs while the block does. `popen` is
    the seam for tests (no process, no sleeps)."""

    def __init__(self, *, interval: float = 30.0, popen=subprocess.Popen):
        self.interval = interval
        self.popen = popen
        self.process = None

    def command(self) -> list[str]:
        # The same interpreter and environment: NRM_MODE and NRM_DATA_DIR pick the same
        # database as the server's (nrm.cli sets them before Django starts).
        return [sys.executable, "-m", "nrm", "worker", "--interval", str(self.interval)]

    def start(self):
        self.process = self.popen(self.command(), env=os.environ.copy())
        return self.process

    def stop(self) -> int | None:
        """Ends the worker: SIGTERM, and after STOP_SECONDS without exit, SIGKILL."""
        process, self.process = self.process, None
        if process is None:
            return None
        if process.poll() is None:
            process.terminate()
            try:
                return process.wait(timeout=STOP_SECONDS)
            except subprocess.TimeoutExpired:
                process.kill()
        return process.wait()

    def __enter__(self) -> "WorkerBeside":
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()
