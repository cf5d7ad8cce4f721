#!/usr/bin/env python3
"""The dashboard as a person sees it, in a real headless Chromium.

`timeless sim` fills a store with an hour of data ending now; `timeless
serve` serves it with a threshold rule that fires. Chromium (Debian's, over
the DevTools protocol on a pipe: test/clients/cdp.py) loads `/` in the light
and the dark colour scheme and, after one auto-refresh, checks the rendered
page: every chart image loaded with a non-zero size and draws lines (its SVG
is not "No data"), the alert table shows the firing rule, the refreshed
charts carry the `_t` cache-buster and still draw lines, and nothing was
logged as an error (console, exceptions, failed loads). Screenshots are
written to --screenshots DIR (scripts/screenshots.sh puts them in
docs/images/).

Usage: browser_dashboard_test.py TIMELESS [--screenshots DIR]
Exit codes: 0 pass, 1 fail, 77 skipped (no chromium).
"""

import argparse
import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cdp  # noqa: E402
from clients_lib import (SKIP, Processes, http, log,  # noqa: E402
                         start_timeless, wait_ready)

METRICS = ["cpu_usage_percent", "memory_total_bytes", "memory_used_bytes"]

CHECK_PAGE = r"""
(async () => {
  const imgs = [...document.querySelectorAll('img.chart')];
  await Promise.all(imgs.map(img => img.complete ? null :
      new Promise(r => { img.onload = r; img.onerror = r; })));
  const charts = [];
  for (const img of imgs) {
    const src = img.getAttribute('src');
    const r = await fetch(src);
    const svg = await r.text();
    charts.push({src, complete: img.complete, width: img.naturalWidth,
                 height: img.naturalHeight, status: r.status,
                 no_data: svg.includes('No data'),
                 lines: (svg.match(/<polyline/g) || []).length});
  }
  const rows = [...document.querySelectorAll('#alert-rows tr')]
      .map(tr => [...tr.querySelectorAll('td')].map(td => td.textContent));
  return {charts, rows, firing: document.getElementById('firing').textContent,
          series: document.getElementById('series').textContent,
          background: getComputedStyle(document.body).backgroundColor};
})()
"""


def fail(msg):
    log("FAIL: " + msg)
    return 1


def fill_store(binary, data_dir, logs):
    """An hour of the seed workload (4 hosts x 3 metrics, 10 s) ending now."""
    t0 = int(time.time()) - 3600
    with open(os.path.join(logs, "sim.log"), "wb") as out:
        subprocess.run([
            binary, "sim", "--fresh", "--data-dir", data_dir, "--devices", "4",
            "--metrics", "3", "--interval", "10s", "--duration", "1h", "--t0",
            str(t0), "--quiet", "--query-runs", "1"
        ], check=True, stdout=out, stderr=subprocess.STDOUT, timeout=120)


def add_firing_rule(base):
    rule = {"name": "cpu busy", "metric": METRICS[0], "condition": "above",
            "threshold": -1, "duration": 0, "aggregate": "avg",
            "labels": {"host": "dev-1"}}
    status, body = http(base + "/api/v1/alerts",
                        data=json.dumps(rule).encode(),
                        headers={"Content-Type": "application/json"})
    if status != 201:
        raise RuntimeError(f"POST /api/v1/alerts: {status} {body[:300]!r}")
    status, body = http(base + "/api/v1/alerts/evaluate", data=b"")
    if status != 200:
        raise RuntimeError(f"POST /api/v1/alerts/evaluate: {status} "
                           f"{body[:300]!r}")


def check_page(page, what, refreshed=False):
    """Returns a list of problems with the rendered page."""
    problems = []
    charts = page["charts"]
    if len(charts) != len(METRICS):
        problems.append(f"{what}: {len(charts)} charts, want {len(METRICS)}")
    for c in charts:
        name = c["src"].split("metric=", 1)[-1].split("&", 1)[0]
        if not c["complete"] or c["width"] <= 0 or c["height"] <= 0:
            problems.append(f"{what}: chart {name} not loaded ({c})")
        if c["status"] != 200 or c["no_data"] or c["lines"] < 1:
            problems.append(f"{what}: chart {name} draws no line ({c})")
        if refreshed and "_t=" not in c["src"]:
            problems.append(f"{what}: chart {name} was not refreshed "
                            f"({c['src']})")
    firing_rows = [r for r in page["rows"]
                   if r and r[0] == "firing" and r[1] == "cpu busy"]
    if not firing_rows:
        problems.append(f"{what}: no firing 'cpu busy' row in the alert "
                        f"table: {page['rows']}")
    if not page["firing"].startswith("1 firing"):
        problems.append(f"{what}: badge says {page['firing']!r}")
    if page["series"] in ("", "0"):
        problems.append(f"{what}: header shows {page['series']!r} series")
    return problems


def screenshot(browser, session, path):
    shot = browser.send("Page.captureScreenshot", {"format": "png"},
                        session=session)
    with open(path, "wb") as f:
        f.write(base64.b64decode(shot["data"]))
    log(f"screenshot: {path} ({os.path.getsize(path)} bytes)")


def run(binary, shots):
    tmp = tempfile.mkdtemp(prefix="timeless-browser-")
    procs = Processes(tmp)
    browser = None
    try:
        data_dir = os.path.join(tmp, "data")
        fill_store(binary, data_dir, tmp)
        tl, base = start_timeless(procs, binary, data_dir)
        wait_ready(base + "/health", tl)
        add_firing_rule(base)

        browser = cdp.Browser(os.path.join(tmp, "profile"),
                              os.path.join(tmp, "chromium.log"))
        session = browser.new_page()
        problems = []
        backgrounds = {}
        for scheme in ("light", "dark"):
            browser.send("Emulation.setEmulatedMedia", {
                "features": [{"name": "prefers-color-scheme",
                              "value": scheme}]
            }, session=session)
            browser.navigate(session, base + "/?from=-1h&refresh=0")
            page = browser.evaluate(session, CHECK_PAGE)
            problems += check_page(page, scheme)
            backgrounds[scheme] = page["background"]
            screenshot(browser, session,
                       os.path.join(shots, f"dashboard-{scheme}.png"))
        if backgrounds["light"] == backgrounds["dark"]:
            problems.append(f"the dark scheme did not change the page "
                            f"({backgrounds})")

        # One real auto-refresh: a 2 s interval, then look again.
        browser.navigate(session, base + "/?from=-1h&refresh=2")
        first = browser.evaluate(session, CHECK_PAGE)
        problems += check_page(first, "before refresh")
        browser.drain(3.5)
        problems += check_page(browser.evaluate(session, CHECK_PAGE),
                               "after refresh", refreshed=True)

        errors = browser.errors(session)
        problems += [f"browser error: {e}" for e in errors]
        if problems:
            for p in problems:
                log("  " + p)
            log(f"logs: {tmp}")
            tmp = None  # keep them
            return fail(f"{len(problems)} problems with the dashboard")
        log(f"PASS: {len(METRICS)} charts with lines in light and dark, a "
            f"firing rule in the table, one auto-refresh, no browser error")
        return 0
    finally:
        if browser:
            browser.close()
        procs.stop_all()
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("timeless")
    ap.add_argument("--screenshots", default="")
    a = ap.parse_args()
    if not os.access(cdp.CHROMIUM, os.X_OK):
        log(f"SKIP: {cdp.CHROMIUM} is not installed (Debian package "
            f"chromium; scripts/install-deps.sh)")
        return SKIP
    shots = a.screenshots or tempfile.mkdtemp(prefix="timeless-shots-")
    os.makedirs(shots, exist_ok=True)
    try:
        return run(a.timeless, shots)
    finally:
        if not a.screenshots:
            shutil.rmtree(shots, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
