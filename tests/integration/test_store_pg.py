"""What only the PostgreSQL store has: the hall's lease (one qhalld serves a
database at a time), the store named in qhall.conf, and qhall migrate (a
SQLite hall's whole history copied into PostgreSQL, checked, and the old
file refusing to serve again). Runs on the PostgreSQL pass (store-pg);
on the SQLite pass only what needs no server.

Run as: python3 test_store_pg.py BIN_DIR"""

import os
import shutil
import sqlite3
import subprocess
import tempfile
import unittest

import qhtest


def run_qhalld(*args, timeout=60):
    return subprocess.run([qhtest.QHALLD] + list(args), capture_output=True,
                          text=True, timeout=timeout)


class StoreUrl(unittest.TestCase):

    def test_store_that_is_not_a_postgresql_url_is_refused(self):
        data = tempfile.mkdtemp(prefix="qhall-test-")
        try:
            p = run_qhalld("--data", data, "--store", "mysql://x/y")
            self.assertEqual(p.returncode, 1)
            self.assertIn("postgresql://", p.stderr)
            self.assertFalse(os.path.exists(os.path.join(data, "qhall.db")))
        finally:
            shutil.rmtree(data, ignore_errors=True)

    def test_unreachable_server_is_refused_with_its_reason(self):
        data = tempfile.mkdtemp(prefix="qhall-test-")
        try:
            p = run_qhalld("--data", data, "--store",
                           "postgresql://qhall:secret@127.0.0.1:1/hall")
            self.assertEqual(p.returncode, 1)
            self.assertIn("cannot open postgresql://qhall:***@127.0.0.1:1",
                          p.stderr)
            self.assertNotIn("secret", p.stderr)
        finally:
            shutil.rmtree(data, ignore_errors=True)

    def test_migrate_needs_a_postgresql_url_and_a_stopped_hall(self):
        d = qhtest.Daemon().start()
        try:
            d.cli("take", "A")
            p = d.cli("migrate", "--to", "/tmp/x.db", check=False,
                      json_out=False)
            self.assertEqual(p.returncode, 1)
            self.assertIn("postgresql://", p.stderr)
            p = d.cli("migrate", check=False, json_out=False)
            self.assertEqual(p.returncode, 2)
            if not qhtest.PG:
                p = d.cli("migrate", "--to", "postgresql://x@127.0.0.1:1/x",
                          check=False, json_out=False)
                self.assertEqual(p.returncode, 1)
                self.assertIn("already runs", p.stderr)
        finally:
            d.cleanup()


@unittest.skipUnless(qhtest.PG, "needs the test PostgreSQL cluster")
class Lease(unittest.TestCase):

    def test_second_daemon_on_one_database_is_refused_until_the_first_stops(self):
        first = qhtest.Daemon().start()
        second = qhtest.Daemon()
        # The second folder names the first's database.
        qhtest._pg_urls[os.path.realpath(second.data)] = \
            qhtest.store_url(first.data)
        try:
            self.assertEqual(first.cli("take", "A")["ticket"]["number"],
                             "A001")
            second.start(wait=False)
            second.proc.wait(30)
            self.assertEqual(second.proc.returncode, 1)
            with open(second.log) as f:
                log = f.read()
            self.assertIn("another qhalld serves the hall", log)
            # The first is not disturbed.
            self.assertEqual(first.cli("take", "A")["ticket"]["number"],
                             "A002")
            # A kill -9 frees the lease with the connection: the second
            # serves, and numbers on without reuse.
            first.kill9()
            shutil.copy(os.path.join(first.data, "qhall.anchor"),
                        second.data)
            shutil.copy(os.path.join(first.data, "qhall.key"), second.data)
            qhtest.eventually(lambda: second.start(), timeout=20)
            self.assertEqual(second.cli("take", "A")["ticket"]["number"],
                             "A003")
            self.assertTrue(second.cli("verify")["ok"])
        finally:
            qhtest._pg_urls.pop(os.path.realpath(second.data), None)
            second.cleanup()
            first.cleanup()

    def test_store_from_the_config_file(self):
        url = qhtest.pgcluster.new_database()
        data = tempfile.mkdtemp(prefix="qhall-test-")
        with open(os.path.join(data, "qhall.conf"), "w") as f:
            f.write("[daemon]\nstore = %s\n" % url)
        d = qhtest.Daemon(data=data)
        # Started without --store: the config names the database.
        qhtest._pg_urls[os.path.realpath(data)] = None
        try:
            d.proc = subprocess.Popen([qhtest.QHALLD, "--data", data],
                                      stdout=open(d.log, "ab"),
                                      stderr=subprocess.STDOUT)
            d.wait_ready()
            self.assertEqual(d.cli("take", "B")["ticket"]["number"], "B001")
            self.assertFalse(os.path.exists(os.path.join(data, "qhall.db")))
            rows = qhtest.pgcluster.query(url, "SELECT number FROM ticket")
            self.assertEqual(rows, [("B001",)])
        finally:
            qhtest._pg_urls.pop(os.path.realpath(data), None)
            d.stop()
            shutil.rmtree(data, ignore_errors=True)
            qhtest.pgcluster.drop_database_later(url)


@unittest.skipUnless(qhtest.PG, "needs the test PostgreSQL cluster")
class Migrate(unittest.TestCase):

    def make_sqlite_hall(self, data):
        """A SQLite hall with some of everything: tickets in every state,
        a window at work, staff, a device, a service and its rating."""
        p = subprocess.Popen([qhtest.QHALLD, "--data", data],
                             stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
        d = qhtest.Daemon(data=data)
        d.proc = p
        d.wait_ready()
        for q in "AAABBC":
            d.cli("take", q)
        d.cli("take", "A", "--priority")
        done = d.cli("call", "1")["ticket"]["number"]
        d.cli("finish", "1")
        d.cli("call", "1")
        d.cli("skip", "1")
        d.cli("call", "2")
        d.cli("pause", "4", "--reason", "午休")
        d.cli("device", "add", "kiosk-1", "--role", "kiosk")
        p2 = subprocess.run([qhtest.QHALL, "--data", data, "staff", "add",
                             "1001", "--name", "张三"],
                            env=dict(os.environ, QHALL_PIN="864213"),
                            capture_output=True, text=True)
        self.assertEqual(p2.returncode, 0, p2.stderr)
        first = d.cli("ticket", done)["ticket"]
        d.cli("rate", done, "2", "--reason", "办事效率", "--channel",
              "paper")
        status = d.cli("status")
        d.stop()
        return first, status

    def test_migrate_copies_the_whole_history_and_the_hall_goes_on(self):
        data = tempfile.mkdtemp(prefix="qhall-test-")
        url = qhtest.pgcluster.new_database()
        d = None
        try:
            first, status = self.make_sqlite_hall(data)
            p = subprocess.run([qhtest.QHALL, "--data", data, "migrate",
                                "--to", url], capture_output=True, text=True,
                               timeout=120)
            self.assertEqual(p.returncode, 0, p.stderr)
            self.assertIn("7 tickets", p.stdout)
            self.assertIn("checked", p.stdout)
            # Every event and its hash, as they were.
            db = sqlite3.connect(os.path.join(data, "qhall.db"))
            src = db.execute(
                "SELECT seq, body, hash FROM event ORDER BY seq").fetchall()
            db.close()
            dst = qhtest.pgcluster.query(
                url, "SELECT seq, body, hash FROM event ORDER BY seq")
            self.assertEqual(src, dst)
            self.assertGreater(len(dst), 10)
            # The old file refuses to serve: numbers would be issued twice.
            p = run_qhalld("--data", data)
            self.assertEqual(p.returncode, 1)
            self.assertIn("moved to", p.stderr)
            # Migrating again into the now full database is refused.
            p = subprocess.run([qhtest.QHALL, "--data", data, "migrate",
                                "--to", url], capture_output=True, text=True,
                               timeout=120)
            self.assertEqual(p.returncode, 1)
            # The hall on PostgreSQL: same anchor, same state, numbers on.
            qhtest._pg_urls[os.path.realpath(data)] = url
            d = qhtest.Daemon(data=data).start()
            v = d.cli("verify")
            self.assertTrue(v["ok"], v)
            self.assertEqual(v["events"], len(src))
            again = d.cli("ticket", first["number"])["ticket"]
            for k in ("number", "state", "queue", "window", "taken_at",
                      "finished_at"):
                self.assertEqual(again.get(k), first.get(k), k)
            after = d.cli("status")

            def shape(st):
                return ([(q.get("queue"), q.get("waiting"))
                         for q in st["queues"]],
                        [(w["window"], w.get("state"), w.get("ticket"))
                         for w in st["windows"]])
            self.assertEqual(shape(after), shape(status))
            self.assertEqual(d.cli("take", "A")["ticket"]["number"], "A005")
            self.assertEqual(d.cli("take", "C")["ticket"]["number"], "C002")
            # The staff member logs in with the PIN made on SQLite.
            p = subprocess.run([qhtest.QHALL, "--data", data, "login", "3",
                                "--staff", "1001"],
                               env=dict(os.environ, QHALL_PIN="864213"),
                               capture_output=True, text=True)
            self.assertEqual(p.returncode, 0, p.stderr)
        finally:
            if d:
                d.stop()
            qhtest._pg_urls.pop(os.path.realpath(data), None)
            shutil.rmtree(data, ignore_errors=True)
            qhtest.pgcluster.drop_database_later(url)


if __name__ == "__main__":
    qhtest.main()
