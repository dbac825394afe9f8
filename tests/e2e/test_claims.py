"""End to end: what the README promises that no other test checked."""

import json
import re

from accounts import add_fake, listening, start_with_fakes, visible
from harness import App, cli, wait_until
from test_hardening import service_line
from test_vault import ENTER, LOCK, lock_settings, notice_saying


def test_without_a_tray_closing_the_window_quits(desktop, messenger, tmp_path):
    profile = tmp_path / "profile"
    _, app = start_with_fakes(desktop, messenger, profile, "Q")
    try:
        # No tray host on this desktop: hiding the window would lose it, so closing quits.
        desktop.close_window(app.window, until=lambda: not app.alive())
    finally:
        app.kill()


def system_files(desktop):
    """Everything of Switchboard's in the desktop's own config, data and cache folders."""
    return {p for d in ("config", "data", "cache") for p in (desktop.tmp / d).rglob("*")
            if "switchboard" in str(p.relative_to(desktop.tmp)).lower()}


def test_a_profile_folder_keeps_all_state_and_the_system_folders_get_none(desktop, messenger, tmp_path):
    profile = tmp_path / "profile"
    before = system_files(desktop)  # (what earlier tests' runs left is theirs)
    _, app = start_with_fakes(desktop, messenger, profile, "F")
    try:
        messenger.command("F", "login", user="fay")
        messenger.reports.wait_for(lambda e: e["account"] == "F" and e["event"] == "load" and e.get("cookieUser") == "fay", what="signed in")
        # The signed-in page is a new one: a command sent before it listens would go to the old.
        listening(messenger, "F")
        messenger.command("F", "notify", title="Hello", body="in the history")
        # (The first run after a build, on a busy machine, meets every cache cold.)
        wait_until(lambda: (profile / "data" / "history.jsonl").exists(), 30, "the history written")
        app.quit()
    finally:
        app.kill()
    # This run put nothing of Switchboard's in the desktop's own config, data and cache folders.
    assert system_files(desktop) - before == set(), sorted(system_files(desktop) - before)
    assert (profile / "settings.json").exists() and (profile / "data" / "accounts").is_dir()


def test_a_second_launch_brings_a_hidden_window_forward(desktop, messenger, tmp_path, tray_host):
    profile = tmp_path / "profile"
    _, app = start_with_fakes(desktop, messenger, profile, "W")
    try:
        wait_until(lambda: desktop.tray_item(app.pid), 10, "the tray icon registered")
        desktop.close_window(app.window, until=lambda: not desktop.window_shown(app.window))
        visible(messenger, "W", "hidden")
        messenger.reports.mark()  # what the page says next is about the window coming back
        assert "already running" in cli(profile, env=desktop.env).stdout
        wait_until(lambda: desktop.window_shown(app.window), 5, "the window forward again")
        visible(messenger, "W", "visible")
        app.quit()
    finally:
        app.kill()


def test_the_tray_turns_on_quiet_locks_quits_and_names_no_account_while_locked(desktop, messenger, tmp_path, tray_host):
    profile = tmp_path / "profile"
    _, app = start_with_fakes(desktop, messenger, profile, "Y")
    try:
        item = wait_until(lambda: desktop.tray_item(app.pid), 10, "the tray icon registered")
        desktop.click_tray_item(item, dict(desktop.tray(item)[1])["Do not disturb"])
        wait_until(lambda: json.loads((profile / "settings.json").read_text())["dnd"]["on"] is True, 5, "quiet on")
        wait_until(lambda: app.run_js("return document.getElementById('dnd').getAttribute('aria-pressed')") == "true",
                   5, "the sidebar says so")

        lock_settings(app)
        notice_saying(app, "App lock is on")
        app.ui_click("#settings-dialog .close")
        lock = wait_until(lambda: dict(desktop.tray(item)[1]).get("Lock Switchboard"), 5, "Lock in the tray menu")
        desktop.click_tray_item(item, lock)
        wait_until(lambda: app.run_js("return !document.getElementById('lock-screen').hidden"), 5, "locked from the tray")
        labels = wait_until(lambda: (lambda m: m if "Unlock…" in m else None)([label for label, _ in desktop.tray(item)[1]]),
                            5, "the locked menu")
        assert not [label for label in labels if "Fake Y" in label], f"a locked tray names an account: {labels}"
        app.ui_type("#unlock-password", LOCK + ENTER)
        wait_until(lambda: app.run_js("return document.getElementById('lock-screen').hidden"), 10, "unlocked")

        import dbus
        try:
            desktop.click_tray_item(item, dict(desktop.tray(item)[1])["Quit Switchboard"])
        except dbus.DBusException as e:  # it may quit before answering the click
            assert "NoReply" in e.get_dbus_name(), e
        wait_until(lambda: not app.alive(), 15, "quit from the tray")
    finally:
        app.kill()


def test_ctrl_n_wakes_a_sleeping_account(desktop, messenger, tmp_path):
    profile = tmp_path / "profile"
    (n1, n2), app = start_with_fakes(desktop, messenger, profile, "N1", "N2")
    try:
        cli(profile, "services", "sleep", n2, env=desktop.env)
        wait_until(lambda: "asleep" in service_line(app, 1), 5, "N2 asleep")
        messenger.reports.clear()
        app.key("ctrl+2")
        listening(messenger, "N2")
        visible(messenger, "N2", "visible")
        wait_until(lambda: "asleep" not in service_line(app, 1), 5, "N2 awake in the sidebar")
        app.quit()
    finally:
        app.kill()


def test_the_add_dialog_is_used_with_arrows_and_enter(desktop, tmp_path):
    profile = tmp_path / "profile"
    app = App(desktop, profile)
    try:
        app.ui_click("#welcome-add")
        # A real click in the search field, so the keys below go where a user's would.
        x, y = app.run_js("const r = document.getElementById('search').getBoundingClientRect();"
                          " return [Math.round(r.x + 20), Math.round(r.y + r.height / 2)]")
        app.click(x, y)
        app.type("tele")
        try:
            wait_until(lambda: app.run_js("return document.getElementById('search').value") == "tele", 5, "typed")
        except AssertionError:
            raise AssertionError((x, y, app.run_js("return [document.activeElement.id, document.getElementById('search').value, document.hasFocus()]"))) from None
        first = app.run_js("return document.querySelector('#catalog li[aria-selected=true]').dataset.id")
        app.key("Down")
        second = app.run_js("return document.querySelector('#catalog li[aria-selected=true]').dataset.id")
        assert (first, second) == ("telegram", "custom"), (first, second)
        app.key("Up")
        app.key("Return")
        wait_until(lambda: not app.run_js("return document.getElementById('details').hidden"), 5, "Telegram chosen")
        assert app.run_js("return document.getElementById('label').value").startswith("Telegram")
        app.key("Return")  # Enter adds it, with the suggested name
        try:
            wait_until(lambda: [a["service"] for a in json.loads(cli(profile, "services", "list", "--json").stdout)]
                       == ["telegram"], 10, "added")
        except AssertionError:
            raise AssertionError(app.run_js("return [document.activeElement.id, document.getElementById('add-error').textContent,"
                                            " document.getElementById('details').hidden]")) from None
        app.quit()
    finally:
        app.kill()


def test_pages_meet_a_browser_they_know(desktop, messenger, tmp_path):
    # WebKitGTK's own user agent claims "Version/60.5 Safari": a Safari that never was, which
    # clients log as odd. A page gets a current Safari's; a catalog site that needs Chrome, Chrome's.
    _, app = start_with_fakes(desktop, messenger, tmp_path / "profile", "U1")
    try:
        load = messenger.reports.wait_for(lambda e: e["account"] == "U1" and e["event"] == "load", what="the page loaded")
        agent = load["agent"]
        assert re.search(r"\) AppleWebKit/605\.1\.15 \(KHTML, like Gecko\) Version/2\d\.\d+ Safari/605\.1\.15$", agent), agent
        app.quit()
    finally:
        app.kill()


def test_the_account_shown_loads_first(desktop, messenger, tmp_path):
    profile = tmp_path / "profile"
    ids = [add_fake(profile, messenger, name) for name in ("O1", "O2", "O3")]
    settings = json.loads((profile / "settings.json").read_text())
    settings["active"] = ids[2]
    (profile / "settings.json").write_text(json.dumps(settings))
    messenger.reports.clear()
    app = App(desktop, profile)
    try:
        for name in ("O1", "O2", "O3"):
            # A page reports "listening" before its load event, so wait for every load itself.
            messenger.reports.wait_for(lambda e, name=name: e["account"] == name and e["event"] == "load",
                                       what=f"page {name} loaded")
        # Each account has its own network process, so requests of pages opened a moment apart
        # can reach the server in either order; what the app controls is that the shown page
        # doesn't wait behind the others: it is asked for before any other page has loaded.
        events = [(e["account"], e["event"]) for e in messenger.reports.events if e["event"] in ("requested", "load")]
        shown_asked = events.index(("O3", "requested"))
        others_loaded = [i for i, (account, event) in enumerate(events) if event == "load" and account != "O3"]
        assert shown_asked < min(others_loaded), f"the account shown waited behind the others: {events}"
        app.quit()
    finally:
        app.kill()
