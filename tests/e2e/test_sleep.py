"""Sleeping accounts: a page closed to free its memory, and opened again where it was."""

import json
import time

from accounts import add_fake, listening, start_with_fakes
from harness import App, cli, descendants, kind, wait_until


def processes(pid, what="web"):
    """How many WebKit processes of a kind run under the app now: "web", one per open page and
    the sidebar's; "network", one per account's data folder and the sidebar's."""
    def is_it(p):
        try:
            return kind(p) == what
        except (FileNotFoundError, ProcessLookupError):
            return False
    return sum(map(is_it, descendants(pid)))


def service_line(app, account_id):
    return app.run_js(f"return document.querySelector('li.account[data-id=\"{account_id}\"] .service').textContent")


def memory_row(app, account_id):
    return app.run_js(f"return document.querySelector('#memory-rows tr[data-id=\"{account_id}\"]')?.textContent ?? ''")


def test_an_account_put_to_sleep_frees_its_page_and_wakes_where_it_was_still_logged_in(desktop, messenger, tmp_path):
    profile = tmp_path / "profile"
    ids, app = start_with_fakes(desktop, messenger, profile, "Z1", "Z2")
    z1, z2 = ids
    before = len(desktop.notifications())
    try:
        # Z2 signs in and opens a chat of its own (a page address of its own).
        messenger.reports.clear()
        messenger.command("Z2", "login", user="zoe")
        messenger.reports.wait_for(lambda e: e["account"] == "Z2" and e["event"] == "load" and e["cookieUser"] == "zoe",
                                   what="Z2 signed in")
        messenger.reports.wait_for(lambda e: e["account"] == "Z2" and e["event"] == "listening", what="Z2 listening")
        listening_at = lambda e: e["account"] == "Z2" and e["event"] == "listening" and "chat=7" in e["href"]  # noqa: E731
        messenger.command("Z2", "go", to="/?acct=Z2&chat=7")
        messenger.reports.wait_for(listening_at, what="Z2 on chat 7")
        awake_pages = processes(app.pid)

        # The Memory view (from the account's menu) shows what each account and the app cost.
        app.ui_click(f'li.account[data-id="{z2}"] .more')
        app.ui_click('#menu [data-action="memory"]')
        wait_until(lambda: "MB awake" in memory_row(app, z2), 10, "Z2's memory")
        assert "MB in all" in app.run_js("return document.getElementById('memory-summary').textContent")
        assert "Switchboard itself" in app.run_js("return document.getElementById('memory-rows').textContent")
        report = app.run_js("return window.__TAURI__.core.invoke('memory_report')")
        by_id = {a["id"]: a for a in report["accounts"]}
        assert by_id[z2]["web_kib"] > 10_000 and by_id[z2]["network_kib"] > 1_000, report
        assert by_id[z2]["processes"] == 2, "its page and its network process"
        # The account on screen can't be put to sleep from under the user.
        assert app.run_js(f"return document.querySelector('#memory-rows tr[data-id=\"{z1}\"] .sleep-now').disabled")
        refused = cli(profile, "services", "sleep", "Fake Z1", check=False)
        assert refused.returncode != 0 and "on screen" in refused.stderr, refused.stderr
        time.sleep(0.5)
        desktop.screenshot("memory.png")

        # Sleep now: its page closes, its web process ends, the sidebar says so.
        app.ui_click(f'#memory-rows tr[data-id="{z2}"] .sleep-now')
        wait_until(lambda: "asleep" in service_line(app, z2), 10, "Z2 shown asleep")
        assert "Asleep: no messages arrive until you open it" in app.sidebar()[1][2]
        wait_until(lambda: processes(app.pid) == awake_pages - 1, 10, "Z2's web process gone")
        wait_until(lambda: "asleep" in memory_row(app, z2), 10, "the Memory view says asleep")
        report = app.run_js("return window.__TAURI__.core.invoke('memory_report')")
        assert {a["id"]: a for a in report["accounts"]}[z2]["web_kib"] == 0
        assert "asleep" not in service_line(app, z1)
        time.sleep(0.5)
        desktop.screenshot("asleep.png")

        # Opening it wakes it: the same chat, still signed in, and its notifications come again.
        app.ui_click("#memory-dialog .close")
        messenger.reports.clear()
        app.ui_click(f'li.account[data-id="{z2}"]')
        woke = messenger.reports.wait_for(lambda e: e["account"] == "Z2" and e["event"] == "load", what="Z2 awake")
        assert "chat=7" in woke["href"] and woke["visible"] == "visible", woke
        assert (woke["cookieUser"], woke["storageUser"], woke["idbUser"], woke["server_cookie"]) == ("zoe", "zoe", "zoe", "session=zoe"), woke
        messenger.reports.wait_for(listening_at, what="Z2 listening again")
        assert "asleep" not in service_line(app, z2)
        assert processes(app.pid) == awake_pages
        messenger.command("Z2", "notify", title="Back", body="awake again")
        wait_until(lambda: ("Fake Z2: Back", "awake again") in desktop.notifications()[before:], 10, "its notification")
        app.quit()
    finally:
        app.kill()


def test_a_sleeping_account_ends_its_network_process_and_the_other_pages_never_notice(desktop, messenger, tmp_path):
    # As users run it: WebKit would end a WebDriver session with the network process.
    profile = tmp_path / "profile"
    for name in ("N1", "N2"):
        add_fake(profile, messenger, name)
    messenger.reports.clear()
    app = App(desktop, profile, webdriver=False)
    try:
        listening(messenger, "N1")
        listening(messenger, "N2")
        messenger.command("N2", "login", user="nia")
        messenger.reports.wait_for(lambda e: e["account"] == "N2" and e["event"] == "load" and e["cookieUser"] == "nia",
                                   what="N2 signed in")
        listening(messenger, "N2")
        networks = processes(app.pid, "network")
        assert networks == 3, "the sidebar's and one per account"

        # Asleep, and a few seconds on its network process (~20 MB) has ended too.
        cli(profile, "services", "sleep", "Fake N2")
        wait_until(lambda: processes(app.pid, "network") == networks - 1, 30, "N2's network process gone")

        # The page on screen goes on as before: it loads, it signs in, its alerts arrive.
        messenger.reports.clear()
        messenger.command("N1", "login", user="noor")
        messenger.reports.wait_for(lambda e: e["account"] == "N1" and e["event"] == "load" and e["cookieUser"] == "noor",
                                   what="N1 signed in after N2's network process ended")
        listening(messenger, "N1")
        messenger.command("N1", "notify", title="Still here", body="after N2 slept")
        wait_until(lambda: ("Fake N1: Still here", "after N2 slept") in desktop.notifications(), 10, "N1's alert")

        # Opening N2 (Ctrl+2) starts its network process again: still signed in, storage kept.
        messenger.reports.clear()
        app.key("ctrl+2")
        woke = messenger.reports.wait_for(lambda e: e["account"] == "N2" and e["event"] == "load", what="N2 awake")
        assert (woke["cookieUser"], woke["storageUser"], woke["idbUser"], woke["server_cookie"]) == ("nia", "nia", "nia", "session=nia"), woke
        assert processes(app.pid, "network") == networks
        app.quit()
    finally:
        app.kill()


def test_an_account_that_may_sleep_does_after_its_minutes_unused_and_the_one_on_screen_stays_awake(
        desktop, messenger, tmp_path):
    profile = tmp_path / "profile"
    ids, app = start_with_fakes(desktop, messenger, profile, "T1", "T2", "T3")
    t1, t2, t3 = ids
    # T2's minute runs from when its page was opened, hidden: just before it reported loading.
    opened = messenger.reports.wait_for(lambda e: e["account"] == "T2" and e["event"] == "load", what="T2 loaded")["_at"]
    try:
        # T1 (on screen) and T2 may sleep after a minute; T3 keeps the default: always on.
        for account in (t1, t2):
            app.run_js(f"return window.__TAURI__.core.invoke('set_sleep', {{ id: '{account}', sleep: {{ after: 1 }} }})")
        wait_until(lambda: "asleep" in service_line(app, t2), 90, "T2 asleep after its minute")
        assert time.monotonic() - opened >= 58, "asleep before its minute was up"
        assert "asleep" not in service_line(app, t1), "the account on screen stays awake"
        assert "asleep" not in service_line(app, t3), "always on by default"
        # The choice shows in the Memory view and is kept in the settings.
        app.ui_click("#settings-open")
        app.ui_click("#memory-open")
        wait_until(lambda: "asleep" in memory_row(app, t2), 10, "the Memory view")
        chosen = app.run_js(f"const s = document.querySelector('#memory-rows tr[data-id=\"{t2}\"] select');"
                            " return s.options[s.selectedIndex].text")
        assert chosen == "Sleep after 1 minute"
        listed = {a["id"]: a for a in json.loads(cli(profile, "services", "list", "--json").stdout)}
        assert listed[t2]["sleep"] == {"after": 1} and "sleep" not in listed[t3]

        # Removing an account while it sleeps still deletes its data.
        data = profile / "data" / "accounts" / t2
        assert data.is_dir()
        cli(profile, "services", "remove", t2)
        wait_until(lambda: not data.exists(), 15, "the sleeping account's data deleted")
        app.quit()
    finally:
        app.kill()


def test_a_chat_found_in_the_palette_wakes_its_sleeping_account_and_opens(desktop, messenger, tmp_path):
    profile = tmp_path / "profile"
    _, app = start_with_fakes(desktop, messenger, profile, "P1")
    try:
        tg = cli(profile, "services", "add", "telegram", "--label", "Telegram",
                 "--url", messenger.url("PT", page="/telegram/")).stdout.strip()
        messenger.reports.wait_for(lambda e: e["account"] == "PT" and e["event"] == "listening", what="PT listening")

        def found():
            app.run_js("document.getElementById('palette-results').dataset.query = '';"
                       "const i = document.getElementById('palette-input'); i.value = 'анна пет';"
                       " i.dispatchEvent(new Event('input'))")
            wait_until(lambda: app.run_js("return document.getElementById('palette-results').dataset.query") == "анна пет",
                       5, "the rows for the query")
            return app.run_js("return document.querySelector('#palette-results .result .who')?.textContent")

        # Its chats are in the index; then it sleeps, and they stay findable.
        app.key("ctrl+k")
        assert wait_until(found, 20, "Анна found", step=0.5) == "Анна Петрова"
        app.key("Escape")
        app.run_js(f"return window.__TAURI__.core.invoke('sleep_account', {{ id: '{tg}' }})")
        wait_until(lambda: "asleep" in service_line(app, tg), 10, "Telegram asleep")
        app.key("ctrl+k")
        assert wait_until(found, 20, "Анна found while her account sleeps", step=0.5) == "Анна Петрова"

        # Enter wakes the account and opens her chat once the page is back.
        messenger.reports.clear()
        app.key("Return")
        messenger.reports.wait_for(lambda e: e["account"] == "PT" and e["event"] == "chat_open" and e["peer"] == "5001",
                                   30, "Анна's chat open in the woken page")
        assert "asleep" not in service_line(app, tg)
        app.quit()
    finally:
        app.kill()
