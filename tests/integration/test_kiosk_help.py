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
import time

from test_alerts import trace
from xkiosk import SIZE, XKioskTest, K

HELP = (864, 130)     # the header's 呼叫工作人员 (kiosk/help.c)
HELP_OK = (540, 1126)  # the card's 好的


class KioskHelp(XKioskTest):
    kiosk_args = ("--device", "大厅东侧1号机")

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
    import qhtest
    qhtest.main()
