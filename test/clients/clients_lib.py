"""Shared helpers of the real-client tests (test/clients/).

Python 3 standard library only. Every process started here listens on
127.0.0.1 on a free port, writes into its own temporary directory and is
stopped by its pid (SIGTERM, then SIGKILL after a grace period).

Exit codes: 0 pass, 1 fail, 77 skipped (a client binary is missing; ctest's
SKIP_RETURN_CODE).
"""

import json
import math
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

SKIP = 77
PROMETHEUS = "/usr/bin/prometheus"
PROMTOOL = "/usr/bin/promtool"
NODE_EXPORTER = "/usr/bin/prometheus-node-exporter"
REL_TOL = 1e-9


def log(msg):
    print(msg, flush=True)


def require_binaries(paths):
    """Exits with SKIP naming the first missing binary."""
    for p in paths:
        if not os.access(p, os.X_OK):
            log(f"SKIP: {p} is not installed (Debian packages prometheus, "
                f"prometheus-node-exporter; scripts/install-deps.sh)")
            sys.exit(SKIP)


def timeless_binary(argv):
    """The `timeless` binary: argv[1] (CMake passes it) or $TIMELESS_BIN."""
    path = argv[1] if len(argv) > 1 else os.environ.get("TIMELESS_BIN", "")
    if not path or not os.access(path, os.X_OK):
        log(f"FAIL: no timeless binary (got {path!r}); pass its path as the "
            f"first argument or in TIMELESS_BIN")
        sys.exit(1)
    return path


def free_port():
    """A port that was free a moment ago on 127.0.0.1."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Process:
    """A child process with its output in a log file; stopped by pid."""

    def __init__(self, name, argv, log_dir):
        self.name = name
        self.log_path = os.path.join(log_dir, name + ".log")
        self.log_file = open(self.log_path, "wb")
        self.proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL,
                                     stdout=self.log_file,
                                     stderr=subprocess.STDOUT)

    def alive(self):
        return self.proc.poll() is None

    def output(self):
        self.log_file.flush()
        with open(self.log_path, "rb") as f:
            return f.read().decode("utf-8", "replace")

    def tail(self, lines=30):
        return "\n".join(self.output().splitlines()[-lines:])

    def stop(self, grace=20.0):
        """SIGTERM, wait up to `grace` s, then SIGKILL. Returns the exit code."""
        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                log(f"{self.name} (pid {self.proc.pid}) ignored SIGTERM "
                    f"for {grace} s: SIGKILL")
                os.kill(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.log_file.close()
        return self.proc.returncode


class Processes:
    """Every process of a test, stopped in reverse order in `finally`."""

    def __init__(self, log_dir):
        self.log_dir = log_dir
        self.procs = []

    def start(self, name, argv):
        p = Process(name, argv, self.log_dir)
        self.procs.append(p)
        return p

    def stop_all(self):
        for p in reversed(self.procs):
            try:
                p.stop()
            except Exception as e:  # keep stopping the others
                log(f"stopping {p.name}: {e}")
        self.procs = []


def start_timeless(procs, binary, data_dir, timeout=30.0):
    """`timeless serve` on 127.0.0.1:0; returns (process, base URL)."""
    p = procs.start("timeless", [
        binary, "serve", "--data-dir", data_dir, "--listen", "127.0.0.1:0",
        "--raw-retention", "forever"
    ])
    deadline = time.time() + timeout
    while time.time() < deadline:
        for line in p.output().splitlines():
            if "listening on" in line:
                addr = line.split("listening on ", 1)[1].split()[0]
                return p, "http://" + addr
        if not p.alive():
            break
        time.sleep(0.05)
    raise RuntimeError("timeless serve did not start:\n" + p.tail())


def wait_ready(url, proc, timeout=60.0):
    """Polls `url` until it answers 200."""
    deadline = time.time() + timeout
    last = None
    while time.time() < deadline:
        if not proc.alive():
            raise RuntimeError(f"{proc.name} exited:\n{proc.tail()}")
        try:
            with urllib.request.urlopen(url, timeout=5) as r:
                if r.status == 200:
                    return
        except (urllib.error.URLError, OSError) as e:
            last = e
        time.sleep(0.1)
    raise RuntimeError(f"{url} not ready after {timeout} s ({last}):\n"
                       f"{proc.tail()}")


def http(url, params=None, data=None, headers=None, timeout=60.0):
    """GET (or POST with `data`); returns (status, body bytes)."""
    if params:
        url += "?" + urllib.parse.urlencode(params, doseq=True)
    req = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def api(base, path, params, timeout=60.0, post=False):
    """A Prometheus API call, GET or (`post`) a POST with a form body as
    Grafana sends it; (status, decoded JSON or None)."""
    if post:
        status, body = http(base + path,
                            data=urllib.parse.urlencode(params,
                                                        doseq=True).encode(),
                            headers={"Content-Type":
                                     "application/x-www-form-urlencoded"},
                            timeout=timeout)
    else:
        status, body = http(base + path, params, timeout=timeout)
    try:
        # Numbers stay text, so that how they are written is compared too.
        return status, json.loads(body, parse_float=str, parse_int=str)
    except ValueError:
        return status, None


# ---- comparing answers ----------------------------------------------------


def same_value(a, b):
    """Go-formatted value strings; NaN == NaN, relative difference <= 1e-9."""
    x, y = float(a), float(b)
    if math.isnan(x) or math.isnan(y):
        return math.isnan(x) and math.isnan(y)
    if x == y:
        return True
    if math.isinf(x) or math.isinf(y):
        return False
    return abs(x - y) <= REL_TOL * max(abs(x), abs(y))


def labels_key(metric):
    return tuple(sorted(metric.items()))


def fmt_labels(key):
    return "{" + ",".join(f'{k}="{v}"' for k, v in key) + "}"


def compare_answers(want, got, ordered=False, limit=5):
    """Differences between Prometheus' answer `want` and Timeless' `got`
    (decoded JSON of a successful query); an empty list when they agree.
    Values agree within REL_TOL; when they are the same double, their text
    must be the same too (Prometheus' value format)."""
    diffs = []
    wd, gd = want["data"], got["data"]
    if wd["resultType"] != gd["resultType"]:
        return [f"resultType {wd['resultType']} vs {gd['resultType']}"]
    kind = wd["resultType"]
    if kind in ("scalar", "string"):
        (wt, wv), (gt, gv) = wd["result"], gd["result"]
        if float(wt) != float(gt):
            diffs.append(f"time {wt} vs {gt}")
        elif wt != gt:
            diffs.append(f"time written {wt!r} vs {gt!r}")
        if kind == "scalar" and not same_value(wv, gv):
            diffs.append(f"value {wv} vs {gv}")
        elif kind == "scalar" and wv != gv:
            diffs.append(f"value written {wv!r} vs {gv!r}")
        if kind == "string" and wv != gv:
            diffs.append(f"string {wv!r} vs {gv!r}")
        return diffs

    def series(result):
        out = {}
        for s in result:
            key = labels_key(s["metric"])
            pts = [s["value"]] if kind == "vector" else s["values"]
            if key in out:
                diffs.append(f"duplicate series {fmt_labels(key)}")
            out[key] = pts
        return out

    ws, gs = series(wd["result"]), series(gd["result"])
    for key in ws.keys() - gs.keys():
        diffs.append(f"missing in Timeless: {fmt_labels(key)}")
    for key in gs.keys() - ws.keys():
        diffs.append(f"extra in Timeless: {fmt_labels(key)}")
    for key in sorted(ws.keys() & gs.keys()):
        wp, gp = ws[key], gs[key]
        wt = [float(t) for t, _ in wp]
        gt = [float(t) for t, _ in gp]
        if wt != gt:
            only_w = sorted(set(wt) - set(gt))[:3]
            only_g = sorted(set(gt) - set(wt))[:3]
            diffs.append(f"{fmt_labels(key)}: {len(wt)} vs {len(gt)} points;"
                         f" only in Prometheus {only_w}, only in Timeless "
                         f"{only_g}")
        # The values at the timestamps both have.
        gmap = {float(t): v for t, v in gp}
        gtext = {float(t): t for t, _ in gp}
        for t, a in wp:
            if float(t) in gtext and gtext[float(t)] != t:
                diffs.append(f"{fmt_labels(key)}: time written {t!r} vs "
                             f"{gtext[float(t)]!r}")
                break
            b = gmap.get(float(t))
            if b is not None and not same_value(a, b):
                diffs.append(f"{fmt_labels(key)} @{t}: {a} vs {b}")
                break
            if b is not None and a != b and float(a) == float(b):
                # The same double written differently (Prometheus' text).
                diffs.append(f"{fmt_labels(key)} @{t}: value written {a!r}"
                             f" vs {b!r}")
                break
    if ordered and not diffs:
        wo = [labels_key(s["metric"]) for s in wd["result"]]
        go = [labels_key(s["metric"]) for s in gd["result"]]
        if wo != go:
            diffs.append("order differs: " +
                         ", ".join(fmt_labels(k) for k in go[:5]))
    if len(diffs) > limit:
        diffs = diffs[:limit] + [f"... {len(diffs) - limit} more"]
    return diffs


class QueryChecker:
    """Runs queries against both servers and keeps the verdicts."""

    def __init__(self, prom, tl, known=None):
        """`known`: {(query, route): reason} of understood differences;
        they are still compared and printed, but do not fail the test."""
        self.prom, self.tl = prom, tl
        self.known = known or {}
        self.checked = 0
        self.empty = 0  # comparisons where both answers were empty
        self.failures = []
        self.known_seen = {}

    def _record(self, query, what, diffs):
        self.checked += 1
        if not diffs:
            return
        key = (query, what.split()[0])
        if key in self.known:
            self.known_seen.setdefault(key, (what, diffs))
            return
        self.failures.append((query, what, diffs))

    def _both(self, path, params, post=False):
        ps, pj = api(self.prom, path, params, post=post)
        ts, tj = api(self.tl, path, params, post=post)
        return ps, pj, ts, tj

    def check(self, query, path, params, ordered=False, post=False):
        what = f"{path} " + " ".join(f"{k}={v}" for k, v in params.items()
                                     if k != "query")
        if post:
            what += " (POST form)"
        ps, pj, ts, tj = self._both(path, dict(params, query=query), post)
        if ps != 200:
            # Both must refuse it alike (an execution error at some step).
            diffs = []
            if ts != ps or (pj or {}).get("errorType") != (tj or {}).get(
                    "errorType"):
                diffs.append(f"Prometheus refused ({ps}): "
                             f"{pj and pj.get('error')}; Timeless answered "
                             f"{ts}: {tj and (tj.get('error') or 'success')}")
            self._record(query, what, diffs)
            return
        if ts != 200 or not tj or tj.get("status") != "success":
            self._record(query, what, [
                f"Timeless answered {ts}: {tj and tj.get('error')}"
            ])
            return
        if pj["data"]["result"] == [] and tj["data"]["result"] == []:
            self.empty += 1
        self._record(query, what, compare_answers(pj, tj, ordered))

    def instant(self, query, at, ordered=False):
        self.check(query, "/api/v1/query", {"time": at}, ordered)

    def range(self, query, start, end, step):
        self.check(query, "/api/v1/query_range", {
            "start": start,
            "end": end,
            "step": step
        })

    def check_metadata(self, path, params):
        """/api/v1/labels, /label/<name>/values, /series: the same set."""
        what = f"{path} " + " ".join(f"{k}={v}" for k, v in params.items())
        ps, pj, ts, tj = self._both(path, params)
        diffs = []
        if ps != 200 or ts != 200:
            diffs.append(f"status {ps} vs {ts}")
        else:
            def as_set(j):
                return {
                    labels_key(x) if isinstance(x, dict) else x
                    for x in j["data"]
                }

            want, got = as_set(pj), as_set(tj)
            if not want:
                diffs.append("Prometheus answered nothing: fix the test")
            for x in sorted(want - got, key=str)[:3]:
                diffs.append(f"missing in Timeless: {x}")
            for x in sorted(got - want, key=str)[:3]:
                diffs.append(f"extra in Timeless: {x}")
            if not diffs and path.endswith("values") and pj["data"] != tj[
                    "data"]:
                diffs.append("order differs")
        self._record(what, what, diffs)

    def check_error(self, query, path, params):
        """Both must refuse `query`, with the same status and errorType."""
        what = f"{path} (must be refused)"
        ps, pj, ts, tj = self._both(path, dict(params, query=query))
        diffs = []
        if ps < 400:
            diffs.append(f"Prometheus accepted it ({ps}); fix the test")
        elif ts != ps:
            diffs.append(f"status {ps} vs {ts} (Timeless: "
                         f"{tj and tj.get('error')})")
        elif (pj or {}).get("errorType") != (tj or {}).get("errorType"):
            diffs.append(f"errorType {pj.get('errorType')} vs "
                         f"{tj.get('errorType')}")
        self._record(query, what, diffs)

    def report(self):
        """Prints the verdicts; returns True when nothing unexpected differed."""
        for key, (what, diffs) in self.known_seen.items():
            log(f"KNOWN DIFFERENCE ({self.known[key]}): {key[0]}  [{what}]")
            for d in diffs:
                log(f"    {d}")
        for key in self.known:
            if key not in self.known_seen:
                log(f"NOTE: known difference no longer differs: {key}")
        for q, what, diffs in self.failures:
            log(f"DIFFERS: {q}  [{what}]")
            for d in diffs:
                log(f"    {d}")
        log(f"{self.checked} comparisons ({self.empty} with both answers "
            f"empty), {len(self.failures)} differ, {len(self.known_seen)} "
            f"known differences")
        return not self.failures
