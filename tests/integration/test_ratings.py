"""好差评: one rating per service, given freely, by the evaluator at its
window or on a paper form; every refusal has its own code and stores
nothing; the figures of `qhall ratings` match an independent count.
Time is the daemon's test clock (qhalld --test-clock)."""

import json
import os
import random
import subprocess

import qhtest

# 2026-03-02 10:00 in Asia/Shanghai, a Monday.
MONDAY_10H = 1772416800000
DAY = "2026-03-02"
DAY_MS = 24 * 3600 * 1000


class Ratings(qhtest.DaemonTest):
    daemon_args = ("--test-clock",)
    test_clock_ms = MONDAY_10H

    def setUp(self):
        super().setUp()
        self.now = MONDAY_10H
        self.clock(self.now)
        self.admin = self.d.client()

    def tearDown(self):
        self.admin.close()
        super().tearDown()

    def clock(self, ms):
        self.now = ms
        path = os.path.join(self.d.data, "test-clock")
        with open(path + ".new", "w") as f:
            f.write("%d\n" % ms)
        os.replace(path + ".new", path)

    def later(self, seconds):
        self.clock(self.now + int(seconds * 1000))

    def served(self, window, queue="A", item=None):
        """A ticket taken, called at window and finished: its number."""
        kw = {"item": item} if item else {}
        n = self.admin.call("take", queue=queue, **kw)["ticket"]["number"]
        t = self.admin.call("call", window=window)["ticket"]
        self.assertEqual(t["number"], n)
        self.later(60)
        self.admin.call("finish", window=window)
        return n

    def rated(self):
        """How many ratings the store holds today, by the figures."""
        return self.figures("window")["total"]["rated"]

    def figures(self, by, frm=DAY, to=DAY):
        return self.d.cli("ratings", "--from", frm, "--to", to, "--by", by)

    def refused(self, client, code, **fields):
        before = self.rated()
        with self.assertRaises(qhtest.ReplyError) as cm:
            client.call("rate", **fields)
        self.assertEqual(cm.exception.code, code, cm.exception.message)
        self.assertEqual(self.rated(), before, "a refused rating was stored")

    # -- the paper channel ------------------------------------------------

    def test_paper_rating_is_stored_with_its_service(self):
        n = self.served(1, item="A01")
        r = self.d.cli("rate", n, "4", "--channel", "paper")["rating"]
        self.assertEqual((r["number"], r["window"], r["queue"], r["item"],
                          r["level"], r["channel"], r["reasons"]),
                         (n, 1, "A", "A01", 4, "paper", []))
        self.assertEqual(r["at"], self.now)
        f = self.figures("window")
        self.assertEqual(f["total"]["levels"]["4"], 1)

    def test_second_rating_of_a_service_is_refused(self):
        n = self.served(1)
        self.admin.call("rate", number=n, level=5, channel="paper")
        self.refused(self.admin, "already_rated", number=n, level=1,
                     reasons=["服务态度"], channel="paper")
        self.assertEqual(self.figures("window")["total"]["levels"]["5"], 1)

    def test_bad_rating_without_a_reason_is_refused(self):
        n = self.served(1)
        for level in (1, 2):
            self.refused(self.admin, "reason_required", number=n,
                         level=level, channel="paper")
        self.refused(self.admin, "bad_request", number=n, level=1,
                     reasons=["不是理由"], channel="paper")
        r = self.admin.call("rate", number=n, level=1, channel="paper",
                            reasons=["等候时间长", "其他"], note="排了两小时")
        self.assertEqual(r["rating"]["reasons"], ["等候时间长", "其他"])

    def test_service_not_finished_cannot_be_rated(self):
        self.admin.call("take", queue="A")
        self.refused(self.admin, "not_finished", number="A001", level=5,
                     channel="paper")
        self.admin.call("call", window=1)
        self.refused(self.admin, "not_finished", number="A001", level=5,
                     channel="paper")
        self.admin.call("serve", window=1)
        self.refused(self.admin, "not_finished", number="A001", level=5,
                     channel="paper")

    def test_late_rating_after_its_period_is_refused(self):
        n = self.served(1)
        m = self.served(1)
        self.later(7 * 24 * 3600 - 120)  # within 7 days of both
        self.admin.call("rate", number=n, day=DAY, level=5, channel="paper")
        self.later(3600)  # now past 7 days for both
        self.refused(self.admin, "rating_closed", number=m, day=DAY, level=5,
                     channel="paper")

    def test_admin_rates_paper_only(self):
        n = self.served(1)
        self.refused(self.admin, "forbidden", number=n, level=5)
        self.refused(self.admin, "forbidden", number=n, level=5,
                     channel="evaluator")

    def test_kiosk_window_and_display_devices_cannot_rate(self):
        n = self.served(1)
        for role, extra in (("kiosk", {}), ("window", {"window": 1}),
                            ("display", {})):
            c = self.d.client(role=role, **extra)
            try:
                self.refused(c, "forbidden", number=n, level=5,
                             channel="paper")
            finally:
                c.close()

    def test_transferred_ticket_has_a_service_at_each_window(self):
        self.admin.call("take", queue="A")
        self.admin.call("call", window=1)
        self.later(30)
        self.admin.call("transfer", window=1, queue="E")
        self.admin.call("call", window=6)
        self.later(30)
        self.admin.call("finish", window=6)
        r = self.admin.call("rate", number="A001", level=5, channel="paper")
        self.assertEqual(r["rating"]["window"], 6)
        r = self.admin.call("rate", number="A001", level=3, channel="paper",
                            window=1)
        self.assertEqual((r["rating"]["window"], r["rating"]["queue"]),
                         (1, "A"))
        f = self.figures("window")
        self.assertEqual([(x["subject"], x["services"], x["rated"])
                          for x in f["rows"]], [("1", 1, 1), ("6", 1, 1)])

    # -- the evaluator (rater devices) ------------------------------------

    def test_rater_rates_the_service_just_finished_at_its_window(self):
        rater = self.d.client(role="rater", window=1)
        try:
            n = self.served(1)
            r = rater.call("rate", number=n, level=5)["rating"]
            self.assertEqual((r["channel"], r["window"]), ("evaluator", 1))
            self.refused(rater, "already_rated", number=n, level=4)
        finally:
            rater.close()

    def test_rater_cannot_rate_another_window(self):
        rater = self.d.client(role="rater", window=2)
        try:
            n = self.served(1)
            self.refused(rater, "wrong_window", number=n, level=5)
        finally:
            rater.close()

    def test_rater_cannot_rate_an_earlier_or_stale_service(self):
        rater = self.d.client(role="rater", window=1)
        try:
            first = self.served(1)
            second = self.served(1)
            self.refused(rater, "rating_closed", number=first, level=5)
            self.later(71)  # past the 60 s prompt and its grace
            self.refused(rater, "rating_closed", number=second, level=5)
            # Unrated stays unrated; paper may still rate it (补评).
            self.admin.call("rate", number=second, level=4, channel="paper")
        finally:
            rater.close()

    def test_rater_device_with_token_is_bound_to_its_window(self):
        dev = self.d.cli("device", "add", "pad-3", "--role", "rater",
                         "--window", "3")
        p = self.d.cli("device", "add", "pad-x", "--role", "rater",
                       check=False)
        self.assertNotEqual(p.returncode, 0)
        rater = self.d.client(token=dev["token"])
        try:
            self.assertEqual(rater.welcome["role"], "rater")
            n = self.served(3)
            rater.call("rate", number=n, level=3, window=1)  # ignored
            self.refused(rater, "forbidden", number=n, level=3,
                         channel="paper")
        finally:
            rater.close()

    def test_rating_is_in_the_trace(self):
        n = self.served(1)
        self.admin.call("subscribe")
        self.admin.call("rate", number=n, level=2, reasons=["办事效率"],
                        channel="paper")
        ev = self.admin.event()
        self.assertEqual((ev["event"], ev["level"], ev["channel"],
                          ev["reasons"], ev["window"]),
                         ("rated", 2, "paper", ["办事效率"], 1))
        self.assertTrue(self.d.cli("verify")["ok"])

    # -- the figures -------------------------------------------------------

    def test_figures_match_an_independent_count(self):
        rng = random.Random(12)
        for staff, window in (("s1", 1), ("s2", 2), ("s3", 3), ("s4", 4)):
            self.admin.call("staff_add", staff=staff, name="员工" + staff,
                            pin="1234")
            self.admin.call("login", window=window, staff=staff, pin="1234")
        services = []  # (window, staff, queue, item, level or None)
        days = [DAY, "2026-03-03"]
        for day_index, day in enumerate(days):
            self.clock(MONDAY_10H + day_index * DAY_MS)
            for _ in range(24):
                window = rng.choice([1, 2, 3, 4])
                queue = rng.choice(["A"] if window == 1 else
                                   ["C", "D"] if window == 4 else ["A", "B"])
                item = rng.choice([None, queue + "01", queue + "02"])
                kw = {"item": item} if item else {}
                n = self.admin.call("take", queue=queue, **kw)["ticket"]["number"]
                t = self.admin.call("call", window=window)["ticket"]
                self.later(30)
                self.admin.call("finish", window=window)
                level = rng.choice([None, None, 1, 2, 3, 4, 5, 5, 5])
                if level is not None:
                    kw = {"reasons": ["服务态度"]} if level <= 2 else {}
                    self.admin.call("rate", number=t["number"], level=level,
                                    channel="paper", **kw)
                services.append((day, window, "s%d" % window, t["queue"],
                                 t["item"], level))
        self.assertGreater(len({s[5] for s in services}), 4)

        def expect(rows, key):
            out = {}
            for s in rows:
                out.setdefault(key(s), []).append(s[5])
            return out

        def check(result, groups):
            self.assertEqual(len(result["rows"]), len(groups))
            for row in result["rows"]:
                levels = groups[row["subject"]]
                self.assertEqual(row["services"], len(levels))
                rated = [x for x in levels if x is not None]
                self.assertEqual(row["rated"], len(rated))
                self.assertEqual(row["unrated"], len(levels) - len(rated))
                for l in range(1, 6):
                    self.assertEqual(row["levels"][str(l)], rated.count(l))
                self.assertEqual(row["bad"], sum(1 for x in rated if x <= 2))
                # Each 差评 opened a ledger entry, counted with its subject.
                self.assertEqual(row["reviews"], row["bad"])
                if rated:
                    self.assertAlmostEqual(
                        row["good_rate"],
                        sum(1 for x in rated if x >= 3) / len(rated))
                else:
                    self.assertIsNone(row["good_rate"])
                self.assertAlmostEqual(row["rated_rate"],
                                       len(rated) / len(levels))
                self.assertAlmostEqual(row["unrated_rate"],
                                       1 - len(rated) / len(levels))

        first = [s for s in services if s[0] == DAY]
        both = services
        check(self.figures("window"), {str(k): v for k, v in
                                       expect(first, lambda s: s[1]).items()})
        check(self.figures("staff", DAY, "2026-03-03"),
              expect(both, lambda s: s[2]))
        check(self.figures("queue", DAY, "2026-03-03"),
              expect(both, lambda s: s[3]))
        check(self.figures("item", DAY, "2026-03-03"),
              expect(both, lambda s: s[4]))
        # Departments are the catalog's: each queue's, read here from the
        # catalog file itself (A and B are one department, C and D two).
        with open(qhtest.CATALOG, encoding="utf-8") as f:
            dept = {q["prefix"]: q["department"]
                    for q in json.load(f)["queues"]}
        by_dept = expect(both, lambda s: dept[s[3]])
        self.assertGreaterEqual(len(by_dept), 3)
        check(self.figures("department", DAY, "2026-03-03"), by_dept)
        self.assertEqual(
            [r["subject"] for r in
             self.figures("department", DAY, "2026-03-03")["rows"]],
            sorted(by_dept))
        total = self.figures("queue", DAY, "2026-03-03")["total"]
        self.assertEqual(total["services"], len(both))
        self.assertEqual(total["rated"],
                         sum(1 for s in both if s[5] is not None))
        # A period with nothing in it: no rate is made up.
        empty = self.figures("window", "2026-01-01", "2026-01-31")
        self.assertEqual(empty["rows"], [])
        self.assertIsNone(empty["total"]["good_rate"])
        self.assertEqual(empty["total"]["services"], 0)

    def test_figures_refuse_a_bad_period_or_subject(self):
        for args in (("--from", DAY, "--to", DAY, "--by", "desk"),
                     ("--from", "2026-3-2", "--to", DAY, "--by", "window"),
                     ("--from", "2026-03-05", "--to", DAY, "--by", "window")):
            p = self.d.cli("ratings", *args, check=False)
            self.assertEqual(p.returncode, 1)
            self.assertIn("bad_request", p.stderr)

    def test_human_table_shows_rates(self):
        n = self.served(1)
        self.admin.call("rate", number=n, level=5, channel="paper")
        self.served(1)
        p = self.d.cli("ratings", "--from", DAY, "--to", DAY, "--by",
                       "window", json_out=False)
        self.assertIn("50.0%", p.stdout)   # rated 1 of 2
        self.assertIn("100.0%", p.stdout)  # good 1 of 1


class RatingConfig(qhtest.DaemonTest):
    daemon_args = ("--test-clock",)
    daemon_config = "[ratings]\nreasons = 态度差, 太慢\nrate_days = 1\n"

    def test_configured_reasons_and_period_apply(self):
        c = self.d.client()
        try:
            c.call("take", queue="A")
            c.call("call", window=1)
            c.call("finish", window=1)
            with self.assertRaises(qhtest.ReplyError) as cm:
                c.call("rate", number="A001", level=1, channel="paper",
                       reasons=["服务态度"])
            self.assertEqual(cm.exception.code, "bad_request")
            r = c.call("rate", number="A001", level=1, channel="paper",
                       reasons=["太慢"])
            self.assertEqual(r["rating"]["reasons"], ["太慢"])
        finally:
            c.close()

    def test_bad_holiday_is_refused_with_its_line(self):
        conf = os.path.join(self.d.data, "bad.conf")
        with open(conf, "w") as f:
            f.write("[ratings]\nholidays = 2026-10-01, October 2\n")
        p = subprocess.run([qhtest.QHALLD, "--check-config", "--data",
                            self.d.data, "--config", conf],
                           capture_output=True, text=True, timeout=10)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("October 2", p.stderr)


if __name__ == "__main__":
    qhtest.main()
