"""What each account costs in WebView2's process model, measured with the same engine: Debian's
Chromium showing the bench's chat page (JPEG avatars as messengers serve them), PSS of every
process of the trees (a benchmark, not a test). Prints one table, at 1, 5 and 10 accounts:

- N browsers, each on its own user-data folder: Switchboard's accounts on Windows so far (each
  account its own WebView2 user-data folder, so its own browser, GPU, network and storage
  processes);
- one browser, N profiles in one user-data folder: WebView2's named profiles (each account its own
  cookies and storage, one browser process) — the first profile started with the browser, each
  further one handed to the running browser by a second launch (`--profile-directory`);
- one browser, N tabs: what the pages alone cost, for scale.

Every user-data folder and profile is run once before it is measured (a first run does one-off
work), and every tree is measured after the same settling time as `budget.py`."""

import contextlib
import subprocess
import time

from budget import PAGE, SETTLE_SECONDS, chromium_command, mb, names, tree_memory
from chat_page import avatars, page
from running import every_page_listening, fake_desktop


def urls(messenger, accounts):
    return [f"http://a{i}.test:{messenger.port}{PAGE}?acct={a}" for i, a in enumerate(accounts)]


def launch(desktop, args):
    return subprocess.Popen(args, env=desktop.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def warmed(desktop, folder, profiles=("Default",)):
    """Runs Chromium once on `folder` with each of `profiles` (one-off first-run work), then quits."""
    first = launch(desktop, chromium_command(folder) + [f"--profile-directory={profiles[0]}", "about:blank"])
    time.sleep(2)
    for profile in profiles[1:]:
        launch(desktop, chromium_command(folder) + [f"--profile-directory={profile}", "about:blank"]).wait(30)
    time.sleep(SETTLE_SECONDS)
    first.terminate()
    first.wait(20)


@contextlib.contextmanager
def stopped_after(processes):
    try:
        yield processes
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(20)


def measure(processes, messenger, accounts):
    every_page_listening(messenger, accounts)
    time.sleep(SETTLE_SECONDS)
    trees = [tree_memory(p.pid) for p in processes]
    unread = sum(t.pop("unread") for t in trees)
    return mb(sum(sum(t.values()) for t in trees)), unread


def n_browsers(desktop, messenger, tmp, n):
    accounts = names(n, f"b{n}-")
    folders = [tmp / f"browsers{n}-{i}" for i in range(n)]
    for folder in folders:
        warmed(desktop, folder)
    messenger.reports.clear()
    with stopped_after([launch(desktop, chromium_command(f) + [u]) for f, u in zip(folders, urls(messenger, accounts))]) as browsers:
        return measure(browsers, messenger, accounts)


def n_profiles(desktop, messenger, tmp, n):
    accounts = names(n, f"p{n}-")
    folder, profiles = tmp / f"profiles{n}", [f"Account {i}" for i in range(n)]
    warmed(desktop, folder, profiles)
    messenger.reports.clear()
    addresses = urls(messenger, accounts)
    browser = launch(desktop, chromium_command(folder) + [f"--profile-directory={profiles[0]}", addresses[0]])
    with stopped_after([browser]):
        time.sleep(2)
        for profile, address in zip(profiles[1:], addresses[1:]):
            launch(desktop, chromium_command(folder) + [f"--profile-directory={profile}", address]).wait(30)
        return measure([browser], messenger, accounts)


def n_tabs(desktop, messenger, tmp, n):
    accounts = names(n, f"t{n}-")
    folder = tmp / f"tabs{n}"
    warmed(desktop, folder)
    messenger.reports.clear()
    with stopped_after([launch(desktop, chromium_command(folder) + urls(messenger, accounts))]) as browser:
        return measure(browser, messenger, accounts)


def main():
    rows = []
    with fake_desktop() as (tmp, desktop, messenger):
        messenger.generated[PAGE] = page()
        messenger.generated.update(avatars())
        for n in (1, 5, 10):
            rows.append((n, n_browsers(desktop, messenger, tmp, n), n_profiles(desktop, messenger, tmp, n), n_tabs(desktop, messenger, tmp, n)))
    print(f"\nWebView2's process model, with Chromium as the stand-in (PSS, MB):")
    print(f"{'accounts':<9} {'N browsers (before)':>20} {'N profiles (after)':>19} {'N tabs':>8}")
    for n, browsers, profiles, tabs in rows:
        print(f"{n:<9} {browsers[0]:>20.0f} {profiles[0]:>19.0f} {tabs[0]:>8.0f}")
    (n1, b1, p1, _), (n10, b10, p10, t10) = rows[0], rows[-1]
    print(f"each added account: {(b10[0] - b1[0]) / (n10 - n1):.0f} MB as a browser of its own, "
          f"{(p10[0] - p1[0]) / (n10 - n1):.0f} MB as a profile, {(t10[0] - rows[0][3][0]) / (n10 - n1):.0f} MB as a tab")
    unread = sum(r[i][1] for r in rows for i in (1, 2, 3))
    print(f"processes whose memory could not be read: {unread}")


if __name__ == "__main__":
    main()
