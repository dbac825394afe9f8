"""End to end: an account's own proxy, with real proxies from Debian — microsocks (SOCKS5) and
tinyproxy (HTTP), each with a password and a log of where it connected. The account set up
through its "Proxy and browser" dialog goes through its proxy (names resolved there), the other
account never does; the Test button says in words whether the proxy answers; a wrong password
and a stopped proxy each show the offline page naming the proxy; the password is nowhere in the
profile; the browser name of the account's choosing reaches the site."""

import json
import subprocess
import time

import pytest

from accounts import add_fake, listening
from harness import App, cli, free_port, wait_until

USER, PASSWORD = "seller", "s3cret-пароль"
AGENT = "Mozilla/5.0 (X11; Linux x86_64) SellerDesk/1.0"


class Proxy:
    """A real proxy process on loopback, its log read as it grows."""

    def __init__(self, tmp_path, kind, password=None):
        self.kind, self.port, self.log = kind, free_port(), tmp_path / f"{kind}.log"
        self.tmp_path, self.password = tmp_path, password
        self.start()

    def start(self):
        if self.kind == "socks5":
            args = ["microsocks", "-i", "127.0.0.1", "-p", str(self.port), "-u", USER, "-P", PASSWORD]
        else:
            config = self.tmp_path / "tinyproxy.conf"
            sign_in = f"BasicAuth {USER} {self.password}\n" if self.password else ""
            config.write_text(f"Port {self.port}\nListen 127.0.0.1\nTimeout 60\nLogLevel Connect\nMaxClients 50\n{sign_in}")
            args = ["tinyproxy", "-d", "-c", str(config)]
        self.process = subprocess.Popen(args, stdout=self.log.open("a"), stderr=subprocess.STDOUT)
        wait_until(lambda: subprocess.run(["ss", "-ltn", f"sport = :{self.port}"], capture_output=True, text=True).stdout.count("LISTEN"),
                   5, f"{self.kind} listening")

    def stop(self):
        self.process.terminate()
        self.process.wait(5)

    def text(self):
        return self.log.read_text(errors="replace")


@pytest.fixture
def socks(tmp_path):
    proxy = Proxy(tmp_path, "socks5")
    yield proxy
    proxy.stop()


@pytest.fixture
def http_proxy(tmp_path):
    proxy = Proxy(tmp_path, "http")
    yield proxy
    proxy.stop()


# tinyproxy's configuration takes ASCII only (and Basic credentials have no agreed encoding).
HTTP_PASSWORD = "s3cret-http"


@pytest.fixture
def http_proxy_with_password(tmp_path):
    proxy = Proxy(tmp_path, "http", HTTP_PASSWORD)
    yield proxy
    proxy.stop()


def two_accounts(desktop, messenger, tmp_path):
    """Account PA at localhost (the one that gets a proxy), PB at 127.0.0.1 (none): the same fake
    server under two names, so a proxy's log tells them apart."""
    profile = tmp_path / "profile"
    # PA's page keeps a WebSocket too (ws=1).
    a = cli(profile, "services", "add", "custom", "--url", messenger.url("PA", host="localhost") + "&ws=1", "--label", "Fake PA").stdout.strip()
    add_fake(profile, messenger, "PB")
    messenger.reports.clear()
    app = App(desktop, profile)
    try:
        listening(messenger, "PA")
        listening(messenger, "PB")
    except BaseException:
        app.kill()  # never left running into the next test
        raise
    return profile, a, app


def network_dialog(app, account):
    app.ui_click(f'li.account[data-id="{account}"] .more')
    app.ui_click('#menu [data-action="network"]')
    try:
        wait_until(lambda: app.run_js("return !document.getElementById('network-dialog').hidden"), 5, "the dialog")
    except AssertionError:
        raise AssertionError(f"no dialog; the notice says: {app.notice()}") from None


def fill_proxy(app, kind, port, user="", password=""):
    app.run_js(f"const k = document.getElementById('network-kind'); k.value = '{kind}'; k.dispatchEvent(new Event('change'))")
    app.ui_type("#network-host", "127.0.0.1", clear=True)
    app.ui_type("#network-port", str(port), clear=True)
    app.ui_type("#network-user", user, clear=True)
    app.ui_type("#network-password", password, clear=True)


def proxy_test_answer(app):
    app.ui_click("#network-test")
    wait_until(lambda: app.run_js("return document.getElementById('network-tested').className"), 15, "the test's answer")
    return app.run_js("return document.getElementById('network-tested').textContent")


def refused_then_right(app, account, kind, port, password):
    """The dialog on `account`: its proxy with a wrong password, which the Test says is refused,
    then the right one typed in."""
    network_dialog(app, account)
    fill_proxy(app, kind, port, USER, "wrong")
    assert proxy_test_answer(app) == f"The proxy 127.0.0.1:{port} refused the user name or password."
    app.ui_type("#network-password", password, clear=True)


def trouble(app, label):
    """What the sidebar says of an account's page (its row's tooltip), once it says something."""
    return [row[2] for row in app.sidebar() if row[0] == label][0]


def test_an_account_goes_through_its_socks5_proxy_and_the_other_never_does(desktop, messenger, tmp_path, socks):
    profile, a, app = two_accounts(desktop, messenger, tmp_path)
    try:
        refused_then_right(app, a, "socks5", socks.port, PASSWORD)
        assert proxy_test_answer(app) == f"The proxy 127.0.0.1:{socks.port} answers and reaches localhost."
        time.sleep(0.3)
        desktop.screenshot("proxy.png")
        messenger.reports.clear()
        app.ui_click('#network-form button[type="submit"]')
        # Its page is made again, through the proxy, the name sent to the proxy to resolve; its
        # WebSocket too.
        listening(messenger, "PA")
        messenger.reports.wait_for(lambda e: e["event"] == "websocket" and e["account"] == "PA" and e["said"] == "echo:hello",
                                   what="PA's WebSocket through the proxy")
        wait_until(lambda: f"connected to localhost:{messenger.port}" in socks.text(), 10, "the proxy's log")
        assert f"127.0.0.1:{messenger.port}" not in socks.text(), "the other account never goes through it"
        messenger.command("PB", "title", text="(2) Fake")
        wait_until(lambda: [r for r in app.sidebar() if r[0] == "Fake PB"], 5, "PB still there")
        assert f"127.0.0.1:{messenger.port}" not in socks.text()

        # The password is in the keychain only: nowhere in the profile's files.
        settings = json.loads((profile / "settings.json").read_text())
        assert [acc.get("proxy") for acc in settings["accounts"] if acc["id"] == a] == [
            {"kind": "socks5", "host": "127.0.0.1", "port": socks.port, "user": USER}]
        leaks = [str(f) for f in profile.rglob("*") if f.is_file() and PASSWORD.encode() in f.read_bytes()]
        assert leaks == [], leaks

        # A wrong password: the page says the proxy refused it, naming the proxy.
        network_dialog(app, a)
        app.ui_type("#network-password", "not-it", clear=True)
        app.ui_click('#network-form button[type="submit"]')
        wait_until(lambda: "refused" in trouble(app, "Fake PA"), 20, "the proxy's refusal shown")
        assert f"The proxy 127.0.0.1:{socks.port} refused this account's user name or password" in trouble(app, "Fake PA")

        # The proxy stops: the account's page says it can't get through the proxy, not the site.
        network_dialog(app, a)
        app.ui_type("#network-password", PASSWORD, clear=True)
        app.ui_click('#network-form button[type="submit"]')
        listening(messenger, "PA")
        socks.stop()
        app.ui_click(f'li.account[data-id="{a}"]')
        app.key("ctrl+shift+r")
        wait_until(lambda: "proxy 127.0.0.1" in trouble(app, "Fake PA"), 20, "the offline page naming the proxy")
        assert f"goes through the proxy 127.0.0.1:{socks.port}, which does not answer" in trouble(app, "Fake PA")
        app.quit()
    finally:
        app.kill()


def test_an_http_proxy_and_a_browser_of_the_accounts_choosing(desktop, messenger, tmp_path, http_proxy):
    profile, a, app = two_accounts(desktop, messenger, tmp_path)
    try:
        network_dialog(app, a)
        fill_proxy(app, "http", http_proxy.port)
        assert proxy_test_answer(app) == f"The proxy 127.0.0.1:{http_proxy.port} answers and reaches localhost."
        app.ui_type("#network-agent", AGENT, clear=True)
        messenger.reports.clear()
        app.ui_click('#network-form button[type="submit"]')
        page = messenger.reports.wait_for(lambda e: e["event"] == "requested" and e["account"] == "PA", what="PA asked for again")
        assert page["agent"] == AGENT
        listening(messenger, "PA")
        assert f"GET http://localhost:{messenger.port}/?acct=PA" in http_proxy.text()
        assert f"POST http://localhost:{messenger.port}/report" in http_proxy.text(), "what the page sends goes through it too"
        # (Its plain ws:// WebSocket goes to an HTTP proxy as an absolute GET, which tinyproxy can't
        # relay; the messengers' wss:// ones go through CONNECT tunnels, as the Test's own does.
        # The SOCKS5 test checks a page's WebSocket end to end.)
        assert "acct=PB" not in http_proxy.text()
        # Back to none: the page is made again, straight to its site.
        network_dialog(app, a)
        app.run_js("const k = document.getElementById('network-kind'); k.value = ''; k.dispatchEvent(new Event('change'))")
        app.ui_type("#network-agent", "", clear=True)
        seen = len(http_proxy.text())
        messenger.reports.clear()
        app.ui_click('#network-form button[type="submit"]')
        page = messenger.reports.wait_for(lambda e: e["event"] == "requested" and e["account"] == "PA", what="PA asked for again")
        listening(messenger, "PA")
        assert "acct=PA" not in http_proxy.text()[seen:], "no proxy once it is removed"
        assert page["agent"] != AGENT
        app.quit()
    finally:
        app.kill()


def test_an_http_proxy_asks_for_its_password_and_gets_the_keychains(desktop, messenger, tmp_path, http_proxy_with_password):
    proxy = http_proxy_with_password
    profile, a, app = two_accounts(desktop, messenger, tmp_path)
    try:
        refused_then_right(app, a, "http", proxy.port, HTTP_PASSWORD)
        messenger.reports.clear()
        app.ui_click('#network-form button[type="submit"]')
        # WebKit asks when the proxy wants it; the page and its scripts come through. (A beacon —
        # navigator.sendBeacon — does not: WebKit's ping loads answer no proxy challenge.)
        messenger.reports.wait_for(lambda e: e["event"] == "requested" and e["account"] == "PA", what="PA through the proxy")
        wait_until(lambda: f"GET http://localhost:{messenger.port}/static/channel.js" in proxy.text(), 10, "its scripts too")

        # The saved password goes only to the proxy it was saved for: the same one under another
        # name is a proxy it was not given for, and the Test asks it with none.
        network_dialog(app, a)
        app.ui_type("#network-host", "localhost", clear=True)
        assert proxy_test_answer(app) == f"The proxy localhost:{proxy.port} refused the user name or password."
        app.key("Escape")

        # Another account with a user and no password: the proxy refuses (its 407), and the page
        # says so, naming the proxy.
        c = cli(profile, "services", "add", "custom", "--url", messenger.url("PC", host="localhost"), "--label", "Fake PC").stdout.strip()
        wait_until(lambda: [r for r in app.sidebar() if r[0] == "Fake PC"], 10, "PC in the sidebar")
        network_dialog(app, c)
        fill_proxy(app, "http", proxy.port, USER)
        app.ui_click('#network-form button[type="submit"]')
        wait_until(lambda: "refused" in trouble(app, "Fake PC"), 20, "the proxy's refusal shown")
        assert f"The proxy 127.0.0.1:{proxy.port} refused this account's user name or password" in trouble(app, "Fake PC")
        app.ui_click(f'li.account[data-id="{c}"]')
        time.sleep(0.5)
        desktop.screenshot("proxy-refused.png")
        assert "refused" not in trouble(app, "Fake PA")
        app.quit()
    finally:
        app.kill()
