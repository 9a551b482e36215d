"""Online backups (op "backup"): a consistent copy of the hall while kiosks
keep taking numbers, restored into a fresh daemon that goes on numbering
after the backup's last ticket without reusing one; names that would
write outside DATA/backups are refused, and nothing is overwritten.

Run as: python3 test_backup.py BIN_DIR"""

import os
import shutil
import sqlite3
import tempfile
import threading

import qhtest


@qhtest.sqlite_only("qhall backup, a copy of the SQLite file")
class Backup(qhtest.DaemonTest):

    def test_backup_under_load_restores_and_numbers_on(self):
        stop = threading.Event()
        taken = []

        def kiosk():
            c = self.d.client(role="kiosk", device="k-load")
            while not stop.is_set():
                taken.append(c.call("take", queue="A")["ticket"]["number"])
            c.close()

        t = threading.Thread(target=kiosk)
        t.start()
        def twenty_taken():
            assert len(taken) >= 20
        qhtest.eventually(twenty_taken)
        admin = self.d.client()
        r = admin.call("backup", file="hall-1.db")
        # The kiosk goes on taking while the copy is made and after.
        before = len(taken)
        def more_taken():
            assert len(taken) > before + 5
        qhtest.eventually(more_taken)
        stop.set()
        t.join(20)
        admin.close()
        self.assertEqual(r["file"],
                         os.path.join(self.d.data, "backups", "hall-1.db"))
        self.assertGreater(r["bytes"], 0)
        self.assertGreater(len(taken), 20)

        # The copy is a whole database of its own, with no journal beside.
        db = sqlite3.connect(r["file"])
        self.assertEqual(db.execute("PRAGMA integrity_check").fetchone()[0],
                         "ok")
        self.assertEqual(db.execute("PRAGMA journal_mode").fetchone()[0],
                         "delete")
        in_backup = db.execute(
            "SELECT COUNT(*) FROM ticket WHERE queue = 'A'").fetchone()[0]
        db.close()
        self.assertGreaterEqual(in_backup, 20)
        self.assertLessEqual(in_backup, len(taken))
        self.assertFalse(os.path.exists(r["file"] + ".part"))

        # Restore: a fresh folder, the backup as its qhall.db.
        fresh = tempfile.mkdtemp(prefix="qhall-restore-")
        try:
            shutil.copy(r["file"], os.path.join(fresh, "qhall.db"))
            d2 = qhtest.Daemon(data=fresh).start()
            try:
                self.assertTrue(d2.cli("verify")["ok"])
                last = "A%03d" % in_backup
                self.assertEqual(d2.cli("ticket", last)["ticket"]["number"],
                                 last)
                nxt = d2.cli("take", "A")["ticket"]["number"]
                self.assertEqual(nxt, "A%03d" % (in_backup + 1))
            finally:
                d2.stop()
        finally:
            shutil.rmtree(fresh, ignore_errors=True)

    def test_names_that_are_paths_are_refused_and_nothing_overwritten(self):
        admin = self.d.client()
        for bad in ("../qhall.db", "/tmp/x.db", ".hidden", "a/b", "", "x" * 300,
                    "名字.db"):
            with self.assertRaises(qhtest.ReplyError) as e:
                admin.call("backup", file=bad)
            self.assertIn(e.exception.code, ("bad_request",))
        self.assertFalse(os.path.exists(os.path.join(self.d.data, "x.db")))
        admin.call("backup", file="once.db")
        with self.assertRaises(qhtest.ReplyError) as e:
            admin.call("backup", file="once.db")
        self.assertEqual(e.exception.code, "exists")
        admin.close()

    def test_qhall_backup_names_the_file_it_wrote(self):
        self.d.cli("take", "A")
        p = self.d.cli("backup", "nightly.db", json_out=False)
        path = os.path.join(self.d.data, "backups", "nightly.db")
        self.assertIn(path, p.stdout)
        self.assertTrue(os.path.exists(path))
        again = self.d.cli("backup", "nightly.db", check=False, json_out=False)
        self.assertEqual(again.returncode, 1)
        self.assertIn("already exists", again.stderr)
        bad = self.d.cli("backup", check=False, json_out=False)
        self.assertEqual(bad.returncode, 2)

    def test_only_an_admin_may_back_up(self):
        k = self.d.client(role="kiosk", device="k1")
        with self.assertRaises(qhtest.ReplyError) as e:
            k.call("backup", file="k.db")
        self.assertEqual(e.exception.code, "forbidden")
        k.close()


@qhtest.unittest.skipUnless(qhtest.PG, "the hall is in a SQLite file")
class BackupOnPostgres(qhtest.DaemonTest):

    def test_backup_refuses_clearly_and_writes_nothing(self):
        self.d.cli("take", "A")
        p = self.d.cli("backup", "nightly.db", check=False, json_out=False)
        self.assertEqual(p.returncode, 1)
        self.assertIn("PostgreSQL", p.stderr)
        self.assertIn("pg_dump", p.stderr)
        backups = os.path.join(self.d.data, "backups")
        self.assertFalse(os.path.exists(backups) and os.listdir(backups))
        # The hall goes on.
        self.assertEqual(self.d.cli("take", "A")["ticket"]["number"], "A002")


if __name__ == "__main__":
    qhtest.main()
