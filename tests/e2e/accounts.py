"""Fake messenger accounts in a test profile, and the app started on them."""

from harness import App, cli


def add_fake(profile, messenger, name):
    return cli(profile, "services", "add", "custom", "--url", messenger.url(name), "--label", f"Fake {name}").stdout.strip()


def listening(messenger, account):
    messenger.reports.wait_for(lambda e: e["account"] == account and e["event"] == "listening",
                               what=f"page {account} listening")


def start_with_fakes(desktop, messenger, profile, *names, env=None):
    """Adds a fake account per name, starts the app (with `env` added to its environment), and
    waits until every page listens for the test's commands. Returns the account ids and the app."""
    ids = [add_fake(profile, messenger, name) for name in names]
    messenger.reports.clear()
    app = App(desktop, profile, env)
    try:
        for name in names:
            listening(messenger, name)
    except BaseException:
        app.kill()
        raise
    return ids, app


def start_whatsapp_shop(desktop, messenger, profile):
    """The app on one WhatsApp account, "WhatsApp — Shop" (the fake page built like WhatsApp
    Web), once its page listens. Returns the app."""
    cli(profile, "services", "add", "whatsapp", "--label", "WhatsApp — Shop", "--url", messenger.url("WA", page="/whatsapp/"))
    messenger.reports.clear()
    app = App(desktop, profile)
    try:
        listening(messenger, "WA")
    except BaseException:
        app.kill()
        raise
    return app


def visible(messenger, account, state):
    """Waits until the page of `account` reports being "visible" or "hidden"."""
    messenger.reports.wait_for(lambda e: e["account"] == account and e["event"] in ("load", "visibility")
                               and e["visible"] == state, what=f"page {account} {state}")


def reported(messenger, account, event, timeout=10, **fields):
    """Waits until the page of `account` reports `event` with these fields ("chat_open" with its
    peer, "draft" with the message box's text)."""
    return messenger.reports.wait_for(
        lambda e: e["account"] == account and e["event"] == event and all(e.get(k) == v for k, v in fields.items()),
        timeout, f"{event} {fields} from the page of {account}")
