"""The benchmark's fake chat page: a real web client's weight (a few hundred KB of DOM, an avatar
per chat, a clock ticking every second), the same bytes every run. Avatars are what messengers
serve: small JPEG photos, each chat's at its own address (an SVG drawn per avatar would cost a
Chromium tab an SVG document each, and flatter the comparison)."""

import random
import subprocess

WORDS = ("hello order paid shipped tomorrow price discount photo thanks "
         "привет заказ оплачен доставка скидка спасибо 你好 订单 发货 谢谢 价格").split()


PORTRAITS = 24


def portrait(hue):
    """A 96×96 JPEG portrait with a photo's grain, as a messenger's CDN serves one (2–4 KB)."""
    return subprocess.run(
        ["convert", "-size", "96x96", f"xc:hsl({hue},55%,60%)", "-fill", "#ffffffaa",
         "-draw", "circle 48,38 48,20", "-draw", "roundrectangle 18,62 78,120 20,20",
         "-attenuate", "0.5", "+noise", "Gaussian", "-quality", "80", "jpg:-"],
        capture_output=True, check=True).stdout


def avatars(chats=300):
    """Each chat's avatar at its own address: {address: (bytes, type)}."""
    rng = random.Random(11)
    photos = [portrait(rng.randrange(360)) for _ in range(PORTRAITS)]
    return {f"/avatars/{i}.jpg": (photos[i % PORTRAITS], "image/jpeg") for i in range(chats)}


def sentence(rng, n):
    return " ".join(rng.choice(WORDS) for _ in range(n))


def page(chats=300, messages=700):
    rng = random.Random(7)
    rows = "".join(
        f'<div class="row" data-chat="c{i}"><img src="/avatars/{i}.jpg" alt=""><div class="text">'
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
