"""End to end: the chat lists of two Telegram accounts (fake pages with WebK's structure) fill the
contact index; the search palette finds people by Ctrl+K and by the global shortcut from outside
the window, and Enter opens the chat in the right account's page."""

import json
import time

from accounts import listening, start_whatsapp_shop
from harness import App, cli, wait_until


def add_telegram(profile, messenger, name, label):
    return cli(profile, "services", "add", "telegram", "--label", label,
               "--url", messenger.url(name, page="/telegram/")).stdout.strip()


def palette_open(app):
    return app.run_js("return !document.getElementById('palette').hidden")


def results(app, query):
    """Types `query` into the palette (again and again until the pages' chats have arrived) and
    returns the rows it shows: [(name, where)]."""
    app.run_js("document.getElementById('palette-results').dataset.query = '';"
               "const i = document.getElementById('palette-input'); i.value = %s; i.dispatchEvent(new Event('input'))"
               % json.dumps(query))
    wait_until(lambda: app.run_js("return document.getElementById('palette-results').dataset.query") == query, 5,
               f"the rows for {query!r}")
    return app.run_js("""return [...document.querySelectorAll('#palette-results .result')].map(r =>
        [r.querySelector('.who').textContent, r.querySelector('.where').textContent])""")


def wait_results(app, query, check, what):
    return wait_until(lambda: (lambda rows: rows if check(rows) else None)(results(app, query)), 20, what, step=0.5)


def opened(messenger, account, peer):
    return messenger.reports.wait_for(lambda e: e["account"] == account and e["event"] == "chat_open" and e["peer"] == peer,
                                      10, f"chat {peer} open in the page of {account}")


def test_the_palette_finds_chats_of_both_accounts_and_opens_the_right_one(desktop, messenger, tmp_path, tray_host):
    profile = tmp_path / "profile"
    sales = add_telegram(profile, messenger, "TA", "Telegram — Продажи")
    support = add_telegram(profile, messenger, "TB", "Telegram — Support")
    messenger.reports.clear()
    app = App(desktop, profile)
    try:
        listening(messenger, "TA")
        listening(messenger, "TB")
        # A new customer writes to Support: the row appears at the top of that page's list.
        messenger.command("TB", "message", peer="7001", name="Ольга Смирнова", time=time.strftime("%H:%M"),
                          text="Нужна накладная 8890 до пятницы")

        app.key("ctrl+k")
        wait_until(lambda: palette_open(app), 5, "the palette after Ctrl+K")
        assert app.run_js("return document.activeElement.id") == "palette-input"
        rows = wait_results(app, "ольга", lambda r: r, "Ольга found")
        assert rows == [["Ольга Смирнова", "Telegram · Telegram — Support"]]
        # Chinese, case and accents: 王伟 is in both lists; "ANNA" finds nobody, "анна" finds Анна.
        rows = wait_results(app, "王", lambda r: len(r) == 2, "王伟 in both accounts")
        assert sorted(where for _, where in rows) == ["Telegram · Telegram — Support", "Telegram · Telegram — Продажи"]
        assert [r[0] for r in results(app, "АННА пет")][:2] == ["Анна Петрова", "Анна Петрова"]
        desktop.screenshot("palette.png")

        # Enter opens the chat: the Support page shows Ольга's chat (the other page stays as it was).
        results(app, "ольга")
        app.key("Return")
        opened(messenger, "TB", "7001")
        wait_until(lambda: not palette_open(app), 5, "the palette closed")
        wait_until(lambda: [row[1] for row in app.sidebar()] == [False, True], 5, "Support shown")

        # From another program: the window hides to the tray, the global shortcut brings it back
        # with the palette; arrows choose Продажи's 王伟 and Enter opens it there.
        app.ui_click('li.account[data-id="%s"]' % sales)
        desktop.close_window(app.window, until=lambda: not desktop.window_shown(app.window))
        desktop.xdotool("key", "--clearmodifiers", "ctrl+shift+space")
        wait_until(lambda: desktop.window_shown(app.window), 10, "the window back by the global shortcut")
        wait_until(lambda: palette_open(app), 5, "the palette open")
        rows = wait_results(app, "王伟", lambda r: len(r) == 2, "two rows for 王伟")
        down = 1 if rows[1][1].endswith("Продажи") else 0
        desktop.xdotool("windowfocus", "--sync", app.window)
        for _ in range(down):
            app.key("Down")
        app.key("Return")
        opened(messenger, "TA", "5002")
        wait_until(lambda: [row[1] for row in app.sidebar()] == [True, False], 5, "Продажи shown")

        # A chat list that changes fast and long is read in bounded batches; nothing is lost.
        messenger.command("TA", "many", count=600, prefix="Покупатель")
        app.key("ctrl+k")
        wait_results(app, "Покупатель 599", lambda r: r and r[0][0] == "Покупатель 599", "the 600th chat of a long list")
        app.key("Escape")
        wait_until(lambda: not palette_open(app), 5, "Esc closes the palette")

        # 王伟 in both accounts is suggested as one person; the user links them and writes a note.
        app.key("ctrl+k")
        wait_until(lambda: palette_open(app), 5, "the palette")
        app.ui_click("#palette-manage")
        suggestion = wait_until(lambda: app.run_js("""return [...document.querySelectorAll('#suggestions li')]
            .map(li => li.textContent).find(t => t.includes('王伟'))"""), 10, "a suggestion for 王伟")
        assert "same name" in suggestion and "Продажи" in suggestion and "Support" in suggestion, suggestion
        app.run_js("""[...document.querySelectorAll('#suggestions li')].find(li => li.textContent.includes('王伟'))
            .querySelector('button').click()""")
        wait_until(lambda: "王伟 now has 2 chats" in (app.notice() or ""), 5, "linked")
        app.key("ctrl+k")
        rows = wait_results(app, "王伟", lambda r: len(r) == 2, "王伟 as one person")
        app.ui_click("#palette-edit")
        app.ui_type("#card-phone", "+86 138 0013 8000")
        app.ui_click("#card-form button[type=submit]")
        wait_until(lambda: "Saved the card of 王伟" in (app.notice() or ""), 5, "card saved")
        assert app.run_js("return [...document.querySelectorAll('#card-chats li')].length") == 2
        time.sleep(1)
        desktop.screenshot("contact-card.png")
        # The card's notes are the person panel's.
        app.ui_click("#card-notes")
        wait_until(lambda: app.run_js("return document.getElementById('person-title').textContent") == "王伟", 5, "王伟's panel")
        app.ui_type("#person-note", "Оптовый покупатель · 批发客户")
        app.ui_click("#person-note-form button[type=submit]")
        wait_until(lambda: app.run_js("return document.querySelectorAll('#person-notes li').length") == 1, 5, "the note")
        app.key("Escape")
        app.quit()
        found = json.loads(cli(profile, "contacts", "search", "王伟", "--json").stdout)
        assert len(found) == 1 and len(found[0]["chats"]) == 2 and found[0]["note"] == "Оптовый покупатель · 批发客户", found
        assert {"kind": "phone", "value": "+86 138 0013 8000"} in found[0]["handles"]

        # The index holds names and chat references, never what was written: no preview shown
        # in the chat lists reached its files.
        for preview in ("Нужна накладная 8890", "Заказ 5521", "价格表收到了吗", "shipment 7734"):
            for path in (profile / "data" / "contacts").rglob("*"):
                if path.is_file():
                    data = path.read_bytes()
                    assert preview.encode() not in data and preview.encode("utf-16-le") not in data, f"{preview!r} in {path}"

        # The index survives the app, and the command line sees the same.
        found = json.loads(cli(profile, "contacts", "search", "ольга", "--json").stdout)
        assert [(h["name"], [c["account"] for c in h["chats"]]) for h in found] == [("Ольга Смирнова", [support])]
        assert found[0]["chats"][0]["last_active"] > time.time() - 600, "the message's time was kept"

        # Removing an account in the window removes its chats from the index.
        messenger.reports.clear()
        app = App(desktop, profile)
        app.run_js("window.__TAURI__.core.invoke('remove_account', {id: %s})" % json.dumps(support))
        wait_until(lambda: len(app.sidebar()) == 1, 10, "Support removed")
        app.key("ctrl+k")
        wait_results(app, "王伟", lambda r: [where for _, where in r] == ["Telegram · Telegram — Продажи"], "only Продажи's 王伟 left")
        assert results(app, "ольга") == []
        app.quit()
    finally:
        app.kill()


def test_a_taken_global_shortcut_is_reported_and_another_can_be_chosen(desktop, tmp_path):
    profile = tmp_path / "profile"
    cli(profile, "services", "add", "telegram", "--label", "Telegram")
    settings = json.loads((profile / "settings.json").read_text())
    settings["hotkey"] = "Ctrl+Shift+NoSuchKey"
    (profile / "settings.json").write_text(json.dumps(settings))
    app = App(desktop, profile)
    try:
        notice = wait_until(app.notice, 10, "a notice about the shortcut")
        assert "NoSuchKey" in notice and "Ctrl+Shift+Space" in notice, notice
        app.key("ctrl+comma")
        app.ui_type("#hotkey", "Ctrl+Alt+F13 nonsense", clear=True)
        app.ui_click("#hotkey-form button")
        wait_until(lambda: "not a shortcut" in app.run_js("return document.getElementById('hotkey-error').textContent"), 5,
                   "a shortcut that can't be read is refused")
        time.sleep(1)  # the widened shell paints a moment after it is laid out
        desktop.screenshot("settings-search.png")
        app.ui_type("#hotkey", "Ctrl+Alt+J", clear=True)
        app.ui_click("#hotkey-form button")
        wait_until(lambda: json.loads((profile / "settings.json").read_text())["hotkey"] == "Ctrl+Alt+J", 5, "saved")
        app.key("Escape")
        app.key("ctrl+alt+j")
        wait_until(lambda: palette_open(app), 5, "the palette by the new shortcut")
        app.quit()
    finally:
        app.kill()


def grab_search_keys(desktop, onerror=None):
    """Another program (an X client of its own) grabs Ctrl+Shift+Space; returns its connection."""
    from Xlib import X, XK, display
    other = display.Display(desktop.display)
    keycode = other.keysym_to_keycode(XK.string_to_keysym("space"))
    other.screen().root.grab_key(keycode, X.ControlMask | X.ShiftMask, True, X.GrabModeAsync, X.GrabModeAsync,
                                 onerror=onerror)
    other.sync()
    return other


def test_a_shortcut_another_program_holds_is_reported_at_start(desktop, tmp_path):
    other = grab_search_keys(desktop)
    profile = tmp_path / "profile"
    cli(profile, "services", "add", "telegram", "--label", "Telegram")
    app = App(desktop, profile)
    try:
        notice = wait_until(app.notice, 10, "a notice about the shortcut")
        assert "could not be taken" in notice and "another program may be using it" in notice, notice
        app.quit()
    finally:
        app.kill()
        other.close()


def test_on_wayland_the_desktops_shortcut_portal_binds_the_shortcut_and_opens_the_palette(desktop, tmp_path):
    profile = tmp_path / "profile"
    cli(profile, "services", "add", "telegram", "--label", "Telegram")
    portal, portal_proc = desktop.start_shortcut_portal()
    app = App(desktop, profile, env={"XDG_SESSION_TYPE": "wayland"})
    try:
        bound = wait_until(lambda: list(portal.Bound()), 10, "the shortcut bound through the portal")
        assert [(str(i), str(t)) for i, t in bound] == [("palette", "CTRL+SHIFT+space")], bound
        # The desktop holds the keys, not the app: no X grab, and nothing to complain about.
        from Xlib.error import CatchError
        refused = CatchError()
        grab_search_keys(desktop, onerror=refused).close()
        assert refused.get_error() is None, "the app holds Ctrl+Shift+Space"
        assert not palette_open(app)
        portal.Press("palette")
        wait_until(lambda: palette_open(app), 5, "the palette from the desktop's shortcut")
        assert not app.notice(), app.notice()
        app.quit()
    finally:
        app.kill()
        portal_proc.terminate()
        portal_proc.wait(10)


def test_on_wayland_without_a_portal_the_shortcut_is_not_claimed_and_the_desktops_own_opens_the_palette(desktop, tmp_path):
    profile = tmp_path / "profile"
    cli(profile, "services", "add", "telegram", "--label", "Telegram")
    # A Wayland session (the window itself still on this X server, as under XWayland).
    app = App(desktop, profile, env={"XDG_SESSION_TYPE": "wayland"})
    try:
        notice = wait_until(app.notice, 10, "a notice about the shortcut")
        # No portal on this bus: the user is told what to do instead.
        assert "Wayland" in notice and "no shortcut portal" in notice and "switchboard palette" in notice, notice
        # Not taken: another program can still grab the keys.
        from Xlib.error import CatchError
        refused = CatchError()
        grab_search_keys(desktop, onerror=refused).close()
        assert refused.get_error() is None, "the app holds Ctrl+Shift+Space"
        # What the notice says to bind opens the palette in the running window.
        assert not palette_open(app)
        cli(profile, "palette", env=desktop.env)
        wait_until(lambda: palette_open(app), 5, "the palette from `switchboard palette`")
        app.quit()
    finally:
        app.kill()


def test_contacts_are_imported_and_exported_from_the_window(desktop, tmp_path):
    profile = tmp_path / "profile"
    cli(profile, "contacts", "add", "Анна Петрова", "--phone", "+7 999 123-45-67")
    # A backup from another program: a new person, Анна again (same phone), and a broken record.
    backup = tmp_path / "backup.vcf"
    backup.write_text("BEGIN:VCARD\nVERSION:3.0\nFN:王伟\nTEL:+86 138 0013 8000\nEND:VCARD\n"
                      "BEGIN:VCARD\nVERSION:3.0\nFN:Анна П.\nTEL:+79991234567\nEND:VCARD\n"
                      "BEGIN:VCARD\nVERSION:3.0\nFN:Broken\n")
    app = App(desktop, profile)
    try:
        app.key("ctrl+k")
        wait_until(lambda: palette_open(app), 5, "the palette")
        app.ui_click("#palette-manage")
        app.ui_type("#import-path", str(backup))
        app.ui_click("#import-form button[type=submit]")
        error = wait_until(lambda: (e := app.run_js("return document.getElementById('import-error').textContent"))
                           and e != "Importing…" and e, 10, "the import refused")
        assert "line 11 (record 3): the card never ends" in error and "Nothing was imported" in error, error
        assert [r[0] for r in results(app, "王伟")] == []
        # "Import the others": the good records come in, Анна merged rather than doubled.
        app.ui_click("#import-partial")
        app.ui_click("#import-form button[type=submit]")
        wait_until(lambda: "1 people added, 1 merged" in (app.notice() or ""), 10, "imported")
        assert [r[0] for r in results(app, "王伟")] == ["王伟"]
        assert len(results(app, "+7 999 123")) == 1

        # Export: a dated vCard in the Documents folder, with both people once each.
        app.ui_click("#export-vcard")
        notice = wait_until(lambda: (n := app.notice() or "").startswith("Exported 2 records") and n, 10, "exported")
        exported = [p for p in desktop.documents.iterdir() if p.name.startswith("Switchboard contacts")]
        assert len(exported) == 1 and exported[0].suffix == ".vcf" and str(exported[0]) in notice, (notice, exported)
        text = exported[0].read_text()
        assert text.count("BEGIN:VCARD") == 2 and "王伟" in text and "Анна Петрова" in text, text
        app.quit()
    finally:
        app.kill()


def test_a_damaged_index_is_set_aside_and_filled_again_from_the_pages(desktop, messenger, tmp_path):
    profile = tmp_path / "profile"
    add_telegram(profile, messenger, "TD", "Telegram")
    cli(profile, "contacts", "add", "Старый Клиент", "--phone", "+7 900 000-00-00")
    (profile / "data" / "contacts" / "conf").write_bytes(b"\xff\xfe not a sled configuration")
    messenger.reports.clear()
    app = App(desktop, profile)
    try:
        notice = wait_until(app.notice, 10, "a notice about the index")
        assert "The contact index was damaged" in notice and "contacts.damaged-" in notice, notice
        listening(messenger, "TD")
        app.key("ctrl+k")
        wait_results(app, "王伟", lambda r: r == [["王伟", "Telegram · Telegram"]], "the page's chats in the new index")
        app.key("Escape")
        app.quit()
    finally:
        app.kill()
    aside = [p.name for p in (profile / "data").iterdir() if p.name.startswith("contacts.damaged-")]
    assert len(aside) == 1, "the damaged index is kept for the user, not deleted"


def test_whatsapp_chats_are_found_by_name_and_opened_by_their_row(desktop, messenger, tmp_path):
    """WhatsApp Web shows no chat id: the name is the reference, and the chat opens from its row."""
    profile = tmp_path / "profile"
    app = start_whatsapp_shop(desktop, messenger, profile)
    try:
        messenger.command("WA", "message", name="Renée Dupont", time=time.strftime("%H:%M"))
        app.key("ctrl+k")
        assert wait_results(app, "renee", lambda r: r, "Renée by plain letters") == [["Renée Dupont", "WhatsApp · WhatsApp — Shop"]]
        assert [r[0] for r in wait_results(app, "999 123", lambda r: r, "a number shown as a name")] == ["+7 999 123-45-67"]
        results(app, "李")
        app.key("Return")
        opened(messenger, "WA", "李娜")
        app.quit()
    finally:
        app.kill()
    # The unsaved number in WhatsApp is suggested for the card that has it (written the Russian way).
    cli(profile, "contacts", "add", "Анна Петрова", "--phone", "8 999 123 45 67")
    found = json.loads(cli(profile, "contacts", "suggest", "--json").stdout)
    assert [(s["why"], [c["chat"] for c in s["chats"]]) for s in found] == [
        ({"kind": "same_phone", "value": "79991234567"}, ["+7 999 123-45-67"])]
