"""A small W3C WebDriver client for Debian's chromedriver and headless
Chromium, over loopback: enough to open pages, read text, click, and
take screenshots. No third-party module: urllib and json."""

import base64
import json
import os
import shutil
import subprocess
import tempfile
import time
import urllib.error
import urllib.request

from webtest import free_port

CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def available():
    return os.access(CHROMEDRIVER, os.X_OK) and os.access(CHROMIUM, os.X_OK)


class Browser:
    """One chromedriver process and one headless Chromium session."""

    def __init__(self, width=360, height=780, lang="zh-CN"):
        self.port = free_port()
        self.profile = tempfile.mkdtemp(prefix="qhall-chromium-")
        self.log = open(os.path.join(self.profile, "chromedriver.log"), "wb")
        self.proc = subprocess.Popen(
            [CHROMEDRIVER, "--port=%d" % self.port, "--allowed-ips=127.0.0.1"],
            stdout=self.log, stderr=self.log)
        deadline = time.monotonic() + 20
        while True:
            try:
                self._call("GET", "/status")
                break
            except (OSError, urllib.error.URLError):
                if time.monotonic() > deadline or self.proc.poll() is not None:
                    raise RuntimeError("chromedriver did not start")
                time.sleep(0.1)
        caps = {"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": CHROMIUM,
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu",
                         "--disable-dev-shm-usage", "--no-first-run",
                         "--user-data-dir=" + os.path.join(self.profile, "p"),
                         "--window-size=%d,%d" % (width, height),
                         "--lang=" + lang, "--hide-scrollbars",
                         "--force-device-scale-factor=1"],
            }}}}
        self.session = self._call("POST", "/session", caps)["sessionId"]
        self.resize(width, height)

    def _call(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(
            "http://127.0.0.1:%d%s" % (self.port, path), data=data,
            method=method, headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=60) as r:
            return json.loads(r.read())["value"]

    def _s(self, method, path, body=None):
        return self._call(method, "/session/%s%s" % (self.session, path), body)

    def resize(self, width, height):
        # The window's inner size is the page's: set it through the
        # DevTools metrics so screenshots are exactly width x height.
        self._s("POST", "/goog/cdp/execute", {
            "cmd": "Emulation.setDeviceMetricsOverride",
            "params": {"width": width, "height": height,
                       "deviceScaleFactor": 1, "mobile": width < 800}})

    def get(self, url):
        self._s("POST", "/url", {"url": url})

    def js(self, script, *args):
        return self._s("POST", "/execute/sync",
                       {"script": script, "args": list(args)})

    def text(self, selector="body"):
        return self.js("var e = document.querySelector(arguments[0]);"
                       "return e ? e.innerText : null;", selector)

    def click(self, selector):
        self.js("document.querySelector(arguments[0]).click();", selector)

    def wait_text(self, needle, selector="body", timeout=5.0):
        """Seconds until needle shows in the element's text."""
        start = time.monotonic()
        while True:
            t = self.text(selector) or ""
            if needle in t:
                return time.monotonic() - start
            if time.monotonic() - start > timeout:
                raise AssertionError("%r not in %r after %ss" % (
                    needle, t[:300], timeout))
            time.sleep(0.05)

    def screenshot(self, path):
        png = base64.b64decode(self._s("GET", "/screenshot"))
        with open(path, "wb") as f:
            f.write(png)
        return path

    def console_errors(self):
        try:
            logs = self._s("POST", "/se/log", {"type": "browser"})
        except urllib.error.HTTPError:
            return []
        return [e["message"] for e in logs if e.get("level") == "SEVERE"]

    def quit(self):
        try:
            self._call("DELETE", "/session/%s" % self.session)
        except Exception:
            pass
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()
        shutil.rmtree(self.profile, ignore_errors=True)
