#!/usr/bin/env python3
"""A deterministic data set (dataset.py) is loaded into a fresh Prometheus
data directory with `promtool tsdb create-blocks-from openmetrics` and into
`timeless serve` through /api/v1/import/prometheus; Prometheus (no scraping)
is the PromQL oracle. Every query below runs as instant queries at several
times and as range queries with several steps on both; the answers must be
the same series, timestamps and values (relative difference <= 1e-9, NaN ==
NaN). Invalid queries must be refused by both with the same status.

Usage: promtool_test.py TIMELESS_BINARY
Exit:  0 pass, 1 fail, 77 skipped (prometheus or promtool missing).
"""

import os
import subprocess
import sys
import tempfile

import clients_lib as cl
import dataset as ds

B, E = ds.BASE, ds.END

# Instant and range queries covering the functions and operators of
# issue 12 (docs/promql.md).
QUERIES = [
    # selectors, offset, @
    "http_requests_total",
    'http_requests_total{method="GET"}',
    'http_requests_total{code!="200"}',
    'http_requests_total{instance=~"host-1.*"}',
    'http_requests_total{instance!~".*2.*",code="500"}',
    '{__name__=~"temperature_.*|queue_depth"}',
    '{job="batch"}',
    "temperature_celsius offset 10m",
    "temperature_celsius offset -5m",
    f"temperature_celsius @ {B + 3600}",
    "temperature_celsius @ start()",
    "temperature_celsius @ end() offset 1m",
    "sparse_events_total",
    # range functions
    "rate(http_requests_total[5m])",
    "rate(http_requests_total[1m])",
    "rate(http_requests_total[20s])",
    "irate(http_requests_total[1m])",
    "increase(http_requests_total[10m])",
    "increase(sparse_events_total[15m])",
    "rate(http_requests_total[5m] offset 2m)",
    f"rate(http_requests_total[5m] @ {B + 7200})",
    "delta(temperature_celsius[5m])",
    "idelta(temperature_celsius[2m])",
    "deriv(temperature_celsius[10m])",
    "predict_linear(temperature_celsius[15m], 3600)",
    "changes(queue_depth[10m])",
    "resets(http_requests_total[1h])",
    "resets(request_duration_seconds_count[3h])",
    "avg_over_time(temperature_celsius[10m])",
    "min_over_time(temperature_celsius[10m])",
    "max_over_time(temperature_celsius[10m])",
    "sum_over_time(queue_depth[10m])",
    "count_over_time(temperature_celsius[10m])",
    "last_over_time(temperature_celsius[10m])",
    "present_over_time(temperature_celsius[2m])",
    "quantile_over_time(0.9, temperature_celsius[30m])",
    "quantile_over_time(0, temperature_celsius[30m])",
    "quantile_over_time(1.5, temperature_celsius[30m])",
    "stddev_over_time(temperature_celsius[30m])",
    "stdvar_over_time(temperature_celsius[30m])",
    "holt_winters(temperature_celsius[30m], 0.5, 0.5)",
    'absent_over_time(temperature_celsius{room="garage"}[5m])',
    'absent_over_time(nonexistent{job="x"}[5m])',
    "sum_over_time(special_value[3m])",
    "avg_over_time(special_value[3m])",
    # subqueries
    "max_over_time(rate(http_requests_total[5m])[30m:1m])",
    "avg_over_time(temperature_celsius[10m:])",
    "min_over_time(deriv(temperature_celsius[5m])[20m:45s] offset 3m)",
    "sum_over_time(sum(queue_depth)[7m:30s])",
    # instant functions
    "abs(temperature_celsius)",
    "round(temperature_celsius)",
    "round(temperature_celsius, 0.5)",
    "clamp(temperature_celsius, -2, 5)",
    "clamp_min(temperature_celsius, 0)",
    "clamp_max(temperature_celsius, 3)",
    "ceil(temperature_celsius)",
    "floor(temperature_celsius)",
    "exp(temperature_celsius / 10)",
    "ln(queue_depth)",
    "log2(queue_depth)",
    "log10(abs(temperature_celsius))",
    "sqrt(temperature_celsius)",
    "sgn(temperature_celsius)",
    "sin(temperature_celsius) + cos(temperature_celsius) + tan(temperature_celsius)",
    "asin(temperature_celsius / 20) + acos(temperature_celsius / 20)",
    "atan(temperature_celsius) + sinh(temperature_celsius / 10)",
    "cosh(temperature_celsius / 10) - tanh(temperature_celsius)",
    "asinh(temperature_celsius) + acosh(queue_depth) + atanh(temperature_celsius / 20)",
    "deg(temperature_celsius) - rad(temperature_celsius) * pi()",
    "abs(special_value)",
    # time functions
    "time()",
    "hour()",
    "minute() + day_of_week() + day_of_month()",
    "month() + year() + day_of_year() + days_in_month()",
    "hour(last_run_timestamp_seconds)",
    "minute(last_run_timestamp_seconds)",
    "day_of_week(last_run_timestamp_seconds)",
    "day_of_month(last_run_timestamp_seconds)",
    "day_of_year(last_run_timestamp_seconds)",
    "days_in_month(last_run_timestamp_seconds)",
    "month(last_run_timestamp_seconds)",
    "year(last_run_timestamp_seconds)",
    "timestamp(temperature_celsius)",
    "timestamp(sparse_events_total)",
    "time() - timestamp(sparse_events_total)",
    # absent, scalar, vector, label functions
    'absent(nonexistent{job="x"})',
    "absent(temperature_celsius)",
    'absent(temperature_celsius{room="garage"})',
    "scalar(sum(queue_depth))",
    "scalar(temperature_celsius)",
    "vector(1)",
    "vector(time())",
    "queue_depth * scalar(count(queue_depth))",
    'label_replace(temperature_celsius, "floor", "$1", "room", "(c.*)")',
    'label_replace(http_requests_total, "host", "$1", "instance", "([^.]+)\\\\..*")',
    'label_join(http_requests_total, "key", "/", "method", "code")',
    'label_join(temperature_celsius, "room", "-", "site", "room")',
    # histogram_quantile
    "histogram_quantile(0.9, rate(request_duration_seconds_bucket[5m]))",
    "histogram_quantile(0.5, sum by (le) (rate(request_duration_seconds_bucket[10m])))",
    "histogram_quantile(0.99, sum by (le, instance) (increase(request_duration_seconds_bucket[1h])))",
    "histogram_quantile(0, rate(request_duration_seconds_bucket[5m]))",
    "histogram_quantile(1, rate(request_duration_seconds_bucket[5m]))",
    "histogram_quantile(1.5, rate(request_duration_seconds_bucket[5m]))",
    "histogram_quantile(0.5, request_duration_seconds_bucket)",
    # aggregations
    "sum(http_requests_total)",
    "sum by (method) (http_requests_total)",
    "sum without (instance, code) (http_requests_total)",
    "avg by (code) (rate(http_requests_total[5m]))",
    "min by (site) (temperature_celsius)",
    "max without (room) (temperature_celsius)",
    "count by (site) (temperature_celsius)",
    "count(temperature_celsius > 0)",
    "stddev(temperature_celsius)",
    "stdvar by (site) (temperature_celsius)",
    "quantile(0.75, temperature_celsius)",
    "quantile by (method) (0.3, rate(http_requests_total[5m]))",
    'count_values("depth", queue_depth)',
    'count_values by (queue) ("v", queue_depth)',
    'count_values("v", rate(http_requests_total[5m]))',
    "topk(2, temperature_celsius)",
    "bottomk(1, temperature_celsius)",
    "topk by (method) (1, rate(http_requests_total[5m]))",
    "bottomk without (code) (1, rate(http_requests_total[5m]))",
    "group by (site) (temperature_celsius)",
    "group(http_requests_total)",
    "sum by (le) (request_duration_seconds_bucket)",
    "avg(special_value)",
    "sum(rate(http_requests_total[5m])) by (instance)",
    # arithmetic, comparisons
    "temperature_celsius * 2 + 1",
    "2 ^ 3 ^ 2",
    "-temperature_celsius",
    "temperature_celsius % 3",
    "temperature_celsius ^ 2",
    "queue_depth / 0",
    "10 / queue_depth",
    "-queue_depth % 4",
    "temperature_celsius > 5",
    "temperature_celsius > bool 5",
    "5 < temperature_celsius",
    "queue_depth == 3",
    "queue_depth != bool 0",
    "1 >= bool 2",
    "temperature_celsius <= temperature_celsius offset 1m",
    "request_duration_seconds_sum / request_duration_seconds_count",
    # vector matching
    'rate(http_requests_total{code="500"}[5m]) / ignoring(code) '
    'rate(http_requests_total{code="200"}[5m])',
    "sum by (instance, method) (rate(http_requests_total[5m])) / on(instance) "
    "group_left sum by (instance) (rate(http_requests_total[5m]))",
    "sum by (instance) (rate(http_requests_total[5m])) / on(instance) "
    "group_right sum by (instance, code) (rate(http_requests_total[5m]))",
    "sum by (instance, method) (http_requests_total) * on(instance) "
    "group_left(job) max by (instance, job) (request_duration_seconds_count)",
    "http_requests_total == bool on(job, instance, method, code) "
    "http_requests_total offset 1m",
    "http_requests_total > ignoring(method) group_left "
    'sum without (method) (http_requests_total{method="GET"})',
    # set operators
    "temperature_celsius and temperature_celsius > 0",
    "temperature_celsius or queue_depth",
    'http_requests_total unless http_requests_total{code="500"}',
    "temperature_celsius and on(site) queue_depth",
    'temperature_celsius unless on(room) temperature_celsius{room="attic"}',
    'queue_depth or on(queue) vector(1)',
    'sum(rate(http_requests_total[5m])) or vector(0)',
    # edge cases: NaN and Inf, odd parameters, nesting
    'count_values("v", special_value)',
    # topk/bottomk only where no two values tie: among equal values
    # Prometheus keeps the first in its input order, and that order comes
    # from a Go map in range evaluation (random from run to run).
    "topk(1, special_value or temperature_celsius)",
    "bottomk(2, special_value or temperature_celsius)",
    "quantile(0.5, special_value or queue_depth)",
    "max(special_value or queue_depth)",
    "min(special_value or queue_depth)",
    "stddev_over_time(special_value[5m])",
    "quantile_over_time(0.5, special_value[5m])",
    "changes(special_value[5m])",
    "resets(special_value[1h])",
    "sgn(special_value)",
    "special_value == special_value",
    "special_value != bool special_value",
    "stdvar(special_value)",
    "deriv(sparse_events_total[20m])",
    "predict_linear(sparse_events_total[20m], 600)",
    "irate(sparse_events_total[12m])",
    "idelta(sparse_events_total[12m])",
    "last_over_time(sparse_events_total[10m])",
    "present_over_time(sparse_events_total[1m])",
    "deriv(queue_depth[1m])",
    "predict_linear(queue_depth[5m], -60)",
    "delta(http_requests_total[5m])",
    "increase(http_requests_total[5m] @ end())",
    "timestamp(rate(http_requests_total[5m]))",
    "timestamp(temperature_celsius offset 5m)",
    f"timestamp(temperature_celsius @ {B + 3600})",
    "timestamp(-temperature_celsius)",
    "-http_requests_total offset 1m",
    "scalar(vector(1)) + temperature_celsius",
    f"time() - {B} > bool 3600",
    'sum by (__name__) ({__name__=~"temperature_celsius|queue_depth"})',
    "count without () (temperature_celsius)",
    "quantile(-1, temperature_celsius)",
    "quantile(2, temperature_celsius)",
    "topk(0, temperature_celsius)",
    "topk(2.7, temperature_celsius)",
    "round(temperature_celsius, 0.3)",
    "round(temperature_celsius, -2)",
    "clamp(temperature_celsius, 5, -2)",
    'histogram_quantile(0.5, request_duration_seconds_bucket{le!="+Inf"})',
    'histogram_quantile(0.9, rate(request_duration_seconds_bucket{le!="0.25"}[5m]))',
    "histogram_quantile(-0.5, rate(request_duration_seconds_bucket[5m]))",
    "histogram_quantile(NaN, rate(request_duration_seconds_bucket[5m]))",
    f"max_over_time(temperature_celsius[10m:1m] @ {B + 7200})",
    "max_over_time(avg_over_time(temperature_celsius[5m:30s])[15m:1m])",
    "sum_over_time(queue_depth[5m:37s])",
    "rate(http_requests_total[5m:20s])",
    'absent_over_time(temperature_celsius{room="garage"}[5m:1m])',
    "1 / temperature_celsius",
    "temperature_celsius atan2 2",
    "(queue_depth > 2) < 5",
    "sum by (method) (http_requests_total) > 1000",
    "avg(temperature_celsius) == bool 0",
    "1.5",
    "Inf",
    "-NaN",
    "0x1F + 1e3",
    "stddev by (site) (temperature_celsius)",
    'count_values("le", request_duration_seconds_bucket)',
    'label_join(temperature_celsius, "__name__", "_", "site")',
    'label_replace(temperature_celsius, "x", "${1}-$2", "room", "(.)(.*)")',
    'label_replace(temperature_celsius, "x", "$3", "room", "(.)(.*)")',
    'label_replace(temperature_celsius, "x", "y", "nolabel", "")',
    "ln(-1 * queue_depth)",
    "days_in_month(vector(1709164800))",
    "year(vector(-1))",
    "month(vector(1e10))",
    "temperature_celsius * on(room) group_left(queue) "
    'label_replace(queue_depth{queue="mail"}, "room", "kitchen", "", "")',
    "avg without (code) (http_requests_total) "
    "/ ignoring(method) group_left sum without (method, code) (http_requests_total)",
    "sort(queue_depth)",
    "absent(sum(nonexistent))",
    'absent(nonexistent{job="x", instance=~"y.*"})',
    "holt_winters(sparse_events_total[30m], 0.1, 0.9)",
    "sum(http_requests_total offset 1h) - sum(http_requests_total)",
    "count(count by (queue) (queue_depth))",
    "quantile_over_time(0.25, rate(http_requests_total[2m])[20m:1m])",
    'rate({__name__=~"http_requests_total|sparse_events_total"}[5m])',
    '-{__name__=~"temperature_celsius|queue_depth"}',
    'label_replace(queue_depth, "__name__", "q_$1", "queue", "(.*)")',
    "sum by (room) (temperature_celsius) / on() group_left "
    "sum(temperature_celsius)",
    'vector(1) and on() temperature_celsius{room="garage"}',
    'absent(nonexistent{job="x"} offset 5m)',
    f"predict_linear(temperature_celsius[10m] @ {B + 5400}, 300)",
    "increase(request_duration_seconds_bucket[30m]) / ignoring(le) "
    "group_left increase(request_duration_seconds_count[30m])",
    "sum without (le) (request_duration_seconds_bucket) > bool 100",
    "sum(queue_depth) by (queue) * -1 ^ 2",
    # selectors without a metric name, regular expression edges
    '{job!=""}',
    '{__name__!~"temp.*|http.*|request.*", job=~".+"}',
    '{__name__=~".*_total"}',
    '{room=~"c.*|a.*"}',
    'temperature_celsius{queue=""}',
    '{__name__="queue_depth", queue=""}',
    'temperature_celsius{room=~"KITCHEN"}',
    'temperature_celsius{room=~"(?i)KITCHEN"}',
    'temperature_celsius{room=~"kitch"}',
    'temperature_celsius{room!~""}',
    'temperature_celsius{room=~"kitchen|"}',
    'request_duration_seconds_bucket{le="+Inf"}',
    "max_over_time(special_value[5m])",
    "min_over_time(special_value[5m])",
    "sum without (__name__) (temperature_celsius)",
    "count by (nonexistent) (temperature_celsius)",
    "vector(NaN) + scalar(special_value)",
    "special_value and ignoring(kind) vector(1)",
    # histogram_quantile edges: non-monotonic buckets, equal bounds,
    # a lone +Inf bucket, an unparsable bound
    "histogram_quantile(0.7, request_duration_seconds_bucket % 50)",
    "histogram_quantile(0.3, sum by (le) (request_duration_seconds_bucket % 37))",
    'histogram_quantile(0.5, label_replace(request_duration_seconds_bucket, '
    '"le", "1.0", "le", "2.5"))',
    'histogram_quantile(0.5, request_duration_seconds_bucket{le="+Inf"})',
    'histogram_quantile(0.5, label_replace(request_duration_seconds_bucket, '
    '"le", "abc", "le", "0.05"))',
    # windows at the edges of extrapolation
    "rate(sparse_events_total[11m])",
    "increase(http_requests_total[15s])",
    "rate(http_requests_total[30s])",
    "deriv(temperature_celsius[15s])",
    "rate(http_requests_total[1ms])",
    "temperature_celsius offset 1y",
    "5 > bool temperature_celsius",
    "temperature_celsius unless on() vector(1)",
    "temperature_celsius or queue_depth and on() vector(1)",
    "stddev_over_time(queue_depth[1m])",
    "stddev(queue_depth)",
    "avg(special_value or -special_value)",
    "avg(last_run_timestamp_seconds * 1e300)",
    "sum_over_time(last_run_timestamp_seconds[30m]) / 1e9",
    'label_replace(temperature_celsius, "x", "$0", "room", "(.*)")',
    'label_replace(temperature_celsius, "x", "$1$1", "room", "k(.*)")',
    "quantile(scalar(queue_depth{queue=\"mail\"}) / 5, temperature_celsius)",
    "holt_winters(sum(queue_depth)[30m:1m], 0.3, 0.3)",
    f"sum_over_time(queue_depth[5m:1m] @ {B + 3600})",
    "rate(http_requests_total[5m:1m] offset 30s)",
    f"absent(temperature_celsius @ {B - 3600})",
    "sum(temperature_celsius @ start()) by (site)",
    "count(temperature_celsius @ end())",
    # values written with an exponent: |v| < 1e-6 or >= 1e21
    "temperature_celsius * 1e-9",
    "temperature_celsius * 1e25",
    "queue_depth * 1e-6",
    "vector(1e21) - 1",
    "vector(0.5 ^ 1044.2)",
    "-5e-324",
    # large integers: Go's shortest digits padded with zeros
    "queue_depth + 2 ^ 64",
    'count_values("v", queue_depth * 2 ^ 63)',
    "scalar(sum(queue_depth)) * 2 ^ 62",
    "last_run_timestamp_seconds * 1e9",
    # time functions of NaN, ±Inf and far-away seconds
    "hour(special_value)",
    "year(special_value * 1e17) + day_of_year(special_value * 1e18)",
    "minute(vector(9.2e18)) + month(vector(-9.2e18)) + year(vector(1e19))",
    "day_of_week(-special_value * 1e16) + days_in_month(special_value * 3e18)",
    "day_of_month(temperature_celsius * 1e16)",
    # exp near the top of the double range (known difference, see KNOWN)
    "exp(vector(709.7))",
    # logarithms of subnormal numbers (known difference, see KNOWN)
    "ln(vector(5e-324))",
    "log10(queue_depth * 1e-310)",
    "log2(queue_depth * 1e-310)",
]

# Range-vector results: instant queries only.
INSTANT_ONLY = [
    "http_requests_total[5m]",
    'temperature_celsius{room="cellar"}[2m] offset 1m',
    "rate(http_requests_total[5m])[10m:2m]",
    "queue_depth[1m:15s]",
    f"special_value[5m] @ {B + 400 * 15 + 30}",
    # the order of sort / sort_desc answers is compared too
    "sort(temperature_celsius)",
    "sort_desc(temperature_celsius)",
    "sort(rate(http_requests_total[5m]))",
    "sort_desc(sum by (instance) (http_requests_total))",
    "sort(special_value or temperature_celsius)",
    "sort_desc(special_value or temperature_celsius)",
    '"a string"',
    "temperature_celsius[5m:1m] offset 2m",
]

# Both must refuse these, with the same status and errorType.
INVALID = [
    "rate(temperature_celsius)",
    "sum(",
    "{}",
    'quantile_over_time("a", temperature_celsius[5m])',
    "histogram_quantile(0.9)",
    "temperature_celsius + on(site) temperature_celsius",
    'label_replace(temperature_celsius, "x", "$1", "room", "(")',
    'label_replace(temperature_celsius, "1x", "$1", "room", "(.*)")',
    "temperature_celsius{site=~\"(\"}",
    "unknown_function(temperature_celsius)",
    'label_replace(temperature_celsius, "room", "", "room", ".*")',
    '"a string" + 1',
    "sum(temperature_celsius[5m])",
    "temperature_celsius offset 1m[5m]",
    "http_requests_total and 1",
    "http_requests_total % on(job, instance, method, code) 7",
    'count_values("1bad", queue_depth)',
    "topk(scalar(vector(NaN)), temperature_celsius)",
    'label_join(temperature_celsius, "x", ",", "1bad")',
    "count_over_time({__name__=~\".+\"}[1h])",
    '{__name__!~"temp.*|http.*|request.*"}',
    "holt_winters(temperature_celsius[5m], 0, 0.5)",
    "holt_winters(temperature_celsius[5m], 0.5, 1)",
]

# Queries valid at some times and refused at others: (query, [(time,
# refused)]).
SOMETIMES = [
    ("topk(scalar(count(queue_depth)) - 1, temperature_celsius)",
     [(B + 3600, False), (E, False), (B - 30, True)]),
]

# Differences understood but not fixed: (query, route) -> reason.
KNOWN = {
    (f"predict_linear(temperature_celsius[10m] @ {B + 5400}, 300)",
     "/api/v1/query_range"):
    "Prometheus 2.42 bug, prometheus/prometheus#11708: in a range query "
    "the @ window of predict_linear (an @-unsafe function) slides with "
    "the step instead of staying at the @ time, so Prometheus answers "
    "only the first steps; Timeless keeps the window at the @ time at "
    "every step (instant queries agree)",
}
_GO_LOG = ("Go's math.Log on amd64 (assembly) ignores that a subnormal "
           "argument has no implicit leading bit, golang/go#56600: "
           "Prometheus' ln(5e-324) is -709.09, the logarithm is -744.44 "
           "(Timeless, C's log); log10 is Log times 1/ln(10), log2 is right")
for _q in ("ln(vector(5e-324))", "log10(queue_depth * 1e-310)"):
    for _route in ("/api/v1/query", "/api/v1/query_range"):
        KNOWN[(_q, _route)] = _GO_LOG
        KNOWN[("exp(vector(709.7))", _route)] = (
            "Go's math.Exp on amd64 (assembly) overflows to +Inf for "
            "arguments a little below ln(MaxFloat64) = 709.78: Prometheus' "
            "exp(709.7) is +Inf, the exponential is 1.6549840276802644e308 "
            "(Timeless, C's exp)")

INSTANT_TIMES = [
    B + 3600,  # on a sample
    B + 7200 + 7.5,  # between samples; the garage series just ended
    B + 7500 + 22.5,  # inside the attic's 12 m gap
    B + 4500 + 0.123,  # inside the cellar's 3 m gap, not whole seconds
    E + 200,  # after the end, within the lookback
    B - 30,  # before the data
    B + 400 * 15,  # special_value is NaN
    B + 401 * 15 + 1,  # special_value is +Inf
]
RANGES = [
    (B - 600, E + 600, 300),
    (B + 7000, B + 9000, 15),
    (B + 4400, B + 4800, 7),
    (B, E, 60),
    (E - 300, E + 330, 1),
    (B + 1000.25, B + 2500, 13.5),
]


def start_prometheus(procs, tmp):
    """Fresh Prometheus data dir filled by promtool; Prometheus on it."""
    om = os.path.join(tmp, "data.om")
    with open(om, "w") as f:
        f.write(ds.openmetrics())
    tsdb = os.path.join(tmp, "prom")
    r = subprocess.run([cl.PROMTOOL, "tsdb", "create-blocks-from",
                        "openmetrics", om, tsdb],
                       capture_output=True, text=True, timeout=120)
    if r.returncode != 0:
        raise RuntimeError(f"promtool failed: {r.stdout}\n{r.stderr}")
    config = os.path.join(tmp, "prometheus.yml")
    with open(config, "w") as f:
        f.write("global:\n  scrape_interval: 1m\n")
    port = cl.free_port()
    proc = procs.start("prometheus", [
        cl.PROMETHEUS, f"--config.file={config}",
        f"--storage.tsdb.path={tsdb}",
        f"--web.listen-address=127.0.0.1:{port}"
    ])
    url = f"http://127.0.0.1:{port}"
    cl.wait_ready(url + "/-/ready", proc)
    return url


def load_timeless(tl):
    status, body = cl.http(tl + "/api/v1/import/prometheus",
                           data=ds.prometheus_text().encode(),
                           headers={"Content-Type": "text/plain"},
                           timeout=120)
    if status != 204:
        raise RuntimeError(f"import answered {status}: {body[:500]!r}")


def main():
    binary = cl.timeless_binary(sys.argv)
    cl.require_binaries([cl.PROMETHEUS, cl.PROMTOOL])
    with tempfile.TemporaryDirectory(prefix="timeless-promtool-") as tmp:
        procs = cl.Processes(tmp)
        try:
            return run(binary, tmp, procs)
        finally:
            procs.stop_all()


def run(binary, tmp, procs):
    tl_proc, tl = cl.start_timeless(procs, binary, os.path.join(tmp, "tl"))
    cl.wait_ready(tl + "/health", tl_proc)
    load_timeless(tl)
    prom = start_prometheus(procs, tmp)
    cl.log(f"{ds.point_count()} points loaded into Prometheus {prom} "
           f"(promtool) and Timeless {tl}")

    chk = cl.QueryChecker(prom, tl, KNOWN)
    # The raw data first: the whole data set as one range vector.
    chk.instant('{__name__=~".+"}[5h]', E + 1)
    for q in QUERIES:
        for at in INSTANT_TIMES:
            chk.instant(q, at)
        for start, end, step in RANGES:
            chk.range(q, start, end, step)
    for q in INSTANT_ONLY:
        for at in INSTANT_TIMES:
            chk.instant(q, at, ordered=q.startswith("sort"))
    for q in INVALID:
        chk.check_error(q, "/api/v1/query", {"time": B + 3600})
        chk.check_error(q, "/api/v1/query_range",
                        {"start": B, "end": E, "step": 60})
    for q, times in SOMETIMES:
        for at, refused in times:
            if refused:
                chk.check_error(q, "/api/v1/query", {"time": at})
            else:
                chk.instant(q, at)
    # Times and steps as Grafana writes them: RFC 3339 and durations.
    for q in ("rate(http_requests_total[5m])", "temperature_celsius"):
        chk.instant(q, "2023-11-14T23:13:20.5Z")
        chk.check(q, "/api/v1/query_range", {
            "start": "2023-11-14T23:00:00Z",
            "end": "2023-11-15T01:00:00+00:00",
            "step": "2m30s"
        })
    # As Grafana sends them: POST with a form body.
    for q in ("rate(http_requests_total[5m])", 'count_values("v", queue_depth)'):
        chk.check(q, "/api/v1/query", {"time": B + 3600}, post=True)
        chk.check(q, "/api/v1/query_range", {"start": B, "end": E,
                                             "step": 60}, post=True)
    # The metadata routes: label names, label values, series.
    chk.check_metadata("/api/v1/labels", {})
    chk.check_metadata("/api/v1/labels", {"match[]": "temperature_celsius"})
    for name in ("__name__", "room", "le", "instance"):
        chk.check_metadata(f"/api/v1/label/{name}/values", {})
    chk.check_metadata("/api/v1/label/room/values",
                       {"match[]": '{site="home"}'})
    for m in ("temperature_celsius", '{job="api"}',
              ['queue_depth{queue=~"m.*"}', "sparse_events_total"],
              '{__name__=~"request_duration_seconds_(sum|count)"}'):
        chk.check_metadata("/api/v1/series", {"match[]": m})
    chk.check_error("http_requests_total[5m]", "/api/v1/query_range",
                    {"start": B, "end": E, "step": 60})
    chk.check_error("up", "/api/v1/query_range",
                    {"start": B, "end": E, "step": 0})
    chk.check_error("up", "/api/v1/query_range",
                    {"start": E, "end": B, "step": 60})
    chk.check_error("up", "/api/v1/query_range",  # over 11,000 points
                    {"start": B, "end": E, "step": 1})
    chk.check_error("up", "/api/v1/query_range",
                    {"start": B, "end": E, "step": "1x"})
    chk.check_error("up", "/api/v1/query", {"time": "yesterday"})
    ok = chk.report()
    cl.log("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
