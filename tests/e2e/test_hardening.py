"""End to end: what a newer settings file, a hostile page or a stray path through the window
must not be able to do to Switchboard."""

import json
import os
import signal
import stat
import time
from urllib.parse import quote

from accounts import add_fake, listening, start_with_fakes
from fakes import FakeMessenger
from harness import App, cli, descendants, free_port, kind, wait_until

SIDEBAR = 240


def test_a_settings_file_from_a_newer_version_starts_and_loses_nothing(desktop, messenger, tmp_path):
    profile = tmp_path / "profile"
    add_fake(profile, messenger, "H")
    settings = json.loads((profile / "settings.json").read_text())
    future = {"id": "n1", "service": "nosuch", "label": "From the future"}
    newer = {"id": "b2", "service": "telegram", "label": "Newer Telegram", "mute": "only_mentions", "pin": 3}
    settings["accounts"] += [future, newer]
    settings["layout"] = {"split": "two"}
    (profile / "settings.json").write_text(json.dumps(settings))

    messenger.reports.clear()
    app = App(desktop, profile)  # this used to panic in Tauri's permission check
    try:
        listening(messenger, "H")
        rows = app.run_js("""return [...document.querySelectorAll('li.account')].map(li =>
            [li.querySelector('.label').textContent, li.querySelector('.service').textContent, li.classList.contains('unknown')])""")
        assert rows[0][0] == "Fake H" and rows[0][1] in ("127.0.0.1", "Fakegram") and not rows[0][2], rows[0]
        assert rows[1] == ["From the future", "nosuch · not known to this version of Switchboard", True]
        assert rows[2][0] == "Newer Telegram" and rows[2][2] and "newer Switchboard" in rows[2][1]
        assert app.notice() is None, "nothing was damaged"
        assert not list(profile.glob("settings.json.damaged-*"))

        # The page of the account it knows works as usual: the IPC was not poisoned.
        messenger.command("H", "title", text="(4) Fake")
        wait_until(lambda: app.run_js("return document.querySelector('li.account .badge').textContent") == "4", 10, "badge")

        # The unknown one offers only removal; clicking it shows nothing.
        app.ui_click('li.account[data-id="n1"] .more')
        items = app.run_js("return [...document.querySelectorAll('#menu button')].filter(b => !b.hidden).map(b => b.dataset.action)")
        assert items == ["remove"]
        app.ui_click('#menu [data-action="remove"]')
        app.ui_click("#confirm-ok")
        wait_until(lambda: [r[0] for r in app.sidebar()] == ["Fake H", "Newer Telegram"], 5, "removed")
        app.quit()
    finally:
        app.kill()
    after = json.loads((profile / "settings.json").read_text())
    assert after["accounts"][1] == newer, "the account this version can't read is written back as it was"
    assert after["layout"] == {"split": "two"}
    assert [a["id"] for a in after["accounts"]][1:] == ["b2"]


def test_hidden_pages_stay_hidden_whatever_brings_the_window_forward(desktop, messenger, tmp_path, tray_host):
    profile = tmp_path / "profile"
    before = len(desktop.notifications())
    _, app = start_with_fakes(desktop, messenger, profile, "V1", "V2", "V3")
    try:
        item = wait_until(lambda: desktop.tray_item(app.pid), 10, "the tray icon registered")
        messenger.command("V1", "permission")
        messenger.reports.wait_for(lambda e: e["event"] == "permission:granted", what="permission")
        hidden = {"V2", "V3"}

        def each(what, action):
            messenger.reports.clear()
            action()
            # Every page answers after the action: what it did to them was reported by then.
            for account in ["V1", *hidden]:
                messenger.command(account, "permission")
            for account in ["V1", *hidden]:
                messenger.reports.wait_for(lambda e, a=account: e["account"] == a and e["event"].startswith("permission:"),
                                           what=f"{account} after {what}")
            shown = [(e["account"], e["event"], e.get("width")) for e in messenger.reports.events
                     if (e["account"] in hidden and e.get("visible") == "visible")
                     or (e["account"] == "V1" and e["event"] == "resize" and e.get("width") != 1200 - SIDEBAR)]
            assert shown == [], f"{what} un-hid a page or squeezed the shown one: {shown}"

        def palette_and_escape():
            app.key("ctrl+k")
            wait_until(lambda: app.run_js("return !document.getElementById('palette').hidden"), 5, "palette")
            app.key("Escape")
            wait_until(lambda: app.run_js("return document.getElementById('palette').hidden"), 5, "palette closed")

        def notification_click():
            messenger.command("V1", "notify", title="Ping", body="from the shown account")
            index = wait_until(lambda: [i for i, n in enumerate(desktop.notifications()) if i >= before
                                        and n == ("Fake V1: Ping", "from the shown account")], 10, "notified")[0]
            desktop.click_notification(index)
            messenger.reports.wait_for(lambda e: e["event"] == "clicked:Ping", what="the page's click handler")

        def second_launch():
            assert "already running" in cli(profile, env=desktop.env).stdout

        def global_shortcut():
            desktop.xdotool("key", "--clearmodifiers", "ctrl+shift+space")
            wait_until(lambda: app.run_js("return !document.getElementById('palette').hidden"), 5, "palette")
            app.key("Escape")
            wait_until(lambda: app.run_js("return document.getElementById('palette').hidden"), 5, "palette closed")

        def tray_account():
            desktop.click_tray_item(item, dict(desktop.tray(item)[1])["Fake V1"])

        def tray_show_window():
            desktop.close_window(app.window, until=lambda: not desktop.window_shown(app.window))
            show = wait_until(lambda: dict(desktop.tray(item)[1]).get("Show window"), 5, "Show window in the tray menu")
            desktop.click_tray_item(item, show)
            wait_until(lambda: desktop.window_shown(app.window), 5, "the window back")

        for what, action in [("Ctrl+K then Esc", palette_and_escape), ("a notification click", notification_click),
                             ("a second launch", second_launch), ("the global shortcut", global_shortcut),
                             ("the tray's account item", tray_account), ("the tray's Show window", tray_show_window)]:
            each(what, action)
        assert [row[1] for row in app.sidebar()] == [True, False, False]
        app.quit()
    finally:
        app.kill()


def test_the_whole_profile_is_the_users_alone_after_a_full_run(desktop, messenger, tmp_path):
    profile = tmp_path / "profile"
    os.umask(0o022)  # the usual umask: files would be 0644 and folders 0755 without care
    _, app = start_with_fakes(desktop, messenger, profile, "P1", "P2")
    try:
        messenger.command("P2", "permission")
        messenger.reports.wait_for(lambda e: e["event"] == "permission:granted", what="permission")
        messenger.command("P2", "notify", title="Preview", body="a message preview on disk")
        wait_until(lambda: (profile / "data" / "history.jsonl").exists(), 10, "the history written")
        messenger.command("P1", "login", user="alice")
        messenger.reports.wait_for(lambda e: e["account"] == "P1" and e.get("cookieUser") == "alice", what="signed in")
        assert (profile / "instance.lock").exists()
        app.quit()
    finally:
        app.kill()
    loose = []
    for path in [profile, *profile.rglob("*")]:
        try:
            mode = stat.S_IMODE(path.lstat().st_mode)
        except FileNotFoundError:
            continue  # a journal WebKit's last process removed while this walked
        if path.is_symlink():
            continue
        if mode & 0o077:
            loose.append(f"{oct(mode)} {path.relative_to(profile)}")
    assert loose == [], "readable by other users:\n" + "\n".join(loose[:20])
    assert (profile / "data" / "accounts").is_dir() and (profile / "data" / "history.jsonl").is_file()


def test_a_page_that_went_to_about_blank_sleeps_and_wakes_as_itself(desktop, messenger, tmp_path):
    profile = tmp_path / "profile"
    ids, app = start_with_fakes(desktop, messenger, profile, "Z1", "Z2")
    try:
        # Z2 (hidden) navigates itself to an opaque origin, then is put to sleep.
        messenger.command("Z2", "go", to="about:blank")
        messenger.reports.wait_for(lambda e: e["account"] == "Z2" and e["event"] == "pagehide", what="Z2 left")
        assert "asleep" in cli(profile, "services", "sleep", ids[1], env=desktop.env).stdout
        wait_until(lambda: "asleep" in app.run_js(
            "return document.querySelectorAll('li.account .service')[1].textContent"), 5, "Z2 asleep")

        # Woken, it opens at its own page (not about:blank), and its events count as its own.
        messenger.reports.clear()
        app.ui_click('li.account[data-id="%s"]' % ids[1])
        listening(messenger, "Z2")
        messenger.command("Z2", "title", text="(6) Fake")
        wait_until(lambda: app.run_js("return document.querySelectorAll('li.account .badge')[1].textContent") == "6",
                   10, "Z2's own count")
        assert app.alive()
        app.quit()
    finally:
        app.kill()


def service_line(app, index):
    return app.run_js(f"return document.querySelectorAll('li.account .service')[{index}].textContent")


def test_a_page_that_cannot_connect_says_so_and_loads_by_itself_when_the_server_is_back(desktop, other_site, tmp_path):
    port = free_port()
    profile = tmp_path / "profile"
    cli(profile, "services", "add", "custom", "--url", f"http://127.0.0.1:{port}/?acct=NET", "--label", "Fake NET")
    app = App(desktop, profile)
    server = None
    try:
        # The server is down at start: the sidebar says so, and our page takes the account's place.
        wait_until(lambda: "offline" in service_line(app, 0), 15, "the account marked as not connecting")
        assert "can't be reached" in app.run_js("return document.querySelector('li.account .names').title")
        time.sleep(1)  # our page paints a moment after the sidebar says so
        desktop.screenshot("offline.png")
        # What the page in the account's place says, as a user reads it off the screen.
        said = wait_until(lambda: (lambda text: text if "can't connect" in text else None)(
            desktop.read_screen(240, 0, 960, 780).replace("’", "'").replace("‘", "'")), 30, "our page's words on the screen")
        assert "Fake NET can't connect" in said and "127.0.0.1 can't be reached" in said, said
        assert "tries again by itself" in said, said
        assert "can't connect" not in service_line(app, 0), "our own page is not the site it stands in for"
        # It comes up: the page loads by itself, nobody clicks anything.
        server = FakeMessenger(other_site.origin, port=port)
        server.reports.wait_for(lambda e: e["account"] == "NET" and e["event"] == "load", 20, what="loaded by itself")
        wait_until(lambda: "offline" not in service_line(app, 0), 5, "the mark gone")

        # The same while the app runs: down, a reload fails, back up, loaded again.
        server.close()
        app.key("ctrl+shift+r")
        wait_until(lambda: "offline" in service_line(app, 0), 15, "marked again")
        server = FakeMessenger(other_site.origin, port=port)
        server.reports.wait_for(lambda e: e["account"] == "NET" and e["event"] == "load", 20, what="back by itself")
        wait_until(lambda: "offline" not in service_line(app, 0), 5, "the mark gone again")
        app.quit()
    finally:
        app.kill()
        if server:
            server.close()


def web_processes(pid):
    found = []
    for p in descendants(pid):
        try:
            if kind(p) == "web":
                found.append(p)
        except OSError:
            pass
    return set(found)


def test_a_killed_page_comes_back_signed_in_and_the_others_notice_nothing(desktop, messenger, tmp_path):
    profile = tmp_path / "profile"
    (c1, c2), app = start_with_fakes(desktop, messenger, profile, "K1", "K2")
    try:
        messenger.command("K2", "login", user="kim")
        messenger.reports.wait_for(lambda e: e["account"] == "K2" and e.get("cookieUser") == "kim", what="K2 signed in")
        # Which web process is K2's: the one that appears when it wakes from sleep.
        cli(profile, "services", "sleep", c2, env=desktop.env)
        wait_until(lambda: "asleep" in service_line(app, 1), 5, "K2 asleep")
        before = web_processes(app.pid)
        messenger.reports.clear()
        app.ui_click(f'li.account[data-id="{c2}"]')
        listening(messenger, "K2")
        k2 = wait_until(lambda: web_processes(app.pid) - before, 10, "K2's web process")
        assert len(k2) == 1

        messenger.reports.clear()
        import os
        os.kill(k2.pop(), signal.SIGKILL)
        back = messenger.reports.wait_for(lambda e: e["account"] == "K2" and e["event"] == "load", 20, what="K2 back")
        assert (back["cookieUser"], back["storageUser"], back["idbUser"]) == ("kim", "kim", "kim")
        wait_until(lambda: "stopped unexpectedly and was loaded again" in (app.notice() or ""), 5, "the notice")
        # K1 noticed nothing: it answers, and reported no reload or hiding meanwhile.
        messenger.command("K1", "permission")
        messenger.reports.wait_for(lambda e: e["account"] == "K1" and e["event"].startswith("permission:"), what="K1 answers")
        assert [e["event"] for e in messenger.reports.events if e["account"] == "K1"] == ["permission:granted"]
        app.quit()
    finally:
        app.kill()


def workspace(app):
    """What the app holds now, asked directly (not as the UI's last update said)."""
    app.run_js("window.__view = null; window.__TAURI__.core.invoke('workspace').then(v => { window.__view = v })")
    return wait_until(lambda: app.run_js("return window.__view"), 5, "the workspace")


def asking(app):
    return [(q["account"], q["kinds"]) for q in workspace(app)["asking"]]


def question(app):
    return app.run_js("const d = document.getElementById('permission-dialog');"
                      "return d.hidden ? null : document.getElementById('permission-title').textContent")


def test_a_camera_request_is_asked_once_per_account_and_site_and_remembered(desktop, messenger, tmp_path):
    profile = tmp_path / "profile"
    (c1, c2), app = start_with_fakes(desktop, messenger, profile, "C1", "C2")
    origin = f"http://127.0.0.1:{messenger.port}"
    try:
        # The account on screen starts a call: Switchboard asks, naming the account and the site.
        messenger.command("C1", "camera")
        assert wait_until(lambda: question(app), 10, "the question") == "Fake C1 asks for your camera"
        assert app.run_js("return document.getElementById('permission-site').textContent") == origin
        time.sleep(0.5)
        desktop.screenshot("permission.png")
        app.ui_click("#permission-allow")
        messenger.reports.wait_for(lambda e: e["account"] == "C1" and e["event"] == "camera:granted", what="the call allowed")

        # Asked once: the next call, even in a reloaded page (WebKit forgets its own grant
        # then), goes through without a question.
        messenger.reports.clear()
        app.key("ctrl+shift+r")
        listening(messenger, "C1")
        messenger.command("C1", "camera")
        messenger.reports.wait_for(lambda e: e["account"] == "C1" and e["event"] == "camera:granted", what="remembered")
        assert question(app) is None

        # A hidden account asks: its question waits (WebKit holds a hidden page's request, and
        # Switchboard asks only for the account on screen); nothing comes in front of C1.
        messenger.command("C2", "camera")
        messenger.command("C2", "permission")
        messenger.reports.wait_for(lambda e: e["account"] == "C2" and e["event"].startswith("permission:"), what="C2 asked")
        # (WebKit itself holds a hidden page's request until the page shows: nothing is queued,
        # and stays so.)
        for _ in range(6):
            assert question(app) is None and asking(app) == []
            time.sleep(0.5)
        app.key("ctrl+2")
        assert wait_until(lambda: question(app), 10, "C2's question on C2") == "Fake C2 asks for your camera"
        app.ui_click("#permission-deny")
        messenger.reports.wait_for(lambda e: e["account"] == "C2" and e["event"] == "camera:NotAllowedError", what="refused")
        accounts = {a["id"]: a for a in json.loads((profile / "settings.json").read_text())["accounts"]}
        assert accounts[c1]["permissions"] == {origin: {"camera": True}}
        assert accounts[c2]["permissions"] == {origin: {"camera": False}}

        # The account's menu lists the answer and takes it back: the page asks again.
        app.key("ctrl+1")
        app.ui_click(f'li.account[data-id="{c1}"] .more')
        app.ui_click('#menu [data-action="permissions"]')
        rows = app.run_js("return [...document.querySelectorAll('#permissions-rows li')].map(li => li.textContent)")
        assert rows == [f"{origin}your cameraallowedAsk again"]
        app.ui_click("#permissions-rows button")
        wait_until(lambda: "permissions" not in {a["id"]: a for a in json.loads((profile / "settings.json").read_text())["accounts"]}[c1],
                   5, "the answer forgotten")
        app.ui_click("#permissions-dialog .close")
        messenger.reports.clear()
        app.key("ctrl+shift+r")
        listening(messenger, "C1")
        messenger.command("C1", "camera")
        assert wait_until(lambda: question(app), 10, "asked again") == "Fake C1 asks for your camera"
        app.ui_click("#permission-deny")
        app.quit()
    finally:
        app.kill()


def test_a_page_loading_the_accounts_site_asks_for_the_camera_in_its_own_name(desktop, messenger, other_site, tmp_path):
    profile = tmp_path / "profile"
    (g1,), app = start_with_fakes(desktop, messenger, profile, "G1")
    try:
        # The account's own site was allowed the camera.
        messenger.command("G1", "camera")
        assert wait_until(lambda: question(app), 10, "the question") == "Fake G1 asks for your camera"
        app.ui_click("#permission-allow")
        messenger.reports.wait_for(lambda e: e["account"] == "G1" and e["event"] == "camera:granted", what="allowed")
        # Sent to a hostile page, which starts loading the account's site (slow to answer) and
        # asks for the camera while that load is pending: it is asked in its own name.
        other_site.hits.clear()
        messenger.command("G1", "go", to=f"{other_site.origin}/forger?camera=1&start={quote(messenger.url('G1'))}")
        assert wait_until(lambda: question(app), 10, "the hostile page's question") == "Fake G1 asks for your camera"
        assert app.run_js("return document.getElementById('permission-site').textContent") == other_site.origin
        app.ui_click("#permission-deny")
        # Its "no" is its own: the account's site keeps its "yes", and the page got no camera.
        origin = f"http://127.0.0.1:{messenger.port}"
        wait_until(lambda: json.loads((profile / "settings.json").read_text())["accounts"][0].get("permissions")
                   == {origin: {"camera": True}, other_site.origin: {"camera": False}}, 10, "the answer kept for its site")
        # (WebKit holds the page's own promise while its load is pending; the grant is what counts.)
        time.sleep(2)
        assert "/saw?camera%3Agranted" not in other_site.hits.events
        app.quit()
    finally:
        app.kill()


DOWNLOAD_LINK = (1200 - 100, 50)  # the fake page's link to a shared file, top right


def downloads_view(app):
    return workspace(app)["downloads"]


def download_question(app):
    return app.run_js("const d = document.getElementById('download-dialog');"
                      "return d.hidden ? null : document.getElementById('download-title').textContent")


def test_nothing_is_downloaded_without_the_users_click_and_yes(desktop, messenger, tmp_path):
    profile = tmp_path / "profile"
    folder = tmp_path / "saved"
    folder.mkdir()
    for name in ("D1", "D2"):
        add_fake(profile, messenger, name)
    settings = json.loads((profile / "settings.json").read_text())
    settings["download_dir"] = str(folder)
    (profile / "settings.json").write_text(json.dumps(settings))
    messenger.reports.clear()
    app = App(desktop, profile)
    try:
        listening(messenger, "D1")
        listening(messenger, "D2")
        # Scripts start downloads by themselves, in the page on screen and in a hidden one: refused.
        messenger.command("D1", "download")
        wait_until(lambda: "A download from Fake D1 was blocked" in (app.notice() or ""), 10, "D1's blocked")
        messenger.command("D2", "download")
        wait_until(lambda: "A download from Fake D2 was blocked" in (app.notice() or ""), 10, "D2's blocked")
        assert list(folder.iterdir()) == [] and download_question(app) is None

        # The user clicks the file's link: asked which account and file; "Don't save" writes nothing.
        app.click(*DOWNLOAD_LINK)
        assert wait_until(lambda: download_question(app), 10, "the question") == "Save “report.pdf” from Fake D1?"
        time.sleep(0.5)
        desktop.screenshot("download.png")
        app.ui_click("#download-refuse")
        wait_until(lambda: downloads_view(app) == [], 5, "the refused download gone")
        assert list(folder.iterdir()) == []

        # Clicked again and saved: the file is in the chosen folder, and in the Downloads list.
        app.click(*DOWNLOAD_LINK)
        wait_until(lambda: download_question(app), 10, "asked again")
        app.ui_click("#download-save")
        saved = folder / "report.pdf"
        wait_until(lambda: saved.exists() and saved.stat().st_size == 4009, 10, "the file saved")
        wait_until(lambda: [d["state"] for d in downloads_view(app)] == ["done"], 10, "listed as saved")
        app.ui_click("#downloads-open")
        row = wait_until(lambda: app.run_js("return document.querySelector('#downloads-rows li')?.textContent"), 5, "the list drawn")
        assert "report.pdf" in row and "Fake D1 · saved" in row and "Show in folder" in row, (row, downloads_view(app))
        assert sorted(p.name for p in folder.iterdir()) == ["report.pdf"]
        app.quit()
    finally:
        app.kill()


def test_a_title_rewritten_in_a_loop_ends_on_its_last_count(desktop, messenger, tmp_path):
    profile = tmp_path / "profile"
    _, app = start_with_fakes(desktop, messenger, profile, "T1")
    try:
        # Every redraw the flood causes reaches the sidebar as one "workspace" event: counted.
        app.run_js("window.__redraws = 0; window.__TAURI__.event.listen('workspace', () => { window.__redraws += 1 })"
                   ".then(() => { window.__counting = true })")
        wait_until(lambda: app.run_js("return window.__counting === true"), 5, "counting redraws")
        messenger.command("T1", "titleFlood", count=5000, text="(5) Fake")
        messenger.reports.wait_for(lambda e: e["account"] == "T1" and e["event"] == "titles-flooded", what="flooded")
        wait_until(lambda: app.run_js("return document.querySelector('li.account .badge').textContent") == "5", 10, "a count")
        app.run_js("window.__redraws = 0")
        # Now one change at a time for about three seconds: the engine tells every one.
        messenger.command("T1", "titleFlood", count=300, every=10, text="(7) Fake")
        messenger.reports.wait_for(lambda e: e["account"] == "T1" and e["event"] == "titles-flooded", 30, what="flooded slowly")
        # The last change still reaches the badge...
        wait_until(lambda: app.run_js("return document.querySelector('li.account .badge').textContent") == "7", 10, "the last count")
        # ...and on the way the 300 changes made at most the bound's worth of redraws (40 count
        # changes in 10 s, and the one shown a moment later), not one each.
        redraws = app.run_js("return window.__redraws")
        assert 1 <= redraws <= 40 + 5, f"{redraws} redraws for 300 title changes"
        assert app.alive()
        app.quit()
    finally:
        app.kill()


def test_quitting_unloads_every_page_so_a_quick_restart_finds_nothing_held(desktop, messenger, tmp_path):
    # Clients that hold a per-tab session lock release it when the page unloads: a page that
    # never unloads (killed with the app) leaves the next start stuck behind its own lock.
    profile = tmp_path / "profile"
    _, app = start_with_fakes(desktop, messenger, profile, "Q1", "Q2")
    try:
        messenger.reports.clear()
        app.quit()
        for name in ("Q1", "Q2"):
            messenger.reports.wait_for(lambda e, name=name: e["account"] == name and e["event"] == "pagehide",
                                       5, what=f"{name}'s page unloaded before the app ended")
    finally:
        app.kill()
    # The window's close button quits the same way when there is no tray to go to.
    _, app = start_with_fakes(desktop, messenger, profile, "Q3")
    try:
        messenger.reports.clear()
        desktop.close_window(app.window, until=lambda: not app.alive())
        messenger.reports.wait_for(lambda e: e["account"] == "Q3" and e["event"] == "pagehide", 5, what="Q3 unloaded")
    finally:
        app.kill()
