"""The trace's anchor and the hall's identity: the hash chain is anchored
outside the database (DATA/qhall.anchor, MACed with DATA/qhall.key), so a
deleted tail and a rewrite that recomputes every hash are found by
`qhall verify` and refused at start; a deleted, replaced or cut-short
database is refused at start unless --new-hall or --restore says what
happened; a database deleted under a running daemon stops it before it
issues numbers into a file nobody will find. A kill -9 alone never makes
a hall refuse to start.

Run as: python3 test_trace_anchor.py BIN_DIR"""

import hashlib
import json
import os
import shutil
import sqlite3
import time
import unittest

import qhtest


def db_path(d):
    return os.path.join(d.data, "qhall.db")


def start_refused(d, args=()):
    """Start qhalld on d's folder, expect it to refuse: its log."""
    p = qhtest.Daemon(data=d.data, args=args)
    p.start(wait=False)
    try:
        p.proc.wait(20)
    except Exception:
        p.stop()
        raise AssertionError("qhalld started where it should refuse")
    assert p.proc.returncode != 0, p.proc.returncode
    with open(p.log) as f:
        return f.read()


def rehash(conn):
    """Recompute the whole chain as the daemon does: BLAKE2b(prev||body)."""
    prev = bytes(32)
    rows = conn.execute("SELECT seq, body FROM event ORDER BY seq").fetchall()
    for seq, body in rows:
        h = hashlib.blake2b(prev + body.encode(), digest_size=32).digest()
        conn.execute("UPDATE event SET hash = ? WHERE seq = ?", (h, seq))
        prev = h


class Anchor(unittest.TestCase):

    def setUp(self):
        self.d = qhtest.Daemon().start()
        self.others = []

    def tearDown(self):
        for o in self.others:
            o.stop()
        self.d.cleanup()

    def take(self, n, queue="A"):
        return [self.d.cli("take", queue)["ticket"]["number"]
                for _ in range(n)]

    def verify_fails(self):
        """qhall verify on a hall that is not whole: exit 1, the reply."""
        p = self.d.cli("verify", check=False)
        self.assertEqual(p.returncode, 1, p.stderr)
        return json.loads(p.stdout)

    def restart(self, args=()):
        self.d.stop()
        self.d = qhtest.Daemon(data=self.d.data, args=args)
        self.d.owns_data = True
        return self.d.start()

    def test_fresh_hall_is_anchored_and_verifies(self):
        self.take(3)
        for f in ("qhall.anchor", "qhall.key"):
            st = os.stat(os.path.join(self.d.data, f))
            self.assertEqual(st.st_mode & 0o777, 0o600, f)
        v = self.d.cli("verify")
        self.assertTrue(v["ok"], v)
        self.assertEqual(v["anchored"], v["events"])
        self.assertEqual(len(v["hall"]), 32)
        self.assertNotIn("problem", v)
        p = self.d.cli("verify", json_out=False)
        self.assertTrue(p.stdout.startswith("ok: "), p.stdout)
        # The anchor is a record of the hall, not of the file: it is
        # nowhere in the database.
        with open(os.path.join(self.d.data, "qhall.key")) as f:
            key = f.read().strip()
        self.assertNotIn(key.encode(), qhtest.store_dump(self.d.data))
        # A restart goes on where it was.
        self.restart()
        self.assertEqual(self.take(1), ["A004"])
        self.assertTrue(self.d.cli("verify")["ok"])

    def test_deleted_tail_is_found_and_refused(self):
        self.take(5)
        before = self.d.cli("verify")
        [(top,)] = qhtest.store_query(self.d.data, "SELECT max(seq) FROM event")
        qhtest.store_query(self.d.data,
                           "DELETE FROM event WHERE seq > %d" % (top - 3))
        v = self.verify_fails()
        self.assertFalse(v["ok"], v)
        self.assertEqual(v["first_bad"], 0)  # the chain alone holds
        self.assertEqual(v["events"], top - 3)
        self.assertGreaterEqual(v["anchored"], before["events"])
        self.assertIn("events %d to %d are missing" % (top - 2, top),
                      v["problem"])
        # The plain text says it too.
        p = self.d.cli("verify", json_out=False, check=False)
        self.assertEqual(p.returncode, 1)
        self.assertTrue(p.stdout.startswith("NOT OK: the trace ends at"),
                        p.stdout)
        self.assertIn("missing", p.stdout)
        self.d.stop()
        log = start_refused(self.d)
        self.assertIn("missing", log)
        self.assertIn("Not starting", log)

    @qhtest.sqlite_only("an edit of the file (its hashes recomputed in Python's sqlite3)")
    def test_rewrite_with_every_hash_recomputed_is_found(self):
        self.take(4)
        db = sqlite3.connect(db_path(self.d), timeout=10)
        seq, body = db.execute(
            "SELECT seq, body FROM event WHERE body LIKE '%\"taken\"%' "
            "ORDER BY seq LIMIT 1").fetchone()
        db.execute("UPDATE event SET body = ? WHERE seq = ?",
                   (body.replace('"A001"', '"A999"'), seq))
        rehash(db)
        db.commit()
        db.close()
        v = self.verify_fails()
        self.assertFalse(v["ok"], v)
        self.assertEqual(v["first_bad"], 0)  # it chains: only the anchor
        self.assertIn("rewritten", v["problem"])
        self.d.stop()
        log = start_refused(self.d)
        self.assertIn("rewritten", log)

    @qhtest.sqlite_only("the file deleted")
    def test_deleted_database_is_refused_until_new_hall(self):
        self.assertEqual(self.take(2), ["A001", "A002"])
        self.d.stop()
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(db_path(self.d) + suffix):
                os.unlink(db_path(self.d) + suffix)
        log = start_refused(self.d)
        self.assertIn("qhall.db is missing", log)
        self.assertIn("--new-hall", log)
        # Refusing made no empty database to be found next time.
        self.assertFalse(os.path.exists(db_path(self.d)))
        self.assertIn("missing", start_refused(self.d))
        # --new-hall says it on purpose: a new hall, numbered anew.
        old = open(os.path.join(self.d.data, "qhall.anchor")).read()
        self.restart(args=["--new-hall"])
        self.assertEqual(self.take(1), ["A001"])
        self.assertTrue(self.d.cli("verify")["ok"])
        self.assertNotEqual(
            open(os.path.join(self.d.data, "qhall.anchor")).read(), old)
        # And from then on it is that hall, without the option.
        self.restart()
        self.assertEqual(self.take(1), ["A002"])

    @qhtest.sqlite_only("the file replaced by another hall's")
    def test_replaced_database_is_refused(self):
        other = qhtest.Daemon().start()
        self.others.append(other)
        other.cli("take", "A")
        other.stop()
        self.take(3)
        self.d.stop()
        shutil.copy(db_path(other), db_path(self.d))
        for suffix in ("-wal", "-shm"):
            if os.path.exists(db_path(self.d) + suffix):
                os.unlink(db_path(self.d) + suffix)
        log = start_refused(self.d)
        self.assertIn("not this folder's hall", log)
        # --restore is for this hall's backups only.
        self.assertIn("not this folder's hall",
                      start_refused(self.d, ["--restore"]))
        shutil.rmtree(other.data, ignore_errors=True)

    @qhtest.sqlite_only("qhall backup, which PostgreSQL's tools do instead")
    def test_restore_from_a_backup_into_the_same_folder(self):
        self.take(3)
        self.d.cli("backup", "before.db")
        self.take(2)
        self.d.stop()
        shutil.copy(os.path.join(self.d.data, "backups", "before.db"),
                    db_path(self.d))
        for suffix in ("-wal", "-shm"):
            if os.path.exists(db_path(self.d) + suffix):
                os.unlink(db_path(self.d) + suffix)
        # Put back without a word, the older file looks cut short.
        self.assertIn("missing", start_refused(self.d))
        # Said on purpose, it starts, and is anchored where it stands.
        self.restart(args=["--restore"])
        with open(self.d.log) as f:
            self.assertIn("restored", f.read())
        self.assertTrue(self.d.cli("verify")["ok"])
        self.assertEqual(self.d.cli("ticket", "A003")["ticket"]["number"],
                         "A003")
        self.restart()
        self.assertTrue(self.d.cli("verify")["ok"])

    def test_altered_anchor_is_refused(self):
        self.take(2)
        self.d.stop()
        path = os.path.join(self.d.data, "qhall.anchor")
        with open(path) as f:
            text = f.read()
        with open(path, "w") as f:
            f.write(text.replace("events=", "events=1"))
        self.assertIn("altered", start_refused(self.d))
        # Without the key, the anchor cannot be checked at all.
        with open(path, "w") as f:
            f.write(text)
        os.rename(os.path.join(self.d.data, "qhall.key"),
                  os.path.join(self.d.data, "key.moved"))
        self.assertIn("qhall.key", start_refused(self.d))

    def test_anchor_behind_the_database_is_no_tampering(self):
        """A crash between a commit and the anchor's write leaves the
        anchor behind: the earlier anchor, put back, still starts."""
        path = os.path.join(self.d.data, "qhall.anchor")
        self.take(2)
        with open(path, "rb") as f:
            older = f.read()
        self.take(3)
        self.d.stop()
        with open(path, "wb") as f:
            f.write(older)
        self.restart()
        v = self.d.cli("verify")
        self.assertTrue(v["ok"], v)
        self.assertEqual(v["anchored"], v["events"])
        self.assertEqual(self.take(1), ["A006"])

    def test_a_torn_slot_falls_back_to_the_other(self):
        path = os.path.join(self.d.data, "qhall.anchor")
        self.take(3)
        self.d.stop()
        with open(path, "rb") as f:
            data = bytearray(f.read())
        self.assertEqual(len(data), 512)
        counts = [int(data[i * 256:(i + 1) * 256].split(b"events=")[1]
                      .split(b" ")[0]) for i in (0, 1)]
        newer = counts.index(max(counts))
        data[newer * 256 + 100:newer * 256 + 140] = b"\0" * 40  # torn
        with open(path, "wb") as f:
            f.write(data)
        self.restart()
        self.assertTrue(self.d.cli("verify")["ok"])
        self.d.stop()
        with open(path, "rb") as f:
            data = bytearray(f.read())
        data[100:140] = b"\0" * 40
        data[356:396] = b"\0" * 40
        with open(path, "wb") as f:
            f.write(data)
        self.assertIn("altered", start_refused(self.d))

    def test_deleted_anchor_is_said_in_the_log(self):
        """Whoever deletes the anchor can delete its key too: it is made
        anew, but said as a warning, not taken as a first start."""
        self.take(2)
        self.d.stop()
        os.unlink(os.path.join(self.d.data, "qhall.anchor"))
        self.restart()
        with open(self.d.log) as f:
            self.assertIn("qhall.anchor is missing though its key",
                          f.read())
        self.assertTrue(self.d.cli("verify")["ok"])

    @qhtest.sqlite_only("the file unlinked")
    def test_database_unlinked_while_running_stops_the_daemon(self):
        k = self.d.client(role="kiosk", device="k1")
        self.assertEqual(k.call("take", queue="A")["ticket"]["number"],
                         "A001")
        os.unlink(db_path(self.d))
        # No number is acknowledged into the deleted file.
        r = k.request("take", queue="A")
        self.assertFalse(r.get("ok"), r)
        self.assertIn("deleted", r["error"]["message"])
        k.close()
        self.d.proc.wait(15)
        self.assertNotEqual(self.d.proc.returncode, 0)
        with open(self.d.log) as f:
            log = f.read()
        self.assertIn("was deleted or replaced while qhalld ran", log)
        self.assertIn("missing", start_refused(self.d))

    @qhtest.sqlite_only("the -wal file")
    def test_deleted_wal_while_running_is_noticed_and_kept(self):
        acked = self.take(3)
        k = self.d.client(role="kiosk", device="k1")
        os.unlink(db_path(self.d) + "-wal")
        r = k.request("take", queue="A")
        self.assertFalse(r.get("ok"), r)
        k.close()
        self.d.proc.wait(15)
        with open(self.d.log) as f:
            self.assertIn("(its -wal)", f.read())
        # Stopping closed the file whole: what was acknowledged is there.
        self.restart()
        for n in acked:
            self.assertEqual(self.d.cli("ticket", n)["ticket"]["number"], n)
        self.assertTrue(self.d.cli("verify")["ok"])
        self.assertEqual(self.take(1), ["A004"])

    @qhtest.sqlite_only("the file unlinked")
    def test_unlink_noticed_when_idle(self):
        os.unlink(db_path(self.d))
        self.d.proc.wait(15)  # the periodic check, no request needed
        with open(self.d.log) as f:
            self.assertIn("stopping", f.read())

    @qhtest.sqlite_only("the -wal file")
    def test_deleted_wal_and_kill9_loses_nothing_silently(self):
        acked = self.take(5)
        os.unlink(db_path(self.d) + "-wal")
        if self.d.alive():
            self.d.kill9()
        p = qhtest.Daemon(data=self.d.data)
        p.start(wait=False)
        try:
            p.wait_ready()
        except RuntimeError as e:
            # Refused, and says why.
            self.assertIn("missing", str(e))
            return
        # Or it noticed in time and closed the file whole.
        self.others.append(p)
        for n in acked:
            self.assertEqual(p.cli("ticket", n)["ticket"]["number"], n)
        self.assertTrue(p.cli("verify")["ok"])

    def test_kill9_never_makes_a_hall_refuse_to_start(self):
        k = self.d.client(role="kiosk", device="k1")
        for rnd in range(3):
            for _ in range(20):
                k.request("take", queue="B")
            self.d.kill9()
            k.close()
            self.d = qhtest.Daemon(data=self.d.data).start()
            self.d.owns_data = True
            self.assertTrue(self.d.cli("verify")["ok"])
            k = self.d.client(role="kiosk", device="k1")
        k.close()


if __name__ == "__main__":
    qhtest.main()
