"""The city's roll-up: four halls (the city's and three counties'), each a
real qhalld on its own data folder and test clock, run their own days;
each writes `qhall export` of October and November; `qhall report
2026-11 --halls` reads the four files with no daemon at all and must give
each hall's figures as the test counted them, the city's total over every
sample of every hall, ranks among the halls, in every format. A file
edited after its hall wrote it, cut short, or not covering the period is
refused with the file named. Pictures go to $QHALL_REPORT_SHOTS."""

import json
import os
import random
import shutil
import subprocess
import tempfile
import unittest

import qhtest
import test_reports as tr

SHOTS = os.environ.get("QHALL_REPORT_SHOTS") or tempfile.mkdtemp(
    prefix="qhall-shots-")
HALLS = [("石嘴山市政务服务大厅", ["2026-10-30", "2026-11-02", "2026-11-03"]),
         ("大武口区政务服务大厅", ["2026-10-30", "2026-11-02"]),
         ("惠农区政务服务大厅", ["2026-11-02", "2026-11-03"]),
         ("平罗县政务服务大厅", ["2026-10-30", "2026-11-03"])]


class CountyHall(tr.Hall):
    """The test's model; a ticket being served is finished, not skipped."""

    def skip(self, w):
        if self.win[w]["ticket"]["served_at"]:
            return
        super().skip(w)


class Site:
    """One hall: its daemon, its admin client, its clock."""

    def __init__(self, name):
        self.data = tempfile.mkdtemp(prefix="qhall-city-")
        with open(qhtest.CATALOG) as f:
            cat = json.load(f)
        cat["hall"]["name_zh"] = name
        with open(os.path.join(self.data, "catalog.json"), "w") as f:
            json.dump(cat, f, ensure_ascii=False)
        self.clock(tr.ms_of("2026-10-30", 8, 0))
        self.d = qhtest.Daemon(data=self.data, args=("--test-clock",),
                               config=tr.Reports.daemon_config)
        self.d.start()
        for sid, staff in tr.STAFF.items():
            self.d.cli("staff", "add", sid, "--name", staff, json_out=False,
                       input="2468\n")
        self.admin = self.d.client()

    def clock(self, ms):
        path = os.path.join(self.data, "test-clock")
        with open(path + ".new", "w") as f:
            f.write("%d\n" % ms)
        os.replace(path + ".new", path)

    def close(self):
        self.admin.close()
        self.d.stop()
        with open(self.d.log) as f:
            log = f.read()
        shutil.rmtree(self.data, ignore_errors=True)
        for bad in ("AddressSanitizer", "runtime error:", "LeakSanitizer"):
            assert bad not in log, "sanitizer report in qhalld's log"


def pooled(figs):
    """Every hall's samples together: what the city's total counts."""
    out = tr.Figures()
    for f in figs:
        for k, v in f.n.items():
            out.n[k] += v
        out.wait += f.wait
        out.service += f.service
        out.serving += f.serving
        out.logged += f.logged
        out.paused += f.paused
        out.idle += f.idle
        for k, v in f.reasons.items():
            out.reasons[k] = out.reasons.get(k, 0) + v
        out.presence = out.presence or f.presence
    return out


class City(unittest.TestCase):
    check_row = tr.Reports.check_row

    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="qhall-exports-")
        cls.files, cls.figs = [], {}
        for i, (name, days) in enumerate(HALLS):
            site = Site(name)
            try:
                hall = CountyHall(site)
                rnd = random.Random(13 + i)
                for day in days:
                    hall.run_day(day, rnd)
                site.clock(tr.ms_of("2026-12-01", 8, 0))
                path = os.path.join(cls.dir, "hall%d.qexport" % i)
                out = site.d.cli("export", "--from", "2026-10-01", "--to",
                                 "2026-11-30", "-o", path)
                assert out["events"] > 100, out
                cls.files.append(path)
                cls.figs[name] = {
                    m: hall.periods.get(m, {}).get("total", {}).get(
                        "", tr.Figures()) for m in ("2026-10", "2026-11")}
                cls.figs[name]["own"] = site.d.cli("report", "2026-11",
                                                   "--by", "queue")
            finally:
                site.close()

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir, ignore_errors=True)

    def city(self, *args, files=None, check=True):
        p = subprocess.run([qhtest.QHALL, "--json", "report"] + list(args) +
                           ["--halls"] + (files or self.files),
                           capture_output=True, text=True, timeout=60)
        if check:
            self.assertEqual(p.returncode, 0, p.stderr)
            return json.loads(p.stdout)
        return p

    def test_city_report_gives_each_hall_and_the_city_from_the_exports(self):
        rep = self.city("2026-11")
        self.assertEqual((rep["period"], rep["by"], rep["previous"]),
                         ("2026-11", "hall", "2026-10"))
        rows = {r["subject"]: r for r in rep["rows"]}
        self.assertEqual(set(rows), {n for n, _ in HALLS})
        for name, _ in HALLS:
            f = self.figs[name]["2026-11"]
            self.check_row(name, rows[name], f, 0)
            for key in ("taken", "rejoined", "cancelled"):
                self.assertEqual(rows[name][key], f.n[key], name + key)
            # the same as the hall's own report of its total
            own = self.figs[name]["own"]["total"]
            for key in ("taken", "finished", "wait_p90_s", "service_median_s",
                        "idle_while_waiting_s", "logged_in_s"):
                self.assertEqual(rows[name][key], own[key], name + key)
        city = pooled([self.figs[n]["2026-11"] for n, _ in HALLS])
        self.check_row("city", rep["total"], city, 0)
        self.assertEqual(rep["total"]["taken"], city.n["taken"])

        def order(month):
            figs = {n: self.figs[n][month] for n, _ in HALLS
                    if month == "2026-11" or True}
            return sorted(figs, key=lambda s: (
                -figs[s].n["finished"],
                sum(figs[s].wait) / len(figs[s].wait)
                if figs[s].wait else 1e18, s))
        now, before = order("2026-11"), order("2026-10")
        for name, row in rows.items():
            self.assertEqual(row["rank"], now.index(name) + 1, name)
            self.assertEqual(row["rank_prev"], before.index(name) + 1, name)
        self.assertEqual(len(rep["halls"]), 4)
        for h, path in zip(rep["halls"], self.files):
            self.assertEqual(h["file"], path)
            self.assertEqual(len(h["head"]), 64)
        self.assertEqual(sum(d["finished"] for d in rep["by_day"]),
                         city.n["finished"])

    def test_city_report_in_every_format(self):
        csv = os.path.join(SHOTS, "city.csv")
        subprocess.run([qhtest.QHALL, "report", "2026-11", "--format", "csv",
                        "-o", csv, "--halls"] + self.files, check=True,
                       timeout=60)
        with open(csv, encoding="utf-8-sig", newline="") as f:
            lines = [l for l in f.read().split("\r\n") if l]
        self.assertEqual(len(lines), 1 + 4 + 1)
        self.assertTrue(lines[-1].startswith("全市合计,"))
        self.assertTrue(any(l.startswith("惠农区政务服务大厅,") for l in lines))
        html = os.path.join(SHOTS, "city.html")
        subprocess.run([qhtest.QHALL, "report", "2026-11", "--format", "html",
                        "-o", html, "--halls"] + self.files, check=True,
                       timeout=60)
        subprocess.run(["chromium", "--headless", "--no-sandbox",
                        "--disable-gpu", "--screenshot=" +
                        os.path.join(SHOTS, "city-html.png"),
                        "--window-size=1400,500", "file://" + html],
                       check=True, capture_output=True, timeout=60)
        pdf = os.path.join(SHOTS, "city.pdf")
        supp = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                            "lsan-cairo.supp")
        subprocess.run([qhtest.QHALL, "report", "2026-11", "--format", "pdf",
                        "-o", pdf, "--halls"] + self.files, check=True,
                       timeout=60, env=dict(os.environ,
                                            LSAN_OPTIONS="suppressions=" +
                                            supp))
        words = subprocess.run(["pdftotext", "-layout", pdf, "-"],
                               capture_output=True, text=True,
                               check=True).stdout
        for w in ("全市政务服务（4 个大厅）", "按大厅排名", "平罗县政务服务大厅"):
            self.assertIn(w, words)
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1",
                        pdf, os.path.join(SHOTS, "city")], check=True)
        table = subprocess.run([qhtest.QHALL, "report", "2026-11", "--halls"]
                               + self.files, capture_output=True, text=True,
                               check=True).stdout
        self.assertIn("全市合计", table)

    def tampered(self, name, edit):
        path = os.path.join(self.dir, name)
        with open(self.files[2], encoding="utf-8") as f:
            lines = f.read().split("\n")
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(edit(lines)))
        return path

    def test_a_tampered_export_is_refused_with_its_name(self):
        def finished_to_no_show(lines):
            i = next(i for i, l in enumerate(lines)
                     if '"event":"finished"' in l and i > 50)
            lines[i] = lines[i].replace('"event":"finished"',
                                        '"event":"no_show"')
            return lines
        cases = [
            ("edited.qexport", finished_to_no_show,
             "does not chain onto the one before"),
            ("dropped.qexport", lambda l: l[:40] + l[41:],
             "does not chain onto the one before"),
            ("cut.qexport", lambda l: l[:-30] + [""], "cut short"),
            ("tail.qexport", lambda l: l[:-2] + [l[-2].replace(
                '"events":', '"events":1')] + [""],
             "does not match its"),
        ]
        for name, edit, words in cases:
            path = self.tampered(name, edit)
            p = self.city("2026-11", files=self.files[:2] + [path] +
                          self.files[3:], check=False)
            self.assertEqual(p.returncode, 1, name)
            self.assertIn(path, p.stderr, name)
            self.assertIn(words, p.stderr, name)
            self.assertIn("refused" if words != "does not match its" else
                          "taken out", p.stderr, name)
            self.assertEqual(p.stdout, "", name)
        # the same hall twice, a period the files do not hold
        p = self.city("2026-11", files=self.files + self.files[:1],
                      check=False)
        self.assertEqual(p.returncode, 1)
        self.assertIn("are both hall", p.stderr)
        p = self.city("2026-12", check=False)
        self.assertEqual(p.returncode, 1)
        self.assertIn("not all of 2026-12", p.stderr)
        p = self.city("2026-11", files=[qhtest.CATALOG], check=False)
        self.assertEqual(p.returncode, 1)
        self.assertIn("is not a qhall export", p.stderr)


if __name__ == "__main__":
    qhtest.main()
