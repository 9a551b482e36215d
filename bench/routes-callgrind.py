#!/usr/bin/env python3
"""What routes (并联审批) cost ordinary tickets: instructions per call +
finish, counted by callgrind, for one or more qhalld builds side by side.

Each qhalld runs under valgrind --tool=callgrind --instr-atstart=no on a
scratch folder with the demo catalog. Ordinary tickets (no item, so no
route) are taken for the windows' queues, 20 calls warm it up, then
`callgrind_control -i on`, ROUNDS rounds of `call` + `finish` at each
window, `-i off`, `-d`. Instruction counts stay put on a busy machine,
where times do not. Two sets of windows: 1 (queue A, which no route
passes) and 4, 6, 11 (queues D, E, G, which the seed's E01 route passes,
so a call there also looks for legs of routes waiting in them).

  python3 bench/routes-callgrind.py QHALLD [QHALLD ...] [--rounds 300]
"""

import argparse
import glob
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "tests", "integration"))
import qhtest  # noqa: E402

QUEUE_OF = {1: "A", 4: "D", 6: "E", 11: "G"}


def control(pid, *args):
    subprocess.run(["callgrind_control"] + list(args) + [str(pid)],
                   check=True, capture_output=True, timeout=60)


def measure(qhalld, windows, rounds):
    """Instructions of qhalld's process per call + finish."""
    d = tempfile.mkdtemp(prefix="qhall-routes-cg-")
    out = os.path.join(d, "callgrind.out")
    p = subprocess.Popen(["valgrind", "--tool=callgrind", "--instr-atstart=no",
                          "--callgrind-out-file=" + out, qhalld, "--data", d],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                c = qhtest.Client(os.path.join(d, "qhalld.sock"), role="admin")
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        for w in windows:
            for _ in range(rounds + 30):
                c.call("take", queue=QUEUE_OF[w])
            for _ in range(20):
                c.call("call", window=w)
        control(p.pid, "-i", "on")
        for _ in range(rounds):
            for w in windows:
                c.call("call", window=w)
                c.call("finish", window=w)
        control(p.pid, "-i", "off")
        control(p.pid, "-d")
        c.close()
    finally:
        p.terminate()
        p.wait(60)
    total = 0
    for f in glob.glob(out + ".*"):
        with open(f) as fh:
            for line in fh:
                if line.startswith("totals:"):
                    total += int(line.split()[1])
    shutil.rmtree(d, ignore_errors=True)
    return total / (rounds * len(windows))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("qhalld", nargs="+")
    ap.add_argument("--rounds", type=int, default=300)
    a = ap.parse_args()
    print("%-44s %18s %18s" % ("qhalld", "window 1 (A)", "4, 6, 11 (D,E,G)"))
    for q in a.qhalld:
        print("%-44s %15.0f Ir %15.0f Ir" % (
            q[-44:], measure(q, [1], a.rounds),
            measure(q, [4, 6, 11], a.rounds)))


if __name__ == "__main__":
    main()
