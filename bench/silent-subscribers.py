#!/usr/bin/env python3
"""What subscribers that never read cost qhalld's memory, and what stays
after they leave.

    python3 bench/silent-subscribers.py QHALLD [N] [ROUNDS]

Starts QHALLD on a temporary folder (default qhall.conf), subscribes N
displays (1000) that never read, has an admin post ROUNDS x 50 notices
(30; about 1 KB each, every one an event for each display), then closes
the displays. Prints the daemon's VmRSS before, its VmHWM, its VmRSS with
the displays still connected and one second after they left, from
/proc/PID/status. Raise the open-file limit first (ulimit -n 4096)."""

import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "tests", "integration"))
import qhtest  # noqa: E402

TEXT = "请携带身份证原件到综合受理窗口办理" * 20


def kib(pid, field):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise KeyError(field)


def main():
    qhtest.QHALLD = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 30
    d = qhtest.Daemon().start()
    try:
        pid = d.proc.pid
        admin = d.client(role="admin", device="bench-admin")
        admin.call("status")
        before = kib(pid, "VmRSS")
        displays = []
        for i in range(n):
            c = d.client(role="display", device="bench-silent-%d" % i)
            c.call("subscribe")
            displays.append(c)
        batch = b"".join(('{"id":%d,"op":"notice","text":"%s %d"}\n'
                          % (i + 1, TEXT, i)).encode() for i in range(50))
        for _ in range(rounds):
            admin.send_raw(batch)
            for i in range(50):
                admin.reply(i + 1)
        hwm, held = kib(pid, "VmHWM"), kib(pid, "VmRSS")
        for c in displays:
            c.close()
        time.sleep(1.0)
        admin.call("status")
        time.sleep(0.2)
        after = kib(pid, "VmRSS")
        with open(d.log) as f:
            log = f.read()
        print("%d silent subscribers, %d notices: VmRSS %d kB before, "
              "VmHWM %d kB, VmRSS %d kB with them, %d kB after they left; "
              "%d budget log lines" % (n, rounds * 50, before, hwm, held,
                                       after,
                                       log.count("max_output_total_mib =")))
    finally:
        d.cleanup()


if __name__ == "__main__":
    main()
