"""A real web messenger against its real server, through the real app as a user would use it:
Converse.js (npm) with Prosody (Debian), two users — the app's user signs in with Fill login and
the other one writes from a plain XMPP client."""

import time

import pytest

from accounts import add_fake, listening
from harness import App, cli, wait_until
from test_vault import account_menu, notice_saying
from xmpp import ConverseSite, Peer, Prosody

ALICE, ALICE_PASSWORD = "alice@localhost", "alice-secret-1"
# Where Converse 14's login form puts its "Log in" button in the app's 1200×780 window.
LOG_IN = (720, 469)


@pytest.fixture
def xmpp(tmp_path):
    server = Prosody(tmp_path, {"alice": ALICE_PASSWORD, "bob": "bob-secret-1"})
    site = ConverseSite(server)
    alice, bob = Peer(server, "alice", ALICE_PASSWORD), Peer(server, "bob", "bob-secret-1")
    alice.befriend(bob.jid)
    alice.close()  # from now on Alice is the app's user, in Converse
    yield server, site, bob
    bob.close()
    site.close()
    server.close()


def badge(app, index):
    return app.run_js(f"""const b = document.querySelectorAll('li.account .badge')[{index}];
        return b.hidden ? 0 : b.classList.contains('dot') ? 'dot' : Number(b.textContent)""")


def show(app, number):
    """Ctrl+number, once, as the user switches accounts: the sidebar then says it is shown."""
    app.key(f"ctrl+{number}")
    wait_until(lambda: app.sidebar()[number - 1][1], 15, f"account {number} shown after one Ctrl+{number}")


def unread_rows(app):
    return app.run_js("""return [...document.querySelectorAll('#unread-list .unread-row')].map(li =>
        [li.querySelector('.who').textContent, li.querySelector('.where').textContent, li.querySelector('.badge').textContent])""")


def person_tags(app):
    return app.run_js("return [...document.querySelectorAll('#person-tags .tag')].map(t => t.firstChild.textContent)")


def window_title(desktop, app):
    return desktop.xdotool("getwindowname", app.window).strip()


def test_converse_against_prosody_as_a_user_would(desktop, messenger, tmp_path, xmpp):
    server, site, bob = xmpp
    profile = tmp_path / "profile"
    converse = cli(profile, "services", "add", "converse", "--label", "Converse — Alice", "--url", site.url).stdout.strip()
    add_fake(profile, messenger, "Other")
    app = App(desktop, profile)
    try:
        # Signing in with the saved login: Fill login, then the page's own button.
        account_menu(app, converse, "login")
        app.ui_type("#login-user", ALICE)
        app.ui_type("#login-secret", ALICE_PASSWORD)
        app.ui_click("#login-save")
        notice_saying(app, "Login saved")
        # Converse draws its login form once its scripts have run (late on a busy machine): until
        # then Fill says there is no form yet, and the user tries again, as here.
        answers = []
        def filled():
            app.run_js("const close = document.getElementById('notice-close'); if (close.offsetParent) close.click()")
            wait_until(lambda: app.notice() is None, 5, "the last answer closed")
            account_menu(app, converse, "fill")
            answers.append(wait_until(lambda: app.notice(), 15, "Fill's answer"))
            return "Filled the login" in answers[-1]
        try:
            wait_until(filled, 90, "the login filled", step=2)
        except AssertionError:
            raise AssertionError(f"Fill never filled; it said {answers}") from None
        app.click(*LOG_IN)
        wait_until(lambda: ALICE in bob.online, 30, "Alice signed in, as Bob's client sees")

        # Bob writes while the account is hidden: an alert with who and what, counted.
        show(app, 2)
        listening(messenger, "Other")
        before = len(desktop.notifications())
        bob.say(ALICE, "Привет! Заказ 5521 отправлен?")
        wait_until(lambda: any(body == "Привет! Заказ 5521 отправлен?" and "bob" in summary
                               for summary, body in desktop.notifications()[before:]), 20, "Bob's message on the desktop")
        wait_until(lambda: badge(app, 0) == 1, 20, "the badge counts it")
        wait_until(lambda: window_title(desktop, app) == "Switchboard (1)", 10, "the window title counts it")

        # Clicking the alert opens the chat: read, the count goes.
        index = next(i for i, (_, body) in enumerate(desktop.notifications()) if body == "Привет! Заказ 5521 отправлен?")
        desktop.click_notification(index)
        wait_until(lambda: app.sidebar()[0][1], 10, "Converse shown")
        wait_until(lambda: badge(app, 0) == 0, 20, "read once the chat is open")
        wait_until(lambda: window_title(desktop, app) == "Switchboard", 10, "the title without a count")

        # The palette finds Bob from Converse's roster.
        app.key("ctrl+k")
        app.ui_type("#palette-input", "bob")
        wait_until(lambda: app.run_js("""return [...document.querySelectorAll('#palette-results .result .who')]
            .some(e => e.textContent.toLowerCase().includes('bob'))"""), 20, "Bob in the palette")
        app.key("Escape")

        # Asleep and awake again: still signed in, and what Bob writes then is counted.
        show(app, 2)
        account_menu(app, converse, "sleep")
        wait_until(lambda: ALICE not in bob.online, 20, "Alice offline while asleep")
        show(app, 1)
        wait_until(lambda: ALICE in bob.online, 30, "awake and signed in again, without a new login")
        show(app, 2)
        bob.say(ALICE, "after the nap")
        wait_until(lambda: badge(app, 0) == 1, 20, "counted after waking")

        # The Unread list names Bob's chat from Converse's own roster; Enter opens it, read.
        app.key("ctrl+shift+u")
        listed = wait_until(lambda: unread_rows(app), 20, "Bob's chat in the Unread list")
        assert [(where, count) for _, where, count in listed] == [("Converse (XMPP) · Converse — Alice", "1")], listed
        assert "bob" in listed[0][0].lower()
        wait_until(lambda: app.run_js("return document.activeElement.id") == "unread-list", 5, "the keys in the list")
        app.key("Return")
        wait_until(lambda: not unread_rows(app), 20, "read once open: out of the list")

        # A saved reply lands in Converse's own message box, {name} as its header names Bob; it
        # goes to Bob only when the user presses Enter.
        app.run_js("window.__TAURI__.core.invoke('set_replies', {replies: [{name: 'Thanks', text: 'Спасибо, {name}!'}]})")
        app.key("ctrl+shift+s")
        wait_until(lambda: app.run_js("return document.querySelectorAll('#replies-list .reply').length") == 1, 10, "the reply")
        app.key("Return")
        wait_until(lambda: app.run_js("return document.getElementById('replies-palette').hidden"), 10, "inserted")
        time.sleep(1)
        assert not [body for who, body in bob.received if who == ALICE], "nothing sent by itself"
        app.key("Return")
        said = wait_until(lambda: [body for who, body in bob.received if who == ALICE], 20, "the reply sent by the user")
        assert said[0].startswith("Спасибо, ") and "bob" in said[0].lower() and "{name}" not in said[0], said

        # Bob's card beside his chat (Converse's header names him): a tag and a note, and #vip in
        # the palette finds him.
        app.key("ctrl+shift+n")
        wait_until(lambda: "bob" in app.run_js("""return document.getElementById('person-panel').hidden ? ''
            : document.getElementById('person-title').textContent""").lower(), 15, "Bob's card beside his chat")
        app.ui_type("#person-tag", "VIP\ue007")
        wait_until(lambda: person_tags(app) == ["VIP"], 5, "Bob tagged VIP")
        app.ui_type("#person-note", "Pays by invoice, net 30")
        app.ui_click("#person-note-form button[type=submit]")
        wait_until(lambda: app.run_js("return document.querySelectorAll('#person-notes li').length") == 1, 5, "the note")
        app.key("Escape")
        app.key("ctrl+k")
        app.ui_type("#palette-input", "#vip")
        wait_until(lambda: app.run_js("""return [...document.querySelectorAll('#palette-results .result .who')]
            .map(e => e.textContent.toLowerCase())""") == [said[0][len("Спасибо, "):-1].lower()], 10, "#vip finds Bob, and only him")
        app.key("Escape")

        # Quit and start again at once: it comes back signed in and working.
        app.quit()
        app = App(desktop, profile)
        wait_until(lambda: ALICE in bob.online, 30, "signed in again after a quick restart")
        show(app, 2)
        before = len(desktop.notifications())
        bob.say(ALICE, "after the restart")
        wait_until(lambda: any(body == "after the restart" for _, body in desktop.notifications()[before:]), 20,
                   "an alert after the restart")
        # His Unread row carries his tag, kept through the restart.
        app.key("ctrl+shift+u")
        wait_until(lambda: app.run_js("""return [...document.querySelectorAll('#unread-list .unread-row')]
            .map(li => [...li.querySelectorAll('.tag')].map(t => t.textContent))""") == [["VIP"]], 20, "Bob's row with his tag")
        app.key("Escape")

        # The server goes away for a while (an outage Converse notices, not a restart it would
        # miss) and comes back: it reconnects by itself, nothing is lost, and no count is stuck.
        server.stop()
        time.sleep(10)
        server.start()
        bob_again = Peer(server, "bob", "bob-secret-1")
        wait_until(lambda: ALICE in bob_again.online, 60, "Converse reconnected by itself")
        before = len(desktop.notifications())
        bob_again.say(ALICE, "back online")
        wait_until(lambda: any(body == "back online" for _, body in desktop.notifications()[before:]), 20, "its alert")
        wait_until(lambda: badge(app, 0) == 2, 20, "both of Bob's messages counted, once each")
        time.sleep(3)
        assert badge(app, 0) == 2, "and no more (nothing counted twice after the reconnect)"
        # Read in the page (the Unread list opens Bob's chat): the count goes, the title clears.
        app.key("ctrl+shift+u")
        wait_until(lambda: unread_rows(app), 20, "Bob's chat listed")
        wait_until(lambda: app.run_js("return document.activeElement.id") == "unread-list", 5, "the keys in the list")
        app.key("Return")
        wait_until(lambda: badge(app, 0) == 0, 20, "no count left once read")
        wait_until(lambda: window_title(desktop, app) == "Switchboard", 10, "the title without a count")
        bob_again.close()
        app.quit()
    except BaseException:
        desktop.screenshot("converse-failed.png")  # what the user would have seen
        raise
    finally:
        app.kill()
