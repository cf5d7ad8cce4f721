"""The deterministic data set of the promtool test (test/clients/).

Four hours at 15 s steps from BASE: counters with resets, gauges (negative,
fractional, a NaN and an +Inf), a classic histogram with buckets, series
with gaps (shorter and longer than the 5 m lookback), a series that ends
early, a sparse one, several label sets. The same points are written as
OpenMetrics (seconds; for `promtool tsdb create-blocks-from openmetrics`)
and as Prometheus text with millisecond timestamps (for Timeless'
/api/v1/import/prometheus).
"""

import math

BASE = 1700000000  # 2023-11-14T22:13:20Z
STEP = 15
STEPS = 4 * 3600 // STEP  # 960
END = BASE + (STEPS - 1) * STEP


class Rand:
    """A small LCG: the same numbers on every machine and Python version."""

    def __init__(self, seed):
        self.x = seed

    def next(self):
        self.x = (self.x * 6364136223846793005 + 1442695040888963407) % 2**64
        return (self.x >> 33) / 2**31  # [0, 1)


def fmt(v):
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "+Inf" if v > 0 else "-Inf"
    return repr(v)


def families():
    """[(family name, type, [(sample name, labels dict, [(t_s, v)])])]."""
    out = []
    r = Rand(42)

    # Counters: 2 instances x 2 methods x 2 codes; increments vary; some
    # series reset (the process "restarts") once or twice.
    series = []
    for inst in ("host-1.example:9100", "host-2.example:9100"):
        for method in ("GET", "POST"):
            for code in ("200", "500"):
                labels = {"job": "api", "instance": inst, "method": method,
                          "code": code}
                v, pts = 0.0, []
                resets = {i for i in (200, 610) if (method, code) != ("GET", "200")
                          or inst.startswith("host-2")}
                for i in range(STEPS):
                    if i in resets:
                        v = 0.0
                    scale = 10 if code == "200" else 0.5
                    v += math.floor(r.next() * scale * 100) / 100
                    pts.append((BASE + i * STEP, v))
                series.append(("http_requests_total", labels, pts))
    out.append(("http_requests", "counter", series))

    # Gauges: temperatures, one with a 3 m gap, one with a 12 m gap, one
    # that ends after 2 h; negative and fractional values.
    series = []
    for room, phase in (("kitchen", 0.0), ("cellar", 1.3), ("attic", 2.1)):
        pts = []
        for i in range(STEPS):
            if room == "cellar" and 300 <= i < 312:  # 3 m gap
                continue
            if room == "attic" and 500 <= i < 548:  # 12 m gap
                continue
            t = BASE + i * STEP
            v = 10 * math.sin(i / 60 + phase) + round(r.next() * 4 - 2, 3)
            pts.append((t, round(v, 3)))
        series.append(("temperature_celsius", {"room": room,
                                               "site": "home"}, pts))
    pts = [(BASE + i * STEP, round(50 + 30 * math.cos(i / 40), 2))
           for i in range(STEPS // 2)]
    series.append(("temperature_celsius", {"room": "garage",
                                           "site": "shed"}, pts))
    out.append(("temperature_celsius", "gauge", series))

    # Integer gauges with repeated values (count_values, changes); one
    # NaN and one +Inf sample in `special`.
    series = []
    for q in ("mail", "print", "jobs"):
        pts = [(BASE + i * STEP, float(int(r.next() * 6)))
               for i in range(STEPS)]
        series.append(("queue_depth", {"queue": q}, pts))
    out.append(("queue_depth", "gauge", series))
    pts = []
    for i in range(STEPS):
        v = float(i % 7) - 3
        if i == 400:
            v = math.nan
        if i == 401:
            v = math.inf
        pts.append((BASE + i * STEP, v))
    out.append(("special_value", "gauge",
                [("special_value", {"kind": "mixed"}, pts)]))

    # A sparse counter: one point every 5.5 minutes.
    pts = [(BASE + i * 330, float(i * 3)) for i in range(4 * 3600 // 330)]
    out.append(("sparse_events", "counter",
                [("sparse_events_total", {"job": "batch"}, pts)]))

    # A gauge of unix times (time functions).
    pts = [(BASE + i * STEP, float(BASE - 86400 * 40 + i * 5000))
           for i in range(STEPS)]
    out.append(("last_run_timestamp_seconds", "gauge",
                [("last_run_timestamp_seconds", {"job": "batch"}, pts)]))

    # A histogram per instance: cumulative buckets, _sum and _count.
    bounds = ["0.05", "0.1", "0.25", "0.5", "1", "2.5", "+Inf"]
    series = []
    for inst in ("host-1.example:9100", "host-2.example:9100"):
        counts = [0.0] * len(bounds)
        total, bpts, spts, cpts = 0.0, [[] for _ in bounds], [], []
        for i in range(STEPS):
            if inst.startswith("host-2") and i == 480:  # a restart
                counts = [0.0] * len(bounds)
                total = 0.0
            for _ in range(int(r.next() * 8)):
                x = r.next() ** 2 * 3
                total += round(x, 4)
                for b, le in enumerate(bounds):
                    if le == "+Inf" or x <= float(le):
                        counts[b] += 1
            t = BASE + i * STEP
            for b in range(len(bounds)):
                bpts[b].append((t, counts[b]))
            spts.append((t, round(total, 4)))
            cpts.append((t, counts[-1]))
        labels = {"job": "api", "instance": inst}
        for b, le in enumerate(bounds):
            series.append(("request_duration_seconds_bucket",
                           dict(labels, le=le), bpts[b]))
        series.append(("request_duration_seconds_sum", labels, spts))
        series.append(("request_duration_seconds_count", labels, cpts))
    out.append(("request_duration_seconds", "histogram", series))
    return out


def label_text(labels):
    return ",".join(f'{k}="{v}"' for k, v in labels.items())


def openmetrics():
    """The data set as OpenMetrics text (seconds), time-ordered per family."""
    lines = []
    for name, kind, series in families():
        lines.append(f"# TYPE {name} {kind}")
        by_time = {}
        for sname, labels, pts in series:
            for t, v in pts:
                by_time.setdefault(t, []).append((sname, labels, v))
        for t in sorted(by_time):
            for sname, labels, v in by_time[t]:
                lines.append(f"{sname}{{{label_text(labels)}}} {fmt(v)} {t}")
    lines.append("# EOF")
    return "\n".join(lines) + "\n"


def prometheus_text():
    """The data set as Prometheus text with millisecond timestamps."""
    lines = []
    for _, _, series in families():
        for sname, labels, pts in series:
            for t, v in pts:
                lines.append(f"{sname}{{{label_text(labels)}}} {fmt(v)} "
                             f"{t * 1000}")
    return "\n".join(lines) + "\n"


def point_count():
    return sum(len(pts) for _, _, series in families()
               for _, _, pts in series)
