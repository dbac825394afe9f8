"""End to end: the Unread list gathers the unread chats of every account — two Telegram accounts
and a WhatsApp one (fake pages built like their web clients), newest first — and a Max account
whose page names no chats is listed by its count. A click, Enter or the next-unread shortcut opens
the chat in the right account; a chat read in its page leaves the list."""

import json
import time

from accounts import listening, reported
from harness import App, cli, wait_until

SELLER = "Нужна накладная 8890 до пятницы"
BUYER = "Bonjour, la commande 118 est prête ?"
ARABIC = "مرحبا، هل الطلب جاهز؟"


def add(profile, messenger, service, name, label, page="/"):
    return cli(profile, "services", "add", service, "--label", label, "--url", messenger.url(name, page=page)).stdout.strip()


def panel_open(app):
    return app.run_js("return !document.getElementById('unread-panel').hidden")


def rows(app):
    """The list as shown: [(name, where, count, preview, asleep note)]."""
    return app.run_js("""return [...document.querySelectorAll('#unread-list .unread-row')].map(li => [
        li.querySelector('.who').textContent, li.querySelector('.where').textContent,
        li.querySelector('.badge').textContent, li.querySelector('.preview')?.textContent ?? '',
        li.querySelector('.asleep-note')?.textContent ?? ''])""")


def names(app):
    return [row[0] for row in rows(app)]


def selected(app):
    return app.run_js("return document.querySelector('#unread-list [aria-selected=\"true\"] .who')?.textContent")


def choose(app, name):
    """Ctrl+Shift+U, then the arrows down to the row of `name`."""
    app.key("ctrl+shift+u")
    wait_until(lambda: app.run_js("return document.activeElement.id") == "unread-list", 5, "the keys in the list")
    for _ in range(len(names(app))):
        if selected(app) == name:
            return
        app.key("Down")
    assert selected(app) == name


def four_accounts(desktop, messenger, tmp_path):
    """Two Telegram accounts, a WhatsApp one and a Max one, each with unread chats (Max by
    its title's count); the app running on them. Returns the app and the account ids."""
    profile = tmp_path / "profile"
    ids = {
        "sales": add(profile, messenger, "telegram", "TA", "Telegram — Продажи", "/telegram/"),
        "support": add(profile, messenger, "telegram", "TB", "Telegram — Support", "/telegram/"),
        "shop": add(profile, messenger, "whatsapp", "WA", "WhatsApp — Shop", "/whatsapp/"),
        "max": add(profile, messenger, "max", "MX", "Max — 客服"),
    }
    messenger.reports.clear()
    app = App(desktop, profile)
    try:
        for name in ("TA", "TB", "WA", "MX"):
            listening(messenger, name)
        # Max's page (the catalog has no chat-list rule for it) tells its count in its title only.
        messenger.command("MX", "title", text="(3) Max")
        # Each row shows the minute its message came in, as the real pages do: a row first seen
        # showing an earlier minute is taken as older than one seen changing now.
        messenger.command("TA", "message", peer="7001", name="Ольга Смирнова", time=time.strftime("%H:%M"), text=SELLER)
        # (Apart by more than a busy machine delays a page's look at its list: the order is when
        # each page saw its chat change.)
        messenger.command("TA", "unread", peer="7001", count=1)
        time.sleep(3)
        messenger.command("WA", "message", name="Renée Dupont", time=time.strftime("%H:%M"), text=BUYER, count=3)
        time.sleep(3)
        messenger.command("TB", "message", peer="7002", name="Ахмед", time=time.strftime("%H:%M"), text=ARABIC)
        messenger.command("TB", "unread", peer="7002", count=2)
        app.key("ctrl+shift+u")
        wait_until(lambda: panel_open(app), 5, "the Unread list after Ctrl+Shift+U")
        # (Each page's list and count travel one after the other: the wait is for both.)
        try:
            wait_until(lambda: (lambda r: r if len(r) == 5 and r[0][0] == "Ахмед" else None)(rows(app)), 30,
                       "five unread rows, Ахмед's on top", step=0.5)
        except AssertionError:
            raise AssertionError(f"not five rows with Ахмед's on top: {rows(app)}") from None
    except BaseException:
        app.kill()
        raise
    return app, ids


def test_unread_chats_of_every_account_in_one_list(desktop, messenger, tmp_path):
    app, _ = four_accounts(desktop, messenger, tmp_path)
    try:
        listed = rows(app)
        # Newest first, from three accounts of two services, each with what its row shows.
        assert listed[:3] == [
            ["Ахмед", "Telegram · Telegram — Support", "2", ARABIC, ""],
            ["Renée Dupont", "WhatsApp · WhatsApp — Shop", "3", BUYER, ""],
            ["Ольга Смирнова", "Telegram · Telegram — Продажи", "1", SELLER, ""],
        ], listed
        # Older: WhatsApp's Мария (unread since the page loaded), and Max by its count alone.
        assert sorted(listed[3:]) == sorted([
            ["Мария Иванова", "WhatsApp · WhatsApp — Shop", "2", "Добрый день! Есть в наличии?", ""],
            ["Max — 客服", "Max", "3", "Open it to see which chats", ""],
        ]), listed
        assert app.run_js("return document.getElementById('unread-total').textContent") == "11"
        time.sleep(0.5)
        desktop.screenshot("unread.png")

        # Esc closes the list; the page takes the room back.
        wait_until(lambda: app.run_js("return document.activeElement.id") == "unread-list", 5, "the keys in the list")
        app.key("Escape")
        wait_until(lambda: not panel_open(app), 5, "Esc closes the list")
        app.quit()
    finally:
        app.kill()
    # What the rows showed of messages lived in memory only: no file of the profile has it
    # (the pages' own web storage aside).
    profile = tmp_path / "profile"
    for preview in (SELLER, BUYER, ARABIC, "你好，价格表收到了吗"):
        for path in profile.rglob("*"):
            if path.is_file() and "accounts" not in path.relative_to(profile).parts:
                assert preview.encode() not in path.read_bytes(), f"{preview!r} in {path}"


def test_a_row_opens_its_chat_by_a_click_the_keys_or_next_unread(desktop, messenger, tmp_path):
    app, ids = four_accounts(desktop, messenger, tmp_path)
    try:
        # A click opens Renée's chat in WhatsApp; read there, she leaves the list. The page stays
        # beside the list, on screen.
        app.ui_click('#unread-list .unread-row:nth-child(2)')
        reported(messenger, "WA", "chat_open", 15, peer="Renée Dupont")
        wait_until(lambda: "Renée Dupont" not in names(app), 10, "Renée's row gone once read")
        assert [label for label, shown, _ in app.sidebar() if shown] == ["WhatsApp — Shop"]
        assert panel_open(app)

        # Keys: back to the list, arrows to Ольга, Enter opens her chat in Продажи.
        choose(app, "Ольга Смирнова")
        app.key("Return")
        reported(messenger, "TA", "chat_open", 15, peer="7001")
        wait_until(lambda: "Ольга Смирнова" not in names(app), 10, "Ольга's row gone once read")

        # Ctrl+Shift+J opens the newest unread chat, wherever it is: Ахмед in Support.
        app.key("ctrl+shift+j")
        reported(messenger, "TB", "chat_open", 15, peer="7002")
        wait_until(lambda: "Ахмед" not in names(app), 10, "Ахмед's row gone once read")

        # (Max's count stays until its page is read: muted with its badge hidden, it is out.)
        app.run_js("window.__TAURI__.core.invoke('set_mute', {id: %s, mute: 'hide_badge'})" % json.dumps(ids["max"]))
        wait_until(lambda: names(app) == ["Мария Иванова"], 10, "Мария's row the last")
        # Ctrl+Shift+J again: the last unread chat, Мария's in WhatsApp; then, with nothing
        # unread, it says so for a moment.
        app.key("ctrl+shift+j")
        reported(messenger, "WA", "chat_open", peer="Мария Иванова")
        wait_until(lambda: not names(app), 10, "nothing unread")
        app.key("ctrl+shift+j")
        wait_until(lambda: app.notice() == "Nothing is unread.", 5, "said")
        wait_until(lambda: app.notice() is None, 8, "and gone by itself")
        app.quit()
    finally:
        app.kill()


def test_muted_chats_and_accounts_stay_out_and_a_sleeping_account_wakes_at_its_chat(desktop, messenger, tmp_path):
    app, ids = four_accounts(desktop, messenger, tmp_path)
    try:
        # A muted chat stays out, as it does from the badge; unmuted, it is back.
        messenger.command("TA", "mute", peer="5002", muted=True)
        messenger.command("TA", "unread", peer="5002", count=4)
        time.sleep(2.5)
        assert "王伟" not in names(app)
        messenger.command("TA", "mute", peer="5002", muted=False)
        wait_until(lambda: "王伟" in names(app), 10, "王伟 listed once unmuted")

        # An account muted with its badge hidden leaves the list.
        app.run_js("window.__TAURI__.core.invoke('set_mute', {id: %s, mute: 'hide_badge'})" % json.dumps(ids["max"]))
        wait_until(lambda: "Max — 客服" not in names(app), 10, "the muted account gone from the list")

        # A sleeping account (not the one on screen, which never sleeps) shows what its page
        # showed last, marked; Enter wakes it at the chat.
        app.key("ctrl+2")
        wait_until(lambda: app.sidebar()[1][1], 10, "Support on screen")
        app.run_js("window.__TAURI__.core.invoke('sleep_account', {id: %s})" % json.dumps(ids["sales"]))
        wait_until(lambda: any(r[0] == "王伟" and r[4] for r in rows(app)), 10, "王伟 marked as asleep")
        assert [r for r in rows(app) if r[0] == "王伟"][0][1:4] == ["Telegram · Telegram — Продажи", "4", "你好，价格表收到了吗"]
        choose(app, "王伟")
        messenger.reports.mark()
        app.key("Return")
        reported(messenger, "TA", "chat_open", 15, peer="5002")
        wait_until(lambda: "王伟" not in names(app), 15, "王伟's row gone once read")
        app.quit()
    finally:
        app.kill()
