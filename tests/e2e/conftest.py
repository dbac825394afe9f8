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
