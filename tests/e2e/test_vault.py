"""End to end: saved logins in the keychain, "Fill login" for one account only, and the app lock."""

import json
import time
from pathlib import Path
from urllib.parse import quote, unquote

from accounts import listening, start_with_fakes, visible
from harness import App, cli, wait_until

SECRET = "пароль-密码-Secret-7731"
LOCK = "замок-锁-lock-4410"
ENTER = "\ue007"  # WebDriver's Enter key


def typed(messenger, account):
    """What reached the login form of an account's page: its user name and password fields."""
    events = [e["event"] for e in messenger.reports.events if e["account"] == account]
    return [e for e in events if e.startswith(("typed:", "password:"))]


def account_menu(app, account_id, action):
    app.ui_click('li.account[data-id="%s"] .more' % account_id)
    app.ui_click('#menu [data-action="%s"]' % action)


def text_of(app, element_id):
    return app.run_js(f"return document.getElementById('{element_id}').textContent")


def notice_saying(app, words):
    seen = []
    def saying():
        seen.append(app.notice() or "")
        return seen[-1] if words in seen[-1] else None
    try:
        return wait_until(saying, 10, f"a notice with {words!r}")
    except AssertionError:
        raise AssertionError(f"no notice with {words!r}; the last one said {seen[-1]!r}") from None


def invoke(app, command, args):
    """Calls a shell command from the shell's own page, as its UI would; returns "ok" or the
    error's code."""
    app.run_js("window.__answer = null; window.__TAURI__.core.invoke(%s, %s).then(() => { window.__answer = 'ok' },"
               " (e) => { window.__answer = e.code || String(e) })" % (json.dumps(command), json.dumps(args)))
    return wait_until(lambda: app.run_js("return window.__answer"), 10, f"{command} answered")


def lock_settings(app, repeat=LOCK, idle_minutes=None, at_start=True):
    """Types the lock password in Settings (and `repeat` as its repetition), and saves."""
    app.ui_click("#settings-open")
    app.ui_type("#lock-password", LOCK, clear=True)
    app.ui_type("#lock-repeat", repeat, clear=True)
    if idle_minutes is not None:
        app.ui_type("#lock-idle", str(idle_minutes), clear=True)
    if not at_start:
        app.ui_click("#lock-at-start")
    app.ui_click("#lock-save")


def start_unlocked(desktop, messenger, profile, page):
    """Starts the app again; it must open straight away: `page` shows, no lock screen."""
    messenger.reports.clear()
    app = App(desktop, profile)
    try:
        visible(messenger, page, "visible")
        assert app.run_js("return document.getElementById('lock-screen').hidden")
    except BaseException:
        app.kill()
        raise
    return app


def assert_nowhere_in(folder, *secrets, desktop=None):
    """Not one file under `folder` — nor, given the desktop, under its XDG data and cache folders,
    where a web engine writes what it isn't told to keep elsewhere — holds any of `secrets` (as
    UTF-8 or UTF-16 bytes)."""
    files = [p for p in Path(folder).rglob("*") if p.is_file()]
    assert files, "the profile is empty?"
    if desktop is not None:
        files += [p for d in ("data", "cache") for p in (desktop.tmp / d).rglob("*") if p.is_file()]
    for path in files:
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            continue  # a WebKit process still closing removed it (a SQLite -wal): it holds nothing now
        for secret in secrets:
            for encoded in (secret.encode(), secret.encode("utf-16-le")):
                assert encoded not in data, f"{secret!r} found in {path}"


def test_a_saved_login_is_filled_into_its_own_account_only(desktop, messenger, other_site, tmp_path):
    profile = tmp_path / "profile"
    (a, b), app = start_with_fakes(desktop, messenger, profile, "VA", "VB")
    try:
        # Saved from A's menu, into the keychain.
        account_menu(app, a, "login")
        assert text_of(app, "login-title") == "Saved login — Fake VA"
        app.ui_type("#login-user", "anna@example.com")
        app.ui_type("#login-secret", SECRET)
        app.ui_click("#login-save")
        notice_saying(app, "Login saved for Fake VA")

        # Seen again: the user name, and the secret only when asked for.
        account_menu(app, a, "login")
        wait_until(lambda: app.run_js("return document.getElementById('login-user').value") == "anna@example.com",
                   5, "the saved user name")
        assert app.run_js("return document.getElementById('login-secret').value") == ""
        time.sleep(1)
        desktop.screenshot("saved-login.png")
        app.ui_click("#login-show")
        wait_until(lambda: app.run_js("return document.getElementById('login-secret').value") == SECRET, 5, "revealed")
        app.ui_click("#login-dialog .close")

        # B is on screen; filling A shows A and fills A's form, and B's page gets nothing.
        app.ui_click('li.account[data-id="%s"]' % b)
        visible(messenger, "VB", "visible")
        account_menu(app, a, "fill")
        notice_saying(app, "Filled the login of Fake VA")
        messenger.reports.wait_for(lambda e: e["account"] == "VA" and e["event"] == f"password:{SECRET}",
                                   what="the password in A's form")
        # (two reports from the page may arrive in either order)
        assert sorted(typed(messenger, "VA")) == [f"password:{SECRET}", "typed:anna@example.com"]
        assert typed(messenger, "VB") == []
        assert [row[1] for row in app.sidebar()] == [True, False]

        # Nothing saved for B: it says so.
        account_menu(app, b, "fill")
        notice_saying(app, "No login is saved for Fake VB")
        assert typed(messenger, "VB") == []

        # A's page moves itself to another site (a redirect): the login is not sent there.
        messenger.command("VA", "go", to=f"{other_site.origin}/elsewhere")
        other_site.hits.wait_for(lambda path: path == "/elsewhere", what="A's page on the other site")
        account_menu(app, a, "fill")
        notice_saying(app, "Not filled: the page of Fake VA is now on localhost")
        app.quit()
    finally:
        app.kill()
    assert_nowhere_in(profile, SECRET, desktop=desktop)


def test_a_page_that_says_it_is_the_accounts_own_site_gets_no_login(desktop, messenger, other_site, tmp_path):
    profile = tmp_path / "profile"
    (forged, honest), app = start_with_fakes(desktop, messenger, profile, "VF", "VH")
    try:
        for account in (forged, honest):
            cli(profile, "vault", "set", account, "--user", "anna@example.com", input=SECRET + "\n", env=desktop.env)
        # VF's page is sent to a hostile page that tells anything serializing an array that it is
        # VF's own page, done loading, and replaces the methods a check could call.
        other_site.hits.clear()
        messenger.command("VF", "go", to=f"{other_site.origin}/forger?start={quote(messenger.url('VF'))}")
        other_site.hits.wait_for(lambda path: path == "/saw?forged", what="the hostile page loaded")
        account_menu(app, forged, "fill")
        # Where the page is comes from the engine: it names the hostile page's host.
        notice_saying(app, "Not filled: the page of Fake VF is now on localhost")
        time.sleep(1)
        heard = [unquote(path) for path in other_site.hits.events]
        assert not [h for h in heard if SECRET in h or "anna@example.com" in h], heard
        # What the fill carries (the login, where it may go) never met a method the page replaced.
        # (The bridge's own reading of the title may: it runs beside the page, and what it reads
        # is bounded and never trusted.)
        assert not [h for h in heard if h.startswith("/saw?") and "127.0.0.1" in h], heard
        # The honest page beside it still fills.
        app.ui_click('li.account[data-id="%s"]' % honest)
        account_menu(app, honest, "fill")
        notice_saying(app, "Filled the login of Fake VH")
        messenger.reports.wait_for(lambda e: e["account"] == "VH" and e["event"] == f"password:{SECRET}",
                                   what="the password in VH's form")
        app.quit()
    finally:
        app.kill()


def test_the_fill_runs_where_the_pages_own_scripts_cannot_reach(desktop, messenger, tmp_path):
    # The account's own site turned against the fill (a script it loads was tampered with): it
    # replaces `find`, `some`, `endsWith`, `slice` and `toJSON`. The fill still works, as it runs
    # in a script world of its own, and the check before it calls nothing the page replaced.
    profile = tmp_path / "profile"
    (account,), app = start_with_fakes(desktop, messenger, profile, "VW")
    try:
        cli(profile, "vault", "set", account, "--user", "anna@example.com", input=SECRET + "\n", env=desktop.env)
        messenger.command("VW", "go", to=f"http://127.0.0.1:{messenger.port}/forger?start={quote(messenger.url('VW'))}")
        messenger.reports.wait_for(lambda e: e["event"] == "saw" and e["what"] == "forged", what="the tampered page loaded")
        account_menu(app, account, "fill")
        notice_saying(app, "Filled the login of Fake VW")
        messenger.reports.wait_for(lambda e: e["event"] == "saw" and unquote(e["what"]) == f"typed:{SECRET}", what="the password in its form")
        app.quit()
    finally:
        app.kill()


def test_a_two_step_sign_in_gets_the_user_name_then_the_password(desktop, messenger, tmp_path):
    profile = tmp_path / "profile"
    (account,), app = start_with_fakes(desktop, messenger, profile, "VT")
    try:
        cli(profile, "vault", "set", account, "--user", "anna@example.com", input=SECRET + "\n", env=desktop.env)
        # The first page asks only for the user name: that is all it gets.
        messenger.command("VT", "step", only="user")
        messenger.reports.wait_for(lambda e: e["account"] == "VT" and e["event"] == "step:user", what="step one")
        account_menu(app, account, "fill")
        notice_saying(app, "Filled the user name; choose “Fill login” again on the password page.")
        assert typed(messenger, "VT") == ["typed:anna@example.com"]
        # The next page asks only for the password: filled again, it gets it.
        messenger.command("VT", "step", only="password")
        messenger.reports.wait_for(lambda e: e["account"] == "VT" and e["event"] == "step:password", what="step two")
        account_menu(app, account, "fill")
        notice_saying(app, "Filled the login of Fake VT")
        assert typed(messenger, "VT") == ["typed:anna@example.com", f"password:{SECRET}"]
        app.quit()
    finally:
        app.kill()


def test_wrong_guesses_wait_longer_and_turning_the_lock_off_forgets_it(desktop, messenger, tmp_path):
    profile = tmp_path / "profile"
    _, app = start_with_fakes(desktop, messenger, profile, "G")
    try:
        lock_settings(app)
        notice_saying(app, "App lock is on")
        app.ui_click("#settings-dialog .close")
        keychain_id = (profile / "keychain-id").read_text()
        assert desktop.in_keychain(service="Switchboard", username=f"app-lock:{keychain_id}")
        app.key("ctrl+shift+l")
        wait_until(lambda: app.run_js("return !document.getElementById('lock-screen').hidden"), 5, "the lock screen")

        # Three typos are free; then each wrong guess makes the next wait twice as long.
        said = []
        for _ in range(5):
            app.ui_type("#unlock-password", "wrong" + ENTER)
            said.append(wait_until(lambda: text_of(app, "unlock-error"), 15, "the guess answered"))
            app.run_js("document.getElementById('unlock-error').textContent = ''")
        assert said == ["Wrong password.", "Wrong password.", "Wrong password. The next try waits 1 second.",
                        "Wrong password. The next try waits 2 seconds.", "Wrong password. The next try waits 4 seconds."]
        # Even the right password waits its turn.
        typed_at = time.monotonic()
        app.ui_type("#unlock-password", LOCK + ENTER)
        wait_until(lambda: app.run_js("return document.getElementById('lock-screen').hidden"), 15, "unlocked")
        assert time.monotonic() - typed_at >= 3.5, "the right password was let in before the wait"

        # Turned off in Settings: the keychain forgets the hash, Ctrl+Shift+L has nothing to lock.
        # Only for the lock password: whoever sits at the unlocked window can't turn it off.
        app.ui_click("#settings-open")
        app.ui_click("#lock-off")
        wait_until(lambda: text_of(app, "lock-error") == "Type the current lock password first.", 10, "asked for it")
        app.ui_type("#lock-current", "wrong")
        app.ui_click("#lock-off")
        wait_until(lambda: text_of(app, "lock-error") == "Wrong password.", 10, "a wrong one refused")
        assert json.loads((profile / "settings.json").read_text())["lock"]["on"] is True
        app.ui_type("#lock-current", LOCK, clear=True)
        app.ui_click("#lock-off")
        notice_saying(app, "App lock is off")
        assert json.loads((profile / "settings.json").read_text())["lock"]["on"] is False
        assert not desktop.in_keychain(service="Switchboard", username=f"app-lock:{keychain_id}")
        app.ui_click("#settings-dialog .close")
        app.key("ctrl+shift+l")
        notice_saying(app, "There is no lock password yet")
        app.quit()

        # And the next start opens straight away.
        app = start_unlocked(desktop, messenger, profile, "G")
        app.quit()
    finally:
        app.kill()


def lock_screen_shown(app):
    return app.run_js("return !document.getElementById('lock-screen').hidden")


def test_the_lock_holds_at_every_door(desktop, messenger, tmp_path):
    profile = tmp_path / "profile"
    (account,), app = start_with_fakes(desktop, messenger, profile, "D1")
    try:
        messenger.command("D1", "login", user="dora")
        messenger.reports.wait_for(lambda e: e["account"] == "D1" and e["event"] == "load" and e["cookieUser"] == "dora",
                                   what="D1 signed in")
        cli(profile, "vault", "set", account, "--user", "dora", input=SECRET + "\n", env=desktop.env)
        keychain_id = (profile / "keychain-id").read_text()
        assert desktop.in_keychain(service="Switchboard", username=f"login:{keychain_id}:{account}")
        lock_settings(app, at_start=False)
        notice_saying(app, "App lock is on")
        app.quit()
        cli(profile, "contacts", "add", "Дора", "--phone", "+7 999 000-11-22", env=desktop.env)

        # The command line hands out nothing the lock guards without its password.
        for args in (("vault", "get", account), ("contacts", "export", "csv"), ("replies", "export")):
            done = cli(profile, *args, check=False, input="wrong\n", env=desktop.env)
            assert done.returncode == 1 and "not the lock password" in done.stderr, (args, done.stderr)
            assert SECRET not in done.stdout and "Дора" not in done.stdout
        done = cli(profile, "contacts", "export", "csv", input=LOCK + "\n", env=desktop.env)
        assert "Дора" in done.stdout

        # The settings file edited to say the lock is off: the keychain still holds its hash, so
        # the app opens locked, and the settings say "on" again.
        settings = json.loads((profile / "settings.json").read_text())
        settings["lock"]["on"] = False
        (profile / "settings.json").write_text(json.dumps(settings))
        messenger.reports.clear()
        app = App(desktop, profile)
        wait_until(lambda: lock_screen_shown(app), 10, "locked all the same")
        wait_until(lambda: json.loads((profile / "settings.json").read_text())["lock"]["on"], 10, "the lock on again")
        listening(messenger, "D1")
        assert not [e for e in messenger.reports.events if e["account"] == "D1" and e["visible"] == "visible"]
        messenger.reports.mark()
        app.ui_type("#unlock-password", LOCK + ENTER)
        visible(messenger, "D1", "visible")
        app.quit()

        # The hash taken out of the keychain: that lock can never be opened. The next start stays
        # locked with no page open, and offers what `lock reset` does — done only when asked.
        assert desktop.remove_from_keychain(service="Switchboard", username=f"app-lock:{keychain_id}") == 1
        # A sign-in kept where Windows keeps it (a profile of the shared browser) goes too.
        windows_sign_in = profile / "data" / "browsers" / "direct" / "EBWebView" / ("0" * 32) / "Cookies"
        windows_sign_in.parent.mkdir(parents=True)
        windows_sign_in.write_text("session")
        messenger.reports.clear()
        app = App(desktop, profile)
        wait_until(lambda: app.run_js("return !document.getElementById('lock-lost').hidden"), 10, "the reset offered")
        assert lock_screen_shown(app) and app.run_js("return document.getElementById('unlock-form').hidden")
        time.sleep(3)
        assert not [e for e in messenger.reports.events if e["account"] == "D1"], "a page was even asked for before the reset"
        app.ui_click("#lock-lost-reset")
        notice_saying(app, "every account was signed out")
        messenger.reports.wait_for(lambda e: e["account"] == "D1" and e["event"] == "load", what="D1 loaded")
        assert [e["cookieUser"] for e in messenger.reports.events if e["account"] == "D1" and e["event"] == "load"] == [None]
        assert not lock_screen_shown(app)
        assert json.loads((profile / "settings.json").read_text())["lock"]["on"] is False
        assert not desktop.in_keychain(service="Switchboard", username=f"login:{keychain_id}:{account}")
        assert not windows_sign_in.exists()
        app.quit()
    finally:
        app.kill()


def test_the_lock_hides_every_page_and_notifications_say_only_new_message(desktop, messenger, tmp_path):
    profile = tmp_path / "profile"
    before = len(desktop.notifications())
    _, app = start_with_fakes(desktop, messenger, profile, "L1", "L2")
    try:
        visible(messenger, "L1", "visible")
        app.key("ctrl+shift+l")
        notice_saying(app, "There is no lock password yet")
        app.ui_click("#notice-close")

        # Turned on in Settings; only its hash is kept, in the keychain.
        lock_settings(app, LOCK + "!")
        assert text_of(app, "lock-error") == "The two passwords are not the same."
        lock_settings(app)
        notice_saying(app, "App lock is on")
        time.sleep(1)
        desktop.screenshot("lock-settings.png")
        assert json.loads((profile / "settings.json").read_text())["lock"] == {"on": True, "at_start": True, "idle_minutes": 10}
        messenger.reports.clear()
        app.ui_click("#settings-dialog .close")
        visible(messenger, "L1", "visible")

        # A message on the desktop when the app locks leaves it: its name and text are no longer
        # for whoever sits there.
        messenger.command("L2", "notify", title="Ольга", body="Счёт 7710")
        wait_until(lambda: ("Fake L2: Ольга", "Счёт 7710") in desktop.notifications()[before:], 10, "a notification")
        shown = [c["id"] for c in desktop.notify_calls() if c["body"] == "Счёт 7710"][0]
        messenger.reports.clear()
        app.key("ctrl+shift+l")
        wait_until(lambda: app.run_js("return !document.getElementById('lock-screen').hidden"), 5, "the lock screen")
        assert app.run_js("return getComputedStyle(document.getElementById('sidebar')).display") == "none"
        visible(messenger, "L1", "hidden")
        wait_until(lambda: shown in desktop.closed_ids(), 10, "the notification taken off the desktop")

        # A message while locked: the desktop hears that something came, not from whom or what.
        messenger.command("L2", "notify", title="Анна Петрова", body="Заказ 5521")
        wait_until(lambda: ("New message", "") in desktop.notifications()[before:], 10, "a content-free notification")
        assert not [n for n in desktop.notifications()[before:] if "Анна" in n[0] + n[1] or "5521" in n[0] + n[1]]
        # No way around the lock screen: shortcuts and the shell's commands are refused.
        app.key("ctrl+2")
        assert invoke(app, "history", {"service": None}) == "lock.locked"
        assert invoke(app, "reveal_login", {"id": "x"}) == "lock.locked"
        for page in ("L1", "L2"):  # both pages answer after the key: what it did to them is reported
            messenger.command(page, "permission")
            messenger.reports.wait_for(lambda e, p=page: e["account"] == p and e["event"].startswith("permission:"),
                                       what=f"{page} answers")
        assert not [e for e in messenger.reports.events if e["visible"] == "visible"], "a page showed while locked"

        # Its notification clicked while locked: the window comes forward and nothing else — no
        # account switches or gets the keys (the password typed next would go into a chat).
        locked_call = [i for i, c in enumerate(desktop.notify_calls()) if c["summary"] == "New message"][-1]
        messenger.reports.clear()
        desktop.click_notification(locked_call)
        time.sleep(1)
        assert lock_screen_shown(app)
        assert [selected for _, selected, _ in app.sidebar()] == [True, False], "no account switched while locked"
        assert not [e for e in messenger.reports.events if e.get("visible") == "visible" or e["event"].startswith("clicked:")]

        app.ui_type("#unlock-password", "wrong password" + ENTER)
        wait_until(lambda: text_of(app, "unlock-error") == "Wrong password.", 10, "the wrong password refused")
        app.ui_type("#unlock-password", LOCK + ENTER)
        # Unlocked, the account the notification asked for opens.
        visible(messenger, "L2", "visible")
        wait_until(lambda: app.run_js("return document.getElementById('lock-screen').hidden"), 5, "the lock screen gone")
        app.key("ctrl+1")
        visible(messenger, "L1", "visible")
        messenger.command("L2", "notify", title="Иван", body="Спасибо")
        wait_until(lambda: ("Fake L2: Иван", "Спасибо") in desktop.notifications()[before:], 10, "full notifications again")
        app.quit()

        # Next start: locked before any page shows.
        messenger.reports.clear()
        app = App(desktop, profile)
        wait_until(lambda: app.run_js("return !document.getElementById('lock-screen').hidden"), 10, "locked at start")
        visible(messenger, "L1", "hidden")
        time.sleep(1)
        desktop.screenshot("locked.png")
        listening(messenger, "L2")  # both pages are up: what they did before unlocking was reported
        # (The last run's pages may still report leaving, as they were: that is not this start.)
        assert not [e for e in messenger.reports.events if e["account"] in ("L1", "L2") and e["visible"] == "visible"
                    and e["event"] != "pagehide"], "a page showed before the unlock"
        app.ui_type("#unlock-password", LOCK + ENTER)
        visible(messenger, "L1", "visible")
        app.quit()
    finally:
        app.kill()
    assert_nowhere_in(profile, LOCK, desktop=desktop)


def test_without_a_keychain_the_app_says_so_and_keeps_working(desktop, messenger, tmp_path):
    profile = tmp_path / "profile"
    desktop.stop_keyring()
    try:
        (account,), app = start_with_fakes(desktop, messenger, profile, "K1")
        try:
            account_menu(app, account, "login")
            wait_until(lambda: "system keychain is not available" in text_of(app, "login-error"), 10, "the dialog says so")
            app.ui_type("#login-user", "anna")
            app.ui_type("#login-secret", SECRET)
            app.ui_click("#login-save")
            wait_until(lambda: "nothing was stored anywhere else" in text_of(app, "login-error"), 10, "saving refused")
            app.ui_click("#login-dialog .close")

            account_menu(app, account, "fill")
            notice_saying(app, "system keychain is not available")
            app.ui_click("#notice-close")

            lock_settings(app)
            wait_until(lambda: "The lock password was not set: The system keychain is not available" in text_of(app, "lock-error"),
                       10, "the lock refused")
            assert json.loads((profile / "settings.json").read_text()).get("lock", {}).get("on") is not True
            app.ui_click("#settings-dialog .close")

            # Everything else goes on.
            messenger.command("K1", "title", text="(2) Fake Messenger")
            wait_until(lambda: app.run_js("return document.querySelector('li.account .badge').textContent") == "2",
                       10, "counts still arrive")
            app.quit()
        finally:
            app.kill()
        assert_nowhere_in(profile, SECRET, LOCK, desktop=desktop)
    finally:
        desktop.start_keyring()


def test_the_app_locks_itself_after_the_idle_minutes(desktop, messenger, tmp_path):
    profile = tmp_path / "profile"
    _, app = start_with_fakes(desktop, messenger, profile, "I1")
    try:
        lock_settings(app, idle_minutes=1, at_start=False)  # this test is about idleness
        notice_saying(app, "App lock is on")
        messenger.reports.clear()
        app.ui_click("#settings-dialog .close")
        visible(messenger, "I1", "visible")
        # The History panel stays open, refreshing itself: that is not the user's activity.
        app.ui_click("#history-open")
        wait_until(lambda: app.run_js("return !document.getElementById('history-panel').hidden"), 5, "history open")
        locked_at = time.monotonic()
        # Nobody touches anything for a minute.
        wait_until(lambda: app.run_js("return !document.getElementById('lock-screen').hidden"), 75, "locked when idle")
        assert time.monotonic() - locked_at >= 55, "locked before the minute was up"
        app.quit()
    finally:
        app.kill()


OWN_POPUP = (240 + 300, 740)  # the fake page's link to a pop-up on its own site


def test_the_lock_outlives_a_kill_keeps_its_count_and_hides_pop_ups(desktop, messenger, tmp_path):
    profile = tmp_path / "profile"
    _, app = start_with_fakes(desktop, messenger, profile, "Q1", "Q2")
    try:
        lock_settings(app, at_start=False)  # not at start: only the kill's state can lock it then
        notice_saying(app, "App lock is on")
        app.ui_click("#settings-dialog .close")
        visible(messenger, "Q1", "visible")

        # The page opens a pop-up on its own site (a call window): a window of its own.
        messenger.reports.clear()
        app.click(*OWN_POPUP)
        messenger.reports.wait_for(lambda e: e["account"] == "popup" and e["event"] == "load" and e["visible"] == "visible",
                                   what="the pop-up open")
        app.key("ctrl+shift+l")
        wait_until(lambda: app.run_js("return !document.getElementById('lock-screen').hidden"), 5, "the lock screen")
        messenger.reports.wait_for(lambda e: e["account"] == "popup" and e["visible"] == "hidden", what="the pop-up hidden")

        # Four wrong guesses, then the app is killed.
        for _ in range(4):
            app.ui_type("#unlock-password", "wrong" + ENTER)
            wait_until(lambda: text_of(app, "unlock-error").startswith("Wrong password"), 15, "refused")
            app.run_js("document.getElementById('unlock-error').textContent = ''")
        app.kill()

        messenger.reports.clear()
        app = App(desktop, profile)
        wait_until(lambda: app.run_js("return !document.getElementById('lock-screen').hidden"), 10, "still locked")
        listening(messenger, "Q1")
        # The count went on: a fifth wrong guess waits longer, as it would have without the kill.
        app.ui_type("#unlock-password", "wrong" + ENTER)
        wait_until(lambda: text_of(app, "unlock-error") == "Wrong password. The next try waits 4 seconds.", 15, "the count kept")
        assert not [e for e in messenger.reports.events if e["account"] in ("Q1", "Q2") and e["visible"] == "visible"]
        time.sleep(4)
        app.ui_type("#unlock-password", LOCK + ENTER)
        visible(messenger, "Q1", "visible")
        app.quit()

        # Unlocked and quit: the next start (lock at start off) opens straight away.
        app = start_unlocked(desktop, messenger, profile, "Q1")
        app.quit()
    finally:
        app.kill()
