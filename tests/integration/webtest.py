"""Helpers for the web face's tests: a qhalld serving HTTP on a free
loopback port, raw HTTP requests, and a Server-Sent Events reader."""

import http.client
import json
import socket
import time

import qhtest


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class WebTest(qhtest.DaemonTest):
    """A fresh daemon per test, serving HTTP on 127.0.0.1:PORT."""

    http_config = ""

    def setUp(self):
        self.port = free_port()
        self.daemon_args = ("--http", "127.0.0.1:%d" % self.port)
        self.daemon_config = self.http_config or None
        super().setUp()
        self.base = "http://127.0.0.1:%d" % self.port

    def get(self, path, headers=None, method="GET", body=None):
        """(status, headers dict with lower-case names, body bytes)."""
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        c.request(method, path, body=body, headers=headers or {})
        r = c.getresponse()
        data = r.read()
        h = {k.lower(): v for k, v in r.getheaders()}
        c.close()
        return r.status, h, data

    def raw(self, data, timeout=10):
        """Send raw bytes; the status line's code (or None on a hang-up)."""
        s = socket.create_connection(("127.0.0.1", self.port), timeout=timeout)
        try:
            s.sendall(data)
        except OSError:
            pass
        try:
            line = s.recv(4096).split(b"\r\n", 1)[0]
        except OSError:
            line = b""
        s.close()
        return int(line.split()[1]) if line.startswith(b"HTTP/1.1 ") else None

    def take(self, queue="A", **kw):
        return self.d.cli("take", queue, *sum(
            (["--" + k, v] for k, v in kw.items()), []))["ticket"]

    def device(self, name, role, window=None):
        args = ["device", "add", name, "--role", role]
        if window:
            args += ["--window", str(window)]
        return self.d.cli(*args)["token"]


class Stream:
    """An SSE subscriber over a raw socket: (event, data) messages."""

    def __init__(self, port, path, headers=None, rcvbuf=None):
        self.s = socket.socket()
        if rcvbuf:
            self.s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
        self.s.settimeout(10)
        self.s.connect(("127.0.0.1", port))
        extra = "".join("%s: %s\r\n" % kv for kv in (headers or {}).items())
        self.s.sendall(("GET %s HTTP/1.1\r\nHost: x\r\n%s\r\n" %
                        (path, extra)).encode())
        self.buf = b""
        head = self._until(b"\r\n\r\n")
        self.status = int(head.split()[1])
        self.chunked = b"chunked" in head.lower()

    def _until(self, sep):
        while sep not in self.buf:
            d = self.s.recv(65536)
            if not d:
                raise ConnectionError("closed")
            self.buf += d
        out, self.buf = self.buf.split(sep, 1)
        return out

    def _text(self):
        """The body so far, chunk framing removed."""
        size = int(self._until(b"\r\n"), 16)
        while len(self.buf) < size + 2:
            d = self.s.recv(65536)
            if not d:
                raise ConnectionError("closed")
            self.buf += d
        data, self.buf = self.buf[:size], self.buf[size + 2:]
        return data

    def messages(self, timeout=10):
        """Yield (event, data) as they come."""
        pending = b""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            pending += self._text()
            while b"\n\n" in pending:
                msg, pending = pending.split(b"\n\n", 1)
                ev, data = "message", None
                for line in msg.decode().split("\n"):
                    if line.startswith("event: "):
                        ev = line[7:]
                    elif line.startswith("data: "):
                        data = line[6:]
                if data is not None:
                    yield ev, json.loads(data)

    def next(self, event, pred=lambda d: True, timeout=10):
        for ev, data in self.messages(timeout):
            if ev == event and pred(data):
                return data
        raise AssertionError("no %s event in %ss" % (event, timeout))

    def close(self):
        self.s.close()
