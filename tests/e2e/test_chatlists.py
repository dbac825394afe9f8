"""End to end: the chat lists of Element (both its lists), Slack, Teams, Google Messages,
LinkedIn, VK and WeChat — each a local page copying its web client's list
(tests/fixtures/chatlists, every class and attribute from the sources the catalog names) — read
by the catalog's rules in one running app. The Unread list shows each service's unread chats,
counted by their number or their dot, with the line each row shows; muted ones stay out (where
the client draws a number or dot on a muted row: Slack, Teams, VK — Element and WeChat draw none
there); the sidebar's badge adds them up; a chat the page marks unread later joins them; a row
chosen in the list opens in its page; and the chat on screen has its card."""

import json

from accounts import reported
from harness import App, cli, wait_until

# Per account (its page under /chatlists/): its service, its label, the unread rows the page
# starts with [(name, count, preview)], and a chat marked unread later (name, count, preview, the
# page's change).
CASES = {
    "element": ("element", "Element — Partners", [("Ahmed Hassan", "2", "هل وصل الطلب رقم 3390؟"), ("Wholesale EU", "1", "Pallets leave Friday")],
                ("Marta Kowalska", "4", "Dziękuję!", ("append", {"selector": "#later", "html": '<div data-testid="notification-decoration"><span class="_unread-counter_1147r_8">4</span></div>'}))),
    "element-legacy": ("element", "Element — Old list", [("Yuki Tanaka", "2", "見積もりをお願いします")],
                       ("Omar Farouk", "1", "Thank you", ("append", {"selector": "#later", "html": '<div class="mx_NotificationBadge mx_NotificationBadge_visible mx_NotificationBadge_level_notification"><span class="mx_NotificationBadge_count">1</span></div>'}))),
    "slack": ("slack", "Slack — Acme", [("Li Wei", "3", ""), ("orders", "1", "")],
              ("Sofía Romero", "1", "", ("addClass", {"selector": "#later", "name": "p-channel_sidebar__channel--unread"}))),
    "teams": ("teams", "Teams — Office", [("Olga Ivanova", "1", "Когда будет счёт на 40 коробок?"), ("Buyers — Gulf", "1", "Samir: the samples arrived")],
              ("Kenji Watanabe", "1", "Thanks, received", ("attr", {"selector": "#later", "name": "aria-labelledby", "value": "title-chat-list-item_19:kenji01@unq.gbl.spaces chat_list_unread_text"}))),
    "google-messages": ("google-messages", "Messages — Phone", [("+1 415 555 0134", "1", "Is the blue one still in stock?"), ("Chen Jing", "1", "收到，谢谢")],
                        ("Lucas Martin", "1", "You: See you then", ("attr", {"selector": "#later", "name": "data-e2e-is-unread", "value": "true"}))),
    "linkedin": ("linkedin", "LinkedIn — Sales", [("Fatima Zahra", "2", "Could you send the 2027 catalogue?"), ("Priya Nair", "1", "Priya: Are you at the Canton fair?")],
                 ("Tom Becker", "1", "You: Thanks Tom", ("addClass", {"selector": "#later", "name": "msg-conversation-card__convo-item-container--unread"}))),
    "vk": ("vk", "VK — Магазин", [("Дмитрий Соколов", "4", "Добрый день, счёт 7781 оплачен"), ("Оптовики Казань", "1", "Ильдар: когда следующая партия?")],
           ("Алина Ким", "5", "Вы: Спасибо!", ("append", {"selector": "#later", "html": '<span class="UnreadCounter" data-testid="vkme_convo_list_item_unread_counter">5</span>'}))),
    "wechat": ("wechat", "WeChat — 客服", [("张伟", "3", "这批货什么时候发？"), ("义乌供应商群", "1", "王总: 样品已寄出")],
               ("Anna Schmidt", "2", "Danke, alles angekommen", ("append", {"selector": "#later", "html": '<i class="icon web_wechat_reddot_middle">2</i>'}))),
}
# Whose open chat can be named (Google Messages' could not be sourced: the user picks the person).
NAMES_THE_OPEN_CHAT = set(CASES) - {"google-messages"}


def unread_rows(app):
    """The Unread list: {label: [(name, count, preview)]}, each label's rows sorted."""
    rows = app.run_js("""return [...document.querySelectorAll('#unread-list .unread-row')].map(li => [
        li.querySelector('.where').textContent, li.querySelector('.who').textContent,
        li.querySelector('.badge').textContent, li.querySelector('.preview')?.textContent ?? ''])""")
    listed = {}
    for where, name, count, preview in rows:
        listed.setdefault(where.split(" · ", 1)[-1], []).append((name, count, preview))
    return {label: sorted(rows) for label, rows in listed.items()}


def badges(app):
    """The sidebar's badge of each account: {label: text}."""
    return dict(app.run_js("""return [...document.querySelectorAll('li.account')].map(li =>
        [li.querySelector('.label').textContent, li.querySelector('.badge')?.textContent ?? ''])"""))


def expect(rows_of):
    """The list and the badges to see, from each case's rows (`rows_of(case)`)."""
    rows = {label: sorted(rows_of(case)) for _, label, *case in CASES.values()}
    return rows, {label: str(sum(int(count) for _, count, _ in listed)) for label, listed in rows.items()}


def settled_on(app, rows, counts, what):
    """Waits for the Unread list and the badges to be these; says what differs if they never are."""
    state = lambda: (unread_rows(app), {label: badges(app).get(label) for label in counts})
    try:
        wait_until(lambda: state() == (rows, counts), 30, what)
    except AssertionError:
        assert state() == (rows, counts), what


def open_list(app):
    app.key("ctrl+shift+u")
    wait_until(lambda: app.run_js("return !document.getElementById('unread-panel').hidden"), 5, "the Unread list open")


def close_stage(app):
    """Closes the list or card beside the page with its ✕ (the keys may be in the page by now)."""
    app.run_js("[...document.querySelectorAll('#stage .close')].find(b => b.offsetParent).click()")
    wait_until(lambda: app.run_js("return document.getElementById('stage').hidden"), 5, "back to the page")


def test_eight_web_client_lists_read_by_their_rules(desktop, messenger, tmp_path):
    profile = tmp_path / "profile"
    for page, (service, label, _, _) in CASES.items():
        cli(profile, "services", "add", service, "--label", label, "--url", messenger.url(page, page=f"/chatlists/{page}/"))
    messenger.reports.clear()
    app = App(desktop, profile)
    try:
        for page in CASES:
            reported(messenger, page, "listening", 30)
        # No chat open yet: the card beside the page says to open one (the header names nobody).
        app.key("ctrl+shift+n")
        wait_until(lambda: app.run_js("return !document.getElementById('person-none').hidden && document.getElementById('person-none').textContent")
                   .startswith("This page shows no chat open"), 10, "no card without a chat on screen")
        close_stage(app)

        open_list(app)
        rows, counts = expect(lambda case: case[0])
        settled_on(app, rows, counts, "every service's unread chats, muted ones left out, and the badges adding them up")
        desktop.screenshot("chatlists-unread.png")
        close_stage(app)

        # Each page marks one more chat unread, the way its client does: it joins the list, and
        # the badges count it (LinkedIn's title still says 3: the list's 4 wins).
        for page, (_, _, _, (_, _, _, (action, args))) in CASES.items():
            messenger.command(page, action, **args)
        open_list(app)
        rows, counts = expect(lambda case: case[0] + [case[1][:3]])
        settled_on(app, rows, counts, "the chats marked unread later, counted")
        close_stage(app)

        # A row chosen in the list (not the first one of its account) opens that chat in its
        # page; the chat on screen has its card, named by the page's header.
        for page, (_, label, _, (name, _, _, _)) in CASES.items():
            open_list(app)
            app.run_js("""[...document.querySelectorAll('#unread-list .unread-row')].find(li =>
                li.querySelector('.where').textContent.endsWith(%s) && li.querySelector('.who').textContent === %s).click()"""
                       % (json.dumps(label), json.dumps(name)))
            reported(messenger, page, "chat_open", 15, peer=name)
            if page in NAMES_THE_OPEN_CHAT:
                app.key("ctrl+shift+n")
                wait_until(lambda: app.run_js("return !document.getElementById('person-panel').hidden && document.getElementById('person-title').textContent") == name,
                           10, f"{name}'s card beside {label}")
            close_stage(app)
        app.quit()
    finally:
        app.kill()
