"""No text a user reads is left out of the message files. Under the pseudo-locale (LANG=en_XA)
every message comes out accented and bracketed ("⟦Šéţţíñĝš⟧"); the test walks the window as a
user would — sidebar, account menu, add dialog, palette, contacts, settings, history, the Unread
list, saved replies, translation, do not disturb, memory, permissions, an error, the lock screen —
and fails on any visible text, title,
placeholder or label that is not, apart from the user's own data (account and service names)."""

import json
import time

from accounts import start_with_fakes
from harness import cli, free_port, wait_until
from test_hardening import DOWNLOAD_LINK, download_question, question
from test_proxy import fill_proxy, proxy_test_answer
from test_translate import set_up
from test_vault import LOCK, account_menu, lock_settings


def first_account_dialog(app, action, dialog):
    """The first account's menu item `action`, and the dialog it opens (by its id) on screen."""
    account_menu(app, app.run_js("return document.querySelector('li.account').dataset.id"), action)
    wait_until(lambda: not app.run_js(f"return document.getElementById('{dialog}').hidden"), 10, dialog)

# Every visible text node, and the title, placeholder and aria-label of every visible element,
# with the user's data and the bracketed messages taken out; what still has a letter was missed.
# Subtrees marked translate="no" (the brand, key caps, dates and sizes Intl writes) are skipped.
UNTRANSLATED = """
const data = arguments[0];
const shown = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
const kept = (el) => el.closest('[translate="no"], script, style, option');
const leftover = (text) => {
  let rest = text.replace(/⟦[^⟧]*⟧/g, ' ');
  for (const d of data) rest = rest.split(d).join(' ');
  return /\\p{L}/u.test(rest);
};
const missed = [];
// A message with parts of its own (a site, a file name inside it) is one text: its element's,
// without what those parts show (the user's data).
const whole = (el) => {
  const root = el.closest('[data-i18n]') ?? el;
  let text = root.textContent;
  for (const part of root.querySelectorAll('[data-part]')) text = text.split(part.textContent).join(' ');
  return text;
};
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
for (let n = walker.nextNode(); n; n = walker.nextNode()) {
  const el = n.parentElement;
  if (el && !kept(el) && !el.closest('[data-part]') && shown(el) && leftover(n.data) && leftover(whole(el))) missed.push(n.data.trim());
}
for (const el of document.querySelectorAll('[title], [placeholder], [aria-label]')) {
  if (kept(el) || !shown(el)) continue;
  for (const name of ['title', 'placeholder', 'aria-label']) {
    const value = el.getAttribute(name);
    if (value && leftover(value)) missed.push(`${name}="${value}"`);
  }
}
for (const select of document.querySelectorAll('select')) {
  if (!shown(select)) continue;
  for (const option of select.options) {
    if (!option.closest('[translate="no"]') && option.translate !== false && leftover(option.text)) missed.push(option.text);
  }
}
return missed;
"""


def pseudo_app(desktop, messenger, tmp_path):
    """The app in the pseudo-locale on two fake accounts, and `walk(where)`: fails on any text
    shown that is not from the message files."""
    profile = tmp_path / "profile"
    services = json.loads(cli(profile, "services", "catalog", "--json").stdout)
    _, app = start_with_fakes(desktop, messenger, profile, "P1", "P2", env={"LANG": "en_XA.UTF-8", "LANGUAGE": ""})
    # The user's own data (and the services' names) are shown as they are, in any language.
    data = ["Fake P1", "Fake P2", "127.0.0.1", "localhost", "Fakegram", "report.pdf", "Zed", "vip", "Paid", *{s["name"] for s in services}]

    def walk(where):
        missed = app.driver.request("POST", f"/session/{app.session}/execute/sync",
                                    {"script": UNTRANSLATED, "args": [sorted(data, key=len, reverse=True)]})
        assert missed == [], f"{where}: text not from the message files: {missed}"

    return app, walk


def test_every_text_of_the_window_comes_from_the_message_files(desktop, messenger, tmp_path):
    app, walk = pseudo_app(desktop, messenger, tmp_path)
    try:
        wait_until(lambda: "⟦" in app.run_js("return document.getElementById('add').textContent"), 10, "pseudo texts")
        walk("the sidebar")
        app.ui_click("li.account .more")
        walk("the account menu")
        # (The click above was WebDriver's: the keys are still in the page, so Esc is the shell's
        # own key event here.) The menu, taller than the sidebar's free room, must close first.
        app.run_js("document.dispatchEvent(new KeyboardEvent('keydown', {key: 'Escape'}))")
        wait_until(lambda: app.run_js("return document.getElementById('menu').hidden"), 5, "the menu closed")
        app.ui_click("#add")
        walk("the add dialog's list")
        app.ui_type("#search", "zzz-no-such-service")
        walk("the add dialog with only a custom service")
        app.ui_click("#catalog li")
        walk("the add dialog's details")
        app.ui_type("#url", "ftp://files.example.com/")
        app.ui_type("#label", "Files")
        app.ui_click("#add-confirm")
        wait_until(lambda: app.run_js("return document.getElementById('add-error').textContent"), 5, "an error")
        walk("an error from the app (an address that is no web page)")
        app.key("Escape")
        app.key("ctrl+k")
        walk("the palette, empty")
        app.ui_type("#palette-input", "zzz")
        wait_until(lambda: not app.run_js("return document.getElementById('palette-empty').hidden"), 5, "nothing found")
        walk("the palette, nothing found")
        app.ui_click("#palette-manage")
        walk("the contacts dialog")
        app.ui_type("#card-name", "Zed")
        app.ui_click("#card-form button[type=submit]")
        app.ui_click("#card-notes")
        wait_until(lambda: app.run_js("return document.getElementById('person-title').textContent") == "Zed", 5, "Zed's panel")
        app.ui_type("#person-tag", "vip")
        app.run_js("document.getElementById('person-tag-form').requestSubmit()")
        app.ui_type("#person-note", "Paid")
        app.ui_click("#person-note-form button[type=submit]")
        wait_until(lambda: app.run_js("return document.querySelectorAll('#person-notes li, #person-tags .tag').length") == 2, 5, "a tag, a note")
        walk("the person panel")
        app.key("Escape")
        app.key("ctrl+shift+n")
        wait_until(lambda: not app.run_js("return document.getElementById('person-none').hidden"), 5, "no chat on screen")
        walk("the person panel, no chat on screen")
        app.key("Escape")
        app.ui_click("#settings-open")
        walk("the settings")
        app.ui_click("#memory-open")
        wait_until(lambda: "⟦" in app.run_js("return document.getElementById('memory-summary').textContent"), 10, "measured")
        walk("the memory view")
        app.key("Escape")
        app.ui_click("#history-open")
        walk("the notification history")
        app.key("Escape")
        app.ui_click("#stats-open")
        wait_until(lambda: app.run_js("return document.querySelectorAll('#stats-rows tr').length") == 3, 10, "two accounts and their total")
        walk("the statistics")
        app.key("Escape")
        app.key("ctrl+shift+u")
        wait_until(lambda: not app.run_js("return document.getElementById('unread-empty').hidden"), 5, "nothing unread")
        walk("the Unread list, empty")
        app.key("Escape")
        app.key("ctrl+shift+s")
        wait_until(lambda: not app.run_js("return document.getElementById('replies-empty').hidden"), 5, "no replies yet")
        walk("the saved replies, none yet")
        app.ui_click("#replies-manage")
        walk("the saved replies' dialog")
        app.key("Escape")
        app.key("ctrl+shift+t")
        wait_until(lambda: not app.run_js("return document.getElementById('translate-setup').hidden"), 5, "no translation set up")
        walk("translation, not set up")
        app.ui_click("#translate-setup-open")
        walk("the translation service's settings")
        app.key("Escape")
        app.ui_click("#dnd")
        walk("do not disturb")
        app.key("Escape")
        app.ui_click("li.account .more")
        app.ui_click('#menu [data-action="permissions"]')
        walk("an account's permissions")
        app.key("Escape")
        lock_settings(app)
        # (The lock on, not any notice: one from before may still be showing.)
        wait_until(lambda: app.run_js("return window.__TAURI__.core.invoke('workspace').then(w => w.lock.on)"), 15, "the lock turned on")
        walk("the settings with the lock on, and its notice")
        app.key("Escape")
        app.key("ctrl+shift+l")
        wait_until(lambda: not app.run_js("return document.getElementById('lock-screen').hidden"), 10, "locked")
        app.ui_type("#unlock-password", "wrong-password")
        app.key("Return")
        wait_until(lambda: app.run_js("return document.getElementById('unlock-error').textContent"), 15, "refused")
        walk("the lock screen, after a wrong password")
        app.ui_type("#unlock-password", LOCK, clear=True)
        app.key("Return")
        wait_until(lambda: app.run_js("return document.getElementById('lock-screen').hidden"), 15, "unlocked")
        app.quit()
    finally:
        app.kill()


def test_questions_dialogs_lists_and_the_desktop_speak_from_the_message_files(desktop, messenger, tmp_path, tray_host):
    app, walk = pseudo_app(desktop, messenger, tmp_path)
    try:
        wait_until(lambda: "⟦" in app.run_js("return document.getElementById('add').textContent"), 10, "pseudo texts")
        # The tray's menu.
        item = wait_until(lambda: desktop.tray_item(app.pid), 10, "the tray icon")
        labels = [label for label, _ in desktop.tray(item)[1] if label and label not in ("Fake P1", "Fake P2")]
        assert labels and all(label.startswith("⟦") for label in labels), labels
        # A page's questions: the camera, a file to save.
        messenger.command("P1", "camera")
        wait_until(lambda: question(app), 10, "the camera question")
        walk("the permission question")
        app.ui_click("#permission-deny")
        wait_until(lambda: app.run_js("return document.getElementById('stage').hidden"), 10, "the question gone, the page whole")
        app.click(*DOWNLOAD_LINK)
        wait_until(lambda: download_question(app), 10, "the download question")
        walk("the download question")
        app.ui_click("#download-refuse")
        # The account's dialogs: its saved login, removing it.
        first_account_dialog(app, "login", "login-dialog")
        walk("the saved login's dialog")
        app.key("Escape")
        # Its proxy and browser, with a proxy chosen (its fields shown) and a Test's answer.
        first_account_dialog(app, "network", "network-dialog")
        fill_proxy(app, "socks5", free_port())
        proxy_test_answer(app)
        walk("the proxy dialog with a Test's answer")
        app.key("Escape")
        first_account_dialog(app, "remove", "confirm-dialog")
        walk("the question before removing an account")
        app.ui_click("#confirm-cancel")
        # The Unread list with a row: an account whose page names no chats, by its count.
        messenger.command("P2", "title", text="(2) Fake")
        app.key("ctrl+shift+u")
        wait_until(lambda: app.run_js("return document.querySelectorAll('#unread-list .unread-row').length") == 1, 10, "a row")
        walk("the Unread list with a row")
        app.key("Escape")
        # Translation that fails: its error.
        app.key("ctrl+shift+t")
        wait_until(lambda: not app.run_js("return document.getElementById('translate-setup').hidden"), 5, "not set up")
        set_up(app, "libretranslate", f"http://127.0.0.1:{free_port()}/")
        wait_until(lambda: app.run_js("return document.getElementById('translate-setup').hidden"), 5, "set up")
        app.ui_type("#translate-source", "Привет", clear=True)
        app.ui_click("#translate-go")
        wait_until(lambda: app.run_js("return document.getElementById('translate-error').textContent"), 15, "an error")
        walk("translation, its error")
        app.key("Escape")
        # Locked: the notification says "new message" from the files too.
        app.run_js("window.__done = false; window.__TAURI__.core.invoke('set_lock', {current: null, password: %s,"
                   " atStart: false, idleMinutes: 0}).then(() => { window.__done = true })" % json.dumps(LOCK))
        wait_until(lambda: app.run_js("return window.__done"), 10, "a lock set")
        app.key("ctrl+shift+l")
        wait_until(lambda: not app.run_js("return document.getElementById('lock-screen').hidden"), 10, "locked")
        before = len(desktop.notifications())
        messenger.command("P2", "notify", title="Анна", body="Заказ")
        wait_until(lambda: desktop.notifications()[before:], 10, "the notification")
        time.sleep(2)  # anything more (a second, telling notification) has come by now
        [(summary, body)] = desktop.notifications()[before:]
        assert summary.startswith("⟦") and body == "", summary
        app.quit()
    finally:
        app.kill()
