"""A private PostgreSQL 15 cluster for the tests: made in a temporary folder,
run by the unprivileged user postgres, listening on 127.0.0.1 at a free port
and on a Unix socket in its folder. ctest starts one for the whole run
(python3 pgcluster.py start STATE) and stops it at the end (stop STATE);
STATE is a small file that says where the cluster is. Each test takes a
fresh database cloned from the template qhall_template (new_database()).

Run directly, it also serves a person: `start STATE` prints the URL base."""

import atexit
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid

PG_BIN = os.environ.get("QHALL_PG_BIN", "/usr/lib/postgresql/15/bin")
USER = "postgres"
ROLE = "qhall"
TEMPLATE = "qhall_template"


def _free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def _as_postgres(args, **kw):
    """Run a PostgreSQL program as the cluster's owner (we may be root)."""
    if os.getuid() == 0:
        args = ["runuser", "-u", USER, "--"] + args
    return subprocess.run(args, capture_output=True, text=True, **kw)


NULL = "\x1dNULL"


def _psql(state, sql, db="postgres"):
    p = subprocess.run([os.path.join(PG_BIN, "psql"), "-X", "-q", "-A", "-t",
                        "-F", "\x1f", "-R", "\x1e", "-P", "null=" + NULL,
                        "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1",
                        "-p", str(state["port"]), "-U", ROLE, "-d", db,
                        "-c", sql], capture_output=True, text=True, timeout=60)
    if p.returncode != 0:
        raise RuntimeError("psql %r: %s" % (sql, p.stderr.strip()))
    return p.stdout.rstrip("\n")


def read_state(path=None):
    path = path or os.environ.get("QHALL_TEST_PG")
    if not path or not os.path.exists(path):
        raise RuntimeError("no test PostgreSQL cluster (QHALL_TEST_PG=%r): "
                           "ctest starts it as the fixture pg_cluster_start"
                           % path)
    state = {}
    with open(path) as f:
        for line in f:
            k, _, v = line.strip().partition("=")
            state[k] = v
    state["port"] = int(state["port"])
    return state


def url(state, db):
    return "postgresql://%s@127.0.0.1:%d/%s" % (ROLE, state["port"], db)


def new_database(state=None):
    """A fresh, empty hall database cloned from the template: its URL."""
    state = state or read_state()
    name = "qh_" + uuid.uuid4().hex[:16]
    _psql(state, 'CREATE DATABASE %s TEMPLATE %s' % (name, TEMPLATE))
    return url(state, name)


def drop_database(db_url, state=None):
    state = state or read_state()
    name = db_url.rsplit("/", 1)[1]
    _psql(state, "DROP DATABASE IF EXISTS %s WITH (FORCE)" % name)


_dropping = []


@atexit.register
def _wait_drops():
    for p in _dropping:
        p.wait()


def drop_database_later(db_url, state=None):
    """Drop it without waiting for it now (a drop takes a checkpoint's
    time); the test process waits for its drops as it exits."""
    state = state or read_state()
    name = db_url.rsplit("/", 1)[1]
    _dropping[:] = [p for p in _dropping if p.poll() is None]
    _dropping.append(subprocess.Popen([os.path.join(PG_BIN, "psql"), "-X", "-q", "-h",
                      "127.0.0.1", "-p", str(state["port"]), "-U", ROLE,
                      "-d", "postgres", "-c",
                      "DROP DATABASE IF EXISTS %s WITH (FORCE)" % name],
                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))


def _value(v):
    if v == NULL:
        return None
    if v.startswith("\\x"):
        return bytes.fromhex(v[2:])
    if v.lstrip("-").isdigit() and len(v) < 20:
        return int(v)
    return v


def query(db_url, sql, state=None):
    """Rows of a query as tuples of Python values, as sqlite3 gives them:
    int, str, bytes (from bytea) or None."""
    state = state or read_state()
    out = _psql(state, sql, db=db_url.rsplit("/", 1)[1])
    return [tuple(_value(v) for v in rec.split("\x1f"))
            for rec in out.split("\x1e") if rec != ""]


def dump(db_url, state=None):
    """Everything the database holds, as pg_dump writes it (bytes)."""
    state = state or read_state()
    p = subprocess.run([os.path.join(PG_BIN, "pg_dump"), "-h", "127.0.0.1",
                        "-p", str(state["port"]), "-U", ROLE,
                        db_url.rsplit("/", 1)[1]], capture_output=True,
                       timeout=60)
    if p.returncode != 0:
        raise RuntimeError("pg_dump: %s" % p.stderr.decode())
    return p.stdout


def start(state_path):
    folder = tempfile.mkdtemp(prefix="qhall-pg-")
    data = os.path.join(folder, "data")
    pw = pwd.getpwnam(USER)
    os.chmod(folder, 0o755)
    os.mkdir(data, 0o700)
    if os.getuid() == 0:
        os.chown(folder, pw.pw_uid, pw.pw_gid)
        os.chown(data, pw.pw_uid, pw.pw_gid)
    p = _as_postgres([os.path.join(PG_BIN, "initdb"), "-D", data, "-A",
                      "trust", "-U", ROLE, "--no-sync", "-E", "UTF8",
                      "--locale=C"])
    if p.returncode != 0:
        raise SystemExit("initdb failed: %s" % p.stderr)
    for attempt in range(5):
        port = _free_port()
        opts = ("-p %d -k %s -c listen_addresses=127.0.0.1 "
                "-c max_connections=300 -c synchronous_commit=on "
                "-c fsync=on" % (port, folder))
        p = _as_postgres([os.path.join(PG_BIN, "pg_ctl"), "-D", data, "-o",
                          opts, "-l", os.path.join(folder, "log"), "-w",
                          "-t", "60", "start"])
        if p.returncode == 0:
            break
    else:
        raise SystemExit("pg_ctl start failed: %s" % p.stderr)
    with open(state_path + ".tmp", "w") as f:
        f.write("folder=%s\nport=%d\n" % (folder, port))
    os.rename(state_path + ".tmp", state_path)
    state = read_state(state_path)
    _psql(state, "CREATE DATABASE %s" % TEMPLATE)
    _psql(state, "ALTER DATABASE %s IS_TEMPLATE true" % TEMPLATE)
    print(url(state, "NAME"))


def stop(state_path):
    if not os.path.exists(state_path):
        return
    state = read_state(state_path)
    folder = state["folder"]
    _as_postgres([os.path.join(PG_BIN, "pg_ctl"), "-D",
                  os.path.join(folder, "data"), "-m", "fast", "-w", "stop"])
    shutil.rmtree(folder, ignore_errors=True)
    os.unlink(state_path)


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("start", "stop"):
        raise SystemExit("usage: pgcluster.py start|stop STATE")
    if sys.argv[1] == "start":
        stop(sys.argv[2])  # a cluster left by a run that was killed
        start(sys.argv[2])
    else:
        stop(sys.argv[2])
