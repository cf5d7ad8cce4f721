#!/usr/bin/env python3
"""Timeless and VictoriaMetrics given the same data over HTTP must give the
same export, selector, label and series answers (issue 12).

  vm_compare_test.py --timeless PATH/timeless [--keep]

Starts `victoria-metrics` (Debian's package, or $VM_BIN) and `timeless
serve` on free ports of 127.0.0.1, each with its own temporary data
directory, loads vm_data.DataSet into both through /api/v1/import/prometheus
and /api/v1/import, flushes VictoriaMetrics (/internal/force_flush) and
compares the answers parsed and order-independent. Exits 77 (ctest's
SKIP_RETURN_CODE) when VictoriaMetrics is not installed.

Where VictoriaMetrics and Prometheus differ, Prometheus is the spec and
Timeless follows it; the test then checks Timeless against the Prometheus
answer derived from VictoriaMetrics' (each case marked `VM differs`, listed
in docs/server.md, "Compared with VictoriaMetrics"):

1. NaN samples: VictoriaMetrics 1.79 drops them at ingestion; Prometheus
   stores NaN as a value. Timeless keeps them: its export must equal
   VictoriaMetrics' plus exactly the NaN points sent.
2. /api/v1/labels, /label/<n>/values, /series without start/end:
   VictoriaMetrics looks at the last day only; Prometheus at all time.
   Timeless must answer VictoriaMetrics' answer plus the old series.
3. Equal timestamps with different values: Prometheus 2.42 refuses the
   second sample ("duplicate sample for timestamp"); VictoriaMetrics and
   Timeless keep both (documented in docs/server.md). Compared as
   multisets, not a Prometheus difference Timeless fixes.
4. Out-of-order samples: Prometheus 2.42 refuses them without an
   out-of-order window; both servers store and sort them.
5. Values: Prometheus keeps every float64 bit for bit; VictoriaMetrics
   1.79 stores decimals and rounds some (18 significant digits; 1e-300
   next to 1.5e308 in one series comes back as 0). For those series
   (vm_data.DataSet.lossy_in_vm) Timeless must give exactly the values
   sent, VictoriaMetrics the same timestamps.
6. /api/v1/labels selecting no series: VictoriaMetrics answers
   ["__name__"], Prometheus []. Timeless answers [].
"""
import argparse
import json
import os
import sys
import tempfile
import time
import traceback

sys.dont_write_bytecode = True  # nothing written beside the sources
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import vm_data  # noqa: E402
import vm_servers as vs  # noqa: E402

# Selectors of the match[] comparisons: = != =~ !~, with and without a
# metric name, label absence, escapes and UTF-8, several at once.
SELECTORS = [
    ['{__name__=~".+"}'],
    ["cpu_usage"],
    ['cpu_usage{host="dev_1"}'],
    ['cpu_usage{host!="dev_1"}'],
    ['cpu_usage{host=~"dev_[01]"}'],
    ['cpu_usage{host!~"dev_0|dev_2"}'],
    ['cpu_usage{host=~"dev_1|"}'],
    ['cpu_usage{host=~"DEV_1"}'],
    ['cpu_usage{host=~"dev"}'],  # anchored: matches nothing
    ['{host="dev_2"}'],
    ['{__name__=~"mem.*|disk_usage",host=~"dev_.*"}'],
    ['{__name__!~".*_usage|.*octets|old.*",host!=""}'],
    ['{__name__="edge_values"}'],
    ['edge_labels{b=""}'],  # series without b (an empty value is none)
    ['edge_labels{b!=""}'],
    ['edge_labels{b=~"x.*"}'],
    ['edge_labels{c="q\\"u\\\\o\\nx"}'],
    ['edge_labels{u=~"h\u00e9.*"}'],
    ['{kind=~"equal|ooo|unsorted"}'],
    ['{__name__=~"job:.*"}'],
    ['{era="old"}'],
    ['cpu_usage{host="dev_0"}', 'mem_usage{host="dev_0"}'],
    ['cpu_usage{host="dev_0"}', 'cpu_usage{host=~"dev_[0-1]"}'],
]

LABEL_NAMES = ["__name__", "host", "kind", "a", "b", "c", "u", "era", "job"]


class Checker:
    def __init__(self, vm, tl, data):
        self.vm, self.tl, self.data = vm, tl, data
        self.failures = []
        self.checks = 0

    def fail(self, what, detail):
        self.failures.append(f"{what}: {detail}")

    def both(self, route, params):
        return (self.vm.get(route, params + [("nocache", "1")]),
                self.tl.get(route, params))

    def __getattr__(self, name):
        """c.try_export(...) runs c.export(...), counting an HTTP error as
        a difference instead of stopping the test."""
        if not name.startswith("try_"):
            raise AttributeError(name)
        fn = getattr(self, name[4:])

        def guarded(*args):
            try:
                fn(*args)
            except AssertionError as e:
                self.checks += 1
                self.fail(f"{name[4:]} {args}", str(e))
        return guarded

    def export(self, sels, rng, nan_points):
        params = [("match[]", s) for s in sels] + rng
        v, t = self.both("/api/v1/export", params)
        v, t = vs.parse_export(v), vs.parse_export(t)
        self.checks += 1
        # VM differs (1): VictoriaMetrics drops NaN; Timeless keeps them.
        t_nan = {k: [p for p in pts if p[1] != p[1]] for k, pts in t.items()}
        t_nan = {k: x for k, x in t_nan.items() if x}
        want_nan = {k: x for k, x in nan_points.items()
                    if k in t or k in v}
        if {k: [p[0] for p in x] for k, x in t_nan.items()} != \
                {k: [p[0] for p in x] for k, x in want_nan.items()
                 if in_range(x, rng)}:
            self.fail(f"export {sels} {rng}", f"NaN points {t_nan}")
        t = {k: [p for p in pts if p[1] == p[1]] for k, pts in t.items()}
        t = {k: x for k, x in t.items() if x}
        # VM differs (5): the values VictoriaMetrics rounds.
        for key, sent in self.data.lossy_in_vm().items():
            want = in_range([(ts, val) for ts, _, val in sent], rng)
            got = t.pop(key, [])
            vm_got = v.pop(key, [])
            if [p[0] for p in vm_got] != [p[0] for p in got] or (
                    got and [(ts, repr(x)) for ts, x in got] !=
                    [(ts, repr(x)) for ts, x in want]):
                self.fail(f"export {sels} {rng} {dict(key)}",
                          f"sent {want} timeless {got} vm {vm_got}")
        if v != t:
            self.fail(f"export {sels} {rng}", diff(v, t))

    def strings(self, route, params, plus=None):
        """`plus`: a range whose VictoriaMetrics answer is added to the
        expected answer (VM differs (2))."""
        v, t = self.both(route, params)
        v, t = json.loads(v), json.loads(t)
        vm_misses = []
        if plus:
            vm_misses = json.loads(self.vm.get(route, params + plus))["data"]
        self.checks += 1
        if v.get("status") != "success" or t.get("status") != "success":
            self.fail(f"{route} {params}", f"vm {v} timeless {t}")
            return
        want = set(v["data"]) | set(vm_misses)
        if route == "/api/v1/labels" and want == {"__name__"}:
            # VM differs (6): ["__name__"] when no series is selected.
            m = [p for p in params + (plus or []) if p[0] == "match[]"]
            probe = m or [("match[]", '{__name__=~".+"}')]
            rest = [p for p in params if p[0] != "match[]"]
            if not json.loads(self.vm.get("/api/v1/series",
                                          probe + rest))["data"]:
                want = set()
        if set(t["data"]) != want or t["data"] != sorted(t["data"]):
            self.fail(f"{route} {params}",
                      f"vm+{sorted(vm_misses)}={sorted(want)} "
                      f"timeless={t['data']}")

    def series(self, sels, rng, plus=None):
        params = [("match[]", s) for s in sels] + rng
        v, t = self.both("/api/v1/series", params)
        v, t = json.loads(v), json.loads(t)
        vm_misses = []
        if plus:
            vm_misses = json.loads(self.vm.get("/api/v1/series",
                                               params + plus))["data"]
        self.checks += 1
        key = lambda d: tuple(sorted(d.items()))  # noqa: E731
        want = {key(d) for d in v["data"]} | {key(d) for d in vm_misses}
        got = [key(d) for d in t["data"]]
        if set(got) != want or len(got) != len(set(got)):
            self.fail(f"series {sels} {rng}",
                      f"vm+misses only {sorted(want - set(got))}, "
                      f"timeless only {sorted(set(got) - want)}, "
                      f"timeless answer {len(got)} entries")


def in_range(points, rng):
    d = dict(rng)
    lo = float(d.get("start", "-inf")) * 1000
    hi = float(d.get("end", "inf")) * 1000
    return [p for p in points if lo <= p[0] <= hi]


def diff(v, t):
    out = []
    for k in sorted(set(v) | set(t)):
        if v.get(k) != t.get(k):
            out.append(f"{dict(k)}: vm {v.get(k)} timeless {t.get(k)}")
    return "; ".join(out[:5]) + (f" (+{len(out) - 5} more)"
                                 if len(out) > 5 else "")


def run(a, tmp):
    now = int(time.time())
    data = vm_data.DataSet(now)
    vm = vs.start_vm(a.vm, os.path.join(tmp, "vm"),
                     os.path.join(tmp, "vm.log"))
    servers = [vm]
    try:
        tl = vs.start_timeless(a.timeless, os.path.join(tmp, "timeless"),
                               os.path.join(tmp, "timeless.log"))
        servers.append(tl)
        for s in servers:
            s.post("/api/v1/import/prometheus", data.text)
            s.post("/api/v1/import", data.jsonl)
        vm.get("/internal/force_flush")
        c = Checker(vm, tl, data)
        nan = {(("__name__", "edge_values"), ("kind", "special")):
               [(data.recent_start * 1000, float("nan"))]}
        rs, re_ = data.recent_start, data.recent_end
        ranges = [
            [],
            # Inclusive both ends, on points and between them.
            [("start", str(rs + 600)), ("end", str(re_ - 600))],
            [("start", str(rs + 1)), ("end", str(re_ - 1))],
            [("start", str(rs)), ("end", str(rs))],
            [("start", str(data.old_day)),
             ("end", str(data.old_day + 86399))],
        ]
        for sels in SELECTORS:
            for rng in ranges:
                c.try_export(sels, rng, nan)
        # Labels, values and series: VM answers per whole UTC day (its
        # per-day index), so start/end are whole days here; Prometheus is
        # exact within its chunks. Without start/end, VM differs (2).
        day_ranges = [
            ([], True),
            ([("start", str(data.old_day)),
              ("end", str(data.old_day + 86399))], False),
            ([("start", str(now - 86400)), ("end", str(now))], False),
        ]
        old_day = [("start", str(data.old_day)),
                   ("end", str(data.old_day + 86399))]
        for rng, misses_old in day_ranges:
            plus = old_day if misses_old else None
            c.try_strings("/api/v1/labels", rng, plus)
            for sels in SELECTORS:
                m = [("match[]", s) for s in sels]
                c.try_series(sels, rng, plus)
                c.try_strings("/api/v1/labels", m + rng, plus)
            for name in LABEL_NAMES:
                c.try_strings(f"/api/v1/label/{name}/values", rng, plus)
                for sels in (['{host=~"dev_[12]"}'], ["edge_labels"]):
                    c.try_strings(f"/api/v1/label/{name}/values",
                              [("match[]", s) for s in sels] + rng, plus)
        print(f"{c.checks} comparisons, {len(c.failures)} differences")
        for f in c.failures:
            print("DIFF", f)
        return 1 if c.failures else 0
    finally:
        for s in reversed(servers):
            s.stop()


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--timeless", required=True, help="the timeless binary")
    ap.add_argument("--keep", action="store_true",
                    help="keep the temporary directory (logs, data)")
    a = ap.parse_args()
    a.vm = vs.vm_binary()
    if not a.vm:
        print("SKIP: victoria-metrics not found (apt-get install "
              "victoria-metrics, or set VM_BIN)")
        return vs.SKIP
    tmp = tempfile.mkdtemp(prefix="vm_compare_")
    try:
        return run(a, tmp)
    except Exception:
        traceback.print_exc()
        return 1
    finally:
        if a.keep:
            print(f"kept {tmp}")
        else:
            import shutil
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
