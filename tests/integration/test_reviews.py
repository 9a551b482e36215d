"""The follow-up ledger of 差评 (差评台账): every 差评 opens an entry with
working-day deadlines (weekends and configured holidays skipped), each
step is checked and in the trace, an overdue entry says so, exclusion
needs a recorded review, and the ledger's figures come out of
`qhall ratings`. Days pass on the daemon's test clock."""

import os

import qhtest

HOUR = 3600 * 1000
DAY_MS = 24 * HOUR
# Friday 2026-09-25 10:00 in Asia/Shanghai (02:00 UTC).
FRIDAY_10H = 1790301600000


def end_of(ms_midnight_utc8):
    return ms_midnight_utc8 + DAY_MS - 1


def midnight(days_after_friday):
    """00:00 Shanghai of the day days_after_friday after Friday 09-25."""
    return FRIDAY_10H - 10 * HOUR + days_after_friday * DAY_MS


class Reviews(qhtest.DaemonTest):
    daemon_args = ("--test-clock",)
    test_clock_ms = FRIDAY_10H
    # Monday 09-28 is a holiday in this hall (as configured).
    daemon_config = ("[ratings]\nholidays = 2026-09-28\nreply_days = 1\n"
                     "fix_days = 3\n")

    def setUp(self):
        super().setUp()
        self.clock(FRIDAY_10H)
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

    def bad(self, window=1, level=1, reason="服务态度"):
        n = self.admin.call("take", queue="A")["ticket"]["number"]
        self.admin.call("call", window=window)
        self.admin.call("finish", window=window)
        self.admin.call("rate", number=n, level=level, reasons=[reason],
                        channel="paper")
        return n

    def entries(self, *args):
        return self.d.cli("reviews", *args)["reviews"]

    def step(self, rid, *args, check=True):
        return self.d.cli("review", str(rid), *args, check=check)

    def test_a_bad_rating_opens_an_entry_with_working_day_deadlines(self):
        self.admin.call("subscribe")
        n = self.bad()
        opened = [e for e in self.drain() if e["event"] == "review_opened"]
        self.assertEqual(len(opened), 1)
        [e] = self.entries()
        self.assertEqual((e["number"], e["state"], e["level"], e["window"]),
                         (n, "to_verify", 1, 1))
        # Friday + 1 working day: Sat, Sun skipped, Mon a holiday: Tuesday.
        self.assertEqual(e["reply_due"], end_of(midnight(4)))
        # + 3: Tue, Wed, Thu.
        self.assertEqual(e["fix_due"], end_of(midnight(6)))
        self.assertFalse(e["overdue"])
        # A good rating opens nothing.
        m = self.admin.call("take", queue="A")["ticket"]["number"]
        self.admin.call("call", window=1)
        self.admin.call("finish", window=1)
        self.admin.call("rate", number=m, level=3, channel="paper")
        self.assertEqual(len(self.entries()), 1)

    def drain(self):
        out = []
        self.admin.call("status")  # events of the steps before are in
        while self.admin.events:
            out.append(self.admin.events.pop(0))
        return out

    def test_overdue_across_the_weekend_and_the_holiday(self):
        self.bad()
        rid = self.entries()[0]["id"]
        self.clock(midnight(3) + 12 * HOUR)  # Monday noon, a holiday
        self.assertEqual(self.entries("--overdue"), [])
        self.clock(midnight(4) + 23 * HOUR)  # Tuesday 23:00: still in time
        self.assertEqual(self.entries("--overdue"), [])
        self.clock(midnight(5) + 9 * HOUR)   # Wednesday 09:00: late
        [e] = self.entries("--overdue")
        self.assertTrue(e["overdue"])
        p = self.d.cli("reviews", json_out=False)
        self.assertIn("OVERDUE", p.stdout)
        # The reply came late: it counts, but not as in time.
        self.step(rid, "verify", "--verified", "yes", "--note", "属实")
        self.assertEqual(self.entries("--overdue"), [])
        self.clock(midnight(7) + 9 * HOUR)   # Friday: the fix is late
        self.assertEqual(len(self.entries("--overdue")), 1)
        f = self.d.cli("ratings", "--from", "2026-09-25", "--to",
                       "2026-09-25", "--by", "window")["total"]
        self.assertEqual((f["reviews"], f["overdue"], f["reply_rate"]),
                         (1, 1, 0.0))

    def test_entry_followed_to_closed_with_every_step_in_the_trace(self):
        self.bad()
        rid = self.entries()[0]["id"]
        self.admin.call("subscribe")
        r = self.step(rid, "fix", "--note", "x", check=False)
        self.assertIn("bad_state", r.stderr)
        self.step(rid, "verify", "--verified", "yes", "--note", "态度生硬")
        self.step(rid, "fix", "--note", "谈话提醒，复训服务用语")
        p = self.step(rid, "callback", "--result", "很好", check=False)
        self.assertIn("bad_request", p.stderr)
        self.step(rid, "callback", "--result", "满意", "--note", "电话回访")
        e = self.step(rid, "close")["review"]
        self.assertEqual((e["state"], e["callback"], e["verified"]),
                         ("closed", "满意", True))
        steps = [ev["step"] for ev in self.drain() if ev["event"] == "review"]
        self.assertEqual(steps, ["verify", "fix", "callback", "close"])
        self.assertEqual(self.entries("--open"), [])
        self.assertTrue(self.d.cli("verify")["ok"])
        f = self.d.cli("ratings", "--from", "2026-09-25", "--to",
                       "2026-09-25", "--by", "window")["rows"][0]
        self.assertEqual((f["reviews"], f["reply_rate"], f["callback_rate"],
                          f["callback_satisfied_rate"], f["overdue"]),
                         (1, 1.0, 1.0, 1.0, 0))

    def test_appeal_is_excluded_only_by_a_recorded_review(self):
        self.bad(window=2)
        self.bad(window=1)
        rid = self.entries("--window", "2")[0]["id"]
        self.step(rid, "appeal", "--note", "同一人恶意刷差评")
        p = self.step(rid, "close", check=False)
        self.assertIn("bad_request", p.stderr)
        p = self.step(rid, "close", "--excluded", "恶意差评", "--note", "x",
                      check=False)
        self.assertIn("bad_request", p.stderr)
        self.assertEqual(self.entries("--window", "2")[0]["state"], "appealed")
        e = self.step(rid, "close", "--excluded", "恶意差评", "--reviewer",
                      "李主任", "--note", "监控核实")["review"]
        self.assertEqual((e["state"], e["excluded"]),
                         ("excluded", {"as": "恶意差评", "reviewer": "李主任"}))
        t = self.d.cli("ratings", "--from", "2026-09-25", "--to",
                       "2026-09-25", "--by", "window")
        rows = {r["subject"]: r for r in t["rows"]}
        # Still a 差评 in the counts; out of the ledger's rates only.
        self.assertEqual((rows["2"]["bad"], rows["2"]["reviews"],
                          rows["2"]["excluded"]), (1, 0, 1))
        self.assertIsNone(rows["2"]["callback_rate"])
        self.assertEqual((t["total"]["reviews"], t["total"]["excluded"]),
                         (1, 1))

    def test_unknown_entry_and_step_are_refused(self):
        p = self.step(99, "verify", "--verified", "yes", check=False)
        self.assertIn("not_found", p.stderr)
        self.bad()
        rid = self.entries()[0]["id"]
        p = self.step(rid, "forget", check=False)
        self.assertIn("bad_request", p.stderr)
        p = self.step(rid, "verify", check=False)
        self.assertIn("bad_request", p.stderr)

    def test_phone_is_sealed_masked_and_forgotten(self):
        phone = "13812345678"
        n = self.admin.call("take", queue="A")["ticket"]["number"]
        self.admin.call("call", window=1)
        self.admin.call("finish", window=1)
        self.admin.call("subscribe")
        r = self.d.cli("rate", n, "2", "--reason", "办事效率", "--phone", phone,
                       "--channel", "paper")["rating"]
        self.assertEqual(r["phone"], "138****5678")
        opened = [e for e in self.drain() if e["event"] == "review_opened"]
        self.assertEqual(opened[0]["phone"], "138****5678")
        # The supervisors' ledger shows it whole; the files never do.
        [e] = self.entries()
        self.assertEqual(e["phone"], phone)
        self.assertNotIn(phone.encode(), qhtest.store_dump(self.d.data))
        key = os.path.join(self.d.data, "phone.key")
        self.assertEqual(os.stat(key).st_mode & 0o777, 0o600)
        # A number is for a 差评's callback only, and must be one.
        m = self.admin.call("take", queue="A")["ticket"]["number"]
        self.admin.call("call", window=1)
        self.admin.call("finish", window=1)
        for level, ph in ((5, phone), (1, "call me")):
            with self.assertRaises(qhtest.ReplyError) as cm:
                self.admin.call("rate", number=m, level=level, phone=ph,
                                reasons=["服务态度"], channel="paper")
            self.assertEqual(cm.exception.code, "bad_request")
        # Kept after the restart (the key is the hall's), then deleted
        # 30 days after the entry closes.
        self.d.stop()
        self.d.start()
        self.admin.close()
        self.admin = self.d.client()
        self.assertEqual(self.entries()[0]["phone"], phone)
        rid = e["id"]
        self.step(rid, "verify", "--verified", "no", "--note", "不属实")
        self.step(rid, "callback", "--result", "基本满意")
        self.step(rid, "close")
        self.clock(self.now + 29 * DAY_MS)
        self.admin.call("take", queue="A")  # the day turns
        self.assertEqual(self.entries()[0]["phone"], phone)
        self.clock(self.now + 2 * DAY_MS)
        self.admin.call("take", queue="A")
        self.assertIsNone(self.entries()[0]["phone"])

    def test_window_staff_cannot_see_or_change_the_ledger(self):
        self.bad()
        c = self.d.client(role="window", window=1)
        try:
            for op, kw in (("reviews", {}),
                           ("review", {"review": 1, "step": "appeal"})):
                with self.assertRaises(qhtest.ReplyError) as cm:
                    c.call(op, **kw)
                self.assertEqual(cm.exception.code, "forbidden")
        finally:
            c.close()
        self.assertEqual(self.entries()[0]["state"], "to_verify")


if __name__ == "__main__":
    qhtest.main()
