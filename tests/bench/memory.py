"""Memory of the running app with 1 and 5 fake accounts, under Xvfb (a benchmark, not a test).

Prints RSS and PSS (from /proc/PID/smaps_rollup; RSS counts shared libraries once per process)
for the app process and for its WebKit web and network processes."""

import pathlib
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "e2e"))
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from fakes import FakeMessenger, OtherSite  # noqa: E402
from harness import Desktop, binary, cli  # noqa: E402
from procs import descendants, kib, kind  # noqa: E402


def measure(desktop, messenger, tmp, accounts):
    profile = tmp / f"profile-{accounts}"
    for i in range(accounts):
        cli(profile, "services", "add", "custom", "--url", messenger.url(f"m{accounts}-{i}"), "--label", f"Fake {i}")
    messenger.reports.clear()
    app = subprocess.Popen([binary(), "--profile", str(profile)], env=desktop.env, stderr=subprocess.DEVNULL)
    try:
        for i in range(accounts):
            messenger.reports.wait_for(lambda e, i=i: e["event"] == "load" and e["account"] == f"m{accounts}-{i}", 60)
        time.sleep(3)  # let start-up work settle
        totals = {}
        for pid in descendants(app.pid):
            try:
                k = kind(pid)
                rss, pss = kib(f"/proc/{pid}/status", "VmRSS"), kib(f"/proc/{pid}/smaps_rollup", "Pss")
            except (FileNotFoundError, ProcessLookupError):
                continue
            n, r, p = totals.get(k, (0, 0, 0))
            totals[k] = (n + 1, r + rss, p + pss)
        return totals
    finally:
        app.terminate()
        app.wait(10)


def main():
    tmp = pathlib.Path(tempfile.mkdtemp())
    desktop = Desktop(tmp)
    other = OtherSite()
    messenger = FakeMessenger(other.origin)
    try:
        print(f"{'accounts':>8} {'processes':<10} {'count':>5} {'RSS MB':>8} {'PSS MB':>8}")
        for accounts in (1, 5):
            totals = measure(desktop, messenger, tmp, accounts)
            for k in ("app", "web", "network", "other"):
                if k in totals:
                    n, rss, pss = totals[k]
                    print(f"{accounts:>8} {k:<10} {n:>5} {rss / 1024:>8.1f} {pss / 1024:>8.1f}")
            n = sum(v[0] for v in totals.values())
            print(f"{accounts:>8} {'all':<10} {n:>5} {sum(v[1] for v in totals.values()) / 1024:>8.1f} "
                  f"{sum(v[2] for v in totals.values()) / 1024:>8.1f}")
    finally:
        messenger.close()
        other.close()
        desktop.close()


if __name__ == "__main__":
    main()
