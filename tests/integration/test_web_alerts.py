"""The supervisors' console shows the hall's alerts live, in Chromium: a
queue over its length and a kiosk's call for staff appear without a
reload, and 已响应 answers the call (cleared in the trace, by the
supervisor). Screenshots go to $QHALL_WEB_SHOTS (default: a temporary
folder).

Run as: python3 tests/integration/test_web_alerts.py build/bin
"""

import os
import tempfile
import unittest

import qhtest
import webdriver
from webtest import WebTest
from test_alerts import trace

SHOTS = os.environ.get("QHALL_WEB_SHOTS") or tempfile.mkdtemp(prefix="qhall-shots-")


@unittest.skipUnless(webdriver.available(), "needs chromium and chromium-driver")
class ConsoleAlertsInChromium(WebTest):
    http_config = "[alerts]\nqueue_length = 2\ncheck_s = 1\n"

    def setUp(self):
        super().setUp()
        os.environ["QHALL_PIN"] = "246810"
        try:
            self.d.cli("staff", "add", "2001", "--name", "张主管", "--role",
                       "supervisor")
        finally:
            del os.environ["QHALL_PIN"]
        try:
            self.b = webdriver.Browser(1280, 1000)
        except Exception:
            WebTest.tearDown(self)
            raise

    def tearDown(self):
        errors = self.b.console_errors()
        self.b.quit()
        super().tearDown()
        self.assertEqual(errors, [])

    def test_alerts_appear_live_and_a_call_for_help_is_answered(self):
        self.b.get(self.base + "/console")
        self.b.wait_text("Supervisor login")
        self.b.js("document.getElementById('staff').value = '2001';"
                  "document.getElementById('pin').value = '246810';"
                  "document.getElementById('login').requestSubmit();")
        self.b.wait_text("张主管", "#me")
        self.b.wait_text("没有告警", "#alerts-card")
        for _ in range(3):
            self.take("A")
        # Raised by the daemon's own look, shown from the stream.
        self.b.wait_text("排队过长", "#alerts", timeout=5.0)
        self.assertIn("A 队列", self.b.text("#alerts"))
        k = self.d.client(role="kiosk", device="大厅东侧1号机")
        k.call("help", screen="item")
        self.b.wait_text("呼叫工作人员", "#alerts", timeout=5.0)
        self.assertIn("大厅东侧1号机 · 事项说明", self.b.text("#alerts"))
        self.b.screenshot(os.path.join(SHOTS, "web-console-alerts.png"))
        help_id = k.call("alerts")["alerts"][0]["id"]
        self.b.js("document.querySelector('tr[data-alert=\"%d\"] button')"
                  ".click();" % help_id)
        self.b.wait_text("已处理", "#result")
        self.assertEqual(k.call("alerts")["alerts"], [])
        ev = [e for e in trace(self.d) if e["subject"] == "大厅东侧1号机"]
        self.assertEqual([(e["event"], e.get("by")) for e in ev],
                         [("alert_raised", None),
                          ("alert_cleared", "staff:2001")])
        # The row goes from the page on its own.
        qhtest.eventually(lambda: self.assertNotIn(
            "呼叫工作人员", self.b.text("#alerts")), timeout=5.0)
        self.assertNotIn("呼叫工作人员", self.b.text("#alerts"))
        self.assertIn("排队过长", self.b.text("#alerts"))
        k.close()


if __name__ == "__main__":
    qhtest.main()
