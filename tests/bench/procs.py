"""The app's process tree as /proc shows it, for the benchmarks."""

import pathlib


def kib(path, field):
    for line in pathlib.Path(path).read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def descendants(pid):
    children = {}
    for stat in pathlib.Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError):
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


def kind(pid):
    name = pathlib.Path(f"/proc/{pid}/comm").read_text().strip()
    if "WebProces" in name:
        return "web"
    if "Network" in name:
        return "network"
    return "app" if name.startswith("switchboard") else "other"


def cpu_ticks(pid):
    """User + system CPU time of one process so far, in clock ticks."""
    fields = pathlib.Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])
