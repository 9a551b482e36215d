"""Roles and tokens: what a kiosk, a window, a display and an admin may do,
who may see a ticket's status key, and how device tokens work over TCP.

Run as: python3 tests/integration/test_roles.py build/bin
"""

import json
import os
import socket
import subprocess
import unittest

import qhtest


def free_port():
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def hung_up(c, timeout=5.0):
    """True if the daemon closes c (after anything it still had to say)."""
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


class RolesBase(qhtest.DaemonTest):
    """Helpers: clients closed at the end, refusals checked exactly."""

    def setUp(self):
        self._clients = []
        super().setUp()
        self.admin = self.client(device="admin")

    def tearDown(self):
        for c in self._clients:
            c.close()
        super().tearDown()

    def client(self, tcp=None, **fields):
        """A client closed at the end of the test (admin unless told)."""
        if tcp:
            c = qhtest.Client(tcp=tcp, hello=False)
        else:
            c = qhtest.Client(self.d.sock, hello=False)
        self._clients.append(c)
        if fields.pop("hello", True):
            f = {"version": 1}
            f.update(fields)
            c.welcome = c.call("hello", **f)
        return c

    def seq(self):
        return self.admin.call("status")["seq"]

    def assertRefused(self, c, op, code="forbidden", **fields):
        r = c.request(op, **fields)
        self.assertIs(r.get("ok"), False, "%s %r: %r" % (op, fields, r))
        self.assertEqual(r["error"]["code"], code, "%s %r: %r" % (op, fields, r))
        self.assertEqual(r.get("id"), c.next_id)
        return r


class RolesTest(RolesBase):
    """Trusted Unix clients choose their role in hello."""

    def test_kiosk_may_take_but_not_operate(self):
        """A kiosk takes numbers (and sees their key) but may not call,
        set windows, close the day, add devices or run other window or
        admin ops; refused ops change nothing."""
        k = self.client(role="kiosk", device="kiosk-1")
        self.assertEqual(k.welcome["role"], "kiosk")
        self.assertEqual(k.welcome["device"], "kiosk-1")
        t = k.call("take", queue="A")["ticket"]
        self.assertEqual(t["number"], "A001")
        self.assertTrue(t["key"])
        self.assertEqual(k.call("take", queue="B", item="B01",
                                priority=True)["ticket"]["number"], "B001")
        k.call("printed", number="A001", ok=True)
        self.assertEqual(k.call("ticket", number="A001")["ticket"]["number"],
                         "A001")
        k.call("status")
        k.call("catalog")
        before = self.seq()
        self.assertRefused(k, "call", window=1)
        self.assertRefused(k, "call")
        self.assertRefused(k, "window_set", window=1, queues=["B"])
        self.assertRefused(k, "day_close")
        self.assertRefused(k, "device_add", name="evil", role="admin")
        for op in ("recall", "skip", "serve", "finish", "pause", "resume"):
            self.assertRefused(k, op, window=1)
        self.assertRefused(k, "transfer", window=1, queue="B")
        self.assertRefused(k, "rejoin", number="A001")
        self.assertRefused(k, "notice", text="free coffee")
        self.assertRefused(k, "verify")
        self.assertEqual(self.seq(), before)
        st = self.admin.call("status")
        self.assertEqual(st["windows"][0]["queues"], ["A"])
        self.assertEqual(st["notice"], "")
        # Forbidden is checked before the fields: even a bad call is
        # forbidden, not bad_request.
        self.assertRefused(k, "call", window="x")
        self.assertRefused(k, "device_add")

    def test_display_may_look_but_not_take(self):
        """A display may status, catalog, subscribe and look tickets up;
        it may not take a number or operate anything."""
        t = self.admin.call("take", queue="A")["ticket"]
        disp = self.client(role="display", device="lobby")
        self.assertEqual(disp.welcome["role"], "display")
        st = disp.call("status")
        self.assertEqual(st["queues"][0]["waiting"], 1)
        self.assertIn("queues", disp.call("catalog"))
        self.assertTrue(disp.call("subscribe")["subscribed"])
        self.assertEqual(disp.call("ticket", number=t["number"])["ticket"]
                         ["state"], "waiting")
        before = self.seq()
        self.assertRefused(disp, "take", queue="A")
        self.assertRefused(disp, "take", queue="A", priority=True)
        self.assertRefused(disp, "printed", number="A001", ok=False)
        self.assertRefused(disp, "call", window=1)
        self.assertRefused(disp, "rejoin", number="A001")
        self.assertRefused(disp, "window_set", window=1, queues=["B"])
        self.assertRefused(disp, "notice", text="x")
        self.assertRefused(disp, "day_close")
        self.assertRefused(disp, "device_add", name="x", role="display")
        self.assertEqual(self.seq(), before)
        # A change by someone else reaches the display as an event.
        self.admin.call("take", queue="A")
        ev = disp.event()
        self.assertEqual(ev["event"], "taken")
        self.assertEqual(ev["ticket"]["number"], "A002")

    def test_window_client_acts_for_its_own_window_only(self):
        """A window client bound to window 2 calls its own window without
        naming it (or naming 2); naming window 3 is forbidden and changes
        nothing."""
        self.admin.call("take", queue="A")
        self.admin.call("take", queue="A")
        w = self.client(role="window", window=2, device="win-2")
        self.assertEqual(w.welcome["role"], "window")
        before = self.seq()
        for op in ("call", "recall", "skip", "serve", "finish", "pause",
                   "resume"):
            self.assertRefused(w, op, window=3)
        self.assertRefused(w, "transfer", window=3, queue="B")
        self.assertRefused(w, "call", window=1)
        self.assertRefused(w, "call", window="2")  # not its window number
        self.assertRefused(w, "window_set", window=2, queues=["B"])
        self.assertRefused(w, "take", queue="A")
        self.assertRefused(w, "day_close")
        self.assertEqual(self.seq(), before)
        st = self.admin.call("status")
        self.assertIsNone(st["windows"][2]["ticket"])
        r = w.call("call")
        self.assertEqual(r["window"], 2)
        self.assertEqual(r["ticket"]["number"], "A001")
        self.assertEqual(r["ticket"]["window"], 2)
        self.assertEqual(w.call("recall")["ticket"]["calls"], 2)
        r = w.call("call", window=2)
        self.assertEqual(r["ticket"]["number"], "A002")
        self.assertEqual(w.call("serve")["ticket"]["state"], "serving")
        self.assertEqual(w.call("finish")["ticket"]["state"], "done")
        self.assertEqual(w.call("pause", reason="lunch")["state"], "paused")
        st = self.admin.call("status")
        self.assertEqual(st["windows"][1]["state"], "paused")
        self.assertEqual(st["windows"][2]["state"], "open")
        self.assertEqual(w.call("resume")["window"], 2)

    def test_window_role_needs_a_window(self):
        """hello as a window without a window number: bad_request and the
        daemon hangs up."""
        c = self.client(hello=False)
        r = c.request("hello", version=1, role="window")
        self.assertEqual(r["error"]["code"], "bad_request")
        self.assertTrue(hung_up(c))

    def test_status_key_only_for_kiosk_and_admin(self):
        """The ticket's status key is in replies to kiosk and admin
        clients only: never in events, never to display or window
        clients, in no op they can use."""
        sub_admin = self.client(device="admin-watch")
        sub_admin.call("subscribe")
        disp = self.client(role="display", device="lobby")
        disp.call("subscribe")
        k = self.client(role="kiosk", device="kiosk-1")
        w = self.client(role="window", window=2, device="win-2")
        t = k.call("take", queue="A")["ticket"]
        key = t["key"]
        self.assertEqual(len(key), 16, key)
        k.call("take", queue="A")
        # Kiosk and admin see it.
        self.assertEqual(k.call("ticket", number="A001")["ticket"]["key"],
                         key)
        self.assertEqual(self.admin.call("ticket", number="A001")["ticket"]
                         ["key"], key)
        # Display and window do not, not even as part of something else.
        for c in (disp, w):
            got = c.call("ticket", number="A001")["ticket"]
            self.assertNotIn("key", got)
            self.assertEqual(got["number"], "A001")
        called = w.call("call")["ticket"]
        self.assertEqual(called["number"], "A001")
        self.assertNotIn("key", called)
        for op in ("recall", "serve"):
            self.assertNotIn(key, json.dumps(w.call(op)))
        st_admin = self.admin.call("status")
        st_kiosk = k.call("status")
        self.assertEqual(st_admin["windows"][1]["ticket"]["key"], key)
        # A kiosk's status is of every kiosk's takes: no keys.
        self.assertNotIn("key", st_kiosk["windows"][1]["ticket"])
        for c in (disp, w):
            st = c.call("status")
            self.assertEqual(st["windows"][1]["ticket"]["number"], "A001")
            self.assertNotIn("key", st["windows"][1]["ticket"])
            self.assertNotIn(key, json.dumps(st))
        r = self.admin.call("transfer", window=2, queue="B")
        self.assertEqual(r["ticket"]["key"], key)
        # Events: to an admin subscriber as to a display, never the key.
        seq = self.seq()
        for c in (sub_admin, disp):
            evs = []
            while not evs or evs[-1]["seq"] < seq:
                evs.append(c.event())
            kinds = [e["event"] for e in evs]
            for kind in ("taken", "called", "recalled", "serving",
                         "transferred"):
                self.assertIn(kind, kinds)
            for e in evs:
                self.assertNotIn(key, json.dumps(e), e)
                if "ticket" in e:
                    self.assertNotIn("key", e["ticket"], e)
        # The trace on disk holds no key either.
        bodies = [b for (b,) in qhtest.store_query(
            self.d.data, "SELECT body FROM event")]
        self.assertTrue(any("A001" in b for b in bodies))
        for b in bodies:
            self.assertNotIn(key, b)

    def test_forbidden_does_not_leak_through_id_or_batch(self):
        """A forbidden request pipelined with allowed ones is refused alone;
        the others run."""
        k = self.client(role="kiosk", device="kiosk-1")
        k.send_raw(b'{"id":1,"op":"take","queue":"A"}\n'
                   b'{"id":2,"op":"day_close"}\n'
                   b'{"id":3,"op":"take","queue":"B"}\n')
        got = {}
        for _ in range(3):
            m = k.reply()
            got[m["id"]] = m
        self.assertTrue(got[1]["ok"])
        self.assertEqual(got[2]["error"]["code"], "forbidden")
        self.assertEqual(got[3]["result"]["ticket"]["number"], "B001")
        st = self.admin.call("status")
        self.assertEqual([q["waiting"] for q in st["queues"][:2]], [1, 1])

    def test_every_op_a_role_may_not_send_is_forbidden(self):
        """From the daemon's own op table (qhalld --ops-json), so a new op
        is covered the day it is added: every role gets forbidden for
        every op it may not send, and nothing changes."""
        ops = json.loads(subprocess.run(
            [qhtest.QHALLD, "--ops-json"], capture_output=True, text=True,
            check=True, timeout=30).stdout)
        admin_only = {o["op"] for o in ops if o["roles"] == ["admin"]}
        for op in ("ticket_cancel", "device_cancel", "device_remove",
                   "device_rotate", "staff_remove", "staff_pin",
                   "staff_unlock"):
            self.assertIn(op, admin_only)
        clients = {"kiosk": self.client(role="kiosk", device="kiosk-1"),
                   "display": self.client(role="display", device="tv-1"),
                   "window": self.client(role="window", window=1,
                                         device="caller-1")}
        before = self.seq()
        refused = 0
        for o in ops:
            for role, c in clients.items():
                if role not in o["roles"]:
                    self.assertRefused(c, o["op"])
                    refused += 1
        self.assertGreater(refused, 40)
        self.assertEqual(self.seq(), before)


class TokenTest(RolesBase):
    """A TCP listener: every client needs a device token."""

    def setUp(self):
        self.port = free_port()
        self.daemon_args = ("--listen", "tcp:127.0.0.1:%d" % self.port)
        super().setUp()
        self.tcp = ("127.0.0.1", self.port)
        self.tokens = {}
        for name, role, window in (("lobby", "display", None),
                                   ("kiosk-1", "kiosk", None),
                                   ("win-2", "window", 2),
                                   ("boss", "admin", None)):
            args = ["device", "add", name, "--role", role]
            if window:
                args += ["--window", str(window)]
            r = self.d.cli(*args)
            self.assertEqual((r["name"], r["role"]), (name, role))
            self.assertRegex(r["token"], r"^[0-9a-f]{48}$")
            self.tokens[role] = r["token"]

    def tcp_hello(self, **fields):
        """hello over TCP; returns (client, reply)."""
        c = self.client(tcp=self.tcp, hello=False)
        return c, c.request("hello", version=1, **fields)

    def test_hello_without_token_is_unauthorized_and_disconnected(self):
        """Over TCP, hello without a token (whatever role it asks for):
        unauthorized, then the daemon hangs up."""
        for fields in ({}, {"role": "display"}, {"role": "admin"},
                       {"role": "kiosk", "device": "kiosk-1"},
                       {"role": "window", "window": 2}):
            c, r = self.tcp_hello(**fields)
            self.assertEqual(r["error"]["code"], "unauthorized", fields)
            self.assertTrue(hung_up(c), fields)

    def test_request_before_hello_over_tcp(self):
        """Over TCP too, nothing runs before hello."""
        c = self.client(tcp=self.tcp, hello=False)
        r = c.request("take", queue="A")
        self.assertEqual(r["error"]["code"], "hello_required")
        self.assertTrue(hung_up(c))
        self.assertEqual(self.admin.call("status")["queues"][0]["waiting"], 0)

    def test_wrong_token_is_unauthorized_and_disconnected(self):
        """Unknown, altered, truncated or padded tokens: unauthorized and
        hang up (over TCP and over the Unix socket alike)."""
        good = self.tokens["display"]

        def flip(ch):
            return "1" if ch == "0" else "0"

        wrong = ["0" * 48, good[:-1] + flip(good[-1]),
                 flip(good[0]) + good[1:], good[:20] + flip(good[20]) +
                 good[21:], good[:47], good + "0", good[:16] + "x" * 32,
                 "x", good[16:] + good[:16], good.upper(), good[::-1]]
        for tok in wrong:
            if tok == good:
                continue  # an upper-casing or reversal that changed nothing
            c, r = self.tcp_hello(token=tok)
            self.assertEqual(r.get("error", {}).get("code"), "unauthorized",
                             "%s: %r" % (tok, r))
            self.assertTrue(hung_up(c), tok)
        # A trusted Unix client that shows a wrong token is refused too.
        c = self.client(hello=False)
        r = c.request("hello", version=1, token="0" * 48)
        self.assertEqual(r["error"]["code"], "unauthorized")
        self.assertTrue(hung_up(c))

    def test_wrong_tokens_do_not_flood_the_log(self):
        """A peer trying tokens as fast as it can costs a line a minute of
        log, not a line a try (the count goes with the next minute's
        first line)."""
        for i in range(300):
            c = self.client(hello=False)
            r = c.request("hello", version=1, token="%048d" % i)
            self.assertEqual(r["error"]["code"], "unauthorized")
            c.close()
        with open(self.d.log) as f:
            said = [l for l in f if "wrong token" in l]
        self.assertLessEqual(len(said), 3, "".join(said))
        self.assertGreaterEqual(len(said), 1)

    def test_device_token_gives_its_role_and_window(self):
        """A token made by qhall device add logs in as that device: its
        name, its role and (for a window) its window."""
        disp = self.client(tcp=self.tcp, token=self.tokens["display"])
        self.assertEqual(disp.welcome["role"], "display")
        self.assertEqual(disp.welcome["device"], "lobby")
        disp.call("status")
        disp.call("subscribe")
        self.assertRefused(disp, "take", queue="A")
        k = self.client(tcp=self.tcp, token=self.tokens["kiosk"])
        self.assertEqual((k.welcome["role"], k.welcome["device"]),
                         ("kiosk", "kiosk-1"))
        t = k.call("take", queue="A")["ticket"]
        self.assertTrue(t["key"])
        self.assertRefused(k, "call", window=2)
        w = self.client(tcp=self.tcp, token=self.tokens["window"])
        self.assertEqual((w.welcome["role"], w.welcome["device"]),
                         ("window", "win-2"))
        r = w.call("call")
        self.assertEqual(r["window"], 2)
        self.assertEqual(r["ticket"]["number"], t["number"])
        self.assertNotIn("key", r["ticket"])
        self.assertRefused(w, "call", window=3)
        self.assertRefused(w, "take", queue="A")
        # The events name the device that acted.
        ev = disp.event()
        self.assertEqual((ev["event"], ev["actor"]), ("taken", "kiosk-1"))
        ev = disp.event()
        self.assertEqual((ev["event"], ev["actor"], ev["window"]),
                         ("called", "win-2", 2))
        boss = self.client(tcp=self.tcp, token=self.tokens["admin"])
        self.assertEqual(boss.welcome["role"], "admin")
        boss.call("window_set", window=1, queues=["A", "B"])

    def test_token_with_the_same_role_named_works(self):
        """Naming the token's own role in hello is fine."""
        c = self.client(tcp=self.tcp, token=self.tokens["display"],
                        role="display")
        self.assertEqual(c.welcome["role"], "display")
        c = self.client(tcp=self.tcp, token=self.tokens["window"],
                        role="window", window=2)
        self.assertEqual(c.call("call")["window"], 2)

    def test_token_asking_for_another_role_is_forbidden(self):
        """A device token cannot be used for another role: forbidden, and
        the daemon hangs up."""
        for role, tok in (("admin", "display"), ("kiosk", "display"),
                          ("window", "display"), ("admin", "kiosk"),
                          ("admin", "window"), ("display", "admin")):
            fields = {"token": self.tokens[tok], "role": role}
            if role == "window":
                fields["window"] = 2
            c, r = self.tcp_hello(**fields)
            self.assertEqual(r["error"]["code"], "forbidden", fields)
            self.assertTrue(hung_up(c), fields)

    def test_token_window_cannot_be_changed_in_hello(self):
        """A window device's window comes from its record: asking for
        window 3 in hello still acts for window 2 only."""
        self.admin.call("take", queue="A")
        c, r = self.tcp_hello(token=self.tokens["window"], window=3)
        if r.get("ok"):
            self.assertRefused(c, "call", window=3)
            self.assertEqual(c.call("call")["window"], 2)
        else:
            self.assertIn(r["error"]["code"], ("forbidden", "bad_request"))
        st = self.admin.call("status")
        self.assertIsNone(st["windows"][2]["ticket"])

    def test_only_admin_may_add_devices(self):
        """device_add needs an admin; a device token cannot mint more."""
        for role in ("display", "kiosk", "window"):
            c = self.client(tcp=self.tcp, token=self.tokens[role])
            self.assertRefused(c, "device_add", name="evil-" + role,
                               role="admin")
        boss = self.client(tcp=self.tcp, token=self.tokens["admin"])
        r = boss.call("device_add", name="kiosk-2", role="kiosk")
        k2 = self.client(tcp=self.tcp, token=r["token"])
        self.assertEqual(k2.welcome["device"], "kiosk-2")
        self.assertRefused(boss, "device_add", code="exists",
                           name="kiosk-2", role="kiosk")

    # ---- the command line over TCP

    def qhall(self, *args, token=None):
        cmd = [qhtest.QHALL, "--connect", "127.0.0.1:%d" % self.port]
        if token is not None:
            cmd += ["--token", token]
        return subprocess.run(cmd + ["--json"] + list(args),
                              capture_output=True, text=True, timeout=20)

    def assertOneLineFailure(self, p):
        self.assertNotEqual(p.returncode, 0, p.stdout)
        self.assertEqual(p.stdout, "")
        self.assertTrue(p.stderr.endswith("\n"), repr(p.stderr))
        self.assertEqual(len(p.stderr.splitlines()), 1, repr(p.stderr))
        self.assertTrue(p.stderr.startswith("qhall: "), repr(p.stderr))

    def test_cli_status_with_display_token(self):
        """With a token the CLI asks for no role: the device's own applies."""
        p = self.qhall("status", token=self.tokens["display"])
        self.assertEqual(p.returncode, 0, p.stderr)
        st = json.loads(p.stdout)
        self.assertIn("queues", st)
        self.assertEqual(len(p.stdout.splitlines()), 1)

    def test_cli_take_with_display_token_fails_with_one_line(self):
        """qhall --connect ... --token DISPLAY take A: exit non-zero, one
        line on stderr, nothing on stdout, no ticket issued."""
        p = self.qhall("take", "A", token=self.tokens["display"])
        self.assertOneLineFailure(p)
        self.assertEqual(self.admin.call("status")["queues"][0]["waiting"], 0)

    def test_cli_without_or_with_wrong_token_fails_with_one_line(self):
        """No token or a wrong token over TCP: exit non-zero, one line."""
        p = self.qhall("status")
        self.assertOneLineFailure(p)
        self.assertIn("token", p.stderr)
        p = self.qhall("status", token="0" * 48)
        self.assertOneLineFailure(p)
        self.assertIn("token", p.stderr)

    def test_cli_with_admin_token_works(self):
        """The command line over TCP with an admin token takes a number."""
        p = self.qhall("take", "A", token=self.tokens["admin"])
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(json.loads(p.stdout)["ticket"]["number"], "A001")
        p = self.qhall("status", token=self.tokens["admin"])
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(json.loads(p.stdout)["queues"][0]["waiting"], 1)


if __name__ == "__main__":
    qhtest.main()
