import os
import random
import subprocess

import pytest

from fakes import FakeMessenger, OtherSite
from harness import Desktop, binary


def pytest_collection_modifyitems(items):
    """SWITCHBOARD_SHUFFLE=SEED runs the tests in an order drawn from SEED, across and within
    files: each must pass whatever ran before it."""
    seed = os.environ.get("SWITCHBOARD_SHUFFLE")
    if seed:
        random.Random(seed).shuffle(items)


def pytest_report_header():
    seed = os.environ.get("SWITCHBOARD_SHUFFLE")
    return f"shuffled with SWITCHBOARD_SHUFFLE={seed}" if seed else None


@pytest.fixture(scope="session")
def desktop(tmp_path_factory):
    d = Desktop(tmp_path_factory.mktemp("desktop"))
    yield d
    d.close()


@pytest.fixture(scope="session")
def other_site():
    s = OtherSite()
    yield s
    s.close()


@pytest.fixture(scope="session")
def messenger(other_site):
    m = FakeMessenger(other_site.origin)
    yield m
    m.close()


@pytest.fixture(autouse=True)
def the_app_did_not_panic(request):
    """Whatever a test checks, a panic in the app it ran (even while quitting) fails it."""
    if "desktop" not in request.fixturenames:
        yield
        return
    logs = request.getfixturevalue("desktop").tmp / "logs"
    before = set(logs.glob("*.log"))
    yield
    # An app a failed test left running (its own tray icon, shortcut and windows) would fail the
    # tests after it: whatever this test started is gone before the next.
    # (Only this run's: its profiles are all under this session's own temporary folder.)
    session_tmp = request.config._tmp_path_factory.getbasetemp()
    subprocess.run(["pkill", "-KILL", "-f", f"{binary()} --profile {session_tmp}/"], check=False)
    for log in sorted(set(logs.glob("*.log")) - before):
        text = log.read_text(errors="replace")
        if "panicked at" in text:
            at = text.index("panicked at")
            pytest.fail(f"the app panicked ({log}):\n{text[max(0, at - 100):at + 2000]}")


@pytest.fixture
def tray_host(desktop):
    """A desktop tray (StatusNotifier host) for the length of one test."""
    host = desktop.start_tray_host()
    yield host
    host.terminate()
    host.wait(5)
