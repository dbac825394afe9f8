import pytest

from fakes import FakeMessenger, OtherSite
from harness import Desktop


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


@pytest.fixture
def tray_host(desktop):
    """A desktop tray (StatusNotifier host) for the length of one test."""
    host = desktop.start_tray_host()
    yield host
    host.terminate()
    host.wait(5)
