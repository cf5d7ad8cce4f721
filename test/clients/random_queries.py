#!/usr/bin/env python3
"""Random nested PromQL queries against Prometheus and Timeless on the
promtool test's data set (dataset.py): a seeded generator of functions,
aggregations, operators with vector matching, subqueries and `@`, each
query run as instant queries at the promtool test's times and as range
queries over four of its ranges, compared as the fixed tests compare. A
query Prometheus refuses must be refused alike. Not part of ctest (it is
exploratory); scripts/real-clients.sh runs a few seeds.

Usage: random_queries.py TIMELESS_BINARY [SEED [COUNT]]   (1, 300)
       random_queries.py --print SEED COUNT    (only print the queries)
Exit:  0 no difference, 1 differences, 77 skipped.

Known classes of differences a seed may hit (docs/promql.md, "Checked
against Prometheus"): ln/log10 of subnormals and exp near 709.78 (Go's
amd64 assembly), and count_values over values of ln/exp/... that differ in
the last bit.
"""

import os
import random
import sys
import tempfile

import clients_lib as cl
import promtool_test as pt

SELECTORS = [
    "temperature_celsius", "queue_depth", "http_requests_total",
    "special_value", "sparse_events_total", 'http_requests_total{code="200"}',
    'temperature_celsius{site="home"}', "request_duration_seconds_sum"
]
COUNTERS = [
    "http_requests_total", "sparse_events_total",
    "request_duration_seconds_count", "request_duration_seconds_bucket"
]
RANGES = ["1m", "2m", "5m", "10m", "37s", "90s"]
RANGE_FUNCS = [
    "rate", "irate", "increase", "delta", "idelta", "deriv", "changes",
    "resets", "avg_over_time", "min_over_time", "max_over_time",
    "sum_over_time", "count_over_time", "last_over_time", "stddev_over_time",
    "stdvar_over_time", "present_over_time"
]
INSTANT_FUNCS = ["abs", "ceil", "floor", "round", "sqrt", "exp", "ln", "sgn",
                 "timestamp"]
AGGREGATIONS = ["sum", "avg", "min", "max", "count", "stddev", "stdvar",
                "group"]
LABELS = ["job", "instance", "method", "code", "room", "site", "queue", "kind",
          "le"]
OPERATORS = ["+", "-", "*", "/", "%", "^", ">", "<", "==", "!=", ">=", "<=",
             "and", "or", "unless"]
COMPARISONS = (">", "<", "==", "!=", ">=", "<=")
MATCHING = ["", " on()", " ignoring(code)", " on(job)", " ignoring(room)",
            " on(instance)", " on(instance) group_left",
            " ignoring(code) group_left", " on(instance) group_right",
            " on(site) group_left(room)"]


class Generator:
    """Random queries from a seed; the same seed gives the same queries."""

    def __init__(self, seed):
        self.r = random.Random(seed)

    def choice(self, xs):
        return self.r.choice(xs)

    def selector(self):
        s = self.choice(SELECTORS)
        if self.r.random() < 0.2:
            s += " offset " + self.choice(["1m", "5m", "-2m", "30s"])
        return s

    def range_call(self, depth):
        f = self.choice(RANGE_FUNCS)
        rate_like = f in ("rate", "irate", "increase", "resets")
        arg = self.choice(COUNTERS if rate_like else SELECTORS)
        window = "[" + self.choice(RANGES) + "]"
        if self.r.random() < 0.2:
            step = self.choice(["", "30s", "1m", "45s"])
            window = "[" + self.choice(RANGES) + ":" + step + "]"
            if self.r.random() < 0.5:
                arg = self.vector(depth + 1)
        return f"{f}({arg}{window})"

    def special_call(self, depth):
        x = self.vector(depth + 1)
        c = self.choice
        k = self.r.randint(0, 13)
        if k == 0:
            return f"clamp({x}, {c(['-1', '0', '2'])}, {c(['1', '5', 'NaN'])})"
        if k == 1:
            return f"quantile({c(['0', '0.5', '0.9', '1'])}, {x})"
        if k == 2:
            return f'count_values("v", {x})'
        if k == 3:
            return (f"histogram_quantile({c(['0.1', '0.5', '0.99'])}, "
                    f"{c(['rate', 'increase'])}(request_duration_seconds_"
                    f"bucket[{c(RANGES)}]))")
        if k == 4:
            return (f'label_replace({x}, "{c(["x", "room", "code"])}", "$1", '
                    f'"{c(LABELS)}", "{c(["(.*)", "h(.*)", "(.)."])}")')
        if k == 5:
            return (f"predict_linear({c(SELECTORS)}[{c(RANGES)}], "
                    f"{c(['60', '-30', '0'])})")
        if k == 6:
            return (f"quantile_over_time({c(['0', '0.3', '1'])}, "
                    f"{c(SELECTORS)}[{c(RANGES)}])")
        if k == 7:
            fn = c(["hour", "minute", "day_of_week", "month", "days_in_month"])
            return f"{fn}({x})"
        if k == 8:
            return f"scalar({x}) * {c(SELECTORS)}"
        if k == 9:
            return (f"holt_winters({c(SELECTORS)}[{c(RANGES)}], "
                    f"{c(['0.1', '0.5', '0.9'])}, {c(['0.1', '0.5', '0.9'])})")
        if k == 10:
            return f"vector(time()) - on() group_right {x}"
        if k == 11:
            return f"timestamp({c(SELECTORS)} @ {c(['start()', 'end()'])})"
        if k == 12:
            return (f"max_over_time(({x})[{c(RANGES)}:"
                    f"{c(['15s', '1m', '20s'])}])")
        return f"absent({x})"

    def vector(self, depth=0):
        c = self.r.random()
        if depth > 2 or c < 0.25:
            return self.selector()
        if c < 0.45:
            return self.range_call(depth)
        if c < 0.52:
            return self.special_call(depth)
        if c < 0.6:
            f = self.choice(INSTANT_FUNCS)
            return f"{f}({self.vector(depth + 1)})"
        if c < 0.8:
            agg = self.choice(AGGREGATIONS)
            labels = self.r.sample(LABELS, self.r.randint(0, 2))
            mod = ""
            if labels or self.r.random() >= 0.5:
                mod = (f" {self.choice(['by', 'without'])} "
                       f"({', '.join(labels)})")
            return f"{agg}{mod} ({self.vector(depth + 1)})"
        op = self.choice(OPERATORS)
        if self.r.random() < 0.5:  # with a number
            n = self.choice(["2", "0.5", "-1", "0", "100"])
            if op in ("and", "or", "unless"):
                op = "*"
            if op in COMPARISONS:
                op += self.choice(["", " bool"])
            x = self.vector(depth + 1)
            return f"({x}) {op} {n}" if self.r.random() < 0.5 else \
                f"{n} {op} ({x})"
        m = self.choice(MATCHING)
        if "group" in m and op in ("and", "or", "unless"):
            op = "+"
        return f"({self.vector(depth + 1)}) {op}{m} ({self.vector(depth + 1)})"


def queries(seed, count):
    g = Generator(seed)
    return [g.vector() for _ in range(count)]


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--print":
        for q in queries(int(sys.argv[2]), int(sys.argv[3])):
            print(q)
        return 0
    binary = cl.timeless_binary(sys.argv)
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    count = int(sys.argv[3]) if len(sys.argv) > 3 else 300
    cl.require_binaries([cl.PROMETHEUS, cl.PROMTOOL])
    with tempfile.TemporaryDirectory(prefix="timeless-random-") as tmp:
        procs = cl.Processes(tmp)
        try:
            tl_proc, tl = cl.start_timeless(procs, binary,
                                            os.path.join(tmp, "tl"))
            cl.wait_ready(tl + "/health", tl_proc)
            pt.load_timeless(tl)
            prom = pt.start_prometheus(procs, tmp)
            cl.log(f"seed {seed}: {count} random queries")
            chk = cl.QueryChecker(prom, tl)
            for q in queries(seed, count):
                status, _ = cl.api(prom, "/api/v1/query", {
                    "query": q,
                    "time": pt.B + 3600
                })
                if status != 200:
                    chk.check_error(q, "/api/v1/query", {"time": pt.B + 3600})
                    continue
                for at in pt.INSTANT_TIMES:
                    chk.instant(q, at)
                for start, end, step in pt.RANGES[:4]:
                    chk.range(q, start, end, step)
            ok = chk.report()
        finally:
            procs.stop_all()
    cl.log("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
