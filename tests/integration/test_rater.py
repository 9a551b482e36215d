"""qhall-rater, the evaluator at a window, against a real qhalld, headless
(SDL's dummy driver, scripted taps, a PNG after each change): a finish
prompts it and a tap is stored; a prompt left alone times out as 未评 with
nothing sent; a 差评 cannot be sent without a reason; the five levels are
alike and in one order with none chosen; nothing but a finish at its own
window prompts it.

Run as: python3 test_rater.py BIN_DIR"""

import struct
import zlib

import qhtest
from test_display_probe import Screen, png_size


def png_pixels(path):
    """(width, height, rows of (r, g, b)) of an 8-bit RGB(A) PNG."""
    with open(path, "rb") as f:
        data = f.read()
    pos, idat, w = 8, b"", 0
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, color = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and color in (2, 6), "not 8-bit RGB(A)"
            bpp = 3 if color == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    raw = zlib.decompress(idat)
    stride = w * bpp
    rows, prev = [], bytearray(stride)
    for y in range(h):
        ft = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if ft == 1:
                line[i] = (line[i] + a) & 255
            elif ft == 2:
                line[i] = (line[i] + b) & 255
            elif ft == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif ft == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pr = a if pa <= pb and pa <= pc else b if pb <= pc else c
                line[i] = (line[i] + pr) & 255
        rows.append(bytes(line))
        prev = line
    return w, h, [[tuple(r[x * bpp:x * bpp + 3]) for x in range(w)]
                  for r in rows]


class RaterTest(qhtest.DaemonTest):

    def setUp(self):
        super().setUp()
        self.screens = []
        self.admin = self.d.client()
        self.admin.call("staff_add", staff="1001", name="王芳", pin="1234")
        self.admin.call("login", window=1, staff="1001", pin="1234")

    def tearDown(self):
        for s in self.screens:
            s.finish(self)
        self.admin.close()
        super().tearDown()

    def rater(self, *args):
        s = Screen("qhall-rater", self.d,
                   ["--window", "1", "--windowed"] + list(args))
        self.screens.append(s)
        s.wait("the rater up", lambda st: st["link"] == "up" and
               st["staff_id"] == "1001" and st["timeout_ms"] > 0)
        return s

    def finish(self, window=1):
        n = self.admin.call("take", queue="A")["ticket"]["number"]
        self.admin.call("call", window=window)
        self.admin.call("finish", window=window)
        return n

    def tap(self, s, st, label=None, id=None):
        [b] = [b for b in st["buttons"]
               if (label is not None and b["label"] == label) or
               (id is not None and b["id"] == id)]
        s.send("tap %d %d" % (b["x"] + b["w"] // 2, b["y"] + b["h"] // 2))

    def figures(self):
        return self.d.cli("ratings", "--from", "2000-01-01", "--to",
                          "2100-01-01", "--by", "window")["total"]

    def test_finish_prompts_and_a_tap_is_stored(self):
        s = self.rater()
        st = s.state()
        self.assertEqual((st["screen"], st["staff_name"]), ("idle", "王芳"))
        n = self.finish()
        st = s.wait("the prompt", lambda st: st["screen"] == "rate")
        self.assertEqual((st["number"], st["level"]), (n, 0))
        self.assertEqual(png_size(st["screenshot"]), (1280, 800))
        self.tap(s, st, label="满意")
        s.wait("thanks", lambda st: st["screen"] == "thanks" and
               st["result"] == "rated")
        f = self.figures()
        self.assertEqual((f["rated"], f["levels"]["4"]), (1, 1))
        s.wait("idle again", lambda st: st["screen"] == "idle", timeout=10)

    def test_screen_is_neutral(self):
        s = self.rater()
        self.finish()
        st = s.wait("the prompt", lambda st: st["screen"] == "rate")
        levels = [b for b in st["buttons"] if b["label"]]
        self.assertEqual([b["label"] for b in levels],
                         ["非常满意", "满意", "基本满意", "不满意", "非常不满意"])
        self.assertEqual(len({(b["w"], b["h"], b["y"]) for b in levels}), 1)
        self.assertEqual(st["level"], 0)  # nothing chosen beforehand
        # Each button's fill, sampled inside it, is the same colour.
        w, h, px = png_pixels(st["screenshot"])
        fills = {px[b["y"] + 20][b["x"] + 20] for b in levels}
        self.assertEqual(len(fills), 1, fills)
        # The same order again for the next citizen.
        self.tap(s, st, label="非常满意")
        s.wait("idle", lambda st: st["screen"] == "idle", timeout=10)
        self.finish()
        st2 = s.wait("the next prompt", lambda st: st["screen"] == "rate")
        self.assertEqual([b["label"] for b in st2["buttons"] if b["label"]],
                         [b["label"] for b in levels])

    def test_unanswered_prompt_times_out_as_unrated(self):
        s = self.rater("--timeout", "5")
        self.finish()
        s.wait("the prompt", lambda st: st["screen"] == "rate")
        s.wait("the timeout", lambda st: st["screen"] == "idle" and
               st["result"] == "unrated", timeout=15)
        f = self.figures()
        self.assertEqual((f["services"], f["rated"], f["unrated"]), (1, 0, 1))

    def test_bad_rating_needs_a_reason_before_it_is_sent(self):
        s = self.rater()
        n = self.finish()
        st = s.wait("the prompt", lambda st: st["screen"] == "rate")
        self.tap(s, st, label="非常不满意")
        st = s.wait("the reasons", lambda st: st["screen"] == "reasons")
        self.assertIn("其他", [b["label"] for b in st["buttons"]])
        self.tap(s, st, id=51)  # submit with no reason: nothing happens
        self.tap(s, st, label="等候时间长")
        st = s.wait("a reason chosen", lambda st: st["chosen"] == ["等候时间长"])
        self.assertEqual(self.figures()["rated"], 0)
        self.tap(s, st, id=51)
        s.wait("thanks", lambda st: st["screen"] == "thanks" and
               st["result"] == "rated")
        f = self.figures()
        self.assertEqual((f["levels"]["1"], f["reviews"]), (1, 1))
        [e] = self.d.cli("reviews")["reviews"]
        self.assertEqual((e["number"], e["level"]), (n, 1))

    def test_only_a_finish_at_its_own_window_prompts(self):
        s = self.rater()
        self.admin.call("take", queue="A")
        self.admin.call("call", window=1)    # called, not finished
        self.admin.call("serve", window=1)
        self.finish(window=2)                # another window's finish
        # Events come in order: once the logout shows, those before it
        # were read and passed over.
        self.admin.call("logout", window=1)
        s.wait("the logout", lambda st: st["staff_id"] == "")
        self.assertEqual(s.state()["screen"], "idle")
        self.admin.call("login", window=1, staff="1001", pin="1234")
        s.wait("the login", lambda st: st["staff_id"] == "1001")
        self.admin.call("finish", window=1)
        s.wait("the prompt", lambda st: st["screen"] == "rate")

    def test_small_screen_english_and_large_text(self):
        s = self.rater("--size", "800x480", "--lang", "en", "--large")
        self.finish()
        st = s.wait("the prompt", lambda st: st["screen"] == "rate")
        self.assertEqual(png_size(st["screenshot"]), (800, 480))
        self.assertEqual((st["lang"], st["large"]), ("en", True))
        self.assertEqual([b["label"] for b in st["buttons"] if b["label"]][0],
                         "Very satisfied")
        s.send("key F9")
        s.wait("Chinese", lambda st: st["lang"] == "zh")


if __name__ == "__main__":
    qhtest.main()
