"""Running qhall-kiosk in tests: headless (SDL's dummy driver, or a given
display), touched through its --input FIFO, watched through its
--screenshot PNGs (one file per screen, rewritten on each frame) and its
--state-json (what the screen shows: the screen, the language, the ticket
and its phase, why no ticket is offered...), written after the PNG of the
same frame.

Touch points are in the kiosk's design units (1080x1920) and mirror the
layout constants of kiosk/screen-*.c and kiosk/chrome.c; the FIFO takes
them as they are (common/ui/ui-input.h). Only a real pointer (xdotool)
needs window pixels: px().
"""

import errno
import json
import os
import shutil
import subprocess
import tempfile
import time

import printstack

DESIGN_W, DESIGN_H = 1080, 1920
HERE = os.path.dirname(os.path.abspath(__file__))

# Design points of the buttons (centres). The home screen shows five
# queues a page (HOME_PER_PAGE) and pages with HOME_NEXT / HOME_PREV.
HOME_PER_PAGE = 5


def home_row(i):
    """Queue i's row, on the page that shows it (home_page(i))."""
    return (540, 330 + (i % HOME_PER_PAGE) * 160 + 68)


def centre(st, bid):
    """The middle of button bid as the state says it is laid out."""
    for b in st["buttons"]:
        if b["id"] == bid:
            x, y, w, h = b["rect"]
            return (x + w // 2, y + h // 2)
    raise AssertionError("no button %d on %s" % (bid, st["screen"]))


# Button ids (kiosk.h, screen-*.c), for centre().
ID_HOME_PRIORITY = 300
ID_ITEM_TAKE = 1
ID_TICKET_DONE = 1
ID_FOOTER_HOME = 1001


def home_page(i):
    return i // HOME_PER_PAGE


HOME_NEXT = (788, 1190)
HOME_PREV = (292, 1190)
HOME_PRIORITY = (224, 1830)
HOME_LARGE = (514, 1830)
HOME_VOICE = (715, 1830)
HOME_LANG = (920, 1830)


def home_top(i):
    return (292 + (i % 2) * 496, 1508 + (i // 2) * 160)


def queue_item(i, priority=False):
    return (540, 557 + (80 if priority else 0) + i * 174)


QUEUE_DIRECT = (540, 1669)
ITEM_TAKE = (540, 1660)
FOOTER_BACK = (127, 1830)
FOOTER_HOME = (307, 1830)
FOOTER_LARGE = (514, 1830)
FOOTER_VOICE = (715, 1830)
FOOTER_LANG = (920, 1830)
TICKET_VOICE = (715, 1830)
TICKET_DONE = (224, 1830)
NOTICE_HOME = (540, 1495)


def priority_cell(i):
    return (56 + 236 + (i % 2) * 496, 511 + 75 + (i // 2) * 174)


# Colours the kiosk uses for outcomes (common/ui palette).
UI_INK = (0x1A, 0x22, 0x33)
UI_OK = (0x12, 0x60, 0x32)
UI_WARN = (0x95, 0x32, 0x09)
UI_GREEN = (0x0B, 0x5F, 0x35)


def sanitizer_report(text):
    for bad in ("AddressSanitizer", "runtime error:", "LeakSanitizer"):
        if bad in text:
            return bad
    return None


class Kiosk:
    """A qhall-kiosk process; stopped by PID (or by "quit" on its FIFO)."""

    def __init__(self, bin_dir, data, args=(), env=None, size=(540, 960),
                 display=None):
        self.dir = tempfile.mkdtemp(prefix="qhall-kiosk-")
        self.size = size
        self.fifo = os.path.join(self.dir, "input")
        os.mkfifo(self.fifo)
        self.log = os.path.join(self.dir, "kiosk.log")
        self.state_path = os.path.join(self.dir, "state.json")
        e = dict(env if env is not None else os.environ)
        e.setdefault("SDL_AUDIODRIVER", "dummy")
        if display:
            e["SDL_VIDEODRIVER"] = "x11"
            e["DISPLAY"] = display
            # SDL's X11 driver leaks inside libdbus and inside X libraries
            # it dlclose()s at exit (so LeakSanitizer cannot even name
            # them, and no suppression can match). Our code's leaks are
            # checked by every run under the dummy driver.
            e["ASAN_OPTIONS"] = (e.get("ASAN_OPTIONS", "") +
                                 ":detect_leaks=0").lstrip(":")
        else:
            e["SDL_VIDEODRIVER"] = "dummy"
        cmd = [os.path.join(bin_dir, "qhall-kiosk"), "--data", data,
               "--windowed", "--size", "%dx%d" % size, "--input", self.fifo,
               "--screenshot", os.path.join(self.dir, "shot-%s.png"),
               "--state-json", self.state_path, "--verbose"] + list(args)
        logf = open(self.log, "ab")
        self.proc = subprocess.Popen(cmd, stdout=logf, stderr=logf, env=e)
        logf.close()
        self.fd = None
        deadline = time.monotonic() + 20
        while self.fd is None:
            try:
                self.fd = os.open(self.fifo, os.O_WRONLY | os.O_NONBLOCK)
            except OSError as ex:
                if ex.errno != errno.ENXIO or time.monotonic() > deadline \
                        or self.proc.poll() is not None:
                    log = self.read_log()
                    self.cleanup()
                    raise RuntimeError("kiosk did not start: " + log)
                time.sleep(0.02)

    def read_log(self):
        with open(self.log, errors="replace") as f:
            return f.read()

    def shot(self, name):
        return os.path.join(self.dir, "shot-%s.png" % name)

    def stamp(self, name):
        try:
            st = os.stat(self.shot(name))
            return (st.st_mtime_ns, st.st_ino)
        except FileNotFoundError:
            return None

    def wait_shot(self, name, after=None, pred=None, timeout=20.0):
        """The screen's PNG once it is newer than `after` (and pred holds);
        returns (width, rgb rows)."""
        deadline = time.monotonic() + timeout
        last = None
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError("kiosk exited %d:\n%s" % (
                    self.proc.returncode, self.read_log()[-3000:]))
            st = self.stamp(name)
            if st is not None and st != after and st != last:
                last = st
                try:
                    with open(self.shot(name), "rb") as f:
                        img = png_rgb(f.read())
                except (ValueError, OSError):
                    img = None
                if img and (pred is None or pred(img)):
                    return img
            time.sleep(0.05)
        raise AssertionError("screen %s did not come (log):\n%s" % (
            name, self.read_log()[-3000:]))

    def state(self):
        """The last state written, or None before the first."""
        try:
            with open(self.state_path) as f:
                return json.load(f)
        except (FileNotFoundError, ValueError):
            return None

    def wait_state(self, pred, timeout=20.0):
        """The state once pred(state) holds."""
        deadline = time.monotonic() + timeout
        last = None
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError("kiosk exited %d:\n%s" % (
                    self.proc.returncode, self.read_log()[-3000:]))
            st = self.state()
            if st is not None:
                last = st
                if pred(st):
                    return st
            time.sleep(0.05)
        raise AssertionError("the state did not come; last: %r\nlog:\n%s" % (
            last, self.read_log()[-3000:]))

    def tap_and_wait_state(self, point, pred, timeout=20.0):
        """Tap, then the first state after it for which pred holds."""
        seq = (self.state() or {}).get("seq", -1)
        self.tap(point)
        return self.wait_state(lambda s: s["seq"] > seq and pred(s),
                               timeout)

    def picture(self, st):
        """The screenshot a state names (that frame, or a later one of
        the same screen)."""
        with open(st["screenshot"], "rb") as f:
            return png_rgb(f.read())

    def px(self, point):
        """A design point in window pixels, for a real pointer."""
        return (int(point[0] * self.size[0] / DESIGN_W),
                int(point[1] * self.size[1] / DESIGN_H))

    def tap(self, point):
        os.write(self.fd, b"tap %d %d\n" % point)

    def to_home_page(self, i):
        """On the home screen: page on to the page with queue i's row."""
        for p in range(1, home_page(i) + 1):
            self.tap_and_wait_state(HOME_NEXT, lambda s, p=p: s["screen"] ==
                                    "home" and s["page"] == p)

    def tap_and_wait(self, point, name, pred=None, timeout=20.0):
        before = self.stamp(name)
        self.tap(point)
        return self.wait_shot(name, before, pred, timeout)

    def stop(self):
        """Quit cleanly; the exit status and log are checked by the caller."""
        if self.proc.poll() is None:
            try:
                os.write(self.fd, b"quit\n")
            except OSError:
                pass
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None
        return self.proc.returncode

    def cleanup(self):
        self.stop()
        if not os.environ.get("QHALL_KEEP_KIOSK"):
            shutil.rmtree(self.dir, ignore_errors=True)


# ---- looking at screenshots

def png_rgb(data):
    """A PNG as (width, rows of RGB bytes): through ImageMagick's convert
    when it is there (fast), else decoded here."""
    try:
        r = subprocess.run(["convert", "png:-", "ppm:-"], input=data,
                           capture_output=True, timeout=30)
        if r.returncode == 0 and r.stdout.startswith(b"P6"):
            return ppm_rows(r.stdout)
    except (OSError, subprocess.TimeoutExpired):
        pass
    return printstack.png_decode(data)


def ppm_rows(data):
    """P6 with maxval 255: four tokens, one whitespace byte, the pixels."""
    tokens, at = [], 0
    while len(tokens) < 4:
        while data[at:at + 1].isspace():
            at += 1
        start = at
        while not data[at:at + 1].isspace():
            at += 1
        tokens.append(data[start:at])
    w, h = int(tokens[1]), int(tokens[2])
    body = data[at + 1:]
    return w, [body[y * 3 * w:(y + 1) * 3 * w] for y in range(h)]


def gray_rows(img):
    w, rows = img
    return [bytes((r[3 * x] * 299 + r[3 * x + 1] * 587 + r[3 * x + 2] * 114)
                  // 1000 for x in range(w)) for r in rows]


def region(img, x0, y0, x1, y1, size):
    """Design rectangle -> pixel bounds for an image of window `size`."""
    sx, sy = size[0] / DESIGN_W, size[1] / DESIGN_H
    return int(x0 * sx), int(y0 * sy), int(x1 * sx), int(y1 * sy)


def count_colour(img, colour, box=None, tol=24):
    w, rows = img
    x0, y0, x1, y1 = box or (0, 0, w, len(rows))
    n = 0
    for y in range(y0, min(y1, len(rows))):
        r = rows[y]
        for x in range(x0, min(x1, w)):
            if abs(r[3 * x] - colour[0]) <= tol and \
                    abs(r[3 * x + 1] - colour[1]) <= tol and \
                    abs(r[3 * x + 2] - colour[2]) <= tol:
                n += 1
    return n


def distinct_colours(img, step=7):
    w, rows = img
    seen = set()
    for y in range(0, len(rows), step):
        r = rows[y]
        for x in range(0, w, step):
            seen.add(bytes(r[3 * x:3 * x + 3]))
    return len(seen)


def glyph_cells(img, box, cells, ink):
    """Split the inked extent of box into `cells` equal columns and return
    each cell's coarse bitmap: distinct glyphs give distinct bitmaps, a
    font without Chinese gives the same empty box again and again."""
    w, rows = img
    x0, y0, x1, y1 = box
    cols = [x for x in range(x0, x1)
            if any(ink(rows[y][3 * x:3 * x + 3]) for y in range(y0, y1))]
    if not cols:
        return []
    left, right = cols[0], cols[-1] + 1
    width = (right - left) / cells
    out = []
    for c in range(cells):
        cx0 = left + int(c * width)
        cx1 = left + int((c + 1) * width)
        sig = []
        for gy in range(8):
            for gx in range(8):
                ya = y0 + (y1 - y0) * gy // 8
                yb = y0 + (y1 - y0) * (gy + 1) // 8
                xa = cx0 + (cx1 - cx0) * gx // 8
                xb = cx0 + (cx1 - cx0) * (gx + 1) // 8
                hit = any(ink(rows[y][3 * x:3 * x + 3])
                          for y in range(ya, max(yb, ya + 1))
                          for x in range(xa, max(xb, xa + 1)))
                sig.append(hit)
        out.append(tuple(sig))
    return out


def zbar_png(img_path):
    return printstack.zbar(img_path)
