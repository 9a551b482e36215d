"""The web face's server: static files and their headers, the ticket page's
key and its rate limit, the device-token API, the streams' output cap, and
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
