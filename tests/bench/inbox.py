"""The inbox's figures under Xvfb, with the real app and a private D-Bus session (a benchmark,
not a test):

latency from a page's `new Notification(...)` to the Notify call on the bus, median and p99
over 1,000 notifications (10 accounts, 100 each, paced under the per-account rate bound); then a
burst, 100 at once from one account, as a flooding page sends them: how many arrive, how many the
rate bound drops, and how long the arriving ones take. Idle CPU is in budget.py.

Set SWITCHBOARD_BIN to measure another build (`make bench` uses the release build)."""

import statistics
import subprocess
import time

from running import app_with, binary, fake_desktop

LATENCY_ACCOUNTS, PER_ACCOUNT = 10, 100
# The inbox lets 10 notifications per account through in any 10 s; one every 1.1 s stays under.
EVERY_MS = 1100
BURST = 100


def notify_times(monitor_output):
    """(summary, arrival time) of every Notify call dbus-monitor saw (summaries may repeat: a
    burst makes several in one tick of the page's clock)."""
    arrivals, at, strings = [], None, []
    for line in monitor_output.splitlines():
        if line.startswith("method call ") and "member=Notify" in line:
            at = float(line.split("time=", 1)[1].split()[0])
            strings = []
        elif at is not None and line.lstrip().startswith('string "'):
            strings.append(line.strip()[len('string "'):-1])
            if len(strings) == 3:  # app name, icon, summary
                arrivals.append((strings[2], at))
                at = None
    return arrivals


def latency(desktop, messenger, tmp, names, per_account, every_ms):
    """Delays in ms of the notifications that reached the bus, `per_account` from each page of
    `names`, one every `every_ms`."""
    log = tmp / f"notify-{names[0]}.log"  # a file, not a pipe: a full pipe would stall the monitor
    monitor = subprocess.Popen(["stdbuf", "-oL", "dbus-monitor", "--address", desktop.bus,
                                "interface='org.freedesktop.Notifications',member='Notify'"],
                               stdout=log.open("w"), env=desktop.env)
    try:
        with app_with(desktop, messenger, tmp / f"latency-{names[0]}", names):
            time.sleep(2)
            for name in names:
                messenger.command(name, "bench", count=per_account, every=every_ms)
            for name in names:
                messenger.reports.wait_for(lambda e, n=name: e["event"] == "bench-done" and e["account"] == n,
                                           per_account * every_ms / 1000 + 60)
            time.sleep(3)
    finally:
        monitor.terminate()
        monitor.wait(10)
    arrivals = notify_times(log.read_text())
    delays = sorted((at - float(summary.rsplit(" ", 1)[1]) / 1000) * 1000
                    for summary, at in arrivals if ": at " in summary)
    return delays


def summary(delays):
    if not delays:
        return "nothing arrived"
    p99 = delays[min(len(delays) - 1, int(len(delays) * 0.99))]
    return f"median {statistics.median(delays):.2f} ms   p99 {p99:.2f} ms   max {delays[-1]:.2f} ms"


def main():
    with fake_desktop() as (tmp, desktop, messenger):
        print(f"binary: {binary()}")
        names = [f"L{i}" for i in range(LATENCY_ACCOUNTS)]
        delays = latency(desktop, messenger, tmp, names, PER_ACCOUNT, EVERY_MS)
        expected = LATENCY_ACCOUNTS * PER_ACCOUNT
        print(f"notification latency, page -> D-Bus Notify, paced: {len(delays)} of {expected} delivered")
        print(f"  {summary(delays)}")
        burst = latency(desktop, messenger, tmp, ["B0"], BURST, 0)
        print(f"a burst of {BURST} at once from one account: {len(burst)} delivered, {BURST - len(burst)} dropped "
              f"by the rate bound (10 per account in any 10 s)")
        print(f"  {summary(burst)}")

if __name__ == "__main__":
    main()
