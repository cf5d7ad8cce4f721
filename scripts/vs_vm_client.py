#!/usr/bin/env python3
"""VictoriaMetrics side of scripts/vs-vm.sh (python3 standard library only).

  vs_vm_client.py wait    --port P
  vs_vm_client.py load    --port P --pid PID --file vs_vm.prom [--t0 S]
  vs_vm_client.py queries --port P --end T [--runs N]
  vs_vm_client.py table   --vm-load L --vm-queries Q --vm-bytes N --sim S
                          --imp I --imp-time T --imp-bytes N
  vs_vm_client.py http-table --dir D

`load` sends the Prometheus text one POST per day of data on one kept-alive
connection, then calls /internal/force_flush; it prints points, wall seconds
and the CPU seconds (utime + stime from /proc/PID/stat) VictoriaMetrics spent
meanwhile. `queries` counts the points the server holds, then times the six
queries of ../shared/workloads/README.md
over HTTP with nocache=1 and prints p50/p99 in microseconds. `table` prints
the markdown comparison. `http-table` prints the HTTP table from the files
scripts/vs-vm.sh leaves in D: http_<server>_<load>.json (vm_http_load's
reports) and http_<server>_queries.json (`queries` against either server).
Every subcommand prints one JSON object (table, http-table: markdown).
"""
import argparse
import http.client
import json
import os
import sys
import time
import urllib.parse

DAY = 86400


def connect(port):
    return http.client.HTTPConnection("127.0.0.1", port, timeout=600)


def get(conn, path):
    conn.request("GET", path)
    resp = conn.getresponse()
    body = resp.read()
    if resp.status // 100 != 2:
        raise SystemExit(f"GET {path}: HTTP {resp.status}: {body[:300]!r}")
    return body


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    # fields[0] is the state (field 3); utime and stime are fields 14 and 15.
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cmd_wait(a):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            conn = connect(a.port)
            get(conn, "/health")  # VictoriaMetrics: OK; Timeless: JSON
            return 0
        except (OSError, http.client.HTTPException, SystemExit):
            pass
        time.sleep(0.2)
    raise SystemExit(f"port {a.port}: no answer to /health within 60 s")


def split_days(data, t0):
    """The text cut into one chunk per day of data (lines in time order)."""
    chunks, start, day, pos = [], 0, 0, 0
    n = len(data)
    while pos < n:
        end = data.find(b"\n", pos)
        end = n if end < 0 else end + 1
        line = data[pos:end]
        if line.strip() and not line.startswith(b"#"):
            ts_ms = int(line.rsplit(None, 1)[1])
            d = (ts_ms // 1000 - t0) // DAY
            if d != day:
                if pos > start:
                    chunks.append(data[start:pos])
                start, day = pos, d
        pos = end
    if n > start:
        chunks.append(data[start:n])
    return chunks


def cmd_load(a):
    with open(a.file, "rb") as f:
        data = f.read()
    chunks = split_days(data, a.t0)
    points = sum(c.count(b"\n") for c in chunks)
    conn = connect(a.port)
    get(conn, "/health")  # open the connection before the clock starts
    cpu0 = cpu_seconds(a.pid)
    t0 = time.perf_counter()
    for chunk in chunks:
        conn.request("POST", "/api/v1/import/prometheus", body=chunk,
                     headers={"Content-Type": "text/plain"})
        resp = conn.getresponse()
        body = resp.read()
        if resp.status // 100 != 2:
            raise SystemExit(f"import: HTTP {resp.status}: {body[:300]!r}")
    get(conn, "/internal/force_flush")
    seconds = time.perf_counter() - t0
    cpu = cpu_seconds(a.pid) - cpu0
    json.dump({"points": points, "posts": len(chunks), "seconds": seconds,
               "points_per_second": points / seconds, "cpu_seconds": cpu,
               "cpu_seconds_per_million": cpu * 1e6 / points}, sys.stdout)
    print()


def count_answer(body, kind):
    if kind == "export":  # JSON lines, one per series (or part of one)
        return sum(len(json.loads(l)["values"]) for l in body.splitlines()
                   if l.strip())
    r = json.loads(body)["data"]
    if r["resultType"] == "vector":
        return len(r["result"])
    return sum(len(s["values"]) for s in r["result"])


def percentile(us, p):
    us = sorted(us)
    return us[min(len(us) - 1, len(us) * p // 100)]


def cmd_queries(a):
    T = a.end
    one = 'cpu_usage{host="dev_25"}'
    q = urllib.parse.quote

    def query(expr, t):
        return f"/api/v1/query?query={q(expr)}&time={t}&nocache=1"

    def query_range(expr, start, end, step):
        return (f"/api/v1/query_range?query={q(expr)}&start={start}"
                f"&end={end}&step={step}&nocache=1")

    plan = [
        # A range vector is left-open: (T-3601 s, T] holds T-3600 as
        # Timeless' inclusive [T-3600, T] does.
        ("a", "raw, 1 h", query(one + "[3601s]", T), "query"),
        ("b", "raw, 24 h", query(one + "[86401s]", T), "query"),
        ("c", "avg_over_time 60s, 1h, one host",
         query_range(f"avg_over_time({one}[60s])", T - 3600, T, 60), "query"),
        ("d", "avg_over_time 60s, 1h, all hosts",
         query_range("avg_over_time(cpu_usage[60s])", T - 3600, T, 60),
         "query"),
        ("e", "latest (instant query at T)", query(one, T), "query"),
        ("f", "export, 24 h",
         f"/api/v1/export?match[]={q(one)}&start={T - DAY}&end={T}&nocache=1",
         "export"),
    ]
    conn = connect(a.port)
    # What the server holds: every point, counted by the server, one metric
    # at a time (count_over_time drops the name, so over several metrics
    # series of equal labels collide: Prometheus and Timeless refuse that).
    names = json.loads(get(conn, "/api/v1/label/__name__/values"))["data"]
    stored = 0
    for name in names:
        r = json.loads(get(conn, query(f"sum(count_over_time({name}[3650d]))",
                                       T)))["data"]["result"]
        stored += int(float(r[0]["value"][1])) if r else 0
    out = {"stored_points": stored, "runs": a.runs, "queries": []}

    def timed(path, runs):
        us = []
        body = b""
        for _ in range(runs):
            t = time.perf_counter()
            body = get(conn, path)
            us.append((time.perf_counter() - t) * 1e6)
        return us, body

    us, _ = timed("/health", a.runs)
    out["empty_round_trip_p50_us"] = percentile(us, 50)
    for qid, what, path, kind in plan:
        timed(path, 3)  # warm-up, not counted
        us, body = timed(path, a.runs)
        out["queries"].append({"id": qid, "what": what, "path": path,
                               "p50_us": percentile(us, 50),
                               "p99_us": percentile(us, 99),
                               "answer": count_answer(body, kind)})
    json.dump(out, sys.stdout)
    print()


def cmd_table(a):
    vm = {"load": json.load(open(a.vm_load)),
          "queries": json.load(open(a.vm_queries)), "bytes": a.vm_bytes}
    vm["bytes_per_point"] = a.vm_bytes / vm["load"]["points"]
    sim = json.load(open(a.sim))
    rep = json.load(open(a.imp))
    with open(a.imp_time) as f:  # /usr/bin/time -f "%e %U %S %M"
        wall, user, sys_, rss_kb = f.read().split()[-4:]
    cpu = float(user) + float(sys_)
    imp = {"points": rep["points"], "seconds": float(wall),
           "points_per_second": rep["points"] / float(wall),
           "own_seconds": rep["seconds"],
           "cpu_seconds_per_million": cpu * 1e6 / rep["points"],
           "rss_mb": int(rss_kb) / 1024, "bytes": a.imp_bytes,
           "bytes_per_point": a.imp_bytes / rep["points"]}
    rows = []

    def fmt(x, unit):
        if unit == "rate":
            return f"{x / 1e6:.2f} M/s"
        if unit == "us":
            return f"{x:,.0f} µs"
        return f"{x:.3f}"

    def row(measure, v, t, unit, target=None, higher_better=False):
        ratio = t / v if v else float("inf")
        cell = f"{ratio:.2f}×"
        if target is not None:
            met = ratio >= target if higher_better else ratio <= target
            sign = "≥" if higher_better else "≤"
            cell += f" (target {sign}{target:g}×: {'met' if met else 'MISSED'})"
        rows.append(f"| {measure} | {fmt(v, unit)} | {fmt(t, unit)} | {cell} |")

    vl = vm["load"]
    row("ingest points/s, native (`timeless sim`)", vl["points_per_second"],
        sim["points_per_second"], "rate", 3, True)
    row("ingest points/s, `timeless import --format prometheus`",
        vl["points_per_second"], imp["points_per_second"], "rate", 1.5, True)
    row("CPU s per M points, native", vl["cpu_seconds_per_million"],
        sim["cpu_seconds_per_million"], "num")
    row("CPU s per M points, import", vl["cpu_seconds_per_million"],
        imp["cpu_seconds_per_million"], "num")
    row("bytes/point, native", vm["bytes_per_point"], sim["bytes_per_point"],
        "num", 0.9)
    row("bytes/point, import", vm["bytes_per_point"], imp["bytes_per_point"],
        "num", 0.9)
    tq = {q["id"]: q for q in sim["queries"]}
    for q in vm["queries"]["queries"]:
        row(f"query {q['id']} p50 ({q['what']})", q["p50_us"],
            tq[q["id"]]["p50_us"], "us", 0.1)
    for q in vm["queries"]["queries"]:
        row(f"query {q['id']} p99", q["p99_us"], tq[q["id"]]["p99_us"], "us")
    print("| measure | VictoriaMetrics | Timeless | ratio Timeless/VM |")
    print("|---|---|---|---|")
    print("\n".join(rows))
    vq = vm["queries"]
    print()
    print(f"Points: VictoriaMetrics stored {vq['stored_points']:,} "
          f"(sent {vl['points']:,} in {vl['posts']} POSTs), Timeless sim "
          f"{sim['points']:,} (read back {sim['read_back_points']:,}), "
          f"import {imp['points']:,}. Answers (points or buckets) a-f: "
          f"VictoriaMetrics {[q['answer'] for q in vq['queries']]}, Timeless "
          f"{[tq[k]['answer'] for k in 'abcdef']}. Runs per query: "
          f"{vq['runs']} (VictoriaMetrics), {a.sim_runs} (Timeless). "
          f"VictoriaMetrics empty HTTP round trip (/health) p50: "
          f"{vq['empty_round_trip_p50_us']:.0f} µs. Bytes: VictoriaMetrics "
          f"{vm['bytes']:,} (data + indexdb after a graceful stop), Timeless "
          f"sim {sim['bytes_on_disk']:,}, import {imp['bytes']:,}. Import: "
          f"{imp['seconds']:.2f} s wall for the process ({imp['own_seconds']:.2f} s "
          f"from opening the store to closing it), peak RSS "
          f"{imp['rss_mb']:.0f} MB.")


def cmd_http_table(a):
    def load(name):
        with open(os.path.join(a.dir, f"http_{name}.json")) as f:
            return json.load(f)

    rows = []

    def row(measure, v, t, unit, target=None, higher_better=False):
        ratio = t / v if v else float("inf")
        cell = f"{ratio:.2f}×"
        if target is not None:
            met = ratio >= target if higher_better else ratio <= target
            sign = "≥" if higher_better else "≤"
            cell += f" (target {sign}{target:g}×: {'met' if met else 'MISSED'})"
        f = {"rate": lambda x: f"{x / 1e6:.2f} M/s",
             "us": lambda x: f"{x:,.0f} µs",
             "num": lambda x: f"{x:.3f}"}[unit]
        rows.append(f"| {measure} | {f(v)} | {f(t)} | {cell} |")

    loads = [("text1", "Prometheus text import, 1 connection", 1.5),
             ("text4", "Prometheus text import, 4 connections", 1.5),
             ("rw1", "remote_write, 1,000 samples/request, 1 connection", 1.5),
             ("rw4", "remote_write, 1,000 samples/request, 4 connections",
              1.5)]
    notes = []
    for key, what, target in loads:
        v, t = load(f"vm_{key}"), load(f"timeless_{key}")
        row(f"{what}: points/s", v["points_per_second"],
            t["points_per_second"], "rate", target, True)
        row(f"{what}: server CPU s per M points",
            v["cpu_seconds_per_million"], t["cpu_seconds_per_million"], "num",
            1.0 if key.startswith("text") else None)
        notes.append(f"{key}: {v['points']:,} points in {v['requests']} "
                     f"requests ({v['bytes']:,} bytes), VictoriaMetrics "
                     f"{v['seconds']:.2f} s, Timeless {t['seconds']:.2f} s")
    vq, tq = load("vm_queries"), load("timeless_queries")
    tqs = {q["id"]: q for q in tq["queries"]}
    for q in vq["queries"]:
        row(f"query {q['id']} p50 ({q['what']})", q["p50_us"],
            tqs[q["id"]]["p50_us"], "us", 0.5)
    for q in vq["queries"]:
        row(f"query {q['id']} p99", q["p99_us"], tqs[q["id"]]["p99_us"], "us")
    print("| measure (over HTTP) | VictoriaMetrics | Timeless | "
          "ratio Timeless/VM |")
    print("|---|---|---|---|")
    print("\n".join(rows))
    print()
    print("; ".join(notes) + ". Points stored (after the text import, 1 "
          f"connection): VictoriaMetrics {vq['stored_points']:,}, Timeless "
          f"{tq['stored_points']:,}. Answers a-f: VictoriaMetrics "
          f"{[q['answer'] for q in vq['queries']]}, Timeless "
          f"{[tqs[k]['answer'] for k in 'abcdef']}. Empty round trip "
          f"(/health) p50: VictoriaMetrics {vq['empty_round_trip_p50_us']:.0f}"
          f" µs, Timeless {tq['empty_round_trip_p50_us']:.0f} µs. Runs per "
          f"query: {vq['runs']}.")


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawTextHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    w = sub.add_parser("wait")
    w.add_argument("--port", type=int, required=True)
    ld = sub.add_parser("load")
    ld.add_argument("--port", type=int, required=True)
    ld.add_argument("--pid", type=int, required=True)
    ld.add_argument("--file", required=True)
    ld.add_argument("--t0", type=int, default=1792872000)
    qs = sub.add_parser("queries")
    qs.add_argument("--port", type=int, required=True)
    qs.add_argument("--end", type=int, required=True)
    qs.add_argument("--runs", type=int, default=200)
    tb = sub.add_parser("table")
    tb.add_argument("--vm-load", required=True)
    tb.add_argument("--vm-queries", required=True)
    tb.add_argument("--vm-bytes", type=int, required=True)
    tb.add_argument("--sim", required=True, help="timeless sim --json")
    tb.add_argument("--imp", required=True, help="timeless import --json")
    tb.add_argument("--imp-time", required=True,
                    help='/usr/bin/time -f "%%e %%U %%S %%M" of the import')
    tb.add_argument("--imp-bytes", type=int, required=True)
    tb.add_argument("--sim-runs", type=int, default=200)
    ht = sub.add_parser("http-table")
    ht.add_argument("--dir", required=True)
    a = ap.parse_args()
    return {"wait": cmd_wait, "load": cmd_load, "queries": cmd_queries,
            "table": cmd_table, "http-table": cmd_http_table}[a.cmd](a)


if __name__ == "__main__":
    sys.exit(main() or 0)
