"""qhall-display against a real qhalld, headless: each call shows on the
lobby (the PNG holds the number and the window where the state dump says),
blinks, and is spoken (WAV files of the right length, not silence, two
quick calls as two whole announcements in order through SDL's audio);
recalls are shown and spoken again; the counter display keeps to its
window; the notice reaches the footer; a daemon restart leaves the last
state up and the display resynchronises from status.

Run as: python3 test_display.py BIN_DIR"""

import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
import wave

import qhtest
from test_display_probe import Screen, png_size, text_match, wait_for

MATCH = 0.97  # the same text drawn by the same font: near-identical pixels


def sox_rms(path):
    p = subprocess.run(["sox", path, "-n", "stat"], capture_output=True,
                       text=True, timeout=30)
    m = re.search(r"RMS\s+amplitude:\s+([0-9.]+)", p.stderr)
    assert m, "sox could not read %s: %s" % (path, p.stderr)
    return float(m.group(1))


def wav_seconds(path):
    with wave.open(path) as w:
        assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == \
            (1, 2, 22050), path
        return w.getnframes() / w.getframerate()


def wav_pcm(path):
    with wave.open(path) as w:
        return w.readframes(w.getnframes())


class DisplayTest(qhtest.DaemonTest):

    def setUp(self):
        super().setUp()
        self.screens = []
        self.wavs = tempfile.mkdtemp(prefix="qhall-wav-")

    def tearDown(self):
        for s in self.screens:
            s.finish(self)
        shutil.rmtree(self.wavs, ignore_errors=True)
        super().tearDown()

    def display(self, *args, env=None, fifo=False):
        s = Screen("qhall-display", self.d,
                   ["--windowed", "--voice-wav", self.wavs] + list(args),
                   env=env, fifo=fifo)
        self.screens.append(s)
        s.wait("the display up", lambda st: st["link"] == "up" and
               "A" in st["waiting"])
        return s

    def wav_files(self):
        return sorted(f for f in os.listdir(self.wavs) if f.endswith(".wav"))

    def assert_shows(self, st, number, window_text):
        png = st["screenshot"]
        self.assertEqual(png_size(png), (1920, 1080) if st["screen"] ==
                         "lobby" else (960, 540))
        self.assertEqual(st["number_box"]["text"], number)
        self.assertGreaterEqual(text_match(png, st["number_box"], number),
                                MATCH, "the PNG does not show " + number)
        if window_text:
            self.assertGreaterEqual(
                text_match(png, st["window_box"], window_text), MATCH,
                "the PNG does not show " + window_text)

    def test_call_is_shown_and_spoken(self):
        disp = self.display()
        self.d.cli("take", "A")
        self.d.cli("take", "A")
        self.d.cli("call", "3")
        st = disp.wait("A001 on the lobby", lambda s: s["latest"] and
                       s["latest"]["number"] == "A001")
        self.assertEqual(st["latest"]["window"], 3)
        self.assertEqual(st["latest"]["text"], "A001 → 3号窗口")
        self.assert_shows(st, "A001", "3号窗口")
        # The judge is not fooled: A002 is not what the PNG shows.
        self.assertLess(text_match(st["screenshot"], st["number_box"],
                                   "A002"), 0.9)
        # The waiting count follows (two taken, one called).
        disp.wait("A waiting 1", lambda s: s["waiting"]["A"] == 1)

        wav = wait_for("the announcement's WAV", lambda: self.wav_files())
        self.assertEqual(wav, ["0001-A001-w3.wav"])
        path = os.path.join(self.wavs, wav[0])
        self.assertGreater(sox_rms(path), 0.05, "the announcement is silent")
        # Chime + "请 A 零零一 号 到 三 号窗口 办理" (~3.6 s) + pauses.
        self.assertTrue(3.5 < wav_seconds(path) < 8.0, wav_seconds(path))

    def test_repeat_and_english_lengthen_the_announcement(self):
        disp = self.display("--repeat", "2", "--english")
        self.d.cli("take", "B")
        self.d.cli("call", "3")
        disp.wait("B001 shown", lambda s: s["latest"] and
                  s["latest"]["number"] == "B001")
        path = os.path.join(self.wavs, wait_for(
            "the WAV", lambda: self.wav_files())[0])
        # Twice the Mandarin sentence and once the English one.
        self.assertTrue(9.0 < wav_seconds(path) < 18.0, wav_seconds(path))
        self.assertGreater(sox_rms(path), 0.05)

    def test_two_quick_calls_play_whole_and_in_order(self):
        audio = os.path.join(self.wavs, "device.raw")
        disp = self.display(env={"SDL_AUDIODRIVER": "disk",
                                 "SDL_DISKAUDIOFILE": audio})
        self.d.cli("take", "A")
        self.d.cli("take", "A")
        self.d.cli("call", "1")
        self.d.cli("call", "2")
        st = disp.wait("both calls", lambda s: len(s["calls"]) == 2)
        self.assertEqual([c["number"] for c in st["calls"]], ["A002", "A001"])
        files = wait_for("two WAVs", lambda: len(self.wav_files()) == 2 and
                         self.wav_files())
        self.assertEqual(files, ["0001-A001-w1.wav", "0002-A002-w2.wav"])
        first, second = (wav_pcm(os.path.join(self.wavs, f)) for f in files)
        for f in files:
            self.assertTrue(3.5 < wav_seconds(os.path.join(self.wavs, f))
                            < 8.0)
        # What the audio device played: the first announcement whole, then
        # the second whole, not one cut short by the other. SDL's disk
        # driver writes what it plays at the pace it would play it.
        both = first + second

        def played():
            with open(audio, "rb") as f:
                data = f.read()
            at = data.find(first[2000:2400])
            return at >= 0 and len(data) >= at - 2000 + len(both) and \
                data[at - 2000:at - 2000 + len(both)] == both
        wait_for("both announcements played", played, timeout=30)

    def test_recall_is_shown_and_spoken_again(self):
        disp = self.display()
        self.d.cli("take", "C")
        self.d.cli("take", "D")
        self.d.cli("call", "4")
        self.d.cli("call", "5")
        disp.wait("D001 latest", lambda s: s["latest"] and
                  s["latest"]["number"] == "D001")
        self.d.cli("recall", "4")
        st = disp.wait("C001 called again", lambda s: s["latest"][
            "number"] == "C001" and s["latest"]["recall"])
        self.assertEqual([c["number"] for c in st["calls"]], ["C001", "D001"])
        self.assert_shows(st, "C001", "4号窗口")
        files = wait_for("three WAVs", lambda: len(self.wav_files()) == 3 and
                         self.wav_files())
        self.assertEqual(files, ["0001-C001-w4.wav", "0002-D001-w5.wav",
                                 "0003-C001-w4.wav"])
        # Shown as 再次呼叫 beside the number, at 72 or more, and spoken
        # so: the recall's announcement is the first's and more.
        again = [t for t in st["texts"] if t["text"] == "再次呼叫"]
        self.assertEqual(len(again), 1)
        self.assertGreaterEqual(again[0]["size"], 72)
        self.assertLess(again[0]["rect"][0], st["number_box"]["x"])
        first = wav_seconds(os.path.join(self.wavs, files[0]))
        self.assertGreater(wav_seconds(os.path.join(self.wavs, files[2])),
                           first + 0.5)

    def test_english_and_notice(self):
        disp = self.display("--lang", "en")
        self.d.cli("notice", "系统维护 14:00-15:00")
        disp.wait("the notice", lambda s: s["notice"] ==
                  "系统维护 14:00-15:00")
        self.d.cli("take", "E")
        self.d.cli("call", "6")
        st = disp.wait("E001 shown", lambda s: s["latest"] and
                       s["latest"]["number"] == "E001")
        self.assertEqual(st["lang"], "en")
        self.assertEqual(st["latest"]["text"], "E001 → Window 6")
        self.assert_shows(st, "E001", "Window 6")
        self.assertEqual(st["hall"], "Shizuishan Government Service Hall")

    def test_scripted_keys_switch_language_and_quit(self):
        disp = self.display(fifo=True)
        st = disp.state()
        self.assertEqual((st["screen"], st["lang"]), ("lobby", "zh"))
        self.d.cli("take", "A")
        self.d.cli("call", "3")
        disp.wait("A001 in Chinese", lambda s: s["latest"] and
                  s["latest"]["text"] == "A001 → 3号窗口")
        disp.send("key F9")
        st = disp.wait("English", lambda s: s["lang"] == "en")
        self.assertEqual(st["latest"]["text"], "A001 → Window 3")
        self.assertEqual(st["hall"], "Shizuishan Government Service Hall")
        self.assert_shows(st, "A001", "Window 3")
        disp.send("key L")
        st = disp.wait("Chinese again", lambda s: s["lang"] == "zh")
        self.assert_shows(st, "A001", "3号窗口")
        disp.send("quit")
        self.assertEqual(disp.proc.wait(20), 0, disp.log()[-3000:])

    def test_counter_display_keeps_to_its_window(self):
        disp = self.display("--window", "3")
        st = disp.state()
        self.assertEqual((st["screen"], st["ticket"]), ("counter", None))
        self.assertEqual(st["voice"], "off")  # silent unless --speak
        self.assertEqual(png_size(st["screenshot"]), (960, 540))
        self.d.cli("take", "B")
        self.d.cli("take", "A")
        self.d.cli("call", "3")
        st = disp.wait("B001 at window 3", lambda s: s["ticket"] == "B001")
        self.assert_shows(st, "B001", None)
        self.d.cli("call", "1")  # A001 elsewhere: not this screen's
        self.d.cli("finish", "3")
        st = disp.wait("window 3 free", lambda s: s["ticket"] is None)
        self.assertEqual([c["number"] for c in st["calls"]], ["B001"])
        self.d.cli("pause", "3", "--reason", "午休")
        disp.wait("window 3 paused", lambda s: s["window_state"] == "paused")

    def test_daemon_restart_keeps_last_state_then_resyncs(self):
        disp = self.display()
        for _ in range(3):
            self.d.cli("take", "A")
        self.d.cli("call", "1")
        disp.wait("A001 shown", lambda s: s["latest"] and
                  s["latest"]["number"] == "A001")
        self.d.stop()
        st = disp.wait("the daemon away", lambda s: s["link"] == "down")
        # Said discreetly; the board stays as it was.
        self.assertEqual(st["latest"]["number"], "A001")
        self.assertEqual(st["waiting"]["A"], 2)
        # Hold the display still while the daemon comes back and a call
        # happens that it cannot hear: only status can tell it.
        disp.proc.send_signal(signal.SIGSTOP)
        try:
            self.d.start()
            self.d.cli("call", "2")
        finally:
            disp.proc.send_signal(signal.SIGCONT)
        st = disp.wait("resynchronised", lambda s: s["link"] == "up" and
                       s["latest"]["number"] == "A002")
        self.assertEqual(st["latest"]["window"], 2)
        self.assertEqual(st["waiting"]["A"], 1)
        self.assertEqual([c["number"] for c in st["calls"]], ["A002", "A001"])
        self.assert_shows(st, "A002", "2号窗口")
        # Missed while away: shown, not spoken late.
        time.sleep(0.5)
        self.assertEqual(self.wav_files(), ["0001-A001-w1.wav"])


if __name__ == "__main__":
    qhtest.main()
