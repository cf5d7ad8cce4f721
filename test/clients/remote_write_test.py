#!/usr/bin/env python3
"""Prometheus scrapes node-exporter and itself and remote-writes into
`timeless serve`; then every sample Prometheus holds up to a time T must be
in Timeless (same timestamp, same value), and a set of PromQL queries over
that window must give the same answer from both (same series, same
timestamps, values within a relative 1e-9, NaN == NaN). node-exporter is
stopped after two thirds of the time, so that its series end in stale
markers.

Usage: remote_write_test.py TIMELESS_BINARY
Env:   TIMELESS_CLIENTS_SECONDS  how long Prometheus scrapes (default 30)
Exit:  0 pass, 1 fail, 77 skipped (Prometheus or node-exporter missing).
"""

import json
import math
import os
import sys
import tempfile
import time

import clients_lib as cl

# Instant and range queries over the scraped window. Counters, gauges and
# the classic histograms Prometheus exposes about itself.
QUERIES = [
    "up",
    "scrape_samples_scraped",
    "sum(scrape_samples_scraped)",
    'count by (job) ({job=~".+"})',
    "rate(prometheus_http_requests_total[5s])",
    "irate(node_cpu_seconds_total[5s])",
    'rate(node_cpu_seconds_total{mode!="idle"}[10s])',
    "increase(prometheus_tsdb_head_samples_appended_total[10s])",
    "sum by (mode) (rate(node_cpu_seconds_total[10s]))",
    "sum without (cpu) (irate(node_cpu_seconds_total[5s]))",
    "topk(3, rate(node_network_receive_bytes_total[5s]))",
    "bottomk(2, node_filesystem_avail_bytes)",
    "node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes * 100",
    "node_load1 > 0",
    "node_filesystem_avail_bytes > bool 1e9",
    "go_goroutines - go_goroutines offset 5s",
    "avg_over_time(go_goroutines[10s])",
    "max_over_time(process_resident_memory_bytes[10s])",
    "deriv(process_resident_memory_bytes[10s])",
    "changes(go_goroutines[20s])",
    'count_values("n", up)',
    "avg by (job) (process_open_fds) / on(job) group_left "
    "max by (job) (process_max_fds)",
    "histogram_quantile(0.9, sum by (le, handler) "
    "(rate(prometheus_http_request_duration_seconds_bucket[10s])))",
    "histogram_quantile(0.5, sum by (le) "
    "(rate(prometheus_http_response_size_bytes_bucket[10s])))",
    "histogram_quantile(0.99, "
    "prometheus_tsdb_compaction_chunk_samples_bucket)",
    "quantile(0.5, rate(node_cpu_seconds_total[5s]))",
    'go_gc_duration_seconds{quantile="0.5"} * 1000',
    "timestamp(up)",
    # node-exporter's series end in stale markers
    "up == 0",
    "changes(up[1m])",
    "absent(node_load1)",
    "absent_over_time(node_load1[5s])",
    "last_over_time(node_load1[1m])",
    "count_over_time(node_load1[10s])",
    "present_over_time(node_load1[3s])",
    "timestamp(node_load1)",
    "rate(node_cpu_seconds_total[1m])",
    "resets(node_cpu_seconds_total[1m])",
    "max_over_time(node_memory_MemFree_bytes[1m])",
    # subqueries, with and without a step, across the stale markers
    "max_over_time(rate(node_cpu_seconds_total[5s])[10s:2s])",
    "stddev_over_time(node_network_receive_bytes_total[5m:])",
    "increase(sum(go_goroutines)[20s:1s])",
]


def read_metric(text, name):
    """The first value of `name` (any labels) in Prometheus text, or None."""
    for line in text.splitlines():
        if line.startswith(name + " ") or line.startswith(name + "{"):
            return float(line.rsplit(" ", 1)[1])
    return None


def wait_sent(prom, proc, timeout):
    """Waits until Prometheus has sent every sample it appended before the
    call; returns that highest appended timestamp (float seconds)."""
    _, body = cl.http(prom + "/metrics")
    text = body.decode()
    high = read_metric(text,
                       "prometheus_remote_storage_highest_timestamp_in_seconds")
    if high is None:
        raise RuntimeError("Prometheus exposes no prometheus_remote_storage_"
                           "highest_timestamp_in_seconds: no remote_write?")
    deadline = time.time() + timeout
    while True:
        _, body = cl.http(prom + "/metrics")
        text = body.decode()
        sent = read_metric(
            text, "prometheus_remote_storage_queue_highest_sent_timestamp_seconds")
        if sent is not None and sent >= high:
            return high, text
        if time.time() > deadline or not proc.alive():
            raise RuntimeError(f"Prometheus sent up to {sent}, not {high}, "
                               f"after {timeout} s")
        time.sleep(0.2)


def export_timeless(tl, end):
    """Every series of Timeless up to `end`: labels key -> {ms: value}.
    The export route takes exact metric names: 100 `match[]` per request."""
    status, j = cl.api(tl, "/api/v1/label/__name__/values", {})
    if status != 200:
        raise RuntimeError(f"label values answered {status}: {j}")
    names, out = j["data"], {}
    for i in range(0, len(names), 100):
        status, body = cl.http(tl + "/api/v1/export", {
            "match[]": names[i:i + 100],
            "start": 0,
            "end": end
        })
        if status != 200:
            raise RuntimeError(f"export answered {status}: {body[:200]!r}")
        for line in body.decode().splitlines():
            if not line.strip():
                continue
            j = json.loads(line)
            pts = out.setdefault(cl.labels_key(j["metric"]), {})
            for t, v in zip(j["timestamps"], j["values"]):
                pts[t] = v
    return out


def as_float(v):
    if v is None:
        return math.nan
    if isinstance(v, str):
        return float(v.replace("Infinity", "inf"))
    return float(v)


def check_samples(prom, tl, start, end):
    """Every sample of Prometheus in [start, end] is in Timeless, and every
    non-NaN sample of Timeless there is in Prometheus. Returns failures."""
    window = int(math.ceil(end - start)) + 10
    status, pj = cl.api(prom, "/api/v1/query", {
        "query": '{__name__=~".+"}[%ds]' % window,
        "time": end
    }, timeout=300)
    if status != 200:
        return [f"Prometheus refused the raw query: {status}"]
    want = {}
    for s in pj["data"]["result"]:
        want[cl.labels_key(s["metric"])] = {
            int(round(float(t) * 1000)): v for t, v in s["values"]
        }
    got = export_timeless(tl, end)
    end_ms = int(round(end * 1000))
    start_ms = end_ms - window * 1000
    failures, samples = [], 0
    for key, pts in want.items():
        have = got.get(key)
        if have is None:
            failures.append(f"series missing in Timeless: "
                            f"{cl.fmt_labels(key)} ({len(pts)} samples)")
            continue
        for t, v in sorted(pts.items()):
            samples += 1
            if t not in have:
                failures.append(f"{cl.fmt_labels(key)} @{t} ms missing in "
                                f"Timeless")
                break
            a, b = float(v), as_float(have[t])
            if not (a == b or (math.isnan(a) and math.isnan(b))):
                failures.append(f"{cl.fmt_labels(key)} @{t} ms: {v} vs "
                                f"{have[t]}")
                break
    extra = 0
    for key, pts in got.items():
        for t, v in pts.items():
            if start_ms < t <= end_ms and v is not None and \
                    t not in want.get(key, {}):
                extra += 1
                if extra <= 5:
                    failures.append(f"Timeless has {cl.fmt_labels(key)} @{t}"
                                    f" = {v}, Prometheus does not")
    cl.log(f"raw samples: {len(want)} series, {samples} samples of "
           f"Prometheus up to T compared with Timeless' export; {extra} "
           f"extra in Timeless")
    if samples == 0:
        failures.append("Prometheus holds no samples: nothing was compared")
    return failures


def main():
    binary = cl.timeless_binary(sys.argv)
    cl.require_binaries([cl.PROMETHEUS, cl.NODE_EXPORTER])
    seconds = float(os.environ.get("TIMELESS_CLIENTS_SECONDS", "30"))
    with tempfile.TemporaryDirectory(prefix="timeless-rw-") as tmp:
        procs = cl.Processes(tmp)
        try:
            return run(binary, seconds, tmp, procs)
        finally:
            procs.stop_all()


def run(binary, seconds, tmp, procs):
    tl_proc, tl = cl.start_timeless(procs, binary, os.path.join(tmp, "tl"))
    cl.wait_ready(tl + "/health", tl_proc)
    node_port = cl.free_port()
    node = procs.start("node-exporter", [
        cl.NODE_EXPORTER, f"--web.listen-address=127.0.0.1:{node_port}"
    ])
    cl.wait_ready(f"http://127.0.0.1:{node_port}/metrics", node)
    prom_port = cl.free_port()
    prom = f"http://127.0.0.1:{prom_port}"
    # evaluation_interval stays Prometheus' default, 1m: it is also the
    # default step of subqueries (`[5m:]`), and Timeless' is 1m.
    config = os.path.join(tmp, "prometheus.yml")
    with open(config, "w") as f:
        f.write(f"""global:
  scrape_interval: 1s
  scrape_timeout: 1s
scrape_configs:
  - job_name: prometheus
    static_configs: [{{targets: ['127.0.0.1:{prom_port}']}}]
  - job_name: node
    static_configs: [{{targets: ['127.0.0.1:{node_port}']}}]
remote_write:
  - url: {tl}/api/v1/write
    queue_config:
      min_shards: 1
      max_shards: 1
      batch_send_deadline: 1s
""")
    prom_proc = procs.start("prometheus", [
        cl.PROMETHEUS, f"--config.file={config}",
        f"--storage.tsdb.path={os.path.join(tmp, 'prom')}",
        f"--web.listen-address=127.0.0.1:{prom_port}"
    ])
    cl.wait_ready(prom + "/-/ready", prom_proc)
    ready = time.time()
    cl.log(f"Timeless {tl}, node-exporter :{node_port}, Prometheus {prom}; "
           f"scraping for {seconds:.0f} s")
    # node-exporter stops after two thirds of the time: Prometheus then
    # writes stale markers for its series (and up == 0), which both sides
    # must honour in lookback and range vectors.
    time.sleep(seconds * 2 / 3)
    node.stop()
    cl.log("node-exporter stopped: its series go stale")
    time.sleep(seconds / 3)

    # One shard sends in append order; samples of a scrape still being
    # committed when `high` was read are older than `high` by at most the
    # scrape timeout, hence the 2 s margin.
    high, text = wait_sent(prom, prom_proc, 120)
    end = math.floor(high) - 2
    for name in ("prometheus_remote_storage_samples_failed_total",
                 "prometheus_remote_storage_samples_dropped_total"):
        v = read_metric(text, name)
        if v:
            cl.log(f"note: Prometheus reports {name} = {v}")
    start = math.ceil(ready)
    cl.log(f"window: {start} .. T = {end} ({end - start} s)")

    failures = check_samples(prom, tl, start, end)
    for f in failures[:20]:
        cl.log("SAMPLES: " + f)

    chk = cl.QueryChecker(prom, tl)
    chk.range('{__name__=~".+"}', start, end, 1)
    for q in QUERIES:
        for at in (end, end - 3.5, start + (end - start) / 2):
            chk.instant(q, at)
        for step in (1, 5, 2.5):
            chk.range(q, start + 5, end, step)
    ok = chk.report() and not failures
    cl.log("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
