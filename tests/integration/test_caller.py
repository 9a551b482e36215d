"""qhall-caller against a real qhalld, headless, driven through its
scripted input (--input FIFO: "key F1", "tap X Y", ...): every key and
button changes the window's state in the daemon as it says; refusals come
back in plain words; a second caller on a window is told it is taken; a
daemon restart under a running caller and display ends with both showing
the true state; F1 at the counter reaches the lobby's screen and voice.

Run as: python3 test_caller.py BIN_DIR"""

import os
import shutil
import signal
import tempfile

import qhtest
from test_display_probe import Screen, png_size, text_match, wait_for

# Where the buttons are, in the caller's 800x480 design units.
TAP_CALL, TAP_FINISH, TAP_SERVE = (100, 406), (492, 406), (420, 233)
TAP_STAFF_FIELD, TAP_PIN_FIELD, TAP_LOGIN = (200, 207), (200, 305), (212, 414)


def tap_digit(d):
    i = 10 if d == 0 else d - 1
    return (424 + (i % 3) * 122 + 56, 110 + (i // 3) * 90 + 40)


class CallerTest(qhtest.DaemonTest):

    def setUp(self):
        super().setUp()
        self.screens = []
        admin = self.d.client()
        admin.call("staff_add", staff="s01", name="王芳", pin="1234")
        admin.call("staff_add", staff="s02", name="李强", pin="5678")
        admin.call("staff_add", staff="1001", name="张伟", pin="2468")
        admin.close()

    def tearDown(self):
        for s in self.screens:
            s.finish(self)
        super().tearDown()

    def caller(self, window, *args, pin=None):
        env = {"QHALL_PIN": pin} if pin else {}
        s = Screen("qhall-caller", self.d, ["--window", str(window)] +
                   list(args), env=env)
        self.screens.append(s)
        return s

    def logged_in(self, window, staff="s01", pin="1234"):
        c = self.caller(window, "--staff", staff, pin=pin)
        c.wait("logged in", lambda s: s["logged_in"] and
               s["screen"] == "counter" and s["waiting"])
        return c

    def window(self, n):
        st = self.d.cli("status")
        return next(w for w in st["windows"] if w["window"] == n)

    def ticket(self, number):
        return self.d.cli("ticket", number)["ticket"]

    def until(self, what, fn):
        return wait_for(what, fn)

    def test_function_keys_act_on_the_window(self):
        for q in ("A", "A", "A", "B"):
            self.d.cli("take", q)
        c = self.logged_in(3)

        def key(*names):
            # The caller answers a key pressed while its last action still
            # awaits the daemon with "busy": press when it is not.
            c.wait("caller ready", lambda s: not s["busy"])
            c.send(*("key " + n for n in names))

        st = c.state()
        self.assertEqual(st["staff"], {"id": "s01", "name": "王芳"})
        self.assertEqual(self.window(3)["staff"]["id"], "s01")
        self.assertEqual(st["waiting"], {"A": 3, "B": 1})

        key("F1")  # window 3 serves B before A
        self.until("B001 called", lambda: (self.window(3)["ticket"] or {})
                   .get("number") == "B001")
        st = c.wait("B001 shown", lambda s: s["ticket"] and
                    s["ticket"]["number"] == "B001")
        self.assertEqual(png_size(st["screenshot"]), (800, 480))
        key("F2")
        self.until("recalled", lambda: self.window(3)["ticket"]["calls"] == 2)
        key("F7")
        self.until("serving", lambda: self.window(3)["ticket"]["state"] ==
                   "serving")
        key("F3")  # a no-show of a citizen at the counter: refused
        st = c.wait("refusal", lambda s: s["note_kind"] == "error")
        self.assertIn("办理中", st["note"])
        self.assertEqual(self.window(3)["ticket"]["state"], "serving")
        key("F4")
        self.until("finished", lambda: self.window(3)["ticket"] is None)
        self.assertEqual(self.ticket("B001")["state"], "done")
        self.assertEqual(self.window(3)["served_today"], 1)

        key("F1")
        self.until("A001 called", lambda: (self.window(3)["ticket"] or {})
                   .get("number") == "A001")
        # F3 acts on the ticket the caller shows: wait until it shows it.
        c.wait("A001 shown", lambda s: s["ticket"] and
               s["ticket"]["number"] == "A001")
        key("F3")
        self.until("no-show", lambda: self.ticket("A001")["state"] ==
                   "no_show")

        key("F1")
        self.until("A002 called", lambda: (self.window(3)["ticket"] or {})
                   .get("number") == "A002")
        c.wait("A002 shown", lambda s: s["ticket"] and
               s["ticket"]["number"] == "A002")
        key("F5")
        c.wait("transfer screen", lambda s: s["screen"] == "transfer")
        key("e", "space")
        c.wait("E, to the back", lambda s: s.get("transfer") ==
               {"queue": "E", "back": True})
        key("Return")
        self.until("A002 in queue E", lambda: self.ticket("A002")["queue"] ==
                   "E" and self.ticket("A002")["state"] == "waiting")
        c.wait("back at the counter", lambda s: s["screen"] == "counter")

        key("F6")
        c.wait("pause screen", lambda s: s["screen"] == "pause")
        key("1")
        self.until("paused", lambda: self.window(3)["state"] == "paused")
        self.assertEqual(self.window(3)["reason"], "午休")
        c.wait("paused shown", lambda s: s["window_state"] == "paused")
        key("F1")  # calling while paused: refused, in words
        st = c.wait("paused refusal", lambda s: s["note_kind"] == "error")
        self.assertIn("F6", st["note"])
        self.assertEqual(self.ticket("A003")["state"], "waiting")
        key("F6")
        self.until("resumed", lambda: self.window(3)["state"] == "open")

        c.wait("open shown", lambda s: s["window_state"] == "open")
        key("F1")
        self.until("A003 called", lambda: (self.window(3)["ticket"] or {})
                   .get("number") == "A003")
        c.wait("A003 shown", lambda s: s["ticket"] and
               s["ticket"]["number"] == "A003")
        key("F4")
        self.until("A003 done", lambda: self.ticket("A003")["state"] ==
                   "done")
        c.wait("A003 gone", lambda s: s["ticket"] is None)
        key("F1")
        st = c.wait("nobody waiting", lambda s: "暂无等候" in s["note"])
        self.assertEqual(st["note_kind"], "info")
        self.assertIsNone(self.window(3)["ticket"])

        key("F9")
        st = c.wait("English", lambda s: s["lang"] == "en")
        self.assertEqual(st["note"], "Nobody is waiting")
        key("F10")
        c.wait("logged out", lambda s: s["screen"] == "login" and
               not s["logged_in"])
        self.until("staff gone", lambda: self.window(3)["staff"] is None)

    def test_service_time_runs_on_the_daemons_clock(self):
        """A counter PC whose clock is an hour ahead still shows the
        seconds since the call, not an hour."""
        s = Screen("qhall-caller", self.d, ["--window", "1", "--staff", "s01"],
                   env={"QHALL_PIN": "1234", "QHALL_CLOCK_OFFSET_S": "3600"})
        self.screens.append(s)
        s.wait("logged in", lambda st: st["logged_in"] and st["waiting"])
        self.d.cli("take", "A")
        self.d.cli("call", "1")
        st = s.wait("the call", lambda st: st["ticket"] and
                    st["ticket"]["number"] == "A001")
        self.assertLess(st["ticket"]["seconds"], 600)

    def test_touch_logs_in_and_works_the_counter(self):
        self.d.cli("take", "A")
        c = self.caller(1)
        c.wait("login screen", lambda s: s["screen"] == "login" and
               s["link"] == "up")
        c.send("tap %d %d" % TAP_STAFF_FIELD)
        c.send(*("tap %d %d" % tap_digit(int(d)) for d in "1001"))
        c.send("tap %d %d" % TAP_PIN_FIELD)
        c.send(*("tap %d %d" % tap_digit(int(d)) for d in "2468"))
        c.wait("typed", lambda s: s["form"] == {"staff": "1001",
                                                "pin_digits": 4,
                                                "field": "pin"})
        c.send("tap %d %d" % TAP_LOGIN)
        c.wait("logged in", lambda s: s["logged_in"] and
               s["screen"] == "counter" and s["waiting"])
        self.assertEqual(self.window(1)["staff"]["id"], "1001")
        c.send("tap %d %d" % TAP_CALL)
        self.until("A001 called", lambda: (self.window(1)["ticket"] or {})
                   .get("number") == "A001")
        c.wait("A001 shown", lambda s: s["ticket"] and
               s["ticket"]["state"] == "called")
        c.send("tap %d %d" % TAP_SERVE)
        self.until("serving", lambda: self.window(1)["ticket"]["state"] ==
                   "serving")
        c.send("tap %d %d" % TAP_FINISH)
        self.until("done", lambda: self.ticket("A001")["state"] == "done")

    def test_second_caller_is_told_the_window_is_taken(self):
        first = self.logged_in(2)
        second = self.caller(2, "--staff", "s02", pin="5678")
        st = second.wait("refused", lambda s: s["note_kind"] == "error")
        self.assertIn("2号窗口已在另一台叫号器上登录", st["note"])
        self.assertEqual((st["screen"], st["logged_in"]), ("login", False))
        self.assertEqual(self.window(2)["staff"]["id"], "s01")
        self.assertTrue(first.state()["logged_in"])

    def test_wrong_pin_is_refused_in_plain_words(self):
        c = self.caller(4, "--staff", "s01", pin="9999")
        st = c.wait("refused", lambda s: s["note_kind"] == "error")
        self.assertEqual(st["note"], "工号或密码错误")
        self.assertEqual(st["screen"], "login")
        self.assertIsNone(self.window(4)["staff"])
        c.send("key F1")  # never silent
        c.wait("asked to log in", lambda s: s["note"] == "请先登录")

    def test_f1_reaches_the_lobby(self):
        wavs = tempfile.mkdtemp(prefix="qhall-wav-")
        self.addCleanup(shutil.rmtree, wavs, True)
        lobby = Screen("qhall-display", self.d,
                       ["--windowed", "--mute", "--voice-wav", wavs],
                       fifo=False)
        self.screens.append(lobby)
        self.d.cli("take", "F")
        c = self.logged_in(8)
        lobby.wait("lobby up", lambda s: s["link"] == "up" and s["waiting"])
        c.send("key F1")
        st = lobby.wait("F001 on the lobby", lambda s: s["latest"] and
                        s["latest"]["number"] == "F001")
        self.assertEqual(st["latest"]["text"], "F001 → 8号窗口")
        self.assertGreaterEqual(text_match(st["screenshot"],
                                           st["number_box"], "F001"), 0.97)
        self.assertEqual(wait_for("the WAV", lambda: os.listdir(wavs)),
                         ["0001-F001-w8.wav"])

    def test_logout_while_the_daemon_is_away_holds(self):
        """Staff who log out while the daemon is away stay logged out: the
        caller does not log them back in, and tells the daemon when it is
        back."""
        c = self.logged_in(3)
        self.assertEqual(self.window(3)["staff"]["id"], "s01")
        self.d.stop()
        c.wait("daemon away", lambda s: s["link"] == "down")
        c.send("key F10")
        c.wait("logged out here", lambda s: not s["logged_in"])
        self.d.start()
        c.wait("back", lambda s: s["link"] == "up")
        self.until("window 3 without staff",
                   lambda: self.window(3)["staff"] is None)
        self.assertFalse(c.wait("still out", lambda s: s["link"] == "up")
                         ["logged_in"])

    def test_daemon_restart_under_caller_and_display(self):
        for q in ("B", "A", "A"):
            self.d.cli("take", q)
        lobby = Screen("qhall-display", self.d, ["--windowed", "--mute"],
                       fifo=False)
        self.screens.append(lobby)
        c = self.logged_in(3)
        c.send("key F1")
        c.wait("B001 shown", lambda s: s["ticket"] and
               s["ticket"]["number"] == "B001")
        lobby.wait("B001 on the lobby", lambda s: s["latest"] and
                   s["latest"]["number"] == "B001")

        self.d.stop()
        st = c.wait("daemon away", lambda s: s["link"] == "down")
        self.assertEqual(st["note_kind"], "error")
        self.assertIn("无法连接", st["note"])
        self.assertEqual(st["ticket"]["number"], "B001")  # the last state
        c.send("key F4")  # a press while away is answered, not dropped
        st = c.wait("answered", lambda s: s["note_seq"] > st["note_seq"])
        self.assertIn("无法连接", st["note"])
        lobby.wait("lobby: away", lambda s: s["link"] == "down" and
                   s["latest"]["number"] == "B001")

        # While both are held still, the daemon comes back and window 3
        # moves on: only status can tell them.
        for s in (c, lobby):
            s.proc.send_signal(signal.SIGSTOP)
        try:
            self.d.start()
            self.d.cli("call", "3")
        finally:
            for s in (c, lobby):
                s.proc.send_signal(signal.SIGCONT)
        st = c.wait("back, logged in, true state", lambda s:
                    s["link"] == "up" and s["logged_in"] and s["ticket"] and
                    s["ticket"]["number"] == "A001")
        self.assertEqual(self.window(3)["staff"]["id"], "s01")
        self.assertEqual(self.ticket("B001")["state"], "done")
        lobby.wait("lobby resynchronised", lambda s: s["link"] == "up" and
                   s["latest"]["number"] == "A001" and
                   s["waiting"]["A"] == 1)
        c.send("key F4")
        self.until("A001 done", lambda: self.ticket("A001")["state"] ==
                   "done")


if __name__ == "__main__":
    qhtest.main()
