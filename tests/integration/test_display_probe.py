"""Helpers the caller and display tests share, and the test of the one
that judges pictures: a screen program started headless with scripted
input and a state dump, PNG sizes, and the check that a screenshot shows a
given text where the program says it drew it (held against a rendering of
that text by display-text-probe, with the same font at the same size).

Run as: python3 test_display_probe.py BIN_DIR"""

import json
import os
import shutil
import signal
import struct
import subprocess
import tempfile
import time
import unittest

import qhtest

PROBE = os.path.join(qhtest.BIN, "display-text-probe")
CONVERT = shutil.which("convert", path="/usr/bin") or "convert"
SANITIZER_WORDS = ("AddressSanitizer", "LeakSanitizer", "runtime error:")


def wait_for(what, fn, timeout=15.0):
    """fn() until it returns something true; its value. Fails with `what`."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            last = fn()
            if last:
                return last
        except (OSError, ValueError, KeyError, AssertionError) as e:
            last = e
        time.sleep(0.05)
    raise AssertionError("timed out waiting for %s (last: %r)" % (what, last))


def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    assert head[:8] == b"\x89PNG\r\n\x1a\n", path + " is not a PNG"
    return struct.unpack(">II", head[16:24])


class Screen:
    """qhall-caller or qhall-display, headless, stopped by PID."""

    def __init__(self, program, daemon, args, env=None, fifo=True):
        self.dir = tempfile.mkdtemp(prefix="qhall-screen-")
        self.state_path = os.path.join(self.dir, "state.json")
        self.shots = os.path.join(self.dir, "shot-%d-%s.png")
        self.log_path = os.path.join(self.dir, "log")
        self.fifo = None
        cmd = [os.path.join(qhtest.BIN, program), "--data", daemon.data,
               "--screenshot", self.shots, "--state-json", self.state_path]
        if fifo:
            self.fifo = os.path.join(self.dir, "input")
            os.mkfifo(self.fifo)
            cmd += ["--input", self.fifo]
        self.env = dict(os.environ, SDL_VIDEODRIVER="dummy",
                        SDL_AUDIODRIVER="dummy")
        self.env.update(env or {})
        logf = open(self.log_path, "ab")
        self.proc = subprocess.Popen(cmd + list(args), stdout=logf,
                                     stderr=logf, env=self.env)
        logf.close()
        self.writer = None

    def state(self):
        with open(self.state_path) as f:
            return json.load(f)

    def wait(self, what, pred, timeout=15.0):
        """The state dump once pred(state) holds."""
        seen = []

        def check():
            if self.proc.poll() is not None:
                raise RuntimeError("%s exited: %s" % (what, self.log()))
            s = self.state()
            seen[:] = [s]
            return s if pred(s) else None
        try:
            return wait_for(what, check, timeout)
        except RuntimeError as e:
            raise AssertionError(str(e))
        except AssertionError as e:
            # The screen's last state says why the wait failed.
            raise AssertionError("%s; last state: %r" % (e, seen[:1]))

    def send(self, *lines):
        """Scripted input, one line each: "key F1", "text 12", "tap X Y"."""
        if self.writer is None:
            self.writer = open(self.fifo, "w")
        for line in lines:
            self.writer.write(line + "\n")
            self.writer.flush()
            time.sleep(0.05)

    def log(self):
        with open(self.log_path, errors="replace") as f:
            return f.read()

    def stop(self):
        """SIGTERM (SDL turns it into a quit); the exit status."""
        if self.writer:
            self.writer.close()
            self.writer = None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return self.proc.returncode

    def finish(self, test):
        """Stop; the test fails on a crash or a sanitizer report."""
        rc = self.stop()
        log = self.log()
        shutil.rmtree(self.dir, ignore_errors=True)
        for bad in SANITIZER_WORDS:
            test.assertNotIn(bad, log, "sanitizer report:\n" + log[-4000:])
        test.assertEqual(rc, 0, "exit %s:\n%s" % (rc, log[-3000:]))


def crop_rgb(png, x, y, w, h):
    """The pixels of a box of png as bytes, 3 a pixel, row by row."""
    out = subprocess.run([CONVERT, png, "-crop", "%dx%d+%d+%d" % (w, h, x, y),
                          "+repage", "-depth", "8", "rgb:-"],
                         capture_output=True, check=True, timeout=30).stdout
    if len(out) != w * h * 3:
        raise AssertionError("crop of %s gave %d bytes" % (png, len(out)))
    return out


def probe_mask(text, px, tmpdir):
    """Ink of text rendered by display-text-probe: (w, h, set of pixels)."""
    out = os.path.join(tmpdir, "probe.png")
    subprocess.run([PROBE, out, str(px), text], check=True, timeout=30)
    w, h = png_size(out)
    alpha = subprocess.run([CONVERT, out, "-alpha", "extract", "-depth", "8",
                            "gray:-"], capture_output=True, check=True,
                           timeout=30).stdout
    return w, h, {i for i, a in enumerate(alpha) if a >= 128}


def shot_mask(png, box):
    """Ink in the box of a screenshot: pixels nearer the ink than the
    background, judged on the colour channel where the two differ most."""
    rgb = crop_rgb(png, box["x"], box["y"], box["w"], box["h"])
    ink, bg = box["ink"], box["bg"]
    c = max(range(3), key=lambda k: abs(ink[k] - bg[k]))
    span = ink[c] - bg[c]
    return {i for i in range(box["w"] * box["h"])
            if (rgb[3 * i + c] - bg[c]) / span >= 0.5}


def text_match(png, box, text):
    """How well the box of png shows text (1.0: the very same pixels)."""
    tmp = tempfile.mkdtemp(prefix="qhall-probe-")
    try:
        w, h, want = probe_mask(text, box["px"], tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    got = shot_mask(png, box)
    if (w, h) != (box["w"], box["h"]):
        # Another text of another width: compare over the common part.
        cw = min(w, box["w"])
        want = {(i // w) * box["w"] + i % w for i in want if i % w < cw}
    union = want | got
    return len(want & got) / len(union) if union else 0.0


class ProbeTest(unittest.TestCase):
    """The judge is fair: it tells the same text from a different one."""

    def test_probe_tells_numbers_apart(self):
        tmp = tempfile.mkdtemp(prefix="qhall-probe-")
        try:
            w, h, a = probe_mask("A001", 120, tmp)
            w2, h2, b = probe_mask("A008", 120, tmp)
            _, _, c = probe_mask("A001", 120, tmp)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        self.assertGreater(len(a), 500, "the probe drew no ink")
        self.assertEqual(a, c, "the probe is not deterministic")
        self.assertEqual((w, h), (w2, h2))
        self.assertLess(len(a & b) / len(a | b), 0.9)

    def test_probe_draws_chinese_glyphs(self):
        tmp = tempfile.mkdtemp(prefix="qhall-probe-")
        try:
            w, h, a = probe_mask("号窗口", 100, tmp)
            _, _, b = probe_mask("号号号", 100, tmp)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        self.assertGreater(w, 250)  # three full-width glyphs
        self.assertLess(len(a & b) / len(a | b), 0.8, "boxes, not glyphs")


if __name__ == "__main__":
    qhtest.main()
