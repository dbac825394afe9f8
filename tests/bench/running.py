"""For the benchmarks: the real app under Xvfb with fake accounts, and its process tree as
/proc shows it (walked by the harness's `descendants` and `kind`)."""

import contextlib
import pathlib
import subprocess
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "e2e"))
from fakes import FakeMessenger, OtherSite  # noqa: E402
from harness import Desktop, as_users_run_it, binary, cli, descendants, free_port, kind  # noqa: E402, F401 (used by the benchmarks)


@contextlib.contextmanager
def fake_desktop():
    """(scratch folder, Xvfb desktop with its private bus, fake messenger server)."""
    tmp = pathlib.Path(tempfile.mkdtemp())
    desktop = Desktop(tmp)
    other = OtherSite()
    messenger = FakeMessenger(other.origin)
    try:
        yield tmp, desktop, messenger
    finally:
        messenger.close()
        other.close()
        desktop.close()


@contextlib.contextmanager
def launched(desktop, profile, ready, env=None):
    """The app on `profile`, as users run it, once `ready()` returns. `env`: variables to add to
    the desktop's."""
    app = subprocess.Popen([binary(), "--profile", str(profile)], env=as_users_run_it(desktop, env),
                           stderr=subprocess.DEVNULL)
    try:
        ready()
        yield app
    finally:
        app.terminate()
        app.wait(10)


def every_page_listening(messenger, names):
    """Waits until the fake page of each account named reports that it listens."""
    for name in names:
        messenger.reports.wait_for(lambda e, n=name: e["event"] == "listening" and e["account"] == n, 90)


@contextlib.contextmanager
def app_with(desktop, messenger, profile, names, page="/", env=None):
    """The app on a new profile with one fake account per name, once every page listens."""
    for name in names:
        cli(profile, "services", "add", "custom", "--url", messenger.url(name, page=page), "--label", name)
    messenger.reports.clear()
    with launched(desktop, profile, lambda: every_page_listening(messenger, names), env) as app:
        yield app


def kib(path, field):
    for line in pathlib.Path(path).read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def cpu_ticks(pid):
    """User + system CPU time of one process so far, in clock ticks."""
    fields = pathlib.Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])
