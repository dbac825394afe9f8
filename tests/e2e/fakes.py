"""Local fake messengers on 127.0.0.1, and a second site to link to.

The fake pages report what they see to their own server (POST /report), which is how tests
observe isolated service webviews without switching the isolation off."""

import base64
import hashlib
import json
import queue
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"

# The same header a locked-down messenger would send: nothing inline, nothing foreign.
STRICT_CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'; "
              "img-src 'self' data:; form-action 'self'; frame-ancestors 'none'")


class Recorder:
    """A thread-safe list of events with waiting. A wait looks only at what arrived since the
    last mark (`mark()`, `clear()`, or a command to a fake page): an event from before the action
    a test waits on never answers for it."""

    def __init__(self):
        self.events = []
        self.cond = threading.Condition()
        self.since = 0

    def mark(self):
        """From now on waits look only at what arrives after this; returns where that starts."""
        with self.cond:
            self.since = len(self.events)
            return self.since

    def add(self, event):
        if isinstance(event, dict):
            event["_at"] = time.monotonic()  # when it arrived here
        with self.cond:
            self.events.append(event)
            self.cond.notify_all()

    def wait_for(self, predicate, timeout=20.0, what="event", since=None):
        """The first event since the mark (or since `since`, a `mark()`) that `predicate` takes."""
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                for e in self.events[self.since if since is None else since:]:
                    if predicate(e):
                        return e
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"timed out waiting for {what}; seen: {self.events[-10:]}")
                self.cond.wait(left)

    def clear(self):
        with self.cond:
            self.events.clear()
            self.since = 0


class _Server:
    def __init__(self, handler_factory, host="127.0.0.1", port=0):
        self.httpd = ThreadingHTTPServer((host, port), handler_factory(self))
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


class FakeMessenger(_Server):
    """A chat page with a login form (cookie + localStorage), strict CSP and foreign links."""

    def __init__(self, other_origin, port=0):
        """`port`: a fixed one, for a server that goes down and comes back on the same address."""
        self.other_origin = other_origin
        self.reports = Recorder()
        self.channels = {}  # account -> queue of commands for its open page
        # address -> a page made by the caller (the benchmarks' chat page), or (bytes, type)
        self.generated = {}
        self.lock = threading.Lock()
        super().__init__(_messenger_handler, port=port)

    def url(self, account, host="127.0.0.1", page="/"):
        """`host` may be "localhost" too: the same server seen as another service; `page` one of
        PAGES."""
        return f"http://{host}:{self.port}{page}?acct={account}"

    def open_channel(self, account):
        """A new stream for the page of `account`; a reloaded page's old stream gets no more."""
        with self.lock:
            self.channels[account] = queue.Queue()
            return self.channels[account]

    def command(self, account, action, **args):
        """Tells the open page of `account` to do something (over its event stream). What the
        pages reported before it no longer answers a wait; returns that mark."""
        with self.lock:
            channel = self.channels[account]
        since = self.reports.mark()
        channel.put({"action": action, **args})
        return since


# The fake pages by address: the plain messenger, and copies of real web clients' structure.
PAGES = {"/": "messenger/index.html", "/telegram/": "telegram/index.html", "/whatsapp/": "whatsapp/index.html",
         # WhatsApp Web's chat link page is the same app at /send.
         "/whatsapp/send": "whatsapp/index.html",
         "/media/": "media/index.html",
         # The chat lists of more web clients, each copied from its public sources (see each page).
         **{f"/chatlists/{page.stem}/": f"chatlists/{page.name}" for page in (FIXTURES / "chatlists").glob("*.html")}}
MEDIA = {"/media/voice.ogg": ("media/voice.ogg", "audio/ogg"), "/media/clip.mp4": ("media/clip.mp4", "video/mp4")}
STATIC = {"channel.js": "channel.js", "messenger.js": "messenger/messenger.js", "messenger.css": "messenger/messenger.css",
          "telegram.js": "telegram/telegram.js", "telegram.css": "telegram/telegram.css",
          "whatsapp.js": "whatsapp/whatsapp.js", "whatsapp.css": "whatsapp/whatsapp.css",
          "chatlist.js": "chatlists/chatlist.js", "heavy.js": "heavy/heavy.js", "heavy.css": "heavy/heavy.css", "media.js": "media/media.js",
          "favicon.svg": "messenger/favicon.svg", "manifest.json": "messenger/manifest.json"}


def _messenger_handler(server):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def _send(self, status, body=b"", ctype="text/html; charset=utf-8", headers=(), csp=STRICT_CSP):
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            if csp:
                self.send_header("Content-Security-Policy", csp)
            self.send_header("Cache-Control", "no-store")
            for k, v in headers:
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):
            path = self.path.split("?")[0]
            if path in server.generated:
                made = server.generated[path]
                body, ctype = made if isinstance(made, tuple) else (made.encode(), "text/html; charset=utf-8")
                self._send(200, body, ctype)
            elif path == "/forger":
                # The hostile page of tests/fixtures/forger, here on the account's own origin.
                self._send(200, (FIXTURES / "forger" / "index.html").read_bytes(), csp=None)  # its script is inline
            elif path == "/saw":
                # What that page was handed, as it tells it.
                server.reports.add({"event": "saw", "account": "forger", "what": self.path.split("?", 1)[-1], "visible": ""})
                self._send(204)
            elif path in PAGES and "slow=1" in self.path:
                # A page that takes long to answer: its load stays pending a while.
                time.sleep(8)
                self._send(204)
            elif path in PAGES:
                # The order pages are asked for is the order the app opens them.
                server.reports.add({"event": "requested", "account": self.path.split("acct=", 1)[-1].split("&")[0],
                                    "visible": "", "agent": self.headers.get("User-Agent") or ""})
                page = (FIXTURES / PAGES[path]).read_text()
                self._send(200, page.replace("{OTHER}", server.other_origin).encode())
            elif path.startswith("/static/") and path[len("/static/"):] in STATIC:
                name = STATIC[path[len("/static/"):]]
                ctype = {"css": "text/css", "svg": "image/svg+xml", "json": "application/manifest+json"}.get(
                    name.rsplit(".", 1)[-1], "text/javascript")
                self._send(200, (FIXTURES / name).read_bytes(), ctype)
            elif path in MEDIA:
                name, ctype = MEDIA[path]
                self._send(200, (FIXTURES / name).read_bytes(), ctype)
            elif path == "/events":
                self._stream(self.path.split("acct=", 1)[-1])
            elif path == "/ws":
                self._websocket()
            elif path.startswith("/files/"):
                # A file a chat shares: saved, not shown.
                name = path[len("/files/"):]
                self._send(200, b"%PDF-1.4 " + b"x" * 4000, "application/pdf",
                           headers=[("Content-Disposition", f'attachment; filename="{name}"')])
            elif path == "/sw.js":
                self._send(200, b"self.addEventListener('install', () => self.skipWaiting());", "text/javascript")
            else:
                self._send(404, b"not here")

        def _websocket(self):
            """A WebSocket (RFC 6455) that answers the page's first message with "echo:" and it."""
            key = self.headers.get("Sec-WebSocket-Key", "")
            accept = base64.b64encode(hashlib.sha1((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").encode()).digest()).decode()
            # HTTP/1.1 in the status line, as RFC 6455 wants (the handler speaks 1.0).
            self.wfile.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                              f"Sec-WebSocket-Accept: {accept}\r\n\r\n").encode())
            self.wfile.flush()
            try:
                head = self.rfile.read(2)
                if len(head) < 2:
                    return
                length = head[1] & 0x7F  # the page's "hello": short, masked
                mask = self.rfile.read(4)
                text = bytes(b ^ mask[i % 4] for i, b in enumerate(self.rfile.read(length))).decode()
                reply = f"echo:{text}".encode()
                self.wfile.write(bytes([0x81, len(reply)]) + reply)
                self.wfile.flush()
                self.rfile.read(1)  # held open until the page goes
            except OSError:
                pass

        def _stream(self, account):
            """Server-sent events: the page gets the test's commands as they come, no polling."""
            # The page says it listens as soon as the headers arrive: the channel is there first.
            channel = server.open_channel(account)
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            try:
                self.wfile.write(b": open\n\n")
                self.wfile.flush()
                while True:
                    try:
                        command = channel.get(timeout=15)
                    except queue.Empty:
                        self.wfile.write(b": keep-alive\n\n")
                    else:
                        self.wfile.write(f"data: {json.dumps(command)}\n\n".encode())
                    self.wfile.flush()
            except OSError:
                pass

        def _body(self):
            """The request's body, at most 64 KB: by its length, or in chunks (a beacon sent as a
            page goes away, or through a proxy, may come chunked)."""
            if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
                body = b""
                while len(body) <= 64 * 1024:
                    size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                    if size == 0:
                        self.rfile.readline()
                        break
                    body += self.rfile.read(size)
                    self.rfile.readline()
                return body[:64 * 1024]
            return self.rfile.read(min(int(self.headers.get("Content-Length") or 0), 64 * 1024))

        def do_POST(self):
            body = self._body()
            if self.path == "/report":
                try:
                    event = json.loads(body)
                except ValueError:
                    event = {"event": "unreadable-report", "raw": body[:200].decode(errors="replace")}
                # Every wait reads these two: a report without them is kept, never a crash.
                event.setdefault("event", "")
                event.setdefault("account", "")
                event["server_cookie"] = self.headers.get("Cookie") or ""
                server.reports.add(event)
                self._send(204)
            elif self.path == "/login":
                user = parse_qs(body.decode()).get("user", [""])[0]
                referer = self.headers.get("Referer") or "/"
                cookie = f"session={user}; Max-Age=2592000; Path=/; SameSite=Lax"
                self._send(303, headers=[("Set-Cookie", cookie), ("Location", referer)])
            else:
                self._send(404)

    return Handler


class OtherSite(_Server):
    """A site outside every service's domains: it must never be loaded inside the app."""

    def __init__(self):
        self.hits = Recorder()
        super().__init__(_other_handler)
        # Same machine, other host name: outside the fake messenger's domain (127.0.0.1).
        self.origin = f"http://localhost:{self.port}"


def _other_handler(server):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            server.hits.add(self.path)
            # A hostile page: it says it is elsewhere and tells what it was given (/saw?...).
            forger = self.path.split("?")[0] == "/forger"
            body = (FIXTURES / "forger" / "index.html").read_bytes() if forger else b"<h1>Another site</h1>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return Handler
