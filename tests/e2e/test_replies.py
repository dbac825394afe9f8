"""End to end: saved replies written in Settings go into the message box of the page on screen —
WhatsApp's (a contenteditable editor) with the open chat's name for {name}, a React-style field
of a custom service — as typed, never sent; they are exported and imported with a file."""

import json
import time

from accounts import add_fake, listening, reported
from harness import App, cli, wait_until

DELIVERY = "Здравствуйте, {name}! Доставка 5–7 дней."
PRICES = "Prices: see the list, {name}.\nAsk me anything."


def palette_open(app):
    return app.run_js("return !document.getElementById('replies-palette').hidden")


def write_reply(app, name, text, lang=""):
    app.ui_click("#reply-new")
    app.ui_type("#reply-name", name, clear=True)
    app.ui_type("#reply-lang", lang, clear=True)
    app.run_js("document.getElementById('reply-text').value = %s" % json.dumps(text))
    app.ui_click("#reply-form button[type=submit]")


def shown_replies(app):
    return app.run_js("return [...document.querySelectorAll('#replies-list .reply strong')].map(s => s.textContent)")


def with_replies(desktop, messenger, tmp_path):
    """A WhatsApp account and a custom one, two saved replies (imported as a team would), and the
    app running on them. Returns the app and the WhatsApp account's id."""
    profile = tmp_path / "profile"
    shop = cli(profile, "services", "add", "whatsapp", "--label", "WhatsApp — Shop",
               "--url", messenger.url("WA", page="/whatsapp/")).stdout.strip()
    add_fake(profile, messenger, "F1")
    team = tmp_path / "team.json"
    team.write_text(json.dumps({"replies": [{"name": "Доставка", "text": DELIVERY, "lang": "ru"},
                                            {"name": "Prices", "text": PRICES, "lang": "en"}]}), encoding="utf-8")
    cli(profile, "replies", "import", str(team))
    messenger.reports.clear()
    app = App(desktop, profile)
    try:
        listening(messenger, "WA")
        listening(messenger, "F1")
    except BaseException:
        app.kill()
        raise
    return app, shop


def test_replies_are_written_in_settings_and_shared_as_a_file(desktop, messenger, tmp_path):
    profile = tmp_path / "profile"
    add_fake(profile, messenger, "F1")
    messenger.reports.clear()
    app = App(desktop, profile)
    try:
        listening(messenger, "F1")
        # Written in Settings: two replies; a second one of the same name is refused, clearly.
        app.key("ctrl+comma")
        app.ui_click("#replies-open")
        write_reply(app, "Доставка", DELIVERY, "ru")
        wait_until(lambda: "Saved the reply “Доставка”" in (app.notice() or ""), 5, "the first reply saved")
        write_reply(app, "Prices", PRICES, "en")
        wait_until(lambda: "Saved the reply “Prices”" in (app.notice() or ""), 5, "the second reply saved")
        write_reply(app, "prices", "Another")
        wait_until(lambda: "Two replies are named “prices”" in app.run_js("return document.getElementById('reply-error').textContent"),
                   5, "the same name refused")
        assert app.run_js("return document.querySelectorAll('#replies-rows .reply').length") == 2

        # Exported to a file of their own; a file brings one updated and one new; a broken one
        # is refused with its reason.
        app.ui_click("#replies-export")
        exported = wait_until(lambda: (app.notice() or "").removeprefix("Replies written to ") if "Replies written" in (app.notice() or "") else None,
                              5, "exported")
        replies = json.loads(open(exported, encoding="utf-8").read())["replies"]
        assert [(r["name"], r["text"], r.get("lang")) for r in replies] == [("Доставка", DELIVERY, "ru"), ("Prices", PRICES, "en")]
        update = tmp_path / "team-replies.json"
        update.write_text(json.dumps({"replies": [{"name": "Prices", "text": "New prices from Monday."},
                                                  {"name": "运费", "text": "运费由买家承担。", "lang": "zh-Hans"}]}), encoding="utf-8")
        app.ui_type("#replies-import-path", str(update), clear=True)
        app.ui_click("#replies-import-form button[type=submit]")
        wait_until(lambda: "Imported: 1 new, 1 updated." in (app.notice() or ""), 5, "imported")
        broken = tmp_path / "broken.json"
        broken.write_text("{not json", encoding="utf-8")
        app.ui_type("#replies-import-path", str(broken), clear=True)
        app.ui_click("#replies-import-form button[type=submit]")
        wait_until(lambda: "not a replies file" in app.run_js("return document.getElementById('replies-import-error').textContent"),
                   5, "a broken file refused")
        app.quit()
    finally:
        app.kill()
    saved = json.loads((profile / "settings.json").read_text(encoding="utf-8"))["replies"]
    assert [r["name"] for r in saved] == ["Доставка", "Prices", "运费"] and saved[1]["text"] == "New prices from Monday."


def test_a_reply_goes_into_whatsapps_box_with_the_chats_name_and_is_never_sent(desktop, messenger, tmp_path):
    app, shop = with_replies(desktop, messenger, tmp_path)
    try:
        # In WhatsApp, with Мария's chat open: Ctrl+Shift+S, a few letters, Enter.
        app.run_js("window.__TAURI__.core.invoke('open_unread', {account: %s, chat: 'Мария Иванова'})" % json.dumps(shop))
        reported(messenger, "WA", "chat_open", peer="Мария Иванова")
        app.key("ctrl+shift+s")
        wait_until(lambda: palette_open(app), 5, "the replies beside the page")
        wait_until(lambda: app.run_js("return document.activeElement.id") == "replies-input", 5, "the keys in the filter")
        assert wait_until(lambda: shown_replies(app), 5, "the replies listed") == ["Доставка", "Prices"]
        app.type("дост")
        wait_until(lambda: shown_replies(app) == ["Доставка"], 5, "filtered to Доставка")
        time.sleep(0.3)
        desktop.screenshot("replies.png")
        app.key("Return")
        reported(messenger, "WA", "draft", text="Здравствуйте, Мария Иванова! Доставка 5–7 дней.")
        wait_until(lambda: not palette_open(app), 5, "the palette closed")
        time.sleep(2)
        assert not [e for e in messenger.reports.events if e["event"] == "sent"], "a reply is never sent by itself"
        app.quit()
    finally:
        app.kill()


def test_with_no_message_box_in_use_the_user_is_told_to_click_into_one(desktop, messenger, tmp_path):
    app, _ = with_replies(desktop, messenger, tmp_path)
    try:
        # The custom service's page: no box in use yet, so the user is told what to do; once
        # they are in the box, the reply lands there ({name} left for them: no chat name shown).
        app.key("ctrl+2")
        wait_until(lambda: app.sidebar()[1][1], 10, "the custom account on screen")
        app.key("ctrl+shift+s")
        wait_until(lambda: palette_open(app), 5, "the replies beside the page")
        app.type("prices")
        wait_until(lambda: shown_replies(app) == ["Prices"], 5, "filtered to Prices")
        app.key("Return")
        wait_until(lambda: "click into the chat's message box first" in app.run_js(
            "return document.getElementById('replies-error').textContent"), 10, "no box: said so")
        messenger.command("F1", "compose")
        app.key("Return")
        reported(messenger, "F1", "draft", text=PRICES)
        wait_until(lambda: not palette_open(app), 5, "the palette closed")
        app.quit()
    finally:
        app.kill()
