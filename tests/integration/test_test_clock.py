"""qhalld --test-clock: the daemon's time comes from DATA/test-clock
(milliseconds since the epoch, UTC) each time it is needed, so tests can
let days pass; the wall clock runs while the file is absent, and nothing
but the command line turns it on."""

import os
import time

import qhtest

# 2026-03-02 10:00 in Asia/Shanghai (02:00 UTC), a Monday.
MONDAY_10H = 1772416800000
DAY_MS = 24 * 3600 * 1000


def set_clock(d, ms):
    path = os.path.join(d.data, "test-clock")
    with open(path + ".new", "w") as f:
        f.write("%d\n" % ms)
    os.replace(path + ".new", path)


class TestClock(qhtest.DaemonTest):
    daemon_args = ("--test-clock",)
    test_clock_ms = MONDAY_10H

    def test_time_follows_the_file_each_request(self):
        set_clock(self.d, MONDAY_10H)
        t = self.d.cli("take", "A")["ticket"]
        self.assertEqual((t["day"], t["taken_at"]), ("2026-03-02", MONDAY_10H))
        set_clock(self.d, MONDAY_10H + DAY_MS)
        t = self.d.cli("take", "A")["ticket"]
        # A new business day: the numbers start again.
        self.assertEqual((t["day"], t["number"]), ("2026-03-03", "A001"))
        self.assertEqual(self.d.cli("status")["now"], MONDAY_10H + DAY_MS)

    def test_wall_clock_runs_while_the_file_is_absent(self):
        set_clock(self.d, MONDAY_10H)
        self.assertEqual(self.d.cli("status")["now"], MONDAY_10H)
        os.unlink(os.path.join(self.d.data, "test-clock"))
        now = self.d.cli("status")["now"]
        self.assertLess(abs(now - time.time() * 1000), 600 * 1000)

    def test_start_warns_that_the_clock_is_a_test_clock(self):
        with open(self.d.log) as f:
            self.assertIn("--test-clock", f.read())

    def test_garbage_in_the_file_leaves_the_wall_clock(self):
        with open(os.path.join(self.d.data, "test-clock"), "w") as f:
            f.write("tomorrow\n")
        now = self.d.cli("status")["now"]
        self.assertLess(abs(now - time.time() * 1000), 600 * 1000)
        self.assertTrue(self.d.alive())


class NoTestClock(qhtest.DaemonTest):

    def test_file_is_ignored_without_the_option(self):
        set_clock(self.d, MONDAY_10H)
        now = self.d.cli("status")["now"]
        self.assertLess(abs(now - time.time() * 1000), 600 * 1000)
        with open(self.d.log) as f:
            self.assertNotIn("--test-clock", f.read())

    def test_config_cannot_turn_it_on(self):
        d = qhtest.Daemon(config="[daemon]\ntest_clock = yes\n")
        try:
            d.start(wait=False)
            self.assertNotEqual(d.proc.wait(10), 0)
            with open(d.log) as f:
                self.assertIn("test_clock", f.read())
        finally:
            d.cleanup()


if __name__ == "__main__":
    qhtest.main()
