"""Every op through the qhall command line, as scripts will use it: the
--json forms are a contract (one object per command, exit codes)."""

import json
import subprocess
import threading
import time

import qhtest


class CliOps(qhtest.DaemonTest):

    def test_terminal_output_cannot_be_driven_by_what_it_shows(self):
        evil = "\x1b[2J\x1b]0;pwned\x07open\r\u202egnp.exe\u2066x\u0085"
        self.d.cli("notice", evil)
        p = self.d.cli("status", json_out=False)
        self.assertEqual(p.returncode, 0, p.stderr)
        for raw in ("\x1b", "\x07", "\r", "\u202e", "\u2066", "\u0085"):
            self.assertNotIn(raw, p.stdout)
        self.assertIn("\\x1b[2J", p.stdout)
        self.assertIn("<U+202E>gnp.exe<U+2066>x\\x85", p.stdout)
        # --json stays exact: a script gets what the daemon holds.
        self.assertEqual(self.d.cli("status")["notice"], evil)

    def test_take_prints_one_ticket_object(self):
        r = self.d.cli("take", "A")
        t = r["ticket"]
        self.assertEqual(t["number"], "A001")
        self.assertEqual(t["queue"], "A")
        self.assertEqual(t["state"], "waiting")
        self.assertIsNone(t["window"])
        self.assertEqual(self.d.cli("take", "A")["ticket"]["number"], "A002")
        self.assertEqual(self.d.cli("take", "A")["ticket"]["ahead"], 2)

    def test_take_with_item_and_priority(self):
        t = self.d.cli("take", "B", "--item", "B01", "--priority")["ticket"]
        self.assertEqual(t["item"], "B01")
        self.assertTrue(t["priority"])

    def test_call_with_nobody_waiting_gives_null_ticket(self):
        r = self.d.cli("call", "1")
        self.assertIsNone(r["ticket"])
        self.assertEqual(r["window"], 1)

    def test_call_recall_serve_finish_cycle(self):
        self.d.cli("take", "A")
        t = self.d.cli("call", "1")["ticket"]
        self.assertEqual((t["number"], t["state"], t["window"]), ("A001", "called", 1))
        t = self.d.cli("recall", "1")["ticket"]
        self.assertEqual(t["calls"], 2)
        t = self.d.cli("serve", "1")["ticket"]
        self.assertEqual(t["state"], "serving")
        t = self.d.cli("finish", "1")["ticket"]
        self.assertEqual(t["state"], "done")
        self.assertEqual(self.d.cli("ticket", "A001")["ticket"]["state"], "done")
        st = self.d.cli("status")
        w1 = [w for w in st["windows"] if w["window"] == 1][0]
        self.assertEqual(w1["served_today"], 1)
        self.assertIsNone(w1["ticket"])

    def test_priority_ticket_is_called_first(self):
        self.d.cli("take", "A")
        self.d.cli("take", "A")
        p = self.d.cli("take", "A", "--priority")["ticket"]["number"]
        self.assertEqual(self.d.cli("call", "1")["ticket"]["number"], p)

    def test_ticket_called_by_one_window_only(self):
        self.d.cli("take", "A")
        # Windows 1 and 2 both serve A: the second finds nobody.
        self.assertEqual(self.d.cli("call", "1")["ticket"]["number"], "A001")
        self.assertIsNone(self.d.cli("call", "2")["ticket"])

    def test_skip_then_rejoin(self):
        for _ in range(5):
            self.d.cli("take", "A")
        self.d.cli("call", "1")
        self.assertEqual(self.d.cli("skip", "1")["ticket"]["state"], "no_show")
        t = self.d.cli("rejoin", "A001")["ticket"]
        self.assertEqual((t["state"], t["ahead"]), ("waiting", 3))

    def test_yesterdays_no_show_cannot_rejoin_today(self):
        """Yesterday's A001 rejoining would share today's A001's number."""
        self.d.cli("take", "A")
        self.d.cli("call", "1")
        self.d.cli("skip", "1")
        yesterday = self.d.cli("ticket", "A001")["ticket"]["day"]
        self.d.stop()
        self.d.env["QHALL_CLOCK_OFFSET_S"] = str(24 * 3600)
        self.d.start()
        today = self.d.cli("take", "A")["ticket"]
        self.assertEqual(today["number"], "A001")
        self.assertNotEqual(today["day"], yesterday)
        p = self.d.cli("rejoin", "A001", "--day", yesterday, check=False)
        self.assertEqual(p.returncode, 1)
        self.assertIn("bad_state", p.stderr)
        self.assertEqual(self.d.cli("status")["queues"][0]["waiting"], 1)

    def test_transfer_front_and_back(self):
        self.d.cli("take", "E")
        self.d.cli("take", "E")
        self.d.cli("take", "A")
        self.d.cli("call", "1")  # A001 at window 1
        t = self.d.cli("transfer", "1", "E")["ticket"]
        self.assertEqual((t["queue"], t["state"], t["transferred"]), ("E", "waiting", True))
        self.assertEqual(self.d.cli("call", "6")["ticket"]["number"], "A001")
        t = self.d.cli("transfer", "6", "A", "--back")["ticket"]
        self.assertFalse(t["transferred"])

    def test_pause_resume(self):
        self.d.cli("take", "A")
        self.d.cli("pause", "1", "--reason", "午休")
        p = self.d.cli("call", "1", check=False)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("window_paused", p.stderr)
        self.assertEqual(len(p.stderr.strip().splitlines()), 1)
        st = self.d.cli("status")
        w1 = [w for w in st["windows"] if w["window"] == 1][0]
        self.assertEqual((w1["state"], w1["reason"]), ("paused", "午休"))
        self.d.cli("resume", "1")
        self.assertEqual(self.d.cli("call", "1")["ticket"]["number"], "A001")

    def test_window_set_changes_what_a_window_calls(self):
        self.d.cli("take", "J")
        self.assertIsNone(self.d.cli("call", "1")["ticket"])
        r = self.d.cli("window", "set", "1", "--queues", "J,A")
        self.assertEqual(r["queues"], ["J", "A"])
        self.assertEqual(self.d.cli("call", "1")["ticket"]["number"], "J001")
        p = self.d.cli("window", "set", "1", "--queues", "A,ZZ", check=False)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("no_such_queue", p.stderr)

    def test_status_counts_and_estimates(self):
        for _ in range(4):
            self.d.cli("take", "C")
        st = self.d.cli("status")
        c = [q for q in st["queues"] if q["queue"] == "C"][0]
        self.assertEqual(c["waiting"], 4)
        self.assertGreater(c["windows_open"], 0)
        self.assertGreater(c["est_wait_s"], 0)
        self.assertEqual(len(st["windows"]), 12)

    def test_day_close_expires_what_is_left(self):
        self.d.cli("take", "A")
        self.d.cli("take", "A")
        self.d.cli("call", "1")
        r = self.d.cli("day-close")
        self.assertEqual(r["expired"], 2)
        self.assertEqual(self.d.cli("ticket", "A002")["ticket"]["state"], "expired")
        # Numbers go on: never reused within the day.
        self.assertEqual(self.d.cli("take", "A")["ticket"]["number"], "A003")

    def test_notice_and_verify(self):
        self.d.cli("notice", "今日下午三点起暂停办理公积金业务")
        self.assertEqual(self.d.cli("status")["notice"], "今日下午三点起暂停办理公积金业务")
        self.d.cli("take", "A")
        v = self.d.cli("verify")
        self.assertTrue(v["ok"])
        self.assertGreater(v["events"], 3)

    def test_errors_exit_nonzero_with_one_line(self):
        for args, code in ((("take", "Z"), "no_such_queue"),
                           (("take", "A", "--item", "B01"), "no_such_item"),
                           (("ticket", "A999"), "not_found"),
                           (("ticket", "garbage"), "bad_request"),
                           (("finish", "3"), "bad_state")):
            p = self.d.cli(*args, check=False)
            self.assertEqual(p.returncode, 1, args)
            self.assertEqual(p.stdout, "")
            self.assertIn(code, p.stderr)
            self.assertEqual(len(p.stderr.strip().splitlines()), 1)
        p = self.d.cli("call", "0", check=False)
        self.assertEqual(p.returncode, 2)
        p = self.d.cli("frobnicate", check=False)
        self.assertEqual(p.returncode, 2)

    def test_a_request_id_of_another_take_gets_no_ticket_of_it(self):
        """The same id for a different take (queue, item or lane) is
        refused: a probe never learns another take's ticket or key."""
        c = self.d.client(role="kiosk")
        first = c.call("take", queue="A", item="A01", request="kiosk-9-0001")
        for other in ({"queue": "B"}, {"queue": "A"},
                      {"queue": "A", "item": "A01", "priority": True}):
            with self.assertRaises(qhtest.ReplyError) as e:
                c.call("take", request="kiosk-9-0001", **other)
            self.assertEqual(e.exception.code, "exists")
            self.assertNotIn(first["ticket"]["key"], e.exception.message)
        again = c.call("take", queue="A", item="A01", request="kiosk-9-0001")
        self.assertTrue(again["repeated"])
        self.assertEqual(self.d.cli("status")["queues"][1]["waiting"], 0)
        c.close()

    def test_take_asked_again_with_its_request_id_gives_the_same_ticket(self):
        """A kiosk whose reply was lost asks again with the same request
        id: it gets the ticket it already has, never a second one."""
        c = self.d.client(role="kiosk")
        first = c.call("take", queue="A", request="kiosk-1-0001")
        again = c.call("take", queue="A", request="kiosk-1-0001")
        self.assertFalse(first["repeated"])
        self.assertTrue(again["repeated"])
        self.assertEqual(first["ticket"]["number"], again["ticket"]["number"])
        other = c.call("take", queue="A", request="kiosk-1-0002")
        self.assertEqual(other["ticket"]["number"], "A002")
        # A kiosk that gave up can ask by state what became of its take.
        t = c.call("ticket", request="kiosk-1-0002")["ticket"]
        self.assertEqual(t["number"], "A002")
        with self.assertRaises(qhtest.ReplyError) as e:
            c.call("ticket", request="never-sent-0003")
        self.assertEqual(e.exception.code, "not_found")
        with self.assertRaises(qhtest.ReplyError) as e:
            c.call("ticket")
        self.assertEqual(e.exception.code, "bad_request")
        self.assertEqual(self.d.cli("status")["queues"][0]["waiting"], 2)
        c.close()

    def test_human_output_is_readable(self):
        p = self.d.cli("take", "A", json_out=False)
        self.assertIn("A001", p.stdout)
        p = self.d.cli("status", json_out=False)
        self.assertIn("户籍", p.stdout)

    def test_watch_prints_one_json_object_per_event(self):
        proc = subprocess.Popen([qhtest.QHALL, "--data", self.d.data, "--json", "watch"],
                                stdout=subprocess.PIPE, text=True)
        try:
            lines = []
            reader = threading.Thread(target=lambda: [lines.append(proc.stdout.readline())
                                                      for _ in range(2)])
            reader.start()
            # watch must have subscribed before the changes: retry until seen.
            deadline = time.monotonic() + 10
            while not lines and time.monotonic() < deadline:
                self.d.cli("take", "A")
                time.sleep(0.1)
            self.d.cli("call", "1")
            reader.join(10)
            events = [json.loads(l) for l in lines if l.strip()]
            self.assertEqual(len(events), 2)
            self.assertEqual(events[0]["event"], "taken")
            self.assertIn("number", events[0]["ticket"])
            self.assertNotIn("key", events[0]["ticket"])
        finally:
            proc.terminate()
            proc.wait(10)

    def test_unreachable_daemon_is_one_clear_line(self):
        p = subprocess.run([qhtest.QHALL, "--data", "/nonexistent", "status"],
                           capture_output=True, text=True)
        self.assertEqual(p.returncode, 1)
        self.assertIn("cannot connect", p.stderr)


if __name__ == "__main__":
    qhtest.main()
