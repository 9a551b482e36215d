"""Bad input: whatever a client sends, qhalld answers with the right error
code (or hangs up on it), stays up, and leaves the hall's state untouched.

Run as: python3 tests/integration/test_bad_input.py build/bin
"""

import json
import os
import random
import socket
import threading
import time
import unittest

import qhtest

MAX_LINE = 65536  # PROTO_MAX_LINE


# ---------------------------------------------------------------- helpers


def send_line(c, data):
    """Send one raw line (bytes or str) and return the next message."""
    if isinstance(data, str):
        data = data.encode()
    c.send_raw(data + b"\n")
    return c.reply()


def wait_closed(c, timeout=5.0):
    """True if the daemon hangs up on c within timeout (after any lines it
    still had to send); the lines read on the way are returned too."""
    c.s.settimeout(timeout)
    lines = []
    try:
        while True:
            lines.append(c.read_msg())
    except (ConnectionError, OSError):
        # EOF, reset or a timeout: a timeout is "not closed".
        pass
    except ValueError:
        pass
    closed = True
    try:
        c.s.settimeout(0.05)
        closed = c.s.recv(1) == b""
    except socket.timeout:
        closed = False
    except OSError:
        closed = True
    return closed, lines


def proc_rss_kib(pid):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


class BadInputTest(qhtest.DaemonTest):
    """A daemon with a little state: two waiting tickets and one called."""

    def setUp(self):
        self._clients = []
        super().setUp()
        self.admin = self.client(device="setup")
        self.t1 = self.admin.call("take", queue="A")["ticket"]
        self.admin.call("take", queue="B", item="B01")
        self.admin.call("take", queue="C")
        self.admin.call("call", window=4)  # C001 at window 4
        self.admin.call("notice", text="welcome")
        self.before = self.snapshot()

    def tearDown(self):
        for c in self._clients:
            c.close()
        super().tearDown()

    def client(self, **fields):
        """A client closed at the end of the test (admin unless told)."""
        c = qhtest.Client(self.d.sock, hello=False)
        self._clients.append(c)
        if fields.pop("hello", True):
            f = {"version": 1}
            f.update(fields)
            c.welcome = c.call("hello", **f)
        return c

    def snapshot(self):
        """What must not change: status (incl. seq) and a ticket lookup."""
        c = qhtest.Client(self.d.sock, hello=False)
        try:
            c.call("hello", version=1, device="observer")
            st = c.call("status")
            t = c.call("ticket", number=self.t1["number"])["ticket"]
        finally:
            c.close()
        return {"seq": st["seq"], "queues": st["queues"],
                "windows": st["windows"], "notice": st["notice"], "ticket": t}

    def assertUnchanged(self, msg=None):
        self.assertTrue(self.d.alive(), "qhalld died")
        after = self.snapshot()
        self.assertEqual(self.before["seq"], after["seq"],
                         msg or "the trace grew: something changed")
        self.assertEqual(self.before, after, msg)

    def assertError(self, reply, code, rid=None, what=""):
        self.assertIsInstance(reply, dict, what)
        self.assertIs(reply.get("ok"), False, "%s: %r" % (what, reply))
        self.assertEqual(reply["error"]["code"], code, "%s: %r" % (what, reply))
        self.assertIsInstance(reply["error"]["message"], str)
        if rid is not None:
            self.assertEqual(reply.get("id"), rid, what)

    def expect_each(self, c, cases):
        """cases: [(op, fields, code)]; each on c, with its id echoed."""
        for op, fields, code in cases:
            r = c.request(op, **fields)
            self.assertError(r, code, rid=c.next_id,
                             what="%s %s" % (op, json.dumps(fields)[:200]))

    def expect_raw(self, c, cases):
        """cases: [(line bytes, code)]; each on c; no id to match."""
        for line, code in cases:
            r = send_line(c, line)
            self.assertError(r, code, what=repr(line[:120]))

    def assertStillServes(self, c):
        """The connection that took the abuse still gets real answers."""
        st = c.call("status")
        self.assertEqual(st["seq"], self.before["seq"])


# ------------------------------------------------------------- bad lines


class BadLinesTest(BadInputTest):

    def test_garbage_lines_get_bad_json_and_the_connection_stays(self):
        """Lines that are not JSON: bad_json each, the connection stays
        usable, nothing changes."""
        c = self.client()
        cases = [
            b"hello", b"{", b"}", b"{\"op\":", b"{\"op\":\"take\",\"queue\":",
            b"", b"   ", b"\t", b"{'op':'status'}", b"{\"op\":\"status\",}",
            b"{op:\"status\"}", b"nul\x00byte", b"\x00", b"\xff\xfe\xfd",
            b"{\"op\":\"take\",\"queue\":\"\xc3\"}",  # truncated UTF-8
            b"{\"op\":\"take\",\"queue\":\"\xed\xa0\x80\"}",  # CESU surrogate
            b"\xef\xbb\xbf{\"id\":1,\"op\":\"status\"}",  # a BOM
            b"{\"id\":1,\"op\":\"status\"} {\"id\":2,\"op\":\"status\"}",
            b"{\"id\":1,\"op\":\"take\",\"queue\":NaN}",
            b"{\"id\":1,\"op\":\"take\",\"queue\":\"A\",\"queue\":\"B\"}",
            b"\x1b[31mred\x1b[0m", b"GET / HTTP/1.1",
            b"{\"op\":\"status\",\"x\":" + b"[" * 30000 + b"]" * 30000 + b"}",
        ]
        self.expect_raw(c, [(line, "bad_json") for line in cases])
        self.assertStillServes(c)
        self.assertUnchanged()

    def test_json_that_is_not_an_object_is_bad_request(self):
        """Valid JSON that is not an object: bad_request, no change."""
        c = self.client()
        arrays = [b"[1]", b"[]", b"[{\"op\":\"take\",\"queue\":\"A\"}]",
                  b"[\"take\", \"A\"]"]
        self.expect_raw(c, [(line, "bad_request") for line in arrays])
        # A bare scalar is JSON too, just not a request.
        scalars = [b"\"take\"", b"42", b"-1.5e3", b"null", b"true", b"false"]
        self.expect_raw(c, [(line, "bad_request") for line in scalars])
        self.assertStillServes(c)
        self.assertUnchanged()

    def test_missing_or_non_string_op_is_bad_request(self):
        """An object without a string "op": bad_request, no change."""
        c = self.client()
        cases = [{}, {"id": 1}, {"id": 2, "queue": "A"}, {"op": None},
                 {"op": 1}, {"op": ["take"]}, {"op": {"name": "take"}},
                 {"op": True}, {"OP": "take", "queue": "A"},
                 {"Op": "status"}]
        self.expect_raw(c, [(json.dumps(m).encode(), "bad_request")
                            for m in cases])
        # The id of a request with no usable op is still echoed.
        r = send_line(c, json.dumps({"id": 77, "queue": "A"}))
        self.assertEqual(r.get("id"), 77)
        self.assertStillServes(c)
        self.assertUnchanged()

    def test_id_of_a_wrong_type_is_bad_request(self):
        """"id" must be an integer or a string; otherwise the request is
        refused (bad_request) even if it would have been valid."""
        c = self.client()
        cases = [{"id": [1], "op": "take", "queue": "A"},
                 {"id": 1.5, "op": "take", "queue": "A"},
                 {"id": {}, "op": "take", "queue": "A"},
                 {"id": True, "op": "take", "queue": "A"}]
        for m in cases:
            r = send_line(c, json.dumps(m))
            self.assertError(r, "bad_request", what=json.dumps(m))
            self.assertNotIn("id", r)
        self.assertStillServes(c)
        self.assertUnchanged()

    def test_unknown_op_is_unknown_op_with_id(self):
        """Ops that do not exist: unknown_op, with the request's id."""
        c = self.client()
        names = ["nope", "", "TAKE", "Take", "take ", " take", "take\n",
                 "status\t", "hello2", "drop_table", "x" * 1000, "\u53d6\u53f7",
                 "../../etc/passwd", "%s%n%s%n", "take\u200b"]
        self.expect_each(c, [(n, {"queue": "A"}, "unknown_op") for n in names])
        for i, n in enumerate(["take", "call"]):
            r = send_line(c, json.dumps({"id": "s%d" % i, "op": n.upper()}))
            self.assertError(r, "unknown_op", rid="s%d" % i)
        self.assertStillServes(c)
        self.assertUnchanged()

    def test_wrong_field_types_are_bad_request(self):
        """Fields of the wrong JSON type: bad_request before any handler."""
        c = self.client()
        cases = [
            ("take", {"queue": 1}, "bad_request"),
            ("take", {"queue": ["A"]}, "bad_request"),
            ("take", {"queue": {"prefix": "A"}}, "bad_request"),
            ("take", {"queue": True}, "bad_request"),
            ("take", {"queue": "A", "priority": "yes"}, "bad_request"),
            ("take", {"queue": "A", "priority": 1}, "bad_request"),
            ("take", {"queue": "A", "priority": "true"}, "bad_request"),
            ("take", {"queue": "A", "item": 1}, "bad_request"),
            ("call", {"window": "3"}, "bad_request"),
            ("call", {"window": 3.0}, "bad_request"),
            ("call", {"window": [3]}, "bad_request"),
            ("call", {"window": True}, "bad_request"),
            ("serve", {"window": "4"}, "bad_request"),
            ("finish", {"window": {"n": 4}}, "bad_request"),
            ("pause", {"window": 4, "reason": 5}, "bad_request"),
            ("transfer", {"window": 4, "queue": 4}, "bad_request"),
            ("transfer", {"window": 4, "queue": "D", "back": "yes"},
             "bad_request"),
            ("window_set", {"window": 1, "queues": "A"}, "bad_request"),
            ("window_set", {"window": 1, "queues": [1]}, "bad_request"),
            ("window_set", {"window": 1, "queues": ["A", None]}, "bad_request"),
            ("window_set", {"window": "1", "queues": ["A"]}, "bad_request"),
            ("ticket", {"number": 1}, "bad_request"),
            ("ticket", {"number": "A001", "day": 20261127}, "bad_request"),
            ("printed", {"number": "A001", "ok": "false"}, "bad_request"),
            ("printed", {"number": "A001", "ok": 0}, "bad_request"),
            ("rejoin", {"number": ["A001"]}, "bad_request"),
            ("notice", {"text": 5}, "bad_request"),
            ("notice", {"text": ["a"]}, "bad_request"),
            ("device_add", {"name": 1, "role": "kiosk"}, "bad_request"),
            ("device_add", {"name": "k", "role": ["kiosk"]}, "bad_request"),
            ("device_add", {"name": "w", "role": "window", "window": "2"},
             "bad_request"),
        ]
        self.expect_each(c, cases)
        self.assertStillServes(c)
        self.assertUnchanged()

    def test_missing_required_fields_are_bad_request(self):
        """Required fields left out (or null): bad_request, no change."""
        c = self.client()
        cases = [
            ("take", {}, "bad_request"),
            ("take", {"queue": None}, "bad_request"),
            ("take", {"item": "A01"}, "bad_request"),
            ("ticket", {}, "bad_request"),
            ("rejoin", {}, "bad_request"),
            ("printed", {"number": "A001"}, "bad_request"),
            ("printed", {"ok": False}, "bad_request"),
            ("call", {}, "bad_request"),  # admin must name the window
            ("serve", {}, "bad_request"),
            ("finish", {}, "bad_request"),
            ("pause", {"reason": "lunch"}, "bad_request"),
            ("resume", {}, "bad_request"),
            ("transfer", {"window": 4}, "bad_request"),
            ("transfer", {"queue": "D"}, "bad_request"),
            ("window_set", {"window": 1}, "bad_request"),
            ("window_set", {"queues": ["A"]}, "bad_request"),
            ("notice", {}, "bad_request"),
            ("device_add", {}, "bad_request"),
            ("device_add", {"name": "k1"}, "bad_request"),
            ("device_add", {"role": "kiosk"}, "bad_request"),
        ]
        self.expect_each(c, cases)
        self.assertStillServes(c)
        self.assertUnchanged()

    def test_out_of_range_numbers_are_refused(self):
        """Window 0, -1, 1000, 2**63-1...: bad_request; an integer JSON
        cannot hold (10**30): bad_json; a window in range that the hall does
        not have: no_such_window. Nothing changes."""
        c = self.client()
        cases = []
        for op in ("call", "recall", "skip", "serve", "finish", "resume",
                   "pause"):
            for w in (0, -1, 1000, 2**31, 2**63 - 1, -2**63):
                cases.append((op, {"window": w}, "bad_request"))
            cases.append((op, {"window": 13}, "no_such_window"))
            cases.append((op, {"window": 999}, "no_such_window"))
        cases += [
            ("transfer", {"window": 0, "queue": "A"}, "bad_request"),
            ("window_set", {"window": 0, "queues": ["A"]}, "bad_request"),
            ("window_set", {"window": 1000, "queues": ["A"]}, "bad_request"),
            ("device_add", {"name": "w", "role": "window", "window": 0},
             "bad_request"),
            ("device_add", {"name": "w", "role": "window", "window": 1000},
             "bad_request"),
        ]
        self.expect_each(c, cases)
        for big in (b"1" + b"0" * 30, b"-1" + b"0" * 30,
                    b"9223372036854775808"):
            r = send_line(c, b'{"id":1,"op":"call","window":' + big + b"}")
            self.assertError(r, "bad_json", what=big.decode())
        r = send_line(c, b'{"id":1,"op":"call","window":1e400}')
        self.assertError(r, "bad_json", what="1e400")
        for real in (b"1e2", b"4.0", b"-0.0"):
            r = send_line(c, b'{"id":7,"op":"call","window":' + real + b"}")
            self.assertError(r, "bad_request", rid=7, what=real.decode())
        self.assertStillServes(c)
        self.assertUnchanged()

    def test_null_window_is_a_missing_window(self):
        """"window": null is an absent window: bad_request, never window 0."""
        c = self.client()
        self.expect_each(c, [("call", {"window": None}, "bad_request")])
        self.assertUnchanged()

    def test_unknown_queue_is_no_such_queue(self):
        """Queues the catalog lacks: no_such_queue; bad lengths:
        bad_request. No ticket is issued, no window changes."""
        c = self.client()
        cases = [
            ("take", {"queue": "Z"}, "no_such_queue"),
            ("take", {"queue": "a"}, "no_such_queue"),
            ("take", {"queue": "AB"}, "no_such_queue"),
            ("take", {"queue": "VIP"}, "no_such_queue"),
            ("take", {"queue": " A"}, "no_such_queue"),
            ("take", {"queue": "A\n"}, "no_such_queue"),
            ("take", {"queue": "\u00c4"}, "no_such_queue"),
            ("take", {"queue": "%n%s"}, "no_such_queue"),
            ("take", {"queue": ""}, "bad_request"),
            ("take", {"queue": "ABCDE"}, "bad_request"),
            ("take", {"queue": "A" * 5000}, "bad_request"),
            ("transfer", {"window": 4, "queue": "Z"}, "no_such_queue"),
            ("window_set", {"window": 1, "queues": ["Z"]}, "no_such_queue"),
            ("window_set", {"window": 1, "queues": ["A", "Z"]},
             "no_such_queue"),
            ("window_set", {"window": 500, "queues": ["Z"]}, "no_such_queue"),
            ("window_set", {"window": 1, "queues": ["A"] * 65}, "bad_request"),
            ("window_set", {"window": 1, "queues": [""]}, "bad_request"),
        ]
        self.expect_each(c, cases)
        self.assertStillServes(c)
        self.assertUnchanged()

    def test_window_set_with_a_queue_listed_twice_is_refused(self):
        """A window serves each queue once: a repeat is bad_request."""
        c = self.client()
        self.expect_each(c, [
            ("window_set", {"window": 1, "queues": ["A", "A"]},
             "bad_request"),
            ("window_set", {"window": 500, "queues": ["B", "A", "B"]},
             "bad_request"),
        ])
        self.assertUnchanged()

    def test_unknown_item_and_item_of_another_queue_are_no_such_item(self):
        """Items that do not exist or belong to another queue:
        no_such_item; bad lengths: bad_request."""
        c = self.client()
        cases = [
            ("take", {"queue": "A", "item": "nope"}, "no_such_item"),
            ("take", {"queue": "A", "item": "B01"}, "no_such_item"),
            ("take", {"queue": "B", "item": "A01"}, "no_such_item"),
            ("take", {"queue": "J", "item": "j01"}, "no_such_item"),
            ("take", {"queue": "A", "item": "A01 "}, "no_such_item"),
            ("take", {"queue": "A", "item": "A06"}, "no_such_item"),
            ("take", {"queue": "A", "item": ""}, "bad_request"),
            ("take", {"queue": "A", "item": "A" * 33}, "bad_request"),
            ("take", {"queue": "Z", "item": "A01"}, "no_such_queue"),
        ]
        self.expect_each(c, cases)
        self.assertStillServes(c)
        self.assertUnchanged()

    def test_bad_ticket_numbers_are_refused(self):
        """Malformed numbers: bad_request; well-formed but unknown:
        not_found; for every op that names a ticket."""
        c = self.client()
        cases = []
        for op, extra in (("ticket", {}), ("rejoin", {}),
                          ("printed", {"ok": False, "reason": "jam"}),
                          ("printed", {"ok": True})):
            for bad in ("A1", "A01", "a001", "0001", "AAAAA001", "A00001",
                        "A001x", " A001", "A-01", "A\u0661\u0662\u0663",
                        "A001\n", "\u00c4001", "A" * 16):
                cases.append((op, dict(extra, number=bad), "bad_request"))
            for gone in ("A999", "A9999", "Z001", "K123", "ABCD001"):
                cases.append((op, dict(extra, number=gone), "not_found"))
            for day in ("2026-13-01", "2026-00-10", "2026-01-32", "26-01-01",
                        "2026/01/01", "x" * 10, "2026-01-0x"):
                cases.append((op, dict(extra, number="A001", day=day),
                              "bad_request"))
            cases.append((op, dict(extra, number="A001", day="1999-01-01"),
                          "not_found"))
        self.expect_each(c, cases)
        self.assertStillServes(c)
        self.assertUnchanged()

    def test_strings_with_nul_escapes_and_great_length(self):
        """NUL (escaped or raw) and lone surrogates: bad_json; escapes and
        format characters come back intact in valid JSON; over-long
        strings: bad_request. Nothing changes, nothing crashes."""
        c = self.client()
        raw = [
            b'{"id":1,"op":"take","queue":"A\\u0000"}',
            b'{"id":1,"op":"take","queue":"A\x00"}',
            b'{"id":1,"op":"ticket","number":"A001\\u0000"}',
            b'{"id":1,"op":"notice","text":"hi\\u0000there"}',
            b'{"id":1,"op":"take","queue":"\\ud800"}',
            b'{"id":1,"op":"take","queue":"\\udc00A"}',
            b'{"id":1,"op":"take","queue":"\\u00"}',
            b'{"id":1,"op":"take","queue":"\\x41"}',
            b'{"id":1,"op":"take","queue":"A\x01"}',
            b'{"id":1,"op":"take\\u0000","queue":"A"}',
            b'{"id":"\\u0000","op":"take","queue":"A"}',
        ]
        self.expect_raw(c, [(line, "bad_json") for line in raw])
        cases = [
            ("take", {"queue": "\"\\"}, "no_such_queue"),
            ("take", {"queue": "\u2028"}, "no_such_queue"),
            ("take", {"queue": "\U0001f600"}, "no_such_queue"),
            ("take", {"queue": "\x7f"}, "no_such_queue"),
            ("ticket", {"number": "%s%s%s%n"}, "bad_request"),
            ("notice", {"text": "x" * 2001}, "bad_request"),
            ("notice", {"text": "\u4e2d" * 2001}, "bad_request"),
            ("pause", {"window": 1, "reason": "r" * 201}, "bad_request"),
            ("device_add", {"name": "n" * 64, "role": "kiosk"}, "bad_request"),
            ("device_add", {"name": "", "role": "kiosk"}, "bad_request"),
            ("device_add", {"name": "k", "role": "r" * 17}, "bad_request"),
            ("device_add", {"name": "k", "role": "root"}, "bad_request"),
            ("device_add", {"name": "k", "role": "window"}, "bad_request"),
            ("take", {"queue": "Q" * 60000}, "bad_request"),
            ("ticket", {"number": "A" * 60000}, "bad_request"),
        ]
        self.expect_each(c, cases)
        # The refused value travels back in the message: still valid JSON.
        r = c.request("take", queue="\"\\")
        self.assertIn("\"\\", r["error"]["message"])
        # A long id is echoed whole.
        rid = "i" * 40000
        r = send_line(c, json.dumps({"id": rid, "op": "take", "queue": "Z"}))
        self.assertError(r, "no_such_queue", rid=rid)
        self.assertStillServes(c)
        self.assertUnchanged()

    def test_extra_unknown_fields_do_not_sneak_past_checks(self):
        """Odd extra fields never turn a bad request into a good one."""
        c = self.client()
        cases = [
            ("take", {"queue": "Z", "role": "admin", "sql": "'; DROP TABLE "
                      "ticket; --"}, "no_such_queue"),
            ("call", {"window": 0, "force": True}, "bad_request"),
            ("window_set", {"window": 1, "queues": ["Z"], "id2": 1},
             "no_such_queue"),
        ]
        self.expect_each(c, cases)
        self.assertStillServes(c)
        self.assertUnchanged()


# ------------------------------------------------------------------ hello


class HelloTest(BadInputTest):

    def test_request_before_hello_is_hello_required_then_disconnect(self):
        """A request before hello: hello_required, the connection closes,
        and the request (a take) is not carried out."""
        c = self.client(hello=False)
        r = c.request("take", queue="A")
        self.assertError(r, "hello_required", rid=1)
        closed, more = wait_closed(c)
        self.assertTrue(closed, "still connected after hello_required")
        self.assertEqual(more, [])
        self.assertUnchanged()

    def test_each_op_before_hello_is_refused(self):
        """No op at all runs before hello."""
        for op in ("status", "call", "device_add", "day_close", "subscribe"):
            c = self.client(hello=False)
            r = c.request(op, window=1, name="x", role="admin")
            self.assertError(r, "hello_required", rid=1, what=op)
            self.assertTrue(wait_closed(c)[0], op)
            c.close()
        self.assertUnchanged()

    def test_pipelined_lines_after_a_refused_first_line_are_ignored(self):
        """A pre-hello request followed by hello and a take in one write:
        only hello_required comes back and nothing runs."""
        c = self.client(hello=False)
        c.send_raw(b'{"id":1,"op":"take","queue":"A"}\n'
                   b'{"id":2,"op":"hello","version":1}\n'
                   b'{"id":3,"op":"take","queue":"A"}\n')
        closed, lines = wait_closed(c)
        self.assertTrue(closed)
        self.assertEqual(len(lines), 1, lines)
        self.assertError(lines[0], "hello_required", rid=1)
        self.assertUnchanged()

    def test_garbage_before_hello_gets_one_answer_then_disconnect(self):
        """Garbage before hello is bad_json, and the peer is let go: it may
        be no client of ours, and must not keep the daemon reading."""
        c = self.client(hello=False)
        c.send_raw(b"garbage\n" + json.dumps({"id": 2, "op": "status"}).encode()
                   + b"\n")
        closed, lines = wait_closed(c)
        self.assertTrue(closed)
        self.assertEqual(len(lines), 1, lines)
        self.assertError(lines[0], "bad_json")
        self.assertUnchanged()

    def test_a_client_that_never_stops_writing_starves_nobody(self):
        """While one client floods refused lines without pause, another's
        take is committed and answered, new clients are accepted, and
        SIGTERM still stops the daemon."""
        flood = self.client(role="display")
        stop = threading.Event()

        def pour():
            line = json.dumps({"id": 1, "op": "take", "queue": "A"}).encode() + b"\n"
            try:
                while not stop.is_set():
                    flood.s.sendall(line * 200)
                    flood.s.recv(1 << 20)
            except OSError:
                pass

        t = threading.Thread(target=pour)
        t.start()
        try:
            time.sleep(0.3)
            numbers = []
            for _ in range(5):
                k = self.client(role="kiosk")  # accepted mid-flood
                numbers.append(k.call("take", queue="B")["ticket"]["number"])
                k.close()
            self.assertEqual(len(set(numbers)), 5, numbers)
            self.assertEqual(numbers, sorted(numbers))
        finally:
            stop.set()
            t.join(10)
            flood.close()
        self.d.proc.terminate()
        self.assertEqual(self.d.proc.wait(10), 0)
        self.d.start()

    def test_silent_connection_is_closed_after_the_hello_time(self):
        """A peer that connects and says nothing holds its slot for ten
        seconds, not for ever; one that said hello may idle."""
        silent = self.client(hello=False)
        talker = self.client()
        closed, _ = wait_closed(silent, timeout=20)
        self.assertTrue(closed)
        self.assertEqual(talker.call("status")["seq"], self.before["seq"])

    def test_second_hello_is_refused_and_keeps_the_first_role(self):
        """A second hello: bad_request; it cannot raise the role."""
        c = self.client(role="kiosk", device="kiosk-1")
        r = c.request("hello", version=1, role="admin")
        self.assertError(r, "bad_request", rid=c.next_id)
        r = c.request("hello", version=1)
        self.assertError(r, "bad_request", rid=c.next_id)
        r = c.request("hello", version=99, role="display")
        self.assertError(r, "bad_request", rid=c.next_id)
        r = c.request("window_set", window=1, queues=["B"])
        self.assertError(r, "forbidden", rid=c.next_id)
        r = c.request("day_close")
        self.assertError(r, "forbidden", rid=c.next_id)
        self.assertUnchanged()
        # ...and it still works as the kiosk it said it was.
        self.assertEqual(c.call("take", queue="A")["ticket"]["queue"], "A")

    def test_wrong_protocol_version_is_refused_then_disconnect(self):
        """hello with another version: version_mismatch (in range) or
        bad_request (not an integer 0..1000), then the daemon hangs up."""
        cases = [(0, "version_mismatch"), (2, "version_mismatch"),
                 (1000, "version_mismatch"), (-1, "bad_request"),
                 (1001, "bad_request"), (2**40, "bad_request"),
                 ("1", "bad_request"), (1.0, "bad_request"),
                 (None, "bad_request"), ([1], "bad_request")]
        for v, code in cases:
            c = self.client(hello=False)
            r = c.request("hello", version=v)
            self.assertError(r, code, rid=1, what="version %r" % (v,))
            self.assertTrue(wait_closed(c)[0], "version %r" % (v,))
            c.close()
        c = self.client(hello=False)
        r = c.request("hello")  # no version at all
        self.assertError(r, "bad_request", rid=1)
        self.assertTrue(wait_closed(c)[0])
        self.assertUnchanged()

    def test_bad_hello_fields_are_refused_then_disconnect(self):
        """hello with a bad role, device or window: bad_request, hang up."""
        cases = [
            {"role": "root"}, {"role": ""}, {"role": "ADMIN"},
            {"role": 1}, {"role": "window"}, {"role": "window", "window": 0},
            {"role": "window", "window": 1000},
            {"role": "window", "window": "2"}, {"device": ""},
            {"device": "d" * 64}, {"device": 5}, {"token": ""},
            {"token": "t" * 129}, {"token": 123},
        ]
        for f in cases:
            c = self.client(hello=False)
            r = c.request("hello", version=1, **f)
            self.assertError(r, "bad_request", rid=1, what=json.dumps(f))
            self.assertTrue(wait_closed(c)[0], json.dumps(f))
            c.close()
        self.assertUnchanged()


# ------------------------------------------------------------ long lines


class LongLineTest(BadInputTest):

    def test_line_over_64k_is_line_too_long_then_disconnect(self):
        """65537 bytes before any newline: line_too_long, then EOF."""
        c = self.client()
        c.send_raw(b"x" * (MAX_LINE + 1))
        closed, lines = wait_closed(c)
        self.assertTrue(closed, "still connected after an over-long line")
        self.assertEqual(len(lines), 1, lines)
        self.assertError(lines[0], "line_too_long")
        self.assertUnchanged()

    def test_over_long_valid_request_is_not_run(self):
        """A take padded past 64 KiB (newline included) is refused whole:
        line_too_long, EOF, no ticket."""
        c = self.client()
        line = b'{"id":1,"op":"take","queue":"A"}'
        c.send_raw(line + b" " * (MAX_LINE + 1 - len(line)) + b"\n")
        closed, lines = wait_closed(c)
        self.assertTrue(closed)
        self.assertEqual([m["error"]["code"] for m in lines],
                         ["line_too_long"])
        self.assertUnchanged()

    def test_line_of_exactly_64k_is_still_served(self):
        """The limit is 65536 bytes without the newline: a request of
        exactly that length is served normally."""
        c = self.client()
        line = b'{"id":5,"op":"status"}'
        r = send_line(c, line + b" " * (MAX_LINE - len(line)))
        self.assertTrue(r["ok"], r)
        self.assertEqual(r["id"], 5)
        line = b'{"id":6,"op":"take","queue":"Z"}'
        r = send_line(c, line + b" " * (MAX_LINE - len(line)))
        self.assertError(r, "no_such_queue", rid=6)
        self.assertStillServes(c)
        self.assertUnchanged()

    def test_ten_megabyte_line_in_chunks_is_cut_off(self):
        """10 MB without a newline, sent in 64 KiB chunks: the daemon hangs
        up (after line_too_long, if the client can still read it), does not
        buffer it all, and keeps serving others."""
        c = self.client()
        c.s.settimeout(5)
        chunk = b"{" + b"a" * (64 * 1024 - 1)
        sent = 0
        total = 10 * 1024 * 1024
        try:
            while sent < total:
                c.s.sendall(chunk)
                sent += len(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass
        except socket.timeout:
            self.fail("the daemon neither read nor hung up (sent %d)" % sent)
        self.assertLess(sent, total, "the daemon read 10 MB of one line")
        closed, lines = wait_closed(c)
        self.assertTrue(closed)
        for m in lines:
            self.assertError(m, "line_too_long")
        self.assertLess(proc_rss_kib(self.d.proc.pid), 64 * 1024)
        self.assertUnchanged()
        other = self.client()
        self.assertEqual(other.call("status")["seq"], self.before["seq"])

    def test_long_line_in_the_same_turn_as_a_take_stalls_nothing(self):
        """An over-long line read in the same loop turn as a change: the
        change commits, the daemon keeps serving and still stops on
        SIGTERM (it once spun on the refused connection for ever)."""
        for _ in range(5):
            taker = self.client(role="kiosk")
            flood = self.client()
            taker.send_raw(b'{"id":9,"op":"take","queue":"A"}\n')
            flood.send_raw(b"x" * 200000)
            r = taker.reply(9)
            self.assertTrue(r["ok"], r)
            closed, lines = wait_closed(flood)
            self.assertTrue(closed)
            for m in lines:
                self.assertError(m, "line_too_long")
            taker.close()
        other = self.client()
        self.assertEqual(other.call("status")["seq"], self.before["seq"] + 5)
        other.close()
        self.d.proc.terminate()
        self.assertEqual(self.d.proc.wait(10), 0)
        self.d.start()

    def test_client_that_disconnects_mid_line_changes_nothing(self):
        """Half a request, then hang up: nothing runs, nothing breaks."""
        partials = [b'{"id":1,"op":"take","queue":"A"',
                    b'{"id":1,"op":"take","queue":"A"}',  # no newline
                    b'{"id":1,"op":"day_close"}',
                    b'{"id":1,"op":"notice","text":"' + b"\xe4\xb8" ,
                    b'{"id":1,"op":"notice","text":"' + b"z" * 40000]
        for p in partials:
            c = self.client()
            c.send_raw(p)
            time.sleep(0.05)
            c.close()
        c = self.client(hello=False)
        c.send_raw(b'{"id":1,"op":"hel')
        c.close()
        time.sleep(0.2)
        self.assertUnchanged()

    def test_request_split_across_many_writes_is_served(self):
        """A line that arrives a few bytes at a time is put together."""
        c = self.client()
        data = b'{"id":9,"op":"take","queue":"Z"}\n'
        for i in range(0, len(data), 3):
            c.send_raw(data[i:i + 3])
            time.sleep(0.005)
        self.assertError(c.reply(), "no_such_queue", rid=9)
        self.assertStillServes(c)
        self.assertUnchanged()


# -------------------------------------------------------- slow consumers


class SlowConsumerTest(BadInputTest):
    daemon_config = "[daemon]\nmax_output_kib = 64\n"

    def test_subscriber_that_never_reads_is_dropped(self):
        """A subscriber that never reads is dropped once 64 KiB wait for
        it; a client that reads gets every reply and every event
        meanwhile, and the daemon stays up."""
        slow = self.client(role="display", device="slow")
        slow.s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        slow.call("subscribe")
        good = self.client(device="good")
        good.call("subscribe")
        # ~1.5 MB of events: far past 64 KiB plus any socket buffer.
        n = 800
        text = "x" * 1900
        replies = []
        for i in range(n):
            replies.append(good.call("notice", text="%d %s" % (i, text)))
        self.assertEqual(len(replies), n)
        self.assertEqual([r["text"].split()[0] for r in replies],
                         [str(i) for i in range(n)])
        # Every event reached the reader, in order, with no gap.
        notices = [e for e in good.events if e["event"] == "notice"]
        self.assertEqual(len(notices), n)
        seqs = [e["seq"] for e in notices]
        self.assertEqual(seqs, list(range(seqs[0], seqs[0] + n)))
        self.assertEqual(seqs[-1], self.before["seq"] + n)
        # The slow one gets what the kernel held, then EOF.
        slow.s.settimeout(10)
        data = b""
        while True:
            try:
                chunk = slow.s.recv(65536)
            except ConnectionResetError:
                break
            except socket.timeout:
                self.fail("the slow subscriber was not dropped")
            if not chunk:
                break
            data += chunk
        got = [json.loads(l) for l in data.split(b"\n")[:-1]]
        self.assertLess(len(got), n, "the slow subscriber got everything")
        if got:
            gs = [e["seq"] for e in got]
            self.assertEqual(gs, list(range(gs[0], gs[0] + len(gs))))
        self.assertTrue(self.d.alive())
        self.assertEqual(good.call("status")["seq"], self.before["seq"] + n)

    def test_client_that_never_reads_its_replies_is_dropped(self):
        """A client pipelining requests without reading replies is
        dropped rather than buffered without bound; others are served."""
        slow = self.client(device="slow")
        slow.s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        slow.s.settimeout(10)
        line = b'{"id":1,"op":"catalog"}\n'
        dropped = False
        try:
            for _ in range(2000):
                slow.s.sendall(line * 10)
        except (BrokenPipeError, ConnectionResetError):
            dropped = True
        except socket.timeout:
            self.fail("the daemon neither read nor dropped the client")
        if not dropped:
            dropped, _ = wait_closed(slow, timeout=10)
        self.assertTrue(dropped, "a client that never reads was kept")
        other = self.client()
        self.assertEqual(other.call("status")["seq"], self.before["seq"])
        self.assertUnchanged()


# ------------------------------------------------------------ max_clients


class MaxClientsTest(BadInputTest):
    daemon_config = "[daemon]\nmax_clients = 5\n"

    def connect_hello(self, timeout=3.0):
        """A hello'd client, retried while the daemon still counts a
        connection that was just closed."""
        deadline = time.monotonic() + timeout
        while True:
            c = qhtest.Client(self.d.sock, hello=False)
            try:
                c.welcome = c.call("hello", version=1, device="c")
                self._clients.append(c)
                return c
            except (ConnectionError, OSError, KeyError):
                c.close()
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def assertRefused(self):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(5)
        s.connect(self.d.sock)
        data = b""
        try:
            while True:
                chunk = s.recv(4096)
                if not chunk:
                    break
                data += chunk
        except ConnectionResetError:
            pass
        except socket.timeout:
            self.fail("connection over max_clients was neither refused nor "
                      "closed")
        finally:
            s.close()
        if data:
            m = json.loads(data.split(b"\n")[0])
            self.assertError(m, "busy")

    def test_sixth_connection_is_refused_and_room_comes_back(self):
        """With max_clients = 5 the 6th connection gets busy (or EOF); the
        five keep working; after two leave, two new ones get in."""
        self.admin.close()
        time.sleep(0.2)
        clients = [self.connect_hello() for _ in range(5)]
        self.assertRefused()
        self.assertRefused()
        for c in clients:
            self.assertEqual(c.call("status")["seq"], self.before["seq"])
        clients.pop().close()
        clients.pop().close()
        clients.append(self.connect_hello())
        clients.append(self.connect_hello())
        self.assertRefused()
        t = clients[-1].call("take", queue="A")["ticket"]
        self.assertEqual(t["queue"], "A")
        for c in clients:
            c.close()
        time.sleep(0.2)
        self.admin = self.connect_hello()
        self.assertEqual(self.admin.call("status")["seq"],
                         self.before["seq"] + 1)


# ------------------------------------------------------------------- fuzz

# The real ops and their fields: (type, min, max, required).
STR, INT, BOOL, STRS = "str", "int", "bool", "strs"
WINDOW = (INT, 1, 999, False)
NUMBER = {"number": (STR, 4, 15, True), "day": (STR, 10, 10, False)}
OPS = {
    "take": {"queue": (STR, 1, 4, True), "item": (STR, 1, 32, False),
             "priority": (BOOL, 0, 0, False)},
    "ticket": NUMBER, "rejoin": NUMBER,
    "printed": dict(NUMBER, ok=(BOOL, 0, 0, True),
                    reason=(STR, 0, 200, False)),
    "call": {"window": WINDOW}, "recall": {"window": WINDOW},
    "skip": {"window": WINDOW}, "serve": {"window": WINDOW},
    "finish": {"window": WINDOW}, "resume": {"window": WINDOW},
    "pause": {"window": WINDOW, "reason": (STR, 0, 200, False)},
    "transfer": {"window": WINDOW, "queue": (STR, 1, 4, True),
                 "back": (BOOL, 0, 0, False)},
    "window_set": {"window": (INT, 1, 999, True),
                   "queues": (STRS, 1, 4, True)},
    "status": {}, "catalog": {}, "subscribe": {}, "day_close": {},
    "verify": {},
    "notice": {"text": (STR, 0, 2000, True)},
    "device_add": {"name": (STR, 1, 63, True), "role": (STR, 1, 16, True),
                   "window": (INT, 1, 999, False)},
    "ticket_cancel": NUMBER,
    "device_cancel": {"name": (STR, 1, 63, True),
                      "day": (STR, 10, 10, False)},
    "device_remove": {"name": (STR, 1, 63, True)},
    "device_rotate": {"name": (STR, 1, 63, True)},
    "staff_remove": {"staff": (STR, 1, 32, True)},
    "staff_pin": {"staff": (STR, 1, 32, True), "pin": (STR, 4, 12, True)},
    "staff_unlock": {"staff": (STR, 1, 32, True),
                     "window": (INT, 1, 999, False)},
    "alerts": {}, "alert_ack": {"alert": (INT, 1, 1 << 50, True)},
    "help": {"screen": (STR, 1, 64, True)},
}
ALPHABET = ("abcXYZ019 _-.:/\\\"'{}[]%\t\n\u00e9\u4e2d\u53f7\U0001f600"
            "\u200b\u2028\x01\x7f")


class Fuzzer:
    """Requests that must each be refused. Each maker returns (line bytes,
    id the reply must carry or None when it cannot carry one)."""

    def __init__(self, seed):
        self.r = random.Random(seed)
        self.next_id = 1000

    def rid(self):
        self.next_id += 1
        return self.next_id

    def junk_str(self, lo=0, hi=12):
        return "".join(self.r.choice(ALPHABET)
                       for _ in range(self.r.randint(lo, hi)))

    def junk_value(self, depth=0):
        k = self.r.randrange(9 if depth < 2 else 6)
        if k == 0:
            return self.r.randint(-2**63, 2**63 - 1)
        if k == 1:
            return self.r.choice([0, 1, -1, 999, 1000, 2**31])
        if k == 2:
            return self.r.random() * 10**self.r.randint(-5, 10)
        if k == 3:
            return self.r.choice([True, False, None])
        if k in (4, 5):
            return self.junk_str(0, 30)
        if k == 6:
            return [self.junk_value(depth + 1)
                    for _ in range(self.r.randint(0, 4))]
        return {self.junk_str(1, 8): self.junk_value(depth + 1)
                for _ in range(self.r.randint(0, 4))}

    def valid_value(self, spec):
        t, lo, hi, _ = spec
        if t == INT:
            return self.r.randint(lo, hi)
        if t == BOOL:
            return self.r.choice([True, False])
        if t == STR:
            return "".join(self.r.choice("ABCDEFGHIJ0123456789-")
                           for _ in range(self.r.randint(max(lo, 1), min(hi, 12))))
        return [self.r.choice("ABCDEFGHIJ")
                for _ in range(self.r.randint(0, 3))]

    def wrong_type(self, spec):
        t = spec[0]
        choices = {
            INT: ["7", 1.5, True, [1], {"n": 1}],
            BOOL: [1, 0, "true", "false", [True], {}],
            STR: [1, -3, True, ["A"], {"s": "A"}, 2.5],
            STRS: ["A", 1, [1], ["A", 2], [None], {"0": "A"}, True],
        }[t]
        return self.r.choice(choices)

    def defect(self, spec):
        """A value that the field's check must refuse (never null)."""
        t, lo, hi, _ = spec
        opts = ["type"]
        if t == INT:
            opts += ["low", "high"]
        if t in (STR, STRS):
            opts.append("long")
            if lo > 0:
                opts.append("short")
        if t == STRS:
            opts.append("many")
        k = self.r.choice(opts)
        if k == "type":
            return self.wrong_type(spec)
        if k == "low":
            return self.r.choice([lo - 1, lo - 2, -2**63, -10**6])
        if k == "high":
            return self.r.choice([hi + 1, hi + 1000, 2**31, 2**63 - 1])
        if k == "long":
            s = "Q" * (hi + self.r.randint(1, 3000))
            return [s] if t == STRS else s
        if k == "short":
            return [""] if t == STRS else ""
        return ["A"] * self.r.randint(65, 100)

    def real_op(self):
        name = self.r.choice(sorted(OPS))
        fields = OPS[name]
        req = {}
        for f, spec in fields.items():
            if self.r.random() < 0.7:
                req[f] = self.valid_value(spec)
        for _ in range(self.r.randint(0, 3)):  # random extras
            k = self.junk_str(1, 10)
            if k not in fields and k not in ("id", "op"):
                req[k] = self.junk_value()
        rid = self.rid()
        kinds = ["id"]
        if fields:
            kinds += ["field"] * 6
        required = [f for f, s in fields.items() if s[3]]
        if required:
            kinds += ["missing"] * 2
        if "queue" in fields:
            kinds.append("no_queue")
        if "number" in fields:
            kinds.append("no_ticket")
        kind = self.r.choice(kinds)
        if kind == "id":
            bad = self.r.choice([1.5, [rid], {"id": rid}, True, False])
            return self._dump(dict(req, id=bad, op=name)), None
        if kind == "field":
            f = self.r.choice(sorted(fields))
            req[f] = self.defect(fields[f])
        elif kind == "missing":
            f = self.r.choice(required)
            if self.r.random() < 0.5:
                req.pop(f, None)
            else:
                req[f] = None
        elif kind == "no_queue":
            req["queue"] = self.r.choice(["K", "Z", "QQ", "XYZ", "a", "ZZZZ"])
            if "window" in fields and "window" not in req:
                req["window"] = self.r.randint(1, 999)
        else:
            req["number"] = "%s%03d" % (self.r.choice("KLMNPQRSTUVWXYZ"),
                                        self.r.randint(0, 999))
            req.pop("day", None)
            if name == "printed":
                req["ok"] = self.r.choice([True, False])
        line = self._dump(dict(req, id=rid, op=name))
        # Integers beyond 64 bits are bad JSON to the daemon: no id then.
        return line, (rid if b"\\u0000" not in line and
                      not self._has_huge(req) else None)

    def _has_huge(self, v):
        if isinstance(v, bool):
            return False
        if isinstance(v, int):
            return not -2**63 <= v < 2**63
        if isinstance(v, list):
            return any(self._has_huge(x) for x in v)
        if isinstance(v, dict):
            return any(self._has_huge(x) for x in v.values())
        return False

    def _dump(self, obj):
        return json.dumps(obj, ensure_ascii=self.r.random() < 0.5).encode()

    def unknown_op(self):
        real = self.r.choice(sorted(OPS) + ["hello"])
        name = self.r.choice([
            self.junk_str(0, 20), real.upper(), real + "_", "_" + real,
            real[:-1], real + " ", real.replace("_", "-"), real * 2,
        ])
        if name in OPS or name == "hello":
            name = "x" + name
        rid = self.rid()
        req = {"queue": "A", "window": 1, "number": "A001"}
        return self._dump(dict(req, id=rid, op=name)), rid

    def hello_again(self):
        rid = self.rid()
        req = {"version": self.r.choice([1, 2, "1", None]),
               "role": self.r.choice(["admin", "kiosk", "root", 5])}
        return self._dump(dict(req, id=rid, op="hello")), rid

    def no_op(self):
        obj = {self.junk_str(1, 6): self.junk_value()
               for _ in range(self.r.randint(0, 4))}
        obj.pop("op", None)
        if self.r.random() < 0.5:
            obj["op"] = self.r.choice([None, 1, ["take"], {"op": "take"},
                                       True, 2.5])
        return self._dump(obj), None

    def not_object(self):
        v = self.junk_value()
        while isinstance(v, dict):
            v = self.junk_value()
        return json.dumps(v).encode(), None

    def random_bytes(self):
        n = self.r.randint(0, 300)
        b = bytes(self.r.randrange(256) for _ in range(n)).replace(b"\n", b"")
        try:
            obj = json.loads(b)
            if isinstance(obj, dict) and isinstance(obj.get("op"), str):
                b = b"{" + b  # make sure it is no request
        except ValueError:
            pass
        return b, None

    def truncated(self):
        line, _ = self.real_op()
        return line[:self.r.randrange(len(line))], None

    def corrupt_json(self):
        """A request with one broken JSON token (NUL escape, lone
        surrogate, NaN, trailing comma, huge integer)."""
        rid = self.rid()
        op = self.r.choice(sorted(OPS)).encode()
        bad = self.r.choice([b'"A\\u0000"', b'"\\ud83d"', b"NaN",
                             b"Infinity", b"1" + b"0" * 25, b"'A'",
                             b'"A"' + b",", b"0x10", b"01"])
        return (b'{"id":%d,"op":"%s","queue":%s,"window":%s}'
                % (rid, op, bad, bad)), None

    def line(self):
        makers = [(self.real_op, 50), (self.unknown_op, 8),
                  (self.hello_again, 3), (self.no_op, 8),
                  (self.not_object, 6), (self.random_bytes, 10),
                  (self.truncated, 8), (self.corrupt_json, 7)]
        pick = self.r.uniform(0, sum(w for _, w in makers))
        for maker, w in makers:
            pick -= w
            if pick <= 0:
                return maker()
        return makers[0][0]()


CODES = {"bad_json", "bad_request", "line_too_long", "unknown_op",
         "hello_required", "version_mismatch", "unauthorized", "forbidden",
         "not_found", "no_such_queue", "no_such_item", "no_such_window",
         "bad_state"}


class FuzzTest(BadInputTest):
    SEED = int(os.environ.get("QHALL_FUZZ_SEED", "20261127"))
    COUNT = 2000

    def fuzz_connections(self):
        return [
            ("admin", lambda: self.client(device="fuzz-admin")),
            ("admin2", lambda: self.client(device="fuzz-admin2")),
            ("kiosk", lambda: self.client(role="kiosk", device="fuzz-k")),
            ("window", lambda: self.client(role="window", window=2,
                                             device="fuzz-w")),
            ("display", lambda: self.client(role="display",
                                              device="fuzz-d")),
        ]

    def test_seeded_fuzz_every_odd_request_is_refused(self):
        """~2000 generated malformed or odd requests over five connections
        of every role: each gets ok:false with a known code (or a hang-up);
        the store is unchanged; take and call still work afterwards."""
        fz = Fuzzer(self.SEED)
        conns = self.fuzz_connections()
        clients = [mk() for _, mk in conns]
        done = 0
        disconnects = 0
        codes = {}
        while done < self.COUNT:
            i = fz.r.randrange(len(clients))
            c = clients[i]
            batch = [fz.line() for _ in range(fz.r.randint(1, 30))]
            done += len(batch)
            c.send_raw(b"".join(line + b"\n" for line, _ in batch))
            try:
                got = [c.read_msg() for _ in batch]
            except (ConnectionError, OSError):
                disconnects += 1
                c.close()
                clients[i] = conns[i][1]()
                continue
            what = "seed %d, lines %r" % (self.SEED, [l[:200] for l, _ in batch])
            for m in got:
                self.assertNotIn("event", m, what)
                self.assertIs(m.get("ok"), False, "%s\nreply %r" % (what, m))
                self.assertIn(m["error"]["code"], CODES, what)
                codes[m["error"]["code"]] = codes.get(m["error"]["code"], 0) + 1
            want_ids = sorted(rid for _, rid in batch if rid is not None)
            got_ids = sorted(m["id"] for m in got if "id" in m)
            self.assertEqual(want_ids, [x for x in got_ids if x in want_ids],
                             what)
            self.assertLessEqual(len(got_ids), len(batch), what)
            # Nothing more is owed: the next message is a marker's reply.
            c.send_raw(b'{"id":"marker","op":"catalog"}\n')
            m = c.read_msg()
            self.assertEqual(m.get("id"), "marker", "%s\n%r" % (what, m))
            self.assertTrue(m.get("ok"), "%s\n%r" % (what, m))
        self.assertTrue(self.d.alive())
        # Many kinds of refusal were exercised, not one.
        for code in ("bad_json", "bad_request", "unknown_op", "forbidden",
                     "no_such_queue", "not_found"):
            self.assertGreater(codes.get(code, 0), 0, codes)
        self.assertLess(disconnects, 5, codes)
        self.assertUnchanged("seed %d: a refused request changed the store"
                             % self.SEED)
        # The hall still works.
        t = self.admin.call("take", queue="A")["ticket"]
        self.assertEqual(t["number"], "A002")
        r = self.admin.call("call", window=1)
        self.assertEqual(r["ticket"]["number"], self.t1["number"])
        for c in clients:
            c.close()

    def test_fuzz_random_bytes_with_newlines(self):
        """Raw random bytes, newlines included, in odd-sized writes: every
        reply is a refusal and the daemon stays up."""
        r = random.Random(self.SEED + 1)
        c = self.client()
        blob = bytes(r.randrange(256) for _ in range(200000))
        # No line may become a real request or reach 64 KiB.
        lines = [b"\x00" + l[:5000] for l in blob.split(b"\n")]
        data = b"\n".join(lines) + b"\n"
        pos = 0
        while pos < len(data):
            n = r.randint(1, 8000)
            c.send_raw(data[pos:pos + n])
            pos += n
        for _ in lines:
            self.assertError(c.read_msg(), "bad_json")
        self.assertStillServes(c)
        self.assertUnchanged()


if __name__ == "__main__":
    qhtest.main()
