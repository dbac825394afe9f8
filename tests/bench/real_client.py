"""The benchmark's real client: Converse.js (the npm build the tests use) against Prosody, each
account its own user, signed in, its chat with Bob open, 40 messages of history in it — what a
JS-heavy web messenger costs, which a fake page cannot show."""

import contextlib
import random

from chat_page import sentence
import running  # noqa: F401 (puts tests/e2e on the path)
from harness import wait_until
from xmpp import DOMAIN, ConverseSite, Peer, Prosody

USERS = 10
HISTORY = 40
BOB = f"bob@{DOMAIN}"


class Fleet:
    """Prosody with `USERS` users who each have a chat with Bob, and Converse served for them."""

    def __init__(self, server, site, bob):
        self.server, self.site, self.bob = server, site, bob
        self.port = int(site.url.rsplit(":", 1)[1].strip("/"))

    def url(self, i, host="127.0.0.1"):
        """Account i's page, signing in by itself; `host` names another site on the same server."""
        return f"http://{host}:{self.port}/?u=user{i}&p=secret-{i}&chat={BOB}"

    def signed_in(self, count):
        """Waits until users 0…count-1 are online, as Bob's client sees them."""
        wait_until(lambda: all(f"user{i}@{DOMAIN}" in self.bob.online for i in range(count)), 120,
                   f"{count} Converse accounts signed in")

    def all_signed_out(self):
        wait_until(lambda: not any(jid.startswith("user") for jid in self.bob.online), 30,
                   "every Converse account signed out")


@contextlib.contextmanager
def converse_fleet(tmp):
    users = {f"user{i}": f"secret-{i}" for i in range(USERS)}
    server = Prosody(tmp, {**users, "bob": "bob-secret"})
    site = ConverseSite(server)
    bob = Peer(server, "bob", "bob-secret")
    rng = random.Random(5)
    try:
        for user, password in users.items():
            # Bob writes while the user is signed in elsewhere: the history is in the archive,
            # not waiting offline, so every measured start does the same work.
            peer = Peer(server, user, password)
            peer.befriend(BOB)
            for _ in range(HISTORY):
                bob.say(f"{user}@{DOMAIN}", sentence(rng, rng.randrange(3, 30)))
            wait_until(lambda: len(peer.received) == HISTORY, 20, f"{user} has the history")
            peer.close()
        yield Fleet(server, site, bob)
    finally:
        bob.close()
        site.close()
        server.close()
