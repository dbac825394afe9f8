"""End to end: notifications and unread counts from pages reach the desktop and the sidebar."""

import time

from harness import App, cli, wait_until

NOTIFY_BURST = 10  # inbox::NOTIFY_BURST: notifications per account in any 10 s


def add_fake(profile, messenger, name):
    return cli(profile, "services", "add", "custom", "--url", messenger.url(name), "--label", f"Fake {name}").stdout.strip()


def listening(messenger, account):
    messenger.reports.wait_for(lambda e: e["account"] == account and e["event"] == "listening",
                               what=f"page {account} listening")


def badges(app):
    return app.run_js("""return [...document.querySelectorAll('li.account')].map(li => {
        const b = li.querySelector('.badge'); return b.hidden ? 0 : Number(b.textContent) })""")


def test_page_notifications_reach_the_desktop(desktop, messenger, tmp_path):
    profile = tmp_path / "profile"
    add_fake(profile, messenger, "N1")
    add_fake(profile, messenger, "N2")
    messenger.reports.clear()
    before = len(desktop.notifications())
    app = App(desktop, profile)
    try:
        listening(messenger, "N1")
        listening(messenger, "N2")
        messenger.command("N2", "permission")
        messenger.reports.wait_for(lambda e: e["event"] == "permission:granted", what="permission granted")

        # A hidden account's page notifies: the OS gets "Account: title" and the body.
        messenger.command("N2", "notify", title="Анна", body="Здравствуйте! 你好 <b>bold</b>")
        wait_until(lambda: ("Fake N2: Анна", "Здравствуйте! 你好 &lt;b&gt;bold&lt;/b&gt;") in desktop.notifications()[before:],
                   10, "the notification on D-Bus")

        # The service-worker path arrives the same way.
        messenger.command("N1", "swNotify", title="Bob", body="via the service worker")
        wait_until(lambda: ("Fake N1: Bob", "via the service worker") in desktop.notifications()[before:],
                   10, "the service-worker notification on D-Bus")
        app.quit()
    finally:
        app.kill()


def test_title_and_badge_counts_show_in_the_sidebar_and_window_title(desktop, messenger, tmp_path):
    profile = tmp_path / "profile"
    add_fake(profile, messenger, "T1")
    add_fake(profile, messenger, "T2")
    messenger.reports.clear()
    app = App(desktop, profile)
    try:
        listening(messenger, "T1")
        listening(messenger, "T2")
        messenger.command("T1", "title", text="(3) Fake Messenger")
        messenger.command("T2", "title", text="Fake Messenger (5)")
        wait_until(lambda: badges(app) == [3, 5], 10, "title counts as badges")
        wait_until(lambda: desktop.xdotool("getwindowname", app.window).strip() == "Switchboard (8)", 5, "total in title")

        # The Badging API wins over the title; clearing it falls back to the title's number.
        messenger.command("T2", "badge", count=1)
        wait_until(lambda: badges(app) == [3, 1], 10, "badge API count")
        messenger.command("T1", "title", text="Fake Messenger")
        wait_until(lambda: badges(app) == [0, 1], 10, "count cleared")
        wait_until(lambda: desktop.xdotool("getwindowname", app.window).strip() == "Switchboard (1)", 5, "total follows")
        time.sleep(0.3)
        desktop.screenshot("badges.png")
        app.quit()
    finally:
        app.kill()


def test_a_flood_is_bounded_and_the_app_stays_responsive(desktop, messenger, tmp_path):
    profile = tmp_path / "profile"
    add_fake(profile, messenger, "F")
    messenger.reports.clear()
    before = len(desktop.notifications())
    app = App(desktop, profile)
    try:
        listening(messenger, "F")
        messenger.command("F", "flood", count=10_000)
        messenger.reports.wait_for(lambda e: e["event"] == "flooded", 60, what="the flood sent")
        started = time.monotonic()
        assert [row[0] for row in app.sidebar()] == ["Fake F"]
        assert time.monotonic() - started < 5, "the shell answered slowly during the flood"
        time.sleep(3)  # whatever was let through has reached the bus by now
        flood = [n for n in desktop.notifications()[before:] if n[0].startswith("Fake F: flood")]
        assert 1 <= len(flood) <= NOTIFY_BURST, len(flood)
        app.quit()
    finally:
        app.kill()
