"""Crowds of strangers cannot lock the hall out: a peer that trickles
bytes without ever saying hello is cut at the hello deadline counted from
its connect, connections without hello have a budget of their own (the
next stranger is told "busy"), and the daemon's own user on the Unix
socket still gets in. Loopback only, bounded in count and time.

Run as: python3 test_crowds.py BIN_DIR"""

import json
import socket
import time
import unittest

import qhtest


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Crowds(unittest.TestCase):

    def setUp(self):
        self.port = free_port()
        self.d = qhtest.Daemon(
            args=["--listen", "tcp:127.0.0.1:%d" % self.port],
            config="[daemon]\nmax_clients = 64\n").start()
        self.socks = []

    def tearDown(self):
        for s in self.socks:
            s.close()
        self.d.cleanup()

    def tcp(self, source="127.0.0.1"):
        s = socket.create_connection(("127.0.0.1", self.port), timeout=5,
                                     source_address=(source, 0))
        self.socks.append(s)
        return s

    def refusal(self, s):
        """The one line a refused peer is told, as JSON."""
        s.settimeout(5)
        data = b""
        try:
            while not data.endswith(b"\n"):
                chunk = s.recv(4096)
                if not chunk:
                    break
                data += chunk
        except ConnectionResetError:
            pass
        self.assertTrue(data, "a refused peer got no answer")
        return json.loads(data.split(b"\n")[0])

    def test_trickling_bytes_does_not_extend_the_hello_deadline(self):
        s = self.tcp()
        start = time.monotonic()
        closed_at = None
        while time.monotonic() - start < 20:
            try:
                s.send(b" ")
                s.settimeout(2)
                if s.recv(4096) == b"":
                    closed_at = time.monotonic() - start
                    break
            except socket.timeout:
                continue
            except (BrokenPipeError, ConnectionResetError):
                closed_at = time.monotonic() - start
                break
        self.assertIsNotNone(closed_at, "a trickling peer was never cut")
        self.assertLess(closed_at, 16)

    def test_strangers_without_hello_have_a_budget_and_the_admin_gets_in(self):
        # max_clients 64: eight may wait without hello at once, from four
        # addresses (no peer may hold more than half of them).
        waiting = [self.tcp("127.0.0.%d" % (1 + i % 4)) for i in range(8)]
        time.sleep(0.3)
        m = self.refusal(self.tcp("127.0.0.5"))
        self.assertEqual(m["error"]["code"], "busy")
        self.assertIn("hello", m["error"]["message"])
        self.assertNotIn("one peer", m["error"]["message"])
        # The hall's own operator is not one of the crowd.
        self.assertIn("queues", self.d.cli("status"))
        # A client that says hello is not held up by the crowd either.
        for s in waiting:
            s.close()
        self.socks = []
        time.sleep(0.3)
        c = qhtest.Client(tcp=("127.0.0.1", self.port), hello=False)
        r = c.request("hello", version=1)
        self.assertEqual(r["error"]["code"], "unauthorized")
        c.close()


    def test_one_peer_holds_half_the_hello_budget_at_most(self):
        # Four of the eight from one address; the fifth is refused, and
        # another address still gets in.
        for _ in range(4):
            self.tcp("127.0.0.1")
        time.sleep(0.3)
        m = self.refusal(self.tcp("127.0.0.1"))
        self.assertEqual(m["error"]["code"], "busy")
        self.assertIn("one peer", m["error"]["message"])
        other = socket.create_connection(("127.0.0.1", self.port), timeout=5,
                                         source_address=("127.0.0.2", 0))
        self.socks.append(other)
        other.sendall(b'{"op":"hello","id":1,"version":1}\n')
        m = self.refusal(other)
        self.assertEqual(m["error"]["code"], "unauthorized")
        self.assertIn("refusing 127.0.0.1", open(self.d.log).read())


if __name__ == "__main__":
    qhtest.main()
