"""The kiosk and the hall's hours and limits, against a real qhalld with
--test-clock: a queue closed by its hours says when it opens ("14:00
开始取号", "明天 08:30 开始取号", "3月9日 08:30 开始取号") on the home
screen and in the notice a tap brings; a queue with a per-person limit
asks for the ID number on a keypad, masks it, takes with it, and answers
a second take or a mistyped number in plain words. One run is under a real
X server (Xvfb). Pictures go to $QHALL_PNG_DIR when it is set.
Run as: python3 test_kiosk_hours.py BIN_DIR"""

import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

import qhtest
import test_hours as H

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "print"))
import kiosktest as K  # noqa: E402

ID_OK = 20
ID_CLEAR = 21


def keep_png(k, screen, name):
    out = os.environ.get("QHALL_PNG_DIR")
    if out:
        os.makedirs(out, exist_ok=True)
        shutil.copy(k.shot(screen), os.path.join(out, name + ".png"))


def queue_state(st, prefix):
    return [q for q in st["queues"] if q["queue"] == prefix][0]


class KioskHours(qhtest.DaemonTest):
    daemon_args = ("--test-clock",)
    test_clock_ms = H.at(0, 12)

    def setUp(self):
        super().setUp()
        self.d.stop()
        H.hall_catalog(self.d.data)
        self.d.start()
        self.kiosks = []
        self.xvfb = None

    def tearDown(self):
        problems = []
        for k in self.kiosks:
            rc = k.stop()
            log = k.read_log()
            k.cleanup()
            if K.sanitizer_report(log) or rc != 0:
                problems.append("kiosk exited %s:\n%s" % (rc, log[-3000:]))
        if self.xvfb:
            self.xvfb.terminate()
            self.xvfb.wait(10)
        super().tearDown()
        if problems:
            self.fail("\n".join(problems))

    def kiosk(self, display=None):
        k = K.Kiosk(qhtest.BIN, self.d.data, ("--no-print",),
                    display=display)
        self.kiosks.append(k)
        return k

    def nudge(self, k, pred):
        """A change in the hall (a take in C) makes the kiosk ask for the
        status again; wait until its state shows pred."""
        self.d.cli("take", "C")
        return k.wait_state(pred)

    def test_closed_queue_says_when_it_opens(self):
        k = self.kiosk()
        k.wait_shot("home")
        st = k.wait_state(lambda s: s["screen"] == "home" and
                          not queue_state(s, "A")["open"])
        self.assertEqual(queue_state(st, "A")["closed_text"], "14:00 开始取号")
        self.assertTrue(queue_state(st, "C")["open"])
        home = k.picture(st)
        keep_png(k, "home", "kiosk-home-closed-until-1400")
        # The row of A: its words in the warning colour.
        self.assertGreater(K.count_colour(home, K.UI_WARN,
                                          K.region(home, 600, 330, 1030,
                                                   470, (540, 960))), 30)
        st = k.tap_and_wait_state(K.home_row(0),
                                  lambda s: s["screen"] == "notice")
        self.assertEqual(st["notice"], "notice_queue_closed")
        k.wait_shot("notice")
        keep_png(k, "notice", "kiosk-notice-hours")
        k.tap_and_wait_state(K.NOTICE_HOME, lambda s: s["screen"] == "home")
        # Evening: tomorrow morning; Friday evening: Monday, by its date.
        H.set_clock(self.d, H.at(0, 18))
        st = self.nudge(k, lambda s: queue_state(s, "A")["closed_text"] ==
                        "明天 08:30 开始取号")
        H.set_clock(self.d, H.at(4, 18))
        st = self.nudge(k, lambda s: queue_state(s, "A")["closed_text"] ==
                        "3月9日 08:30 开始取号")
        # B keeps rest-day hours: Saturday morning is tomorrow.
        self.assertEqual(queue_state(st, "B")["closed_text"],
                         "明天 09:00 开始取号")
        k.wait_shot("home")
        keep_png(k, "home", "kiosk-home-friday-evening")
        # English says it too.
        st = k.tap_and_wait_state(K.HOME_LANG, lambda s: s["lang"] == "en")
        self.assertEqual(queue_state(st, "A")["closed_text"],
                         "Opens 9 Mar 08:30")
        k.wait_shot("home")
        keep_png(k, "home", "kiosk-home-friday-evening-en")
        # Monday 14:00: open again, and a number is had.
        H.set_clock(self.d, H.at(7, 14))
        self.nudge(k, lambda s: queue_state(s, "A")["open"])

    def type_id(self, k, number):
        st = k.wait_state(lambda s: s["screen"] == "idnumber")
        for ch in number:
            i = "123456789X0".index(ch)
            n = st["id_typed"]
            st = k.tap_and_wait_state(K.centre(st, 1 + i),
                                      lambda s, n=n: s["id_typed"] == n + 1)
        return st

    def take_b(self, k):
        k.tap_and_wait_state(K.home_row(1), lambda s: s["screen"] == "queue")
        return k.tap_and_wait_state(K.QUEUE_DIRECT,
                                    lambda s: s["screen"] == "idnumber")

    def test_id_pad_takes_once_and_refuses_twice(self):
        H.set_clock(self.d, H.at(0, 9))
        k = self.kiosk()
        k.wait_shot("home")
        self.take_b(k)
        k.wait_shot("idnumber")
        keep_png(k, "idnumber", "kiosk-idnumber-empty")
        st = self.type_id(k, H.ID_A)
        self.assertEqual(st["id_typed"], 18)
        img = k.wait_shot("idnumber")
        keep_png(k, "idnumber", "kiosk-idnumber-typed")
        self.assertGreater(K.distinct_colours(img), 8)
        # Delete and X-in-the-middle are what a keypad must get right.
        st = k.tap_and_wait_state(K.centre(st, 12),
                                  lambda s: s["id_typed"] == 17)
        st = k.tap_and_wait_state(K.centre(st, 10),  # X as the 18th
                                  lambda s: s["id_typed"] == 18)
        st = k.tap_and_wait_state(K.centre(st, ID_OK),
                                  lambda s: s["screen"] == "ticket" and
                                  s["ticket"] and s["ticket"].get("number"))
        self.assertEqual(st["ticket"]["number"], "B001")
        self.assertEqual(st["id_typed"], 0)
        # The same person again: the daily limit, in plain words.
        k.tap_and_wait_state(K.TICKET_DONE, lambda s: s["screen"] == "home")
        self.take_b(k)
        st = self.type_id(k, H.ID_A)
        st = k.tap_and_wait_state(K.centre(st, ID_OK),
                                  lambda s: s["screen"] == "notice")
        self.assertEqual(st["notice"], "notice_person_limit")
        k.wait_shot("notice")
        keep_png(k, "notice", "kiosk-notice-person-limit")
        # A mistyped number: the pad again, saying so.
        k.tap_and_wait_state(K.NOTICE_HOME, lambda s: s["screen"] == "home")
        self.take_b(k)
        st = self.type_id(k, H.ID_BAD_CHECK)
        st = k.tap_and_wait_state(K.centre(st, ID_OK),
                                  lambda s: s["screen"] == "idnumber" and
                                  s["id_typed"] == 0 and s["seq"] > st["seq"])
        k.wait_shot("idnumber")
        keep_png(k, "idnumber", "kiosk-idnumber-bad")
        self.assertEqual(self.d.cli("status")["queues"][1]["waiting"], 1)
        log = k.read_log()
        for n in (H.ID_A, H.ID_BAD_CHECK):
            self.assertNotIn(n, log)
            with open(k.state_path) as f:
                self.assertNotIn(n, f.read())

    @unittest.skipUnless(shutil.which("Xvfb"), "Xvfb is needed")
    def test_closed_queue_under_xvfb(self):
        disp = None
        for n in range(110, 130):
            if not os.path.exists("/tmp/.X11-unix/X%d" % n) and \
                    not os.path.exists("/tmp/.X%d-lock" % n):
                disp = ":%d" % n
                break
        self.xvfb = subprocess.Popen(["Xvfb", disp, "-screen", "0",
                                      "800x1000x24", "-nolisten", "tcp"],
                                     stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while not os.path.exists("/tmp/.X11-unix/X%s" % disp[1:]):
            self.assertLess(time.monotonic(), deadline, "Xvfb")
            time.sleep(0.05)
        k = self.kiosk(display=disp)
        k.wait_shot("home")
        st = k.wait_state(lambda s: s["screen"] == "home" and
                          not queue_state(s, "A")["open"])
        self.assertEqual(queue_state(st, "A")["closed_text"], "14:00 开始取号")
        img = k.picture(st)
        self.assertGreater(K.distinct_colours(img), 20)
        keep_png(k, "home", "kiosk-home-xvfb")


class KioskAppointment(KioskHours):
    """预约取号 at the kiosk: the code pad, a ticket, and refusals."""
    test_clock_ms = H.at(0, 8)

    def setUp(self):
        super().setUp()
        import test_appointments as A
        self.d.stop()
        A.catalog_with_appointments(self.d.data)
        self.d.start()

    # The parent's tests are not repeated here.
    test_closed_queue_says_when_it_opens = None
    test_id_pad_takes_once_and_refuses_twice = None
    test_closed_queue_under_xvfb = None

    def type_code(self, k, code):
        st = k.wait_state(lambda s: s["screen"] == "appointment")
        for ch in code:
            i = "1234567890".index(ch)
            key = 1 + (i if i < 9 else 10)
            n = len(st["appt_code"])
            st = k.tap_and_wait_state(
                K.centre(st, key), lambda s, n=n: len(s["appt_code"]) == n + 1)
        return st

    def test_code_pad_checks_in_and_explains_refusals(self):
        code = self.d.cli("appointment", "add", "--item", "A01", "--day",
                          "2026-03-02", "--slot", "09:00")["appointment"]["code"]
        H.set_clock(self.d, H.at(0, 8, 50))
        k = self.kiosk()
        k.wait_shot("home")
        st = k.wait_state(lambda s: s["screen"] == "home")
        keep_png(k, "home", "kiosk-home-appointment-button")
        # 语音 on: the pad is read aloud, its prompt, never a code.
        st = k.tap_and_wait_state(K.HOME_VOICE, lambda s: s["voice"]["on"])
        st = k.tap_and_wait_state(K.centre(st, 303),
                                  lambda s: s["screen"] == "appointment")
        st = k.wait_state(lambda s: s["voice"]["said"] and
                          s["voice"]["said"][0].startswith("预约取号"))
        self.assertEqual(st["voice"]["said"][0], "预约取号。请输入 6 位预约码")
        st = self.type_code(k, code)
        k.wait_shot("appointment")
        keep_png(k, "appointment", "kiosk-appointment-typed")
        st = k.tap_and_wait_state(K.centre(st, 20),
                                  lambda s: s["screen"] == "ticket" and
                                  s["ticket"] and s["ticket"].get("number"))
        self.assertEqual(st["ticket"]["number"], "A001")
        self.assertEqual(st["ticket"]["item"], "A01")
        k.wait_shot("ticket")
        keep_png(k, "ticket", "kiosk-appointment-ticket")
        lst = self.d.cli("appointment", "list")["appointments"]
        self.assertEqual((lst[0]["state"], lst[0]["number"]),
                         ("checked_in", "A001"))
        # The same code again: used, in words, on the pad.
        k.tap_and_wait_state(K.TICKET_DONE, lambda s: s["screen"] == "home")
        st = k.wait_state(lambda s: s["screen"] == "home")
        k.tap_and_wait_state(K.centre(st, 303),
                             lambda s: s["screen"] == "appointment")
        st = self.type_code(k, code)
        st = k.tap_and_wait_state(K.centre(st, 20),
                                  lambda s: s["screen"] == "appointment" and
                                  s["appt_why"] == "appt_used")
        k.wait_shot("appointment")
        keep_png(k, "appointment", "kiosk-appointment-used")
        for line in k.state()["voice"]["said"]:
            self.assertNotIn(code, line)
        wrong = "111111" if code != "111111" else "222222"
        st = self.type_code(k, wrong)
        k.tap_and_wait_state(K.centre(st, 20),
                             lambda s: s["screen"] == "appointment" and
                             s["appt_why"] == "appt_not_found")


if __name__ == "__main__":
    qhtest.main()
