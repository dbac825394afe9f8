"""Switchboard's memory and CPU budget against an Electron-like shell, under Xvfb (a benchmark,
not a test). Prints one table.

The stand-in for Electron is Debian's Chromium (Electron cannot be installed here) showing the
same fake chat pages as separate sites (a0.test, a1.test, … all mapped to the fake server) in one
browser window: one tab visible, the rest in the background, as Ferdium shows its services.

- start: from launching the app (10 accounts) to its sidebar painted on the X screen with the
  account shown highlighted, each time on a fresh copy of the profile: the first start after
  dropping the page cache (cold, where the machine allows it), then the median of 4 more (warm);
  then the median of 4 starts on a profile used before, as every day after the first;
- PSS (/proc/PID/smaps_rollup, shared pages split between the processes sharing them) of the
  whole process tree at 1, 5 and 10 accounts with one shown, then with 5 of the 10 asleep —
  against Chromium with 10 tabs of which 5 were then closed (through its DevTools endpoint on
  loopback; a discarded tab keeps its entry in the tab strip and no renderer, so no less than a
  closed one), both measured as they are then; sleeping accounts and closed tabs get no
  messages; a process whose memory can't be read is counted and reported, never skipped;
- both measured after the same settling time, Chromium on a profile it has run on before (its
  first run does one-off work) and Switchboard on a fresh one;
- idle CPU of the whole tree over 60 s at 10 accounts;
- the same 10-account figures with WebKit's GPU compositing back on (the lever Switchboard pulls);
- the release binary's size.

Set SWITCHBOARD_BIN to measure another build (`make bench` uses the release build)."""

import contextlib
import json
import os
import pathlib
import shutil
import statistics
import subprocess
import time
import urllib.request

from Xlib import X, display

from chat_page import avatars, page
from real_client import converse_fleet
from running import app_with, as_users_run_it, binary, cli, cpu_ticks, descendants, every_page_listening, fake_desktop, free_port, kib, kind, launched

SETTLE_SECONDS = 10
# A sleeping account's network process is ended this long after its page (shell/sleep.rs).
ASLEEP_NETWORK_SECONDS = 10
IDLE_SECONDS = 60
STARTS = 5
PAGE = "/chat/"
# The sidebar counts as painted once the account shown is highlighted in it: its row's colour
# (--side-active in ui/style.css) inside the first row (the window opens at 0,0).
SIDEBAR_RGB = (0x34, 0x38, 0x52)
SIDEBAR_POINT = (160, 112)


def tree_memory(root):
    """{kind: PSS KiB} over the process tree of `root` ("app", "web", "network", "other"), and
    under "unread" how many of its processes could not be read (gone meanwhile, or refused)."""
    totals = {"unread": 0}
    for pid in descendants(root):
        try:
            k, pss = kind(pid), kib(f"/proc/{pid}/smaps_rollup", "Pss")
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            totals["unread"] += 1
            continue
        totals[k] = totals.get(k, 0) + pss
    return totals


def tree_cpu(root, seconds):
    """Percent of one core used by the process tree of `root` over `seconds` of doing nothing."""
    def ticks():
        out = {}
        for pid in descendants(root):
            try:
                out[pid] = cpu_ticks(pid)
            except (FileNotFoundError, ProcessLookupError):
                pass
        return out
    before = ticks()
    time.sleep(seconds)
    after = ticks()
    used = sum(t - before.get(pid, 0) for pid, t in after.items())
    return 100 * used / os.sysconf("SC_CLK_TCK") / seconds


def names(n, prefix):
    return [f"{prefix}{i}" for i in range(n)]


@contextlib.contextmanager
def switchboard(desktop, messenger, tmp, n, env=None, tag=""):
    with app_with(desktop, messenger, tmp / f"sb{n}{tag}", names(n, f"s{n}{tag}-"), page=PAGE, env=env) as app:
        time.sleep(SETTLE_SECONDS)
        yield app


def chromium_command(profile):
    """Debian's Chromium on the user-data folder `profile`, quiet, in the window's place."""
    args = [shutil.which("chromium") or "chromium", f"--user-data-dir={profile}", "--no-first-run",
            "--no-default-browser-check", "--password-store=basic", "--disable-background-networking",
            "--disable-component-update", "--host-resolver-rules=MAP *.test 127.0.0.1",
            "--window-position=0,0", "--window-size=1200,780"]
    if os.geteuid() == 0:
        args.append("--no-sandbox")  # Chromium refuses to run as root otherwise
    return args


@contextlib.contextmanager
def chromium(desktop, profile, urls, ready, devtools_port=None):
    """Chromium showing `urls` as tabs, the first in front, once `ready()` returns and the
    settling time has passed; its DevTools endpoint on `devtools_port` (loopback) if given."""
    args = chromium_command(profile)
    if devtools_port:
        args += [f"--remote-debugging-port={devtools_port}", "--remote-debugging-address=127.0.0.1"]
    # A first run on a new profile does one-off work (its databases, its first-run checks):
    # run it once on the profile, then measure.
    first = subprocess.Popen(args + ["about:blank"], env=desktop.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(SETTLE_SECONDS)
    first.terminate()
    first.wait(20)
    browser = subprocess.Popen(args + urls, env=desktop.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        ready()
        time.sleep(SETTLE_SECONDS)
        yield browser
    finally:
        browser.terminate()
        browser.wait(20)


def chromium_chat_pages(desktop, messenger, tmp, n, devtools_port=None):
    accounts = names(n, f"c{n}-")
    messenger.reports.clear()
    urls = [f"http://a{i}.test:{messenger.port}{PAGE}?acct={a}" for i, a in enumerate(accounts)]
    return chromium(desktop, tmp / f"chromium{n}", urls, lambda: every_page_listening(messenger, accounts), devtools_port)


def close_background_tabs(port, count):
    """Closes `count` of Chromium's background tabs through its DevTools endpoint; returns how
    many tabs are left."""
    def endpoint(path):
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/{path}", timeout=10) as answer:
            return answer.read()
    tabs = [t for t in json.loads(endpoint("list")) if t["type"] == "page"]
    # The first URL given is the tab in front; the list is newest first.
    for tab in [t for t in tabs if "?acct=c10-0" not in t["url"]][:count]:
        endpoint(f"close/{tab['id']}")
    time.sleep(2)
    return len([t for t in json.loads(endpoint("list")) if t["type"] == "page"])


@contextlib.contextmanager
def converse_in_switchboard(desktop, fleet, tmp, n):
    profile = tmp / f"sb-converse{n}"
    for i in range(n):
        cli(profile, "services", "add", "converse", "--url", fleet.url(i), "--label", f"user{i}")
    with launched(desktop, profile, lambda: fleet.signed_in(n)) as app:
        time.sleep(SETTLE_SECONDS)
        yield app
    fleet.all_signed_out()


@contextlib.contextmanager
def converse_in_chromium(desktop, fleet, tmp, n):
    # *.localhost: loopback and a secure context, as 127.0.0.1 is for Switchboard (Converse signs in
    # with Web Crypto, which only secure contexts have).
    urls = [fleet.url(i, host=f"a{i}.localhost") for i in range(n)]
    with chromium(desktop, tmp / f"chromium-converse{n}", urls, lambda: fleet.signed_in(n)) as browser:
        yield browser
    fleet.all_signed_out()


def sidebar_painted(screen):
    pixel = screen.root.get_image(*SIDEBAR_POINT, 1, 1, X.ZPixmap, 0xFFFFFFFF).data
    return (pixel[2], pixel[1], pixel[0]) == SIDEBAR_RGB


def drop_page_cache():
    """Empties the kernel's page cache, so the next start reads its libraries from the disk; False
    where the machine doesn't allow it."""
    try:
        subprocess.run(["sync"], check=True)
        pathlib.Path("/proc/sys/vm/drop_caches").write_text("3\n")
        return True
    except OSError:
        return False


def cold_starts(desktop, messenger, tmp):
    """Milliseconds from launch to a painted sidebar, `STARTS` times, with 10 accounts, each on a
    fresh copy of the profile (the first after dropping the page cache), then `STARTS` - 1 more on
    the last of them, used before — the everyday start. Returns (fresh, used before, dropped)."""
    template = tmp / "start-template"
    for name in names(10, "cold-"):
        cli(template, "services", "add", "custom", "--url", messenger.url(name, page=PAGE), "--label", name)
    screen = display.Display(desktop.display).screen()
    times, dropped = [], False
    for run in range(2 * STARTS - 1):
        assert not sidebar_painted(screen), "something else paints the sidebar's colour"
        profile = tmp / f"start-{min(run, STARTS - 1)}"
        if run < STARTS:
            shutil.copytree(template, profile)
        if run == 0:
            dropped = drop_page_cache()
        started = time.monotonic()
        app = subprocess.Popen([binary(), "--profile", str(profile)], env=as_users_run_it(desktop), stderr=subprocess.DEVNULL)
        try:
            while not sidebar_painted(screen):
                if time.monotonic() - started > 30:
                    raise AssertionError("the sidebar was not painted within 30 s")
                time.sleep(0.002)
            times.append((time.monotonic() - started) * 1000)
            time.sleep(3)  # let its pages load before it quits, like a real session
        finally:
            tree = descendants(app.pid)
            app.terminate()
            app.wait(20)
        # Each start is on a quiet machine: the last run's processes are gone.
        while any(pathlib.Path(f"/proc/{pid}").exists() for pid in tree) or sidebar_painted(screen):
            time.sleep(0.05)
        time.sleep(1)
    return times[:STARTS], times[STARTS:], dropped


def mb(kib_):
    return kib_ / 1024


def main():
    figures = {}
    with fake_desktop() as (tmp, desktop, messenger):
        messenger.generated[PAGE] = page()
        pictures = avatars()
        messenger.generated.update(pictures)
        weight = sum(len(body) for body, _ in pictures.values()) // 1024
        print(f"binary: {binary()}  ·  chat page: {len(messenger.generated[PAGE]) // 1024} KB of HTML"
              f" + {len(pictures)} JPEG avatars, {weight} KB", flush=True)

        figures["starts"], figures["used starts"], figures["cache dropped"] = cold_starts(desktop, messenger, tmp)
        for n in (1, 5):
            with switchboard(desktop, messenger, tmp, n) as app:
                figures[("sb", n)] = tree_memory(app.pid)
        with switchboard(desktop, messenger, tmp, 10) as app:
            figures[("sb", 10)] = tree_memory(app.pid)
            figures["sb cpu"] = tree_cpu(app.pid, IDLE_SECONDS)
            profile = tmp / "sb10"
            for name in names(10, "s10-")[5:]:
                cli(profile, "services", "sleep", name)
            time.sleep(SETTLE_SECONDS + ASLEEP_NETWORK_SECONDS)
            figures[("sb asleep", 10)] = tree_memory(app.pid)
        env = {"WEBKIT_DISABLE_COMPOSITING_MODE": "0"}
        with switchboard(desktop, messenger, tmp, 10, env=env, tag="gpu") as app:
            figures[("gpu", 10)] = tree_memory(app.pid)
            figures["gpu cpu"] = tree_cpu(app.pid, IDLE_SECONDS)
        for n in (1, 5):
            with chromium_chat_pages(desktop, messenger, tmp, n) as browser:
                figures[("cr", n)] = tree_memory(browser.pid)
        port = free_port()
        with chromium_chat_pages(desktop, messenger, tmp, 10, devtools_port=port) as browser:
            figures[("cr", 10)] = tree_memory(browser.pid)
            figures["cr cpu"] = tree_cpu(browser.pid, IDLE_SECONDS)
            left = close_background_tabs(port, 5)
            assert left == 5, f"{left} tabs left of 10 after closing 5"
            time.sleep(SETTLE_SECONDS)
            figures[("cr closed", 10)] = tree_memory(browser.pid)
        with converse_fleet(tmp) as fleet:
            for n in (1, 5, 10):
                with converse_in_switchboard(desktop, fleet, tmp, n) as app:
                    figures[("sb real", n)] = tree_memory(app.pid)
                with converse_in_chromium(desktop, fleet, tmp, n) as browser:
                    figures[("cr real", n)] = tree_memory(browser.pid)
    report(figures)


def report(f):
    total = lambda key: mb(sum(v for k, v in f[key].items() if k != "unread"))  # noqa: E731
    first, warm = f["starts"][0], statistics.median(f["starts"][1:])
    cold_what = "first start, page cache dropped" if f["cache dropped"] else "first start (cache not droppable)"
    size = pathlib.Path(binary()).stat().st_size / 1024 / 1024
    used = statistics.median(f["used starts"])
    rows = [(cold_what, f"{first:.0f} ms", "", "", "", None),
            ("warm start, fresh profile", f"{warm:.0f} ms", "", "", "≤ 400 ms", warm <= 400),
            ("warm start, profile used before", f"{used:.0f} ms", "", "", "≤ 400 ms", used <= 400)]
    for page, key, goal in (("chat page", "", 0.8), ("Converse", " real", 1.0)):
        for n in (1, 5, 10):
            ours, theirs = total(("sb" + key, n)), total(("cr" + key, n))
            budget, met = (f"≤ {goal}× stand-in", ours <= goal * theirs) if n == 10 else ("", None)
            rows.append((f"PSS, {page}, {n} account{'s' * (n > 1)} awake", f"{ours:.0f} MB", f"{theirs:.0f} MB",
                         f"{ours / theirs:.2f}", budget, met))
    asleep, closed, all10 = total(("sb asleep", 10)), total(("cr closed", 10)), total(("cr", 10))
    rows.append(("PSS, 10 accounts, then 5 asleep/closed", f"{asleep:.0f} MB", f"{closed:.0f} MB",
                 f"{asleep / closed:.2f}", "≤ 0.5× its 10 open", asleep <= all10 / 2))
    app = mb(f[("sb", 10)].get("app", 0))
    rows.append(("app process PSS, 10 accounts", f"{app:.0f} MB", "", "", "≤ 60 MB", app <= 60))
    rows.append(("idle CPU, 10 accounts, 60 s", f"{f['sb cpu']:.1f} %", f"{f['cr cpu']:.1f} %",
                 f"{f['sb cpu'] / max(f['cr cpu'], 0.01):.2f}", "≤ 0.5× stand-in", f["sb cpu"] <= f["cr cpu"] / 2))
    rows.append(("release binary", f"{size:.1f} MB", "", "", "≤ 15 MB", size <= 15))

    print()
    print(f"{'':<44} {'Switchboard':>12} {'Chromium':>10} {'ratio':>6}  {'budget':<19} met")
    for what, ours, theirs, ratio, budget, met in rows:
        mark = "" if met is None else ("yes" if met else "MISSED")
        print(f"{what:<44} {ours:>12} {theirs:>10} {ratio:>6}  {budget:<19} {mark}")
    print(f"\nstarts on fresh profiles: {', '.join(f'{t:.0f}' for t in f['starts'])} ms (the first {cold_what.split(', ')[-1]}); "
          f"on one used before: {', '.join(f'{t:.0f}' for t in f['used starts'])} ms")
    print("Asleep accounts and closed tabs receive no messages until opened.")
    unread = {what: f[key]["unread"] for key, what in ((("sb", 10), "Switchboard, 10"), (("sb asleep", 10), "Switchboard, 5 asleep"),
                                                         (("cr", 10), "Chromium, 10"), (("cr closed", 10), "Chromium, 5 closed"))}
    print("processes whose memory could not be read (ended meanwhile, or refused): "
          + ", ".join(f"{what} {n}" for what, n in unread.items()))
    print("\nSwitchboard's PSS by process kind (MB):")
    print(f"{'':<26} {'app':>6} {'web':>6} {'network':>8} {'other':>6}")
    for key, what in [(("sb", 1), "1 account"), (("sb", 5), "5 accounts"), (("sb", 10), "10 accounts"),
                      (("sb asleep", 10), "10 accounts, 5 asleep"), (("gpu", 10), "10, compositing on"),
                      (("sb real", 1), "Converse, 1 account"), (("sb real", 5), "Converse, 5 accounts"),
                      (("sb real", 10), "Converse, 10 accounts")]:
        k = f[key]
        print(f"{what:<26} {mb(k.get('app', 0)):>6.0f} {mb(k.get('web', 0)):>6.0f} {mb(k.get('network', 0)):>8.0f} "
              f"{mb(k.get('other', 0)):>6.0f}")
    print(f"\nlever, WebKit GPU compositing (WebKit's default) vs off (Switchboard's), 10 accounts: "
          f"PSS {total(('gpu', 10)):.0f} → {total(('sb', 10)):.0f} MB, "
          f"idle CPU {f['gpu cpu']:.1f} → {f['sb cpu']:.1f} % of a core")
    missed = [what for what, *_, met in rows if met is False]
    budgets = [met for *_, met in rows if met is not None]
    print(f"\nbudget: {len(budgets) - len(missed)} of {len(budgets)} met"
          + (f"; MISSED: {'; '.join(missed)}" if missed else ""))

if __name__ == "__main__":
    main()
