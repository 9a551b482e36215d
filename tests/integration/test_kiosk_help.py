"""呼叫工作人员 at the kiosk, tapped through a real X server (Xvfb +
xdotool) against a real qhalld: the button is on every screen; the kiosk
says someone is coming only once the daemon has committed the call (its
alert is in the trace by then); a second tap while the call stands calls
no one again; staff acknowledging it (the console, a guide's caller, or
qhall alert ack) clears it on the kiosk too; a call with no answer yet
is only said to be calling. Screenshots go to $QHALL_UI_SHOTS (default: a
temporary folder).

Run as: python3 test_kiosk_help.py BIN_DIR"""

import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

import qhtest
from test_alerts import trace

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "print"))
import kiosktest as K  # noqa: E402

SHOTS = os.environ.get("QHALL_UI_SHOTS") or tempfile.mkdtemp(prefix="qhall-shots-")
SIZE = (540, 960)
HELP = (864, 130)     # the header's 呼叫工作人员 (kiosk/help.c)
HELP_OK = (540, 1126)  # the card's 好的


@unittest.skipUnless(shutil.which("Xvfb") and shutil.which("xdotool"),
                     "Xvfb and xdotool are needed")
class KioskHelp(qhtest.DaemonTest):

    def setUp(self):
        super().setUp()
        self.disp = None
        for n in range(110, 140):
            if not os.path.exists("/tmp/.X11-unix/X%d" % n) and \
                    not os.path.exists("/tmp/.X%d-lock" % n):
                self.disp = ":%d" % n
                break
        self.xvfb = subprocess.Popen(["Xvfb", self.disp, "-screen", "0",
                                      "800x1000x24", "-nolisten", "tcp"],
                                     stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
        self.env = dict(os.environ, DISPLAY=self.disp)
        deadline = time.monotonic() + 10
        while subprocess.run(["xdotool", "getmouselocation"], env=self.env,
                             capture_output=True).returncode != 0:
            self.assertLess(time.monotonic(), deadline, "Xvfb")
            time.sleep(0.05)
        self.k = K.Kiosk(qhtest.BIN, self.d.data,
                         ("--no-print", "--device", "大厅东侧1号机"),
                         size=SIZE, display=self.disp)
        self.k.wait_state(lambda s: s["screen"] == "home")
        self.win = ""
        while not self.win:
            self.assertLess(time.monotonic(), deadline + 10, "no window")
            self.win = subprocess.run(
                ["xdotool", "search", "--name", "qhall-kiosk"], env=self.env,
                capture_output=True, text=True).stdout.split()
            time.sleep(0.05)

    def tearDown(self):
        rc = self.k.stop()
        log = self.k.read_log()
        self.k.cleanup()
        self.xvfb.terminate()
        self.xvfb.wait(10)
        super().tearDown()
        self.assertIsNone(K.sanitizer_report(log), log[-3000:])
        self.assertEqual(rc, 0, log[-3000:])

    def xtap(self, point, pred):
        """A real pointer's click at a design point; the state after it."""
        seq = (self.k.state() or {}).get("seq", -1)
        x, y = self.k.px(point)
        subprocess.run(["xdotool", "mousemove", "--window", self.win[0],
                        str(x), str(y), "click", "1"], env=self.env,
                       check=True, timeout=10)
        return self.k.wait_state(lambda s: s["seq"] > seq and pred(s))

    def keep(self, st, name):
        shutil.copy(st["screenshot"], os.path.join(SHOTS, name))

    def test_call_for_staff_from_any_screen_until_answered(self):
        st = self.xtap(HELP, lambda s: s["help"]["call"] == "coming")
        # Said only after the commit: the call is in the trace already.
        raised = trace(self.d, "alert_raised")
        self.assertEqual([(e["kind"], e["subject"], e["screen"])
                          for e in raised], [("help", "大厅东侧1号机", "home")])
        self.assertEqual(st["help"]["alert"], raised[0]["alert"])
        self.assertTrue(st["help"]["card"])
        self.keep(st, "kiosk-help-coming.png")
        img = self.k.picture(st)
        # The card's red 好的 is drawn where a finger is told to tap.
        self.assertGreater(K.count_colour(img, (0xa3, 0x19, 0x20), K.region(
            img, 100, 1060, 980, 1220, SIZE)), 2000)
        st = self.xtap(HELP_OK, lambda s: not s["help"]["card"])
        self.assertEqual(st["help"]["call"], "coming")
        self.keep(st, "kiosk-help-called.png")
        # On another screen the button is there; a tap calls no one again.
        self.xtap(K.home_row(0), lambda s: s["screen"] == "queue")
        st = self.xtap(HELP, lambda s: s["help"]["card"])
        self.assertEqual(st["screen"], "queue")
        self.assertEqual(len(trace(self.d, "alert_raised")), 1)
        self.xtap(HELP_OK, lambda s: not s["help"]["card"])
        # Staff answer: the kiosk hears it and the button is back.
        self.d.cli("alert", "ack", str(raised[0]["alert"]))
        self.k.wait_state(lambda s: s["help"]["call"] == "none")
        self.assertEqual([e["event"] for e in trace(self.d)],
                         ["alert_raised", "alert_cleared"])
        # A new call names the screen it came from.
        self.xtap(HELP, lambda s: s["help"]["call"] == "coming")
        self.assertEqual(trace(self.d, "alert_raised")[-1]["screen"], "queue")

    def test_no_answer_yet_claims_no_one_is_coming(self):
        # The daemon stopped mid-way: the call gets no answer, and the
        # kiosk says it is calling, never that someone is coming.
        os.kill(self.d.proc.pid, 19)  # SIGSTOP: the call gets no answer
        try:
            st = self.xtap(HELP, lambda s: s["help"]["card"])
            self.assertEqual(st["help"]["call"], "calling")
            self.keep(st, "kiosk-help-calling.png")
            time.sleep(0.5)
            self.assertEqual(self.k.state()["help"]["call"], "calling")
        finally:
            os.kill(self.d.proc.pid, 18)  # SIGCONT
        self.k.wait_state(lambda s: s["help"]["call"] == "coming")


if __name__ == "__main__":
    qhtest.main()
