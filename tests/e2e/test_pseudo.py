"""No text a user reads is left out of the message files. Under the pseudo-locale (LANG=en_XA)
every message comes out accented and bracketed ("⟦Šéţţíñĝš⟧"); the test walks the window as a
user would — sidebar, account menu, add dialog, palette, contacts, settings, history, the Unread
list, saved replies, translation, do not disturb, memory, permissions, an error, the lock screen —
and fails on any visible text, title,
placeholder or label that is not, apart from the user's own data (account and service names)."""

import json

from accounts import start_with_fakes
from harness import cli, wait_until
from test_vault import LOCK, lock_settings

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
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
for (let n = walker.nextNode(); n; n = walker.nextNode()) {
  const el = n.parentElement;
  if (el && !kept(el) && shown(el) && leftover(n.data)) missed.push(n.data.trim());
}
for (const el of document.querySelectorAll('[title], [placeholder], [aria-label]')) {
  if (kept(el) || !shown(el)) continue;
  for (const name of ['title', 'placeholder', 'aria-label']) {
    const value = el.getAttribute(name);
    if (value && leftover(value)) missed.push(`${name}="${value}"`);
  }
}
for (const select of document.querySelectorAll('select')) {
  const option = select.selectedOptions[0];
  if (option && shown(select) && !option.closest('[translate="no"]') && leftover(option.text)) missed.push(option.text);
}
return missed;
"""


def test_every_text_of_the_window_comes_from_the_message_files(desktop, messenger, tmp_path):
    profile = tmp_path / "profile"
    services = json.loads(cli(profile, "services", "catalog", "--json").stdout)
    _, app = start_with_fakes(desktop, messenger, profile, "P1", "P2", env={"LANG": "en_XA.UTF-8", "LANGUAGE": ""})
    # The user's own data (and the services' names) are shown as they are, in any language.
    data = ["Fake P1", "Fake P2", "127.0.0.1", "Fakegram", *{s["name"] for s in services}]

    def walk(where):
        missed = app.driver.request("POST", f"/session/{app.session}/execute/sync",
                                    {"script": UNTRANSLATED, "args": [sorted(data, key=len, reverse=True)]})
        assert missed == [], f"{where}: text not from the message files: {missed}"

    try:
        wait_until(lambda: "⟦" in app.run_js("return document.getElementById('add').textContent"), 10, "pseudo texts")
        walk("the sidebar")
        app.ui_click("li.account .more")
        walk("the account menu")
        app.key("Escape")
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
        wait_until(lambda: "⟦" in (app.notice() or ""), 10, "the lock turned on")
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
