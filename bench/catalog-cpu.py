#!/usr/bin/env python3
"""What one catalog request costs qhalld in processor time.

    python3 bench/catalog-cpu.py QHALLD [N]

Starts QHALLD on a temporary folder, has an admin on the Unix socket
send N catalog requests (2000) in pipelined bursts of 50, reading every
reply, and prints the daemon's own CPU time (user + system, from
/proc/PID/stat) per request. Run it beside an older qhalld for a ratio."""

import os
import shutil
import subprocess
import sys
import tempfile
import time


def main():
    qhalld = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
    data = tempfile.mkdtemp(prefix="qhall-catalog-cpu-")
    proc = subprocess.Popen([qhalld, "--data", data],
                            stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        print("%s: %.3f ms of CPU per catalog" % (qhalld, run(proc, data, n)))
    finally:
        proc.terminate()
        proc.wait()
        shutil.rmtree(data, ignore_errors=True)


def cpu_s(pid):
    fields = open("/proc/%d/stat" % pid).read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run(proc, data, n):
    import socket
    path = os.path.join(data, "qhalld.sock")
    deadline = time.monotonic() + 10
    s = socket.socket(socket.AF_UNIX)
    while True:
        try:
            s.connect(path)
            break
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)
    f = s.makefile("rwb")
    f.write(b'{"op":"hello","id":0,"version":1}\n')
    f.flush()
    f.readline()
    before = cpu_s(proc.pid)
    for k in range(0, n, 50):
        for i in range(50):
            f.write(b'{"op":"catalog","id":%d}\n' % (k + i + 1))
        f.flush()
        for i in range(50):
            if b'"ok":true' not in f.readline():
                raise SystemExit("a catalog request failed")
    return (cpu_s(proc.pid) - before) * 1000 / n


if __name__ == "__main__":
    main()
