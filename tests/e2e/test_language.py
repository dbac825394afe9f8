"""The app speaks the user's language: the system's at first, the one chosen in Settings at once
and after a restart — in the window, the tray menu and the notification shown while locked."""
import time

import pytest

from accounts import start_with_fakes
from harness import App, cli, wait_until


def ui_text(app, css):
    return app.run_js(f"return document.querySelector({css!r}).textContent")


def brightness(colour):
    return sum(int(colour[i:i + 2], 16) for i in (1, 3, 5)) / 3


def sidebar_side(desktop, app):
    """Where the dark sidebar is, read from the window's own pixels: "left" or "right"."""
    geometry = dict(line.split("=") for line in desktop.xdotool("getwindowgeometry", "--shell", app.window).split())
    width, middle = int(geometry["WIDTH"]), int(geometry["HEIGHT"]) // 2
    left, right = brightness(desktop.pixel(app.window, 60, middle)), brightness(desktop.pixel(app.window, width - 60, middle))
    return "left" if left < 80 < right else "right" if right < 80 < left else f"unclear ({left:.0f} / {right:.0f})"


def tray_labels(desktop, app):
    item = wait_until(lambda: desktop.tray_item(app.pid), 10, "the tray icon registered")
    return [label for label, _ in desktop.tray(item)[1] if label]


def test_the_app_speaks_the_systems_language_and_the_one_chosen_at_once(desktop, tmp_path, tray_host):
    profile = tmp_path / "profile"
    cli(profile, "services", "add", "telegram", "--label", "Telegram")
    app = App(desktop, profile, env={"LANG": "ru_RU.UTF-8", "LANGUAGE": ""})
    try:
        wait_until(lambda: ui_text(app, "#palette-open span") == "Найти контакт", 10, "the sidebar in Russian")
        assert app.run_js("return document.documentElement.lang") == "ru"
        assert "Выйти из Switchboard" in wait_until(lambda: tray_labels(desktop, app), 10, "the tray menu")
        # Settings → Language: Traditional Chinese, at once, in the window and the tray.
        app.ui_click("#settings-open")
        system = app.run_js("return document.querySelector('#language option[value=\"\"]').textContent")
        assert system == "Как в системе (Русский)", system
        app.run_js("const s = document.getElementById('language'); s.value = 'zh-Hant';"
                   "s.dispatchEvent(new Event('change'))")
        wait_until(lambda: ui_text(app, "#palette-open span") == "尋找聯絡人", 10, "the sidebar in Traditional Chinese")
        wait_until(lambda: "結束 Switchboard" in tray_labels(desktop, app), 10, "the tray menu in Traditional Chinese")
        # Arabic is written right to left: the sidebar moves to the right, the page to its left.
        app.key("Escape")
        wait_until(lambda: sidebar_side(desktop, app) == "left", 10, "the sidebar on the left")
        app.run_js("const s = document.getElementById('language'); s.value = 'ar';"
                   "s.dispatchEvent(new Event('change'))")
        wait_until(lambda: app.run_js("return document.documentElement.dir") == "rtl", 10, "the window right to left")
        wait_until(lambda: sidebar_side(desktop, app) == "right", 10, "the sidebar on the right in Arabic")
        app.run_js("const s = document.getElementById('language'); s.value = 'zh-Hant';"
                   "s.dispatchEvent(new Event('change'))")
        wait_until(lambda: ui_text(app, "#palette-open span") == "尋找聯絡人", 10, "Traditional Chinese again")
        assert app.run_js("return document.documentElement.dir") == "ltr"
        wait_until(lambda: sidebar_side(desktop, app) == "left", 10, "the sidebar back on the left")
        app.quit()
        # Remembered: the next start speaks it, whatever the system says.
        app = App(desktop, profile, env={"LANG": "ru_RU.UTF-8", "LANGUAGE": ""})
        wait_until(lambda: ui_text(app, "#palette-open span") == "尋找聯絡人", 10, "Traditional Chinese after a restart")
        app.quit()
    finally:
        app.kill()


@pytest.mark.parametrize("locale, language, find, new_message", [
    ("zh_CN.UTF-8", "zh-Hans", "查找联系人", "新消息"),
    ("zh_TW.UTF-8", "zh-Hant", "尋找聯絡人", "新訊息"),
    ("ar_EG.UTF-8", "ar", "ابحث عن جهة اتصال", "رسالة جديدة"),
])
def test_the_app_starts_in_the_systems_language(desktop, messenger, tmp_path, locale, language, find, new_message):
    _, app = start_with_fakes(desktop, messenger, tmp_path / "profile", "L1", env={"LANG": locale, "LANGUAGE": ""})
    try:
        wait_until(lambda: ui_text(app, "#palette-open span") == find, 10, f"the sidebar in {language}")
        assert app.run_js("return document.documentElement.lang") == language
        # Arabic mirrors the window: the sidebar on the right, the account's page on its left.
        wanted = "right" if language == "ar" else "left"
        wait_until(lambda: sidebar_side(desktop, app) == wanted, 10, f"the sidebar on the {wanted}")
        # Locked, a message's notification says only that one came — in the user's language.
        app.run_js("window.__done = false; window.__TAURI__.core.invoke('set_lock', {current: null, password: 'замок-4410',"
                   " atStart: false, idleMinutes: 0}).then(() => { window.__done = true })")
        wait_until(lambda: app.run_js("return window.__done"), 10, "a lock set")
        app.key("ctrl+shift+l")
        wait_until(lambda: app.run_js("return !document.getElementById('lock-screen').hidden"), 5, "locked")
        before = len(desktop.notifications())
        messenger.command("L1", "notify", title="Анна", body="Заказ 5521")
        wait_until(lambda: desktop.notifications()[before:], 10, "the notification")
        time.sleep(2)  # anything more (a second, telling notification) has come by now
        assert desktop.notifications()[before:] == [(new_message, "")]
        app.quit()
    finally:
        app.kill()
