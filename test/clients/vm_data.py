"""The data set of vm_compare_test.py: a small deterministic subset of the
vs-vm workload (../shared/workloads/README.md: its hosts, metrics and value
formula) plus edge series, as Prometheus text and VictoriaMetrics JSON
lines. Times are relative to `now` so that VictoriaMetrics' default "last
day" windows see the recent part.

- recent: hosts dev_0..dev_2 x the 10 vs-vm metrics, 24 points 300 s
  apart ending at `recent_end`; the first five metrics sent as Prometheus
  text (scrape order), the other five as JSON lines;
- edge series (text): NaN, +Inf, -Inf, -0; values VictoriaMetrics
  rounds (extreme magnitudes in one series, 18 significant digits); equal
  timestamps with different values; out-of-order lines; label values with
  escapes, spaces and UTF-8; an empty label value (= no such label); a
  recording-rule style name with colons; (JSON): unsorted timestamps and a
  repeated timestamp;
- old: `old_metric{host,era="old"}`, one point an hour through one whole
  UTC day ten days before `now`, so that a day-aligned start/end selects
  exactly it in both servers.
"""
import json
import math
import zlib

METRICS = ["cpu_usage", "mem_usage", "disk_usage", "load_avg", "if_in_octets",
           "if_out_octets", "temperature", "signal_power", "ping_latency",
           "bandwidth_util"]
VALUE_FN = {  # as gen_vs_vm.py, evaluated left to right in doubles
    "cpu_usage": lambda d, n, dh: 25 + 45 * d + 15 * n + 10 * dh,
    "mem_usage": lambda d, n, dh: 45 + 30 * n + 15 * dh,
    "disk_usage": lambda d, n, dh: 35 + 30 * dh + 3 * n,
    "load_avg": lambda d, n, dh: 0.3 + 3 * d + 1.5 * n + 0.5 * dh,
    "if_in_octets": lambda d, n, dh: (300000 + 700000 * dh) * n * 1000,
    "if_out_octets": lambda d, n, dh: (100000 + 300000 * dh) * n * 1000,
    "temperature": lambda d, n, dh: 28 + 12 * d + 3 * n + 5 * dh,
    "signal_power": lambda d, n, dh: -35 + 15 * dh + 3 * n,
    "ping_latency": lambda d, n, dh: 5 + 40 * n + 10 * dh,
    "bandwidth_util": lambda d, n, dh: 10 + 60 * d + 15 * n + 10 * dh,
}
STEP = 300
HOSTS = 3
POINTS = 24
DAY = 86400


def vsvm_value(ts, dev, metric):
    n = zlib.crc32(f"{ts}:{dev}:{metric}".encode()) / float(2 ** 32)
    dh = zlib.crc32(str(dev).encode()) / float(2 ** 32)
    hour = (ts // 3600) % 24
    d = 0.5 + 0.5 * math.sin((hour - 4) / 24 * 2 * math.pi)
    return round(VALUE_FN[metric](d, n, dh), 2)


class DataSet:
    def __init__(self, now):
        self.recent_end = now // STEP * STEP - 2 * STEP
        self.recent_start = self.recent_end - (POINTS - 1) * STEP
        self.old_day = (now // DAY - 10) * DAY
        self.text = self._text()
        self.jsonl = self._jsonl()

    def recent_ts(self):
        return [self.recent_start + k * STEP for k in range(POINTS)]

    def _text(self):
        out = []
        for ts in self.recent_ts():
            for dev in range(HOSTS):
                for m in METRICS[:5]:
                    out.append(f'{m}{{host="dev_{dev}"}} '
                               f'{vsvm_value(ts, dev, m)!r} {ts * 1000}')
        t = self.recent_start * 1000
        specials = ["NaN", "+Inf", "-Inf", "-0", "-2.5"]
        for i, v in enumerate(specials):
            out.append(f'edge_values{{kind="special"}} {v} {t + i * 1000}')
        # Values VictoriaMetrics 1.79 does not keep exactly (VM differs (5)).
        for key, pts in self.lossy_in_vm().items():
            labels = ",".join(f'{k}="{v}"' for k, v in key if k != "__name__")
            for ts, text, _ in pts:
                out.append(f"edge_lossy{{{labels}}} {text} {ts}")
        # Equal timestamps, different values (both servers keep both).
        out.append(f'edge_dup{{kind="equal"}} 1 {t}')
        out.append(f'edge_dup{{kind="equal"}} 2 {t}')
        out.append(f'edge_dup{{kind="equal"}} 3 {t + 1000}')
        # Out of order.
        for i in (5, 1, 4, 2, 3):
            out.append(f'edge_ooo{{kind="ooo"}} {i * 10} {t + i * 1000}')
        out.append('edge_labels{a="1",b="x y",c="q\\"u\\\\o\\nx",'
                   f'u="h\u00e9llo \u2603"}} 1 {t}')
        out.append(f'edge_labels{{a="2",b=""}} 2 {t}')
        out.append(f'edge_labels{{a="3"}} 3 {t + 1000}')
        out.append(f'job:rate:5m{{job="a"}} 0.25 {t}')
        for h in range(24):
            ts = (self.old_day + h * 3600) * 1000
            for dev in range(HOSTS):
                out.append(f'old_metric{{host="dev_{dev}",era="old"}} '
                           f'{h + dev / 10!r} {ts}')
        return ("\n".join(out) + "\n").encode()

    def _jsonl(self):
        out = []
        tss = [ts * 1000 for ts in self.recent_ts()]
        for dev in range(HOSTS):
            for m in METRICS[5:]:
                out.append({"metric": {"__name__": m, "host": f"dev_{dev}"},
                            "values": [vsvm_value(ts // 1000, dev, m)
                                       for ts in tss],
                            "timestamps": tss})
        t = self.recent_start * 1000
        out.append({"metric": {"__name__": "edge_json", "kind": "unsorted"},
                    "values": [3, 1, 2, 4],
                    "timestamps": [t + 3000, t + 1000, t + 2000, t + 1000]})
        return ("\n".join(json.dumps(o, separators=(",", ":"))
                          for o in out) + "\n").encode()

    def lossy_in_vm(self):
        """{series key: [(ts, text sent, value)]} of the values VictoriaMetrics
        does not keep bit for bit: magnitudes 1e-300 and 1e308 in one series
        (it answers 0 for the small ones) and 18 significant digits."""
        t = self.recent_start * 1000
        mixed = ["1e-300", "1.5e308", "-2.5"]
        digits = ["123456789.123456789", "0.1", "1e-10"]
        return {
            (("__name__", "edge_lossy"), ("kind", "mixed")):
                [(t + i * 1000, v, float(v)) for i, v in enumerate(mixed)],
            (("__name__", "edge_lossy"), ("kind", "digits")):
                [(t + i * 1000, v, float(v)) for i, v in enumerate(digits)],
        }

    def old_series(self):
        return [{"__name__": "old_metric", "host": f"dev_{d}", "era": "old"}
                for d in range(HOSTS)]
