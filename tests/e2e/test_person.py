"""End to end: a customer's notes and tags, from the chat on screen. In a WhatsApp page built like
its web client, Renée's chat is opened; Ctrl+Shift+N shows her card beside it, where the user
tags her and writes a dated note. `#vip` in the palette finds her, her Unread row shows her tags
and the tag filters the list, and all of it is there after a restart and in a vCard export."""

import json
import time

from accounts import listening, reported, start_whatsapp_shop
from harness import App, cli, wait_until

BUYER = "Bonjour, la commande 118 est prête ?"
NOTE = "Wants 200 units; paid half, rest on delivery"
EDITED = NOTE + ". Call first"


def panel(app):
    """What the person panel shows: title, tags, notes [(time, text)], and its 'none' line."""
    return app.run_js("""const $ = (id) => document.getElementById(id);
        return $('person-panel').hidden ? null : {
          title: $('person-title').textContent,
          none: $('person-none').hidden ? null : $('person-none').textContent,
          tags: [...$('person-tags').querySelectorAll('.tag')].map(t => t.firstChild.textContent),
          notes: [...$('person-notes').querySelectorAll('li')].map(li => [li.querySelector('time').textContent, li.querySelector('textarea').value]),
          language: $('person-language').value,
        }""")


def unread_rows(app):
    return app.run_js("""return [...document.querySelectorAll('#unread-list .unread-row')].map(li => [
        li.querySelector('.who').textContent, [...li.querySelectorAll('.tag')].map(t => t.textContent)])""")


def palette_names(app, query):
    app.run_js("document.getElementById('palette-results').dataset.query = '';"
               "const i = document.getElementById('palette-input'); i.value = %s; i.dispatchEvent(new Event('input'))"
               % json.dumps(query))
    wait_until(lambda: app.run_js("return document.getElementById('palette-results').dataset.query") == query, 5, query)
    return app.run_js("return [...document.querySelectorAll('#palette-results .result .who')].map(w => w.textContent)")


def test_a_customers_notes_and_tags_from_the_chat_on_screen(desktop, messenger, tmp_path):
    profile = tmp_path / "profile"
    app = start_whatsapp_shop(desktop, messenger, profile)
    try:
        # No chat open yet: the panel says so and offers the contacts.
        app.key("ctrl+shift+n")
        wait_until(lambda: (panel(app) or {}).get("none"), 10, "the panel saying no chat is open")
        assert "no chat open" in panel(app)["none"]

        # Renée writes; her chat opened from the Unread list; Ctrl+Shift+N: her card, made now.
        messenger.command("WA", "message", name="Renée Dupont", time=time.strftime("%H:%M"), text=BUYER, count=3)
        app.key("ctrl+shift+u")
        wait_until(lambda: any(name == "Renée Dupont" for name, _ in unread_rows(app)), 20, "Renée's unread row")
        app.run_js("""[...document.querySelectorAll('#unread-list .unread-row')]
            .find(li => li.querySelector('.who').textContent === 'Renée Dupont').click()""")
        reported(messenger, "WA", "chat_open", 15, peer="Renée Dupont")

        def card_shown():
            app.key("ctrl+shift+n")
            return wait_until(lambda: panel(app), 5, "the panel") ["title"] == "Renée Dupont"
        wait_until(card_shown, 20, "Renée's card beside her chat", step=1)

        # Two tags (one typed with '#'), her language, a note: each saved as it is made.
        app.ui_type("#person-tag", "VIP\ue007")
        wait_until(lambda: panel(app)["tags"] == ["VIP"], 5, "the tag VIP")
        app.ui_type("#person-tag", "#wholesale\ue007")
        wait_until(lambda: panel(app)["tags"] == ["VIP", "wholesale"], 5, "the tag wholesale")
        app.run_js("const s = document.getElementById('person-language'); s.value = 'fr'; s.dispatchEvent(new Event('change'))")
        app.ui_type("#person-note", NOTE)
        app.ui_click("#person-note-form button[type=submit]")
        wait_until(lambda: len(panel(app)["notes"]) == 1, 5, "the note listed")
        when, text = panel(app)["notes"][0]
        assert text == NOTE and time.strftime("%Y") in when, panel(app)
        time.sleep(0.5)
        desktop.screenshot("person-panel.png")
        # The note edited, and the panel closed with Esc straight away: the edit is kept.
        app.ui_type("#person-notes textarea", ". Call first")
        app.key("Escape")
        wait_until(lambda: panel(app) is None, 5, "the panel closed")
        app.key("ctrl+shift+n")
        wait_until(lambda: (panel(app) or {}).get("notes", [[None, None]])[0][1] == EDITED, 5, "the edit kept")
        app.key("Escape")

        # Found by her tag in the palette.
        app.key("ctrl+k")
        assert wait_until(lambda: palette_names(app, "#vip"), 5, "#vip in the palette") == ["Renée Dupont"]
        assert palette_names(app, "#unpaid") == []
        app.key("Escape")

        # Another chat opened (Мария's); then Renée and Paul write: Renée's Unread row carries her
        # tags, and her tag filters the list (Paul, untagged, goes).
        app.key("ctrl+shift+u")
        wait_until(lambda: any(name == "Мария Иванова" for name, _ in unread_rows(app)), 10, "Мария's row")
        app.run_js("""[...document.querySelectorAll('#unread-list .unread-row')]
            .find(li => li.querySelector('.who').textContent === 'Мария Иванова').click()""")
        reported(messenger, "WA", "chat_open", 15, peer="Мария Иванова")
        messenger.command("WA", "message", name="Renée Dupont", time=time.strftime("%H:%M"), text="Et la facture ?", count=1)
        messenger.command("WA", "message", name="Paul Martin", time=time.strftime("%H:%M"), text="Hello", count=1)
        wait_until(lambda: sorted(unread_rows(app)) == [["Paul Martin", []], ["Renée Dupont", ["VIP", "wholesale"]]], 20,
                   "Renée's row with her tags, Paul's without")
        app.run_js("const s = document.getElementById('unread-tag'); s.value = 'vip'; s.dispatchEvent(new Event('change'))")
        wait_until(lambda: unread_rows(app) == [["Renée Dupont", ["VIP", "wholesale"]]], 5, "only the VIP rows")
        time.sleep(0.5)
        desktop.screenshot("unread-tags.png")
        app.quit()

        # After a restart, and in the command line and a vCard export, all of it is there.
        found = json.loads(cli(profile, "contacts", "search", "#wholesale", "--json").stdout)
        assert [(h["name"], h["tags"], h["note"]) for h in found] == [("Renée Dupont", ["VIP", "wholesale"], EDITED)]
        # Past the bounds, a clear refusal and nothing changed.
        refused = cli(profile, "contacts", "tag", found[0]["person"], "x" * 33, check=False)
        assert refused.returncode != 0 and "too long for a tag" in refused.stderr, refused.stderr
        assert json.loads(cli(profile, "contacts", "search", "#vip", "--json").stdout)[0]["tags"] == ["VIP", "wholesale"]
        vcard = cli(profile, "contacts", "export", "vcf").stdout.replace("\n ", "")  # unfolded (text mode: \n)
        assert "CATEGORIES:VIP,wholesale\n" in vcard and "LANG:fr\n" in vcard, vcard
        assert "NOTE;X-SWITCHBOARD-AT=" in vcard and "Wants 200 units\\; paid half\\, rest on delivery" in vcard, vcard
        # Started again, in Russian: found by the words of her note, her chat opened from the
        # palette, and her panel beside it.
        messenger.reports.clear()
        app = App(desktop, profile, {"LANG": "ru_RU.UTF-8", "LANGUAGE": ""})
        listening(messenger, "WA")
        app.key("ctrl+k")
        assert wait_until(lambda: palette_names(app, "rest delivery"), 10, "found by the words of her note") == ["Renée Dupont"]
        # (The fake page starts with its own chats only: she writes again, so her row is there.)
        messenger.command("WA", "message", name="Renée Dupont", time=time.strftime("%H:%M"), text="Merci !", count=1)
        time.sleep(1)
        app.key("Return")
        reported(messenger, "WA", "chat_open", 15, peer="Renée Dupont")
        app.key("ctrl+shift+n")
        wait_until(lambda: (panel(app) or {}).get("tags") == ["VIP", "wholesale"], 10, "her panel, in Russian")
        assert panel(app)["language"] == "fr"
        assert app.run_js("return document.getElementById('person-language').selectedOptions[0].textContent").lower() == "французский"
        time.sleep(0.5)
        desktop.screenshot("person-panel-ru.png")
        app.quit()
    finally:
        app.kill()
