"""The web face in a real browser: Debian's Chromium, headless, driven by
chromedriver over loopback. A ticket's page turns into 请到 N 号窗口 when a
window calls it, without a reload; a wrong key is a 404; /display shows a
new call. Screenshots go to $QHALL_WEB_SHOTS (default: a temporary folder).

Run as: python3 tests/integration/test_web_browser.py build/bin
"""

import json
import os
import shutil
import sys
import tempfile
import time
import unittest
import urllib.error
import urllib.request

import qhtest
import webdriver
from webtest import WebTest

SHOTS = os.environ.get("QHALL_WEB_SHOTS") or tempfile.mkdtemp(prefix="qhall-shots-")


@unittest.skipUnless(webdriver.available(), "needs chromium and chromium-driver")
class BrowserTest(WebTest):
    def browser(self, width, height):
        """A browser, or the daemon stopped before the error goes up."""
        try:
            return webdriver.Browser(width, height)
        except Exception:
            WebTest.tearDown(self)
            raise


@unittest.skipUnless(webdriver.available(), "needs chromium and chromium-driver")
class TicketPageInChromium(BrowserTest):
    def setUp(self):
        super().setUp()
        self.b = self.browser(360, 780)

    def tearDown(self):
        errors = self.b.console_errors()
        self.b.quit()
        super().tearDown()
        # A CSP violation or a script error shows here.
        self.assertEqual([e for e in errors if "404" not in e], [])

    def ticket_url(self, t):
        # As the kiosk prints it: the hello's status_url, DAY/NUMBER?k=KEY.
        c = self.d.client(role="kiosk")
        base = c.welcome["status_url"]
        c.close()
        return "%s/%s/%s?k=%s" % (base, t["day"], t["number"], t["key"])

    def test_called_ticket_says_which_window_without_reload(self):
        self.take("A")
        t = self.d.cli("take", "A", "--item", "A01")["ticket"]
        self.b.get(self.ticket_url(t))
        self.b.wait_text("等候中", "#state")
        self.b.wait_text("实时更新", "#live")
        self.b.js("window.qhallMarker = 42;")
        self.b.screenshot(os.path.join(SHOTS, "web-ticket.png"))
        self.d.cli("call", "1")  # A001, the one before
        self.b.wait_text("前面还有 0 人", "#state", timeout=2.0)
        self.d.cli("call", "2")  # window 2 serves A in the demo catalog
        took = self.b.wait_text("请到 2 号窗口", "#state", timeout=2.0)
        self.assertLess(took, 2.0)
        # The same page, not a reload: the marker survived.
        self.assertEqual(self.b.js("return window.qhallMarker;"), 42)
        self.b.screenshot(os.path.join(SHOTS, "web-ticket-called.png"))
        self.b.click("#lang")
        self.b.wait_text("Please go to window 2", "#state")
        self.b.screenshot(os.path.join(SHOTS, "web-ticket-called-en.png"))

    def test_wrong_key_is_a_404_page(self):
        t = self.take("A")
        url = self.ticket_url(dict(t, key="0" * len(t["key"])))
        with self.assertRaises(urllib.error.HTTPError) as e:
            urllib.request.urlopen(url, timeout=10)
        self.assertEqual(e.exception.code, 404)
        self.b.get(url)
        self.b.wait_text("未找到该号码")
        self.assertNotIn(t["number"], self.b.text())


@unittest.skipUnless(webdriver.available(), "needs chromium and chromium-driver")
class KioskQrInChromium(WebTest):
    """The whole way: a kiosk takes a number, its ticket's QR is decoded,
    and the decoded address opens the live page in Chromium."""

    def test_the_kiosks_qr_opens_the_live_page(self):
        sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(
            __file__)), "..", "print"))
        import kiosktest as K
        tmp = tempfile.mkdtemp(prefix="qhall-web-kiosk-")
        k = K.Kiosk(qhtest.BIN, self.d.data, ("--no-print",), size=(540, 960))
        b = None
        try:
            k.wait_shot("home")
            k.tap_and_wait(K.home_row(0), "queue")
            k.tap_and_wait(K.queue_item(0), "item")
            st = k.tap_and_wait_state(
                K.ITEM_TAKE, lambda s: s["screen"] == "ticket" and
                s["ticket"] and s["ticket"]["phase"] == "not_printed")
            w, rows = k.picture(st)
            ppm = os.path.join(tmp, "ticket.ppm")
            with open(ppm, "wb") as f:
                f.write(b"P6\n%d %d\n255\n" % (w, len(rows)))
                for r in rows:
                    f.write(r)
            urls = K.zbar_png(ppm)
            t = self.d.cli("ticket", "A001")["ticket"]
            # The daemon told the kiosk where its web face is.
            self.assertEqual(urls, ["%s/t/%s/A001?k=%s" % (
                self.base, t["day"], t["key"])])
            b = webdriver.Browser(360, 780)
            b.get(urls[0])
            b.wait_text("等候中", "#state")
            self.d.cli("call", "1")
            self.assertLess(b.wait_text("请到 1 号窗口", "#state", timeout=2.0), 2.0)
        finally:
            if b:
                b.quit()
            k.stop()
            log = k.read_log()
            k.cleanup()
            shutil.rmtree(tmp, ignore_errors=True)
        self.assertFalse(K.sanitizer_report(log), log[-3000:])


@unittest.skipUnless(webdriver.available(), "needs chromium and chromium-driver")
class DisplayInChromium(BrowserTest):
    def setUp(self):
        super().setUp()
        self.b = self.browser(1920, 1080)

    def tearDown(self):
        errors = self.b.console_errors()
        self.b.quit()
        super().tearDown()
        self.assertEqual(errors, [])

    def test_display_shows_a_new_call(self):
        token = self.device("tv", "display")
        for q in ("A", "A", "B", "C"):
            self.take(q)
        self.d.cli("call", "1")
        self.d.cli("notice", "午间 12:00–13:00 正常办理 · Open through lunch")
        self.b.get(self.base + "/display?token=" + token)
        self.b.wait_text("等候", "#queues")
        first = self.b.text("#latest-num")
        self.d.cli("call", "3")
        self.b.wait_text("请到 3 号窗口", "#latest-to", timeout=2.0)
        self.assertNotEqual(self.b.text("#latest-num"), first)
        self.b.wait_text(first, "#recent")
        time.sleep(3.2)  # the new call's flash is over
        self.b.screenshot(os.path.join(SHOTS, "web-display.png"))
        self.b.resize(1080, 1920)
        self.b.screenshot(os.path.join(SHOTS, "web-display-portrait.png"))
        # A counter's screen shows its own window's calls only.
        self.b.get(self.base + "/display?window=1&token=" + token)
        self.b.wait_text(first, "#latest-num")
        other = self.d.cli("call", "4")["ticket"]["number"]
        mine = self.d.cli("call", "1")["ticket"]["number"]
        # Events come in order: window 1's call shows, window 4's did not.
        self.b.wait_text(mine, "#latest-num")
        self.assertNotIn(other, self.b.text())

    def test_display_without_a_token_is_refused(self):
        with self.assertRaises(urllib.error.HTTPError) as e:
            urllib.request.urlopen(self.base + "/display", timeout=10)
        self.assertEqual(e.exception.code, 401)


@unittest.skipUnless(webdriver.available(), "needs chromium and chromium-driver")
class ConsoleInChromium(BrowserTest):
    def setUp(self):
        super().setUp()
        for sid, name, role in (("2001", "张主管", "supervisor"),
                                ("1001", "王芳", None)):
            args = ["staff", "add", sid, "--name", name]
            if role:
                args += ["--role", role]
            os.environ["QHALL_PIN"] = "246810"
            try:
                self.d.cli(*args)
            finally:
                del os.environ["QHALL_PIN"]
        self.b = self.browser(1280, 1000)

    def tearDown(self):
        errors = self.b.console_errors()
        self.b.quit()
        super().tearDown()
        # Refused logins and the forged request: the errors a page may log.
        self.assertEqual([e for e in errors if "403" not in e and
                          "/console/login" not in e], [])

    def login(self, staff, pin):
        self.b.get(self.base + "/console")
        self.b.wait_text("Supervisor login")
        self.b.js("document.getElementById('staff').value = arguments[0];"
                  "document.getElementById('pin').value = arguments[1];"
                  "document.getElementById('login').requestSubmit();",
                  staff, pin)

    def test_supervisor_logs_in_and_pauses_a_window(self):
        watch = self.d.client()
        watch.call("subscribe")
        for q in ("A", "A", "B"):
            self.take(q)
        self.d.cli("call", "1")
        self.login("2001", "246810")
        self.b.wait_text("张主管", "#me")
        self.b.wait_text("A001", "#windows")
        self.b.js("var row = document.querySelector('tr[data-window=\"2\"]');"
                  "row.querySelector('input').value = '系统维护';"
                  "row.querySelector('button').click();")
        self.b.wait_text("2 号窗口已暂停", "#result")
        st = self.d.cli("status")
        w2 = [w for w in st["windows"] if w["window"] == 2][0]
        self.assertEqual((w2["state"], w2["reason"]), ("paused", "系统维护"))
        # In the trace, with the supervisor as the actor.
        ev = watch.event()
        while ev["event"] != "paused":
            ev = watch.event()
        self.assertEqual((ev["actor"], ev["window"]), ("staff:2001", 2))
        # The page shows it live, from the stream.
        self.b.wait_text("暂停 系统维护", "#windows")
        self.b.screenshot(os.path.join(SHOTS, "web-console.png"))

        # A forged change without the CSRF token is refused, from the
        # page itself and from outside with the session's own cookie.
        code = self.b._s("POST", "/execute/async", {"script": """
            var done = arguments[0];
            fetch('/console/resume', {method: 'POST',
              headers: {'Content-Type': 'application/json'},
              body: JSON.stringify({window: 2})}).then(function (r) {
              done(r.status); });""", "args": []})
        self.assertEqual(code, 403)
        cookie = [c for c in self.b._s("GET", "/cookie")
                  if c["name"] == "qhall_console"][0]
        self.assertTrue(cookie["httpOnly"])
        self.assertEqual(cookie["sameSite"], "Strict")
        status, _, _ = self.get("/console/resume", {
            "Cookie": "qhall_console=" + cookie["value"],
            "Content-Type": "application/json"}, "POST", b'{"window": 2}')
        self.assertEqual(status, 403)
        status, _, _ = self.get("/console/resume", {
            "Cookie": "qhall_console=" + cookie["value"],
            "X-CSRF-Token": "0" * 64}, "POST", b'{"window": 2}')
        self.assertEqual(status, 403)
        st = self.d.cli("status")
        self.assertEqual([w for w in st["windows"] if w["window"] == 2][0]["state"],
                         "paused")

        # Close a queue and set the notice from the page.
        self.b.js("var rows = document.querySelectorAll('#queues tbody tr');"
                  "rows[1].querySelector('button').click();")
        self.b.wait_text("B 已关闭", "#result")
        self.assertFalse([q for q in self.d.cli("status")["queues"]
                          if q["queue"] == "B"][0]["open"])
        watch.close()

    def test_a_caller_and_a_wrong_pin_cannot_log_in(self):
        self.login("1001", "246810")
        self.b.wait_text("the console is for supervisors", "#login-error")
        self.login("2001", "999999")
        self.b.wait_text("wrong staff number or PIN", "#login-error")
        self.login("9999", "246810")
        self.b.wait_text("wrong staff number or PIN", "#login-error")
        self.assertIsNone(json.loads(self.get("/console/state")[2])["me"])


if __name__ == "__main__":
    qhtest.main()
