"""Starting, talking to and stopping VictoriaMetrics and `timeless serve`
for the real-client tests of test/clients/ (python3 standard library only).

Each server runs on a free port of 127.0.0.1 with its own data directory
and is stopped by its pid (SIGINT, then SIGKILL after 30 s).
"""
import gzip
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.parse

SKIP = 77  # ctest SKIP_RETURN_CODE


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A server process; `port` once it answers."""

    def __init__(self, name, argv, log_path, port=None):
        self.name = name
        self.port = port
        self.log_path = log_path
        self.log = open(log_path, "wb")
        self.proc = subprocess.Popen(argv, stdout=self.log,
                                     stderr=subprocess.STDOUT)

    def log_text(self):
        with open(self.log_path, "rb") as f:
            return f.read().decode(errors="replace")

    def stop(self):
        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGINT)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.kill(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.log.close()

    def request(self, method, path, body=None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            resp = conn.getresponse()
            data = resp.read()
            if resp.getheader("Content-Encoding") == "gzip":
                data = gzip.decompress(data)
            return resp.status, data
        finally:
            conn.close()

    def get(self, route, params=()):
        path = route
        if params:
            path += "?" + urllib.parse.urlencode(list(params))
        status, data = self.request("GET", path)
        if status != 200:
            raise AssertionError(f"{self.name}: GET {path}: HTTP {status}: "
                                 f"{data[:300]!r}")
        return data

    def post(self, route, body, expect=(200, 204)):
        status, data = self.request("POST", route, body)
        if status not in expect:
            raise AssertionError(f"{self.name}: POST {route}: HTTP {status}: "
                                 f"{data[:300]!r}")
        return status, data

    def wait_ready(self, path, seconds=60):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"{self.name} exited with "
                                     f"{self.proc.returncode}:\n"
                                     f"{self.log_text()}")
            if self.port is None:  # timeless prints its port at start
                m = re.search(r"listening on [^ ]+:(\d+) ", self.log_text())
                if m:
                    self.port = int(m.group(1))
            if self.port is not None:
                try:
                    status, _ = self.request("GET", path)
                    if status == 200:
                        return
                except OSError:
                    pass
            time.sleep(0.1)
        raise AssertionError(f"{self.name} did not answer {path} within "
                             f"{seconds} s:\n{self.log_text()}")


def vm_binary():
    """The VictoriaMetrics binary ($VM_BIN or victoria-metrics on PATH), or
    None when there is no such executable."""
    path = os.environ.get("VM_BIN") or shutil.which("victoria-metrics")
    return path if path and os.access(path, os.X_OK) else None


def start_vm(binary, data_dir, log_path):
    port = free_port()
    s = Server("victoria-metrics",
               [binary, f"-storageDataPath={data_dir}",
                f"-httpListenAddr=127.0.0.1:{port}", "-retentionPeriod=100y"],
               log_path, port)
    s.wait_ready("/health")
    return s


def start_timeless(binary, data_dir, log_path, extra=()):
    s = Server("timeless", [binary, "serve", "--data-dir", data_dir,
                            "--listen", "127.0.0.1:0", *extra], log_path)
    s.wait_ready("/health")
    return s


_BARE = re.compile(rb"(?<=[\[,])([+-]?Inf|NaN)(?=[\],])")


def parse_export(body):
    """JSON lines of /api/v1/export as {series: [(ts, value), ...]} with
    series a sorted tuple of (name, value) pairs and points sorted.
    VictoriaMetrics writes the infinities bare (`+Inf`, not JSON), Timeless
    as the strings "Infinity"/"-Infinity" and NaN as null: both read here.
    Several lines of one series are merged."""
    out = {}
    for line in body.splitlines():
        if not line.strip():
            continue
        line = _BARE.sub(lambda m: b'"' + m.group(1) + b'"', line)
        obj = json.loads(line)
        key = tuple(sorted(obj["metric"].items()))
        pts = out.setdefault(key, [])
        for ts, v in zip(obj["timestamps"], obj["values"], strict=True):
            pts.append((ts, to_float(v)))
    return {k: sorted(v, key=point_key) for k, v in out.items()}


def to_float(v):
    if v is None:
        return float("nan")
    if isinstance(v, str):
        return float(v.replace("Infinity", "inf").replace("Inf", "inf"))
    return float(v)


def point_key(p):
    """Orders points by time, then value (NaN last), so that equal
    timestamps compare as multisets."""
    ts, v = p
    return (ts, v != v, 0.0 if v != v else v)
