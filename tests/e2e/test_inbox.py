"""End to end: notifications and unread counts from pages reach the desktop and the sidebar."""

import json
import re
import time
from pathlib import Path
from urllib.parse import unquote

from accounts import add_fake, listening, start_with_fakes
from harness import App, cli, wait_until

NOTIFY_BURST = 10  # inbox::NOTIFY_BURST: notifications per account in any 10 s


def badges(app):
    return app.run_js("""return [...document.querySelectorAll('li.account')].map(li => {
        const b = li.querySelector('.badge'); return b.hidden ? 0 : Number(b.textContent) })""")


def test_page_notifications_reach_the_desktop(desktop, messenger, tmp_path):
    profile = tmp_path / "profile"
    before = len(desktop.notifications())
    _, app = start_with_fakes(desktop, messenger, profile, "N1", "N2")
    try:
        messenger.command("N2", "permission")
        messenger.reports.wait_for(lambda e: e["event"] == "permission:granted", what="permission granted")

        # A hidden account's page notifies: the OS gets "Account: title" and the body.
        messenger.command("N2", "notify", title="Анна", body="Здравствуйте! 你好 <b>bold</b>")
        wait_until(lambda: ("Fake N2: Анна", "Здравствуйте! 你好 &lt;b&gt;bold&lt;/b&gt;") in desktop.notifications()[before:],
                   10, "the notification on D-Bus")

        # Clicking it shows the window on that account and calls the page's own click handler.
        index = desktop.notifications().index(("Fake N2: Анна", "Здравствуйте! 你好 &lt;b&gt;bold&lt;/b&gt;"))
        assert [row[1] for row in app.sidebar()] == [True, False]
        desktop.click_notification(index)
        messenger.reports.wait_for(lambda e: e["account"] == "N2" and e["event"] == "clicked:Анна", what="page click handler")
        wait_until(lambda: [row[1] for row in app.sidebar()] == [False, True], 5, "switched to N2")
        messenger.reports.wait_for(lambda e: e["account"] == "N2" and e["visible"] == "visible", what="N2 visible")

        # It carries the service's icon: the monogram on its colour, as the sidebar draws it.
        shown = desktop.notify_calls()[index]
        assert shown["icon"].startswith("file://") and shown["icon"].endswith(".svg"), shown
        icon = Path(unquote(shown["icon"][len("file://"):]))
        assert icon.is_relative_to(profile) and ">IP</text>" in icon.read_text()

        # A later notification with the same tag replaces the earlier one, not stacks on it.
        messenger.command("N1", "notify", title="Заказ №1", body="paid", tag="order-1")
        wait_until(lambda: ("Fake N1: Заказ №1", "paid") in desktop.notifications()[before:], 10, "tagged notification")
        messenger.command("N1", "notify", title="Заказ №1", body="shipped", tag="order-1")
        wait_until(lambda: ("Fake N1: Заказ №1", "shipped") in desktop.notifications()[before:], 10, "its update")
        first, update = [n for n in desktop.notify_calls()[before:] if n["summary"] == "Fake N1: Заказ №1"]
        assert (first["replaces"], update["replaces"]) == (0, first["id"])
        messenger.command("N2", "notify", title="Other", body="same tag, other account", tag="order-1")
        wait_until(lambda: ("Fake N2: Other", "same tag, other account") in desktop.notifications()[before:], 10, "N2")
        assert desktop.notify_calls()[-1]["replaces"] == 0

        # A page that closes its notification (the chat was read) takes it off the desktop, and
        # its onclose runs once.
        messenger.command("N1", "notify", title="Прочитано", body="read soon")
        wait_until(lambda: ("Fake N1: Прочитано", "read soon") in desktop.notifications()[before:], 10, "to be closed")
        shown_id = next(n["id"] for n in desktop.notify_calls()[before:] if n["summary"] == "Fake N1: Прочитано")
        messenger.command("N1", "closeNotification", title="Прочитано")
        wait_until(lambda: shown_id in desktop.closed_ids(), 10, "CloseNotification for it")
        messenger.reports.wait_for(lambda e: e["account"] == "N1" and e["event"] == "closed:Прочитано", what="onclose")
        time.sleep(1)
        assert [e["event"] for e in messenger.reports.events].count("closed:Прочитано") == 1, "onclose ran once"

        # An event the IPC hands over twice (Tauri retries over postMessage when its fetch failed
        # after the call ran) reaches the desktop once.
        messenger.command("N2", "twice", title="Дважды")
        messenger.reports.wait_for(lambda e: e["account"] == "N2" and e["event"] == "sent-twice", what="sent twice")
        wait_until(lambda: ("Fake N2: Дважды", "once") in desktop.notifications()[before:], 10, "the notification")
        time.sleep(1)
        assert desktop.notifications()[before:].count(("Fake N2: Дважды", "once")) == 1, "delivered once"

        # The service-worker path arrives the same way.
        messenger.command("N1", "swNotify", title="Bob", body="via the service worker")
        wait_until(lambda: ("Fake N1: Bob", "via the service worker") in desktop.notifications()[before:],
                   10, "the service-worker notification on D-Bus")
        app.quit()
    finally:
        app.kill()


def test_title_and_badge_counts_show_in_the_sidebar_and_window_title(desktop, messenger, tmp_path):
    profile = tmp_path / "profile"
    _, app = start_with_fakes(desktop, messenger, profile, "T1", "T2")
    try:
        messenger.command("T1", "title", text="(3) Fake Messenger")
        messenger.command("T2", "title", text="Fake Messenger (5)")
        wait_until(lambda: badges(app) == [3, 5], 10, "title counts as badges")
        wait_until(lambda: desktop.xdotool("getwindowname", app.window).strip() == "Switchboard (8)", 5, "total in title")

        # The Badging API wins over the title, also when the page clears it (it says: nothing
        # unread), while the title still shows a number.
        messenger.command("T2", "badge", count=1)
        wait_until(lambda: badges(app) == [3, 1], 10, "badge API count")
        messenger.command("T2", "clearBadge")
        wait_until(lambda: badges(app) == [3, 0], 10, "the cleared badge wins over the title's (5)")
        messenger.command("T2", "badge", count=2)
        messenger.command("T1", "title", text="Fake Messenger")
        wait_until(lambda: badges(app) == [0, 2], 10, "count cleared")
        wait_until(lambda: desktop.xdotool("getwindowname", app.window).strip() == "Switchboard (2)", 5, "total follows")
        time.sleep(0.3)
        desktop.screenshot("badges.png")
        app.quit()
    finally:
        app.kill()


def test_a_page_that_shows_unread_only_in_its_icon_gets_a_dot(desktop, messenger, tmp_path):
    _, app = start_with_fakes(desktop, messenger, tmp_path / "profile", "F1", "F2")
    dots = lambda: app.run_js("""return [...document.querySelectorAll('li.account .badge')].map(b =>
        b.hidden ? '' : b.classList.contains('dot') ? 'dot' : b.textContent)""")
    usual = messenger.url("F2").split("/?")[0] + "/static/favicon.svg"
    drawn = "data:image/svg+xml," + "%3Csvg xmlns='http://www.w3.org/2000/svg'%3E%3Ccircle r='4' fill='red'/%3E%3C/svg%3E"
    try:
        wait_until(lambda: dots() == ["", ""], 10, "nothing unread")
        messenger.command("F2", "favicon", href=drawn)
        wait_until(lambda: dots() == ["", "dot"], 10, "a dot for the icon with a badge drawn in")
        messenger.command("F2", "title", text="(2) Fake")
        wait_until(lambda: dots() == ["", "2"], 10, "a number says more than the icon")
        messenger.command("F2", "title", text="Fake")
        wait_until(lambda: dots() == ["", "dot"], 10, "the icon again")
        messenger.command("F2", "favicon", href=usual)
        wait_until(lambda: dots() == ["", ""], 10, "read: the usual icon is back")
        messenger.command("F2", "favicon", href=usual.replace("favicon.svg", "favicon-v2.svg"))
        time.sleep(1)
        assert dots() == ["", ""], "a new usual icon is no unread"
        app.quit()
    finally:
        app.kill()


def test_counts_only_in_the_chat_list_are_read_by_the_catalog_rule(desktop, messenger, tmp_path):
    """A page built like Telegram's WebK client: its title never has a count, only its chat list."""
    profile = tmp_path / "profile"
    cli(profile, "services", "add", "telegram", "--label", "Telegram — Support",
        "--url", messenger.url("TG", page="/telegram/"))
    messenger.reports.clear()
    app = App(desktop, profile)
    try:
        listening(messenger, "TG")
        assert badges(app) == [0]
        messenger.command("TG", "unread", peer="5001", count=2)
        messenger.command("TG", "unread", peer="-1003", count=3)
        wait_until(lambda: badges(app) == [5], 10, "the chat list's counters added up")
        wait_until(lambda: desktop.xdotool("getwindowname", app.window).strip() == "Switchboard (5)", 5, "total in title")
        time.sleep(0.5)
        desktop.screenshot("chat-list-badges.png")

        # A muted chat's counter is left out; the title's number doesn't override the list.
        messenger.command("TG", "mute", peer="-1003", muted=True)
        messenger.command("TG", "title", text="(9) Telegram Web")
        wait_until(lambda: badges(app) == [2], 10, "muted chat left out")
        messenger.command("TG", "unread", peer="5001", count=0)
        wait_until(lambda: badges(app) == [0], 10, "read: only the muted chat's counter is left")
        messenger.command("TG", "mute", peer="-1003", muted=False)
        wait_until(lambda: badges(app) == [3], 10, "unmuted chat counts again")
        app.quit()
    finally:
        app.kill()


def test_a_flood_is_bounded_and_the_app_stays_responsive(desktop, messenger, tmp_path):
    profile = tmp_path / "profile"
    before = len(desktop.notifications())
    _, app = start_with_fakes(desktop, messenger, profile, "F")
    try:
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


# Every command the app registers for its own UI (read from the list build.rs uses), and core
# ones a page might try.
COMMANDS_LIST = Path(__file__).resolve().parents[2] / "src-tauri" / "src" / "commands_list.rs"
SHELL_COMMANDS = [c for c in re.findall(r'^\s*"(\w+)",', COMMANDS_LIST.read_text(), re.M) if c != "page_event"]
CORE_COMMANDS = ["plugin:event|emit", "plugin:webview|create_webview_window", "plugin:window|close",
                 "plugin:app|app_hide", "plugin:webview|get_all_webviews"]


def test_a_hostile_page_gets_nothing_but_its_own_page_events(desktop, messenger, tmp_path):
    profile = tmp_path / "profile"
    before = len(desktop.notifications())
    (evil, victim), app = start_with_fakes(desktop, messenger, profile, "Evil", "Victim")
    settings_before = (profile / "settings.json").read_text()
    try:
        messenger.command("Evil", "hostile", commands=SHELL_COMMANDS + CORE_COMMANDS, victim=victim)
        report = messenger.reports.wait_for(lambda e: e["event"] == "hostile", 30, what="the hostile page's results")
        results = report["results"]
        refused = {c: r for c, r in results.items() if c != "page_event"}
        # Refused by the access control itself, not by a bad argument.
        assert all(r.startswith("refused") and "not allowed" in r for r in refused.values()), refused
        assert results["page_event"] == "ok"
        # Its one notification is its own, whatever account it claimed.
        wait_until(lambda: ("Fake Evil: forged", "b") in desktop.notifications()[before:], 10, "its own notification")
        assert not [n for n in desktop.notifications()[before:] if n[0].startswith("Fake Victim")]
        assert [row[0] for row in app.sidebar()] == ["Fake Evil", "Fake Victim"]
        assert (profile / "settings.json").read_text() == settings_before, "the settings file is untouched"
        assert (profile / "data" / "accounts" / victim).is_dir()
        history = (profile / "data" / "history.jsonl").read_text()
        assert "Victim" not in history and history.count("\n") == 1, history
        app.quit()
        assert (profile / "settings.json").read_text() == settings_before
        contacts = cli(profile, "contacts", "search", "pwned", "--json")
        assert json.loads(contacts.stdout) == [], "nothing reached the contact index"
    finally:
        app.kill()


def dnd_dialog(app, *clicks, script=None):
    """Opens the do-not-disturb dialog, clicks its checkboxes, runs `script`, saves."""
    app.ui_click("#dnd")
    for css in clicks:
        app.ui_click(css)
    if script:
        app.run_js(script)
    app.ui_click("#dnd-form button[type=submit]")


def dnd_shown(app):
    return app.run_js("return document.getElementById('dnd').getAttribute('aria-pressed')")


def test_mute_and_do_not_disturb_hold_notifications_but_keep_counts(desktop, messenger, tmp_path):
    profile = tmp_path / "profile"
    (account,), app = start_with_fakes(desktop, messenger, profile, "M")

    def notify_and_expect(title, delivered):
        before = len(desktop.notifications())
        messenger.command("M", "notify", title=title, body="…")
        if delivered:
            wait_until(lambda: ("Fake M: " + title, "…") in desktop.notifications()[before:], 10, f"{title} delivered")
        else:
            # The app's own record says it held this one back (it decides and records at once).
            def held():
                history = profile / "data" / "history.jsonl"
                lines = history.read_text().splitlines() if history.exists() else []
                return [json.loads(line)["delivered"] for line in lines if json.loads(line)["title"] == title]
            assert wait_until(held, 10, f"{title} recorded") == [False]
            assert desktop.notifications()[before:] == [], f"{title} was delivered"

    try:
        messenger.command("M", "title", text="(2) Fake")
        wait_until(lambda: badges(app) == [2], 10, "badge")

        # Muted, badge kept: nothing pops up, the count stays.
        app.ui_click(f'li.account[data-id="{account}"] .more')
        app.ui_click('#menu [data-action="mute-keep"]')
        wait_until(lambda: json.loads((profile / "settings.json").read_text())["accounts"][0].get("mute") == "keep_badge",
                   5, "mute saved")
        notify_and_expect("while muted", delivered=False)
        messenger.command("M", "title", text="(4) Fake")
        wait_until(lambda: badges(app) == [4], 10, "count still updates while muted")

        # Muted with the badge hidden.
        app.ui_click(f'li.account[data-id="{account}"] .more')
        app.ui_click('#menu [data-action="mute-hide"]')
        wait_until(lambda: badges(app) == [0], 5, "badge hidden")

        # Unmuted: notifications flow again and the badge is back.
        app.ui_click(f'li.account[data-id="{account}"] .more')
        app.ui_click('#menu [data-action="unmute"]')
        wait_until(lambda: badges(app) == [4], 5, "badge back")
        notify_and_expect("unmuted", delivered=True)

        # Do not disturb from the sidebar: held back; counts still move; off again delivers.
        dnd_dialog(app, "#dnd-on")
        wait_until(lambda: dnd_shown(app) == "true", 5, "DND shown as on")
        notify_and_expect("during DND", delivered=False)
        messenger.command("M", "title", text="(6) Fake")
        wait_until(lambda: badges(app) == [6], 10, "count updates during DND")

        # A daily schedule that covers the present minute keeps it quiet without the toggle.
        now = time.localtime()
        minute = now.tm_hour * 60 + now.tm_min
        fmt = lambda m: f"{(m // 60) % 24:02d}:{m % 60:02d}"
        dnd_dialog(app, "#dnd-on", "#dnd-scheduled",
                   script=f"document.getElementById('dnd-from').value = '{fmt((minute + 1439) % 1440)}';"
                          f"document.getElementById('dnd-to').value = '{fmt((minute + 3) % 1440)}'")
        wait_until(lambda: json.loads((profile / "settings.json").read_text())["dnd"].get("schedule"), 5, "schedule saved")
        assert json.loads((profile / "settings.json").read_text())["dnd"]["on"] is False
        notify_and_expect("scheduled quiet", delivered=False)

        dnd_dialog(app, "#dnd-scheduled")
        wait_until(lambda: dnd_shown(app) == "false", 5, "DND off")
        notify_and_expect("after DND", delivered=True)
        app.quit()
    finally:
        app.kill()


def test_the_sidebar_turns_quiet_when_the_schedule_starts(desktop, messenger, tmp_path):
    """Nothing else happens at the schedule's start: the app wakes itself for it."""
    profile = tmp_path / "profile"
    _, app = start_with_fakes(desktop, messenger, profile, "S")
    try:
        now = time.localtime()
        start = now.tm_hour * 60 + now.tm_min + (1 if now.tm_sec < 50 else 2)
        fmt = lambda m: f"{(m // 60) % 24:02d}:{m % 60:02d}"
        dnd_dialog(app, "#dnd-scheduled", script=f"document.getElementById('dnd-from').value = '{fmt(start)}';"
                                                  f"document.getElementById('dnd-to').value = '{fmt(start + 60)}'")
        wait_until(lambda: json.loads((profile / "settings.json").read_text())["dnd"].get("schedule"), 5, "schedule saved")
        assert dnd_shown(app) == "false"
        wait_until(lambda: dnd_shown(app) == "true", 135, "quiet from the schedule's first minute", step=1)
        app.quit()
    finally:
        app.kill()


def history_titles(app):
    return app.run_js("return [...document.querySelectorAll('#history-list .entry .title')].map(e => e.textContent)")


def test_notification_history_is_kept_filtered_and_opens_the_account(desktop, messenger, tmp_path):
    profile = tmp_path / "profile"
    cli(profile, "services", "add", "custom", "--url", messenger.url("H1"), "--label", "Shop")
    second = cli(profile, "services", "add", "custom", "--url", messenger.url("H2", host="localhost"),
                 "--label", "Support").stdout.strip()
    messenger.reports.clear()
    app = App(desktop, profile)
    try:
        listening(messenger, "H1")
        listening(messenger, "H2")
        messenger.command("H1", "notify", title="Первое", body="Tom & Jerry <3")
        # Escaped for the notification server, which reads markup in the body …
        wait_until(lambda: ("Shop: Первое", "Tom &amp; Jerry &lt;3") in desktop.notifications(), 10, "first delivered")
        messenger.command("H2", "notify", title="第二", body="two")
        wait_until(lambda: ("Support: 第二", "two") in desktop.notifications(), 10, "second delivered")

        app.ui_click("#history-open")
        wait_until(lambda: history_titles(app) == ["第二", "Первое"], 5, "newest first")
        # … and shown in the history as the page wrote it.
        assert app.run_js("return [...document.querySelectorAll('#history-list .entry .body')].map(e => e.textContent)") \
            == ["two", "Tom & Jerry <3"]
        app.run_js("const f = document.getElementById('history-filter'); f.value = 'localhost';"
                   "f.dispatchEvent(new Event('change'))")
        wait_until(lambda: history_titles(app) == ["第二"], 5, "filtered by service")
        time.sleep(1)  # the widened sidebar paints a moment after it is laid out
        desktop.screenshot("history.png")
        app.ui_click("#history-list .entry")
        wait_until(lambda: [row[1] for row in app.sidebar()] == [False, True], 5, "the account opened")
        assert app.run_js("return document.getElementById('history-panel').hidden")
        app.quit()
    finally:
        app.kill()

    # Kept across a restart; removing an account removes its history.
    app = App(desktop, profile)
    try:
        app.ui_click("#history-open")
        wait_until(lambda: history_titles(app) == ["第二", "Первое"], 5, "history after restart")
        app.key("Escape")
        cli(profile, "services", "remove", second)
        wait_until(lambda: [row[0] for row in app.sidebar()] == ["Shop"], 10, "removed")
        app.ui_click("#history-open")
        wait_until(lambda: history_titles(app) == ["Первое"], 5, "its history gone")
        app.quit()
    finally:
        app.kill()


def test_the_tray_shows_the_total_and_its_menu_opens_accounts(desktop, messenger, tmp_path, tray_host):
    profile = tmp_path / "profile"
    _, app = start_with_fakes(desktop, messenger, profile, "Y1", "Y2")
    try:
        item = wait_until(lambda: desktop.tray_item(app.pid), 10, "the tray icon registered")
        messenger.command("Y1", "title", text="(2) Fake")
        messenger.command("Y2", "title", text="(5) Fake")
        wait_until(lambda: desktop.tray(item)[0] == "7", 10, "the total beside the tray icon")
        labels = wait_until(lambda: [l for l, _ in desktop.tray(item)[1] if l.startswith("Fake")] or None, 5, "menu")
        assert labels == ["Fake Y1 (2)", "Fake Y2 (5)"]
        assert {"Do not disturb", "Hide window", "Quit Switchboard"} <= {l for l, _ in desktop.tray(item)[1]}

        # Its menu opens an account.
        menu_id = dict(desktop.tray(item)[1])["Fake Y2 (5)"]
        desktop.click_tray_item(item, menu_id)
        wait_until(lambda: [row[1] for row in app.sidebar()] == [False, True], 5, "Y2 shown from the tray")

        # Closing the window hides it to the tray; the pages keep running and counting.
        desktop.close_window(app.window, until=lambda: not desktop.window_shown(app.window))
        messenger.command("Y1", "title", text="(3) Fake")
        wait_until(lambda: desktop.tray(item)[0] == "8", 10, "counts still arrive while hidden")
        desktop.click_tray_item(item, dict(desktop.tray(item)[1])["Show window"])
        wait_until(lambda: desktop.window_shown(app.window), 5, "the window back from the tray")

        # The user turns that off in Settings (Ctrl+,): closing the window now quits.
        app.key("ctrl+comma")
        wait_until(lambda: app.run_js("return !document.getElementById('settings-dialog').hidden"), 5, "settings open")
        assert app.run_js("const c = document.getElementById('close-to-tray'); return c.checked && !c.disabled")
        time.sleep(1)  # the widened sidebar paints a moment after it is laid out
        desktop.screenshot("settings.png")
        app.ui_click("#close-to-tray")
        wait_until(lambda: json.loads((profile / "settings.json").read_text())["close_to_tray"] is False, 5, "saved")
        desktop.close_window(app.window, until=lambda: not app.alive())
    finally:
        app.kill()


def test_an_account_with_private_alerts_names_neither_sender_nor_text(desktop, messenger, tmp_path):
    """⋯ → Private alerts: the desktop learns that a message came and to which account, not from
    whom or what (a screen others see); turned back, its alerts say who and what again."""
    from test_vault import account_menu
    profile = tmp_path / "profile"
    before = len(desktop.notify_calls())
    (private, _), app = start_with_fakes(desktop, messenger, profile, "P1", "P2")
    try:
        account_menu(app, private, "private")
        wait_until(lambda: json.loads(cli(profile, "services", "list", "--json").stdout)[0].get("private_alerts") is True, 10, "saved")
        messenger.command("P1", "notify", title="Анна Петрова", body="Заказ 5521: оплата картой")
        messenger.command("P2", "notify", title="Bob", body="see you")
        wait_until(lambda: len(desktop.notify_calls()) - before >= 2, 10, "both alerts on D-Bus")
        shown = {call["summary"]: call["body"] for call in desktop.notify_calls()[before:]}
        assert shown == {"New message in Fake P1": "", "Fake P2: Bob": "see you"}, shown
        assert not any("Анна" in c["summary"] + c["body"] or "5521" in c["summary"] + c["body"] for c in desktop.notify_calls()[before:]), \
            "neither sender nor text of the private account on the desktop"
        # Turned back: its alerts say who and what again.
        account_menu(app, private, "private")
        wait_until(lambda: "private_alerts" not in json.loads(cli(profile, "services", "list", "--json").stdout)[0], 10, "turned back")
        messenger.command("P1", "notify", title="Анна Петрова", body="ещё вопрос")
        wait_until(lambda: ("Fake P1: Анна Петрова", "ещё вопрос") in desktop.notifications(), 10, "a full alert again")
        app.quit()
    finally:
        app.kill()
