"""End to end: the chat lists of Element, Slack, Teams, Google Messages, LinkedIn, VK and WeChat —
each a local page copying its web client's list (tests/fixtures/chatlists, every class and
attribute from the sources the catalog names) — read by the catalog's rules in one running app.
The Unread list shows each service's unread chats, counted by their number or their dot, muted
ones left out, with the line each row shows; the sidebar's badge adds them up; a chat the page
marks unread later joins them; a row chosen in the list opens in its page; and the chat on screen
has its card."""

import json

from accounts import reported
from harness import App, cli, wait_until

# Per service: its label, the unread rows the page starts with [(name, count, preview)], and a
# chat marked unread later (name, count, the page's change).
CASES = {
    "element": ("Element — Partners", [("Ahmed Hassan", "2", "هل وصل الطلب رقم 3390؟"), ("Wholesale EU", "1", "Pallets leave Friday")],
                ("Marta Kowalska", "4", ("append", {"selector": "#later", "html": '<div data-testid="notification-decoration"><span class="_unread-counter_1147r_8">4</span></div>'}))),
    "slack": ("Slack — Acme", [("Li Wei", "3", ""), ("orders", "1", "")],
              ("Sofía Romero", "1", ("addClass", {"selector": "#later", "name": "p-channel_sidebar__channel--unread"}))),
    "teams": ("Teams — Office", [("Olga Ivanova", "1", "Когда будет счёт на 40 коробок?"), ("Buyers — Gulf", "1", "Samir: the samples arrived")],
              ("Kenji Watanabe", "1", ("attr", {"selector": "#later", "name": "aria-labelledby", "value": "title-chat-list-item_19:kenji01@unq.gbl.spaces chat_list_unread_text"}))),
    "google-messages": ("Messages — Phone", [("+1 415 555 0134", "1", "Is the blue one still in stock?"), ("Chen Jing", "1", "收到，谢谢")],
                        ("Lucas Martin", "1", ("attr", {"selector": "#later", "name": "data-e2e-is-unread", "value": "true"}))),
    "linkedin": ("LinkedIn — Sales", [("Fatima Zahra", "2", "Could you send the 2027 catalogue?"), ("Priya Nair", "1", "Priya: Are you at the Canton fair?")],
                 ("Tom Becker", "1", ("addClass", {"selector": "#later", "name": "msg-conversation-card__convo-item-container--unread"}))),
    "vk": ("VK — Магазин", [("Дмитрий Соколов", "4", "Добрый день, счёт 7781 оплачен"), ("Оптовики Казань", "1", "Ильдар: когда следующая партия?")],
           ("Алина Ким", "5", ("append", {"selector": "#later", "html": '<span class="UnreadCounter" data-testid="vkme_convo_list_item_unread_counter">5</span>'}))),
    "wechat": ("WeChat — 客服", [("张伟", "3", "这批货什么时候发？"), ("义乌供应商群", "1", "王总: 样品已寄出")],
               ("Anna Schmidt", "2", ("append", {"selector": "#later", "html": '<i class="icon web_wechat_reddot_middle">2</i>'}))),
}
# Whose open chat can be named (Google Messages' could not be sourced: the user picks the person).
NAMES_THE_OPEN_CHAT = set(CASES) - {"google-messages"}


def unread_rows(app):
    """The Unread list: {label: [(name, count, preview)]}."""
    rows = app.run_js("""return [...document.querySelectorAll('#unread-list .unread-row')].map(li => [
        li.querySelector('.where').textContent, li.querySelector('.who').textContent,
        li.querySelector('.badge').textContent, li.querySelector('.preview')?.textContent ?? ''])""")
    listed = {}
    for where, name, count, preview in rows:
        listed.setdefault(where.split(" · ", 1)[-1], []).append((name, count, preview))
    return listed


def badges(app):
    """The sidebar's badge of each account: {label: text}."""
    return dict(app.run_js("""return [...document.querySelectorAll('li.account')].map(li =>
        [li.querySelector('.label').textContent, li.querySelector('.badge')?.textContent ?? ''])"""))


def test_seven_web_clients_lists_read_by_their_rules(desktop, messenger, tmp_path):
    profile = tmp_path / "profile"
    for service, (label, _, _) in CASES.items():
        cli(profile, "services", "add", service, "--label", label, "--url", messenger.url(service, page=f"/chatlists/{service}/"))
    messenger.reports.clear()
    app = App(desktop, profile)
    try:
        for service in CASES:
            reported(messenger, service, "listening", 30)
        app.key("ctrl+shift+u")
        expected = {label: sorted(rows) for label, rows, _ in CASES.values()}
        shown = lambda: {label: sorted(rows) for label, rows in unread_rows(app).items()}
        try:
            wait_until(lambda: shown() == expected, 30, "every service's unread chats, muted ones left out")
        except AssertionError:
            assert shown() == expected
        # Each account's badge is what its list adds up to.
        wait_until(lambda: all(badges(app).get(label) == str(sum(int(c) for _, c, _ in rows)) for label, rows, _ in CASES.values()),
                   10, f"the badges: {badges(app)}")
        desktop.screenshot("chatlists-unread.png")

        # Each page marks one more chat unread, the way its client does: it joins the list.
        for service, (_, _, (_, _, (action, args))) in CASES.items():
            messenger.command(service, action, **args)
        def with_later():
            shown = unread_rows(app)
            return all((name, count) in [(n, c) for n, c, _ in shown.get(label, [])] for label, _, (name, count, _) in CASES.values())
        wait_until(with_later, 15, "the chats marked unread later")

        # A row chosen in the list opens that chat in its page; the chat on screen has its card.
        for service, (label, rows, _) in CASES.items():
            name = rows[0][0]
            app.key("ctrl+shift+u")
            wait_until(lambda: label in unread_rows(app), 10, f"{label} in the list")
            app.run_js("""[...document.querySelectorAll('#unread-list .unread-row')].find(li =>
                li.querySelector('.where').textContent.endsWith(%s) && li.querySelector('.who').textContent === %s).click()"""
                       % (json.dumps(label), json.dumps(name)))
            reported(messenger, service, "chat_open", 15, peer=name)
            if service in NAMES_THE_OPEN_CHAT:
                app.key("Escape")
                app.key("ctrl+shift+n")
                wait_until(lambda: app.run_js("return !document.getElementById('person-panel').hidden && document.getElementById('person-title').textContent") == name,
                           10, f"{name}'s card beside {label}")
                app.key("Escape")
        app.quit()
    finally:
        app.kill()
