#!/usr/bin/env python3
"""Smoke test of vm_http_load (the load client of scripts/vs-vm.sh's HTTP
table): a few thousand points, never a timed assertion.

  vm_load_smoke_test.py --timeless PATH/timeless --load PATH/vm_http_load

Starts `timeless serve` on a free port with a temporary data directory,
replays one day of 2 vs-vm hosts (5,760 samples) as remote_write requests
of 500 samples over 2 connections, posts 3,000 lines of Prometheus text in
pieces of 700 lines over 2 connections, and checks that the client's report
counts every point and that /api/v1/export returns each of them.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import traceback

sys.dont_write_bytecode = True  # nothing written beside the sources
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import vm_servers as vs  # noqa: E402

T0 = 1792872000


def load(a, port, pid, *args):
    out = subprocess.run([a.load, *args, "--port", str(port), "--pid",
                          str(pid)], capture_output=True, text=True,
                         timeout=120)
    if out.returncode != 0:
        raise AssertionError(f"vm_http_load {args}: exit {out.returncode}: "
                             f"{out.stderr}")
    return json.loads(out.stdout)


def exported_points(tl, selector):
    body = tl.get("/api/v1/export", [("match[]", selector)])
    return vs.parse_export(body)


def run(a, tmp):
    tl = vs.start_timeless(a.timeless, os.path.join(tmp, "data"),
                           os.path.join(tmp, "timeless.log"))
    try:
        rw = load(a, tl.port, tl.proc.pid, "rw", "--days", "1", "--devices",
                  "2", "--t0", str(T0), "--samples-per-request", "500",
                  "--connections", "2")
        assert rw["points"] == 2 * 10 * 288, rw
        assert rw["requests"] == 12, rw  # 5,760 / 500, rounded up
        assert rw["cpu_seconds"] >= 0, rw
        got = exported_points(tl, '{host=~"dev_[01]"}')
        assert len(got) == 20, sorted(got)
        assert sum(len(p) for p in got.values()) == rw["points"]
        first = got[(("__name__", "cpu_usage"), ("host", "dev_0"))][0]
        assert first[0] == T0 * 1000, first

        text = os.path.join(tmp, "smoke.prom")
        with open(text, "w") as f:
            for i in range(3000):
                f.write(f'smoke{{n="{i % 7}"}} {i * 0.5} '
                        f'{(T0 + i) * 1000}\n')
        tx = load(a, tl.port, tl.proc.pid, "text", "--file", text,
                  "--lines-per-post", "700", "--connections", "2")
        assert tx["points"] == 3000 and tx["requests"] == 5, tx
        got = exported_points(tl, "smoke")
        assert len(got) == 7, sorted(got)
        assert sum(len(p) for p in got.values()) == 3000
        # A refused body stops the client with exit 1 and the answer.
        with open(text, "w") as f:
            f.write("smoke{n=\"x\"} not_a_number\n")
        out = subprocess.run([a.load, "text", "--file", text, "--port",
                              str(tl.port)], capture_output=True, text=True,
                             timeout=60)
        assert out.returncode == 1, out
        assert "HTTP 400" in out.stderr, out.stderr
        print("vm_http_load smoke: rw", rw["points"], "points,",
              "text", tx["points"], "points: all exported back")
        return 0
    finally:
        tl.stop()


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--timeless", required=True)
    ap.add_argument("--load", required=True)
    a = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="vm_load_smoke_")
    try:
        return run(a, tmp)
    except Exception:
        traceback.print_exc()
        return 1
    finally:
        import shutil
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
