"""The screens held to the accessibility targets of docs/ACCESSIBILITY.md,
measured from the running programs against a real qhalld: the kiosk walked
from home to a ticket (and to its offline screen) in Chinese and English,
normal and 大字模式, the lobby display with a call on it. Every text's
ink is taken from the state dump and its background from the screenshot's
pixels; every button from the state dump, its edge from the pixels.

With QHALL_A11Y_REPORT=FILE the figures are also written to FILE (the
tables of docs/ACCESSIBILITY.md come from it).

Run as: python3 test_a11y.py BIN_DIR"""

import json
import os
import sys

import qhtest
import a11y_measure as M
from test_display_probe import Screen

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "print"))
import kiosktest as K  # noqa: E402

KIOSK = (1080, 1920)
HEADER_H = 210  # the kiosk's red band: the hall's name and the clock
BIG = 56        # a queue's letter in its badge, the ticket's number: text
                # this large already reads from metres away


def ticket_done(s):
    return s["screen"] == "ticket" and s["ticket"] and \
        s["ticket"]["phase"] == "not_printed"


class A11y(qhtest.DaemonTest):

    report = {}
    walks = None

    @classmethod
    def tearDownClass(cls):
        path = os.environ.get("QHALL_A11Y_REPORT")
        if path and cls.report:
            with open(path, "w") as f:
                json.dump(cls.report, f, ensure_ascii=False, indent=1,
                          sort_keys=True)

    def setUp(self):
        super().setUp()
        self.kiosks = []

    def tearDown(self):
        problems = []
        for k in self.kiosks:
            rc = k.stop()
            log = k.read_log()
            k.cleanup()
            bad = K.sanitizer_report(log)
            if bad or rc != 0:
                problems.append("kiosk: %s %s\n%s" % (bad, rc, log[-3000:]))
        super().tearDown()
        if problems:
            self.fail("\n".join(problems))

    def kiosk_walk(self, lang, large):
        """{screen: (state, picture)} from home to a ticket."""
        args = ["--lang", lang] + (["--large"] if large else [])
        k = K.Kiosk(qhtest.BIN, self.d.data, ["--no-print"] + args,
                    size=KIOSK)
        self.kiosks.append(k)
        got = {}

        def keep(st):
            got[st["screen"]] = (st, k.picture(st))

        def tap(bid, pred):
            return k.tap_and_wait_state(K.centre(k.state(), bid), pred)

        keep(k.wait_state(lambda s: s["screen"] == "home" and s["queues"]))
        keep(tap(K.ID_HOME_PRIORITY, lambda s: s["screen"] == "priority"))
        tap(K.ID_FOOTER_HOME, lambda s: s["screen"] == "home")
        keep(tap(0, lambda s: s["screen"] == "queue"))
        keep(tap(0, lambda s: s["screen"] == "item"))
        keep(tap(K.ID_ITEM_TAKE, ticket_done))
        tap(K.ID_TICKET_DONE, lambda s: s["screen"] == "home")
        self.d.stop()
        keep(k.wait_state(lambda s: s["screen"] == "offline"))
        self.d.start()
        return k, got

    def all_walks(self):
        """The four walks, once for all the tests (pictures and states)."""
        if A11y.walks is None:
            A11y.walks = {}
            for lang in ("zh", "en"):
                for large in (False, True):
                    k, got = self.kiosk_walk(lang, large)
                    A11y.walks[(lang, large)] = got
        return A11y.walks

    def check_contrast(self, where, st, img, design_w, edges=True,
                       inactive_look=None):
        """Texts at 7:1, edges at 3:1; a disabled button is exempt (WCAG
        1.4.6 and 1.4.11: inactive components), and reported. A program
        that draws a button inactive without disabling it says how it
        looks: inactive_look(ink, background)."""
        bad = []
        rows = []
        off = [b["rect"] for b in st["buttons"] if not b["enabled"]]
        for t, (text, size, ink, bg, r) in zip(st["texts"],
                                               M.texts(st, img, design_w)):
            inactive = M.inside(t["rect"], off) or (
                inactive_look is not None and inactive_look(ink, bg))
            rows.append([text, size, M.hexs(ink), M.hexs(bg),
                         round(r, 2) if r else None] +
                        (["inactive"] if inactive else []))
            if inactive:
                continue
            if r is None or r < M.TEXT_RATIO:
                bad.append("%s: %r %s on %s = %s" % (
                    where, text, M.hexs(ink), M.hexs(bg),
                    "?" if r is None else "%.2f" % r))
        measured = []
        for bid, rect, r in M.edges(st, img, design_w):
            measured.append([bid, rect, round(r, 2)])
            if edges and r < M.EDGE_RATIO and rect not in off:
                bad.append("%s: button %d at %r edge %.2f" % (
                    where, bid, rect, r))
        self.report.setdefault("contrast", {})[where] = rows
        self.report.setdefault("edges", {})[where] = measured
        return bad

    def test_kiosk_text_7_to_1_and_edges_3_to_1(self):
        bad = []
        for (lang, large), got in sorted(self.all_walks().items()):
            for screen, (st, img) in sorted(got.items()):
                where = "kiosk %s%s %s" % (lang, " large" if large else "",
                                           screen)
                bad += self.check_contrast(where, st, img, KIOSK[0])
        self.assertEqual(bad, [], "\n".join(bad))

    def test_kiosk_targets_120_high_24_apart(self):
        bad = []
        for (lang, large), got in sorted(self.all_walks().items()):
            for screen, (st, img) in sorted(got.items()):
                where = "kiosk %s%s %s" % (lang, " large" if large else "",
                                           screen)
                heights = [b["rect"][3] for b in st["buttons"]]
                gaps = [g for _, _, g in M.gaps(st)]
                self.report.setdefault("targets", {})[where] = {
                    "min_height": min(heights) if heights else None,
                    "min_gap": min(gaps) if gaps else None,
                    "buttons": len(heights)}
                for b in st["buttons"]:
                    if b["rect"][3] < M.TARGET_H:
                        bad.append("%s: button %d %r" % (where, b["id"],
                                                         b["rect"]))
                for a, b, g in M.gaps(st):
                    if g < M.TARGET_GAP:
                        bad.append("%s: buttons %d and %d %d apart" % (
                            where, a, b, g))
        self.assertEqual(bad, [], "\n".join(bad))

    def test_kiosk_large_text_is_1_5_times(self):
        walks = self.all_walks()
        bad = []
        for lang in ("zh", "en"):
            for screen, (st, _) in sorted(walks[(lang, False)].items()):
                big = walks[(lang, True)][screen][0]
                normal = {t["text"]: t["size"] for t in st["texts"]
                          if t["rect"][1] >= HEADER_H}
                large = M.sizes(big)
                ratios = []
                for text, size in sorted(normal.items()):
                    if text not in large or size >= BIG:
                        continue
                    r = large[text] / size
                    ratios.append(r)
                    # 3/2 of an integer size rounds down by up to a unit
                    if large[text] < size * 1.5 - 1:
                        bad.append("kiosk %s %s: %r %d -> %d (%.2fx)" % (
                            lang, screen, text, size, large[text], r))
                self.report.setdefault("large", {})[
                    "%s %s" % (lang, screen)] = {
                        "min": round(min(ratios), 2) if ratios else None,
                        "texts": len(ratios)}
        self.assertEqual(bad, [], "\n".join(bad))

    def test_display_lobby_contrast_and_sizes(self):
        """AAA on the lobby; the side panel's text at 36 or more, and
        every name inside the panel (wrapped, never cut)."""
        self.d.cli("take", "A")
        s = Screen("qhall-display", self.d, ["--windowed"], fifo=False)
        try:
            s.wait("the display up", lambda st: st["link"] == "up")
            self.d.cli("call", "1")
            st = s.wait("the call shown", lambda st: st.get("number_box") and
                        st["number_box"].get("text") == "A001")
            with open(st["screenshot"], "rb") as f:
                img = K.png_rgb(f.read())
            bad = self.check_contrast("display lobby", st, img, 1920)
            side = [t for t in st["texts"] if t["rect"][0] >= 1384 and
                    t["rect"][1] >= 144 and
                    t["rect"][1] < 990]
            self.report["lobby_side_min"] = min(t["size"] for t in side)
            for t in side:
                if t["size"] < 36:
                    bad.append("side panel: %r at %d" % (t["text"],
                                                         t["size"]))
                if t["rect"][0] + t["rect"][2] > 1384 + 496 - 20 or \
                        "…" in t["text"]:
                    bad.append("side panel: %r cut" % t["text"])
        finally:
            s.finish(self)
        self.assertEqual(bad, [], "\n".join(bad))

    def test_caller_contrast(self):
        admin = self.d.client()
        admin.call("staff_add", staff="s01", name="王芳", pin="1234")
        admin.close()
        self.d.cli("take", "A")
        s = Screen("qhall-caller", self.d, ["--window", "1", "--staff",
                                            "s01"], env={"QHALL_PIN": "1234"},
                   fifo=False)
        try:
            st = s.wait("logged in", lambda st: st["logged_in"] and
                        st["screen"] == "counter" and st["waiting"])
            with open(st["screenshot"], "rb") as f:
                img = K.png_rgb(f.read())
            # The caller greys the keys that do not apply now (#c8cfd9,
            # muted ink) and is worked by a trained clerk's keyboard: its
            # texts are held to 7:1, its keys' edges are only reported.
            bad = self.check_contrast(
                "caller counter", st, img, 800, edges=False,
                inactive_look=lambda ink, bg: bg == (0xc8, 0xcf, 0xd9))
        finally:
            s.finish(self)
        self.assertEqual(bad, [], "\n".join(bad))


if __name__ == "__main__":
    qhtest.main()
