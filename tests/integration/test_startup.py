"""Starting and stopping qhalld: what an operator meets on a bad day gets a
clear message and a non-zero exit, never a crash."""

import os
import shutil
import signal
import sqlite3
import subprocess
import tempfile
import unittest

import qhtest


def run_qhalld(*args, timeout=10):
    return subprocess.run([qhtest.QHALLD] + list(args), capture_output=True,
                          text=True, timeout=timeout)


class Startup(unittest.TestCase):

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="qhall-start-")

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def assertRefused(self, p, *needles):
        self.assertNotEqual(p.returncode, 0)
        self.assertGreater(p.returncode, 0, "killed by a signal: %d" % p.returncode)
        for n in needles:
            self.assertIn(n, p.stderr)
        for bad in ("AddressSanitizer", "runtime error:", "Segmentation"):
            self.assertNotIn(bad, p.stderr)

    def test_missing_data_folder_is_refused(self):
        p = run_qhalld("--data", os.path.join(self.dir, "nope"))
        self.assertRefused(p, "data folder", "nope")

    def test_data_folder_that_is_a_file_is_refused(self):
        f = os.path.join(self.dir, "file")
        open(f, "w").close()
        self.assertRefused(run_qhalld("--data", f), "not a folder")

    def test_unwritable_data_folder_is_refused(self):
        # Root ignores permissions, so use a read-only bind of the folder:
        # a folder below a file cannot be created or written to either way.
        p = run_qhalld("--data", "/proc/self")
        self.assertRefused(p, "/proc/self")

    def test_corrupt_config_is_refused_with_its_line(self):
        with open(os.path.join(self.dir, "qhall.conf"), "w") as f:
            f.write("[daemon]\nmax_clients = many\n")
        self.assertRefused(run_qhalld("--data", self.dir), "qhall.conf line 2",
                           "max_clients")

    def test_check_config_says_what_is_wrong_and_touches_nothing(self):
        conf = os.path.join(self.dir, "hall.conf")
        with open(conf, "w") as f:
            f.write("[hall]\nrejoin_places = 3\n[daemon]\nmax_batch = 0\n")
        p = run_qhalld("--check-config", "--data", self.dir, "--config", conf)
        self.assertRefused(p, "hall.conf line 4", "max_batch")
        with open(conf, "w") as f:
            f.write("[hall]\nrejoin_places = 3\n")
        cat = os.path.join(self.dir, "catalog.json")
        with open(cat, "w") as f:
            f.write('{"queues": [\n  {"prefix": "a"}\n]}\n')
        p = run_qhalld("--check-config", "--data", self.dir, "--config", conf)
        self.assertRefused(p, cat, "queue #1")
        with open(cat, "w") as f:
            f.write('{"queues": [,]}\n')
        p = run_qhalld("--check-config", "--data", self.dir, "--config", conf)
        self.assertRefused(p, cat, "line 1")
        os.remove(cat)
        p = run_qhalld("--check-config", "--data", self.dir, "--config", conf)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("good", p.stdout)
        # A check opens no database and no socket: safe beside a daemon.
        self.assertEqual(sorted(os.listdir(self.dir)), ["hall.conf"])

    @qhtest.sqlite_only("the file's permissions")
    def test_an_open_data_folder_is_closed_up_at_start(self):
        os.chmod(self.dir, 0o755)
        d = qhtest.Daemon(data=self.dir).start()
        try:
            d.cli("take", "A")
            old = os.path.join(self.dir, "qhall.db")
        finally:
            d.stop()
        os.chmod(old, 0o644)  # as a daemon before this check left it
        os.chmod(self.dir, 0o777)
        d = qhtest.Daemon(data=self.dir).start()
        try:
            self.assertEqual(d.cli("take", "A")["ticket"]["number"], "A002")
            self.assertEqual(os.stat(self.dir).st_mode & 0o777, 0o711)
            for name in ("qhall.db", "qhall.db-wal", "qhall.db-shm"):
                path = os.path.join(self.dir, name)
                if os.path.exists(path):
                    self.assertEqual(os.stat(path).st_mode & 0o777, 0o600,
                                     name)
            with open(d.log) as f:
                log = f.read()
            self.assertIn("was open to other users (777): now 711", log)
            self.assertIn("qhall.db was readable by others", log)
        finally:
            d.stop()

    def test_zone_names_glibc_would_take_as_utc_are_refused(self):
        for zone in ("Asia", ".", "Asia/", "zone.tab", "Asia/../Asia/Tokyo",
                     "posixrules/x"):
            with open(os.path.join(self.dir, "qhall.conf"), "w") as f:
                f.write("[hall]\ntimezone = %s\n" % zone)
            p = run_qhalld("--check-config", "--data", self.dir)
            self.assertRefused(p, "time zone")
        with open(os.path.join(self.dir, "qhall.conf"), "w") as f:
            f.write("[hall]\ntimezone = Asia/Tokyo\n")
        p = run_qhalld("--check-config", "--data", self.dir)
        self.assertEqual(p.returncode, 0, p.stderr)

    def test_port_out_of_range_is_refused_not_wrapped(self):
        for port in ("99999", "0", "-1", "80x", "65536"):
            p = run_qhalld("--data", self.dir, "--listen",
                           "tcp:127.0.0.1:" + port)
            self.assertRefused(p, "port", port)

    def test_catalog_that_is_no_file_or_too_large_is_refused(self):
        p = run_qhalld("--check-config", "--data", self.dir,
                       "--catalog", "/dev/zero", timeout=20)
        self.assertRefused(p, "/dev/zero", "regular file")
        big = os.path.join(self.dir, "big.json")
        with open(big, "wb") as f:
            f.truncate(9 << 20)
        p = run_qhalld("--check-config", "--data", self.dir,
                       "--catalog", big)
        self.assertRefused(p, "big.json", "MiB")

    def test_unknown_time_zone_is_refused(self):
        with open(os.path.join(self.dir, "qhall.conf"), "w") as f:
            f.write("[hall]\ntimezone = Mars/Olympus\n")
        self.assertRefused(run_qhalld("--data", self.dir), "Mars/Olympus")

    def test_corrupt_catalog_is_refused(self):
        with open(os.path.join(self.dir, "catalog.json"), "w") as f:
            f.write('{"queues": [{"prefix": "A"')
        self.assertRefused(run_qhalld("--data", self.dir), "catalog.json")

    @qhtest.sqlite_only("the file's user_version")
    def test_database_from_a_newer_schema_is_refused(self):
        db = sqlite3.connect(os.path.join(self.dir, "qhall.db"))
        db.execute("PRAGMA user_version = 42")
        db.commit()
        db.close()
        self.assertRefused(run_qhalld("--data", self.dir), "schema version 42",
                           "newer")

    @qhtest.sqlite_only("a file that is not SQLite")
    def test_database_that_is_not_sqlite_is_refused(self):
        with open(os.path.join(self.dir, "qhall.db"), "wb") as f:
            f.write(b"this is not a database" * 100)
        self.assertRefused(run_qhalld("--data", self.dir), "qhall.db")

    def test_hello_names_the_halls_time_zone(self):
        with open(os.path.join(self.dir, "qhall.conf"), "w") as f:
            f.write("[hall]\ntimezone = Asia/Urumqi\n")
        d = qhtest.Daemon(data=self.dir).start()
        try:
            c = d.client(role="display")
            self.assertEqual(c.welcome["timezone"], "Asia/Urumqi")
            c.close()
        finally:
            d.stop()

    def test_bad_listen_address_is_refused(self):
        self.assertRefused(run_qhalld("--data", self.dir, "--listen", "udp:x"),
                           "tcp:HOST:PORT")

    def test_bad_usage_exits_2(self):
        self.assertEqual(run_qhalld().returncode, 2)
        self.assertEqual(run_qhalld("--data", self.dir, "extra").returncode, 2)

    def test_second_daemon_on_same_folder_is_refused(self):
        d = qhtest.Daemon(data=self.dir).start()
        try:
            p = run_qhalld("--data", self.dir)
            self.assertRefused(p, "another qhalld", str(d.proc.pid))
            # The first one still serves.
            self.assertEqual(d.cli("take", "A")["ticket"]["number"], "A001")
        finally:
            d.stop()

    def test_sigterm_and_sigint_stop_cleanly_and_state_survives(self):
        for sig in (signal.SIGTERM, signal.SIGINT):
            d = qhtest.Daemon(data=self.dir).start()
            n = d.cli("take", "A")["ticket"]["number"]
            d.proc.send_signal(sig)
            self.assertEqual(d.proc.wait(10), 0)
            self.assertFalse(os.path.exists(d.sock), "socket left behind")
        d = qhtest.Daemon(data=self.dir).start()
        try:
            self.assertEqual(d.cli("ticket", n)["ticket"]["number"], "A002")
            self.assertEqual(d.cli("take", "A")["ticket"]["number"], "A003")
        finally:
            d.stop()

    def test_stale_socket_after_kill9_is_replaced(self):
        d = qhtest.Daemon(data=self.dir).start()
        d.kill9()
        self.assertTrue(os.path.exists(d.sock))
        d.start()
        try:
            self.assertEqual(d.cli("take", "B")["ticket"]["number"], "B001")
        finally:
            d.stop()

    def test_operator_set_windows_survive_restart(self):
        d = qhtest.Daemon(data=self.dir).start()
        d.cli("window", "set", "1", "--queues", "J")
        d.stop()
        d.start()
        try:
            st = d.cli("status")
            self.assertEqual([w["queues"] for w in st["windows"] if w["window"] == 1],
                             [["J"]])
        finally:
            d.stop()


if __name__ == "__main__":
    qhtest.main()
