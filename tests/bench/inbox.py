"""The inbox's figures under Xvfb, with the real app and a private D-Bus session (a benchmark,
not a test):

latency from a page's `new Notification(...)` to the Notify call on the bus, median and p99
over 1,000 notifications (10 accounts, 100 each, paced under the per-account rate bound). Idle
CPU is in budget.py.

Set SWITCHBOARD_BIN to measure another build (`make bench` uses the release build)."""

import statistics
import subprocess
import time

from running import app_with, binary, fake_desktop

LATENCY_ACCOUNTS, PER_ACCOUNT = 10, 100
# The inbox lets 10 notifications per account through in any 10 s; one every 1.1 s stays under.
EVERY_MS = 1100


def notify_times(monitor_output):
    """{summary: arrival time} of every Notify call dbus-monitor saw."""
    arrivals, at, strings = {}, None, []
    for line in monitor_output.splitlines():
        if line.startswith("method call ") and "member=Notify" in line:
            at = float(line.split("time=", 1)[1].split()[0])
            strings = []
        elif at is not None and line.lstrip().startswith('string "'):
            strings.append(line.strip()[len('string "'):-1])
            if len(strings) == 3:  # app name, icon, summary
                arrivals[strings[2]] = at
                at = None
    return arrivals


def latency(desktop, messenger, tmp):
    names = [f"L{i}" for i in range(LATENCY_ACCOUNTS)]
    log = tmp / "notify.log"  # a file, not a pipe: a full pipe would stall the monitor
    monitor = subprocess.Popen(["stdbuf", "-oL", "dbus-monitor", "--address", desktop.bus,
                                "interface='org.freedesktop.Notifications',member='Notify'"],
                               stdout=log.open("w"), env=desktop.env)
    try:
        with app_with(desktop, messenger, tmp / "latency", names):
            time.sleep(2)
            for name in names:
                messenger.command(name, "bench", count=PER_ACCOUNT, every=EVERY_MS)
            for name in names:
                messenger.reports.wait_for(lambda e, n=name: e["event"] == "bench-done" and e["account"] == n,
                                           PER_ACCOUNT * EVERY_MS / 1000 + 60)
            time.sleep(2)
    finally:
        monitor.terminate()
        monitor.wait(10)
    arrivals = notify_times(log.read_text())
    delays = sorted((at - float(summary.rsplit(" ", 1)[1]) / 1000) * 1000
                    for summary, at in arrivals.items() if ": at " in summary)
    return delays


def main():
    with fake_desktop() as (tmp, desktop, messenger):
        print(f"binary: {binary()}")
        delays = latency(desktop, messenger, tmp)
        expected = LATENCY_ACCOUNTS * PER_ACCOUNT
        print(f"notification latency, page -> D-Bus Notify: {len(delays)} of {expected} delivered")
        if delays:
            p99 = delays[min(len(delays) - 1, int(len(delays) * 0.99))]
            print(f"  median {statistics.median(delays):.2f} ms   p99 {p99:.2f} ms   max {delays[-1]:.2f} ms")


if __name__ == "__main__":
    main()
