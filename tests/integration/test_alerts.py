"""KPI alerts and calls for help, with the real daemon and the test clock:
each alert is raised when its figure goes over the threshold of [alerts]
(strictly more), cleared when it comes back, is in the trace once per
raise and once per clear, and is never raised again while it stands."""

import json
import os
import subprocess

import qhtest

# 2026-03-02 10:00 in Asia/Shanghai (02:00 UTC), a Monday.
T0 = 1772416800000
MIN = 60 * 1000
DAY_MS = 24 * 3600 * 1000

CONFIG = """[alerts]
wait_min = 10
queue_length = 2
service_min = 20
idle_min = 5
pause_min = 15
check_s = 3600
"""


def set_clock(d, ms):
    path = os.path.join(d.data, "test-clock")
    with open(path + ".new", "w") as f:
        f.write("%d\n" % ms)
    os.replace(path + ".new", path)


def trace(d, prefix="alert_"):
    """The alert events of the trace, as the daemon chained them."""
    rows = qhtest.store_query(d.data, "SELECT body FROM event ORDER BY seq")
    return [e for e in (json.loads(r[0]) for r in rows)
            if e["event"].startswith(prefix)]


class Alerts(qhtest.DaemonTest):
    daemon_args = ("--test-clock",)
    daemon_config = CONFIG
    test_clock_ms = T0

    def alerts(self, at=None):
        if at is not None:
            set_clock(self.d, at)
        return self.d.cli("alerts")["alerts"]

    def kinds(self, alerts):
        return sorted((a["kind"], a["subject"]) for a in alerts)

    def add_staff(self, sid="1001", pin="2468"):
        p = subprocess.run([qhtest.QHALL, "--data", self.d.data, "staff", "add",
                            sid, "--name", "王芳"], capture_output=True, text=True,
                           env=dict(os.environ, QHALL_PIN=pin))
        self.assertEqual(p.returncode, 0, p.stderr)

    def test_queue_length_raises_over_and_clears_back_once_each(self):
        self.d.cli("take", "A")
        self.d.cli("take", "A")
        self.assertEqual(self.alerts(), [])  # 2 is not over 2
        self.d.cli("take", "A")
        a = self.alerts()
        self.assertEqual(self.kinds(a), [("queue_length", "A")])
        self.assertEqual((a[0]["figure"], a[0]["threshold"], a[0]["window"]),
                         (3, 2, None))
        self.d.cli("take", "A")  # 4: still the same alert
        self.alerts()
        self.alerts()
        raised = trace(self.d, "alert_raised")
        self.assertEqual(len(raised), 1)
        self.assertEqual((raised[0]["kind"], raised[0]["subject"],
                          raised[0]["figure"], raised[0]["threshold"],
                          raised[0]["alert"], raised[0]["actor"]),
                         ("queue_length", "A", 3, 2, a[0]["id"], "qhalld"))
        self.d.cli("call", "1")
        self.d.cli("call", "2")  # 2 wait: back at the threshold
        self.assertEqual(self.alerts(), [])
        self.alerts()
        ev = trace(self.d)
        self.assertEqual([e["event"] for e in ev],
                         ["alert_raised", "alert_cleared"])
        self.assertEqual((ev[1]["alert"], ev[1]["figure"]), (a[0]["id"], 2))
        # Over again later: a new alert, raised once more.
        self.d.cli("take", "A")
        again = self.alerts()
        self.assertNotEqual(again[0]["id"], a[0]["id"])
        self.assertEqual(len(trace(self.d, "alert_raised")), 2)

    def test_longest_wait_raises_after_the_threshold_not_at_it(self):
        self.d.cli("take", "B")
        set_clock(self.d, T0 + 5 * MIN)
        self.d.cli("take", "B")
        self.assertEqual(self.alerts(T0 + 10 * MIN), [])
        a = self.alerts(T0 + 10 * MIN + 1000)
        self.assertEqual(self.kinds(a), [("queue_wait", "B")])
        self.assertEqual((a[0]["figure"], a[0]["threshold"],
                          a[0]["raised_at"]), (601, 600, T0 + 10 * MIN + 1000))
        self.alerts(T0 + 12 * MIN)
        self.assertEqual(len(trace(self.d)), 1)
        # The first is called: the next has waited 7 min, under 10.
        self.d.cli("call", "3")
        self.assertEqual(self.alerts(), [])
        ev = trace(self.d)
        self.assertEqual([(e["event"], e["figure"]) for e in ev],
                         [("alert_raised", 601), ("alert_cleared", 420)])
        self.assertEqual(ev[1]["at"], T0 + 12 * MIN)

    def test_window_idle_while_its_queues_wait(self):
        self.add_staff()
        c = self.d.client(role="window", window=1, device="caller-1")
        c.call("login", staff="1001", pin="2468")
        set_clock(self.d, T0 + 2 * MIN)
        self.d.cli("take", "A")  # idle counts from here
        self.assertEqual(self.alerts(T0 + 7 * MIN), [])
        a = self.alerts(T0 + 7 * MIN + 1000)
        self.assertEqual(self.kinds(a), [("window_idle", "1")])
        self.assertEqual((a[0]["window"], a[0]["figure"]), (1, 301))
        # A window that is not logged in is not idle: only window 1 is.
        c.call("call")
        self.assertEqual(self.alerts(), [])
        ev = trace(self.d)
        self.assertEqual([(e["event"], e.get("window")) for e in ev],
                         [("alert_raised", 1), ("alert_cleared", 1)])
        c.close()

    def test_service_running_long_and_window_paused(self):
        self.d.cli("take", "C")
        self.d.cli("call", "4")
        self.assertEqual(self.alerts(T0 + 20 * MIN), [])
        a = self.alerts(T0 + 20 * MIN + 1000)
        self.assertEqual(self.kinds(a), [("service_long", "4")])
        self.assertEqual((a[0]["figure"], a[0]["threshold"]), (1201, 1200))
        self.d.cli("finish", "4")
        self.d.cli("pause", "4", "--reason", "午休")
        self.assertEqual(self.alerts(), [])
        # Paused at 20:01: 15 min later is not over, a second more is.
        self.assertEqual(self.alerts(T0 + 35 * MIN + 1000), [])
        a = self.alerts(T0 + 35 * MIN + 2000)
        self.assertEqual(self.kinds(a), [("window_paused", "4")])
        self.assertEqual(a[0]["figure"], 901)
        self.d.cli("resume", "4")
        self.assertEqual(self.alerts(), [])
        ev = [(e["event"], e["kind"]) for e in trace(self.d)]
        self.assertEqual(ev, [("alert_raised", "service_long"),
                              ("alert_cleared", "service_long"),
                              ("alert_raised", "window_paused"),
                              ("alert_cleared", "window_paused")])

    def test_acknowledged_alert_stands_until_its_figure_comes_back(self):
        for _ in range(3):
            self.d.cli("take", "D")
        a = self.alerts()[0]
        r = self.d.cli("alert", "ack", str(a["id"]))["alert"]
        self.assertIsNotNone(r["acked_at"])
        self.assertIsNone(r["cleared_at"])
        self.assertEqual(self.alerts()[0]["acked_by"], r["acked_by"])
        p = self.d.cli("alert", "ack", str(a["id"]), check=False)
        self.assertEqual(p.returncode, 1)
        self.assertIn("acknowledged already", p.stderr)
        p = self.d.cli("alert", "ack", "999", check=False)
        self.assertIn("no such alert", p.stderr)
        p = self.d.cli("alert", "ack", "x", check=False)
        self.assertEqual(p.returncode, 2)
        self.assertEqual([e["event"] for e in trace(self.d)],
                         ["alert_raised", "alert_acked"])
        self.d.cli("call", "4")
        self.assertEqual(self.alerts(), [])
        self.assertEqual(trace(self.d)[-1]["event"], "alert_cleared")
        # The human form: one line, the figure against its threshold.
        self.d.cli("take", "D")
        out = self.d.cli("alerts", json_out=False).stdout
        self.assertRegex(out, r"queue_length +D +3 waiting \(over 2 waiting\)")

    def test_a_window_sees_and_answers_its_own_alerts_only(self):
        self.d.cli("take", "C")
        self.d.cli("call", "4")
        self.d.cli("take", "E")
        self.d.cli("call", "6")
        for _ in range(3):
            self.d.cli("take", "A")
        set_clock(self.d, T0 + 21 * MIN)
        w4 = self.d.client(role="window", window=4, device="caller-4")
        seen = w4.call("alerts")["alerts"]
        self.assertEqual(self.kinds(seen), [("queue_length", "A"),
                                            ("queue_wait", "A"),
                                            ("service_long", "4")])
        other = [a for a in self.alerts() if a["subject"] == "6"][0]
        with self.assertRaises(qhtest.ReplyError) as e:
            w4.call("alert_ack", alert=other["id"])
        self.assertEqual(e.exception.code, "forbidden")
        mine = [a for a in seen if a["subject"] == "4"][0]
        self.assertEqual(w4.call("alert_ack", alert=mine["id"])["alert"]
                         ["acked_by"], "caller-4")
        w4.close()

    def test_help_call_stands_until_acknowledged_and_is_not_repeated(self):
        k = self.d.client(role="kiosk", device="kiosk-1")
        r = k.call("help", screen="queue")
        self.assertFalse(r["repeated"])
        a = r["alert"]
        self.assertEqual((a["kind"], a["subject"], a["screen"]),
                         ("help", "kiosk-1", "queue"))
        r2 = k.call("help", screen="item")
        self.assertTrue(r2["repeated"])
        self.assertEqual(r2["alert"]["id"], a["id"])
        self.assertEqual(self.kinds(k.call("alerts")["alerts"]),
                         [("help", "kiosk-1")])
        # Another kiosk sees none of it.
        k2 = self.d.client(role="kiosk", device="kiosk-2")
        self.assertEqual(k2.call("alerts")["alerts"], [])
        # The daemon's own look leaves a call for help alone.
        self.assertEqual(self.kinds(self.alerts(T0 + 60 * MIN)),
                         [("help", "kiosk-1")])
        w = self.d.client(role="window", window=2, device="caller-2")
        w.call("alert_ack", alert=a["id"])
        self.assertEqual(k.call("alerts")["alerts"], [])
        ev = trace(self.d)
        self.assertEqual([(e["event"], e["subject"]) for e in ev],
                         [("alert_raised", "kiosk-1"),
                          ("alert_cleared", "kiosk-1")])
        self.assertEqual((ev[0]["screen"], ev[0]["actor"]), ("queue", "kiosk-1"))
        self.assertEqual(ev[1]["by"], "caller-2")
        with self.assertRaises(qhtest.ReplyError) as e:
            k.call("help", screen="")
        self.assertEqual(e.exception.code, "bad_request")
        with self.assertRaises(qhtest.ReplyError) as e:
            w.call("help", screen="home")
        self.assertEqual(e.exception.code, "forbidden")
        with self.assertRaises(qhtest.ReplyError) as e:
            k.call("alert_ack", alert=a["id"])
        self.assertEqual(e.exception.code, "forbidden")
        for c in (k, k2, w):
            c.close()

    def test_printer_out_of_paper_stands_until_paper_comes_out(self):
        k = self.d.client(role="kiosk", device="kiosk-2")
        t1 = k.call("take", queue="E")["ticket"]
        t2 = k.call("take", queue="F")["ticket"]
        k.call("printed", number=t1["number"], ok=False, reason="media-jam")
        self.assertEqual(self.alerts(), [])  # a jam is not out of paper
        k.call("printed", number=t1["number"], ok=False, reason="media-empty")
        k.call("printed", number=t2["number"], ok=False, reason="media-empty")
        a = self.alerts()
        self.assertEqual(self.kinds(a), [("printer_paper", "kiosk-2")])
        self.assertEqual(len(trace(self.d, "alert_raised")), 1)
        # Another kiosk's good print is not this printer's.
        other = self.d.client(role="kiosk", device="kiosk-3")
        t3 = other.call("take", queue="G")["ticket"]
        other.call("printed", number=t3["number"], ok=True)
        self.assertEqual(len(self.alerts()), 1)
        t4 = k.call("take", queue="H")["ticket"]
        k.call("printed", number=t4["number"], ok=True)
        self.assertEqual(self.alerts(), [])
        ev = trace(self.d)
        self.assertEqual([(e["event"], e["kind"], e["subject"]) for e in ev],
                         [("alert_raised", "printer_paper", "kiosk-2"),
                          ("alert_cleared", "printer_paper", "kiosk-2")])
        self.assertEqual(ev[0]["actor"], "kiosk-2")
        k.close()
        other.close()

    def test_a_new_day_clears_what_the_day_before_left(self):
        for _ in range(3):
            self.d.cli("take", "A")
        self.assertEqual(len(self.alerts()), 1)
        # Midnight passed, no change yet: yesterday's waiting are moot.
        self.assertEqual(self.alerts(T0 + DAY_MS), [])
        self.assertEqual([e["event"] for e in trace(self.d)],
                         ["alert_raised", "alert_cleared"])

    def test_alerts_survive_a_restart_and_are_not_raised_again(self):
        for _ in range(3):
            self.d.cli("take", "A")
        a = self.alerts()
        self.d.stop()
        self.d.start()
        self.assertEqual([x["id"] for x in self.alerts()], [a[0]["id"]])
        self.assertEqual(len(trace(self.d, "alert_raised")), 1)
        self.assertTrue(self.d.cli("verify")["ok"])


class AlertsOnTheirOwn(qhtest.DaemonTest):
    """The daemon looks every check_s seconds without being asked."""
    daemon_args = ("--test-clock",)
    daemon_config = "[alerts]\nqueue_length = 1\ncheck_s = 1\n"
    test_clock_ms = T0

    def test_the_timed_look_raises_and_subscribers_hear_it(self):
        sub = self.d.client(role="display", device="display-1")
        sub.call("subscribe")
        self.d.cli("take", "A")
        self.d.cli("take", "A")
        while True:
            e = sub.event()
            if e["event"].startswith("alert_"):
                break
        self.assertEqual((e["event"], e["kind"], e["subject"], e["figure"]),
                         ("alert_raised", "queue_length", "A", 2))
        sub.close()


class AlertsConfig(qhtest.DaemonTest):

    def test_bad_thresholds_are_refused_with_the_line(self):
        for bad in ("wait_min = -1", "check_s = 0", "colour = red"):
            d = qhtest.Daemon(config="[alerts]\n%s\n" % bad)
            try:
                d.start(wait=False)
                self.assertNotEqual(d.proc.wait(10), 0)
                with open(d.log) as f:
                    self.assertIn("line 2", f.read())
            finally:
                d.cleanup()


if __name__ == "__main__":
    qhtest.main()
