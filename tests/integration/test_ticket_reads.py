"""Who reads a ticket, and which day a number means. A kiosk reads the
status key (the QR on the paper) of its own takes only, for a while after;
never another kiosk's, never an old one, never through status. A number
asked without a day means the hall's business day, which a clock set back
does not take back: the later day's no-show is found and can rejoin.

Run as: python3 test_ticket_reads.py BIN_DIR"""

import os
import shutil
import unittest

import qhtest


class TicketReads(unittest.TestCase):

    def setUp(self):
        self.data = None
        self.d = None

    def tearDown(self):
        if self.d is not None:
            self.d.stop()
        if self.data:
            shutil.rmtree(self.data, ignore_errors=True)

    def daemon(self, offset_s=0):
        """(Re)start qhalld on the same folder with its clock shifted."""
        if self.d is not None:
            self.d.stop()
        self.d = qhtest.Daemon(data=self.data,
                               env={"QHALL_CLOCK_OFFSET_S": str(offset_s)})
        self.data = self.d.data
        return self.d.start()

    def test_a_kiosk_reads_the_keys_of_its_own_recent_takes_only(self):
        d = self.daemon()
        k1 = d.client(role="kiosk", device="kiosk-1")
        k2 = d.client(role="kiosk", device="kiosk-2")
        t = k1.call("take", queue="A", request="k1-take-0001")["ticket"]
        key = t["key"]
        self.assertTrue(key)
        # Its own: by number, by request, in the print report.
        self.assertEqual(k1.call("ticket", number="A001")["ticket"]["key"],
                         key)
        self.assertEqual(k1.call("ticket", request="k1-take-0001")
                         ["ticket"]["key"], key)
        self.assertEqual(k1.call("printed", number="A001", ok=True)
                         ["ticket"]["key"], key)
        # Another kiosk: the ticket, never its key, however it asks.
        for how in ({"number": "A001"}, {"number": "A001", "day": t["day"]},
                    {"request": "k1-take-0001"}):
            got = k2.call("ticket", **how)["ticket"]
            self.assertEqual(got["number"], "A001")
            self.assertNotIn("key", got, how)
        # Asking the same take again is not a way in either.
        again = k2.call("take", queue="A", request="k1-take-0001")
        self.assertNotIn("key", again["ticket"])
        # Status shows the tickets at the windows without keys to kiosks.
        d.cli("call", "1")
        for k in (k1, k2):
            st = k.call("status")
            self.assertEqual(st["windows"][0]["ticket"]["number"], "A001")
            self.assertNotIn("key", st["windows"][0]["ticket"])
        admin = d.client()
        self.assertEqual(admin.call("status")["windows"][0]["ticket"]
                         ["key"], key)
        admin.close()
        k1.close()
        k2.close()
        # Twenty minutes on, not even the kiosk that took it.
        d = self.daemon(offset_s=20 * 60)
        k1 = d.client(role="kiosk", device="kiosk-1")
        got = k1.call("ticket", number="A001", day=t["day"])["ticket"]
        self.assertNotIn("key", got)
        self.assertEqual(d.cli("ticket", "A001", "--day", t["day"])
                         ["ticket"]["key"], key)
        k1.close()

    def test_clock_set_back_keeps_the_business_day(self):
        d = self.daemon(offset_s=0)
        first = d.cli("take", "A")["ticket"]
        self.assertEqual(first["number"], "A001")
        # The next day: yesterday's A001 expires, today's is a no-show.
        d = self.daemon(offset_s=86400)
        second = d.cli("take", "A")["ticket"]
        self.assertEqual(second["number"], "A001")
        self.assertNotEqual(second["day"], first["day"])
        self.assertEqual(d.cli("call", "1")["ticket"]["number"], "A001")
        d.cli("skip", "1")
        self.assertEqual(d.cli("ticket", "A001")["ticket"]["state"],
                         "no_show")
        # The clock is set back a day.
        d = self.daemon(offset_s=0)
        found = d.cli("ticket", "A001")["ticket"]
        self.assertEqual(found["day"], second["day"])
        self.assertEqual(found["state"], "no_show")
        back = d.cli("rejoin", "A001")["ticket"]
        self.assertEqual(back["day"], second["day"])
        self.assertEqual(back["state"], "waiting")
        # New numbers go on from the later day's, and status is of it.
        self.assertEqual(d.cli("take", "A")["ticket"]["number"], "A002")
        self.assertEqual(d.cli("status")["day"], second["day"])
        # The earlier day's ticket is still there when asked by its day.
        old = d.cli("ticket", "A001", "--day", first["day"])["ticket"]
        self.assertEqual(old["state"], "expired")


if __name__ == "__main__":
    qhtest.main()
