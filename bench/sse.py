#!/usr/bin/env python3
"""1,000 browsers on the web face's event stream while 12 windows call.

Starts a qhalld with --http on a scratch data folder, opens N clients that
speak HTTP and subscribe to /api/events (as a browser's EventSource does),
then has windows 1..12 call in turn; for every call, the time from just
before the call is sent to each client reading its "called" event.
Prints p50/p99/max over all clients and calls, and the daemon's memory
(VmRSS) before the streams, with them open, and after the calls. The
clients are Python on the same machine: their own reading is in the
figures (one epoll loop reads all N sockets).

  python3 bench/sse.py BIN_DIR [--clients 1000] [--rounds 10]
"""

import argparse
import os
import selectors
import shutil
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "tests", "integration"))
# qhtest takes its folder of programs from the command line or QHALL_BIN.
os.environ.setdefault("QHALL_BIN", sys.argv[1] if len(sys.argv) > 1 else "build/bin")
import qhtest  # noqa: E402
from webtest import free_port  # noqa: E402


def rss_kib(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(len(xs) * p / 100))]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("bin")
    ap.add_argument("--clients", type=int, default=1000)
    ap.add_argument("--rounds", type=int, default=10)
    a = ap.parse_args()

    data = tempfile.mkdtemp(prefix="qhall-sse-", dir=os.environ.get(
        "QHALL_BENCH_DIR", "/var/tmp"))
    port = free_port()
    d = qhtest.Daemon(data=data, args=("--http", "127.0.0.1:%d" % port),
                      config="[daemon]\nmax_clients = %d\n" % (a.clients + 64))
    d.start()
    try:
        token = d.cli("device", "add", "bench-tv", "--role", "display")["token"]
        admin = d.client()
        for q in "ABCDEFGHIJ":
            for _ in range(a.rounds * 3):
                admin.call("take", queue=q)
        rss_idle = rss_kib(d.proc.pid)

        sel = selectors.DefaultSelector()
        socks = []
        req = ("GET /api/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
               "%s\r\n\r\n" % token).encode()
        for _ in range(a.clients):
            s = socket.create_connection(("127.0.0.1", port))
            s.sendall(req)
            socks.append(s)
        for s in socks:
            s.settimeout(10)
            head = b""
            while b"\r\n\r\n" not in head:
                head += s.recv(4096)
            assert head.startswith(b"HTTP/1.1 200"), head[:80]
            s.setblocking(False)
            sel.register(s, selectors.EVENT_READ)
        time.sleep(0.5)
        rss_streams = rss_kib(d.proc.pid)

        lat = []
        calls = 0
        started = time.monotonic()
        for _ in range(a.rounds):
            for w in range(1, 13):
                t0 = time.monotonic()
                try:
                    admin.call("call", window=w)
                except qhtest.ReplyError:
                    continue  # nothing for this window now
                calls += 1
                pending = set(range(len(socks)))
                index = {s.fileno(): i for i, s in enumerate(socks)}
                deadline = t0 + 10
                while pending and time.monotonic() < deadline:
                    for key, _ in sel.select(0.5):
                        chunk = key.fileobj.recv(65536)
                        i = index[key.fileobj.fileno()]
                        if b'"event":"called"' in chunk and i in pending:
                            pending.discard(i)
                            lat.append(time.monotonic() - t0)
                if pending:
                    print("%d clients missed a call" % len(pending))
        elapsed = time.monotonic() - started
        rss_after = rss_kib(d.proc.pid)
        ms = [x * 1000 for x in lat]
        print("sse: %d clients, %d calls over 12 windows, %d deliveries in %.1f s"
              % (a.clients, calls, len(ms), elapsed))
        print("sse: call -> event at client: p50 %.1f ms, p99 %.1f ms, max %.1f ms"
              % (pct(ms, 50), pct(ms, 99), max(ms)))
        print("sse: qhalld VmRSS: %d KiB idle, %d KiB with the streams (%.1f KiB "
              "each), %d KiB after the calls"
              % (rss_idle, rss_streams, (rss_streams - rss_idle) / a.clients,
                 rss_after))
        for s in socks:
            s.close()
        admin.close()
    finally:
        d.stop()
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    main()
