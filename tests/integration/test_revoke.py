"""Holding a misused token back and taking back what was given: rate
limits per device and role, cancelling tickets (one, or all a device took
today), removing and re-keying devices, removing staff, changing PINs,
the PIN floor, lockouts that cannot tell a real staff number from a
made-up one, and an admin's unlock.

Run as: python3 tests/integration/test_revoke.py build/bin
"""

import json
import os
import shutil
import socket
import subprocess

import qhtest


def free_port():
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def hung_up(c, timeout=5.0):
    """True if the daemon closes c."""
    c.s.settimeout(timeout)
    try:
        while True:
            c.read_msg()
    except (ConnectionError, OSError):
        pass
    try:
        c.s.settimeout(0.05)
        return c.s.recv(1) == b""
    except socket.timeout:
        return False
    except OSError:
        return True


def pipelined(c, op, n, **fields):
    """n requests in one write, then their n replies in order."""
    first = c.next_id + 1
    lines = b""
    for i in range(n):
        lines += json.dumps(dict(fields, id=first + i, op=op)).encode() + b"\n"
    c.next_id += n
    c.send_raw(lines)
    return [c.reply(first + i) for i in range(n)]


def codes(replies):
    out = {}
    for r in replies:
        k = "ok" if r.get("ok") else r["error"]["code"]
        out[k] = out.get(k, 0) + 1
    return out


class Base(qhtest.DaemonTest):
    """A daemon that also listens on loopback TCP, where tokens count."""

    limits = ""
    extra_hall = ""

    def setUp(self):
        self.port = free_port()
        self.daemon_config = "[hall]\n%s[daemon]\nlisten = tcp:127.0.0.1:%d\n" \
            % (self.extra_hall, self.port)
        if self.limits:
            self.daemon_config += "[limits]\n" + self.limits
        self._clients = []
        super().setUp()
        self.admin = self.client(device="admin")

    def tearDown(self):
        for c in self._clients:
            c.close()
        super().tearDown()

    def client(self, tcp=False, **hello):
        c = qhtest.Client(self.d.sock, tcp=("127.0.0.1", self.port) if tcp
                          else None, **hello)
        self._clients.append(c)
        return c

    def device(self, name, role, window=None):
        f = {"name": name, "role": role}
        if window:
            f["window"] = window
        return self.admin.call("device_add", **f)["token"]

    def tcp(self, token):
        return self.client(tcp=True, token=token)

    def log(self):
        with open(self.d.log, encoding="utf-8", errors="replace") as f:
            return f.read()


class RateLimits(Base):
    limits = "kiosk_takes_per_minute = 5\nwindow_calls_per_minute = 4\n"

    def test_a_kiosk_token_cannot_use_up_a_queue(self):
        """50 pipelined takes from one kiosk token: the first 5 (the
        configured burst) get numbers, the rest rate_limited; nothing of
        theirs is kept, the device is logged once, and an admin's status
        names it. Another kiosk and the daemon's own user go on."""
        kiosk = self.tcp(self.device("kiosk-1", "kiosk"))
        got = codes(pipelined(kiosk, "take", 50, queue="A"))
        self.assertEqual(got, {"ok": 5, "rate_limited": 45})
        r = kiosk.request("take", queue="A")
        self.assertEqual(r["error"]["code"], "rate_limited")
        self.assertIn("kiosk-1", r["error"]["message"])
        st = self.admin.call("status")
        a = [q for q in st["queues"] if q["queue"] == "A"][0]
        self.assertEqual(a["waiting"], 5)
        limited = {x["device"]: x for x in st["rate_limited"]}
        self.assertEqual(limited["kiosk-1"]["refused"], 46)
        self.assertGreater(limited["kiosk-1"]["last"], 0)
        # One line for the first refusal of the minute, not 46.
        lines = [l for l in self.log().splitlines()
                 if "kiosk-1" in l and "limit" in l]
        self.assertEqual(len(lines), 1, lines)
        # The limit is the device's: another kiosk takes its own burst.
        other = self.tcp(self.device("kiosk-2", "kiosk"))
        self.assertEqual(codes(pipelined(other, "take", 5, queue="A")),
                         {"ok": 5})
        self.assertEqual(self.admin.call("take", queue="A")["ticket"]["number"],
                         "A011")
        # A display does not see the alert.
        disp = self.tcp(self.device("hall-tv", "display"))
        self.assertNotIn("rate_limited", disp.call("status"))
        # The CLI's table shows it to the admin.
        p = self.d.cli("status", json_out=False)
        self.assertIn("rate limited: kiosk-1, 46 requests refused", p.stdout)

    def test_a_window_token_cannot_no_show_a_queue(self):
        """call + skip in a loop from window 1's token: 4 of them pass
        (the burst), then rate_limited; the queue keeps its citizens."""
        for _ in range(30):
            self.admin.call("take", queue="A")
        w = self.tcp(self.device("caller-1", "window", window=1))
        replies = []
        for _ in range(20):
            replies.append(w.request("call"))
            replies.append(w.request("skip"))
        got = codes(replies)
        self.assertEqual(got.get("ok"), 4, got)
        self.assertEqual(got["rate_limited"], 36 - got.get("bad_state", 0))
        st = self.admin.call("status")
        a = [q for q in st["queues"] if q["queue"] == "A"][0]
        self.assertEqual(a["waiting"], 28)
        self.assertIn("caller-1", [x["device"] for x in st["rate_limited"]])
        # An admin is never limited.
        for _ in range(10):
            self.admin.call("call", window=2)


class DefaultLimits(Base):
    """No [limits] keys: the defaults hold (20 takes, 10 calls a minute)."""

    def test_defaults_fit_a_real_kiosk(self):
        kiosk = self.tcp(self.device("kiosk-1", "kiosk"))
        self.assertEqual(codes(pipelined(kiosk, "take", 25, queue="B")),
                         {"ok": 20, "rate_limited": 5})
        for _ in range(15):
            self.admin.call("take", queue="A")
        w = self.tcp(self.device("caller-1", "window", window=1))
        self.assertEqual(codes(pipelined(w, "recall", 1)), {"bad_state": 1})
        got = codes(pipelined(w, "call", 12))
        self.assertEqual(got, {"ok": 9, "rate_limited": 3})


class Cancel(Base):
    limits = "kiosk_takes_per_minute = 0\n"

    def setUp(self):
        super().setUp()
        self.events = self.client(device="watcher")
        self.events.call("subscribe")

    def next_event(self, kind):
        while True:
            e = self.events.event()
            if e["event"] == kind:
                return e

    def test_cancel_one_ticket(self):
        """A cancelled ticket leaves its queue or its counter, shows as
        cancelled, is in the trace, and its number is never issued again."""
        for _ in range(3):
            self.d.cli("take", "A")
        self.assertEqual(self.d.cli("call", "1")["ticket"]["number"], "A001")
        r = self.d.cli("cancel", "A002")
        self.assertEqual(r["ticket"]["state"], "cancelled")
        e = self.next_event("cancelled")
        self.assertEqual(e["ticket"]["number"], "A002")
        self.assertTrue(e["actor"].startswith("qhall"), e["actor"])
        a = [q for q in self.d.cli("status")["queues"] if q["queue"] == "A"][0]
        self.assertEqual(a["waiting"], 1)
        # At the counter: the window is free again.
        self.d.cli("cancel", "A001")
        w1 = [w for w in self.d.cli("status")["windows"] if w["window"] == 1][0]
        self.assertIsNone(w1["ticket"])
        self.assertEqual(self.d.cli("call", "1")["ticket"]["number"], "A003")
        p = self.d.cli("cancel", "A002", check=False)
        self.assertEqual(p.returncode, 1)
        self.assertIn("bad_state", p.stderr)
        p = self.d.cli("cancel", "A999", check=False)
        self.assertIn("not_found", p.stderr)
        self.assertEqual(self.d.cli("take", "A")["ticket"]["number"], "A004")
        self.assertTrue(self.d.cli("verify")["ok"])
        # Only an admin may.
        k = self.tcp(self.device("kiosk-1", "kiosk"))
        self.assertEqual(k.request("ticket_cancel", number="A004")
                         ["error"]["code"], "forbidden")

    def small_cap(self, cap):
        """Restart on a catalog whose queue A issues cap numbers a day."""
        self.d.stop()
        with open(qhtest.CATALOG, encoding="utf-8") as f:
            cat = json.load(f)
        for q in cat["queues"]:
            if q["prefix"] == "A":
                q["daily_cap"] = cap
        with open(os.path.join(self.d.data, "catalog.json"), "w",
                  encoding="utf-8") as f:
            json.dump(cat, f, ensure_ascii=False)
        for c in self._clients:
            c.close()
        self._clients = []
        self.d.start()
        self.admin = self.client(device="admin")
        self.events = self.client(device="watcher")
        self.events.call("subscribe")

    def test_a_flooded_queue_issues_again_after_its_device_is_cancelled(self):
        """A kiosk token takes all of queue A's numbers: queue_full for
        everyone. An admin cancels what that device took today: they leave
        the queue, the queue issues again with the next number (none
        reused), and others' tickets are untouched."""
        self.small_cap(8)
        self.admin.call("take", queue="A")  # A001, the hall's own
        kiosk = self.tcp(self.device("kiosk-bad", "kiosk"))
        got = codes(pipelined(kiosk, "take", 10, queue="A"))
        self.assertEqual(got, {"ok": 7, "queue_full": 3})
        self.assertEqual(self.d.cli("take", "A", check=False).returncode, 1)
        r = self.d.cli("device", "cancel", "kiosk-bad")
        self.assertEqual(r["cancelled"], 7)
        e = self.next_event("device_tickets_cancelled")
        self.assertEqual((e["device"], e["cancelled"], e["queues"]),
                         ("kiosk-bad", 7, {"A": 7}))
        self.assertEqual(self.d.cli("ticket", "A002")["ticket"]["state"],
                         "cancelled")
        self.assertEqual(self.d.cli("ticket", "A001")["ticket"]["state"],
                         "waiting")
        a = [q for q in self.d.cli("status")["queues"] if q["queue"] == "A"][0]
        self.assertEqual(a["waiting"], 1)
        self.assertEqual(self.d.cli("take", "A")["ticket"]["number"], "A009")
        # Nothing left of it to cancel.
        self.assertEqual(self.d.cli("device", "cancel", "kiosk-bad")
                         ["cancelled"], 0)

    def test_day_close_frees_the_cap(self):
        """After a day close has expired a full queue, take issues the
        next number instead of answering queue_full."""
        self.small_cap(4)
        for _ in range(4):
            self.d.cli("take", "A")
        p = self.d.cli("take", "A", check=False)
        self.assertIn("queue_full", p.stderr)
        self.assertEqual(self.d.cli("day-close")["expired"], 4)
        self.assertEqual(self.d.cli("take", "A")["ticket"]["number"], "A005")


class Devices(Base):

    def test_remove_revokes_the_token_and_closes_its_connections(self):
        token = self.device("kiosk-1", "kiosk")
        live = self.tcp(token)
        live.call("take", queue="A")
        r = self.d.cli("device", "remove", "kiosk-1")
        self.assertEqual((r["name"], r["removed"], r["closed"]),
                         ("kiosk-1", True, 1))
        self.assertTrue(hung_up(live))
        with self.assertRaises(qhtest.ReplyError) as e:
            self.tcp(token)
        self.assertEqual(e.exception.code, "unauthorized")
        p = self.d.cli("device", "remove", "kiosk-1", check=False)
        self.assertEqual(p.returncode, 1)
        self.assertIn("not_found", p.stderr)
        # The name is free for a new device.
        self.tcp(self.device("kiosk-1", "kiosk")).call("status")

    def test_rotate_gives_a_new_token_and_the_old_one_stops(self):
        old = self.device("caller-2", "window", window=2)
        live = self.tcp(old)
        bystander = self.tcp(self.device("kiosk-1", "kiosk"))
        r = self.d.cli("device", "rotate", "caller-2")
        self.assertEqual((r["name"], r["role"], r["closed"]),
                         ("caller-2", "window", 1))
        self.assertNotEqual(r["token"], old)
        self.assertTrue(hung_up(live))
        with self.assertRaises(qhtest.ReplyError) as e:
            self.tcp(old)
        self.assertEqual(e.exception.code, "unauthorized")
        fresh = self.tcp(r["token"])
        self.assertEqual((fresh.welcome["role"], fresh.welcome["device"]),
                         ("window", "caller-2"))
        self.assertEqual(fresh.call("pause")["window"], 2)
        bystander.call("status")  # others stay connected
        # The token is in the reply only: not in the trace, not in the log.
        self.assertNotIn(r["token"].encode(), qhtest.store_dump(self.d.data))
        self.assertNotIn(r["token"], self.log())
        # Table output: shown once, with the device.
        p = self.d.cli("device", "rotate", "caller-2", json_out=False)
        self.assertIn("caller-2", p.stdout)
        self.assertIn("token ", p.stdout)
        p = self.d.cli("device", "rotate", "nobody", check=False)
        self.assertIn("not_found", p.stderr)

    def test_tcp_beyond_loopback_is_warned_about(self):
        """Listening on every address: a warning at start. On loopback
        (the other tests): none."""
        self.assertNotIn("beyond loopback", self.log())
        d = qhtest.Daemon(config="[daemon]\nlisten = tcp:0.0.0.0:%d\n"
                          % free_port())
        try:
            d.start()
            with open(d.log) as f:
                self.assertIn("beyond loopback", f.read())
        finally:
            d.cleanup()


class Staff(Base):
    extra_hall = "pin_min_length = 6\n"

    def staff(self, *args, pin=None, check=True):
        env = dict(os.environ)
        if pin is not None:
            env["QHALL_PIN"] = pin
        p = subprocess.run([qhtest.QHALL, "--data", self.d.data, "--json"] +
                           list(args), capture_output=True, text=True,
                           env=env, input="", timeout=30)
        if check:
            self.assertEqual(p.returncode, 0, p.stderr)
        return p

    def test_pin_floor_is_configurable_and_long_pins_work(self):
        p = self.staff("staff", "add", "1001", "--name", "王芳", pin="2468",
                       check=False)
        self.assertEqual(p.returncode, 1)
        self.assertIn("6 to 12 digits", p.stderr)
        self.staff("staff", "add", "1001", "--name", "王芳", pin="246813579024")
        p = self.staff("staff", "pin", "1001", pin="13579", check=False)
        self.assertIn("6 to 12 digits", p.stderr)
        w = self.client(role="window", window=3, device="caller-3")
        self.assertEqual(w.call("login", staff="1001",
                                pin="246813579024")["staff"]["id"], "1001")

    def test_a_new_pin_replaces_the_old(self):
        self.staff("staff", "add", "1001", "--name", "王芳", pin="246800")
        r = json.loads(self.staff("staff", "pin", "1001", pin="97531086").stdout)
        self.assertEqual(r, {"staff": "1001", "pin_changed": True})
        w = self.client(role="window", window=3, device="caller-3")
        with self.assertRaises(qhtest.ReplyError) as e:
            w.call("login", staff="1001", pin="246800")
        self.assertEqual(e.exception.code, "unauthorized")
        w.call("login", staff="1001", pin="97531086")
        p = self.staff("staff", "pin", "9999", pin="123456", check=False)
        self.assertIn("not_found", p.stderr)
        self.assertNotIn("97531086", self.log())

    def test_removed_staff_are_logged_out_and_cannot_log_in(self):
        self.staff("staff", "add", "1001", "--name", "王芳", pin="246800")
        self.staff("staff", "add", "1002", "--name", "李强", pin="135700")
        w = self.client(role="window", window=3, device="caller-3")
        w.call("login", staff="1001", pin="246800")
        r = json.loads(self.staff("staff", "remove", "1001").stdout)
        self.assertEqual(r, {"staff": "1001", "removed": True})
        w3 = [x for x in self.admin.call("status")["windows"]
              if x["window"] == 3][0]
        self.assertIsNone(w3["staff"])
        with self.assertRaises(qhtest.ReplyError) as e:
            w.call("login", staff="1001", pin="246800")
        self.assertEqual(e.exception.code, "unauthorized")
        # The window is free for the next member, from any caller.
        other = self.client(role="window", window=3, device="caller-3b")
        other.call("login", staff="1002", pin="135700")
        p = self.staff("staff", "remove", "1001", check=False)
        self.assertIn("not_found", p.stderr)

    def test_made_up_staff_numbers_lock_out_like_real_ones(self):
        """The lockout tells nothing: five wrong PINs lock a made-up
        number exactly as they lock a real one."""
        self.staff("staff", "add", "1001", "--name", "王芳", pin="246800")
        w = self.client(role="window", window=2, device="caller-2")
        answers = {}
        for sid in ("1001", "ghost-7"):
            for _ in range(5):
                with self.assertRaises(qhtest.ReplyError) as e:
                    w.call("login", staff=sid, pin="000000")
                self.assertEqual(e.exception.message,
                                 "wrong staff number or PIN")
            with self.assertRaises(qhtest.ReplyError) as e:
                w.call("login", staff=sid, pin="000000")
            answers[sid] = (e.exception.code,
                            e.exception.message.replace(sid, "ID"))
        self.assertEqual(answers["1001"], answers["ghost-7"])
        self.assertIn("wait a minute", answers["1001"][1])

    def test_unknown_staff_cost_a_login_the_same_work(self):
        """A made-up staff number is checked against a dummy Argon2id
        hash: the daemon spends about the CPU time of a wrong PIN for a
        real one (before, a twentieth of it). Measured in the daemon's
        own CPU time, not the wall clock."""
        self.staff("staff", "add", "1001", "--name", "王芳", pin="246800")

        def cpu():
            with open("/proc/%d/stat" % self.d.proc.pid) as f:
                fields = f.read().rsplit(")", 1)[1].split()
            return int(fields[11]) + int(fields[12])  # utime + stime

        def spend(sid, n=40):
            before = cpu()
            for i in range(n):
                w = self.client(role="window", window=1 + i % 9,
                                device="probe")
                with self.assertRaises(qhtest.ReplyError):
                    w.call("login", staff=sid, pin="000000")
                w.close()
            return cpu() - before

        real = spend("1001")
        unknown = spend("nobody")
        self.assertGreater(real, 0)
        self.assertGreater(unknown, real * 0.3, (real, unknown))

    def test_an_admin_unlocks(self):
        """A staff number locked out of a window: an admin's unlock lets
        the right PIN in at once; the unlock is in the trace."""
        self.staff("staff", "add", "1001", "--name", "王芳", pin="246800")
        w = self.client(role="window", window=2, device="caller-2")
        for _ in range(5):
            with self.assertRaises(qhtest.ReplyError):
                w.call("login", staff="1001", pin="000000")
        with self.assertRaises(qhtest.ReplyError) as e:
            w.call("login", staff="1001", pin="246800")
        self.assertIn("too many wrong PINs", e.exception.message)
        seq = self.admin.call("status")["seq"]
        r = json.loads(self.staff("staff", "unlock", "1001",
                                  "--window", "2").stdout)
        self.assertEqual(r, {"staff": "1001", "cleared": 1})
        self.assertEqual(self.admin.call("status")["seq"], seq + 1)
        self.assertEqual(w.call("login", staff="1001",
                                pin="246800")["staff"]["id"], "1001")
        # Unlocking what is not locked clears nothing and says so.
        r = json.loads(self.staff("staff", "unlock", "1001").stdout)
        self.assertEqual(r["cleared"], 0)
        k = self.tcp(self.device("kiosk-1", "kiosk"))
        self.assertEqual(k.request("staff_unlock", staff="1001")
                         ["error"]["code"], "forbidden")


if __name__ == "__main__":
    qhtest.main()
