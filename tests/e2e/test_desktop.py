"""End to end: what every desktop messenger does. Starting with the system: off by default; a
tick in Settings writes the system's autostart entry (XDG, in the user's ~/.config/autostart),
its command starts Switchboard hidden in the tray when asked to — the accounts receiving, the
window back from the tray — and the untick removes it."""

import json
import shlex
import subprocess
import time

from accounts import add_fake, listening
from harness import App, app_log, as_users_run_it, cli, wait_until


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


FORGE = """fake.report('custom', { ran: true });
window.__TAURI_INTERNALS__.invoke('page_event', { event: JSON.stringify({ page: 'custom', seq: 1, kind: 'notification',
  id: 7, title: 'From the custom script', body: 'whose?', tag: '' }) });"""


def test_an_accounts_own_style_and_script(desktop, messenger, tmp_path):
    """⋯ → Custom style and script: off by default; the files, made with how they are used, take
    the user's CSS and script; on, the page is made again with them (the page's own policy
    refuses inline styles, and the style applies all the same); the script runs as the page
    does — what it sends is its own account's, never another's; Reload applies an edit; off, the
    page is as it was. The other account is untouched."""
    from accounts import reported, start_with_fakes
    from test_vault import account_menu
    profile = tmp_path / "profile"
    (c1, c2), app = start_with_fakes(desktop, messenger, profile, "C1", "C2")

    def background(account):
        mark = messenger.reports.mark()
        messenger.command(account, "style")
        return messenger.reports.wait_for(lambda e: e["account"] == account and e["event"] == "style", since=mark,
                                          what=f"{account}'s background")["background"]
    try:
        usual = background("C1")
        account_menu(app, c1, "custom")
        wait_until(lambda: app.run_js("return !document.getElementById('custom-dialog').hidden"), 5, "the dialog")
        assert app.run_js("return document.getElementById('custom-on').checked") is False, "off by default"
        app.ui_click("#custom-css")
        app.ui_click("#custom-js")
        css, js = profile / "custom" / f"{c1}.css", profile / "custom" / f"{c1}.js"
        wait_until(lambda: css.exists() and js.exists(), 5, "the two files made")
        assert css.read_text().startswith("/* Switchboard") and js.read_text().startswith("// Switchboard")
        css.write_text(css.read_text() + "body { background: rgb(1, 2, 3) !important; }\n")
        js.write_text(js.read_text() + FORGE)
        time.sleep(0.5)
        desktop.screenshot("custom-code.png")
        before = len(desktop.notifications())
        messenger.reports.clear()
        app.ui_click("#custom-on")
        listening(messenger, "C1")
        reported(messenger, "C1", "custom", 15, ran=True)
        assert background("C1") == "rgb(1, 2, 3)" and background("C2") == usual
        wait_until(lambda: ("Fake C1: From the custom script", "whose?") in desktop.notifications()[before:], 10, "its page event, as its own account's")
        assert not [n for n in desktop.notifications()[before:] if n[0].startswith("Fake C2")]

        # An edit applies on Reload; turned off, the page is as it was.
        css.write_text("body { background: rgb(4, 5, 6) !important; }\n")
        messenger.reports.clear()
        account_menu(app, c1, "reload")
        listening(messenger, "C1")
        assert background("C1") == "rgb(4, 5, 6)"
        account_menu(app, c1, "custom")
        messenger.reports.clear()
        app.ui_click("#custom-on")
        listening(messenger, "C1")
        assert background("C1") == usual
        app.quit()
    finally:
        app.kill()


def link_dialog(app):
    """The link question as the user sees it: its title, its link, and its buttons' texts (the
    accounts to pick, or the services to add); None while it is not shown."""
    return app.run_js("""const d = document.getElementById('link-dialog');
        return d.hidden ? null : [document.getElementById('link-title').textContent, document.getElementById('link-text').textContent,
            [...document.querySelectorAll('#link-choices button')].map(b => b.textContent)]""")


def test_links_open_in_their_account(desktop, messenger, tmp_path):
    """Links handed to Switchboard by the system (a second launch with the link, as a .desktop
    entry's %u or the Windows protocol key starts it): a Telegram link opens in the only Telegram
    account, in the form Telegram's web clients read (#?tgaddr=); a WhatsApp link, with two
    WhatsApp accounts, asks which — and the choice kept opens the next at once, at WhatsApp Web's
    /send with the message typed, unsent; a link to no account here offers to add one; a damaged
    link is refused saying so, and nothing moves."""
    from accounts import listening
    profile = tmp_path / "profile"
    ids = {}
    for name, service, page in (("TG", "telegram", "/telegram/"), ("WA", "whatsapp", "/whatsapp/"), ("WB", "whatsapp", "/whatsapp/")):
        ids[name] = cli(profile, "services", "add", service, "--label", f"{service} {name}", "--url", messenger.url(name, page=page)).stdout.strip()
    messenger.reports.clear()
    app = App(desktop, profile)
    try:
        for name in ids:
            listening(messenger, name)
        active = lambda: [label for label, selected, _ in app.sidebar() if selected]

        mark = messenger.reports.mark()
        said = cli(profile, "tg://resolve?domain=shop_support")
        assert "already running" in said.stdout, said
        opened = messenger.reports.wait_for(lambda e: e["event"] == "tgaddr", since=mark, what="the Telegram page given the link")
        assert (opened["account"], opened["address"]) == ("TG", "tg://resolve?domain=shop_support")
        wait_until(lambda: active() == ["telegram TG"], 5, "its account shown")

        # A t.me link is the same chat, said the way Telegram Desktop converts it.
        mark = messenger.reports.mark()
        cli(profile, "https://t.me/durov/42")
        assert messenger.reports.wait_for(lambda e: e["event"] == "tgaddr", since=mark)["address"] == "tg://resolve?domain=durov&post=42"

        # Two WhatsApp accounts: the user is asked, and may keep the choice.
        cli(profile, "https://wa.me/79001234567?text=Hello%20from%20the%20shop")
        wait_until(lambda: link_dialog(app) is not None, 5, "the question")
        title, link, choices = link_dialog(app)
        # What it opens, from the link's checked values: the number and the message.
        assert (title, link) == ("Open a WhatsApp chat", "+79001234567 · Hello from the shop")
        assert choices == ["WAwhatsapp WA — WhatsApp", "WAwhatsapp WB — WhatsApp"], choices
        desktop.screenshot("link-choice.png")
        mark = messenger.reports.mark()
        app.ui_click("#link-remember")
        app.ui_click(f"#link-choices button[data-account='{ids['WB']}']")
        opened = messenger.reports.wait_for(lambda e: e["event"] == "chat_link", since=mark, what="WhatsApp's /send page")
        assert (opened["account"], opened["phone"], opened["text"]) == ("WB", "79001234567", "Hello from the shop")
        wait_until(lambda: link_dialog(app) is None and active() == ["whatsapp WB"], 5, "the question gone, WB shown")
        assert not [e for e in messenger.reports.events[mark:] if e["event"] == "sent"], "nothing is sent for the user"
        mark = messenger.reports.mark()
        cli(profile, "whatsapp://send?phone=%2B49%20151%201234567")
        opened = messenger.reports.wait_for(lambda e: e["event"] == "chat_link", since=mark, what="the kept choice")
        assert (opened["account"], opened["phone"]) == ("WB", "491511234567") and link_dialog(app) is None

        # No e-mail account here: the question offers to add one, and Add opens that service's form.
        cli(profile, "mailto:sales@example.com?subject=Order")
        wait_until(lambda: link_dialog(app) is not None, 5, "the offer")
        assert link_dialog(app)[2] == ["Add Gmail", "Add Outlook"]
        app.ui_click("#link-choices button[data-service='outlook']")
        wait_until(lambda: app.run_js("return !document.getElementById('details').hidden && document.getElementById('chosen-name').textContent") == "Outlook", 5, "the add form")
        app.run_js("document.querySelector('#add-dialog .close').click()")

        # A damaged link: said, and no page moves.
        mark = messenger.reports.mark()
        cli(profile, "tg://resolve?domain=bad%20name")
        wait_until(lambda: (app.notice() or "").startswith("This link is damaged or incomplete"), 5, "the notice")
        cli(profile, "https://example.com/phish")
        wait_until(lambda: (app.notice() or "").startswith("Switchboard can't open this link: https://example.com/phish"), 5, "the other notice")
        time.sleep(1)
        assert not [e for e in messenger.reports.events[mark:] if e["event"] in ("tgaddr", "chat_link", "load")]
        app.quit()

        # A link that starts the app: its page opens there once made.
        messenger.reports.clear()
        app = App(desktop, profile, args=["https://t.me/shop_bot?start=order-17"])
        opened = messenger.reports.wait_for(lambda e: e["event"] == "tgaddr", what="the link given at start")
        assert (opened["account"], opened["address"]) == ("TG", "tg://resolve?domain=shop_bot&start=order-17")
        wait_until(lambda: active() == ["telegram TG"], 5, "its account shown")
        app.quit()
    finally:
        app.kill()


def marked_columns(app, box):
    """The columns of the message box where the page shows a spelling marker (WebKit's pink-red
    dots under a word), in window coordinates."""
    x, y, width, height = 240 + int(box["x"]), int(box["y"]), int(box["width"]), int(box["height"])
    out = subprocess.run(["import", "-window", str(app.window), "-crop", f"{width}x{height}+{x}+{y}", "-depth", "8", "txt:-"],
                         env=app.desktop.env, check=True, capture_output=True, text=True).stdout
    columns = set()
    for line in out.splitlines()[1:]:
        where, colour = line.split(":", 1)
        r, g, b = (int(v) for v in colour.split("(", 1)[1].split(")", 1)[0].split(",")[:3])
        if r >= 240 and r - g >= 40 and abs(g - b) <= 10:
            columns.add(x + int(where.split(",")[0]))
    return sorted(columns)


def test_spelling_in_the_languages_picked(desktop, messenger, tmp_path):
    """Settings → Spell check lists the dictionaries installed (one per file: Arabic's regions are
    one), English ticked by default for an English user; a misspelled word is underlined as the
    user types and a right-click offers the right word; with Russian ticked too, a Russian word
    is known and a misspelled one marked; none ticked, nothing is."""
    from accounts import start_with_fakes
    profile = tmp_path / "profile"
    (s1,), app = start_with_fakes(desktop, messenger, profile, "S1", env={"LANG": "en_US.UTF-8", "LANGUAGE": ""})

    def listed():
        return app.run_js("return [...document.querySelectorAll('#spelling-list input')].map(b => [b.value, b.checked])")

    def settings_boxes():
        app.key("ctrl+comma")
        return wait_until(listed, 5, "the dictionaries listed")

    def tick(languages):
        for code, checked in settings_boxes():
            if checked != (code in languages):
                app.ui_click(f"#spelling-list input[value='{code}']")
                # Saved, then listed again from what the app holds.
                wait_until(lambda: dict(listed() or [])[code] == (code in languages), 5, f"{code} saved")
        app.run_js("document.querySelector('#settings-dialog .close').click()")

    def typed(text):
        """Types `text` into the page's message box (emptied first); the box's place."""
        def on_screen_box():
            mark = messenger.command("S1", "box")
            box = messenger.reports.wait_for(lambda e: e["event"] == "box", since=mark)
            return box if box["visible"] == "visible" else None
        # Asked until the page is on screen again (a dialog just closed hides it a moment): a
        # click before then would land on the dialog's cover, and the keys with it.
        box = wait_until(on_screen_box, 10, "the page on screen", step=0.3)
        app.click(240 + int(box["x"]) + 10, int(box["y"]) + 10)
        app.key("ctrl+a")
        app.key("BackSpace")
        mark = messenger.reports.mark()
        app.type(text)
        # The page has it all (so a box without markers is one WebKit checked, not an empty one).
        messenger.reports.wait_for(lambda e: e["event"] == "draft" and e["account"] == "S1" and e["text"] == text, since=mark, what="the text typed")
        return box

    def marked(box):
        """The marked columns once WebKit has checked what was typed and drawn its markers."""
        return wait_until(lambda: marked_columns(app, box), 10, "a spelling marker")

    def unmarked(box):
        time.sleep(1.5)  # what WebKit would mark, it marks well within this
        return marked_columns(app, box) == []

    try:
        boxes = settings_boxes()
        codes = [code for code, _ in boxes]
        assert {"en_US", "ru_RU", "ar"} <= set(codes) and not [c for c in codes if c.startswith("ar_")], codes
        assert [code for code, checked in boxes if checked] == ["en_US"], "the user's language by default"
        desktop.screenshot("spelling-settings.png")
        app.run_js("document.querySelector('#settings-dialog .close').click()")

        box = typed("Hello wrld ")
        columns = marked(box)
        # A right-click on it: WebKit's menu offers the word meant (read off the screen).
        x, y = (columns[0] + columns[-1]) // 2, int(box["y"]) + 12
        app.desktop.xdotool("mousemove", "--window", app.window, str(x), str(y), "click", "3")
        wait_until(lambda: "world" in desktop.read_screen(x, y, 260, 120).lower(), 10, "the suggestion in WebKit's menu", step=0.5)
        desktop.screenshot("spelling-suggestion.png")
        app.desktop.xdotool("key", "Escape")

        marked(typed("Hello привет "))  # English alone: the Russian word is unknown

        # One account's own languages (⋯ → Spell check…): Russian for it alone, then back to
        # every account's.
        from test_transfer import invoke
        from test_vault import account_menu

        def own(on):
            account_menu(app, s1, "spelling")
            wait_until(lambda: app.run_js("return document.querySelectorAll('#account-spelling-list input').length") > 0, 5, "its dialog")
            assert app.run_js("return document.getElementById('account-spelling-own').checked") is not on
            app.ui_click("#account-spelling-own")
            if on:
                wait_until(lambda: app.run_js("return !document.querySelector('#account-spelling-list input[value=ru_RU]').disabled"), 5, "its own boxes")
                app.ui_click("#account-spelling-list input[value='ru_RU']")
            wanted = ["en_US", "ru_RU"] if on else ["en_US"]
            wait_until(lambda: invoke(app, "spelling", {"account": s1})["languages"] == wanted, 5, "saved")
            if on:
                desktop.screenshot("spelling-account.png")
            app.run_js("document.querySelector('#account-spelling-dialog .close').click()")
        own(True)
        assert unmarked(typed("Hello привет ")), "its own languages: Russian too"
        own(False)
        marked(typed("Hello привет "))  # every account's again: English alone
        tick({"en_US", "ru_RU"})
        assert unmarked(typed("Hello привет ")), "with Russian ticked, both words are known"
        marked(typed("Hello привет ашибка "))  # and a misspelled Russian word is marked
        tick(set())
        assert unmarked(typed("Helo wrld ашибка ")), "none ticked: nothing is marked"
        app.quit()
    finally:
        app.kill()
