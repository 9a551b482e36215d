"""qhall-kiosk's screens against a real qhalld, headless (SDL's dummy
driver) and driven by scripted touches through its --input FIFO; one test
taps through a real X server (Xvfb + xdotool). Printing is off here
(test_kiosk_print.py prints): these tests look at what the citizen sees,
through the state the kiosk writes (--state-json: which screen, which
language, which ticket in which phase) and through the pictures where the
drawing itself is the point (Chinese glyphs, the QR code, colours).
Run as: python3 test_kiosk_ui.py BIN_DIR"""

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest

import qhtest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "print"))
import kiosktest as K  # noqa: E402

SIZE = (540, 960)


def write_png(img, path):
    """Rows back to a PPM for zbarimg."""
    w, rows = img
    with open(path, "wb") as f:
        f.write(b"P6\n%d %d\n255\n" % (w, len(rows)))
        for r in rows:
            f.write(r)


def ticket_in(phase):
    """A state predicate: the ticket screen, its ticket in phase."""
    return lambda s: s["screen"] == "ticket" and s["ticket"] and \
        s["ticket"]["phase"] == phase


class KioskUI(qhtest.DaemonTest):

    def setUp(self):
        super().setUp()
        self.kiosks = []
        self.tmp = tempfile.mkdtemp(prefix="qhall-kiosk-ui-")

    def tearDown(self):
        problems = []
        for k in self.kiosks:
            rc = k.stop()
            log = k.read_log()
            k.cleanup()
            bad = K.sanitizer_report(log)
            if bad:
                problems.append("%s in the kiosk's log:\n%s" %
                                (bad, log[-4000:]))
            elif rc != 0:
                problems.append("kiosk exited %d; log:\n%s" %
                                (rc, log[-3000:]))
        shutil.rmtree(self.tmp, ignore_errors=True)
        super().tearDown()
        if problems:
            self.fail("\n".join(problems))

    def kiosk(self, *args, conf=None, size=SIZE, display=None):
        if conf is not None:
            path = os.path.join(self.tmp, "kiosk-%d.conf" % len(self.kiosks))
            with open(path, "w") as f:
                f.write("[kiosk]\n" + conf)
            args = ("--config", path) + args
        k = K.Kiosk(qhtest.BIN, self.d.data, ("--no-print",) + args,
                    size=size, display=display)
        self.kiosks.append(k)
        return k

    def qr_of(self, img):
        path = os.path.join(self.tmp, "shot.ppm")
        write_png(img, path)
        return K.zbar_png(path)

    def assert_chinese_title(self, img, size=SIZE):
        """The hall's name in the header: ten glyphs of 石嘴山市政务服务大厅
        (务 twice), drawn white on red. Boxes would all look alike."""
        box = K.region(img, 40, 36, 700, 122, size)
        cells = K.glyph_cells(img, box, 10,
                              lambda p: p[0] > 200 and p[1] > 200)
        self.assertEqual(len(cells), 10)
        self.assertGreaterEqual(len(set(cells)), 8,
                                "the hall's name is not ten real glyphs")

    # ---- the walk

    def test_walk_home_queue_item_ticket(self):
        k = self.kiosk()
        home = k.wait_shot("home")
        self.assertGreater(K.distinct_colours(home), 20, "home looks blank")
        self.assert_chinese_title(home)
        k.tap_and_wait(K.home_row(0), "queue")        # A 户籍与身份证
        item = k.tap_and_wait(K.queue_item(0), "item")  # A01
        self.assertGreater(K.distinct_colours(item), 10)
        st = k.tap_and_wait_state(K.ITEM_TAKE, ticket_in("not_printed"))
        self.assertEqual(st["ticket"]["number"], "A001")
        self.assertEqual(st["ticket"]["item"], "A01")
        ticket = k.picture(st)
        self.assertGreater(K.count_colour(ticket, K.UI_OK), 200)
        urls = self.qr_of(ticket)
        self.assertEqual(len(urls), 1, "the QR on the ticket screen")
        t = self.d.cli("ticket", "A001")["ticket"]
        self.assertEqual(urls[0], "http://qhall.local/t/%s/A001?k=%s" %
                         (t["day"], t["key"]))
        self.assertEqual(st["ticket"]["url"], urls[0])
        self.assertEqual(t["item"], "A01")
        self.assertFalse(t["priority"])
        st = self.d.cli("status")
        a = [q for q in st["queues"] if q["queue"] == "A"][0]
        self.assertEqual(a["waiting"], 1)
        # Done: home again, with the new waiting count drawn.
        k.tap_and_wait(K.TICKET_DONE, "home")

    def test_top_item_is_two_taps_from_a_number(self):
        k = self.kiosk()
        k.wait_shot("home")
        k.tap_and_wait(K.home_top(0), "item")         # tap 1: A01
        k.tap_and_wait(K.ITEM_TAKE, "ticket",
                       pred=lambda img: len(self.qr_of(img)) == 1)  # tap 2
        self.assertEqual(self.d.cli("ticket", "A001")["ticket"]["item"],
                         "A01")

    def test_every_demo_item_can_be_taken_by_touch(self):
        k = self.kiosk()
        with open(qhtest.CATALOG) as f:
            cat = json.load(f)
        taken = 0
        for qi, q in enumerate(cat["queues"]):
            items = [i for i in cat["items"] if i["queue"] == q["prefix"]]
            for ii, it in enumerate(items):
                k.wait_shot("home")
                k.to_home_page(qi)
                k.tap_and_wait(K.home_row(qi), "queue")
                k.tap_and_wait(K.queue_item(ii), "item")
                number = "%s%03d" % (q["prefix"], ii + 1)
                st = k.tap_and_wait_state(
                    K.ITEM_TAKE, lambda s: ticket_in("not_printed")(s) and
                    s["ticket"]["number"] == number)
                self.assertEqual(st["ticket"]["item"], it["id"])
                self.assertGreater(K.count_colour(k.picture(st), K.UI_OK),
                                   200)
                t = self.d.cli("ticket", number)["ticket"]
                self.assertEqual(t["item"], it["id"])
                taken += 1
                before = k.stamp("home")
                k.tap(K.TICKET_DONE)
                k.wait_shot("home", before)
        self.assertEqual(taken, len(cat["items"]))

    def test_direct_take_without_item(self):
        k = self.kiosk()
        k.wait_shot("home")
        k.tap_and_wait(K.home_row(1), "queue")        # B
        k.tap_and_wait(K.QUEUE_DIRECT, "ticket",
                       pred=lambda img: len(self.qr_of(img)) == 1)
        t = self.d.cli("ticket", "B001")["ticket"]
        self.assertIsNone(t["item"])

    def test_priority_lane_issues_a_priority_ticket(self):
        self.d.cli("take", "F")
        k = self.kiosk()
        k.wait_shot("home")
        pr = k.tap_and_wait(K.HOME_PRIORITY, "priority")
        self.assertGreater(K.count_colour(pr, K.UI_GREEN), 2000)
        q = k.tap_and_wait(K.priority_cell(5), "queue")   # F 社会保险
        self.assertGreater(K.count_colour(q, K.UI_GREEN), 2000,
                           "the priority banner")
        k.tap_and_wait(K.QUEUE_DIRECT, "ticket",
                       pred=lambda img: len(self.qr_of(img)) == 1)
        t = self.d.cli("ticket", "F002")["ticket"]
        self.assertTrue(t["priority"])
        # Called before F001, who came first.
        self.assertEqual(self.d.cli("call", "8")["ticket"]["number"], "F002")

    # ---- language, large text, idle

    def test_english_and_large_text_toggles(self):
        k = self.kiosk(conf="idle_timeout = 5\nidle_ask = 1\n")
        zh = k.wait_shot("home")
        # The hall's name and the prompt; the clock may change any minute.
        title = K.region(zh, 40, 36, 700, 300, SIZE)

        def part(img, box):
            return [r[box[0] * 3:box[2] * 3] for r in img[1][box[1]:box[3]]]

        self.assertEqual(k.state()["lang"], "zh")
        st = k.tap_and_wait_state(
            K.HOME_LANG, lambda s: s["screen"] == "home" and
            s["lang"] == "en")
        self.assertFalse(st["large"])
        en = k.picture(st)
        self.assertNotEqual(part(en, title), part(zh, title))
        # The large-text button shows its state: dark when on.
        button = K.region(zh, 560, 1770, 760, 1880, SIZE)
        dark = (0x1A, 0x22, 0x33)
        self.assertLess(K.count_colour(en, dark, button), 1000)
        st = k.tap_and_wait_state(K.HOME_LARGE, lambda s: s["large"])
        self.assertEqual(st["lang"], "en")
        self.assertGreater(K.count_colour(k.picture(st), dark, button), 1000)
        # Left alone, the kiosk returns to Chinese and normal text.
        seq = st["seq"]
        st = k.wait_state(lambda s: s["seq"] > seq and s["lang"] == "zh" and
                          not s["large"], timeout=15)
        self.assertEqual(st["screen"], "home")
        back = k.picture(st)
        self.assertEqual(part(back, title), part(zh, title))
        self.assertLess(K.count_colour(back, dark, button), 1000)

    def test_idle_returns_home(self):
        k = self.kiosk(conf="idle_timeout = 5\n")
        k.wait_shot("home")
        k.tap_and_wait(K.home_row(2), "queue")
        start = time.monotonic()
        before = k.stamp("home")
        k.wait_shot("home", before, timeout=15)
        self.assertGreaterEqual(time.monotonic() - start, 3.5)
        self.assertIn("back home", k.read_log())

    def test_idle_asks_for_more_time_first(self):
        k = self.kiosk(conf="idle_timeout = 6\nidle_ask = 3\n"
                       "ticket_timeout = 9\n")
        st = k.wait_state(lambda s: s["screen"] == "home")
        self.assertEqual(st["idle"]["limit_s"], 0, "home at rest: no timer")
        st = k.tap_and_wait_state(K.home_row(2),
                                  lambda s: s["screen"] == "queue")
        self.assertEqual(st["idle"]["limit_s"], 6)
        self.assertFalse(st["idle"]["asking"])
        # Before sending the citizen home, the kiosk asks.
        st = k.wait_state(lambda s: s["idle"]["asking"], timeout=15)
        self.assertEqual(st["screen"], "queue")
        self.assertTrue(1 <= st["idle"]["left_s"] <= 3)
        ask = k.picture(st)
        self.assertGreater(K.count_colour(ask, K.UI_INK), 100000,
                           "the question is not drawn over the screen")
        # A touch anywhere is 继续: the item under the finger is not taken.
        st = k.tap_and_wait_state(K.queue_item(0),
                                  lambda s: not s["idle"]["asking"])
        self.assertEqual(st["screen"], "queue")
        self.assertIn("more time asked for", k.read_log())
        # Asked again and left alone: home.
        k.wait_state(lambda s: s["idle"]["asking"], timeout=15)
        st = k.wait_state(lambda s: s["screen"] == "home", timeout=15)
        self.assertFalse(st["idle"]["asking"])
        # The ticket screen has its own, longer limit.
        k.tap_and_wait(K.home_row(0), "queue")
        st = k.tap_and_wait_state(K.QUEUE_DIRECT, ticket_in("not_printed"))
        self.assertEqual(st["idle"]["limit_s"], 9)

    # ---- what a citizen may meet

    def test_closed_queue_is_shown_and_refused_calmly(self):
        self.d.cli("queue", "close", "H")
        k = self.kiosk()
        k.wait_shot("home")
        st = k.wait_state(lambda s: s["screen"] == "home" and s["queues"])
        self.assertEqual([q["open"] for q in st["queues"]
                          if q["queue"] == "H"], [False])
        # Row H (index 7, the third of page 2) says so in the warning colour.
        k.to_home_page(7)
        home = k.picture(k.state())
        box = K.region(home, 800, 330 + 2 * 160, 1024, 330 + 2 * 160 + 136,
                       SIZE)
        self.assertGreater(K.count_colour(home, K.UI_WARN, box), 30)
        notice = k.tap_and_wait(K.home_row(7), "notice")
        self.assertGreater(K.count_colour(notice, K.UI_WARN), 1000)
        self.assertEqual(k.wait_state(lambda s: s["screen"] == "notice")
                         ["notice"], "notice_queue_closed")
        k.tap_and_wait(K.NOTICE_HOME, "home")
        self.assertEqual(self.d.cli("status")["queues"][7]["waiting"], 0)

    def test_closed_queue_says_so_on_its_shortcut(self):
        self.d.cli("queue", "close", "A")
        k = self.kiosk()
        st = k.wait_state(lambda s: s["screen"] == "home" and
                          not s["queues"][0]["open"])
        chip = K.centre(st, 200)  # the first shortcut: A01, queue A
        said = [t for t in st["texts"] if t["text"] == "暂停取号"]
        self.assertTrue(any(abs(t["rect"][1] - chip[1]) < 80 and
                            t["rect"][0] < 540 for t in said), said)
        self.assertTrue(any(t["rect"][1] < 500 for t in said),
                        "row A says it too")

    def test_daily_cap_reached_is_told_and_issues_nothing(self):
        with open(qhtest.CATALOG) as f:
            cat = json.load(f)
        cat["queues"][0]["daily_cap"] = 1
        path = os.path.join(self.tmp, "catalog.json")
        with open(path, "w") as f:
            json.dump(cat, f, ensure_ascii=False)
        self.d.stop()
        self.d.args = ["--catalog", path]
        self.d.start()
        self.d.cli("take", "A")
        k = self.kiosk()
        k.wait_shot("home")
        k.tap_and_wait(K.home_row(0), "queue")
        notice = k.tap_and_wait(K.QUEUE_DIRECT, "notice")
        self.assertGreater(K.count_colour(notice, K.UI_WARN), 1000)
        self.assertIn("queue_full", k.read_log())
        self.assertEqual(k.wait_state(lambda s: s["screen"] == "notice")
                         ["notice"], "notice_queue_full")
        self.assertEqual(self.d.cli("status")["queues"][0]["waiting"], 1)
        k.tap_and_wait(K.NOTICE_HOME, "home")

    def test_daemon_down_shows_unavailable_then_recovers(self):
        k = self.kiosk()
        k.wait_shot("home")
        before = k.stamp("offline")
        self.d.stop()
        off = k.wait_shot("offline", before)
        self.assertGreater(K.distinct_colours(off), 5)
        self.assertEqual(k.wait_state(lambda s: s["screen"] == "offline")
                         ["offline"], "server")
        # Touches do nothing while down: no ticket is invented.
        k.tap(K.home_row(0))
        time.sleep(0.5)
        self.assertEqual(k.state()["screen"], "offline")
        self.d.start()
        before = k.stamp("home")
        k.wait_shot("home", before, timeout=20)
        k.tap_and_wait(K.home_row(0), "queue")
        k.tap_and_wait(K.QUEUE_DIRECT, "ticket",
                       pred=lambda img: len(self.qr_of(img)) == 1)
        self.assertEqual(self.d.cli("ticket", "A001")["ticket"]["state"],
                         "waiting")
        with self.assertRaises(AssertionError):
            self.d.cli("ticket", "A002")

    def test_take_whose_reply_is_lost_is_asked_again_not_doubled(self):
        """The daemon dies with a take in hand: the citizen waits, the
        kiosk asks again with the same request id when it is back, and
        gets one number, never two."""
        k = self.kiosk()
        k.wait_shot("home")
        k.tap_and_wait(K.home_row(0), "queue")
        self.d.proc.send_signal(signal.SIGSTOP)
        try:
            before = k.stamp("ticket")
            k.tap(K.QUEUE_DIRECT)  # the take goes out; no answer comes
            k.wait_shot("ticket", before)
        finally:
            self.d.kill9()
        self.d.start()
        img = k.wait_shot("ticket", pred=lambda i: len(self.qr_of(i)) == 1,
                          timeout=20)
        number = self.qr_of(img)[0].split("/")[-1].split("?")[0]
        self.assertEqual(number, "A001")
        self.assertEqual(self.d.cli("ticket", "A001")["ticket"]["state"],
                         "waiting")
        self.assertEqual(self.d.cli("status")["queues"][0]["waiting"], 1)
        self.assertIn("asking again for take", k.read_log())

    def test_waiting_count_is_live(self):
        k = self.kiosk()
        home = k.wait_shot("home")
        box = K.region(home, 760, 330 + 3 * 160, 1024, 330 + 3 * 160 + 136,
                       SIZE)

        def row_d(img):
            return [r[box[0] * 3:box[2] * 3] for r in img[1][box[1]:box[3]]]

        before = k.stamp("home")
        self.d.cli("take", "D")
        # Row D changes ("无需等候" to "等候 1 人") with no touch at all.
        k.wait_shot("home", before, pred=lambda img: row_d(img) !=
                    row_d(home))
        k.wait_state(lambda s: s["screen"] == "home" and
                     [q["waiting"] for q in s["queues"]
                      if q["queue"] == "D"] == [1])

    # ---- a real X server and xdotool

    @unittest.skipUnless(shutil.which("Xvfb") and shutil.which("xdotool"),
                         "Xvfb and xdotool are needed")
    def test_xdotool_taps_under_xvfb(self):
        disp = None
        for n in range(90, 110):
            if not os.path.exists("/tmp/.X11-unix/X%d" % n) and \
                    not os.path.exists("/tmp/.X%d-lock" % n):
                disp = ":%d" % n
                break
        xvfb = subprocess.Popen(["Xvfb", disp, "-screen", "0", "800x1000x24",
                                 "-nolisten", "tcp"],
                                stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        try:
            env = dict(os.environ, DISPLAY=disp)
            deadline = time.monotonic() + 10
            while subprocess.run(["xdotool", "getmouselocation"], env=env,
                                 capture_output=True).returncode != 0:
                self.assertLess(time.monotonic(), deadline, "Xvfb")
                time.sleep(0.05)
            k = self.kiosk(display=disp)
            k.wait_shot("home")
            win = ""
            while not win:
                self.assertLess(time.monotonic(), deadline + 10, "no window")
                win = subprocess.run(
                    ["xdotool", "search", "--name", "qhall-kiosk"], env=env,
                    capture_output=True, text=True).stdout.split()
                time.sleep(0.05)
            x, y = k.px(K.home_row(4))  # E 不动产登记
            before = k.stamp("queue")
            subprocess.run(["xdotool", "mousemove", "--window", win[0],
                            str(x), str(y), "click", "1"], env=env,
                           check=True, timeout=10)
            k.wait_shot("queue", before)
            x, y = k.px(K.QUEUE_DIRECT)
            before = k.stamp("ticket")
            subprocess.run(["xdotool", "mousemove", "--window", win[0],
                            str(x), str(y), "click", "1"], env=env,
                           check=True, timeout=10)
            k.wait_shot("ticket", before,
                        pred=lambda img: len(self.qr_of(img)) == 1)
            self.assertEqual(self.d.cli("ticket", "E001")["ticket"]["queue"],
                             "E")
            k.stop()
        finally:
            xvfb.terminate()
            xvfb.wait(10)


if __name__ == "__main__":
    qhtest.main()
