"""End to end: what every desktop messenger does. Starting with the system: off by default; a
tick in Settings writes the system's autostart entry (XDG, in the user's ~/.config/autostart),
its command starts Switchboard hidden in the tray when asked to — the accounts receiving, the
window back from the tray — and the untick removes it."""

import json
import shlex
import subprocess
import time

from accounts import add_fake, listening
from harness import App, app_log, as_users_run_it, wait_until


def exec_line(entry):
    """The command of a desktop entry, as the session starts it."""
    line = next(l for l in entry.read_text().splitlines() if l.startswith("Exec="))
    return shlex.split(line[len("Exec="):])


def shown_windows(desktop):
    """The Switchboard windows shown on the screen."""
    found = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", r"^Switchboard( \([0-9]+\))?$"], env=desktop.env,
                           capture_output=True, text=True)  # exits 1 when none is shown
    return found.stdout.split()


def test_start_with_the_system_hidden_in_the_tray(desktop, messenger, tmp_path, tray_host):
    profile, home = tmp_path / "profile", tmp_path / "home"
    home.mkdir()
    entry = home / ".config" / "autostart" / "Switchboard.desktop"
    env = {"HOME": str(home)}
    add_fake(profile, messenger, "A1")
    app = App(desktop, profile, env)
    try:
        app.key("ctrl+comma")
        wait_until(lambda: app.run_js("return !document.getElementById('settings-dialog').hidden"), 5, "settings open")
        wait_until(lambda: app.run_js("return document.getElementById('autostart-hint').textContent") != "", 5, "its state read")
        assert app.run_js("const on = document.getElementById('autostart-on'), hidden = document.getElementById('autostart-hidden');"
                          "return [on.checked, hidden.checked, hidden.disabled]") == [False, False, True], "off by default"
        assert not entry.exists()
        app.ui_click("#autostart-on")
        wait_until(entry.exists, 5, "the autostart entry written")
        command = exec_line(entry)
        assert command[1:] == ["--autostart", "--profile", str(profile)], command
        wait_until(lambda: app.run_js("return document.getElementById('autostart-hidden').disabled") is False, 5, "hidden offered")
        app.ui_click("#autostart-hidden")
        wait_until(lambda: json.loads((profile / "settings.json").read_text()).get("start_hidden") is True, 5, "saved")
        time.sleep(0.5)
        desktop.screenshot("settings-autostart.png")
        app.quit()
    finally:
        app.kill()

    # The next session starts the entry's command: no window, the account's page receiving, the
    # tray icon there to bring the window back.
    messenger.reports.clear()
    before = len(desktop.notifications())
    with app_log(desktop) as log:
        started = subprocess.Popen(command, env=as_users_run_it(desktop, env), stderr=log)
    try:
        item = wait_until(lambda: desktop.tray_item(started.pid), 20, "the tray icon")
        listening(messenger, "A1")
        messenger.command("A1", "notify", title="Анна", body="Заказ готов?")
        wait_until(lambda: ("Fake A1: Анна", "Заказ готов?") in desktop.notifications()[before:], 10, "an alert while hidden")
        assert shown_windows(desktop) == [], "started hidden in the tray"
        desktop.click_tray_item(item, dict(desktop.tray(item)[1])["Show window"])
        wait_until(lambda: shown_windows(desktop), 5, "the window back from the tray")
    finally:
        started.terminate()
        started.wait(20)

    # Turned off again: the entry goes.
    app = App(desktop, profile, env)
    try:
        app.key("ctrl+comma")
        wait_until(lambda: app.run_js("return document.getElementById('autostart-on').checked") is True, 5, "its state read")
        app.ui_click("#autostart-on")
        wait_until(lambda: not entry.exists(), 5, "the autostart entry removed")
        app.quit()
    finally:
        app.kill()
