"""qhall-caller shows the alerts about its own window and its queues, a
guide's caller (--guide) the kiosks' calls for staff too, and F11
acknowledges the one on show: a call for help is cleared, for everyone.
Headless, against a real qhalld on the test clock. Screenshots go to
$QHALL_UI_SHOTS (default: a temporary folder).

Run as: python3 test_caller_alerts.py BIN_DIR"""

import os
import shutil
import tempfile

import qhtest
from test_display_probe import Screen, png_size
from test_alerts import T0, MIN, set_clock, trace

SHOTS = os.environ.get("QHALL_UI_SHOTS") or tempfile.mkdtemp(prefix="qhall-shots-")


class CallerAlerts(qhtest.DaemonTest):
    daemon_args = ("--test-clock",)
    daemon_config = "[alerts]\nservice_min = 20\nqueue_length = 1\ncheck_s = 3600\n"
    test_clock_ms = T0

    def setUp(self):
        super().setUp()
        self.screens = []
        admin = self.d.client()
        admin.call("staff_add", staff="s01", name="王芳", pin="1234")
        admin.call("staff_add", staff="s02", name="李强", pin="5678")
        admin.close()

    def tearDown(self):
        for s in self.screens:
            s.finish(self)
        super().tearDown()

    def caller(self, window, staff, pin, *args):
        s = Screen("qhall-caller", self.d, ["--window", str(window),
                                            "--staff", staff] + list(args),
                   env={"QHALL_PIN": pin})
        self.screens.append(s)
        s.wait("logged in", lambda st: st["logged_in"] and
               st["screen"] == "counter")
        return s

    def keep(self, st, name):
        self.assertEqual(png_size(st["screenshot"]), (800, 480))
        shutil.copy(st["screenshot"], os.path.join(SHOTS, name))

    def test_own_window_queues_and_guides_calls_for_help(self):
        c4 = self.caller(4, "s01", "1234")
        guide = self.caller(1, "s02", "5678", "--guide")
        self.d.cli("take", "C")
        c4.send("key F1")
        c4.wait("called", lambda st: st["ticket"] is not None)
        set_clock(self.d, T0 + 21 * MIN)
        self.d.cli("take", "A")
        self.d.cli("take", "A")
        self.d.cli("alerts")  # the daemon looks now
        st = c4.wait("its own alert", lambda st: [a["kind"] for a in st["alerts"]]
                     == ["service_long"])
        self.assertIn("本窗口当前办理已 21:00，超过 20:00", st["alert_text"])
        self.keep(st, "caller-alert.png")
        # Window 1 serves A: A's length is its; window 4's service is not.
        st = guide.wait("queue alert", lambda st: [a["kind"] for a in st["alerts"]]
                        == ["queue_length"])
        self.assertIn("A 队列 2 人等候", st["alert_text"])
        k = self.d.client(role="kiosk", device="大厅东侧1号机")
        k.call("help", screen="item")
        st = guide.wait("call for help first", lambda st: [
            a["kind"] for a in st["alerts"]] == ["help", "queue_length"])
        self.assertEqual(st["alert_text"], "大厅东侧1号机 呼叫工作人员（事项说明）")
        self.keep(st, "caller-guide-help.png")
        # Not a guide: window 4 is not told of the kiosk.
        self.assertEqual([a["kind"] for a in c4.state()["alerts"]],
                         ["service_long"])
        guide.send("key F11")
        guide.wait("answered", lambda st: [a["kind"] for a in st["alerts"]]
                   == ["queue_length"])
        self.assertEqual(k.call("alerts")["alerts"], [])
        cleared = [e for e in trace(self.d) if e["event"] == "alert_cleared"]
        self.assertEqual(cleared[0]["by"][:9], "caller-1@")
        # F11 at window 4 marks its alert seen; it stands until the finish.
        c4.send("key F11")
        qhtest.eventually(lambda: self.assertIsNotNone(
            [a for a in self.d.cli("alerts")["alerts"]
             if a["kind"] == "service_long"][0]["acked_at"]))
        c4.send("key F4")
        self.d.cli("alerts")
        c4.wait("cleared", lambda st: st["alerts"] == [])
        k.close()


if __name__ == "__main__":
    qhtest.main()
