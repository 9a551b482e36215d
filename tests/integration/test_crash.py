"""kill -9 of qhalld while kiosks take and windows call at full speed, many
times over: every number a client saw acknowledged survives exactly once, no
number repeats, no ticket was called by two windows, and numbering goes on.
QHALL_CRASH_ROUNDS sets the number of rounds (default 5)."""

import hashlib
import json
import os
import random
import threading
import time

import qhtest

QUEUES = "ABCDEFGHIJ"
ROUNDS = int(os.environ.get("QHALL_CRASH_ROUNDS", "5"))


def write_uncapped_catalog(data):
    """The demo catalog with room for a day of full-speed takes."""
    with open(qhtest.CATALOG) as f:
        cat = json.load(f)
    for q in cat["queues"]:
        q["daily_cap"] = 9999
    with open(os.path.join(data, "catalog.json"), "w") as f:
        json.dump(cat, f, ensure_ascii=False)


class Load:
    """Kiosk and window clients hammering the daemon until it dies."""

    def __init__(self, daemon, kiosks=4, windows=range(1, 13)):
        self.daemon = daemon
        self.taken = []   # (day, number) acknowledged
        self.called = []  # (day, number, window) acknowledged
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self.kiosk, args=(i,)) for i in range(kiosks)]
        self.threads += [threading.Thread(target=self.window, args=(w,)) for w in windows]

    def kiosk(self, i):
        c = None
        try:
            c = self.daemon.client(role="kiosk", device="kiosk-%d" % i)
            n = i
            while True:
                r = c.request("take", queue=QUEUES[n % len(QUEUES)])
                n += 1
                if r.get("ok"):
                    t = r["result"]["ticket"]
                    with self.lock:
                        self.taken.append((t["day"], t["number"]))
        except (OSError, ValueError):
            return
        finally:
            if c is not None:
                c.close()

    def window(self, w):
        c = None
        try:
            c = self.daemon.client(role="window", window=w, device="window-%d" % w)
            while True:
                r = c.request("call")
                if r.get("ok") and r["result"]["ticket"]:
                    t = r["result"]["ticket"]
                    with self.lock:
                        self.called.append((t["day"], t["number"], w))
        except (OSError, ValueError):
            return
        finally:
            if c is not None:
                c.close()

    def start(self):
        for t in self.threads:
            t.start()

    def join(self):
        for t in self.threads:
            t.join(30)
            assert not t.is_alive(), "a client hung after the daemon died"


class CrashRounds(qhtest.unittest.TestCase):

    def test_kill9_rounds_keep_every_acknowledged_number(self):
        rng = random.Random(int(os.environ.get("QHALL_CRASH_SEED", "1")))
        d = qhtest.Daemon()
        write_uncapped_catalog(d.data)
        taken, called = [], []
        try:
            for rnd in range(ROUNDS):
                d.start()
                load = Load(d)
                load.start()
                time.sleep(rng.uniform(0.2, 0.8))
                d.kill9()
                load.join()
                self.assertGreater(len(load.taken), 0, "round %d took nothing" % rnd)
                taken += load.taken
                called += load.called
                self.check_invariants(d, taken, called)
            print("%d rounds: %d takes and %d calls acknowledged" % (
                ROUNDS, len(taken), len(called)))

            # After the last crash, numbering goes on past every number seen.
            d.start()
            c = d.client(role="kiosk")
            for q in QUEUES:
                t = c.call("take", queue=q)["ticket"]
                seen = [int(n[1:]) for day, n in taken if n[0] == q and day == t["day"]]
                self.assertGreater(int(t["number"][1:]), max(seen, default=0))
            admin = d.client()
            v = admin.call("verify")
            admin.close()
            self.assertTrue(v["ok"], v)
            c.close()
            d.stop()
        finally:
            d.cleanup()

    def check_invariants(self, d, taken, called):
        def rows_of(sql):
            return qhtest.store_query(d.data, sql)
        if not qhtest.PG:
            self.assertEqual(rows_of("PRAGMA integrity_check")[0][0], "ok")
        rows = rows_of('SELECT day, number, state, "window" FROM ticket')
        numbers = [(r[0], r[1]) for r in rows]
        self.assertEqual(len(numbers), len(set(numbers)), "a number was issued twice")
        self.assertEqual(len(taken), len(set(taken)), "a number was acknowledged twice")
        missing = set(taken) - set(numbers)
        self.assertFalse(missing, "acknowledged but lost: %s" % sorted(missing)[:5])
        by_number = {}
        for day, number, window in called:
            by_number.setdefault((day, number), set()).add(window)
        twice = {k: v for k, v in by_number.items() if len(v) > 1}
        self.assertFalse(twice, "called by two windows: %s" % twice)
        # A window points at exactly the tickets that stand at a counter.
        at_counter = set(rows_of(
            "SELECT id FROM ticket WHERE state IN (1, 2)"))
        pointed = set(rows_of(
            'SELECT ticket_id FROM "window" WHERE ticket_id IS NOT NULL'))
        self.assertEqual(at_counter, pointed)
        # The day's counter is never behind the tickets it numbered.
        # The waiting counts the triggers keep match the tickets.
        kept = dict(rows_of("SELECT prefix, waiting FROM queue"))
        real = dict(rows_of("SELECT queue, count(*) FROM ticket WHERE state = 0 "
                      "GROUP BY queue"))
        self.assertEqual({q: n for q, n in kept.items() if n}, real)
        # The trace's hash chain, recomputed independently of the daemon.
        prev = bytes(32)
        for seq, body, h in rows_of("SELECT seq, body, hash FROM event ORDER BY seq"):
            prev = hashlib.blake2b(prev + body.encode(), digest_size=32).digest()
            self.assertEqual(prev, h, "trace broken at event %d" % seq)
        counters = {(q, day): last for q, day, last in
                    rows_of("SELECT prefix, seq_day, last_seq FROM queue")}
        for day, number, _, _ in rows:
            self.assertGreaterEqual(counters[(number[0], day)], int(number[1:]))



if __name__ == "__main__":
    qhtest.main()
