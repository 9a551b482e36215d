"""Appointments (预约) through a real qhalld with --test-clock: booking a
slot (a 6-digit code and its QR; the slot's capacity held; slots only
within the item's hours on working days), cancelling, checking in at the
kiosk early, on time and late, refusals in plain words for a wrong, used,
cancelled or other-day code, guessing codes rate-limited, a booking
platform's role that can book and nothing else, and no-shows counted when
the day ends."""

import json
import os

import qhtest
import test_hours as H


def catalog_with_appointments(data):
    H.hall_catalog(data)
    path = os.path.join(data, "catalog.json")
    with open(path) as f:
        cat = json.load(f)
    for it in cat["items"]:
        if it["id"] == "A01":
            it["appointment"] = {"slot_min": 30, "per_slot": 2}
        if it["id"] == "A02":
            it["appointment"] = {"slot_min": 60, "per_slot": 1,
                                 "hours": ["09:00-11:00"]}
    with open(path, "w") as f:
        json.dump(cat, f, ensure_ascii=False)


class Appointments(qhtest.DaemonTest):
    daemon_args = ("--test-clock",)
    daemon_config = "[appointments]\nwrong_codes_per_minute = 4\n"
    test_clock_ms = H.at(0, 8)

    def setUp(self):
        super().setUp()
        self.d.stop()
        catalog_with_appointments(self.d.data)
        self.d.start()

    def book(self, slot, day="2026-03-02", item="A01", **extra):
        c = self.d.client()
        try:
            return c.request("appointment_add", item=item, day=day,
                             slot=slot, **extra)
        finally:
            c.close()

    def code(self, slot, **kw):
        m = self.book(slot, **kw)
        self.assertTrue(m["ok"], m)
        return m["result"]["appointment"]["code"]

    def checkin(self, code, device="kiosk-1"):
        c = self.d.client(role="kiosk", device=device)
        try:
            return c.request("appointment_checkin", code=code)
        finally:
            c.close()

    def test_book_prints_code_and_qr_and_holds_capacity(self):
        p = self.d.cli("appointment", "add", "--item", "A01", "--day",
                       "2026-03-02", "--slot", "09:00", "--phone",
                       "13800138000", json_out=False)
        code = p.stdout.split()[2].rstrip(":")
        self.assertRegex(code, r"^[0-9]{6}$")
        self.assertIn("█", p.stdout)  # the QR, drawn on the terminal
        self.assertTrue(self.book("09:00")["ok"])
        m = self.book("09:00")
        self.assertEqual(m["error"]["code"], "slot_full")
        # A cancelled appointment gives its place back.
        self.d.cli("appointment", "cancel", code)
        self.assertTrue(self.book("09:00")["ok"])
        for slot, day, why in (("09:10", "2026-03-02", "no_such_slot"),
                               ("11:30", "2026-03-02", "no_such_slot"),
                               ("12:00", "2026-03-02", "no_such_slot"),
                               ("09:00", "2026-03-07", "no_such_slot"),
                               ("9:00", "2026-03-02", "bad_request")):
            self.assertEqual(self.book(slot, day)["error"]["code"], why,
                             (slot, day))
        self.assertEqual(self.book("09:30", item="A02")["error"]["code"],
                         "no_such_slot")  # A02's slots: 09:00, 10:00
        self.assertTrue(self.book("10:00", item="A02", day="2026-03-03")["ok"])
        self.assertEqual(self.book("09:00", item="A03")["error"]["code"],
                         "no_such_item")
        lst = self.d.cli("appointment", "list", "--day", "2026-03-02")
        self.assertEqual([(a["slot"], a["state"], a["phone"])
                          for a in lst["appointments"]],
                         [("09:00", "cancelled", True),
                          ("09:00", "booked", False),
                          ("09:00", "booked", False)])
        # The phone number is sealed in the database, never in clear.
        self.d.stop()
        self.assertNotIn(b"13800138000", qhtest.store_dump(self.d.data))
        self.d.start()

    def test_checkin_early_on_time_late_and_called_before_walk_ins(self):
        first = self.code("09:00")
        later = self.code("09:30")
        late = self.code("09:00")
        H.set_clock(self.d, H.at(0, 8, 40))
        m = self.checkin(first)
        self.assertEqual(m["error"]["code"], "appointment_early")
        self.assertEqual(m["error"]["checkin_from"], H.at(0, 8, 45))
        self.assertIn("09:00", m["error"]["message"])
        walk_in = self.d.cli("take", "A")["ticket"]["number"]   # A001
        H.set_clock(self.d, H.at(0, 8, 50))
        m = self.checkin(first)
        self.assertTrue(m["ok"], m)
        self.assertEqual(m["result"]["ticket"]["number"], "A002")
        self.assertEqual(m["result"]["appointment"]["state"], "checked_in")
        self.assertFalse(m["result"]["appointment"]["late"])
        self.assertEqual(m["result"]["ticket"]["ahead"], 0)
        # Called before the walk-in who came first.
        self.assertEqual(self.d.cli("call", "1")["ticket"]["number"], "A002")
        self.d.cli("finish", "1")
        # 09:20 is more than 15 minutes after 09:00: an ordinary ticket.
        H.set_clock(self.d, H.at(0, 9, 20))
        m = self.checkin(late)
        self.assertTrue(m["ok"], m)
        self.assertTrue(m["result"]["appointment"]["late"])
        m = self.checkin(later)
        self.assertFalse(m["result"]["appointment"]["late"])
        self.assertEqual(self.d.cli("call", "1")["ticket"]["number"],
                         m["result"]["ticket"]["number"])
        self.d.cli("finish", "1")
        self.assertEqual(self.d.cli("call", "1")["ticket"]["number"], walk_in)
        # The CLI does what the kiosk does, and says no in words.
        p = self.d.cli("appointment", "checkin", first, check=False,
                       json_out=False)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("already used for ticket A002", p.stderr)

    def test_wrong_cancelled_other_day_codes_in_plain_words(self):
        tomorrow = self.code("09:00", day="2026-03-03")
        gone = self.code("10:00")
        self.d.cli("appointment", "cancel", gone)
        H.set_clock(self.d, H.at(0, 10))
        m = self.checkin(tomorrow)
        self.assertEqual(m["error"]["code"], "appointment_other_day")
        self.assertIn("2026-03-03 09:00, not today", m["error"]["message"])
        m = self.checkin(gone)
        self.assertEqual(m["error"]["code"], "appointment_cancelled")
        self.assertEqual(self.d.cli("appointment", "cancel", gone,
                                    check=False, json_out=False).returncode,
                         1)
        wrong = "000000" if tomorrow != "000000" else "000001"
        m = self.checkin(wrong)
        self.assertEqual(m["error"]["code"], "appointment_not_found")
        self.assertEqual(self.checkin("12ab56")["error"]["code"],
                         "appointment_not_found")

    def test_guessing_codes_is_rate_limited(self):
        code = self.code("10:00")
        H.set_clock(self.d, H.at(0, 9, 50))
        guesses = ["%06d" % n for n in range(1000000)
                   if "%06d" % n != code][:4]
        for g in guesses:
            self.assertEqual(self.checkin(g)["error"]["code"],
                             "appointment_not_found")
        # Over the limit: even the right code waits out the minute...
        self.assertEqual(self.checkin(code)["error"]["code"], "rate_limited")
        # ...for that kiosk only,
        self.assertTrue(self.checkin(code, device="kiosk-2")["ok"])
        # and a minute later the first may try again.
        H.set_clock(self.d, H.at(0, 9, 51, ) + 1000)
        self.assertEqual(self.checkin(code)["error"]["code"],
                         "appointment_used")

    def test_booking_role_books_and_nothing_else(self):
        c = self.d.client(role="booking", device="province")
        try:
            self.assertEqual(c.welcome["role"], "booking")
            a = c.call("appointment_add", item="A01", day="2026-03-02",
                       slot="14:00")["appointment"]
            self.assertEqual(len(c.call("appointment_list")["appointments"]),
                             1)
            c.call("appointment_cancel", code=a["code"])
            for op, f in (("take", {"queue": "A"}),
                          ("appointment_checkin", {"code": a["code"]}),
                          ("call", {"window": 1})):
                self.assertEqual(c.request(op, **f)["error"]["code"],
                                 "forbidden", op)
        finally:
            c.close()

    def test_no_shows_when_the_day_ends(self):
        kept = self.code("09:00")
        self.code("10:00")
        H.set_clock(self.d, H.at(0, 9))
        self.assertTrue(self.checkin(kept)["ok"])
        H.set_clock(self.d, H.at(1, 9))
        self.d.cli("take", "C")  # the new day's first change
        states = sorted(a["state"] for a in self.d.cli(
            "appointment", "list", "--day", "2026-03-02")["appointments"])
        self.assertEqual(states, ["checked_in", "no_show"])
        # Counted in the reports (docs/REPORTS.md), by item and in total.
        rep = self.d.cli("report", "--from", "2026-03-02", "--to",
                         "2026-03-03", "--by", "item")
        self.assertEqual((rep["total"]["appointment_checked_in"],
                          rep["total"]["appointment_late"],
                          rep["total"]["appointment_no_show"]), (1, 0, 1))
        a01 = [r for r in rep["rows"] if r["subject"] == "A01"][0]
        self.assertEqual((a01["appointment_checked_in"],
                          a01["appointment_no_show"]), (1, 1))


if __name__ == "__main__":
    qhtest.main()
