"""The web face in a real browser: Debian's Chromium, headless, driven by
chromedriver over loopback. A ticket's page turns into 请到 N 号窗口 when a
window calls it, without a reload; a wrong key is a 404; /display shows a
new call. Screenshots go to $QHALL_WEB_SHOTS (default: a temporary folder).

Run as: python3 tests/integration/test_web_browser.py build/bin
"""

import os
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
class TicketPageInChromium(WebTest):
    def setUp(self):
        super().setUp()
        self.b = webdriver.Browser(360, 780)

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
class DisplayInChromium(WebTest):
    def setUp(self):
        super().setUp()
        self.b = webdriver.Browser(1920, 1080)

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

    def test_display_without_a_token_is_refused(self):
        with self.assertRaises(urllib.error.HTTPError) as e:
            urllib.request.urlopen(self.base + "/display", timeout=10)
        self.assertEqual(e.exception.code, 401)


if __name__ == "__main__":
    qhtest.main()
