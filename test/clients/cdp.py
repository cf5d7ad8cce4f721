"""A minimal Chrome DevTools Protocol client over `--remote-debugging-pipe`.

Python 3 standard library only. Chromium reads commands from its fd 3 and
writes answers and events to its fd 4, one JSON object per message, each
ended by a NUL byte; no WebSocket is involved.
"""

import json
import os
import select
import subprocess
import time

CHROMIUM = "/usr/bin/chromium"


class CdpError(RuntimeError):
    pass


class Browser:
    """A headless Chromium started by pid with its own profile directory."""

    def __init__(self, profile_dir, log_path, width=1280, height=1400):
        # Our ends: we write commands to `to_w`, read from `from_r`.
        to_r, self.to_w = os.pipe()
        self.from_r, from_w = os.pipe()

        def child_fds():
            os.dup2(to_r, 3)
            os.dup2(from_w, 4)

        args = [
            CHROMIUM, "--headless=new", "--remote-debugging-pipe",
            "--user-data-dir=" + profile_dir, "--no-first-run",
            "--no-default-browser-check", "--disable-gpu",
            "--disable-extensions", "--disable-background-networking",
            "--disable-component-update", "--disable-sync",
            "--hide-scrollbars", "--mute-audio",
            # Containers often give /dev/shm 64 MiB, too little for Chromium.
            "--disable-dev-shm-usage",
            f"--window-size={width},{height}", "about:blank"
        ]
        if os.geteuid() == 0:
            args.insert(1, "--no-sandbox")  # Chromium refuses root otherwise
        self.log = open(log_path, "wb")
        self.proc = subprocess.Popen(args, stdin=subprocess.DEVNULL,
                                     stdout=self.log, stderr=subprocess.STDOUT,
                                     preexec_fn=child_fds, pass_fds=(3, 4))
        os.close(to_r)
        os.close(from_w)
        self.buf = b""
        self.next_id = 0
        self.events = []

    def _read_message(self, deadline):
        while b"\0" not in self.buf:
            left = deadline - time.time()
            if left <= 0:
                raise CdpError("no answer from Chromium in time")
            ready, _, _ = select.select([self.from_r], [], [], left)
            if not ready:
                continue
            chunk = os.read(self.from_r, 1 << 20)
            if not chunk:
                raise CdpError("Chromium closed its pipe (exited: %r)" %
                               self.proc.poll())
            self.buf += chunk
        msg, self.buf = self.buf.split(b"\0", 1)
        return json.loads(msg)

    def send(self, method, params=None, session=None, timeout=30.0):
        """Sends a command and returns its result; events that arrive
        meanwhile are kept in `events`."""
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self.to_w, json.dumps(msg).encode() + b"\0")
        deadline = time.time() + timeout
        while True:
            m = self._read_message(deadline)
            if m.get("id") == self.next_id:
                if "error" in m:
                    raise CdpError(f"{method}: {m['error']}")
                return m.get("result", {})
            self.events.append(m)

    def wait_event(self, method, session=None, timeout=30.0):
        """Returns the first event `method` (of `session`) not yet seen."""
        deadline = time.time() + timeout
        while True:
            for i, e in enumerate(self.events):
                if e.get("method") == method and (
                        session is None or e.get("sessionId") == session):
                    return self.events.pop(i)
            self.events.append(self._read_message(deadline))

    def drain(self, seconds):
        """Collects events for `seconds`."""
        deadline = time.time() + seconds
        try:
            while True:
                self.events.append(self._read_message(deadline))
        except CdpError as e:
            if "in time" not in str(e):
                raise

    def new_page(self):
        """Opens a tab; returns its session id with Page, Runtime and Log
        enabled."""
        target = self.send("Target.createTarget", {"url": "about:blank"})
        attached = self.send("Target.attachToTarget", {
            "targetId": target["targetId"],
            "flatten": True
        })
        session = attached["sessionId"]
        for domain in ("Page", "Runtime", "Log"):
            self.send(domain + ".enable", session=session)
        return session

    def navigate(self, session, url, timeout=60.0):
        """Loads `url` and waits for its load event (images included)."""
        self.send("Page.navigate", {"url": url}, session=session)
        self.wait_event("Page.loadEventFired", session=session,
                        timeout=timeout)

    def evaluate(self, session, expression, timeout=60.0):
        """Evaluates `expression` (awaiting a promise); returns its value."""
        r = self.send("Runtime.evaluate", {
            "expression": expression,
            "awaitPromise": True,
            "returnByValue": True
        }, session=session, timeout=timeout)
        if "exceptionDetails" in r:
            raise CdpError(f"script failed: {r['exceptionDetails']}")
        return r["result"].get("value")

    def errors(self, session):
        """Console errors, uncaught exceptions and failed loads so far."""
        out = []
        for e in self.events:
            if e.get("sessionId") != session:
                continue
            m, p = e.get("method"), e.get("params", {})
            if m == "Runtime.consoleAPICalled" and p.get("type") in (
                    "error", "assert"):
                out.append("console: " + json.dumps(p.get("args")))
            elif m == "Runtime.exceptionThrown":
                out.append("exception: " + json.dumps(p.get("exceptionDetails")))
            elif m == "Log.entryAdded" and p["entry"].get("level") == "error":
                out.append("log: " + p["entry"].get("text", "") + " " +
                           p["entry"].get("url", ""))
        return out

    def close(self):
        """Asks Chromium to quit, then stops it by pid if it does not."""
        try:
            self.send("Browser.close", timeout=5.0)
        except (CdpError, OSError):
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        for fd in (self.to_w, self.from_r):
            try:
                os.close(fd)
            except OSError:
                pass
        self.log.close()
