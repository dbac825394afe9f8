"""End to end: workspaces. Groups of accounts made in their dialog; the sidebar shows one group
at a time with each group's unread count on its switcher; Ctrl+Alt+1…9 switch (0: every
account) and Ctrl+1…9 then count the group's accounts; while another group is shown, a group's
alerts follow its rule — a silent group's page notifies nobody and leaves the total, a counted
one's notifies nobody but stays in it, a shown one's reaches the desktop."""

import time

from accounts import start_with_fakes
from harness import wait_until


def visible(app):
    return app.run_js("return [...document.querySelectorAll('li.account')].filter(li => !li.hidden).map(li => li.querySelector('.label').textContent)")


def on_screen(app):
    return [label for label, selected, _ in app.sidebar() if selected]


def switcher(app):
    """Each chip: its name, its count, whether it is the group shown."""
    return app.run_js("""return [...document.querySelectorAll('#group-tabs .group')].map(b =>
        [b.querySelector('span').textContent, (b.querySelector('.count') || {}).textContent || '', b.getAttribute('aria-selected') === 'true'])""")


def total(app):
    return app.run_js("const t = document.getElementById('unread-total'); return t.hidden ? '' : t.textContent")


def make_group(app, name, accounts, outside):
    app.ui_click("#group-new")
    wait_until(lambda: app.run_js("return !document.getElementById('group-dialog').hidden"), 5, "the group dialog")
    app.ui_type("#group-name", name)
    for account in accounts:
        app.ui_click(f"#group-accounts input[value='{account}']")
    app.ui_click(f"input[name='group-outside'][value='{outside}']")
    app.ui_click("#group-form button[type='submit']")
    wait_until(lambda: app.run_js("return document.getElementById('group-dialog').hidden"), 5, "the dialog closed")


def test_groups_show_their_accounts_and_quiet_the_others(desktop, messenger, tmp_path):
    profile = tmp_path / "profile"
    (g1, g2, g3), app = start_with_fakes(desktop, messenger, profile, "G1", "G2", "G3")
    try:
        for account in ("G1", "G2", "G3"):
            messenger.command(account, "permission")
            messenger.reports.wait_for(lambda e: e["event"] == "permission:granted" and e["account"] == account, what="permission")
        assert switcher(app) == [] and visible(app) == ["Fake G1", "Fake G2", "Fake G3"], "no group: every account"
        make_group(app, "Shop", [g1, g3], "count")
        make_group(app, "Personal", [g2], "silent")
        wait_until(lambda: visible(app) == ["Fake G2"] and on_screen(app) == ["Fake G2"], 5, "the new group shown, its account on screen")
        app.key("ctrl+alt+1")
        wait_until(lambda: visible(app) == ["Fake G1", "Fake G3"], 5, "Ctrl+Alt+1: Shop")
        assert [s[2] for s in switcher(app)] == [False, True, False]
        # Ctrl+2 is the group's second account (the third of all).
        app.key("ctrl+2")
        wait_until(lambda: on_screen(app) == ["Fake G3"], 5, "Ctrl+2 within Shop")

        # Personal is silent while Shop is shown: its page's alert reaches nobody, its count shows
        # on its switcher only, not in the total.
        before = len(desktop.notifications())
        messenger.command("G2", "title", text="(2) Fake")
        messenger.command("G2", "notify", title="Friend", body="Dinner tonight?")
        wait_until(lambda: ["Personal", "2", False] in switcher(app), 10, "Personal's count on its switcher")
        assert total(app) == "", "a silent group is not in the total"
        # Shop's own account alerts as usual (proof the desktop hears this app at all).
        messenger.command("G1", "notify", title="Buyer", body="Is it in stock?")
        wait_until(lambda: ("Fake G1: Buyer", "Is it in stock?") in desktop.notifications()[before:], 10, "Shop's alert")
        time.sleep(1)
        assert not [n for n in desktop.notifications()[before:] if n[0].startswith("Fake G2")], "the silent group notified"
        time.sleep(0.5)
        desktop.screenshot("groups.png")

        # Shop only counts while Personal is shown: no alert, but its count stays in the total.
        app.key("ctrl+alt+2")
        wait_until(lambda: visible(app) == ["Fake G2"] and on_screen(app) == ["Fake G2"], 5, "Ctrl+Alt+2: Personal")
        before = len(desktop.notifications())
        messenger.command("G3", "title", text="(3) Fake")
        messenger.command("G3", "notify", title="Buyer", body="Paid")
        messenger.command("G2", "notify", title="Friend", body="See you")
        wait_until(lambda: ("Fake G2: Friend", "See you") in desktop.notifications()[before:], 10, "Personal's own alert")
        wait_until(lambda: ["Shop", "3", False] in switcher(app) and total(app) == "5", 10, "Shop counted in the total")
        time.sleep(1)
        assert not [n for n in desktop.notifications()[before:] if n[0].startswith("Fake G3")], "a counted group notified"

        # Ctrl+Alt+0 shows them all; every account alerts again.
        app.key("ctrl+alt+0")
        wait_until(lambda: visible(app) == ["Fake G1", "Fake G2", "Fake G3"], 5, "Ctrl+Alt+0: every account")
        assert switcher(app)[0] == ["All", "5", True]
        before = len(desktop.notifications())
        messenger.command("G3", "notify", title="Buyer", body="Thanks")
        wait_until(lambda: ("Fake G3: Buyer", "Thanks") in desktop.notifications()[before:], 10, "shown: it alerts again")

        # Changed in its dialog (the shown chip clicked again): the account on screen leaves it,
        # so its own is shown; then deleted.
        app.key("ctrl+alt+1")
        wait_until(lambda: visible(app) == ["Fake G1", "Fake G3"], 5, "Shop")
        app.key("ctrl+2")
        wait_until(lambda: on_screen(app) == ["Fake G3"], 5, "G3 on screen")
        app.ui_click("#group-tabs .group[aria-selected='true']")
        wait_until(lambda: app.run_js("return document.getElementById('group-name').value") == "Shop", 5, "its dialog")
        app.ui_click(f"#group-accounts input[value='{g3}']")
        app.ui_click("#group-form button[type='submit']")
        wait_until(lambda: visible(app) == ["Fake G1"] and on_screen(app) == ["Fake G1"], 5, "G3 left Shop: G1 on screen")
        app.ui_click("#group-tabs .group[aria-selected='true']")
        wait_until(lambda: not app.run_js("return document.getElementById('group-remove').hidden"), 5, "its dialog")
        app.ui_click("#group-remove")
        wait_until(lambda: [s[0] for s in switcher(app)] == ["All", "Personal"] and visible(app) == ["Fake G1", "Fake G2", "Fake G3"], 5, "deleted")
        app.quit()
    finally:
        app.kill()
