"""The worker side of `latkit-worker/1` (SDK/WORKER_PROTOCOL.md), shared by the example workers.

A worker is `serve(device, measure)`: `device` is the handshake's description (a dict with at
least "name"), `measure(request)` returns the timing fields of one response (`summary(times)`
makes them from per-run milliseconds) or raises, which answers that request with an error.
Copy this file next to your own worker; it needs only the standard library.
"""

import json
import os
import platform
import statistics
import sys

PROTOCOL = "latkit-worker/1"
DEFAULTS = {"batch_size": 1, "warmup": 10, "runs": 50, "threads": 1}


def protocol_stream():
    """The real standard output, kept for protocol lines; file descriptor 1 then points to
    standard error, so that stray prints (of Python or of C libraries) cannot break the protocol."""
    stream = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    return stream


def serve(device, measure, out=None):
    """Writes the handshake, then answers every request line until end of input; returns 0."""
    out = out or protocol_stream()
    out.write(json.dumps({"protocol": PROTOCOL, "device": device}) + "\n")
    out.flush()
    for line in sys.stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        answer = {"id": request.get("id")}
        try:
            answer.update(measure(request))
        except Exception as error:  # one item's failure; the worker carries on
            answer["error"] = "%s: %s" % (type(error).__name__, error)
        out.write(json.dumps(answer) + "\n")
        out.flush()
    return 0


def setting(request, key, override=0):
    """A request's batch_size, warmup, runs or threads: `override` when set, else the request's,
    else (0 or absent) the default."""
    value = override or request.get(key) or 0
    return int(value) if value else DEFAULTS[key]


def summary(times, load=None):
    """The timing fields of a response from per-run milliseconds."""
    return {
        "mean_ms": statistics.fmean(times),
        "std_ms": statistics.stdev(times) if len(times) > 1 else 0.0,
        "min_ms": min(times),
        "median_ms": statistics.median(times),
        "runs": len(times),
        "machine_load": load,
    }


def read_file(path):
    try:
        with open(path) as handle:
            return handle.read()
    except OSError:
        return ""


def cpu_model():
    """The CPU's model name from /proc/cpuinfo (x86 "model name", ARM "Hardware")."""
    for line in read_file("/proc/cpuinfo").splitlines():
        if line.lower().startswith(("model name", "hardware")):
            return line.split(":", 1)[1].strip()
    return platform.processor() or platform.machine()


def memory_gb():
    for line in read_file("/proc/meminfo").splitlines():
        if line.startswith("MemTotal:"):
            return round(int(line.split()[1]) / 1024 / 1024, 1)
    return None


def cpu_times():
    """(busy, total) jiffies over all cores, or None without /proc/stat."""
    line = read_file("/proc/stat").split("\n", 1)[0].split()
    if not line or line[0] != "cpu":
        return None
    values = [int(value) for value in line[1:]]
    idle = values[3] + (values[4] if len(values) > 4 else 0)
    return sum(values) - idle, sum(values)


def machine_load(before, after, own_seconds):
    """Busy fraction of the other cores between two `cpu_times()`: all busy time minus this
    process's own CPU seconds, over the capacity of every core but one."""
    if before is None or after is None:
        return None
    cores = os.cpu_count() or 1
    busy, total = after[0] - before[0], after[1] - before[1]
    if cores < 2 or total <= 0:
        return 0.0
    others = max(0.0, busy - own_seconds * os.sysconf("SC_CLK_TCK"))
    return max(0.0, min(1.0, others / (total * (cores - 1) / cores)))
