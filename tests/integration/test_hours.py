"""Opening hours (取号时间) and the per-person daily limit, through a real
qhalld with --test-clock: a take outside a queue's hours is refused with
queue_closed and the next opening, across lunch, evenings, weekends,
holidays and 调休 workdays; status says which queues are open and when
they open or close; a queue with person_daily_limit asks for an ID number,
checks it (GB 11643), counts it, and keeps only a keyed hash of it."""

import json
import os

import qhtest

DAY_MS = 24 * 3600 * 1000
HOUR_MS = 3600 * 1000
# 2026-03-02 00:00 in Asia/Shanghai (2026-03-01 16:00 UTC), a Monday.
MONDAY = 1772380800000

# Valid by the GB 11643 check digit (the standard's own example and others
# made for this test); none is a real person's.
ID_A = "11010519491231002X"
ID_B = "320102198507150032"
ID_BAD_CHECK = "110105194912310021"


def at(day, hh, mm=0):
    return MONDAY + day * DAY_MS + hh * HOUR_MS + mm * 60 * 1000


def hall_catalog(data):
    with open(qhtest.CATALOG) as f:
        cat = json.load(f)
    for q in cat["queues"]:
        if q["prefix"] == "A":
            q["hours"] = ["08:30-11:30", "14:00-17:00"]
        if q["prefix"] == "B":
            q["hours"] = ["08:30-17:00"]
            q["rest_day_hours"] = ["09:00-12:00"]
            q["person_daily_limit"] = 1
    with open(os.path.join(data, "catalog.json"), "w") as f:
        json.dump(cat, f, ensure_ascii=False)


def set_clock(d, ms):
    path = os.path.join(d.data, "test-clock")
    with open(path + ".new", "w") as f:
        f.write("%d\n" % ms)
    os.replace(path + ".new", path)


class Hours(qhtest.DaemonTest):
    daemon_args = ("--test-clock",)
    # Monday 2026-03-02 is not a holiday; Wednesday the 4th is made one,
    # and Saturday the 7th a working day (调休).
    daemon_config = ("[ratings]\nholidays = 2026-03-04\n"
                     "[hall]\nworkdays = 2026-03-07\n")
    test_clock_ms = at(0, 9)

    def setUp(self):
        super().setUp()
        self.d.stop()
        hall_catalog(self.d.data)
        self.d.start()

    def refused(self, *args):
        c = self.d.client()
        try:
            m = c.request("take", **dict(args))
        finally:
            c.close()
        self.assertFalse(m["ok"], m)
        return m["error"]

    def queue(self, prefix):
        for q in self.d.cli("status")["queues"]:
            if q["queue"] == prefix:
                return q
        raise AssertionError(prefix)

    def test_take_within_hours_and_refused_at_lunch_with_the_opening(self):
        set_clock(self.d, at(0, 9))
        self.assertEqual(self.d.cli("take", "A")["ticket"]["number"], "A001")
        q = self.queue("A")
        self.assertTrue(q["open"])
        self.assertIsNone(q["closed_by"])
        self.assertEqual((q["closes_at"], q["closes_time"]),
                         (at(0, 11, 30), "11:30"))
        self.assertEqual(q["hours"], "08:30-11:30,14:00-17:00")
        set_clock(self.d, at(0, 11, 30))  # the end is not in the span
        e = self.refused(("queue", "A"))
        self.assertEqual(e["code"], "queue_closed")
        self.assertEqual(e["opens_at"], at(0, 14))
        self.assertIn("14:00 today", e["message"])
        q = self.queue("A")
        self.assertFalse(q["open"])
        self.assertEqual(q["closed_by"], "hours")
        self.assertEqual((q["opens_at"], q["opens_day"], q["opens_time"]),
                         (at(0, 14), "2026-03-02", "14:00"))
        # The CLI says it in words and fails.
        p = self.d.cli("take", "A", check=False, json_out=False)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("14:00", p.stderr)
        # A queue without hours is not touched.
        self.assertEqual(self.d.cli("take", "C")["ticket"]["number"], "C001")
        set_clock(self.d, at(0, 14))
        self.assertEqual(self.d.cli("take", "A")["ticket"]["number"], "A002")

    def test_evening_opens_next_morning_and_numbers_restart(self):
        set_clock(self.d, at(0, 16, 59))
        self.assertEqual(self.d.cli("take", "A")["ticket"]["number"], "A001")
        set_clock(self.d, at(0, 23, 59))
        e = self.refused(("queue", "A"))
        self.assertEqual(e["opens_at"], at(1, 8, 30))
        self.assertIn("2026-03-03 08:30", e["message"])
        # Past midnight, still before the morning's hours.
        set_clock(self.d, at(1, 0, 30))
        self.assertEqual(self.refused(("queue", "A"))["opens_at"],
                         at(1, 8, 30))
        set_clock(self.d, at(1, 8, 30))
        t = self.d.cli("take", "A")["ticket"]
        self.assertEqual((t["day"], t["number"]), ("2026-03-03", "A001"))

    def test_holiday_closes_and_weekend_workday_opens(self):
        # Tuesday evening: Wednesday the 4th is a holiday, so Thursday.
        set_clock(self.d, at(1, 18))
        self.assertEqual(self.refused(("queue", "A"))["opens_at"],
                         at(3, 8, 30))
        set_clock(self.d, at(2, 10))
        self.assertEqual(self.refused(("queue", "A"))["opens_at"],
                         at(3, 8, 30))
        # B has rest-day hours: open on the holiday morning.
        self.assertEqual(self.d.cli("take", "B", "--id-number",
                                    input=ID_A + "\n")["ticket"]["number"],
                         "B001")
        # Saturday the 7th is a 调休 workday: working-day hours.
        set_clock(self.d, at(5, 15))
        self.assertEqual(self.d.cli("take", "A")["ticket"]["number"], "A001")
        # Sunday the 8th: A is shut until Monday; B opens at 09:00.
        set_clock(self.d, at(6, 8))
        self.assertEqual(self.refused(("queue", "A"))["opens_at"],
                         at(7, 8, 30))
        q = self.queue("B")
        self.assertEqual((q["open"], q["opens_time"]), (False, "09:00"))
        self.assertEqual(q["rest_day_hours"], "09:00-12:00")

    def test_operator_close_is_told_apart_from_hours(self):
        self.d.cli("queue", "close", "A")
        q = self.queue("A")
        self.assertEqual((q["open"], q["closed_by"]), (False, "operator"))
        e = self.refused(("queue", "A"))
        self.assertEqual(e["code"], "queue_closed")
        self.assertNotIn("opens_at", e)


class PersonLimit(qhtest.DaemonTest):
    daemon_args = ("--test-clock",)
    # debug: every refusal is logged; none may carry the number
    daemon_config = "[hall]\nid_keep_days = 2\n[daemon]\nlog_level = debug\n"
    test_clock_ms = at(0, 9)

    def setUp(self):
        super().setUp()
        self.d.stop()
        hall_catalog(self.d.data)
        self.d.start()

    def take(self, number, **extra):
        c = self.d.client()
        try:
            return c.request("take", queue="B", id_number=number, **extra)
        finally:
            c.close()

    def test_limit_per_id_number_per_day(self):
        m = self.take(ID_A)
        self.assertTrue(m["ok"], m)
        # The same person, typed with a small x and spaces: refused.
        m = self.take(ID_A.lower()[:6] + " " + ID_A.lower()[6:])
        self.assertEqual(m["error"]["code"], "person_limit")
        self.assertIn("already taken 1 number", m["error"]["message"])
        # Another person is not held back; nor is another queue.
        self.assertTrue(self.take(ID_B)["ok"])
        self.assertTrue(self.d.cli("take", "A")["ticket"])
        # A cancelled ticket gives the person's place back.
        first = self.take(ID_B)
        self.assertEqual(first["error"]["code"], "person_limit")
        self.d.cli("cancel", "B002")
        self.assertTrue(self.take(ID_B)["ok"])
        # The next day the count starts again.
        set_clock(self.d, at(1, 9))
        m = self.take(ID_A)
        self.assertTrue(m["ok"], m)
        self.assertEqual(m["result"]["ticket"]["number"], "B001")

    def test_missing_and_bad_id_numbers_are_told_in_words(self):
        c = self.d.client()
        m = c.request("take", queue="B")
        c.close()
        self.assertEqual(m["error"]["code"], "id_required")
        self.assertIn("ID number", m["error"]["message"])
        for bad in (ID_BAD_CHECK, "12345", ID_A + "1", "1101051949123100XX",
                    "110105194913310021"):
            m = self.take(bad)
            self.assertEqual(m["error"]["code"], "bad_id", bad)
            self.assertNotIn(bad, m["error"]["message"])
        p = self.d.cli("take", "B", "--id-number", input=ID_BAD_CHECK + "\n",
                       check=False, json_out=False)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("not a valid ID number", p.stderr)
        self.assertNotIn(ID_BAD_CHECK, p.stderr)

    def test_id_number_never_reaches_the_database_or_the_log(self):
        for n in (ID_A, ID_B):
            self.assertTrue(self.take(n)["ok"])
        self.assertEqual(self.take(ID_A)["error"]["code"], "person_limit")
        self.d.cli("take", "B", "--id-number", input=ID_B + "\n", check=False)
        self.d.cli("trace", check=False)
        self.d.stop()
        key = os.path.join(self.d.data, "id.key")
        self.assertEqual(os.stat(key).st_mode & 0o777, 0o600)
        for root, _, files in os.walk(self.d.data):
            for name in files:
                with open(os.path.join(root, name), "rb") as f:
                    blob = f.read()
                for n in (ID_A, ID_B):
                    for form in (n, n.lower(), n[:17], n[6:14] + n[14:17]):
                        self.assertNotIn(form.encode(), blob,
                                         "%s holds an ID number" % name)
        # and neither does the hall's database, wherever the store keeps it
        dump = qhtest.store_dump(self.d.data)
        for n in (ID_A, ID_B):
            for form in (n, n.lower(), n[:17], n[6:14] + n[14:17]):
                self.assertNotIn(form.encode(), dump)
        self.d.start()

    def test_hashes_are_deleted_after_the_keeping_days(self):
        self.assertTrue(self.take(ID_A)["ok"])
        set_clock(self.d, at(1, 9))
        self.assertTrue(self.take(ID_A)["ok"])
        set_clock(self.d, at(3, 9))
        self.d.cli("take", "A")  # the day's first change rolls the day
        rows = qhtest.store_query(self.d.data,
                                  "SELECT day FROM person_take ORDER BY day")
        # Kept 2 days before the 5th: the 3rd's row stays, the 2nd's goes.
        self.assertEqual([r[0] for r in rows], ["2026-03-03"])


if __name__ == "__main__":
    qhtest.main()
