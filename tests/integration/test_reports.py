"""qhall report: a seeded hall runs four days through the real daemon on
its test clock (a Friday in October, then Monday to Wednesday in
November), the test keeps its own account of every ticket, window and
minute, and every figure of the November report (by window, staff,
queue, department and item, and the hall's total) must equal the test's
own computation from that account, never from the trace."""

import datetime
import math
import os
import random
import subprocess
import zoneinfo

import qhtest

SH = zoneinfo.ZoneInfo("Asia/Shanghai")
SEC = 1000
MIN = 60 * SEC
OPEN_H, CLOSE_H = 9, 17
THRESHOLD_MIN = 10
QUEUES = {1: ["A"], 2: ["A", "B"], 4: ["C", "D"]}
ITEMS = {"A": ["A01", "A02", None], "B": ["B01", None], "C": ["C01", "C02"]}
DEPT = {"A": "psb", "B": "psb", "C": "amr", "D": "tax"}
STAFF = {"1001": "王芳", "1002": "李强", "1003": "张敏"}
DAYS = ["2026-10-30", "2026-11-02", "2026-11-03", "2026-11-04"]


def ms_of(day, h, m=0):
    y, mo, d = map(int, day.split("-"))
    return int(datetime.datetime(y, mo, d, h, m, tzinfo=SH).timestamp() * 1000)


class Figures:
    """One subject's figures, as the test counts them."""

    def __init__(self):
        self.n = dict(taken=0, finished=0, no_show=0, rejoined=0,
                      transferred=0, expired=0, cancelled=0, over_wait=0)
        self.wait, self.service, self.serving = [], [], []
        self.logged = self.paused = self.idle = 0
        self.reasons = {}
        self.presence = False
        self.rated = 0


def rank_value(values, num, den):
    if not values:
        return None
    v = sorted(values)
    return v[max(1, -(-len(v) * num // den)) - 1]


class Hall:
    """The test's own model of what it did to the hall."""

    def __init__(self, test):
        self.t = test
        self.tickets = {}       # (day, number) -> dict
        self.win = {w: dict(staff=None, paused=False, reason="", ticket=None)
                    for w in QUEUES}
        self.periods = {}       # "2026-10"/"2026-11" -> by -> subject -> Figures
        self.last = None
        self.open_day = None

    def figs(self, by, subject):
        if subject is None:
            return None
        month = self.day[:7]
        return self.periods.setdefault(month, {}).setdefault(
            by, {}).setdefault(subject, Figures())

    def count(self, tk, window, key, values=None):
        for by, subj in self.subjects(tk, window).items():
            f = self.figs(by, subj)
            if f is not None:
                f.n[key] += 1
        self.figs("total", "").n[key] += 1

    def subjects(self, tk, window):
        staff = self.win[window]["staff"] if window else None
        return {"window": str(window) if window else None, "staff": staff,
                "queue": tk["queue"] if tk else None,
                "department": DEPT.get(tk["queue"]) if tk else None,
                "item": tk["item"] if tk else None}

    def add(self, tk, window, attr, value):
        for by, subj in list(self.subjects(tk, window).items()) + [("total", "")]:
            f = self.figs(by, subj)
            if f is not None:
                getattr(f, attr).append(value)

    def waiting(self, w):
        return sum(1 for tk in self.tickets.values()
                   if tk["state"] == "waiting" and tk["queue"] in QUEUES[w])

    def advance(self, now):
        """Minutes pass: each logged-in window's presence, in opening hours
        of a day the hall opened."""
        if self.last is not None and now > self.last:
            lo = max(self.last, ms_of(self.open_day, OPEN_H))
            hi = min(now, ms_of(self.open_day, CLOSE_H))
            ms = max(0, hi - lo)
            if ms:
                for w, st in self.win.items():
                    if not st["staff"]:
                        continue
                    idle = (not st["paused"] and st["ticket"] is None and
                            self.waiting(w) > 0)
                    for by, subj in (("window", str(w)), ("staff", st["staff"]),
                                     ("total", "")):
                        f = self.figs(by, subj)
                        f.presence = True
                        f.logged += ms
                        if st["paused"]:
                            f.paused += ms
                            f.reasons[st["reason"]] = f.reasons.get(
                                st["reason"], 0) + ms
                        elif idle:
                            f.idle += ms
        self.last = now

    # the actions: each goes to the daemon, then into the model
    def at(self, ms):
        self.advance(ms)
        self.t.clock(ms)
        self.now = ms

    def take(self, q, item):
        fields = dict(queue=q)
        if item:
            fields["item"] = item
        tk = self.t.admin.call("take", **fields)["ticket"]
        rec = dict(queue=q, item=item, taken=self.now, called=False,
                   state="waiting", window=None, call_at=0, served_at=0,
                   number=tk["number"], day=self.day, rated=False)
        self.tickets[(self.day, tk["number"])] = rec
        self.count(rec, None, "taken")

    def call(self, w):
        r = self.t.admin.call("call", window=w)
        if not r.get("ticket"):
            return
        rec = self.tickets[(self.day, r["ticket"]["number"])]
        if not rec["called"]:
            rec["called"] = True
            s = (self.now - rec["taken"]) // SEC
            self.add(rec, w, "wait", s)
            if s > THRESHOLD_MIN * 60:
                self.count(rec, w, "over_wait")
        rec.update(state="window", window=w, call_at=self.now, served_at=0)
        self.win[w]["ticket"] = rec

    def serve(self, w):
        self.t.admin.call("serve", window=w)
        self.win[w]["ticket"]["served_at"] = self.now

    def finish(self, w):
        rec = self.win[w]["ticket"]
        self.t.admin.call("finish", window=w)
        self.count(rec, w, "finished")
        self.add(rec, w, "service", (self.now - rec["call_at"]) // SEC)
        if rec["served_at"]:
            self.add(rec, w, "serving", (self.now - rec["served_at"]) // SEC)
        rec.update(state="done", finished_window=w)
        self.win[w]["ticket"] = None
        self.finished_last = rec

    def skip(self, w):
        rec = self.win[w]["ticket"]
        self.t.admin.call("skip", window=w)
        self.count(rec, w, "no_show")
        rec["state"] = "no_show"
        self.win[w]["ticket"] = None

    def rejoin(self, rec):
        self.t.admin.call("rejoin", number=rec["number"])
        self.count(rec, None, "rejoined")
        rec["state"] = "waiting"

    def transfer(self, w, to):
        rec = self.win[w]["ticket"]
        self.t.admin.call("transfer", window=w, queue=to)
        self.count(rec, w, "transferred")
        rec.update(state="waiting", queue=to, window=None)
        self.win[w]["ticket"] = None

    def pause(self, w, reason):
        self.t.admin.call("pause", window=w, reason=reason)
        self.win[w].update(paused=True, reason=reason)

    def resume(self, w):
        self.t.admin.call("resume", window=w)
        self.win[w]["paused"] = False

    def login(self, w, staff):
        self.t.admin.call("login", window=w, staff=staff, pin="2468")
        self.win[w]["staff"] = staff

    def logout(self, w):
        self.t.admin.call("logout", window=w)
        self.win[w]["staff"] = None

    def rate(self, rec, level):
        fields = dict(number=rec["number"], level=level, channel="paper")
        if level <= 2:
            fields["reasons"] = ["办事效率"]
        self.t.admin.call("rate", **fields)
        rec["rated"] = True
        w = rec["finished_window"]
        staff = rec["finished_staff"]
        for by, subj in (("window", str(w)), ("staff", staff),
                         ("queue", rec["queue"]), ("item", rec["item"]),
                         ("total", "")):
            if subj is not None:
                self.periods[rec["day"][:7]][by][subj].rated += 1

    def day_close(self):
        self.t.admin.call("day_close")
        for rec in self.tickets.values():
            if rec["day"] == self.day and rec["state"] == "waiting":
                self.count(rec, None, "expired")
                rec["state"] = "expired"

    def run_day(self, day, rnd):
        self.day = day
        self.open_day = day
        self.at(ms_of(day, 8, 50) + rnd.randrange(1000))
        for w, staff in ((1, "1001"), (2, "1002"), (4, "1003")):
            if self.win[w]["staff"] is None:
                self.login(w, staff)
        now = ms_of(day, 9)
        end = ms_of(day, 16, 40)
        while now < end:
            now += rnd.randrange(20 * SEC, 5 * MIN)
            self.at(now)
            self.step(rnd)
        # Everyone at a counter is seen to; windows 1 and 2 go home,
        # window 4 stays logged in overnight (the next day's snapshot).
        self.at(ms_of(day, 16, 50))
        for w in QUEUES:
            if self.win[w]["ticket"]:
                self.finish(w)
            if self.win[w]["paused"]:
                self.resume(w)
        self.at(ms_of(day, 17, 10))
        self.logout(1)
        self.logout(2)
        self.at(ms_of(day, 17, 20))
        self.day_close()

    def step(self, rnd):
        w = rnd.choice(list(QUEUES))
        st = self.win[w]
        roll = rnd.random()
        if roll < 0.33:
            q = rnd.choice(list(ITEMS))
            self.take(q, rnd.choice(ITEMS[q]))
        elif roll < 0.55 and st["ticket"] is None and not st["paused"]:
            self.call(w)
        elif roll < 0.62 and st["ticket"] and not st["ticket"]["served_at"]:
            self.serve(w)
        elif roll < 0.78 and st["ticket"]:
            st["ticket"]["finished_staff"] = st["staff"]
            self.finish(w)
        elif roll < 0.82 and st["ticket"]:
            self.skip(w)
        elif roll < 0.84 and st["ticket"]:
            to = rnd.choice([q for q in ITEMS if q != st["ticket"]["queue"]])
            self.transfer(w, to)
        elif roll < 0.86:
            gone = [r for r in self.tickets.values()
                    if r["state"] == "no_show" and r["day"] == self.day]
            if gone:
                self.rejoin(rnd.choice(gone))
        elif roll < 0.89 and st["ticket"] is None and not st["paused"]:
            self.pause(w, rnd.choice(["午休", "会议"]))
        elif roll < 0.95 and st["paused"]:
            self.resume(w)
        else:
            done = [r for r in self.tickets.values()
                    if r["state"] == "done" and not r["rated"] and
                    r["day"] == self.day and "finished_staff" in r]
            if done:
                self.rate(rnd.choice(done), rnd.choice([1, 3, 4, 5, 5]))


class Reports(qhtest.DaemonTest):
    daemon_args = ("--test-clock",)
    # The business day never goes back: the daemon starts on the first.
    test_clock_ms = ms_of(DAYS[0], 8, 0)
    daemon_config = "[reports]\nwait_threshold_min = %d\n" % THRESHOLD_MIN

    def setUp(self):
        super().setUp()
        self.clock(ms_of(DAYS[0], 8, 0))
        for sid, name in STAFF.items():
            self.d.cli("staff", "add", sid, "--name", name, json_out=False,
                       input="2468\n")
        self.admin = self.d.client()

    def tearDown(self):
        self.admin.close()
        super().tearDown()

    def clock(self, ms):
        path = os.path.join(self.d.data, "test-clock")
        with open(path + ".new", "w") as f:
            f.write("%d\n" % ms)
        os.replace(path + ".new", path)

    def simulate(self):
        hall = Hall(self)
        rnd = random.Random(13)
        for day in DAYS:
            hall.run_day(day, rnd)
        # the report is asked after the month: its end closes time
        hall.advance(ms_of("2026-11-05", 0, 0))
        self.clock(ms_of("2026-12-01", 8, 0))
        return hall

    def check_row(self, name, row, f, open_ms):
        for key in ("finished", "no_show", "transferred", "expired",
                    "over_wait"):
            self.assertEqual(row[key], f.n[key], "%s %s" % (name, key))
        for key, vals in (("wait", f.wait), ("service", f.service),
                          ("serving", f.serving)):
            self.assertEqual(row[key + "_n"], len(vals), name + key)
            if vals:
                self.assertAlmostEqual(row[key + "_mean_s"],
                                       sum(vals) / len(vals), 6, name + key)
            else:
                self.assertIsNone(row[key + "_mean_s"])
            self.assertEqual(row[key + "_median_s"], rank_value(vals, 1, 2),
                             name + key)
            self.assertEqual(row[key + "_p90_s"], rank_value(vals, 9, 10),
                             name + key)
            self.assertEqual(row[key + "_max_s"], max(vals) if vals else None,
                             name + key)
        bands = {"0-3": 0, "3-6": 0, "6-9": 0, "9-12": 0, "12-15": 0, "15+": 0}
        for s in f.service:
            bands[list(bands)[min(5, s // 180)]] += 1
        self.assertEqual(row["service_bands"], bands, name)
        if f.presence:
            self.assertEqual(row["logged_in_s"], f.logged // SEC, name)
            self.assertEqual(row["paused_s"], f.paused // SEC, name)
            self.assertEqual(row["idle_while_waiting_s"], f.idle // SEC, name)
            self.assertEqual(row["paused_by_reason"],
                             {k: v // SEC for k, v in f.reasons.items()}, name)
            if open_ms:
                self.assertAlmostEqual(row["on_duty_rate"],
                                       (f.logged - f.paused) / open_ms, 9)

    def test_every_figure_of_a_month_matches_an_independent_count(self):
        hall = self.simulate()
        open_ms = 3 * (CLOSE_H - OPEN_H) * 3600 * SEC  # three days in Nov
        nov = hall.periods["2026-11"]
        # the seeded days exercise every figure, so none passes by being 0
        t = nov["total"][""]
        for key in ("taken", "finished", "no_show", "rejoined", "transferred",
                    "expired", "over_wait"):
            self.assertGreater(t.n[key], 0, key)
        self.assertTrue(t.paused > 0 and t.idle > 0 and t.rated > 0 and
                        t.serving and len(t.reasons) == 2)
        for by in ("window", "staff", "queue", "department", "item"):
            rep = self.d.cli("report", "2026-11", "--by", by)
            self.assertEqual((rep["period"], rep["from"], rep["to"],
                              rep["previous"]),
                             ("2026-11", "2026-11-01", "2026-11-30",
                              "2026-10"))
            self.assertEqual(rep["open_days"], 3)
            self.assertEqual(rep["wait_threshold_s"], THRESHOLD_MIN * 60)
            rows = {r["subject"]: r for r in rep["rows"]}
            want = {s: f for s, f in nov.get(by, {}).items()}
            # a subject has a row when something counted to it
            for s, f in want.items():
                self.assertIn(s, rows, "%s %s" % (by, s))
                self.check_row("%s %s" % (by, s), rows[s], f, open_ms)
                if by in ("queue", "item", "department"):
                    for key in ("taken", "rejoined", "cancelled"):
                        self.assertEqual(rows[s][key], f.n[key], s + key)
                else:
                    self.assertIsNone(rows[s]["taken"])
                if by != "department":
                    self.assertEqual(rows[s].get("rated", 0), f.rated,
                                     "%s %s rated" % (by, s))
            self.assertEqual(set(rows), set(want), by)
            total = nov["total"][""]
            self.check_row("total", rep["total"], total, 0)
            for key in ("taken", "rejoined"):
                self.assertEqual(rep["total"][key], total.n[key])
            self.assertEqual(rep["total"]["rated"], total.rated)
            # rank: most finished first, then the shorter mean wait
            def order(period):
                figs = hall.periods[period].get(by, {})
                return sorted(figs, key=lambda s: (
                    -figs[s].n["finished"],
                    sum(figs[s].wait) / len(figs[s].wait)
                    if figs[s].wait else 1e18, s))
            now, before = order("2026-11"), order("2026-10")
            for s, row in rows.items():
                self.assertEqual(row["rank"], now.index(s) + 1, by + s)
                prev = before.index(s) + 1 if s in before else None
                self.assertEqual(row["rank_prev"], prev, by + s)
                self.assertEqual(row["last_twice"],
                                 len(now) >= 2 and len(before) >= 2 and
                                 s == now[-1] and s == before[-1], by + s)

    def test_csv_opens_in_chinese_excel_and_table_prints(self):
        self.simulate()
        out = os.path.join(self.d.data, "nov.csv")
        self.d.cli("report", "2026-11", "--by", "window", "--format", "csv",
                   "-o", out, json_out=False)
        with open(out, "rb") as f:
            raw = f.read()
        self.assertTrue(raw.startswith(b"\xef\xbb\xbf"))
        lines = raw[3:].decode("utf-8").split("\r\n")
        self.assertTrue(lines[0].startswith("对象,排名,名次变化,取号,办结"))
        rep = self.d.cli("report", "2026-11", "--by", "window")
        self.assertEqual(len([l for l in lines if l]), 1 + len(rep["rows"]) + 1)
        self.assertTrue(lines[-2].startswith("全厅合计,"))
        table = self.d.cli("report", "2026-11", "--by", "staff", "--format",
                           "table", json_out=False).stdout
        self.assertIn("办结", table)
        html = self.d.cli("report", "--from", "2026-11-02", "--to",
                          "2026-11-04", "--by", "queue", "--format", "html",
                          json_out=False).stdout
        self.assertIn("<table>", html)

    def test_monthly_bulletin_pdf_is_chinese_and_renders(self):
        self.simulate()
        out = os.path.join(self.d.data, "nov.pdf")
        supp = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                            "lsan-cairo.supp")
        subprocess.run([qhtest.QHALL, "--data", self.d.data, "report",
                        "2026-11", "--by", "window", "--format", "pdf", "-o",
                        out], check=True, timeout=60,
                       env=dict(os.environ,
                                LSAN_OPTIONS="suppressions=" + supp))
        text = subprocess.run(["pdftotext", "-layout", out, "-"],
                              capture_output=True, text=True, check=True).stdout
        for words in ("石嘴山市政务服务大厅 月通报", "统计期：2026-11",
                      "各时段平均等候", "每日办结量", "办理时长分布", "满意度",
                      "排名", "连续两期末位", "未办结及逾期差评", "待核实"):
            self.assertIn(words, text)
        rep = self.d.cli("report", "2026-11", "--by", "window")
        self.assertIn("办结 %d 件" % rep["total"]["finished"], text)
        fonts = subprocess.run(["pdffonts", out], capture_output=True,
                               text=True, check=True).stdout
        self.assertIn("CJK", fonts)
        png = os.path.join(self.d.data, "nov")
        subprocess.run(["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1",
                        out, png], check=True)
        self.assertTrue(os.path.getsize(png + "-1.png") > 10000)
        # a PDF goes to a file, never to a terminal
        p = self.d.cli("report", "2026-11", "--by", "window", "--format",
                       "pdf", check=False, json_out=False)
        self.assertEqual(p.returncode, 2)

    def test_bad_periods_are_refused_with_a_clear_message(self):
        for args in (["2026-13", "--by", "window"],
                     ["2026-02-30", "--by", "window"],
                     ["2026-Q5", "--by", "window"],
                     ["2026-11", "--by", "floor"],
                     ["2026-11", "--by", "window", "--format", "docx"],
                     ["--from", "2026-11-05", "--to", "2026-11-01", "--by",
                      "window"]):
            p = self.d.cli("report", *args, check=False, json_out=False)
            self.assertEqual(p.returncode, 2, args)
            self.assertIn("qhall", p.stderr)
        self.assertTrue(self.d.alive())
        with self.assertRaises(qhtest.ReplyError):
            self.admin.call("trace_page", **{"from": "2026-11-05",
                                             "to": "2026-11-01"})


if __name__ == "__main__":
    qhtest.main()
