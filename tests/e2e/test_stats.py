"""End to end: statistics from two WhatsApp accounts (pages built like WhatsApp Web). Bob writes
three messages to the two accounts; the user answers him in one after a measured wait. The day's
rows in the Statistics view say so, the file says the same, and no message's text is anywhere in
the profile."""

import csv
import io
import json
import math
import subprocess
import time
from pathlib import Path

from accounts import listening, reported
from harness import App, binary, cli, wait_until

TEXTS = ("Is order 4471 ready?", "Hello?? 4471", "Bulk price for 4471?")


def rows(app):
    """The Statistics view's rows: [label, messages in, chats, answered, first answer, waiting, unread]."""
    return app.run_js("""return [...document.querySelectorAll('#stats-rows tr')].map(tr =>
        [...tr.querySelectorAll('td')].filter(td => !td.classList.contains('chart')).map(td => td.textContent))""")


def test_messages_chats_and_a_measured_answer(desktop, messenger, tmp_path):
    profile = tmp_path / "profile"
    for name, label in (("WA", "WhatsApp — Shop"), ("WB", "WhatsApp — Wholesale")):
        cli(profile, "services", "add", "whatsapp", "--label", label, "--url", messenger.url(name, page="/whatsapp/"))
    messenger.reports.clear()
    app = App(desktop, profile)
    try:
        listening(messenger, "WA")
        listening(messenger, "WB")
        started = time.monotonic()
        # Each page's first list (Мария's unread chat) is what was there already, not new.
        app.key("ctrl+shift+u")
        wait_until(lambda: app.run_js("return document.querySelectorAll('#unread-list .unread-row').length") == 2, 20, "both pages' first lists")
        app.key("Escape")
        # What a page shows in its first 30 seconds is what it had as it loaded (a real web client
        # draws its list late): Bob writes after that.
        time.sleep(max(0, 32 - (time.monotonic() - started)))
        messenger.command("WA", "message", name="Bob Lee", time=time.strftime("%H:%M"), text=TEXTS[0], count=1)
        wrote = time.monotonic()
        messenger.command("WB", "message", name="Bob Lee", time=time.strftime("%H:%M"), text=TEXTS[2], count=1)
        time.sleep(1)
        messenger.command("WA", "message", name="Bob Lee", time=time.strftime("%H:%M"), text=TEXTS[1], count=2)

        # Bob's chat in the Shop opened from the Unread list; the user answers after a while.
        app.key("ctrl+shift+u")
        wait_until(lambda: app.run_js("""return [...document.querySelectorAll('#unread-list .unread-row')]
            .some(li => li.querySelector('.where').textContent.includes('Shop') && li.querySelector('.who').textContent === 'Bob Lee'
                        && li.querySelector('.badge').textContent === '2')"""), 20, "Bob's row in the Shop, 2 unread")
        app.run_js("""[...document.querySelectorAll('#unread-list .unread-row')]
            .find(li => li.querySelector('.where').textContent.includes('Shop') && li.querySelector('.who').textContent === 'Bob Lee').click()""")
        reported(messenger, "WA", "chat_open", 15, peer="Bob Lee")
        app.key("Escape")
        time.sleep(4)
        # The answer into the page's message box (as a saved reply goes), then the user's Enter.
        app.run_js("window.__TAURI__.core.invoke('insert_text', {text: 'On its way'})")
        reported(messenger, "WA", "draft", 10, text="On its way")
        app.key("Return")
        answered = time.monotonic()
        reported(messenger, "WA", "sent", 10, text="On its way")
        measured = answered - wrote

        # Today: the Shop got 2 messages in 1 chat and answered it; the Wholesale 1, unanswered.
        app.ui_click("#stats-open")
        app.ui_click("#stats-span-1")
        def counted():
            app.ui_click("#stats-span-1")  # measured again
            return wait_until(lambda: len(rows(app)) == 3, 5, "the rows") and rows(app)[0][3] == "1"
        wait_until(counted, 10, "the answer counted", step=0.5)
        shop, wholesale, total = rows(app)
        assert shop[:4] == ["WhatsApp — Shop", "2", "1", "1"], shop
        assert wholesale[:4] == ["WhatsApp — Wholesale", "1", "1", "0"] and wholesale[5] != "—", wholesale
        assert total[:4] == ["All accounts", "3", "2", "1"], total
        time.sleep(0.5)
        desktop.screenshot("stats.png")
        # The file, from the view: a row per account for today.
        app.ui_click("#stats-export")
        wait_until(lambda: "Wrote 2 rows to" in (app.notice() or ""), 10, "the file written")
        written = app.notice().split("Wrote 2 rows to ", 1)[1].rstrip(".")
        exported = list(csv.DictReader(open(written, encoding="utf-8")))
        assert sorted((r["label"], r["received"], r["chats_answered"]) for r in exported) == \
            [("WhatsApp — Shop", "2", "1"), ("WhatsApp — Wholesale", "1", "0")], exported
        app.quit()
    finally:
        app.kill()

    # The file says the same, and the answer's time is the one measured (to the second the app
    # saw each side, and the pages' half-second looks).
    table = list(csv.DictReader(io.StringIO(cli(profile, "stats", "--days", "1").stdout)))
    by_label = {row["label"]: row for row in table}
    assert (by_label["WhatsApp — Shop"]["received"], by_label["WhatsApp — Shop"]["chats_answered"]) == ("2", "1")
    assert abs(int(by_label["WhatsApp — Shop"]["answer_median_s"]) - measured) <= 2, (by_label, measured)
    assert (by_label["WhatsApp — Wholesale"]["received"], by_label["WhatsApp — Wholesale"]["answers"]) == ("1", "0")
    # No message's text in any file of the statistics (or anywhere outside the pages' own data).
    for path in profile.rglob("*"):
        if path.is_file() and "accounts" not in path.relative_to(profile).parts and "browsers" not in path.relative_to(profile).parts:
            data = path.read_bytes()
            for text in (*TEXTS, "On its way"):
                assert text.encode() not in data, f"{text!r} in {path}"


def charts(app):
    """Each row's charts: per chart, its days' bar heights (percent; several bars a day)."""
    return app.run_js("""return [...document.querySelectorAll('#stats-rows tr')].map(tr =>
        [...tr.querySelectorAll('.bars')].map(chart => [...chart.querySelectorAll('.day')].map(day =>
            [...day.querySelectorAll('.bar')].map(bar => parseFloat(bar.style.blockSize)))))""")


def test_four_weeks_in_charts_in_english_and_arabic(desktop, messenger, tmp_path):
    """Four weeks of a desk's figures (written by the example stats_history into the real store):
    the 30-day view draws a bar a day of messages and of answer times, its figures are the file's,
    and in Arabic the same view reads right to left in Arabic digits."""
    profile = tmp_path / "profile"
    for name, label in (("WA", "WhatsApp — Shop"), ("WB", "WhatsApp — Wholesale")):
        cli(profile, "services", "add", "whatsapp", "--label", label, "--url", messenger.url(name, page="/whatsapp/"))
    ids = [a["id"] for a in json.loads(cli(profile, "services", "list", "--json").stdout)]
    subprocess.run([str(Path(binary()).parent / "examples" / "stats_history"), str(profile / "data" / "stats"), *ids], check=True, timeout=120)
    table = list(csv.DictReader(io.StringIO(cli(profile, "stats", "--days", "30").stdout)))
    received = {label: sum(int(r["received"]) for r in table if r["label"] == label) for label in ("WhatsApp — Shop", "WhatsApp — Wholesale")}
    days = {label: {r["date"] for r in table if r["label"] == label} for label in received}
    assert all(len(d) >= 26 for d in days.values()), days

    for env, shot in (({}, "stats-month.png"), ({"LANG": "ar_EG.UTF-8", "LANGUAGE": ""}, "stats-ar.png")):
        app = App(desktop, profile, env)
        try:
            app.ui_click("#stats-open")
            app.ui_click("#stats-span-30")
            # The 30-day view, not the 7-day one drawn as it opened.
            wait_until(lambda: app.run_js("return document.getElementById('stats-span-30').getAttribute('aria-pressed')") == "true"
                       and [[len(chart) for chart in row] for row in charts(app)] == [[30, 30]] * 3, 10, "three rows of 30 days, two charts each")
            for label, (messages, answers) in zip(received, charts(app)):
                # Each day's bar, oldest on the left (the start in Arabic), as tall as the file's
                # figure for that day against the busiest day.
                by_date = {r["date"]: int(r["received"]) for r in table if r["label"] == label}
                dates = [time.strftime("%Y-%m-%d", time.localtime(time.time() - n * 86_400)) for n in range(29, -1, -1)]
                busiest = max(by_date.values())
                assert [height for (height,) in messages] == [math.floor(by_date.get(d, 0) / busiest * 100 + 0.5) for d in dates], (label, messages)
                # Each day the file says was answered, and only those: the 90th percentile's bar,
                # the median inside it (a day can hold only a backlog, or only answers).
                answered = {r["date"] for r in table if r["label"] == label and int(r["answers"]) > 0}
                assert all(p90 >= median for p90, median in answers) and [p90 > 0 for p90, _ in answers] == [d in answered for d in dates], (answers, answered)
            shown = [r[1] for r in rows(app)]
            if not env:
                assert shown == [f"{n:,}" for n in (*received.values(), sum(received.values()))], (shown, received)
            else:
                arabic = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
                assert shown[0] == str(received["WhatsApp — Shop"]).translate(arabic), shown
                assert app.run_js("return getComputedStyle(document.getElementById('stats-table')).direction") == "rtl"
            time.sleep(0.5)
            desktop.screenshot(shot)
            app.quit()
        finally:
            app.kill()
