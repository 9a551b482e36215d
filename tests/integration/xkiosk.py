"""A qhall-kiosk on its own Xvfb display, tapped with xdotool (a real
pointer through a real X server), beside a fresh qhalld: the base of the
kiosk tests that must click as a finger does. Screenshots worth keeping
go to $QHALL_UI_SHOTS (default: a temporary folder)."""

import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

import qhtest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "print"))
import kiosktest as K  # noqa: E402

SHOTS = os.environ.get("QHALL_UI_SHOTS") or tempfile.mkdtemp(prefix="qhall-shots-")
SIZE = (540, 960)


@unittest.skipUnless(shutil.which("Xvfb") and shutil.which("xdotool"),
                     "Xvfb and xdotool are needed")
class XKioskTest(qhtest.DaemonTest):
    kiosk_args = ()

    def setUp(self):
        super().setUp()
        self.disp = None
        for n in range(110, 160):
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
                         ("--no-print",) + tuple(self.kiosk_args),
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
