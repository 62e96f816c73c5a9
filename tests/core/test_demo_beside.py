"""`nrm demo` runs the worker beside the server and stops it with the server (issue 13);
the demo tells its progress while it makes its cases. No process is started, no sleep:
the process and the server are stand-ins."""

import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import call_command

from nrm.site.beside import WorkerBeside


class FakeProcess:
    """A child process that exits on terminate(), or never (`stubborn`)."""

    pid = 4242

    def __init__(self, *, stubborn=False):
        self.stubborn = stubborn
        self.returncode = None
        self.calls = []

    def poll(self):
        return self.returncode

    def terminate(self):
        self.calls.append("terminate")
        if not self.stubborn:
            self.returncode = -15

    def kill(self):
        self.calls.append("kill")
        self.returncode = -9

    def wait(self, timeout=None):
        self.calls.append(("wait", timeout))
        if self.returncode is None:
            raise subprocess.TimeoutExpired("nrm worker", timeout)
        return self.returncode


class FakePopen:
    def __init__(self, process):
        self.process = process
        self.started = []

    def __call__(self, argv, env=None):
        self.started.append((argv, env))
        return self.process


def test_the_worker_is_started_as_nrm_worker_and_stopped_with_sigterm(monkeypatch):
    monkeypatch.setenv("NRM_DATA_DIR", "/tmp/demo-here")
    process = FakeProcess()
    popen = FakePopen(process)
    with WorkerBeside(popen=popen, interval=30) as beside:
        assert beside.process is process
        assert process.calls == []  # running while the block runs
    argv, env = popen.started[0]
    assert argv == [sys.executable, "-m", "nrm", "worker", "--interval", "30"]
    assert env["NRM_DATA_DIR"] == "/tmp/demo-here"  # the server's database
    assert process.calls[0] == "terminate"
    assert "kill" not in process.calls


def test_a_worker_that_does_not_stop_is_killed():
    process = FakeProcess(stubborn=True)
    beside = WorkerBeside(popen=FakePopen(process))
    beside.start()
    assert beside.stop() == -9
    assert process.calls[:3] == ["terminate", ("wait", 15), "kill"]
    assert beside.stop() is None  # stopping twice is harmless


def test_the_worker_stops_when_the_server_fails():
    process = FakeProcess()
    with pytest.raises(RuntimeError), WorkerBeside(popen=FakePopen(process)):
        raise RuntimeError("the server could not bind")
    assert process.returncode == -15


def test_a_worker_already_gone_is_not_signalled():
    process = FakeProcess()
    process.returncode = 1
    beside = WorkerBeside(popen=FakePopen(process))
    beside.start()
    assert beside.stop() == 1
    assert "terminate" not in process.calls


@pytest.fixture
def served(monkeypatch, settings):
    """`nrm demo` with stand-ins for gunicorn and the worker's process."""
    from nrm.site import beside as beside_module
    from nrm.site.management.commands import serve

    settings.DEMO_MODE = True
    seen = {"process": FakeProcess(), "served": []}

    def fake_gunicorn(*, bind, workers, threads=4):
        # The worker is running while the server serves.
        seen["served"].append((bind, seen["process"].poll()))

    monkeypatch.setattr(serve, "run_gunicorn", fake_gunicorn)
    popen = FakePopen(seen["process"])
    monkeypatch.setattr(
        beside_module.WorkerBeside,
        "__init__",
        lambda self, interval=30.0, popen=popen: (
            setattr(self, "interval", interval)
            or setattr(self, "popen", popen)
            or setattr(self, "process", None)
        ),
    )
    monkeypatch.setattr(
        "django.contrib.staticfiles.management.commands.collectstatic.Command.handle", _quiet
    )
    monkeypatch.setattr("nrm.site.demo.demo_cases_create", _three_cases)
    seen["popen"] = popen
    return seen


def _quiet(*args, **kwargs):
    return ""


def _three_cases(*, count, progress=None):
    """The demo's cases without making them (the real walk is tests/core/test_cli.py's)."""
    for done in range(1, 4):
        progress(done, 3)
    return 3


@pytest.mark.django_db
def test_nrm_demo_serves_with_the_worker_beside_and_stops_it(served, reference):
    out = StringIO()
    call_command("demo", cases=0, port=8123, stdout=out)
    assert served["served"] == [("127.0.0.1:8123", None)]  # served while the worker ran
    assert len(served["popen"].started) == 1
    assert served["process"].calls[0] == "terminate"  # stopped with the server
    assert "Worker running beside the server (process 4242)" in out.getvalue()
    assert "cases 3/3" in out.getvalue()  # the progress of the (stand-in) cases


@pytest.mark.django_db
def test_nrm_demo_no_worker_serves_alone(served, reference):
    call_command("demo", cases=0, port=8124, no_worker=True, stdout=StringIO())
    assert served["served"] == [("127.0.0.1:8124", None)]
    assert served["popen"].started == []


def test_the_demo_tells_its_progress_while_it_makes_cases():
    from nrm.site.management.commands.demo import Command

    out = StringIO()
    command = Command(stdout=out)
    for done in range(1, 51):
        command.progress(done, 50)
    assert out.getvalue().split() == [
        "cases", "20/50", "cases", "40/50", "cases", "50/50",
    ]  # fmt: skip


@pytest.mark.django_db
def test_every_page_links_the_favicon_a_static_file(client, reference):
    from django.contrib.staticfiles import finders

    page = client.get("/login/").content.decode()
    assert 'rel="icon" href="/static/nrm/favicon.svg"' in page
    assert 'rel="icon" href="/static/nrm/favicon.png"' in page
    assert finders.find("nrm/favicon.svg") and finders.find("nrm/favicon.png")
