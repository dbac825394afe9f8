"""The benchmark's fake chat page: a real web client's weight (a few hundred KB of DOM, an avatar
per chat, a clock ticking every second), the same bytes every run."""

import base64
import random

WORDS = ("hello order paid shipped tomorrow price discount photo thanks "
         "привет заказ оплачен доставка скидка спасибо 你好 订单 发货 谢谢 价格").split()


def avatar(rng):
    """A small SVG portrait on a random colour, as a data: address (the fakes' CSP allows them)."""
    hue = rng.randrange(360)
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" width="96" height="96"><rect width="96" height="96" '
           f'fill="hsl({hue},55%,60%)"/><circle cx="48" cy="38" r="18" fill="#fff8"/>'
           f'<rect x="18" y="62" width="60" height="40" rx="20" fill="#fff8"/></svg>')
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def sentence(rng, n):
    return " ".join(rng.choice(WORDS) for _ in range(n))


def page(chats=300, messages=700):
    rng = random.Random(7)
    rows = "".join(
        f'<div class="row" data-chat="c{i}"><img src="{avatar(rng)}" alt=""><div class="text">'
        f'<div class="name">{sentence(rng, 2).title()} {i}</div><div class="last">{sentence(rng, 12)}</div>'
        f'</div><time>{rng.randrange(24):02}:{rng.randrange(60):02}</time></div>'
        for i in range(chats))
    bubbles = "".join(
        f'<div class="msg{" out" if rng.random() < 0.5 else ""}">{sentence(rng, rng.randrange(4, 40))}'
        f'<time>{rng.randrange(24):02}:{rng.randrange(60):02}</time></div>'
        for _ in range(messages))
    return (f'<!doctype html><html><head><meta charset="utf-8"><title>Chats</title>'
            f'<link rel="stylesheet" href="/static/heavy.css"></head><body>'
            f'<nav id="chats">{rows}</nav><main id="pane"><header><strong>Chat 0</strong>'
            f'<span>online · <time id="clock"></time></span></header><section id="messages">{bubbles}</section></main>'
            f'<script src="/static/channel.js"></script><script src="/static/heavy.js"></script></body></html>')
