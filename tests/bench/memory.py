"""Memory of the running app with 1 and 5 fake accounts, under Xvfb (a benchmark, not a test).

Prints RSS and PSS (from /proc/PID/smaps_rollup; RSS counts shared libraries once per process)
for the app process and for its WebKit web and network processes."""

import time

from running import app_with, descendants, fake_desktop, kib, kind


def measure(desktop, messenger, tmp, accounts):
    names = [f"m{accounts}-{i}" for i in range(accounts)]
    with app_with(desktop, messenger, tmp / f"profile-{accounts}", names) as app:
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


def main():
    with fake_desktop() as (tmp, desktop, messenger):
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


if __name__ == "__main__":
    main()
