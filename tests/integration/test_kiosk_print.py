"""qhall-kiosk printing through a real, private print stack (cupsd with a
capture queue and a raw queue; CUPS's ippeveprinter behind a driverless
queue, with its own dbus-daemon and avahi-daemon on lo), against a real
qhalld. What CUPS received is decoded and its QR code read back with
zbarimg; failures (paper out, printer stopped, printer gone) must leave the
citizen with a valid number on screen and the daemon with the ticket marked
not printed, and printing must resume once the printer is back.
Run as: python3 test_kiosk_print.py BIN_DIR"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

import qhtest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "print"))
import kiosktest as K  # noqa: E402
import printstack as P  # noqa: E402

SIZE = (540, 960)


def ticket_in(phase):
    """A state predicate: the ticket screen, its ticket in phase."""
    return lambda s: s["screen"] == "ticket" and s["ticket"] and \
        s["ticket"]["phase"] == phase


class KioskPrint(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.ps = P.PrintStack(eve=True)
        cls.ps.__enter__()

    @classmethod
    def tearDownClass(cls):
        cls.ps.stop()

    def setUp(self):
        self.d = qhtest.Daemon().start()
        self.tmp = tempfile.mkdtemp(prefix="qhall-kiosk-print-")
        self.kiosks = []

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
        alive = self.d.alive()
        log = ""
        if os.path.exists(self.d.log):
            with open(self.d.log) as f:
                log = f.read()
        self.d.cleanup()
        shutil.rmtree(self.tmp, ignore_errors=True)
        self.assertTrue(alive, "qhalld died:\n" + log[-3000:])
        # Every print test leaves the print services alive and unharmed.
        problems.extend(self.ps.problems())
        if problems:
            self.fail("\n".join(problems))

    # ---- helpers

    def conf(self, text):
        path = os.path.join(self.tmp, "kiosk-%d.conf" % len(os.listdir(
            self.tmp)))
        with open(path, "w") as f:
            f.write("[kiosk]\nstatus_url = https://hall.example/t\n" + text)
        return path

    def issue(self, queue, *args, conf=""):
        """--issue: (exit status, the JSON it printed, stderr)."""
        png = os.path.join(self.tmp, "ticket-%s.png")
        r = subprocess.run(
            [os.path.join(qhtest.BIN, "qhall-kiosk"), "--data", self.d.data,
             "--config", self.conf("print_timeout = 4\n" + conf),
             "--issue", queue, "--ticket-png", png] + list(args),
            capture_output=True, text=True, env=self.ps.env(), timeout=120)
        bad = K.sanitizer_report(r.stderr)
        if bad:
            self.fail("%s:\n%s" % (bad, r.stderr[-4000:]))
        out = json.loads(r.stdout) if r.stdout.strip() else None
        return r.returncode, out, r.stderr

    def expected_url(self, number):
        t = self.d.cli("ticket", number)["ticket"]
        return "https://hall.example/t/%s/%s?k=%s" % (t["day"], number,
                                                       t["key"])

    def qr_of_rows(self, width, rows):
        path = os.path.join(self.tmp, "rows.pgm")
        P.write_pgm(path, width, rows)
        return P.zbar(path)

    def assert_pwg(self, data, url):
        pages = P.pwg_pages(data)
        self.assertEqual(len(pages), 1)
        hdr, rows = pages[0]
        self.assertEqual(hdr["Width"], 576)
        self.assertEqual(hdr["HWResolution"], (203, 203))
        self.assertEqual(hdr["BitsPerPixel"], 8)
        self.assertEqual(hdr["BytesPerLine"], 576)
        self.assertEqual(len(rows), hdr["Height"])
        self.assertGreater(hdr["Height"], 600)
        dark = sum(1 for r in rows for v in r[::8] if v < 128)
        self.assertGreater(dark, 1000, "the page is blank")
        self.assertEqual(self.qr_of_rows(576, rows), [url])

    def kiosk(self, *args, conf=""):
        k = K.Kiosk(qhtest.BIN, self.d.data,
                    ("--config", self.conf(conf)) + args, size=SIZE,
                    env=self.ps.env())
        self.kiosks.append(k)
        return k

    def qr_of_shot(self, img):
        w, rows = img
        path = os.path.join(self.tmp, "shot.ppm")
        with open(path, "wb") as f:
            f.write(b"P6\n%d %d\n255\n" % (w, len(rows)))
            for r in rows:
                f.write(r)
        return P.zbar(path)

    # ---- formats, through each kind of queue

    def test_pwg_raster_to_capture_queue_is_576_wide_and_its_qr_reads(self):
        before = self.ps.capture_stamp()
        rc, out, err = self.issue("A", "--item", "A01", "--printer",
                                  "capture", "--format", "pwg")
        self.assertEqual(rc, 0, err)
        self.assertTrue(out["printed"])
        self.assertEqual(out["format"], "pwg")
        url = self.expected_url(out["ticket"]["number"])
        self.assertEqual(out["url"], url)
        self.assert_pwg(self.ps.wait_capture(before), url)
        self.assertTrue(self.d.cli("ticket", "A001")["ticket"]["printed"])

    def test_driver_queue_gets_png_by_default(self):
        before = self.ps.capture_stamp()
        rc, out, err = self.issue("B", "--printer", "capture")
        self.assertEqual(rc, 0, err)
        self.assertEqual(out["format"], "png")
        w, rows = P.png_gray(self.ps.wait_capture(before))
        self.assertEqual(w, 576)
        self.assertEqual(self.qr_of_rows(w, rows),
                         [self.expected_url("B001")])

    def test_raw_queue_gets_escpos_by_default(self):
        before = self.ps.capture_stamp("raw")
        rc, out, err = self.issue("C", "--item", "C01", "--printer", "raw")
        self.assertEqual(rc, 0, err)
        self.assertEqual(out["format"], "escpos")
        data = self.ps.wait_capture(before, "raw")
        self.assertTrue(data.startswith(b"\x1b@\x1dv0"))
        self.assertTrue(data.endswith(b"\x1dVB\x00"), "feed and cut")
        w, rows = P.escpos_gray(data)
        self.assertEqual(w, 576)
        self.assertEqual(self.qr_of_rows(w, rows),
                         [self.expected_url("C001")])

    def test_driverless_queue_to_ippeveprinter_gets_pwg(self):
        old = set(self.ps.eve_files())
        rc, out, err = self.issue("D", "--item", "D01", "--printer", "eve")
        self.assertEqual(rc, 0, err)
        self.assertEqual(out["format"], "pwg")
        new = [f for f in self.ps.eve_files() if f not in old and
               f.endswith(".pwg")]
        self.assertEqual(len(new), 1, "ippeveprinter kept one job")
        with open(new[0], "rb") as f:
            self.assert_pwg(f.read(), self.expected_url("D001"))

    def test_printer_uri_without_a_queue(self):
        old = set(self.ps.eve_files())
        rc, out, err = self.issue("E", "--printer", self.ps.eve_uri())
        self.assertEqual(rc, 0, err)
        self.assertEqual(out["format"], "pwg")
        new = [f for f in self.ps.eve_files() if f not in old and
               f.endswith(".pwg")]
        self.assertEqual(len(new), 1)

    def test_rendered_ticket_png_matches_what_was_printed(self):
        before = self.ps.capture_stamp()
        rc, out, err = self.issue("J", "--item", "J01", "--printer",
                                  "capture", "--format", "png")
        self.assertEqual(rc, 0, err)
        with open(os.path.join(self.tmp, "ticket-J001.png"), "rb") as f:
            self.assertEqual(P.png_gray(f.read()),
                             P.png_gray(self.ps.wait_capture(before)))

    def test_no_name_with_whitespace_reaches_cups(self):
        """Debian 12's cupsd 2.4.2-3+deb12u10 dies on a document-name with
        whitespace (docs/PRINTING.md). Each kind of destination gets the
        ticket's name as job-name and document-name, with no whitespace;
        tearDown's check fails any test that sent one or killed cupsd."""
        for queue, printer in (("A", "capture"), ("B", "raw"), ("C", "eve"),
                               ("D", self.ps.eve_uri())):
            rc, out, err = self.issue(queue, "--printer", printer)
            self.assertEqual(rc, 0, err)
        day = self.d.cli("ticket", "A001")["ticket"]["day"]
        sent = self.ps.names_sent()
        for n in ("A001", "B001", "C001", "D001"):
            name = "qhall-%s-%s" % (day, n)
            if n != "D001":  # a printer's URI: cupsd never sees the job
                self.assertIn(("job-name", name), sent)
                self.assertIn(("document-name-supplied", name), sent)
            # ippeveprinter: CUPS's ipp backend sends job-name only.
            if n in ("C001", "D001"):
                self.assertIn(("job-name", name), sent)
        self.assertIn(("document-name", "qhall-%s-D001" % day), sent)
        self.assertEqual(self.ps.problems(), [])

    # ---- failures and recovery

    def test_queue_job_the_printer_aborted_is_not_counted_printed(self):
        """Through a CUPS queue, a job ippeveprinter aborts for want of
        paper still ends "completed" in CUPS; only the printer's reasons
        saved with the job tell. The first ticket after the paper ran out
        is not printed, and once paper is back the next one is."""
        ps = self.ps
        rc, out, err = self.issue("H", "--printer", "eve")
        self.assertEqual(rc, 0, err)
        try:
            ps.paper_out(True)
            rc, out, err = self.issue("H", "--printer", "eve")
            self.assertEqual(rc, 1, err)
            self.assertFalse(out["printed"])
            self.assertEqual(out["reason"], "media-empty")
            t = self.d.cli("ticket", "H002")["ticket"]
            self.assertFalse(t["printed"])
            self.assertEqual(t["state"], "waiting")
        finally:
            # Paper loaded, printer power-cycled: it reports no reason.
            ps.stop_eve_printer()
            ps.paper_out(False)
            ps.start_eve_printer()
        rc, out, err = self.issue("H", "--printer", "eve")
        self.assertEqual(rc, 0, err)
        self.assertTrue(self.d.cli("ticket", "H003")["ticket"]["printed"])

    def test_out_of_paper_marks_ticket_not_printed_then_recovers(self):
        ps = self.ps
        try:
            ps.paper_out(True)
            rc, out, err = self.issue("F", "--printer", ps.eve_uri())
            self.assertEqual(rc, 1)
            self.assertFalse(out["printed"])
            self.assertEqual(out["reason"], "media-empty")
            t = self.d.cli("ticket", "F001")["ticket"]
            self.assertFalse(t["printed"])
            self.assertEqual(t["state"], "waiting", "the number stays valid")
            # The next one fails at once: the printer says it has no paper.
            rc, out, err = self.issue("F", "--printer", ps.eve_uri())
            self.assertEqual((rc, out["reason"]), (1, "media-empty"))
            # Staff are told: one alert for the kiosk's printer.
            alerts = self.d.cli("alerts")["alerts"]
            self.assertEqual([a["kind"] for a in alerts], ["printer_paper"])
        finally:
            # Paper loaded, printer power-cycled: it reports no reason.
            ps.stop_eve_printer()
            ps.paper_out(False)
            ps.start_eve_printer()
        rc, out, err = self.issue("F", "--printer", ps.eve_uri())
        self.assertEqual(rc, 0, err)
        self.assertTrue(self.d.cli("ticket", "F003")["ticket"]["printed"])
        # Paper came out: the alert is cleared.
        self.assertEqual(self.d.cli("alerts")["alerts"], [])

    def test_printer_gone_times_out_cancels_and_recovers(self):
        ps = self.ps
        ps.run("lpadmin", "-p", "gone", "-E", "-v",
               "ipp://127.0.0.1:%d/ipp/print" % P.free_port(), "-P",
               os.path.join(ps.dir, "capture.ppd"), check=True)
        try:
            rc, out, err = self.issue("G", "--printer", "gone",
                                      conf="print_timeout = 2\n")
            self.assertEqual(rc, 1)
            self.assertIn(out["reason"], ("timeout", "offline"))
            self.assertFalse(self.d.cli("ticket", "G001")["ticket"]["printed"])
            # The failed job was cancelled: it never prints later.
            jobs = ps.run("lpstat", "-o", "gone").stdout
            self.assertEqual(jobs.strip(), "")
            ps.run("lpadmin", "-p", "gone", "-v",
                   "qhallcapture:" + ps.capture_path("gone"), check=True)
            before = ps.capture_stamp("gone")
            rc, out, err = self.issue("G", "--printer", "gone")
            self.assertEqual(rc, 0, err)
            w, rows = P.png_gray(ps.wait_capture(before, "gone"))
            self.assertEqual(self.qr_of_rows(w, rows),
                             [self.expected_url("G002")])
        finally:
            ps.run("lpadmin", "-x", "gone")

    def test_print_failure_is_told_after_the_daemon_returns(self):
        ps = self.ps
        ps.run("lpadmin", "-p", "slow", "-E", "-v",
               "ipp://127.0.0.1:%d/ipp/print" % P.free_port(), "-P",
               os.path.join(ps.dir, "capture.ppd"), check=True)
        try:
            k = self.kiosk("--printer", "slow", conf="print_timeout = 3\n")
            k.wait_shot("home")
            k.tap_and_wait(K.home_row(1), "queue")
            k.tap_and_wait(K.QUEUE_DIRECT, "ticket",
                           pred=lambda img: len(self.qr_of_shot(img)) == 1)
            # The daemon goes away while the printer is still trying.
            self.d.stop()
            st = k.wait_state(ticket_in("print_failed"))
            self.assertEqual(st["ticket"]["number"], "B001")
            self.assertGreater(K.count_colour(k.picture(st), K.UI_WARN), 500)
            self.d.start()
            qhtest.eventually(lambda: self.assertFalse(
                self.d.cli("ticket", "B001")["ticket"]["printed"]),
                timeout=20)
        finally:
            ps.run("lpadmin", "-x", "slow")

    def test_idle_never_while_printing_and_failed_number_stays(self):
        """A printer slower than the ticket screen's limit: no return home
        while it prints, and a failed print keeps the number until 完成."""
        ps = self.ps
        ps.run("lpadmin", "-p", "slow", "-E", "-v",
               "ipp://127.0.0.1:%d/ipp/print" % P.free_port(), "-P",
               os.path.join(ps.dir, "capture.ppd"), check=True)
        try:
            k = self.kiosk("--printer", "slow",
                           conf="print_timeout = 8\nticket_timeout = 5\n"
                           "idle_ask = 2\n")
            k.wait_shot("home")
            k.tap_and_wait(K.home_row(1), "queue")
            st = k.tap_and_wait_state(K.QUEUE_DIRECT, ticket_in("printing"))
            self.assertEqual(st["idle"]["limit_s"], 0)
            st = k.wait_state(ticket_in("print_failed"), timeout=30)
            self.assertEqual(st["idle"]["limit_s"], 0)
            self.assertFalse(st["idle"]["asking"])
            # Longer than the ticket limit and its question: still there.
            time.sleep(7)
            st = k.state()
            self.assertEqual(st["screen"], "ticket")
            self.assertEqual(st["ticket"]["number"], "B001")
            self.assertFalse(st["idle"]["asking"])
            self.assertNotIn("back home", k.read_log())
            k.tap_and_wait(K.TICKET_DONE, "home")
        finally:
            ps.run("lpadmin", "-x", "slow")

    def test_screen_shows_number_when_print_fails_and_prints_again(self):
        ps = self.ps
        k = self.kiosk("--printer", "capture")
        k.wait_shot("home")
        # 1. Printed: the capture queue holds the ticket on screen.
        before = ps.capture_stamp()
        k.tap_and_wait(K.home_row(0), "queue")
        k.tap_and_wait(K.queue_item(0), "item")
        st = k.tap_and_wait_state(K.ITEM_TAKE, ticket_in("printed"))
        shot = k.picture(st)
        self.assertGreater(K.count_colour(shot, K.UI_OK), 200)
        url = self.expected_url("A001")
        self.assertEqual(st["ticket"]["url"], url)
        self.assertEqual(self.qr_of_shot(shot), [url])
        w, rows = P.png_gray(ps.wait_capture(before))
        self.assertEqual(self.qr_of_rows(w, rows), [url])
        k.tap_and_wait(K.TICKET_DONE, "home")
        # 2. The queue stopped: the citizen keeps the number and its QR.
        ps.disable("capture")
        try:
            k.tap_and_wait(K.home_row(0), "queue")
            st = k.tap_and_wait_state(K.QUEUE_DIRECT,
                                      ticket_in("print_failed"))
            self.assertEqual(st["ticket"]["number"], "A002")
            self.assertTrue(st["ticket"]["print_reason"])
            shot = k.picture(st)
            self.assertGreater(K.count_colour(shot, K.UI_WARN), 500)
            self.assertEqual(self.qr_of_shot(shot),
                             [self.expected_url("A002")])
            qhtest.eventually(lambda: self.assertFalse(
                self.d.cli("ticket", "A002")["ticket"]["printed"]))
            self.assertIn("A002 not printed: stopped", k.read_log())
            k.tap_and_wait(K.TICKET_DONE, "home")
        finally:
            ps.enable("capture")
        # 3. Back: the next ticket prints.
        before = ps.capture_stamp()
        k.tap_and_wait(K.home_row(0), "queue")
        st = k.tap_and_wait_state(K.QUEUE_DIRECT, ticket_in("printed"))
        self.assertEqual(st["ticket"]["number"], "A003")
        self.assertGreater(K.count_colour(k.picture(st), K.UI_OK), 200)
        w, rows = P.png_gray(ps.wait_capture(before))
        self.assertEqual(self.qr_of_rows(w, rows),
                         [self.expected_url("A003")])
        self.assertTrue(self.d.cli("ticket", "A003")["ticket"]["printed"])

    def test_no_tickets_offered_while_printer_unusable_if_required(self):
        ps = self.ps
        k = self.kiosk("--printer", "capture",
                       conf="require_printer = yes\nprinter_check = 1\n")
        k.wait_shot("home")
        before = k.stamp("offline")
        ps.disable("capture")
        try:
            k.wait_shot("offline", before, timeout=15)
            st = k.wait_state(lambda s: s["screen"] == "offline")
            self.assertEqual(st["offline"], "printer")
            self.assertFalse(st["printer"]["usable"])
            k.tap(K.home_row(0))
        finally:
            ps.enable("capture")
        before = k.stamp("home")
        k.wait_shot("home", before, timeout=15)
        self.assertEqual(self.d.cli("status")["queues"][0]["waiting"], 0,
                         "no ticket while the printer was away")


if __name__ == "__main__":
    unittest.main(verbosity=2)
