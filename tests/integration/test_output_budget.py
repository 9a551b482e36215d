"""The output budget of all clients: subscribers that never read may each
leave max_output_kib unread, but together no more than
max_output_total_mib; beyond it the daemon drops those holding the most,
says so in its log, and gives the memory back once they are gone. The
daemon's memory is read from /proc/PID/status; under AddressSanitizer,
whose allocator keeps freed memory in quarantine and shadows the rest,
only the drops and the log are checked."""

import os
import socket

import qhtest

SUBSCRIBERS = 100
NOTICE = "请携带身份证原件到综合受理窗口办理" * 20  # ~1 KB of UTF-8


def sanitized():
    """Is qhalld built with AddressSanitizer?"""
    with open(qhtest.QHALLD, "rb") as f:
        return b"__asan_init" in f.read()


def status_kib(pid, field):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise KeyError(field)


class OutputBudget(qhtest.DaemonTest):
    daemon_config = "[daemon]\nmax_output_total_mib = 24\n"

    def silent_subscriber(self, i):
        c = self.d.client(role="display", device="silent-%d" % i)
        c.call("subscribe")
        return c

    def hung_up(self, c):
        """Read what c was sent until the end: True if the daemon hung up,
        False if the stream is still open (nothing more for a moment)."""
        c.s.settimeout(0.05)
        try:
            while True:
                if not c.s.recv(1 << 20):
                    return True
        except socket.timeout:
            return False
        except ConnectionError:
            return True

    def test_silent_subscribers_are_dropped_by_the_budget_and_memory_returns(self):
        pid = self.d.proc.pid
        admin = self.d.client(role="admin", device="good-admin")
        admin.call("status")
        rss0 = status_kib(pid, "VmRSS")
        silent = [self.silent_subscriber(i) for i in range(SUBSCRIBERS)]
        # Notices in pipelined rounds: each one an event for every
        # subscriber, until the budget has dropped some (bounded rounds).
        line = b""
        for i in range(50):
            line += (('{"id":%d,"op":"notice","text":"%s %d"}\n'
                      % (i + 1, NOTICE, i)).encode())
        dropped_log = False
        for r in range(40):
            admin.send_raw(line)
            for i in range(50):
                admin.reply(i + 1)
            with open(self.d.log) as f:
                dropped_log = "max_output_total_mib" in f.read()
            if dropped_log and r >= 10:
                break
        self.assertTrue(dropped_log, "the log says who the budget dropped")
        hwm = status_kib(pid, "VmHWM")
        # Without the budget: 100 x 1 MiB unread, over 100 MB. With it,
        # 24 MiB and the buffers' overhead.
        if not sanitized():
            self.assertLess(hwm - rss0, 64 * 1024,
                            "VmHWM rose by %d kB" % (hwm - rss0))
        gone = sum(self.hung_up(c) for c in silent)
        self.assertGreater(gone, 0, "some silent subscribers were dropped")
        self.assertLess(gone, SUBSCRIBERS + 1)
        for c in silent:
            c.close()
        # Once they are gone the daemon gives the memory back: well below
        # the 24 MiB it held for them.
        def rss_back():
            admin.call("status")  # a turn of the loop, as any request
            rss = status_kib(pid, "VmRSS")
            self.assertLess(rss - rss0, 12 * 1024,
                            "VmRSS still %d kB above the start" % (rss - rss0))
        if not sanitized():
            qhtest.eventually(rss_back, timeout=10)
        # And the hall goes on.
        kiosk = self.d.client(role="kiosk", device="good-kiosk")
        self.assertEqual(kiosk.call("take", queue="A")["ticket"]["number"],
                         "A001")
        self.assertEqual(admin.call("status")["notice"], NOTICE + " 49")
        kiosk.close()
        admin.close()


if __name__ == "__main__":
    qhtest.main()
