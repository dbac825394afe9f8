"""A real XMPP service for the tests: Prosody (Debian's package) on 127.0.0.1 with its websocket
on, users registered with prosodyctl, and Converse.js (npm `converse.js`) served as its web
client — the open-source messenger and server the app is tried against, as users would."""

import grp
import os
import pwd
import socket
import subprocess
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from harness import free_port, wait_until

ROOT = Path(__file__).resolve().parents[2]
CONVERSE = ROOT / "tests" / "real" / "node_modules" / "converse.js" / "dist"
DOMAIN = "localhost"

CONFIG = """
admins = {{ }}
modules_enabled = {{ "roster"; "saslauth"; "disco"; "carbons"; "pep"; "private"; "vcard4"; "vcard_legacy";
                    "version"; "uptime"; "time"; "ping"; "register"; "offline"; "mam"; "websocket"; "http"; "posix" }}
modules_disabled = {{ "s2s" }}
daemonize = false
-- The tests' own user, root on a CI machine too: no switch to a "prosody" user that could not
-- write this folder.
run_as_root = true
prosody_user = "{user}"
prosody_group = "{group}"
certificates = "{dir}/certs"
pidfile = "{dir}/prosody.pid"
data_path = "{dir}/data"
log = {{ info = "{dir}/prosody.log" }}
interfaces = {{ "127.0.0.1" }}
c2s_ports = {{ {c2s} }}
http_ports = {{ {http} }}
http_interfaces = {{ "127.0.0.1" }}
https_ports = {{ }}
s2s_ports = {{ }}
component_ports = {{ }}
c2s_require_encryption = false
allow_unencrypted_plain_auth = true
authentication = "internal_hashed"
consider_websocket_secure = true
cross_domain_websocket = true
archive_expires_after = "1d"
default_archive_policy = true
VirtualHost "{domain}"
"""


class Prosody:
    """One Prosody server with its own config, data and ports; stop and start it at will."""

    def __init__(self, tmp: Path, users):
        self.dir = tmp / "prosody"
        (self.dir / "data").mkdir(parents=True, exist_ok=True)
        (self.dir / "certs").mkdir(exist_ok=True)
        self.c2s, self.http = free_port(), free_port()
        self.config = self.dir / "prosody.cfg.lua"
        self.config.write_text(CONFIG.format(dir=self.dir, c2s=self.c2s, http=self.http, domain=DOMAIN,
                                            user=pwd.getpwuid(os.getuid()).pw_name, group=grp.getgrgid(os.getgid()).gr_name))
        for user, password in users.items():
            subprocess.run(["prosodyctl", "--config", str(self.config), "register", user, DOMAIN, password],
                           check=True, capture_output=True)
        self.process = None
        self.start()

    @property
    def websocket(self):
        return f"ws://127.0.0.1:{self.http}/xmpp-websocket"

    def _listening(self):
        try:
            socket.create_connection(("127.0.0.1", self.http), timeout=0.5).close()
            return True
        except OSError:
            return False

    def start(self):
        self.process = subprocess.Popen(["prosody", "--config", str(self.config)],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_until(self._listening, 20, "Prosody listening")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)
        wait_until(lambda: not self._listening(), 10, "Prosody stopped")

    def close(self):
        self.stop()


PAGE = """<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Converse</title>
  <link rel="icon" href="/dist/images/logo/conversejs-filled.svg">
  <link rel="stylesheet" href="/dist/converse.min.css">
  <script type="module" src="/dist/converse.min.js"></script>
</head>
<body class="converse-fullscreen">
<script type="module">
  // ?u=USER&p=PASSWORD&chat=JID signs in by itself with that chat open (the benchmark's many
  // accounts); without it the page shows Converse's login form, as a user meets it.
  const asked = new URLSearchParams(location.search);
  const signIn = asked.get('u') ? {{ auto_login: true, jid: asked.get('u') + '@{domain}', password: asked.get('p'),
                                     auto_join_private_chats: asked.getAll('chat') }} : {{}};
  converse.initialize({{
    ...signIn,
    view_mode: 'fullscreen',
    websocket_url: '{websocket}',
    discover_connection_methods: false,
    assets_path: '/dist/',
    auto_reconnect: true,
    show_desktop_notifications: true,
    allow_registration: false,
    play_sounds: false,
  }});
</script>
</body>
</html>
"""


class ConverseSite:
    """Converse.js as a site: its build and a page that starts it against `prosody`."""

    def __init__(self, prosody: Prosody):
        page = PAGE.format(websocket=prosody.websocket, domain=DOMAIN).encode()

        class Handler(SimpleHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                if self.path.split("?")[0] in ("/", "/index.html"):
                    self.send_response(200)
                    self.send_header("Content-Type", "text/html; charset=utf-8")
                    self.send_header("Content-Length", str(len(page)))
                    self.end_headers()
                    self.wfile.write(page)
                else:
                    super().do_GET()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Handler, directory=str(CONVERSE.parent)))
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()


class Peer:
    """Another user of the same server, through a plain XMPP client (slixmpp) in the test: the
    person who writes to the app's user."""

    def __init__(self, prosody: Prosody, user, password):
        import asyncio

        import slixmpp

        self.jid = f"{user}@{DOMAIN}"
        self.received = []
        self.online = set()  # who of its roster is signed in now
        self.ready, self.gone = threading.Event(), threading.Event()
        self.loop = asyncio.new_event_loop()

        def run():
            asyncio.set_event_loop(self.loop)
            client = slixmpp.ClientXMPP(self.jid, password)
            client.auto_authorize = True
            client.auto_subscribe = True
            client.add_event_handler("session_start", lambda _: (client.send_presence(), client.get_roster(), self.ready.set()))
            client.add_event_handler("message", lambda m: self.received.append((str(m["from"].bare), m["body"])))
            client.add_event_handler("disconnected", lambda _: self.gone.set())
            client.add_event_handler("presence_available", lambda p: self.online.add(str(p["from"].bare)))
            client.add_event_handler("presence_unavailable", lambda p: self.online.discard(str(p["from"].bare)))
            self.client = client
            client.connect(address=("127.0.0.1", prosody.c2s), force_starttls=False, disable_starttls=True)
            self.loop.run_forever()
            # Stopped: what the client still had running ends here, not in a later test.
            pending = asyncio.all_tasks(self.loop)
            for task in pending:
                task.cancel()
            self.loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
            self.loop.close()

        threading.Thread(target=run, daemon=True).start()
        if not self.ready.wait(20):
            raise AssertionError(f"{self.jid} could not sign in")

    def _call(self, f):
        done = threading.Event()
        self.loop.call_soon_threadsafe(lambda: (f(), done.set()))
        done.wait(10)

    def befriend(self, other):
        """Both ways in each other's roster, as two people who added each other."""
        self._call(lambda: self.client.send_presence_subscription(pto=other))
        wait_until(lambda: self.client.client_roster[other]["subscription"] == "both", 20, f"{self.jid} and {other} friends")

    def say(self, to, body):
        self._call(lambda: self.client.send_message(mto=to, mbody=body, mtype="chat"))

    def close(self):
        self._call(lambda: self.client.disconnect())
        self.gone.wait(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
