#!/usr/bin/env python3
"""A year of a busy hall for `qhall report`: writes 250 working days of
2,000 tickets each (500,000 tickets, about 2.5 million events: take,
call, serve, finish, and each day's logins, pauses, day start and close)
into a real qhalld's trace, chained as qhalld chains it, then measures
the monthly, quarterly and yearly reports (wall time and the reader's
peak memory) and the daemon's longest trace_page (how long one page
holds its loop). Figures go in docs/PERFORMANCE.md.

  python3 bench/report-year.py BIN_DIR [SCRATCH_DIR]

With QHALL_REPORT_BENCH_DATA=DIR the year is written into DIR once and
kept there (a later run reuses it). With QHALL_REPORT_BASELINE=PATH (a
`qhall` of an earlier commit) each report is timed with both, one after
the other, and the ratio printed: on a shared machine only the ratio of
runs side by side means much.
"""

import datetime
import hashlib
import json
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
import zoneinfo

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "tests", "integration"))
BIN = sys.argv[1] if len(sys.argv) > 1 else "build/bin"
os.environ["QHALL_BIN"] = BIN
import qhtest  # noqa: E402

SH = zoneinfo.ZoneInfo("Asia/Shanghai")
YEAR = 2025
TICKETS_A_DAY = 2000
WINDOWS = 20
QUEUES = "ABCDEFGHIJ"


def ms(day, sec):
    d = datetime.datetime(day.year, day.month, day.day, tzinfo=SH)
    return int(d.timestamp() * 1000) + int(sec * 1000)


def ticket(day, q, n, state, taken, window=None, item=None):
    return {"number": "%s%03d" % (q, n % 1000), "queue": q, "day": day,
            "state": state, "priority": False, "taken_at": taken, "calls": 1,
            "window": window, "item": item, "transferred": False,
            "printed": True}


def days_of_year():
    d = datetime.date(YEAR, 1, 1)
    out = []
    while d.year == YEAR and len(out) < 250:
        if d.weekday() < 5:
            out.append(d)
        d += datetime.timedelta(days=1)
    return out


def events_of(day, rnd):
    """One day's events, in time order, as (at, dict)."""
    ds = day.isoformat()
    wq = {w: [QUEUES[(w - 1) % 10], QUEUES[w % 10]] for w in
          range(1, WINDOWS + 1)}
    snap = [{"window": w, "staff": None, "paused": False, "reason": "",
             "queues": wq[w]} for w in wq]
    out = [(ms(day, 8 * 3600 + 1800),
            {"event": "day_started", "day": ds, "previous": "", "expired": 0,
             "windows": snap})]
    for w in wq:
        out.append((ms(day, 8 * 3600 + 3300 + w),
                    {"event": "login", "window": w, "staff": "s%03d" % w,
                     "name": "员工%d" % w}))
    counts = {}
    free_at = {w: ms(day, 9 * 3600) for w in wq}
    for i in range(TICKETS_A_DAY):
        q = QUEUES[i % 10]
        counts[q] = counts.get(q, 0) + 1
        taken = ms(day, 9 * 3600 + i * 14.4)
        out.append((taken, {"event": "taken",
                            "ticket": ticket(ds, q, counts[q], "waiting",
                                             taken, item=q + "01")}))
        w = min((w for w in wq if q in wq[w]), key=lambda w: free_at[w])
        call = max(taken + rnd.randrange(0, 1800_000), free_at[w])
        serve = call + rnd.randrange(10_000, 60_000)
        fin = serve + rnd.randrange(60_000, 600_000)
        free_at[w] = fin
        t = ticket(ds, q, counts[q], "called", taken, w, q + "01")
        out.append((call, {"event": "called", "window": w, "ticket": t}))
        out.append((serve, {"event": "serving", "window": w,
                            "ticket": dict(t, state="serving")}))
        out.append((fin, {"event": "finished", "window": w,
                          "ticket": dict(t, state="done")}))
    for w in wq:
        out.append((ms(day, 17 * 3600 + 600 + w),
                    {"event": "logout", "window": w}))
    out.append((ms(day, 17 * 3600 + 1800) + 7200_000,
                {"event": "day_closed", "day": ds, "expired": 0}))
    out.sort(key=lambda e: e[0])
    return out


def fill(db_path):
    db = sqlite3.connect(db_path)
    seq, prev = db.execute(
        "SELECT seq, hash FROM event ORDER BY seq DESC LIMIT 1").fetchone()
    rnd = random.Random(2025)
    db.execute("BEGIN")
    n = 0
    for day in days_of_year():
        rows = []
        for at, ev in events_of(day, rnd):
            seq += 1
            head = {"event": ev.pop("event"), "seq": seq, "at": at,
                    "actor": "bench"}
            head.update(ev)
            body = json.dumps(head, ensure_ascii=False,
                              separators=(",", ":"))
            h = hashlib.blake2b(prev + body.encode(), digest_size=32).digest()
            rows.append((seq, at, body, h))
            prev = h
        db.executemany("INSERT INTO event (seq, at, body, hash) VALUES "
                       "(?, ?, ?, ?)", rows)
        n += len(rows)
    db.execute("COMMIT")
    db.close()
    return n


def run_report(period, qhall=None):
    cmd = [qhall or qhtest.QHALL, "--data", DATA, "report", period, "--by",
           "window", "--format", "json", "-o", os.devnull]
    t0 = time.monotonic()
    p = subprocess.Popen(cmd)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.monotonic() - t0
    assert status == 0, period
    return wall, ru.ru_maxrss


def page_times(client, frm, to):
    times, after, upto = [], None, None
    while True:
        fields = {"from": frm, "to": to}
        if after is not None:
            fields.update(after=after, upto=upto)
        t0 = time.monotonic()
        r = client.call("trace_page", **fields)
        times.append(time.monotonic() - t0)
        after, upto = r["last"], r["upto"]
        if not r["more"]:
            return times


if __name__ == "__main__":
    scratch = sys.argv[2] if len(sys.argv) > 2 else "/var/tmp"
    keep = os.environ.get("QHALL_REPORT_BENCH_DATA")
    baseline = os.environ.get("QHALL_REPORT_BASELINE")
    DATA = keep or tempfile.mkdtemp(prefix="qhall-report-bench-", dir=scratch)
    os.makedirs(DATA, exist_ok=True)
    clock = os.path.join(DATA, "test-clock")
    with open(clock, "w") as f:
        f.write("%d\n" % ms(datetime.date(YEAR + 1, 1, 5), 8 * 3600))
    d = qhtest.Daemon(data=DATA, args=("--test-clock",))
    filled = os.path.exists(os.path.join(DATA, "filled"))
    if not filled:
        d.start()
        d.stop()
        t0 = time.monotonic()
        n = fill(os.path.join(DATA, "qhall.db"))
        print("wrote %d events in %.0f s" % (n, time.monotonic() - t0))
        open(os.path.join(DATA, "filled"), "w").close()
    d.start()
    c = d.client()
    if not filled:
        # a whole chain of two million events: longer than a client waits
        # on a busy machine, so only on the run that wrote it
        print("verify: %s" % d.cli("verify", check=False).returncode)
    for period in ("%d-11-03" % YEAR, "%d-11" % YEAR, "%d-Q4" % YEAR,
                   "%d" % YEAR):
        wall, rss = run_report(period)
        line = "report %-10s %6.2f s  peak RSS %6.1f MiB" % (
            period, wall, rss / 1024)
        if baseline:
            bwall, brss = run_report(period, baseline)
            line += "   baseline %6.2f s  %6.1f MiB   ratio %.3f" % (
                bwall, brss / 1024, wall / bwall)
        print(line, flush=True)
    times = page_times(c, "%d-01-01" % YEAR, "%d-12-31" % YEAR)
    print("trace_page over the year: %d pages, first %.1f ms, longest "
          "after the first %.1f ms, mean %.1f ms" % (
              len(times), times[0] * 1000, max(times[1:]) * 1000,
              sum(times) / len(times) * 1000))
    c.close()
    d.stop()
    if not keep:
        d.cleanup()
        subprocess.run(["rm", "-rf", DATA])
