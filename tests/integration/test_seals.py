"""Sealed periods (封存): a seeded hall runs its November through the real
daemon on the test clock (the days of test_reports, and the 30th), then
on December 1st a supervisor seals the month. Later reports show the
sealed figures with a note of what came after (a late 补评), the month
cannot be sealed again or edited, and `qhall report verify` recomputes it
from the trace: it matches, after more events too, and not after an edit
of the stored figures. Pictures of the sealed report go to
$QHALL_REPORT_SHOTS (default: a temporary folder)."""

import os
import random
import sqlite3
import subprocess
import tempfile

import qhtest
import test_reports as tr

SHOTS = os.environ.get("QHALL_REPORT_SHOTS") or tempfile.mkdtemp(
    prefix="qhall-shots-")
DAYS = ["2026-10-30", "2026-11-02", "2026-11-03", "2026-11-30"]


def strip_seal(rep):
    return {k: v for k, v in rep.items()
            if k not in ("sealed", "after_seal", "seal_note")}


class Seals(qhtest.DaemonTest):
    daemon_args = tr.Reports.daemon_args
    test_clock_ms = tr.Reports.test_clock_ms
    daemon_config = tr.Reports.daemon_config

    clock = tr.Reports.clock

    def setUp(self):
        super().setUp()
        self.clock(tr.ms_of(DAYS[0], 8, 0))
        for sid, name in tr.STAFF.items():
            self.d.cli("staff", "add", sid, "--name", name, json_out=False,
                       input="2468\n")
        self.admin = self.d.client()

    def tearDown(self):
        self.admin.close()
        super().tearDown()

    def simulate(self):
        hall = tr.Hall(self)
        rnd = random.Random(13)
        for day in DAYS:
            hall.run_day(day, rnd)
        self.clock(tr.ms_of("2026-12-01", 8, 0))
        hall.at(tr.ms_of("2026-12-01", 8, 0))
        hall.day = "2026-12-01"
        return hall

    def report(self, by="window", *more):
        return self.d.cli("report", "2026-11", "--by", by, *more)

    def test_sealed_month_keeps_its_figures_and_notes_a_late_rating(self):
        hall = self.simulate()
        before = {by: self.report(by) for by in
                  ("window", "staff", "queue", "department", "item")}
        seal = self.d.cli("report", "seal", "2026-11")
        self.assertTrue(seal["sealed"])
        self.assertEqual((seal["period"], seal["from"], seal["to"]),
                         ("2026-11", "2026-11-01", "2026-11-30"))
        # the seal is in the trace, with the figures' hash
        got = self.admin.call("sealed", period="2026-11")
        self.assertIn('"event":"period_sealed"', got["event"])
        self.assertIn('"figures_hash":"%s"' % seal["hash"], got["event"])
        self.assertIn('"seq":%d' % seal["seq"], got["event"])
        # every grouping reads as it did, now marked sealed, nothing later
        for by, rep in before.items():
            now = self.report(by)
            self.assertEqual(strip_seal(now), rep, by)
            self.assertEqual(now["sealed"]["seq"], seal["seq"])
            self.assertEqual(now["after_seal"],
                             {"ratings": [], "events": 0}, by)
            self.assertIn("封存后无新记录", now["seal_note"])
        ok = self.d.cli("report", "verify", "2026-11")
        self.assertEqual((ok["matches"], ok["problems"]), (True, []))
        # a late 补评 of a service on the 30th: recorded, not in the seal
        late = [r for r in hall.tickets.values()
                if r["state"] == "done" and not r["rated"] and
                r["day"] == "2026-11-30" and "finished_staff" in r]
        self.assertTrue(late)
        rated = before["window"]["total"]["rated"]
        self.admin.call("rate", number=late[0]["number"], day="2026-11-30",
                        level=5, channel="paper")
        for by in before:
            now = self.report(by)
            self.assertEqual(strip_seal(now), before[by], by)
            self.assertEqual(now["total"]["rated"], rated)
            changes = {c["key"]: c for c in now["after_seal"]["ratings"]}
            self.assertEqual((changes["rated"]["sealed"],
                              changes["rated"]["now"]), (rated, rated + 1))
            self.assertIn("评价人次 %d→%d" % (rated, rated + 1),
                          now["seal_note"])
        # unsealed, the same report counts it
        live = self.d.cli("report", "--from", "2026-11-01", "--to",
                          "2026-11-30", "--by", "window")
        self.assertEqual(live["total"]["rated"], rated + 1)
        # more days pass; the month still verifies
        for minute, act in ((0, lambda: hall.take("C", "C01")),
                            (3, lambda: hall.call(4)),
                            (9, lambda: hall.finish(4)),
                            (20, hall.day_close)):
            hall.at(tr.ms_of("2026-12-01", 9, minute))
            act()
        self.clock(tr.ms_of("2026-12-02", 8, 0))
        ok = self.d.cli("report", "verify", "2026-11")
        self.assertTrue(ok["matches"], ok)
        text = self.d.cli("report", "verify", "2026-11", json_out=False)
        self.assertIn("2026-11: matches its seal", text.stdout)
        # the sealed report in every format carries the note
        table = self.d.cli("report", "2026-11", "--by", "window", "--format",
                           "table", json_out=False).stdout
        self.assertIn("已封存于 2026-12-01 08:00", table.splitlines()[1])
        csv = os.path.join(self.d.data, "nov.csv")
        self.d.cli("report", "2026-11", "--by", "window", "--format", "csv",
                   "-o", csv, json_out=False)
        with open(csv, encoding="utf-8-sig", newline="") as f:
            lines = f.read().split("\r\n")
        self.assertTrue(lines[-3].startswith("全厅合计,"))
        self.assertTrue(lines[-2].startswith('备注,已封存于'), lines[-3:])
        html = os.path.join(SHOTS, "report-sealed.html")
        self.d.cli("report", "2026-11", "--by", "window", "--format", "html",
                   "-o", html, json_out=False)
        subprocess.run(["chromium", "--headless", "--no-sandbox",
                        "--disable-gpu", "--screenshot=" +
                        os.path.join(SHOTS, "report-sealed-html.png"),
                        "--window-size=1400,700", "file://" + html],
                       check=True, capture_output=True, timeout=60)
        pdf = os.path.join(SHOTS, "report-sealed.pdf")
        supp = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                            "lsan-cairo.supp")
        subprocess.run([qhtest.QHALL, "--data", self.d.data, "report",
                        "2026-11", "--by", "window", "--format", "pdf", "-o",
                        pdf], check=True, timeout=60,
                       env=dict(os.environ,
                                LSAN_OPTIONS="suppressions=" + supp))
        words = subprocess.run(["pdftotext", pdf, "-"], capture_output=True,
                               text=True, check=True).stdout
        self.assertIn("已封存于", words)
        self.assertIn("评价人次", words)
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1",
                        pdf, os.path.join(SHOTS, "report-sealed")],
                       check=True)
        # a quarter's and a year's bulletin say which they are
        for period, kind in (("2026-Q4", "季度考评"), ("2026", "年度考核")):
            out = os.path.join(SHOTS, "report-%s.pdf" % period)
            subprocess.run([qhtest.QHALL, "--data", self.d.data, "report",
                            period, "--by", "window", "--format", "pdf",
                            "-o", out], check=True, timeout=60,
                           env=dict(os.environ,
                                    LSAN_OPTIONS="suppressions=" + supp))
            words = subprocess.run(["pdftotext", out, "-"],
                                   capture_output=True, text=True,
                                   check=True).stdout
            self.assertIn("石嘴山市政务服务大厅 " + kind, words)
            subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l",
                            "1", out, out[:-4]], check=True)

    def test_a_sealed_month_is_never_sealed_again_or_edited(self):
        self.simulate()
        seal = self.d.cli("report", "seal", "2026-11")
        p = self.d.cli("report", "seal", "2026-11", check=False,
                       json_out=False)
        self.assertEqual(p.returncode, 1)
        self.assertIn("2026-11 is sealed already", p.stderr)
        # the daemon refuses too, whoever asks
        for op, fields in (("seal_part", dict(index=0, text="{}")),
                           ("seal", {"from": "2026-11-01",
                                     "to": "2026-11-30", "upto": 1,
                                     "parts": 1})):
            with self.assertRaises(qhtest.ReplyError) as e:
                self.admin.call(op, period="2026-11", **fields)
            self.assertEqual(e.exception.code, "exists")
        # a month still running cannot be sealed
        p = self.d.cli("report", "seal", "2026-12", check=False,
                       json_out=False)
        self.assertEqual(p.returncode, 1)
        self.assertIn("not over yet", p.stderr)
        p = self.d.cli("report", "verify", "2026-10", check=False,
                       json_out=False)
        self.assertEqual(p.returncode, 1)
        self.assertIn("2026-10 is not sealed", p.stderr)
        p = self.d.cli("report", "seal", "2026-13", check=False,
                       json_out=False)
        self.assertEqual(p.returncode, 2)
        # the file itself refuses an edit of the sealed rows
        db = sqlite3.connect(os.path.join(self.d.data, "qhall.db"))
        for sql in ("UPDATE seal_part SET text = '{}'",
                    "DELETE FROM seal", "UPDATE seal SET hash = ''",
                    "INSERT INTO seal_part VALUES ('2026-11', 9, 'x')"):
            with self.assertRaises(sqlite3.DatabaseError) as e:
                db.execute(sql)
            self.assertIn("a sealed period is never edited", str(e.exception))
        # who drops the guard and edits a figure is found by verify
        self.d.stop()
        db.execute("DROP TRIGGER seal_part_kept")
        text = db.execute("SELECT text FROM seal_part WHERE period = "
                          "'2026-11' AND idx = 0").fetchone()[0]
        at = text.index('"finished":') + len('"finished":')
        end = at
        while text[end].isdigit():
            end += 1
        edited = text[:at] + str(int(text[at:end]) + 1) + text[end:]
        db.execute("UPDATE seal_part SET text = ? WHERE period = '2026-11' "
                   "AND idx = 0", (edited,))
        db.commit()
        db.close()
        self.d.start()
        p = self.d.cli("report", "verify", "2026-11", check=False,
                       json_out=False)
        self.assertEqual(p.returncode, 1)
        self.assertIn("DOES NOT MATCH", p.stdout)
        self.assertIn("they were edited", p.stdout)
        self.assertRegex(p.stdout, r"finished\S*: sealed \d+, recomputed \d+")
        bad = self.d.cli("report", "verify", "2026-11", check=False)
        self.assertEqual(bad.returncode, 1)
        self.assertIn(str(seal["seq"]), bad.stdout)


if __name__ == "__main__":
    qhtest.main()
