"""Helpers for integration tests: a real qhalld on a temporary data folder,
talked to over its real socket. Each test file is a plain unittest module
run by ctest as: python3 FILE BIN_DIR.

ctest runs each file twice: on the SQLite file (QHALL_TEST_STORE=sqlite,
the default) and on PostgreSQL (QHALL_TEST_STORE=pg, QHALL_TEST_PG naming
the run's private cluster, pgcluster.py): there each data folder's hall
lives in a fresh database of its own."""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import unittest

BIN = os.environ.get("QHALL_BIN") or (sys.argv.pop(1) if len(sys.argv) > 1 and
                                       os.path.isdir(sys.argv[1]) else "build/bin")
QHALLD = os.path.join(BIN, "qhalld")
QHALL = os.path.join(BIN, "qhall")
STORE = os.environ.get("QHALL_TEST_STORE", "sqlite")
PG = STORE == "pg"
if PG:
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import pgcluster

# Each data folder's PostgreSQL database, made on its first start: a
# daemon restarted on the folder finds its hall again.
_pg_urls = {}


def store_url(data):
    """The hall's database URL for a data folder (PostgreSQL runs only)."""
    key = os.path.realpath(data)
    if key not in _pg_urls:
        _pg_urls[key] = pgcluster.new_database()
    return _pg_urls[key]


def store_query(data, sql):
    """Rows of a statement on the data folder's hall, on either store, as
    tuples of int, str, bytes or None. A change is committed."""
    if PG:
        return pgcluster.query(store_url(data), sql)
    import sqlite3
    db = sqlite3.connect(os.path.join(data, "qhall.db"), timeout=10)
    try:
        rows = db.execute(sql).fetchall()
        db.commit()
        return rows
    finally:
        db.close()


def store_dump(data):
    """All the hall's stored bytes: the SQLite file and its -wal, or what
    pg_dump writes of its database. For "this is nowhere on disk"."""
    if PG:
        return pgcluster.dump(store_url(data))
    out = b""
    for name in sorted(os.listdir(data)):
        if name.startswith("qhall.db"):
            with open(os.path.join(data, name), "rb") as f:
                out += f.read()
    return out


def sqlite_only(why="the SQLite file itself"):
    """Skip a test on the PostgreSQL run: it is about what only SQLite has."""
    return unittest.skipIf(PG, "PostgreSQL store: this is about " + why)


CATALOG = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                       "assets", "catalog.json")


class Daemon:
    """A qhalld process on its own data folder; stopped by PID."""

    def __init__(self, data=None, args=(), config=None, env=None):
        self.data = data or tempfile.mkdtemp(prefix="qhall-test-")
        self.owns_data = data is None
        self.args = list(args)
        self.env = dict(os.environ, **(env or {}))
        if config is not None:
            with open(os.path.join(self.data, "qhall.conf"), "w") as f:
                f.write(config)
        self.proc = None
        self.sock = os.path.join(self.data, "qhalld.sock")
        self.log = os.path.join(self.data, "qhalld.log")

    def start(self, wait=True):
        logf = open(self.log, "ab")
        store = ["--store", store_url(self.data)] if PG else []
        self.proc = subprocess.Popen([QHALLD, "--data", self.data] + store +
                                     self.args,
                                     stdout=logf, stderr=logf, env=self.env)
        logf.close()
        if wait:
            self.wait_ready()
        return self

    def wait_ready(self, timeout=10.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                with open(self.log) as f:
                    raise RuntimeError("qhalld exited %d: %s" % (
                        self.proc.returncode, f.read()[-2000:]))
            try:
                c = Client(self.sock)
                c.close()
                return
            except OSError:
                time.sleep(0.02)
        raise RuntimeError("qhalld did not come up")

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def kill9(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)

    def stop(self):
        if self.alive():
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return self.proc.returncode if self.proc else None

    def cleanup(self):
        self.stop()
        if self.owns_data:
            if PG and os.path.realpath(self.data) in _pg_urls:
                pgcluster.drop_database_later(
                    _pg_urls.pop(os.path.realpath(self.data)))
            shutil.rmtree(self.data, ignore_errors=True)

    def client(self, **hello):
        return Client(self.sock, **hello)

    def cli(self, *args, check=True, json_out=True, input=None, timeout=20):
        cmd = [QHALL, "--data", self.data] + (["--json"] if json_out else []) + list(args)
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout,
                           input=input)
        if check and p.returncode != 0:
            raise AssertionError("%s failed (%d): %s" % (" ".join(args), p.returncode,
                                                          p.stderr))
        if json_out and p.returncode == 0 and p.stdout.strip():
            return json.loads(p.stdout)
        return p


class ReplyError(Exception):
    def __init__(self, code, message):
        super().__init__("%s: %s" % (code, message))
        self.code = code
        self.message = message


class Client:
    """A raw protocol client: JSON lines over a Unix or TCP socket."""

    def __init__(self, path=None, tcp=None, hello=True, timeout=10.0, **fields):
        if tcp:
            self.s = socket.create_connection(tcp, timeout=timeout)
        else:
            self.s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            self.s.settimeout(timeout)
            try:
                self.s.connect(path)
            except OSError:
                self.s.close()
                raise
        self.buf = b""
        self.next_id = 0
        self.events = []
        if hello:
            f = {"version": 1}
            f.update(fields)
            try:
                self.welcome = self.call("hello", **f)
            except Exception:
                self.s.close()
                raise

    def close(self):
        self.s.close()

    def send_raw(self, data):
        self.s.sendall(data)

    def read_msg(self):
        while b"\n" not in self.buf:
            chunk = self.s.recv(65536)
            if not chunk:
                raise ConnectionError("daemon closed the connection")
            self.buf += chunk
        line, self.buf = self.buf.split(b"\n", 1)
        return json.loads(line)

    def reply(self, rid=None):
        while True:
            m = self.read_msg()
            if "event" in m:
                self.events.append(m)
                continue
            if rid is None or m.get("id") == rid:
                return m

    def request(self, op, **fields):
        self.next_id += 1
        msg = dict(fields, id=self.next_id, op=op)
        self.s.sendall(json.dumps(msg).encode() + b"\n")
        return self.reply(self.next_id)

    def call(self, op, **fields):
        m = self.request(op, **fields)
        if not m.get("ok"):
            raise ReplyError(m["error"]["code"], m["error"]["message"])
        return m["result"]

    def event(self):
        if self.events:
            return self.events.pop(0)
        while True:
            m = self.read_msg()
            if "event" in m:
                return m


class DaemonTest(unittest.TestCase):
    """A fresh daemon per test."""

    daemon_args = ()
    daemon_config = None
    # With --test-clock: the time the daemon starts at. The business day
    # never goes back, so a test that lives in another day starts there.
    test_clock_ms = None

    def setUp(self):
        self.d = Daemon(args=self.daemon_args, config=self.daemon_config)
        if self.test_clock_ms is not None:
            with open(os.path.join(self.d.data, "test-clock"), "w") as f:
                f.write("%d\n" % self.test_clock_ms)
        self.d.start()

    def tearDown(self):
        alive = self.d.alive()
        log = ""
        if os.path.exists(self.d.log):
            with open(self.d.log) as f:
                log = f.read()
        self.d.cleanup()
        if not alive:
            self.fail("qhalld died during the test:\n" + log[-3000:])
        for bad in ("AddressSanitizer", "runtime error:", "LeakSanitizer"):
            self.assertNotIn(bad, log, "sanitizer report in qhalld's log")


def eventually(fn, timeout=10.0):
    """Retry fn until it stops raising: for what the daemon learns a moment
    later (a peer's close, say)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return fn()
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def main():
    unittest.main(verbosity=2)
