"""qhall-kiosk's 语音: the screen and the ticket read aloud, against a real
qhalld, headless (SDL's dummy video driver) and driven by scripted taps.
What was said comes from the state the kiosk writes (--state-json:
voice.said, newest first); that it was spoken, from the WAV files of
--voice-wav (sox: long enough, not silence) and from what SDL's disk
audio driver played. Off for each new citizen unless kiosk.conf says
voice = yes; no audio device or no espeak-ng never stops a ticket.
Run as: python3 test_kiosk_voice.py BIN_DIR"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unittest
import wave

import qhtest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "print"))
import kiosktest as K  # noqa: E402


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


def wait_for(what, fn, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        v = fn()
        if v:
            return v
        time.sleep(0.1)
    raise AssertionError("no " + what)


def said(st):
    return st["voice"]["said"]


class KioskVoice(qhtest.DaemonTest):

    def setUp(self):
        super().setUp()
        self.kiosks = []
        self.tmp = tempfile.mkdtemp(prefix="qhall-kiosk-voice-")
        self.wavs = os.path.join(self.tmp, "wav")
        os.mkdir(self.wavs)
        with open(qhtest.CATALOG) as f:
            self.cat = json.load(f)

    def tearDown(self):
        problems = []
        for k in self.kiosks:
            rc = k.stop()
            log = k.read_log()
            k.cleanup()
            bad = K.sanitizer_report(log)
            if bad:
                problems.append("%s in the kiosk's log:\n%s" %
                                (bad, log[-4000:]))
            elif rc != 0:
                problems.append("kiosk exited %d; log:\n%s" %
                                (rc, log[-3000:]))
        shutil.rmtree(self.tmp, ignore_errors=True)
        super().tearDown()
        if problems:
            self.fail("\n".join(problems))

    def kiosk(self, *args, conf=None, env=None):
        if conf is not None:
            path = os.path.join(self.tmp, "kiosk-%d.conf" % len(self.kiosks))
            with open(path, "w") as f:
                f.write("[kiosk]\n" + conf)
            args = ("--config", path) + args
        e = dict(os.environ)
        e.update(env or {})
        k = K.Kiosk(qhtest.BIN, self.d.data,
                    ("--no-print", "--voice-wav", self.wavs) + args, env=e)
        self.kiosks.append(k)
        return k

    def wav_files(self):
        return sorted(f for f in os.listdir(self.wavs) if f.endswith(".wav"))

    def queue(self, i):
        return self.cat["queues"][i]

    def first_item(self, prefix):
        return [it for it in self.cat["items"] if it["queue"] == prefix][0]

    def test_voice_reads_each_screen_and_the_ticket(self):
        audio = os.path.join(self.tmp, "device.raw")
        k = self.kiosk(env={"SDL_AUDIODRIVER": "disk",
                            "SDL_DISKAUDIOFILE": audio})
        st = k.wait_state(lambda s: s["screen"] == "home")
        # Off for a new citizen: nothing said, no file written.
        self.assertFalse(st["voice"]["on"])
        self.assertEqual(said(st), [])
        self.assertEqual(st["voice"]["state"], "on")  # the device is there
        st = k.tap_and_wait_state(K.HOME_VOICE,
                                  lambda s: s["voice"]["on"] and said(s))
        self.assertEqual(said(st)[0], "语音已开启。请选择您要办理的业务")
        ids = [b["id"] for b in st["buttons"]]
        self.assertIn(1004, ids)  # CHROME_VOICE, in the home footer
        # A tapped queue is read as the screen it opens.
        q = self.queue(0)
        st = k.tap_and_wait_state(K.home_row(0),
                                  lambda s: s["screen"] == "queue" and
                                  len(said(s)) == 2)
        self.assertEqual(said(st)[0], q["name_zh"] + "。请选择办理事项")
        self.assertIn(1004, [b["id"] for b in st["buttons"]])
        it = self.first_item(q["prefix"])
        st = k.tap_and_wait_state(K.queue_item(0),
                                  lambda s: s["screen"] == "item" and
                                  len(said(s)) == 3)
        self.assertEqual(said(st)[0], it["name_zh"] + "。取号")
        st = k.tap_and_wait_state(
            K.ITEM_TAKE, lambda s: s["screen"] == "ticket" and s["ticket"]
            and len(said(s)) >= 4 and "零" in said(s)[0])
        number = st["ticket"]["number"]
        self.assertEqual(number, q["prefix"] + "001")
        self.assertEqual(said(st)[0], "您的号码，%s 零 零 一 。%s。" %
                         (q["prefix"], q["name_zh"]))
        # Each utterance as a WAV, in order, named for its screen; the
        # ticket's long enough for its words and not silence.
        last = "-%d-ticket.wav" % len(said(st))
        files = wait_for("the ticket's WAV", lambda: [
            f for f in self.wav_files() if f.endswith(last)] and
            self.wav_files())
        # In order; one a screen, those cut off while waiting left out.
        names = [re.sub(r"^\d{4}-\d+-", "", f) for f in files]
        self.assertEqual(names[0], "home.wav")
        self.assertEqual(names[-1], "ticket.wav")
        self.assertTrue(files[-1].endswith(last), files)
        ticket_wav = os.path.join(self.wavs, files[-1])
        self.assertGreater(wav_seconds(ticket_wav), 2.0)
        self.assertGreater(sox_rms(ticket_wav), 0.03)
        # The device played the ticket's words whole after what came
        # before was cut off: one voice at a time, never two mixed.
        pcm = wav_pcm(ticket_wav)

        def played():
            with open(audio, "rb") as f:
                data = f.read()
            at = data.find(pcm[4000:4400])
            return at >= 0 and data[at - 4000:at - 4000 + len(pcm)] == pcm
        wait_for("the ticket's words played whole", played, timeout=40)
        # Off: silent at once, and nothing more is said.
        st = k.tap_and_wait_state(K.TICKET_VOICE,
                                  lambda s: not s["voice"]["on"])
        n = len(said(st))
        st = k.tap_and_wait_state(K.TICKET_DONE,
                                  lambda s: s["screen"] == "home")
        self.assertEqual(len(said(st)), n)

    def test_default_from_conf_english_and_next_citizen(self):
        k = self.kiosk(conf="voice = yes\nidle_timeout = 6\nidle_ask = 3\n")
        st = k.wait_state(lambda s: s["screen"] == "home" and said(s))
        self.assertTrue(st["voice"]["on"])
        self.assertEqual(said(st)[0], "请选择您要办理的业务")
        st = k.tap_and_wait_state(K.HOME_LANG, lambda s: s["lang"] == "en"
                                  and said(s)[0] == "Choose your service")
        q = self.queue(0)
        st = k.tap_and_wait_state(K.home_row(0),
                                  lambda s: s["screen"] == "queue" and
                                  said(s)[0].startswith(q["name_en"]))
        self.assertEqual(said(st)[0],
                         q["name_en"] + ". What do you need done?")
        # The idle ask is read too, then the next citizen finds the
        # kiosk as kiosk.conf says: voice on, in Chinese.
        st = k.wait_state(lambda s: s["idle"]["asking"] and
                          said(s)[0].startswith("Do you need more time?"))
        st = k.wait_state(lambda s: s["screen"] == "home" and
                          s["lang"] == "zh" and
                          said(s)[0] == "请选择您要办理的业务", timeout=30)
        self.assertTrue(st["voice"]["on"])
        # The citizen turns it off: silent from then on.
        st = k.tap_and_wait_state(K.HOME_VOICE,
                                  lambda s: not s["voice"]["on"])
        n = len(said(st))
        k.tap_and_wait_state(K.home_row(0), lambda s: s["screen"] == "queue")
        self.assertEqual(len(said(k.state())), n)

    def test_no_audio_and_no_espeak_never_block_a_ticket(self):
        empty = os.path.join(self.tmp, "no-espeak-data")
        os.mkdir(empty)
        k = self.kiosk("--voice", env={"SDL_AUDIODRIVER": "no-such-driver",
                                       "ESPEAK_DATA_PATH": empty})
        st = k.wait_state(lambda s: s["screen"] == "home" and said(s))
        self.assertIn(st["voice"]["state"], ("silent", "broken"))
        k.tap_and_wait_state(K.home_row(0), lambda s: s["screen"] == "queue")
        k.tap_and_wait_state(K.queue_item(0), lambda s: s["screen"] == "item")
        st = k.tap_and_wait_state(
            K.ITEM_TAKE, lambda s: s["screen"] == "ticket" and s["ticket"]
            and s["ticket"]["phase"] == "not_printed")
        self.assertEqual(st["ticket"]["number"], "A001")
        st = k.wait_state(lambda s: s["voice"]["state"] == "broken")
        self.assertTrue(said(st)[0].startswith("您的号码"))


if __name__ == "__main__":
    unittest.main(verbosity=2)
