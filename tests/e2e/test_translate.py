"""End to end: translation through the provider the user picks — a LibreTranslate-compatible
server or DeepL (here a local server speaking both APIs, reached by the app's own HTTP client).
Nothing is sent before a provider is chosen; a selection in a page and a notification's text are
translated beside the page; an answer goes back translated into the page's message box; a key
refused, a server down or slow, each says so in words."""

import json
import os
import time

import pytest

from accounts import add_fake, listening, reported
from harness import App, cli, connections_traced, free_port, inet_connections, listening_ports, wait_until
from translator import DEEPL_KEY, LT_KEY, Translator

QUESTION = "Здравствуйте! Заказ 5521 уже отправлен?"


@pytest.fixture
def translator():
    t = Translator()
    yield t
    t.close()


def panel(app):
    return app.run_js("""const $ = (id) => document.getElementById(id); return {
        open: !$('translate-panel').hidden, setup: !$('translate-setup').hidden, result: $('translate-result').textContent,
        status: $('translate-status').textContent, error: $('translate-error').textContent,
        answer_error: $('translate-answer-error').textContent, where: $('translate-where').textContent}""")


def translation_view(app):
    app.run_js("window.__tv = null; window.__TAURI__.core.invoke('translation').then(v => { window.__tv = v })")
    return wait_until(lambda: app.run_js("return window.__tv"), 5, "the translation settings")


def set_up(app, provider, server="", key=""):
    app.run_js("document.getElementById('translate-settings').click()")
    wait_until(lambda: app.run_js("return !document.getElementById('translation-dialog').hidden"), 5, "the service settings")
    app.run_js("const p = document.getElementById('translation-provider'); p.value = %s; p.dispatchEvent(new Event('change'))"
               % json.dumps(provider))
    if server:
        app.ui_type("#translation-server", server, clear=True)
    if key:
        app.ui_type("#translation-key", key, clear=True)
    app.ui_click("#translation-form button[type=submit]")


def translate_selection(app, messenger):
    messenger.command("TA", "select", peer="5001")
    time.sleep(0.3)
    app.key("ctrl+shift+t")


def send_shown(app, translator, text, press=None):
    """Text from outside the panel is shown first, and sent only when the user says so: Enter
    (the panel has the keys), or `press`."""
    wait_until(lambda: app.run_js("return document.getElementById('translate-source').value") == text, 5, "the text shown")
    sent = len(translator.requests.events)
    time.sleep(0.5)
    assert len(translator.requests.events) == sent, "sent before the user said so"
    assert panel(app)["status"].startswith("Check the text above: Translate (or Enter) sends it to 127.0.0.1")
    (press or (lambda: app.key("Return")))()


def started(desktop, messenger, translator, tmp_path, traced=None):
    """A Telegram account with a chat open and a fake account; the app running on them, DeepL
    pointed at the local translator. With `traced`, every connection it makes is written there."""
    profile = tmp_path / "profile"
    cli(profile, "services", "add", "telegram", "--label", "Telegram — Продажи", "--url", messenger.url("TA", page="/telegram/"))
    add_fake(profile, messenger, "F1")
    messenger.reports.clear()
    if traced:
        os.environ["SWITCHBOARD_BIN"] = connections_traced(traced)
    try:
        app = App(desktop, profile, env={"SWITCHBOARD_DEEPL_URL": translator.url.rstrip("/")})
    finally:
        os.environ.pop("SWITCHBOARD_BIN", None)
    try:
        listening(messenger, "TA")
        listening(messenger, "F1")
        messenger.command("TA", "open", peer="5001")
    except BaseException:
        app.kill()
        raise
    return app


def test_nothing_is_sent_anywhere_before_a_provider_is_chosen(desktop, messenger, translator, tmp_path):
    # Every connection the app and its pages make is traced, whatever makes it.
    traced = tmp_path / "connections.log"
    app = started(desktop, messenger, translator, tmp_path, traced)
    try:
        # No provider yet: the panel asks for one, and nothing at all was sent.
        translate_selection(app, messenger)
        wait_until(lambda: panel(app)["open"] and panel(app)["setup"], 5, "the panel asking for a service")
        time.sleep(1)
        assert translator.requests.events == [], "nothing is sent before a provider is chosen"
        pages = {("127.0.0.1", messenger.port)}
        # The app's own servers (its single-instance port, WebKit's automation server) and the
        # test's WebDriver are this machine's own plumbing.
        own = {("127.0.0.1", port) for pid in (app.pid, app.driver.proc.pid) for port in listening_ports(pid)}
        assert pages <= set(inet_connections(traced)), "the trace sees the pages' own connections"
        assert set(inet_connections(traced)) - pages - own == set(), "nothing but the pages connected anywhere"
        # Chosen: the trace sees the app's own client reach it.
        set_up(app, "libretranslate", translator.url, LT_KEY)
        wait_until(lambda: panel(app)["open"] and not panel(app)["setup"], 5, "the panel ready")
        translate_selection(app, messenger)
        send_shown(app, translator, QUESTION)
        wait_until(lambda: panel(app)["result"] == "Hello! Has order 5521 been shipped yet?", 10, "the translation")
        assert ("127.0.0.1", translator.port) in inet_connections(traced), "the trace sees the app's own client"
        app.quit()
    finally:
        app.kill()


def test_a_selection_an_answer_and_a_notification_through_libretranslate(desktop, messenger, translator, tmp_path):
    app = started(desktop, messenger, translator, tmp_path)
    try:
        # LibreTranslate on the user's own server, with its key: the selection comes back in
        # English, and the panel says where it went.
        set_up(app, "libretranslate", translator.url, LT_KEY)
        wait_until(lambda: panel(app)["open"] and not panel(app)["setup"], 5, "the panel ready")
        assert panel(app)["where"] == "What you translate here is sent to 127.0.0.1."
        translate_selection(app, messenger)
        send_shown(app, translator, QUESTION)
        wait_until(lambda: panel(app)["result"] == "Hello! Has order 5521 been shipped yet?", 10, "the translation")
        assert panel(app)["status"] == "From Russian, by 127.0.0.1."
        sent = translator.requests.events[-1]
        assert sent["path"] == "/translate" and sent["body"] == {
            "q": QUESTION, "source": "auto", "target": "en", "format": "text", "api_key": LT_KEY}

        # The answer, written in English, goes into the chat's message box in Russian; not sent.
        app.ui_type("#translate-answer", "Yes, it shipped today.")
        assert app.run_js("return document.getElementById('translate-answer-go').textContent") == \
            "Translate into Russian and put it in the message box"
        time.sleep(0.3)
        desktop.screenshot("translate.png")
        app.ui_click("#translate-answer-go")
        reported(messenger, "TA", "draft", text="Да, отправлен сегодня.")
        assert translator.requests.events[-1]["body"]["source"] == "en" and translator.requests.events[-1]["body"]["target"] == "ru"
        assert not [e for e in messenger.reports.events if e["event"] == "sent"]

        # A notification's text, from the history.
        messenger.command("F1", "notify", title="王伟", body="你好，价格表收到了吗")
        wait_until(lambda: any(body == "你好，价格表收到了吗" for _, body in desktop.notifications()), 10, "the notification")
        app.ui_click("#history-open")
        # (The list is read from the history file when it opens: a busy disk can take a moment.)
        wait_until(lambda: app.run_js("return !!document.querySelector('#history-list .entry .translate')"), 15, "the entry listed")
        app.ui_click("#history-list .entry .translate")
        send_shown(app, translator, "你好，价格表收到了吗", press=lambda: app.ui_click("#translate-go"))
        wait_until(lambda: panel(app)["result"] == "Hello, did you get the price list?", 10, "the notification translated")
        app.quit()
    finally:
        app.kill()
    # Keys live in the keychain only.
    for path in (tmp_path / "profile").rglob("*"):
        if path.is_file():
            assert LT_KEY.encode() not in path.read_bytes(), path


def test_each_failure_is_said_in_words_and_a_key_belongs_to_its_server(desktop, messenger, translator, tmp_path):
    app = started(desktop, messenger, translator, tmp_path)
    try:
        set_up(app, "libretranslate", translator.url, LT_KEY)
        wait_until(lambda: panel(app)["open"] and not panel(app)["setup"], 5, "the panel ready")
        app.ui_type("#translate-source", QUESTION, clear=True)

        # Each failure, in words: the key refused, the server slow, the server gone.
        def failure(mode, expected, within=10):
            translator.mode = mode
            app.ui_click("#translate-go")
            return wait_until(lambda: expected in panel(app)["error"] and panel(app)["error"], within, f"{mode}: {expected!r}")

        failure("refuse_key", "127.0.0.1 refused the key: check it in the translation settings.")
        failure("broken", "127.0.0.1 could not translate it (error 500: Translation engine crashed).")
        started_at = time.monotonic()
        failure("slow", "127.0.0.1 did not answer within 15 seconds", within=25)
        assert time.monotonic() - started_at < 20
        translator.mode = "ok"
        # The key belongs to the server it was typed for: another address has none.
        keychain_id = (tmp_path / "profile" / "keychain-id").read_text()
        assert desktop.in_keychain(service="Switchboard", username=f"key:{keychain_id}:libretranslate@{translator.url.rstrip('/')}")
        assert translation_view(app)["has_key"]
        set_up(app, "libretranslate", f"http://127.0.0.1:{free_port()}/")
        wait_until(lambda: panel(app)["open"], 5, "the panel back")
        assert not translation_view(app)["has_key"]
        failure("ok", "can't be reached")
        app.quit()
    finally:
        app.kill()


def test_deepl_with_the_users_key(desktop, messenger, translator, tmp_path):
    app = started(desktop, messenger, translator, tmp_path)
    try:
        # DeepL with the user's key: the key goes in its header, and the answer comes back.
        set_up(app, "deepl", key=DEEPL_KEY)
        wait_until(lambda: panel(app)["open"] and panel(app)["where"].endswith("127.0.0.1."), 5, "DeepL chosen")
        keychain_id = (tmp_path / "profile" / "keychain-id").read_text()
        assert desktop.in_keychain(service="Switchboard", username=f"key:{keychain_id}:deepl@{translator.url.rstrip('/')}")
        translate_selection(app, messenger)
        send_shown(app, translator, QUESTION)
        wait_until(lambda: panel(app)["result"] == "Hello! Has order 5521 been shipped yet?", 10, "DeepL's translation")
        sent = translator.requests.events[-1]
        assert sent["path"] == "/v2/translate" and sent["authorization"] == f"DeepL-Auth-Key {DEEPL_KEY}"
        assert sent["body"] == {"text": [QUESTION], "target_lang": "EN-US"}
        app.quit()
    finally:
        app.kill()
    for path in (tmp_path / "profile").rglob("*"):
        if path.is_file():
            assert DEEPL_KEY.encode() not in path.read_bytes(), path


def test_a_customers_language_is_remembered_and_the_answer_goes_into_it(desktop, messenger, translator, tmp_path):
    app = started(desktop, messenger, translator, tmp_path)
    try:
        set_up(app, "libretranslate", translator.url, LT_KEY)
        wait_until(lambda: panel(app)["open"] and not panel(app)["setup"], 5, "the panel ready")
        # What the customer in the chat on screen wrote is Russian: their card keeps it.
        translate_selection(app, messenger)
        send_shown(app, translator, QUESTION)
        wait_until(lambda: panel(app)["status"] == "From Russian, by 127.0.0.1.", 10, "translated")

        def card_language():
            app.run_js("window.__card = undefined; window.__TAURI__.core.invoke('card_on_screen', {make: false})"
                       ".then(c => { window.__card = c })")
            return wait_until(lambda: app.run_js("return window.__card !== undefined"), 5, "the card") and \
                app.run_js("return window.__card && window.__card.language")
        wait_until(lambda: card_language() == "ru", 10, "the card says Russian")

        # After a restart, with nothing translated yet, the answer goes into Russian without asking.
        app.quit()
        messenger.reports.clear()
        app = App(desktop, tmp_path / "profile", env={"SWITCHBOARD_DEEPL_URL": translator.url.rstrip("/")})
        listening(messenger, "TA")
        messenger.command("TA", "open", peer="5001")
        app.key("ctrl+shift+t")
        wait_until(lambda: app.run_js("return document.getElementById('translate-answer-go').textContent")
                   == "Translate into Russian and put it in the message box", 10, "the answer into Russian at once")
        app.ui_type("#translate-answer", "Yes, it shipped today.")
        app.ui_click("#translate-answer-go")
        reported(messenger, "TA", "draft", text="Да, отправлен сегодня.")
        app.quit()
    finally:
        app.kill()


def test_a_persons_messages_translated_as_they_arrive_once_turned_on(desktop, messenger, translator, tmp_path):
    """Off by default: nothing of Анна's goes to the provider until her card says so; then her
    alert and her Unread row read in English, the original under it; each text goes once; a
    provider too slow leaves her alert as she wrote it, a few seconds late at most."""
    app = started(desktop, messenger, translator, tmp_path)
    try:
        set_up(app, "libretranslate", translator.url, LT_KEY)
        wait_until(lambda: panel(app)["open"] and not panel(app)["setup"], 5, "the provider set up")
        app.key("Escape")
        # Her card, from her chat on screen: the switch is off and says where the text would go.
        app.key("ctrl+shift+n")
        wait_until(lambda: app.run_js("return document.getElementById('person-title').textContent") == "Анна Петрова", 10, "her card")
        wait_until(lambda: "go to 127.0.0.1 to be translated" in app.run_js("return document.getElementById('person-translate-where').textContent"),
                   5, "where her messages would go")
        assert app.run_js("return document.getElementById('person-translate').checked") is False
        app.key("Escape")

        # Off: she writes; her alert and her row show her words.
        sent = len(translator.requests.events)
        messenger.command("TA", "message", peer="5002", name="王伟", time=time.strftime("%H:%M"), text="你好，价格表收到了吗")
        messenger.command("TA", "open", peer="5002")
        messenger.command("TA", "message", peer="5001", time=time.strftime("%H:%M"), text=QUESTION)
        messenger.command("TA", "unread", peer="5001", count=1)
        messenger.command("TA", "notify", title="Анна Петрова", body=QUESTION)
        wait_until(lambda: any(c["body"] == QUESTION for c in desktop.notify_calls()), 10, "her alert, as she wrote it")
        app.key("ctrl+shift+u")
        row = lambda: app.run_js("""const li = [...document.querySelectorAll('#unread-list .unread-row')].find(li => li.querySelector('.who').textContent === 'Анна Петрова');
            return li ? [li.querySelector('.preview')?.textContent, li.querySelector('.original')?.textContent ?? null] : null""")
        wait_until(lambda: row() == [QUESTION, None], 10, "her row as she wrote it")
        app.key("Escape")

        # On, from her card (her chat on screen again). Until then nothing of hers went out.
        messenger.command("TA", "open", peer="5001")
        app.key("ctrl+shift+n")
        wait_until(lambda: app.run_js("return document.getElementById('person-title').textContent") == "Анна Петрова", 10, "her card")
        app.ui_click("#person-translate")
        def card_translates():
            app.run_js("window.__card = undefined; window.__TAURI__.core.invoke('card_on_screen', {make: false})"
                       ".then(c => { window.__card = c })")
            return wait_until(lambda: app.run_js("return window.__card !== undefined"), 5, "the card") and \
                app.run_js("return !!(window.__card && window.__card.translate_incoming)")
        wait_until(card_translates, 10, "her card saved, translating")
        turned_on = len(translator.requests.events)
        assert not [r for r in translator.requests.events[sent:turned_on] if "Анна" in json.dumps(r["body"], ensure_ascii=False)
                    or QUESTION in json.dumps(r["body"], ensure_ascii=False)], "nothing of hers goes out while it is off"
        desktop.screenshot("person-translate.png")
        app.key("Escape")

        # Her row: in English, the original under it.
        messenger.command("TA", "open", peer="5002")
        messenger.command("TA", "message", peer="5001", time=time.strftime("%H:%M"), text=QUESTION)
        messenger.command("TA", "unread", peer="5001", count=2)
        app.key("ctrl+shift+u")
        wait_until(lambda: row() == ["Hello! Has order 5521 been shipped yet?", QUESTION], 15, "her row in English, the original under it")
        desktop.screenshot("translated-row.png")
        app.key("Escape")

        # A new message: her alert and her row ask for it together; it goes out once.
        said = lambda text: [r for r in translator.requests.events[turned_on:] if text in json.dumps(r["body"], ensure_ascii=False)]
        card = "Можно оплатить картой?"
        messenger.command("TA", "message", peer="5001", time=time.strftime("%H:%M"), text=card)
        messenger.command("TA", "notify", title="Анна Петрова", body=card)
        wait_until(lambda: any(c["body"] == f"[en] {card}\n— {card}" for c in desktop.notify_calls()), 10, "her alert in English, the original under it")
        app.key("ctrl+shift+u")
        wait_until(lambda: row() == [f"[en] {card}", card], 10, "her row too")
        app.key("Escape")
        assert (len(said(QUESTION)), len(said(card))) == (1, 1), "each text went once"

        # The provider too slow: her alert comes as she wrote it, within its few seconds' wait.
        translator.mode, translator.slow_seconds = "slow", 25
        late = "Когда будет скидка?"
        asked = time.monotonic()
        messenger.command("TA", "notify", title="Анна Петрова", body=late)
        wait_until(lambda: any(c["body"] == late for c in desktop.notify_calls()), 20, "her alert as she wrote it")
        assert time.monotonic() - asked < 20, "it waited its few seconds, not for the provider (25 s)"
        translator.mode = "ok"
        app.quit()
    finally:
        app.kill()
