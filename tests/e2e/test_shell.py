"""End to end: the real app, real WebKit webviews, under Xvfb."""

import json
import os
import time

from accounts import add_fake, listening, start_with_fakes, visible
from harness import App, cli, wait_until

SIDEBAR = 240
# Where things are on the fake page (see fixtures/messenger), in window coordinates.
OUTSIDE_LINK = (SIDEBAR + 300, 60)
POPUP_LINK = (SIDEBAR + 300, 160)
LOGIN_INPUT = (SIDEBAR + 300, 250)


def loaded(messenger, account, **expect):
    def match(e):
        return e["account"] == account and e["event"] == "load" and all(e.get(k) == v for k, v in expect.items())
    return messenger.reports.wait_for(match, what=f"page {account} loaded with {expect}")


def type_in_page(app, messenger, account, text):
    """Types into the focused field of a fake page, as a user would, and waits for the page to
    have all of it: one try, a dropped key fails the test."""
    app.type(text)
    messenger.reports.wait_for(lambda e: e["account"] == account and e["event"] == f"typed:{text}",
                               timeout=5, what=f"{text!r} typed into page {account}")


def test_two_accounts_of_one_service_are_isolated_and_stay_logged_in(desktop, messenger, tmp_path):
    profile = tmp_path / "profile"
    ids = {name: add_fake(profile, messenger, name) for name in "ABC"}
    messenger.reports.clear()
    app = App(desktop, profile)
    try:
        for name in "ABC":
            loaded(messenger, name, cookieUser=None)

        # The sidebar lists what `services list` lists, in order, the first account shown.
        listed = json.loads(cli(profile, "services", "list", "--json").stdout)
        assert [row[0] for row in app.sidebar()] == [a["label"] for a in listed] == ["Fake A", "Fake B", "Fake C"]
        assert [row[1] for row in app.sidebar()] == [True, False, False]
        assert app.sidebar()[1][2] == "Fake B — Ctrl+2"

        # Ctrl+2 shows the second account: its page becomes visible and the sidebar follows.
        messenger.reports.clear()
        app.key("ctrl+2")
        visible(messenger, "B", "visible")
        wait_until(lambda: [row[1] for row in app.sidebar()] == [False, True, False], 5, "sidebar on B")

        # Ctrl+Tab and Ctrl+Shift+Tab step through the accounts.
        messenger.reports.clear()
        app.key("ctrl+Tab")
        visible(messenger, "C", "visible")
        messenger.reports.clear()
        app.key("ctrl+shift+Tab")
        visible(messenger, "B", "visible")

        # Log in on A with the mouse and keyboard.
        app.key("ctrl+1")
        visible(messenger, "A", "visible")
        messenger.reports.clear()
        app.click(*LOGIN_INPUT)
        messenger.reports.wait_for(lambda e: e["account"] == "A" and e["event"] == "focus", what="login field focused")
        type_in_page(app, messenger, "A", "alice")
        app.key("Return")
        after_login = loaded(messenger, "A", cookieUser="alice")
        assert (after_login["storageUser"], after_login["idbUser"]) == ("alice", "alice")
        assert "session=alice" in after_login["server_cookie"]

        # B, reloaded, sees neither the cookie nor the storage of A.
        app.key("ctrl+2")
        visible(messenger, "B", "visible")
        messenger.reports.clear()
        app.key("ctrl+shift+r")
        b = loaded(messenger, "B")
        assert (b["cookieUser"], b["storageUser"], b["idbUser"], b["server_cookie"]) == (None, None, None, "")

        # A disabled account closes its page and drops out of the Ctrl+N numbering.
        app.ui_click('li.account[data-id="%s"] .more' % ids["C"])
        app.ui_click('#menu [data-action="toggle"]')
        wait_until(lambda: app.run_js("return document.querySelector('li.account.disabled .label')?.textContent") == "Fake C",
                   5, "C shown as disabled")
        assert [a["enabled"] for a in json.loads(cli(profile, "services", "list", "--json").stdout)] == [True, True, False]
        app.ui_click('li.account[data-id="%s"] .more' % ids["C"])
        app.ui_click('#menu [data-action="toggle"]')
        loaded(messenger, "C")

        app.key("ctrl+1")
        visible(messenger, "A", "visible")
        time.sleep(0.5)
        desktop.screenshot("three-accounts.png")
        # What the screen shows: the sidebar at its width, then A's page (its yellow link band).
        assert desktop.pixel(app.window, SIDEBAR - 10, 60) != desktop.pixel(app.window, SIDEBAR + 300, 60)
        assert desktop.pixel(app.window, SIDEBAR + 300, 60) == "#FFE9A8"
        messenger.reports.clear()
        app.quit()
    finally:
        app.kill()

    # Started again: A is still logged in, B still logged out; each has its own data folder.
    app = App(desktop, profile)
    try:
        a = loaded(messenger, "A")
        b = loaded(messenger, "B")
        assert (a["cookieUser"], a["storageUser"], a["idbUser"]) == ("alice", "alice", "alice")
        assert (b["cookieUser"], b["storageUser"], b["idbUser"]) == (None, None, None)
        assert app.sidebar()[0][1], "the account shown last is shown again"
        for account_id in ids.values():
            assert (profile / "data" / "accounts" / account_id).is_dir()
        app.quit()
    finally:
        app.kill()


USERS_UMASK = 0o027  # neither the usual 022 nor Switchboard's own 077: whose it is shows


def test_foreign_links_and_pop_ups_open_in_the_browser_not_in_the_service(desktop, messenger, other_site, tmp_path):
    profile = tmp_path / "profile"
    add_fake(profile, messenger, "L")
    messenger.reports.clear()
    other_site.hits.clear()
    before = os.umask(USERS_UMASK)
    try:
        app = App(desktop, profile)
    finally:
        os.umask(before)
    try:
        loaded(messenger, "L")
        app.click(*OUTSIDE_LINK)
        wait_until(lambda: any(u.endswith("/landing") for u in desktop.opened_in_browser()), 10, "link in the browser")
        app.click(*POPUP_LINK)
        wait_until(lambda: any(u.endswith("/popup") for u in desktop.opened_in_browser()), 10, "pop-up in the browser")
        messenger.command("L", "permission")  # the page still answers, from where it was
        messenger.reports.wait_for(lambda e: e["account"] == "L" and e["event"].startswith("permission:"), what="L answers")
        assert other_site.hits.events == [], "the foreign site was loaded inside the app"
        assert not [e for e in messenger.reports.events if e["event"] == "pagehide"], "the service page navigated away"
        assert desktop.opened_in_browser() == [f"{other_site.origin}/landing", f"{other_site.origin}/popup"]
        # The browser gets the user's own file-creation mask, not Switchboard's private one.
        wait_until(lambda: desktop.browser_umask() == "%04o" % USERS_UMASK, 5, "the browser's umask noted")

        # A script clicking the same link is no user: it opens no browser tab (the page may
        # still move itself, as any page can).
        messenger.command("L", "scriptClick")
        other_site.hits.wait_for(lambda path: path == "/landing", what="the page moved itself")
        assert desktop.opened_in_browser() == [f"{other_site.origin}/landing", f"{other_site.origin}/popup"]
        app.quit()
    finally:
        app.kill()


def test_damaged_settings_start_from_the_backup_with_every_account(desktop, messenger, tmp_path):
    profile = tmp_path / "profile"
    for name in ("Продажи", "客服", "Support"):
        cli(profile, "services", "add", "custom", "--url", messenger.url(name), "--label", name)
    (profile / "settings.json").write_text('{"accounts": [ {"id": "trunc')
    app = App(desktop, profile)
    try:
        labels = wait_until(lambda: [row[0] for row in app.sidebar()] or None, 10, "sidebar")
        assert labels == ["Продажи", "客服", "Support"]
        notice = wait_until(app.notice, 5, "a notice")
        assert "damaged" in notice and "3 account" in notice
        assert list(profile.glob("settings.json.damaged-*")), "the damaged file is kept for the user"
        app.quit()
    finally:
        app.kill()
    assert len(json.loads((profile / "settings.json").read_text())["accounts"]) == 3


def test_second_launch_and_command_line_reach_the_running_window(desktop, messenger, tmp_path):
    profile = tmp_path / "profile"
    keep = add_fake(profile, messenger, "K")
    app = App(desktop, profile)
    try:
        loaded(messenger, "K")
        second = cli(profile, env=desktop.env)
        assert second.returncode == 0 and "already running" in second.stdout

        # Adding from the command line shows up in the open window; removing deletes that
        # account's data folder and nothing else.
        gone = add_fake(profile, messenger, "G")
        wait_until(lambda: [row[0] for row in app.sidebar()] == ["Fake K", "Fake G"], 10, "new account listed")
        loaded(messenger, "G")
        assert (profile / "data" / "accounts" / gone).is_dir()
        cli(profile, "services", "remove", "Fake G")
        wait_until(lambda: [row[0] for row in app.sidebar()] == ["Fake K"], 10, "account removed from sidebar")
        wait_until(lambda: not (profile / "data" / "accounts" / gone).exists(), 10, "its data deleted")
        assert (profile / "data" / "accounts" / keep).is_dir()
        assert app.alive()
        app.quit()
    finally:
        app.kill()


def test_accounts_are_managed_from_the_sidebar_and_pages_follow_the_window(desktop, messenger, tmp_path):
    profile = tmp_path / "profile"
    messenger.reports.clear()
    app = App(desktop, profile)
    try:
        # An empty profile greets the user; the add dialog finds services in any script.
        assert app.run_js("return !document.getElementById('welcome').hidden")
        app.ui_click("#welcome-add")
        app.ui_type("#search", "телег")
        assert app.run_js("return [...document.querySelectorAll('#catalog li')].map(li => li.dataset.id)") == ["telegram", "custom"]
        app.ui_type("#search", "custom", clear=True)
        app.ui_click('#catalog li[data-id="custom"]')

        # A bad address is refused with a clear message and nothing is added.
        app.ui_type("#url", "ftp://example.org/")
        app.ui_type("#label", "Support — 客服", clear=True)
        app.ui_click("#add-confirm")
        wait_until(lambda: "only http and https" in app.run_js("return document.getElementById('add-error').textContent"), 5, "error")
        assert json.loads(cli(profile, "services", "list", "--json").stdout) == []

        app.ui_type("#url", messenger.url("U"), clear=True)
        app.ui_click("#add-confirm")
        page = loaded(messenger, "U")
        assert page["visible"] == "visible"
        # The dialog is gone: the sidebar is back to its width, the page fills the rest.
        wait_until(lambda: app.run_js("return innerWidth") == SIDEBAR, 5, "sidebar back to its width")
        assert page["width"] == 1200 - SIDEBAR
        assert [a["label"] for a in json.loads(cli(profile, "services", "list", "--json").stdout)] == ["Support — 客服"]

        # The page follows the window when it is resized.
        messenger.reports.clear()
        desktop.xdotool("windowsize", app.window, "1000", "700")
        resized = messenger.reports.wait_for(lambda e: e["event"] == "resize" and e["width"] == 1000 - SIDEBAR
                                             and e["height"] == 700, what="page resized with the window")
        assert resized["account"] == "U"

        # Rename through the account menu.
        app.ui_click("li.account .more")
        app.ui_click('#menu [data-action="rename"]')
        app.ui_type("input.rename", "Прод")
        # A count arriving meanwhile redraws the sidebar: the half-typed name stays.
        messenger.command("U", "title", text="(1) Fake")
        wait_until(lambda: app.run_js("return document.querySelector('li.account .badge').textContent") == "1", 10, "badge")
        assert app.run_js("return document.querySelector('input.rename')?.value") == "Прод"
        app.ui_type("input.rename", "ажи\ue007")  # WebDriver's Enter key
        wait_until(lambda: [row[0] for row in app.sidebar()] == ["Продажи"], 5, "renamed")

        # Remove asks first; then the account and its data folder are gone.
        account_id = json.loads(cli(profile, "services", "list", "--json").stdout)[0]["id"]
        app.ui_click("li.account .more")
        app.ui_click('#menu [data-action="remove"]')
        assert app.run_js("return document.getElementById('confirm-title').textContent") == "Remove “Продажи”?"
        app.ui_click("#confirm-cancel")
        assert [row[0] for row in app.sidebar()] == ["Продажи"]
        app.ui_click("li.account .more")
        app.ui_click('#menu [data-action="remove"]')
        app.ui_click("#confirm-ok")
        wait_until(lambda: app.sidebar() == [], 5, "account removed")
        wait_until(lambda: not (profile / "data" / "accounts" / account_id).exists(), 10, "its data deleted")
        assert app.run_js("return !document.getElementById('welcome').hidden")
        app.quit()
    finally:
        app.kill()


def test_a_badge_leaves_the_label_its_room_and_tooltips_keep_off_the_menu(desktop, messenger, tmp_path):
    profile = tmp_path / "profile"
    cli(profile, "services", "add", "custom", "--url", messenger.url("R1"), "--label", "Element — Team")
    messenger.reports.clear()
    app = App(desktop, profile)
    cut = "const l = document.querySelector('li.account .label'); return l.scrollWidth > l.clientWidth"
    try:
        listening(messenger, "R1")
        assert not app.run_js(cut), "the label fits"
        messenger.command("R1", "title", text="(128) Element")
        wait_until(lambda: app.run_js("return document.querySelector('li.account .badge').textContent") == "128", 10, "a badge")
        assert not app.run_js(cut), "the badge takes no room from the label"
        # The account's tooltip belongs to its name: not to the ⋯ button, nor over the menu it opens.
        assert app.run_js("return document.querySelector('li.account .names').title").startswith("Element — Team")
        assert app.run_js("return document.querySelector('li.account .more').closest('[title]')") is None
        app.quit()
    finally:
        app.kill()


def test_a_custom_service_goes_by_its_own_icon_and_name(desktop, messenger, tmp_path):
    # Not "IP" on grey and "127.0.0.1": what the site itself shows, read by its own page.
    profile = tmp_path / "profile"
    _, app = start_with_fakes(desktop, messenger, profile, "S1")
    looks = "const li = document.querySelector('li.account'); return [!!li.querySelector('.icon img'), li.querySelector('.service').textContent]"
    try:
        wait_until(lambda: app.run_js(looks) == [True, "Fakegram"], 10, "the site's icon and its manifest's name")
        app.quit()
    finally:
        app.kill()
    assert len(list(profile.rglob("site.json"))) == 1, "kept for the next start"
    # The next start shows them as soon as the sidebar is there.
    app = App(desktop, profile)
    try:
        assert app.run_js(looks) == [True, "Fakegram"]
        app.quit()
    finally:
        app.kill()
