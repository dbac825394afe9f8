"""The real app under Xvfb, driven the way a user drives it.

- Desktop: a private X server (Xvfb), a private D-Bus session with a test notification server
  and an unlocked gnome-keyring on it, and a default browser that only records what it was
  asked to open.
- App: the real binary on a temp profile, started through WebKitWebDriver so the shell's own UI
  can be read; keys and clicks go through X (xdotool), like a user's."""

import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "tests" / "output"


# A session bus that starts no service by itself (shared with the keychain test in src-tauri/tests).
BUS_CONFIG = ROOT / "tests" / "fixtures" / "session-bus.conf"


def binary():
    target = os.environ.get("CARGO_TARGET_DIR") or str(ROOT / "target")
    path = Path(os.environ.get("SWITCHBOARD_BIN") or Path(target) / "debug" / "switchboard")
    assert path.exists(), f"{path} is missing: run `cargo build` first (make test does)"
    return str(path)


def connections_traced(log):
    """A program that runs the app with every connection it and its web processes make written to
    `log` (strace, stopping only at connect calls): what leaves the app, whatever the code path."""
    wrapper = Path(log).with_suffix(".sh")
    wrapper.write_text(f"#!/bin/sh\nexec strace --seccomp-bpf -f -qq -e trace=connect -o '{log}' -- '{binary()}' \"$@\"\n")
    wrapper.chmod(0o755)
    return str(wrapper)


def inet_connections(log):
    """(address, port) of every IPv4 and IPv6 connection in a `connections_traced` log."""
    text = Path(log).read_text() if Path(log).exists() else ""
    return [(m[1] or m[2], int(m[0])) for m in re.findall(
        r'sin6?_port=htons\((\d+)\).*?(?:inet_addr\("([^"]+)"\)|inet_pton\(AF_INET6, "([^"]+)")', text)]


def listening_ports(pid):
    """The TCP ports process `pid` listens on (its sockets matched against /proc/net/tcp*)."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[len("socket:["):-1])
    ports = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if fields[3] == "0A" and fields[9] in inodes:  # LISTEN
                ports.add(int(fields[1].rsplit(":", 1)[1], 16))
    return ports


def free_port():
    """A port free now, for a server started later. Taken below the kernel's range of ports for
    outgoing connections (/proc/sys/net/ipv4/ip_local_port_range), so no page's connection can
    take it in between; random, so two picks in a row differ."""
    low = int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    while True:
        port = random.randrange(10000, low)
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port


def wait_until(predicate, timeout=20.0, what="condition", step=0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    raise AssertionError(f"timed out waiting for {what}")


class Desktop:
    def __init__(self, tmp: Path):
        self.tmp = tmp
        self.procs = []
        read_fd, write_fd = os.pipe()
        xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1400x900x24", "-nolisten", "tcp"],
                                pass_fds=(write_fd,), stderr=subprocess.DEVNULL)
        os.close(write_fd)
        with os.fdopen(read_fd) as f:
            self.display = ":" + f.readline().strip()
        self.procs.append(xvfb)
        # A stopped keyring must stay stopped: the bus starts nothing by itself.
        dbus = subprocess.Popen(["dbus-daemon", "--nofork", "--print-address=1", "--config-file", str(BUS_CONFIG)],
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        self.bus = dbus.stdout.readline().strip()
        self.procs.append(dbus)
        # A notification server on that bus that records every Notify call (python3-dbusmock).
        env = dict(os.environ, DBUS_SESSION_BUS_ADDRESS=self.bus)
        self.procs.append(subprocess.Popen(
            ["/usr/bin/python3", "-m", "dbusmock", "--session", "--template", "notification_daemon"],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        wait_until(self._notification_server_up, 10, "the test notification server")
        self.keyring = None
        self.start_keyring()
        self.browser_log = tmp / "browser.log"
        self.env = self._environment()

    def _has_owner(self, name):
        import dbus
        return dbus.bus.BusConnection(self.bus).name_has_owner(name)

    def start_keyring(self):
        """gnome-keyring's Secret Service on the private bus, its login keyring unlocked (the
        password on stdin, as a desktop's login does)."""
        home = self.tmp / "keyring"
        home.mkdir(exist_ok=True)
        env = dict(os.environ, HOME=str(home), XDG_DATA_HOME=str(home / "data"), XDG_RUNTIME_DIR=str(home),
                   DBUS_SESSION_BUS_ADDRESS=self.bus)
        self.keyring = subprocess.Popen(["gnome-keyring-daemon", "--foreground", "--components=secrets", "--unlock"],
                                        env=env, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL)
        self.keyring.stdin.write(b"test-keyring-password")
        self.keyring.stdin.close()
        wait_until(lambda: self._has_owner("org.freedesktop.secrets"), 20, "the keyring on the bus")

    def stop_keyring(self):
        self.keyring.terminate()
        self.keyring.wait(10)
        wait_until(lambda: not self._has_owner("org.freedesktop.secrets"), 10, "the keyring gone")

    def _environment(self):
        """XDG dirs of our own, with a recording 'browser' as the default for web links."""
        config, data, cache = (self.tmp / d for d in ("config", "data", "cache"))
        (data / "applications").mkdir(parents=True, exist_ok=True)
        config.mkdir(exist_ok=True)
        recorder = self.tmp / "record-browser"
        # It also notes the file-creation mask it was started with (what its downloads would get).
        recorder.write_text(f"#!/bin/sh\necho \"$1\" >> '{self.browser_log}'\numask > '{self.browser_log}.umask'\n")
        recorder.chmod(0o755)
        (data / "applications" / "test-browser.desktop").write_text(
            "[Desktop Entry]\nType=Application\nName=Test browser\n"
            f"Exec={recorder} %u\nMimeType=x-scheme-handler/http;x-scheme-handler/https;\n")
        # The desktop's Documents folder (where exports go), not the real user's.
        self.documents = self.tmp / "Documents"
        self.documents.mkdir(exist_ok=True)
        (config / "user-dirs.dirs").write_text(f'XDG_DOCUMENTS_DIR="{self.documents}"\n')
        (config / "mimeapps.list").write_text(
            "[Default Applications]\nx-scheme-handler/http=test-browser.desktop\n"
            "x-scheme-handler/https=test-browser.desktop\n")
        env = dict(os.environ)
        env.update({
            "DISPLAY": self.display,
            "DBUS_SESSION_BUS_ADDRESS": self.bus,
            "XDG_CONFIG_HOME": str(config),
            "XDG_DATA_HOME": str(data),
            "XDG_CACHE_HOME": str(cache),
            "BROWSER": str(recorder),
            "TAURI_WEBVIEW_AUTOMATION": "true",
            "NO_AT_BRIDGE": "1",
            # No input-method server here: GTK's simple context passes every key straight on.
            "GTK_IM_MODULE": "gtk-im-context-simple",
            # No camera under Xvfb: WebKit's stand-in devices let a page start a call.
            "SWITCHBOARD_MOCK_CAPTURE_DEVICES": "1",
        })
        env.pop("WAYLAND_DISPLAY", None)
        return env

    def _mock(self):
        import dbus  # Debian's python3-dbus, beside python3-dbusmock
        bus = dbus.bus.BusConnection(self.bus)
        return dbus.Interface(bus.get_object("org.freedesktop.Notifications", "/org/freedesktop/Notifications"),
                              "org.freedesktop.DBus.Mock")

    def _notification_server_up(self):
        try:
            self._mock().GetCalls()
            return True
        except Exception:  # not on the bus yet
            return False

    def notifications(self):
        """Every Notify call the app made so far: [(summary, body)]."""
        return [(n["summary"], n["body"]) for n in self.notify_calls()]

    def notify_calls(self):
        """Every Notify call with what the server made of it: the id it answered (the mock numbers
        new notifications from 1 and answers a replacement with the id it replaces), the icon."""
        calls, next_id = [], 1
        for _, args in self._mock().GetMethodCalls("Notify"):
            replaces = int(args[1])
            calls.append({"id": replaces or next_id, "replaces": replaces, "icon": str(args[2]),
                          "summary": str(args[3]), "body": str(args[4]), "actions": [str(a) for a in args[5]]})
            next_id += 0 if replaces else 1
        return calls

    def closed_ids(self):
        """The ids of every CloseNotification call the app made so far."""
        return [int(args[0]) for _, args in self._mock().GetMethodCalls("CloseNotification")]

    def start_tray_host(self):
        """A StatusNotifier watcher on the bus (python3-dbusmock), as a desktop's tray has."""
        # The last test's watcher must be gone first, or this one would talk to it.
        wait_until(lambda: not self._has_owner("org.kde.StatusNotifierWatcher"), 10, "the last tray host gone")
        env = dict(os.environ, DBUS_SESSION_BUS_ADDRESS=self.bus)
        proc = subprocess.Popen(["/usr/bin/python3", "-m", "dbusmock", "--session", "org.kde.StatusNotifierWatcher",
                                 "/StatusNotifierWatcher", "org.kde.StatusNotifierWatcher"],
                                env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.procs.append(proc)
        import dbus
        bus = dbus.bus.BusConnection(self.bus)
        wait_until(lambda: self._has_owner("org.kde.StatusNotifierWatcher"), 10, "the tray host")
        mock = dbus.Interface(bus.get_object("org.kde.StatusNotifierWatcher", "/StatusNotifierWatcher"),
                              "org.freedesktop.DBus.Mock")
        mock.AddMethod("", "RegisterStatusNotifierItem", "s", "", "")
        mock.AddMethod("", "RegisterStatusNotifierHost", "s", "", "")
        mock.AddProperties("org.kde.StatusNotifierWatcher", {
            "IsStatusNotifierHostRegistered": True, "ProtocolVersion": dbus.Int32(0),
            "RegisteredStatusNotifierItems": dbus.Array([], signature="s")})
        return proc

    def start_shortcut_portal(self):
        """A Wayland desktop's GlobalShortcuts portal on the bus (`shortcut_portal.py`); returns
        its control interface (Bound(), Press(id)) and the process."""
        wait_until(lambda: not self._has_owner("org.freedesktop.portal.Desktop"), 10, "the last portal gone")
        env = dict(os.environ, DBUS_SESSION_BUS_ADDRESS=self.bus)
        proc = subprocess.Popen(["/usr/bin/python3", str(Path(__file__).with_name("shortcut_portal.py"))], env=env)
        self.procs.append(proc)
        wait_until(lambda: self._has_owner("org.freedesktop.portal.Desktop"), 10, "the shortcut portal")
        import dbus
        bus = dbus.bus.BusConnection(self.bus)
        control = dbus.Interface(bus.get_object("org.freedesktop.portal.Desktop", "/org/freedesktop/portal/desktop"),
                                 "app.switchboard.test.ShortcutPortal")
        return control, proc

    def tray_item(self, pid):
        """(bus name, item path) of the tray icon the process `pid` registered, or None."""
        import dbus
        bus = dbus.bus.BusConnection(self.bus)
        mock = dbus.Interface(bus.get_object("org.kde.StatusNotifierWatcher", "/StatusNotifierWatcher"),
                              "org.freedesktop.DBus.Mock")
        calls = mock.GetMethodCalls("RegisterStatusNotifierItem")
        if not calls:
            return None
        path = str(calls[-1][1][0])
        daemon = dbus.Interface(bus.get_object("org.freedesktop.DBus", "/org/freedesktop/DBus"), "org.freedesktop.DBus")
        def pid_of(name):
            try:
                return daemon.GetConnectionUnixProcessID(name)
            except dbus.DBusException:
                return None  # gone since it was listed (a process that just quit)
        for name in daemon.ListNames():
            if name.startswith(":") and pid_of(name) == pid:
                try:
                    dbus.Interface(bus.get_object(name, path, introspect=False), "org.freedesktop.DBus.Properties").Get(
                        "org.kde.StatusNotifierItem", "Id", timeout=2)
                    return name, path
                except dbus.DBusException:
                    continue
        return None

    def tray(self, item):
        """What the tray shows: (label beside the icon, menu labels with their ids)."""
        import dbus
        bus = dbus.bus.BusConnection(self.bus)
        name, path = item
        props = dbus.Interface(bus.get_object(name, path, introspect=False), "org.freedesktop.DBus.Properties")
        label = str(props.Get("org.kde.StatusNotifierItem", "XAyatanaLabel", timeout=2))
        menu_path = props.Get("org.kde.StatusNotifierItem", "Menu", timeout=2)
        menu = dbus.Interface(bus.get_object(name, menu_path, introspect=False), "com.canonical.dbusmenu")
        _, layout = menu.GetLayout(0, -1, ["label"], timeout=2)
        items = [(str(child[1].get("label", "")), int(child[0])) for child in layout[2]]
        return label, items

    def click_tray_item(self, item, menu_id):
        import dbus
        bus = dbus.bus.BusConnection(self.bus)
        name, path = item
        props = dbus.Interface(bus.get_object(name, path, introspect=False), "org.freedesktop.DBus.Properties")
        menu_path = props.Get("org.kde.StatusNotifierItem", "Menu", timeout=2)
        menu = dbus.Interface(bus.get_object(name, menu_path, introspect=False), "com.canonical.dbusmenu")
        menu.Event(dbus.Int32(menu_id), "clicked", dbus.String("", variant_level=1), dbus.UInt32(0), timeout=2)

    def click_notification(self, index):
        """The user clicks the notification of the index-th Notify call: as a notification server
        does, only when the app offered the "default" action (actions come as key, label pairs)."""
        import dbus
        call = self.notify_calls()[index]
        assert "default" in call["actions"][::2], f"the notification offers no click: {call['actions']}"
        self._mock().EmitSignal("org.freedesktop.Notifications", "ActionInvoked", "us",
                                [dbus.UInt32(call["id"]), "default"])

    def in_keychain(self, **attributes):
        """Whether the desktop's keychain holds an item with these attributes."""
        import dbus
        bus = dbus.bus.BusConnection(self.bus)
        service = dbus.Interface(bus.get_object("org.freedesktop.secrets", "/org/freedesktop/secrets"),
                                 "org.freedesktop.Secret.Service")
        unlocked, locked = service.SearchItems(dbus.Dictionary(attributes, signature="ss"))
        return bool(unlocked or locked)

    def remove_from_keychain(self, **attributes):
        """Deletes the keychain's items with these attributes, as a keychain manager would."""
        import dbus
        bus = dbus.bus.BusConnection(self.bus)
        service = dbus.Interface(bus.get_object("org.freedesktop.secrets", "/org/freedesktop/secrets"),
                                 "org.freedesktop.Secret.Service")
        unlocked, locked = service.SearchItems(dbus.Dictionary(attributes, signature="ss"))
        for path in list(unlocked) + list(locked):
            dbus.Interface(bus.get_object("org.freedesktop.secrets", path), "org.freedesktop.Secret.Item").Delete()
        return len(unlocked) + len(locked)

    def close_window(self, window, until):
        """Asks a window to close once, as a window manager's close button does
        (WM_DELETE_WINDOW), and waits until `until()` holds."""
        self._send_delete(window)
        wait_until(until, 10, "the window to close")

    def _send_delete(self, window):
        from Xlib import X, display, protocol
        d = display.Display(self.display)
        try:
            target = d.create_resource_object("window", int(window))
            protocols, delete = d.intern_atom("WM_PROTOCOLS"), d.intern_atom("WM_DELETE_WINDOW")
            event = protocol.event.ClientMessage(window=target, client_type=protocols, data=(32, [delete, X.CurrentTime, 0, 0, 0]))
            target.send_event(event, event_mask=X.NoEventMask)
            d.sync()  # a round trip: closing right after a flush can lose what was sent
        finally:
            d.close()

    def window_shown(self, window):
        found = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", "^Switchboard"], env=self.env,
                               capture_output=True, text=True).stdout  # exits 1 when nothing is shown
        return window in found.split()

    def opened_in_browser(self):
        return self.browser_log.read_text().split() if self.browser_log.exists() else []

    def browser_umask(self):
        """The file-creation mask the browser was last started with, as `umask` prints it."""
        return Path(f"{self.browser_log}.umask").read_text().strip()

    def xdotool(self, *args):
        return subprocess.run(["xdotool", *args], env=self.env, check=True, capture_output=True, text=True).stdout

    def pixel(self, window, x, y):
        """The colour of a window's pixel, as "#RRGGBB"."""
        out = subprocess.run(["import", "-window", str(window), "-crop", f"1x1+{x}+{y}", "-depth", "8", "txt:-"],
                             env=self.env, check=True, capture_output=True, text=True).stdout
        return out.split()[-2][:7] if "#" in out else out

    def screenshot(self, name):
        OUTPUT.mkdir(parents=True, exist_ok=True)
        path = OUTPUT / name
        subprocess.run(["import", "-window", "root", str(path)], env=self.env, check=True)
        return path

    def read_screen(self, x, y, width, height):
        """The words on the screen in that rectangle, as OCR (tesseract) reads them: what a user
        sees where no test hook reaches (an isolated page, the engine's own drawing)."""
        shot = self.tmp / "read-screen.png"
        subprocess.run(["import", "-window", "root", "-crop", f"{width}x{height}+{x}+{y}", str(shot)], env=self.env, check=True)
        text = subprocess.run(["tesseract", str(shot), "-", "--psm", "6"], capture_output=True, text=True, check=True).stdout
        return " ".join(text.split())

    def close(self):
        if self.keyring and self.keyring.poll() is None:
            self.keyring.terminate()
            self.keyring.wait(10)
        for p in reversed(self.procs):
            p.terminate()
            try:
                p.wait(5)
            except subprocess.TimeoutExpired:
                p.kill()


def as_users_run_it(desktop, env=None):
    """The desktop's environment and `env`, without the switch that lets WebDriver drive the app."""
    return {k: v for k, v in {**desktop.env, **(env or {})}.items() if k != "TAURI_WEBVIEW_AUTOMATION"}


def app_log(desktop):
    """A new file for one run's stderr, where the test's panic guard reads it (see conftest)."""
    logs = desktop.tmp / "logs"
    logs.mkdir(exist_ok=True)
    return tempfile.NamedTemporaryFile("w", dir=logs, prefix="app-", suffix=".log", delete=False)


class WebDriver:
    """Just the W3C WebDriver calls the tests use."""

    def __init__(self, desktop, env=None):
        self.port = free_port()
        # The app's own stderr ends up in the log too: a panic in it fails the test.
        with app_log(desktop) as log:
            self.proc = subprocess.Popen(["WebKitWebDriver", f"--port={self.port}"], env={**desktop.env, **(env or {})},
                                         stdout=subprocess.DEVNULL, stderr=log)
        wait_until(self._ready, 10, "WebKitWebDriver")

    def _ready(self):
        try:
            return self.request("GET", "/status")["ready"]
        except OSError:
            return False

    def request(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=60) as resp:
                return json.loads(resp.read() or b"{}").get("value")
        except urllib.error.HTTPError as e:
            raise AssertionError(f"WebDriver {method} {path}: {e.read().decode(errors='replace')}") from None

    def close(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)


class App:
    """One run of the real app on a profile, until it quits. Each run gets a WebDriver of its
    own, so a session that ended with the app never holds up the next start."""

    def __init__(self, desktop, profile, env=None, webdriver=True, args=()):
        """`env`: what the app's environment has beyond the desktop's. Without `webdriver` the
        app runs as users run it, nothing attached: its own page is only seen and driven by keys
        and clicks (for what a WebDriver session would not live through). `args`: after --profile."""
        self.desktop, self.profile, self.args = desktop, profile, list(args)
        self.driver = WebDriver(desktop, env) if webdriver else None
        try:
            self._start() if webdriver else self._start_plain(env)
        except BaseException:
            self.kill()
            raise

    def _start_plain(self, env):
        with app_log(self.desktop) as log:
            self.process = subprocess.Popen([binary(), "--profile", str(self.profile), *self.args], env=as_users_run_it(self.desktop, env),
                                            stderr=log)
        self.pid = self.process.pid
        self.window = wait_until(self._find_window, 20, "the Switchboard window")
        self.desktop.xdotool("windowfocus", "--sync", self.window)

    def _start(self):
        caps = {"capabilities": {"alwaysMatch": {"webkitgtk:browserOptions": {
            "binary": binary(), "args": ["--profile", str(self.profile), *self.args]}}}}
        self.session = self.driver.request("POST", "/session", caps)["sessionId"]
        self.window = wait_until(self._find_window, 20, "the Switchboard window")
        self.pid = int(self.desktop.xdotool("getwindowpid", self.window).strip())
        # No window manager under Xvfb: give the window the keyboard focus ourselves.
        self.desktop.xdotool("windowfocus", "--sync", self.window)
        wait_until(lambda: self.run_js("return document.body.dataset.ready === 'true'"), 20, "the sidebar")

    def _find_window(self):
        try:
            return self.desktop.xdotool("search", "--onlyvisible", "--name", r"^Switchboard( \([0-9]+\))?$").split()[0]
        except subprocess.CalledProcessError:
            return None

    def run_js(self, script):
        return self.driver.request("POST", f"/session/{self.session}/execute/sync", {"script": script, "args": []})

    def element(self, css):
        found = self.driver.request("POST", f"/session/{self.session}/element", {"using": "css selector", "value": css})
        return next(iter(found.values()))

    def ui_click(self, css):
        """Clicks an element of the shell's own UI, once it can be clicked: dialogs widen the
        sidebar to the whole window a moment after they open, and the sidebar is redrawn
        whenever a count changes."""
        def attempt():
            try:
                self.driver.request("POST", f"/session/{self.session}/element/{self.element(css)}/click", {})
                return True
            except AssertionError as e:
                if any(why in str(e) for why in ("not interactable", "intercepted", "stale element")):
                    return False
                raise
        wait_until(attempt, 5, f"{css} clickable")

    def ui_type(self, css, text, clear=False):
        """Types into a field of the shell's own UI, once it takes keys (see ui_click)."""
        def attempt():
            element = self.element(css)
            try:
                if clear:
                    self.driver.request("POST", f"/session/{self.session}/element/{element}/clear", {})
                if text:
                    self.driver.request("POST", f"/session/{self.session}/element/{element}/value",
                                        {"text": text, "value": list(text)})
                return True
            except AssertionError as e:
                if any(why in str(e) for why in ("not interactable", "stale element")):
                    return False
                raise
        wait_until(attempt, 5, f"{css} typable")

    def sidebar(self):
        """What the sidebar shows: [(label, selected, shortcut-title)]."""
        return self.run_js("""return [...document.querySelectorAll('li.account')].map(li => [
            (li.querySelector('.label') || li.querySelector('input')).textContent, li.getAttribute('aria-selected') === 'true', li.querySelector('.names').title])""")

    def notice(self):
        return self.run_js("""const n = document.getElementById('notice');
            return n.hidden ? null : document.getElementById('notice-text').textContent""")

    def key(self, *keys):
        self.desktop.xdotool("windowfocus", "--sync", self.window)
        self.desktop.xdotool("key", "--clearmodifiers", *keys)

    def click(self, x, y):
        """Clicks at a point of the window, in window coordinates."""
        self.desktop.xdotool("mousemove", "--window", self.window, str(x), str(y), "click", "1")
        # The click moves keyboard focus inside the page; keys sent before it lands are lost.
        time.sleep(0.4)

    def type(self, text):
        self.desktop.xdotool("type", "--delay", "20", text)

    def alive(self):
        try:
            state = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):  # gone, or going while it was read
            return False
        return state != "Z"

    def quit(self):
        """Ctrl+Q, as a user quits; waits for the process to end."""
        self.key("ctrl+q")
        wait_until(lambda: not self.alive(), 15, "the app to exit")
        self.kill()

    def kill(self):
        if getattr(self, "pid", None) and self.alive():
            os.kill(self.pid, signal.SIGKILL)
        if getattr(self, "process", None):
            self.process.wait(10)
        if self.driver:
            self.driver.close()


def descendants(pid):
    """`pid` and every process under it, as /proc shows them now."""
    children = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError):
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


def kind(pid):
    """What a process is: "app", WebKit's "web" or "network", or "other" (raises if it is gone)."""
    name = Path(f"/proc/{pid}/comm").read_text().strip()
    if "WebProces" in name:
        return "web"
    if "Network" in name:
        return "network"
    return "app" if name.startswith("switchboard") else "other"


def cli(profile, *args, check=True, env=None, input=None):
    return subprocess.run([binary(), "--profile", str(profile), *args], capture_output=True, text=True,
                          check=check, env=env, input=input)


def rmtree(path):
    shutil.rmtree(path, ignore_errors=True)
