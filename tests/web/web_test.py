#!/usr/bin/env python3
"""The web demo (examples/web) in headless Chromium: the LED blinks, the plot grows, the console
answers, and a screenshot is saved.

    web_test.py --site build/wasm32/examples/web --screenshot out.png [--chromium chromium]

The site is served over HTTP by Python's http.server on an ephemeral port (a page opened as
file:// cannot fetch its .wasm). Chromium is driven through the DevTools protocol over a pipe
(--remote-debugging-pipe: JSON messages separated by NUL bytes on file descriptors 3 and 4), so
the test needs nothing beyond Python's standard library and Debian's chromium: no WebSocket
client, no npm package.

What it checks, from outside the page:
  - the LED element is seen both on and off, and the page counted several toggles;
  - the plot receives points, and more of them later (readings keep arriving);
  - typing "stats" into the console box (real key events) gets handle_network's reply, whose
    reading count is consistent with the points plotted; "led" and an unknown command are
    answered too;
  - the program is still running (it never exits on its own).
"""
import argparse
import base64
import functools
import http.server
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time


class Cdp:
    """A DevTools-protocol connection to a Chromium started with --remote-debugging-pipe."""

    def __init__(self, chromium, profile):
        to_chrome_r, self._to_chrome = os.pipe()
        self._from_chrome, from_chrome_w = os.pipe()
        # Chromium reads commands on fd 3 and writes replies and events on fd 4.
        os.dup2(to_chrome_r, 103)
        os.dup2(from_chrome_w, 104)

        def child_fds():
            os.dup2(103, 3)
            os.dup2(104, 4)

        # pass_fds keeps 3 and 4 open through Popen's closing of inherited descriptors, which runs
        # after preexec_fn has put the pipe ends there.
        self.proc = subprocess.Popen(
            [chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--remote-debugging-pipe",
             f"--user-data-dir={profile}", "--window-size=1000,760", "--hide-scrollbars",
             "--no-first-run", "--no-default-browser-check", "about:blank"],
            pass_fds=(3, 4, 103, 104), preexec_fn=child_fds,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for fd in (to_chrome_r, from_chrome_w, 103, 104):
            os.close(fd)
        self._next_id = 0
        self._buffer = b""
        self.session = None

    def send(self, method, params=None, session=True):
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params or {}}
        if session and self.session:
            message["sessionId"] = self.session
        os.write(self._to_chrome, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._read()
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})

    def _read(self):
        while b"\0" not in self._buffer:
            chunk = os.read(self._from_chrome, 1 << 16)
            if not chunk:
                raise RuntimeError("chromium closed the DevTools pipe")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def evaluate(self, expression):
        result = self.send("Runtime.evaluate",
                           {"expression": expression, "returnByValue": True, "awaitPromise": True})
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def close(self):
        try:
            self.send("Browser.close", session=False)
        except (RuntimeError, OSError):
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def serve(site):
    handler = functools.partial(QuietHandler, directory=site)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".wasm": "application/wasm", ".mjs": "text/javascript"}

    def log_message(self, *args):
        pass


def wait_for(cdp, expression, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = cdp.evaluate(expression)
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out after {timeout} s waiting for {what} ({expression})")


def type_line(cdp, text):
    """Types `text` into the console box with key events and presses Enter."""
    cdp.evaluate("document.getElementById('command').focus()")
    cdp.send("Input.insertText", {"text": text})
    for kind in ("keyDown", "keyUp"):
        cdp.send("Input.dispatchKeyEvent", {"type": kind, "key": "Enter", "code": "Enter",
                                             "windowsVirtualKeyCode": 13, "text": "\r" if kind == "keyDown" else ""})


def reply_to(cdp, command, timeout=5):
    """The first console line after the echo of `command`."""
    before = cdp.evaluate("window.moteDemo.lines.length")
    type_line(cdp, command)
    expr = (f"(() => {{ const l = window.moteDemo.lines.slice({before}); const i = l.indexOf('> {command}');"
            f" return i >= 0 && i + 1 < l.length ? l[i + 1] : null; }})()")
    return wait_for(cdp, expr, timeout, f"the reply to '{command}'")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site", required=True)
    parser.add_argument("--screenshot", required=True)
    parser.add_argument("--chromium", default="chromium")
    args = parser.parse_args()
    if not args.chromium or not os.path.exists(args.site):
        sys.exit(f"web_test: need chromium (got '{args.chromium}') and the built site ({args.site})")

    server = serve(args.site)
    url = f"http://127.0.0.1:{server.server_address[1]}/index.html"
    failures = []

    def check(ok, text):
        print(("ok    " if ok else "FAIL  ") + text)
        if not ok:
            failures.append(text)

    with tempfile.TemporaryDirectory() as profile:
        cdp = Cdp(args.chromium, profile)
        try:
            target = cdp.send("Target.createTarget", {"url": "about:blank"}, session=False)["targetId"]
            cdp.session = cdp.send("Target.attachToTarget", {"targetId": target, "flatten": True},
                                   session=False)["sessionId"]
            cdp.send("Runtime.enable")
            cdp.send("Page.enable")
            cdp.send("Emulation.setDeviceMetricsOverride",
                     {"width": 1000, "height": 720, "deviceScaleFactor": 1, "mobile": False})
            cdp.send("Page.navigate", {"url": url})
            wait_for(cdp, "!!(window.moteDemo && window.moteDemo.lines.length > 0)", 45,
                     "the program's greeting in the console box")
            print(f"page loaded: {url}")

            # The LED: sample the element's state for 2.5 s (the task toggles it every 500 ms).
            seen = set()
            end = time.monotonic() + 2.5
            while time.monotonic() < end:
                seen.add(cdp.evaluate("document.getElementById('led').classList.contains('on')"))
                time.sleep(0.05)
            toggles = cdp.evaluate("window.moteDemo.ledToggles")
            check(seen == {True, False}, f"the LED element was seen on and off ({sorted(seen)})")
            check(toggles >= 4, f"the LED toggled {toggles} times in about 3 s (>= 4)")

            # The plot: readings every 250 ms.
            first = cdp.evaluate("window.moteDemo.points.length")
            time.sleep(1.0)
            second = cdp.evaluate("window.moteDemo.points.length")
            check(first >= 4 and second >= first + 2, f"the plot grew from {first} to {second} points in 1 s")
            drawn = cdp.evaluate(
                "(() => { const c = document.getElementById('plot'); const d = c.getContext('2d')"
                ".getImageData(0, 0, c.width, c.height).data; let n = 0;"
                " for (let i = 0; i < d.length; i += 4) if (d[i + 2] > 200 && d[i] < 60) n++; return n; })()")
            check(drawn > 100, f"the plot's line is drawn ({drawn} blue pixels)")

            # The console: real key events into the box, answers from handle_network.
            stats = reply_to(cdp, "stats")
            plotted = cdp.evaluate("window.moteDemo.points.length")
            m = re.fullmatch(r"readings (\d+), last (-?[0-9.]+) C, mean (-?[0-9.]+) C", stats)
            check(m is not None, f"'stats' answered: {stats!r}")
            if m:
                count, last, mean = int(m.group(1)), float(m.group(2)), float(m.group(3))
                check(abs(count - plotted) <= 1, f"its reading count {count} matches the plot's {plotted} points")
                check(17 < mean < 25 and 17 < last < 25, f"its values are plausible (last {last}, mean {mean})")
            led = reply_to(cdp, "led")
            check(re.fullmatch(r"led (on|off), toggled \d+ times", led) is not None, f"'led' answered: {led!r}")
            unknown = reply_to(cdp, "xyzzy")
            check(unknown == "unknown command 'xyzzy' (try help)", f"an unknown command answered: {unknown!r}")
            check(cdp.evaluate("window.moteDemo.exited") is None, "the program is still running")

            # Let a few more readings arrive, then take the picture with the LED lit.
            time.sleep(1.0)
            wait_for(cdp, "window.moteDemo.ledOn", 2, "the LED to be on")
            png = base64.b64decode(cdp.send("Page.captureScreenshot", {"format": "png"})["data"])
            os.makedirs(os.path.dirname(os.path.abspath(args.screenshot)), exist_ok=True)
            with open(args.screenshot, "wb") as f:
                f.write(png)
            check(png.startswith(b"\x89PNG") and len(png) > 10000, f"screenshot saved: {args.screenshot} ({len(png)} bytes)")
        finally:
            cdp.close()
            server.shutdown()

    if failures:
        print(f"{len(failures)} check(s) failed")
        sys.exit(1)
    print("web demo: all checks passed")


if __name__ == "__main__":
    main()
