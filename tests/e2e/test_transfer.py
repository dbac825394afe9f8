"""End to end: moving to a new computer. Settings → Export writes one file with the accounts,
their rules, the saved replies, do-not-disturb and (ticked) the contacts with their notes — and
never a saved password; a fresh profile shows what the file changes, imports it, and has the same
sidebar, rules, replies and contacts, its own settings kept as a backup. The command line does the
same for scripts, and a newer version's file gives what this one knows and names the rest."""

import json
import time

from harness import App, cli, wait_until

SECRET = "hunter2-never-exported"


def invoke(app, command, args=None):
    """A shell command's answer, as the window's own code gets it."""
    app.run_js("window.__answer = undefined; window.__TAURI__.core.invoke(%s, %s).then(v => { window.__answer = {ok: v} },"
               " e => { window.__answer = {err: e} })" % (json.dumps(command), json.dumps(args or {})))
    answer = wait_until(lambda: app.run_js("return window.__answer === undefined ? null : window.__answer"), 10, command)
    assert "ok" in answer, answer
    return answer["ok"]


def desk(app):
    """What the user sees of the accounts and their rules, and the replies."""
    view = invoke(app, "workspace")
    return [(a["label"], a["service"], a["mute"], a["private_alerts"]) for a in view["accounts"]], view["dnd"], invoke(app, "replies")


def open_settings(app):
    app.key("ctrl+comma")
    wait_until(lambda: app.run_js("return !document.getElementById('settings-dialog').hidden"), 5, "settings open")


def test_export_to_a_new_computer_and_import_there(desktop, messenger, tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    env = {"HOME": str(home), "XDG_DOCUMENTS_DIR": str(home / "Documents")}
    old, new = tmp_path / "old", tmp_path / "new"
    shop = cli(old, "services", "add", "whatsapp", "--label", "WhatsApp — Shop", "--url", messenger.url("T1", page="/whatsapp/")).stdout.strip()
    cli(old, "services", "add", "telegram", "--label", "Telegram — Support", "--url", messenger.url("T2", page="/telegram/"))
    cli(old, "vault", "set", shop, "--user", "anna@example.com", input=SECRET + "\n", env=desktop.env)
    cli(old, "contacts", "add", "Анна Петрова", "--phone", "+7 999 123-45-67", "--note", "VIP: wholesale prices")
    app = App(desktop, old, env)
    try:
        invoke(app, "set_mute", {"id": shop, "mute": "keep_badge"})
        invoke(app, "set_private_alerts", {"id": shop, "private": True})
        invoke(app, "set_dnd", {"on": False, "from": "22:00", "to": "08:00"})
        invoke(app, "set_replies", {"replies": [{"name": "Delivery", "text": "Доставка 3–5 дней"}]})
        before = desk(app)
        open_settings(app)
        app.ui_click("#transfer-contacts")
        app.ui_click("#transfer-export")
        wait_until(lambda: (app.notice() or "").startswith("Settings saved to "), 10, "the export said")
        exported = app.notice()[len("Settings saved to "):]
        app.quit()
    finally:
        app.kill()
    text = open(exported, encoding="utf-8").read()
    assert SECRET not in text and "No passwords, keys or sign-ins are in this file" in text
    assert "VIP: wholesale prices" in text and "Доставка 3–5 дней" in text

    # The new computer: its own settings first, then the file, after seeing what it changes.
    cli(new, "services", "add", "slack", "--label", "Slack — Team")
    app = App(desktop, new, env)
    try:
        open_settings(app)
        app.ui_type("#transfer-path", exported)
        app.ui_click("#transfer-preview")
        wait_until(lambda: app.run_js("return !document.getElementById('transfer-plan').hidden"), 10, "the changes shown")
        plan = app.run_js("return [...document.querySelectorAll('#transfer-plan li')].map(li => li.textContent)")
        assert plan[0] == "Adds accounts: WhatsApp — Shop, Telegram — Support", plan
        assert "Adds saved replies: 1" in plan and any(line.startswith("Changes settings: do not disturb") for line in plan), plan
        assert any(line.startswith("Contact cards to add: ") for line in plan), plan
        desktop.screenshot("settings-import-plan.png")
        assert invoke(app, "workspace")["accounts"][0]["label"] == "Slack — Team", "nothing changed before Import"
        app.ui_click("#transfer-import")
        wait_until(lambda: (app.notice() or "").startswith("Imported. The settings before were saved to "), 10, "the import said")
        backup = app.notice().split(" saved to ", 1)[1].rstrip(".")
        accounts, dnd, replies = desk(app)
        assert accounts == [("Slack — Team", "slack", "off", False)] + before[0] and (dnd, replies) == before[1:]
        wait_until(lambda: [label for label, _, _ in app.sidebar()] == ["Slack — Team", "WhatsApp — Shop", "Telegram — Support"], 10, "the sidebar")
        people = [(h["name"], h["note"]) for h in invoke(app, "contacts_search", {"query": "Анна"}) if h["person"]]
        assert people == [("Анна Петрова", "VIP: wholesale prices")], people
        assert invoke(app, "saved_login", {"id": shop}) is None, "no saved login came with the file"

        # The way back: the backup, imported in place of what is here, gives the sidebar it had.
        app.ui_type("#transfer-path", backup, clear=True)
        app.ui_click("input[name='transfer-mode'][value='replace']")
        app.ui_click("#transfer-preview")
        wait_until(lambda: app.run_js("return !document.getElementById('transfer-plan').hidden"), 10, "the changes shown")
        plan = app.run_js("return [...document.querySelectorAll('#transfer-plan li')].map(li => li.textContent)")
        assert "Removes accounts (and signs them out): WhatsApp — Shop, Telegram — Support" in plan, plan
        app.ui_click("#transfer-import")
        wait_until(lambda: [label for label, _, _ in app.sidebar()] == ["Slack — Team"], 10, "the sidebar as it was")
        assert desk(app)[2] == [], "its replies as they were: none"
        app.quit()
    finally:
        app.kill()


def test_the_command_line_and_a_newer_versions_file(tmp_path):
    source, target = tmp_path / "source", tmp_path / "target"
    cli(source, "services", "add", "telegram", "--label", "Telegram — Support")
    file = tmp_path / "settings.json"
    cli(source, "settings", "export", "--output", str(file))
    data = json.loads(file.read_text())
    data["switchboard_settings"] = 9
    data["settings"]["workspaces"] = [{"name": "Shop", "accounts": []}]
    data["settings"]["accounts"].append({"id": "f1", "service": "future-messenger", "label": "Future"})
    file.write_text(json.dumps(data))
    cli(target, "services", "add", "slack", "--label", "Slack — Team")
    # Off a terminal it only says what it would do.
    asked = cli(target, "settings", "import", str(file), check=False)
    assert asked.returncode != 0 and "Adds accounts: Telegram — Support" in asked.stdout and "--yes" in asked.stderr
    assert [a["label"] for a in json.loads(cli(target, "services", "list", "--json").stdout)] == ["Slack — Team"]
    done = cli(target, "settings", "import", str(file), "--replace", "--yes")
    assert "Removes accounts (and signs them out): Slack — Team" in done.stdout
    assert "Not imported (from a newer version of Switchboard): workspaces, Future" in done.stdout, done.stdout
    assert [a["label"] for a in json.loads(cli(target, "services", "list", "--json").stdout)] == ["Telegram — Support"]
    assert len(list((target / "backups").glob("settings-*.json"))) == 1
    bad = tmp_path / "not-settings.json"
    bad.write_text('{"replies": []}')
    refused = cli(target, "settings", "import", str(bad), "--yes", check=False)
    assert refused.returncode != 0 and "is not a Switchboard settings file" in refused.stderr
