"""The web face's server: static files and their headers, the ticket page's
key and its rate limit, its 补评 (a rating on channel web, by the same rules), the device-token API, the streams' output cap, and
bad HTTP input (huge headers and bodies, slow-loris, bad paths and
methods): a clear 4xx, and the daemon unharmed.

Run as: python3 tests/integration/test_http.py build/bin
"""

import json
import os
import socket
import threading
import time
import unittest

import qhtest
from webtest import Stream, WebTest


class StaticFiles(WebTest):
    def test_pages_carry_strict_security_headers(self):
        for path, ctype in (("/", "text/html"),
                            ("/static/ticket.js", "text/javascript"),
                            ("/static/hall.css", "text/css"),
                            ("/static/chime.wav", "audio/wav")):
            status, h, body = self.get(path)
            self.assertEqual(status, 200, path)
            self.assertTrue(h["content-type"].startswith(ctype), path)
            csp = h["content-security-policy"]
            self.assertIn("default-src 'none'", csp)
            self.assertIn("script-src 'self'", csp)
            self.assertNotIn("unsafe-inline", csp)
            self.assertEqual(h["x-content-type-options"], "nosniff")
            self.assertEqual(h["referrer-policy"], "no-referrer")
            self.assertTrue(len(body) > 0)
        self.assertIn("max-age", self.get("/static/hall.css")[1]["cache-control"])
        self.assertEqual(self.get("/")[1]["cache-control"], "no-store")

    def test_pages_have_no_inline_script_and_nothing_from_outside(self):
        web = os.path.join(os.path.dirname(qhtest.CATALOG), "web")
        for name in os.listdir(web):
            if not name.endswith(".html"):
                continue
            with open(os.path.join(web, name), encoding="utf-8") as f:
                text = f.read()
            self.assertNotRegex(text, r"<script(?![^>]*\bsrc=)", name)
            self.assertNotRegex(text, r"\son[a-z]+=", name)
            self.assertNotRegex(text, r"(src|href)=\"(https?:)?//", name)

    def test_only_listed_files_are_served(self):
        for path in ("/static/", "/static/nope.js", "/static/qhall.db",
                     "/nowhere"):
            self.assertEqual(self.get(path)[0], 404, path)


class TicketPage(WebTest):
    def test_right_key_opens_the_page_and_its_state(self):
        t = self.take("A")
        url = "/t/%s/%s?k=%s" % (t["day"], t["number"], t["key"])
        status, h, body = self.get(url)
        self.assertEqual(status, 200)
        self.assertIn(b"/static/ticket.js", body)
        self.assertEqual(h["cache-control"], "no-store")
        st = json.loads(self.get("/t/%s/%s/state?k=%s" % (
            t["day"], t["number"], t["key"]))[2])
        self.assertEqual(st["number"], t["number"])
        self.assertEqual(st["state"], "waiting")
        self.assertNotIn("key", st)

    def test_wrong_key_and_missing_number_are_the_same_404(self):
        t = self.take("A")
        wrong = self.get("/t/%s/%s?k=%s" % (t["day"], t["number"],
                                            "x" * len(t["key"])))
        missing = self.get("/t/%s/A999?k=%s" % (t["day"], t["key"]))
        nokey = self.get("/t/%s/%s" % (t["day"], t["number"]))
        self.assertEqual(wrong[0], 404)
        self.assertEqual((wrong[0], wrong[2]), (missing[0], missing[2]))
        self.assertEqual((wrong[0], wrong[2]), (nokey[0], nokey[2]))
        self.assertEqual(self.get("/t/%s/%s/state?k=%s" % (
            t["day"], t["number"], t["key"][:-1] + "?"))[0], 404)

    def test_repeated_wrong_keys_from_one_address_are_slowed(self):
        t = self.take("A")
        codes = [self.get("/t/%s/%s?k=guess%02d" % (t["day"], t["number"], i))[0]
                 for i in range(12)]
        self.assertEqual(codes[:10], [404] * 10)
        self.assertEqual(codes[10:], [429, 429])
        # Even the right key waits now: the limit tells nothing.
        status, h, _ = self.get("/t/%s/%s?k=%s" % (t["day"], t["number"], t["key"]))
        self.assertEqual(status, 429)
        self.assertTrue(1 <= int(h["retry-after"]) <= 60)

    def test_behind_a_local_proxy_each_citizen_is_counted_alone(self):
        t = self.take("A")
        for i in range(10):
            self.assertEqual(self.get("/t/%s/%s?k=bad%d" % (
                t["day"], t["number"], i), {"X-Real-IP": "203.0.113.7"})[0], 404)
        self.assertEqual(self.get("/t/%s/%s?k=%s" % (
            t["day"], t["number"], t["key"]), {"X-Real-IP": "203.0.113.7"})[0], 429)
        self.assertEqual(self.get("/t/%s/%s?k=%s" % (
            t["day"], t["number"], t["key"]), {"X-Real-IP": "203.0.113.8"})[0], 200)

    def test_stream_sends_the_state_then_each_change(self):
        t = self.take("A")
        s = Stream(self.port, "/t/%s/%s/events?k=%s" % (t["day"], t["number"],
                                                        t["key"]))
        self.assertEqual(s.status, 200)
        self.assertEqual(s.next("ticket")["state"], "waiting")
        self.d.cli("call", "1")
        called = s.next("ticket")
        self.assertEqual((called["state"], called["window"]), ("called", 1))
        s.close()

    def test_hello_tells_kiosks_the_public_url(self):
        c = self.d.client(role="kiosk")
        self.assertEqual(c.welcome["status_url"], self.base + "/t")
        c.close()


# 2026-03-02 10:00 in Asia/Shanghai, a Monday.
MONDAY_10H = 1772416800000
DAY_MS = 24 * 3600 * 1000


class TicketRating(WebTest):
    """补评 on the ticket's page: the ticket's key is the credential, the
    rating goes on channel web under the rate op's rules, and each refusal
    stores nothing."""

    extra_args = ("--test-clock",)
    test_clock_ms = MONDAY_10H

    def setUp(self):
        super().setUp()
        self.now = MONDAY_10H
        self.admin = self.d.client()

    def tearDown(self):
        self.admin.close()
        super().tearDown()

    def later(self, ms):
        self.now += ms
        path = os.path.join(self.d.data, "test-clock")
        with open(path + ".new", "w") as f:
            f.write("%d\n" % self.now)
        os.replace(path + ".new", path)

    def served(self, window=1):
        t = self.admin.call("take", queue="A")["ticket"]
        self.admin.call("call", window=window)
        self.later(60000)
        self.admin.call("finish", window=window)
        return t

    def rated(self):
        return self.d.cli("ratings", "--from", "2026-03-01", "--to",
                          "2026-03-31", "--by", "window")["total"]["rated"]

    def state(self, t):
        return json.loads(self.get("/t/%s/%s/state?k=%s" % (
            t["day"], t["number"], t["key"]))[2])

    def rate(self, t, body, key=None):
        status, _, data = self.get(
            "/t/%s/%s/rate?k=%s" % (t["day"], t["number"], key or t["key"]),
            method="POST", body=json.dumps(body).encode(),
            headers={"Content-Type": "application/json"})
        return status, (json.loads(data) if data.startswith(b"{") else None)

    def refused(self, t, body, status, code, key=None):
        before = self.rated()
        got, reply = self.rate(t, body, key)
        self.assertEqual(got, status, reply)
        if code:
            self.assertEqual(reply["code"], code, reply)
        self.assertEqual(self.rated(), before, "a refused rating was stored")

    def test_finished_service_is_rated_once_on_channel_web(self):
        t = self.served()
        r = self.state(t)["rating"]
        self.assertEqual((r["open"], r["rated"], r["window"]), (True, False, 1))
        self.assertEqual(r["until"], self.now + 7 * DAY_MS)
        self.assertIn("服务态度", r["reasons"])
        # A wrong key is the page's 404; a 差评 needs a known reason.
        self.refused(t, {"level": 5}, 404, None, key="0" * len(t["key"]))
        self.refused(t, {"level": 2}, 409, "reason_required")
        self.refused(t, {"level": 1, "reasons": ["天气"]}, 400, "bad_request")
        self.refused(t, {"level": 9}, 400, "bad_request")  # proto range
        status, reply = self.rate(t, {"level": 2, "reasons": ["办事效率"],
                                      "channel": "paper", "window": 3})
        self.assertEqual(status, 200, reply)
        got = reply["rating"]
        self.assertEqual((got["channel"], got["level"], got["window"],
                          got["reasons"]), ("web", 2, 1, ["办事效率"]))
        self.assertEqual(self.rated(), 1)
        r = self.state(t)["rating"]
        self.assertEqual((r["open"], r["rated"]), (False, True))
        self.assertNotIn("level", r)  # the page never shows it back
        # One rating per service, whatever the channel; the 差评 opened
        # its ledger entry like any other.
        self.refused(t, {"level": 5}, 409, "already_rated")
        with self.assertRaises(qhtest.ReplyError) as cm:
            self.admin.call("rate", number=t["number"], level=5,
                            channel="paper")
        self.assertEqual(cm.exception.code, "already_rated")
        self.assertEqual(len(self.d.cli("reviews")["reviews"]), 1)

    def test_a_bad_rating_may_leave_a_phone_for_the_callback(self):
        t = self.served()
        self.refused(t, {"level": 5, "phone": "13812345678"}, 400,
                     "bad_request")
        self.refused(t, {"level": 1, "reasons": ["其他"], "phone": "12ab"},
                     400, "bad_request")
        status, reply = self.rate(t, {"level": 1, "reasons": ["其他"],
                                      "note": "没有座位",
                                      "phone": "13812345678"})
        self.assertEqual(status, 200, reply)
        self.assertEqual(reply["rating"]["phone"], "138****5678")
        entry = self.d.cli("reviews")["reviews"][0]
        self.assertEqual((entry["number"], entry["phone"]),
                         (t["number"], "13812345678"))

    def test_rated_on_the_evaluator_is_not_offered_again(self):
        rater = self.d.client(role="rater", window=1)
        try:
            t = self.served()
            rater.call("rate", number=t["number"], level=4)
        finally:
            rater.close()
        r = self.state(t)["rating"]
        self.assertEqual((r["open"], r["rated"]), (False, True))
        self.refused(t, {"level": 5}, 409, "already_rated")

    def test_after_the_rating_period_it_is_closed(self):
        t = self.served()
        self.later(7 * DAY_MS - 1000)
        self.assertTrue(self.state(t)["rating"]["open"])
        self.later(2000)
        self.assertFalse(self.state(t)["rating"]["open"])
        self.refused(t, {"level": 5}, 409, "rating_closed")

    def test_nothing_to_rate_before_a_service_ends(self):
        t = self.admin.call("take", queue="A")["ticket"]
        self.assertIsNone(self.state(t)["rating"])
        self.refused(t, {"level": 5}, 409, "not_finished")
        self.admin.call("call", window=1)
        self.refused(t, {"level": 5}, 409, "not_finished")

    def test_no_socket_client_can_take_the_pages_role(self):
        t = self.served()
        with self.assertRaises(qhtest.ReplyError) as cm:
            self.d.client(role="ticket").call("rate", number=t["number"],
                                              level=5)
        self.assertEqual(cm.exception.code, "bad_request")
        self.assertEqual(self.rated(), 0)

    def test_bad_bodies_and_methods_are_refused(self):
        t = self.served()
        base = "/t/%s/%s" % (t["day"], t["number"])
        for body in (b"", b"[5]", b"{nope", b"x" * 20000):
            status, _, _ = self.get(base + "/rate?k=" + t["key"],
                                    method="POST", body=body)
            self.assertIn(status, (400, 413), body[:10])
        self.assertEqual(self.get(base + "/rate?k=" + t["key"])[0], 404)
        self.assertEqual(self.get(base + "/state?k=" + t["key"],
                                  method="POST", body=b"{}")[0], 404)
        self.assertEqual(self.rated(), 0)



class ConsoleLedger(WebTest):
    """The console's 差评 ledger: a supervisor's session only, phones
    masked on the list."""

    def test_ledger_needs_a_session_and_masks_phones(self):
        self.assertEqual(self.get("/console/reviews")[0], 401)
        self.assertEqual(self.get("/console/reviews", method="POST",
                                  body=b"{}")[0], 405)
        os.environ["QHALL_PIN"] = "246810"
        try:
            self.d.cli("staff", "add", "2001", "--name", "张主管", "--role",
                       "supervisor")
        finally:
            del os.environ["QHALL_PIN"]
        t = self.take("A")
        self.d.cli("call", "1")
        self.d.cli("finish", "1")
        self.d.cli("rate", t["number"], "2", "--reason", "办事效率",
                   "--phone", "13812345678", "--channel", "paper")
        status, h, body = self.get(
            "/console/login", method="POST",
            body=json.dumps({"staff": "2001", "pin": "246810"}).encode())
        self.assertEqual(status, 200, body)
        cookie = h["set-cookie"].split(";")[0]
        status, _, body = self.get("/console/reviews?open=1",
                                   headers={"Cookie": cookie})
        self.assertEqual(status, 200)
        got = json.loads(body)["reviews"]
        self.assertEqual([(e["number"], e["state"], e["phone"]) for e in got],
                         [(t["number"], "to_verify", "138****5678")])
        overdue = json.loads(self.get("/console/reviews?overdue=1",
                                      headers={"Cookie": cookie})[2])
        self.assertEqual(overdue["reviews"], [])
        # The whole number stays in the ledger for the CLI's supervisor.
        self.assertEqual(self.d.cli("reviews")["reviews"][0]["phone"],
                         "13812345678")


class PublicUrl(WebTest):
    http_config = "[http]\npublic_url = https://hall.example\n"

    def test_public_url_is_the_configured_one(self):
        c = self.d.client(role="kiosk")
        self.assertEqual(c.welcome["status_url"], "https://hall.example/t")
        c.close()


class Api(WebTest):
    def test_api_needs_a_device_token(self):
        for path in ("/api/status", "/healthz", "/api/events"):
            status, h, _ = self.get(path)
            self.assertEqual(status, 401, path)
            self.assertEqual(h["www-authenticate"], "Bearer")
            self.assertEqual(self.get(path, {"Authorization": "Bearer " + "0" * 48})[0],
                             401)

    def test_status_and_healthz_with_a_token(self):
        token = self.device("tv1", "display")
        self.take("A")
        self.d.cli("call", "1")
        auth = {"Authorization": "Bearer " + token}
        status, _, body = self.get("/api/status", auth)
        self.assertEqual(status, 200)
        st = json.loads(body)
        w1 = [w for w in st["windows"] if w["window"] == 1][0]
        self.assertEqual(w1["ticket"]["number"], "A001")
        self.assertNotIn("key", w1["ticket"])  # a display never sees keys
        status, _, body = self.get("/healthz", auth)
        self.assertEqual(status, 200)
        self.assertTrue(json.loads(body)["ok"])

    def test_events_stream_carries_the_daemons_events(self):
        token = self.device("bi", "display")
        s = Stream(self.port, "/api/events",
                   {"Authorization": "Bearer " + token})
        self.assertEqual(s.status, 200)
        self.take("B")
        ev = s.next("event")
        self.assertEqual(ev["event"], "taken")
        self.assertEqual(ev["ticket"]["number"], "B001")
        self.assertNotIn("key", ev["ticket"])
        s.close()


class StreamCap(WebTest):
    http_config = "[daemon]\nmax_output_kib = 64\n"

    def test_a_stream_that_never_reads_is_dropped_alone(self):
        token = self.device("slow", "display")
        stuck = Stream(self.port, "/api/events",
                       {"Authorization": "Bearer " + token}, rcvbuf=4096)
        live = Stream(self.port, "/api/events",
                      {"Authorization": "Bearer " + token})
        seen = []

        def read_live():
            for ev, data in live.messages(60):
                if ev == "event" and data["event"] == "notice":
                    seen.append(data)
                    if len(seen) == 400:
                        return
        reader = threading.Thread(target=read_live)
        reader.start()
        admin = self.d.client()
        # Long notices make big events: the stuck stream's backlog grows.
        for i in range(400):
            admin.call("notice", text="通知 %d " % i + "长" * 300)
        reader.join(60)
        # The reader saw every one of them; the stuck one was cut off.
        self.assertEqual(len(seen), 400)

        def dropped():
            with open(self.d.log) as f:
                self.assertIn("dropping a stream", f.read())
        qhtest.eventually(dropped)
        stuck.close()
        live.close()
        self.assertEqual(self.get("/")[0], 200)


class BadInput(WebTest):
    def assert_unharmed(self):
        self.assertTrue(self.d.alive())
        self.assertEqual(self.get("/")[0], 200)
        self.d.client().call("status")

    def test_bad_paths_are_400(self):
        for path in (b"/static/../qhall.db", b"/static/%2e%2e/qhall.db",
                     b"/t/a%00b", b"/static/ticket.js%00.html",
                     b"/static/..%2fqhall.db",
                     b"/static/a%5c..%5cb", b"/%0a"):
            code = self.raw(b"GET " + path + b" HTTP/1.1\r\nHost: x\r\n\r\n")
            self.assertEqual(code, 400, path)
        # Read as an authority and a path: routed nowhere.
        self.assertIn(self.raw(b"GET //etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n"),
                      (400, 404))
        self.assertEqual(self.raw(b"GET /" + b"a" * 600 + b" HTTP/1.1\r\n"
                                  b"Host: x\r\n\r\n"), 400)
        self.assert_unharmed()

    def test_bad_methods_are_4xx(self):
        for m in ("PUT", "DELETE", "PATCH", "OPTIONS", "TRACE"):
            status, h, _ = self.get("/", method=m)
            self.assertEqual(status, 405, m)
            self.assertEqual(h["allow"], "GET, HEAD")
        self.assertEqual(self.get("/api/status", method="POST")[0], 405)
        # A method HTTP does not know: 501 as RFC 9110 says, or 400.
        self.assertIn(self.raw(b"BREW / HTTP/1.1\r\nHost: x\r\n\r\n"), (400, 501))
        self.assertEqual(self.raw(b"\x00\x01garbage\r\n\r\n"), 400)
        self.assert_unharmed()

    def test_huge_headers_and_bodies_are_refused(self):
        self.assertEqual(self.raw(b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " +
                                  b"a" * 20000 + b"\r\n\r\n"), 400)
        many = b"".join(b"X-%d: y\r\n" % i for i in range(3000))
        self.assertEqual(self.raw(b"GET / HTTP/1.1\r\nHost: x\r\n" + many +
                                  b"\r\n"), 400)
        self.assertEqual(self.raw(b"POST /api/status HTTP/1.1\r\nHost: x\r\n"
                                  b"Content-Length: 100000\r\n\r\n" +
                                  b"a" * 100000), 413)
        self.assert_unharmed()

    def test_slow_loris_is_cut_off_and_others_are_served(self):
        slow = []
        for _ in range(20):
            s = socket.create_connection(("127.0.0.1", self.port), timeout=30)
            s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
            slow.append(s)
        started = time.monotonic()
        # Served meanwhile.
        self.assertEqual(self.get("/")[0], 200)
        # A header a second: the whole request never arrives in time.
        for i in range(30):
            for s in slow[:]:
                try:
                    s.sendall(b"X-%d: y\r\n" % i)
                except OSError:
                    slow.remove(s)
            if not slow:
                break
            time.sleep(1)
        self.assertEqual(slow, [], "slow requests were not cut off")
        self.assertLess(time.monotonic() - started, 30)
        self.assert_unharmed()


if __name__ == "__main__":
    qhtest.main()
