"""Routes on one number (并联审批) on every screen, against a real qhalld:
the kiosk shows the route before the number is taken (您需要依次办理：…,
under Xvfb), the paper ticket prints it, the caller tags a routed ticket
with its step, the lobby display announces the window of each step, and
the ticket's web page in Chromium follows the citizen along the route
without a reload. Each picture is compared with the same screen for a
hall whose catalog has no route, so a screen that stopped showing the
route fails. Pictures go to $QHALL_ROUTE_SHOTS (default: a temporary
folder).

Run as: python3 test_routes_ui.py BIN_DIR"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

import qhtest
import webdriver
from test_display_probe import Screen, png_size, text_match, wait_for
from webtest import WebTest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "print"))
import kiosktest as K  # noqa: E402

SHOTS = os.environ.get("QHALL_ROUTE_SHOTS") or tempfile.mkdtemp(
    prefix="qhall-route-shots-")
SIZE = (540, 960)
MATCH = 0.97


def catalog_without_route():
    with open(qhtest.CATALOG) as f:
        cat = json.load(f)
    for it in cat["items"]:
        it.pop("route", None)
    return json.dumps(cat, ensure_ascii=False)


def free_display():
    for n in range(110, 140):
        if not os.path.exists("/tmp/.X11-unix/X%d" % n) and \
                not os.path.exists("/tmp/.X%d-lock" % n):
            return ":%d" % n
    return None


def pixels_differ(a, b):
    """How many rows of two same-size screenshots differ."""
    return sum(1 for ra, rb in zip(a[1], b[1]) if ra != rb)


class RouteOnPaperAndKiosk(qhtest.DaemonTest):

    def setUp(self):
        super().setUp()
        self.tmp = tempfile.mkdtemp(prefix="qhall-route-ui-")
        self.kiosks = []
        self.plain = None

    def tearDown(self):
        problems = []
        for k in self.kiosks:
            rc = k.stop()
            log = k.read_log()
            k.cleanup()
            bad = K.sanitizer_report(log)
            if bad or rc != 0:
                problems.append("kiosk: %s rc %s\n%s" % (bad, rc, log[-3000:]))
        if self.plain:
            self.plain.cleanup()
        shutil.rmtree(self.tmp, ignore_errors=True)
        super().tearDown()
        if problems:
            self.fail("\n".join(problems))

    def plain_hall(self):
        """A second hall whose catalog is the same without any route."""
        data = tempfile.mkdtemp(prefix="qhall-noroute-")
        with open(os.path.join(data, "catalog.json"), "w") as f:
            f.write(catalog_without_route())
        self.plain = qhtest.Daemon(data=data)
        self.plain.owns_data = True
        self.plain.start()
        return self.plain

    def issue(self, daemon, png):
        r = subprocess.run(
            [os.path.join(qhtest.BIN, "qhall-kiosk"), "--data", daemon.data,
             "--no-print", "--issue", "E", "--item", "E01",
             "--ticket-png", png],
            capture_output=True, text=True, timeout=120,
            env=dict(os.environ, SDL_VIDEODRIVER="dummy"))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIsNone(K.sanitizer_report(r.stderr))
        return json.loads(r.stdout)

    def test_printed_ticket_prints_the_route(self):
        out = self.issue(self.d, os.path.join(SHOTS, "ticket-route-%s.png"))
        self.assertEqual((out["ticket"]["route_step"],
                          out["ticket"]["route_steps"]), (1, 3))
        plain = self.plain_hall()
        self.issue(plain, os.path.join(self.tmp, "ticket-plain-%s.png"))
        with open(os.path.join(SHOTS, "ticket-route-E001.png"), "rb") as f:
            routed = K.png_rgb(f.read())
        with open(os.path.join(self.tmp, "ticket-plain-E001.png"), "rb") as f:
            bare = K.png_rgb(f.read())
        # four lines more (the heading and three steps), the QR still reads
        self.assertGreater(len(routed[1]) - len(bare[1]), 4 * 28)
        self.assertEqual(K.zbar_png(os.path.join(SHOTS,
                                                 "ticket-route-E001.png")),
                         [out["url"]])

    @unittest.skipUnless(shutil.which("Xvfb"), "Xvfb is needed")
    def test_kiosk_shows_the_route_before_taking_under_xvfb(self):
        disp = free_display()
        xvfb = subprocess.Popen(["Xvfb", disp, "-screen", "0", "800x1000x24",
                                 "-nolisten", "tcp"],
                                stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 10
            while not os.path.exists("/tmp/.X11-unix/X" + disp[1:]):
                self.assertLess(time.monotonic(), deadline, "Xvfb")
                time.sleep(0.05)
            shots = []
            for daemon in (self.d, self.plain_hall()):
                k = K.Kiosk(qhtest.BIN, daemon.data, ("--no-print",),
                            size=SIZE, display=disp)
                self.kiosks.append(k)
                k.wait_shot("home")
                k.tap_and_wait(K.home_row(4), "queue")  # E 不动产登记
                shots.append(k.tap_and_wait(K.queue_item(0), "item"))  # E01
                if daemon is self.d:
                    shutil.copy(k.shot("item"),
                                os.path.join(SHOTS, "kiosk-item-route.png"))
                    st = k.tap_and_wait_state(
                        K.ITEM_TAKE, lambda s: s["screen"] == "ticket" and
                        s["ticket"] and s["ticket"].get("number") == "E001")
                    shutil.copy(st["screenshot"],
                                os.path.join(SHOTS, "kiosk-ticket-route.png"))
                k.stop()
            routed, bare = shots
            # the title is the same (below the header, whose clock may
            # have turned a minute); under it the route's section comes
            # first, so the card differs from there on
            self.assertEqual(routed[1][108:150], bare[1][108:150])
            self.assertGreater(pixels_differ(routed, bare), 200)
            self.assertEqual(steps(self.d.cli("route", "E001")),
                             ["waiting", "pending", "pending"])
        finally:
            for k in self.kiosks:  # before their X server goes
                k.stop()
            xvfb.terminate()
            xvfb.wait(10)


def steps(route):
    return [s["state"] for s in route["steps"]]


class RouteAtCounterAndLobby(qhtest.DaemonTest):

    def setUp(self):
        super().setUp()
        self.screens = []
        self.wavs = tempfile.mkdtemp(prefix="qhall-wav-")
        admin = self.d.client()
        admin.call("staff_add", staff="s01", name="王芳", pin="1234")
        admin.close()

    def tearDown(self):
        for s in self.screens:
            s.finish(self)
        shutil.rmtree(self.wavs, ignore_errors=True)
        super().tearDown()

    def test_caller_tags_the_step_and_display_names_each_window(self):
        disp = Screen("qhall-display", self.d,
                      ["--windowed", "--voice-wav", self.wavs])
        self.screens.append(disp)
        disp.wait("the display up", lambda st: st["link"] == "up")
        caller = Screen("qhall-caller", self.d,
                        ["--window", "11", "--staff", "s01"],
                        env={"QHALL_PIN": "1234"})
        self.screens.append(caller)
        caller.wait("logged in", lambda s: s["logged_in"] and
                    s["screen"] == "counter")
        self.d.cli("take", "E", "--item", "E01")
        self.d.cli("call", "6")
        st = disp.wait("E001 at 6", lambda s: s["latest"] and
                       s["latest"]["number"] == "E001" and
                       s["latest"]["window"] == 6)
        self.assertEqual(st["latest"]["text"], "E001 → 6号窗口")
        self.d.cli("finish", "6")
        self.d.cli("call", "11")  # step 2 by its G leg, at window 11
        st = disp.wait("E001 at 11", lambda s: s["latest"] and
                       s["latest"]["window"] == 11)
        self.assertEqual(st["latest"]["text"], "E001 → 11号窗口")
        self.assertGreaterEqual(text_match(st["screenshot"], st["window_box"],
                                           "11号窗口"), MATCH)
        shutil.copy(st["screenshot"], os.path.join(SHOTS,
                                                   "display-route.png"))
        wavs = wait_for("two announcements", lambda: [
            f for f in sorted(os.listdir(self.wavs)) if f.endswith(".wav")]
            if len(os.listdir(self.wavs)) >= 2 else None)
        self.assertEqual(wavs[:2], ["0001-E001-w6.wav", "0002-E001-w11.wav"])
        st = caller.wait("E001 at the counter", lambda s: s["ticket"] and
                         s["ticket"]["number"] == "E001")
        self.assertEqual(st["ticket"]["queue"], "G")
        self.assertEqual(st["ticket"]["route"], {"step": 2, "steps": 3})
        self.assertEqual(png_size(st["screenshot"]), (800, 480))
        shutil.copy(st["screenshot"], os.path.join(SHOTS, "caller-route.png"))
        # an ordinary ticket has no tag
        self.d.cli("finish", "11")
        self.d.cli("take", "G")
        self.d.cli("call", "11")
        st = caller.wait("G001", lambda s: s["ticket"] and
                         s["ticket"]["number"] == "G001")
        self.assertNotIn("route", st["ticket"])


@unittest.skipUnless(webdriver.available(), "needs chromium and chromium-driver")
class RouteOnTheTicketPage(WebTest):

    def setUp(self):
        super().setUp()
        try:
            self.b = webdriver.Browser(360, 780)
        except Exception:
            WebTest.tearDown(self)
            raise

    def tearDown(self):
        errors = self.b.console_errors()
        self.b.quit()
        super().tearDown()
        self.assertEqual([e for e in errors if "404" not in e], [])

    def test_page_follows_the_route_live(self):
        t = self.take("E", item="E01")
        c = self.d.client(role="kiosk")
        base = c.welcome["status_url"]
        c.close()
        self.b.get("%s/%s/%s?k=%s" % (base, t["day"], t["number"], t["key"]))
        self.b.wait_text("您的办理路线", "#route")
        items = lambda: self.b.js(  # noqa: E731
            "return Array.from(document.querySelectorAll('#route-list li'))"
            ".map(function (l) { return l.className + '|' + l.textContent; "
            "});")
        self.assertEqual(len(items()), 3)
        self.assertIn("route-waiting", items()[0])
        self.assertIn("不动产登记", items()[0])
        self.assertIn("税务综合、住房公积金", items()[1])
        self.b.screenshot(os.path.join(SHOTS, "web-ticket-route.png"))
        self.b.js("window.qhallMarker = 7;")
        self.d.cli("call", "6")
        self.d.cli("finish", "6")
        self.d.cli("call", "4")
        self.d.cli("finish", "4")  # D done, G still to go
        self.b.wait_text("已办：税务综合", "#route", timeout=10.0)
        li = items()
        self.assertIn("route-done", li[0])
        self.assertIn("route-waiting", li[1])
        self.assertIn("route-pending", li[2])
        self.assertEqual(self.b.js("return window.qhallMarker;"), 7)
        self.b.wait_text("等候中", "#state")
        self.b.screenshot(os.path.join(SHOTS, "web-ticket-route-step2.png"))
        self.d.cli("call", "11")
        self.b.wait_text("请到 11 号窗口", "#state", timeout=10.0)
        self.assertIn("route-serving", items()[1])
        self.b.screenshot(os.path.join(SHOTS, "web-ticket-route-called.png"))
        self.b.click("#lang")
        self.b.wait_text("Your route", "#route")
        self.b.wait_text("Tax services / Housing provident fund", "#route")
        self.b.screenshot(os.path.join(SHOTS, "web-ticket-route-en.png"))

    def test_ticket_without_route_shows_none(self):
        t = self.take("A", item="A01")
        c = self.d.client(role="kiosk")
        base = c.welcome["status_url"]
        c.close()
        self.b.get("%s/%s/%s?k=%s" % (base, t["day"], t["number"], t["key"]))
        self.b.wait_text("等候中", "#state")
        self.assertTrue(self.b.js(
            "return document.getElementById('route').hidden;"))


if __name__ == "__main__":
    qhtest.main()
