"""Fair turns: a client streaming cheap requests with large answers (the
catalog: 17 bytes asked, 41 KB answered) cannot hold the other clients
back. What is checked is the daemon's order of work, never a time: where a
good client's change falls in the hostile client's own stream, and the
most requests the daemon ran for one client in a turn (its stop line)."""

import re
import socket
import threading

import qhtest

CATALOG = b'{"op":"catalog"}\n'


def stop_line_of(d):
    """The daemon's last words: requests, commits, the most of one client
    in a turn, the clients the output budget dropped."""
    with open(d.log) as f:
        lines = [l for l in f if "requests in" in l]
    m = re.search(r"(\d+) requests in (\d+) commits; at most (\d+) of one "
                  r"client in a turn; (\d+) clients dropped", lines[-1])
    return tuple(int(x) for x in m.groups())


def read_stream(c, want_replies, timeout=30.0):
    """Read c's lines until want_replies catalog replies came; returns how
    many came before the first "notice" event, and how many in all."""
    c.s.settimeout(timeout)
    before, replies, buf = None, 0, b""
    while replies < want_replies:
        chunk = c.s.recv(1 << 20)
        if not chunk:
            raise ConnectionError("the daemon hung up on the streamer "
                                  "after %d replies" % replies)
        buf += chunk
        *lines, buf = buf.split(b"\n")
        for line in lines:
            if line.startswith(b'{"event"') or b'"event":' in line[:40]:
                if before is None and b'"notice"' in line:
                    before = replies
            elif b'"ok":true' in line[:40] or b'"result"' in line:
                replies += 1
            else:
                raise AssertionError("unexpected line: %r" % line[:200])
    return before, replies


class StoppedTest(qhtest.DaemonTest):
    """A test that stops the daemon itself, to read its stop line."""

    def stop_daemon(self):
        self.assertEqual(self.d.stop(), 0, "qhalld stopped cleanly")
        self.d.start()  # for tearDown, which wants it alive
        return stop_line_of(self.d)


class FairTurns(StoppedTest):
    daemon_config = "[daemon]\nturn_requests = 16\nturn_reply_kib = 32\n"

    def test_catalog_streamer_that_never_reads_waits_and_the_hall_goes_on(self):
        """2,000 catalog requests pipelined by a display that reads nothing:
        the daemon runs a few (until 256 KiB wait unread), then reads no
        more of it; an admin's notice is committed and answered at once,
        and in the streamer's own stream the notice's event comes after
        only those few replies. Once it reads, every reply comes, in
        order, and the streamer is never dropped."""
        n = 2000
        hostile = self.d.client(role="display", device="streamer")
        hostile.call("subscribe")
        hostile.send_raw(CATALOG * n)
        admin = self.d.client(role="admin", device="good")
        # A change whose event lands in the streamer's stream: the event
        # goes out with the turn that committed it.
        admin.call("notice", text="请到2号窗口")
        kiosk = self.d.client(role="kiosk", device="good-kiosk")
        self.assertTrue(kiosk.call("take", queue="A")["ticket"]["number"])
        before, replies = read_stream(hostile, n)
        self.assertEqual(replies, n, "every catalog request is answered")
        self.assertIsNotNone(before, "the notice's event reached the streamer")
        # 256 KiB of pause + what the socket holds + one turn's reply:
        # about a dozen 41 KB replies, far below the 2,000 asked.
        self.assertLessEqual(before, 40,
                             "%d catalog replies ran before the notice" % before)
        hostile.close()
        admin.close()
        kiosk.close()
        requests, commits, most, shed = self.stop_daemon()
        self.assertGreaterEqual(requests, n + 2)
        self.assertEqual(shed, 0)

    def test_streamer_that_reads_gets_a_bounded_share_of_each_turn(self):
        """A display pipelines catalog and status requests as fast as it
        reads the replies. The daemon never runs more than turn_requests of
        its requests in one turn, nor a second catalog after the first (32
        KiB of reply), and a kiosk's takes among them all complete."""
        hostile = self.d.client(role="display", device="streamer")
        status = b'{"op":"status"}\n'
        burst = (CATALOG + status * 40) * 25  # 1,025 requests, 25 catalogs
        rounds = 4
        result = {}

        def stream():
            try:
                for _ in range(rounds):
                    hostile.send_raw(burst)
                    result.setdefault("counts", []).append(
                        read_stream(hostile, burst.count(b"\n"))[1])
            except Exception as e:  # reported by the main thread
                result["error"] = e

        t = threading.Thread(target=stream)
        t.start()
        kiosk = self.d.client(role="kiosk", device="good-kiosk")
        numbers = [kiosk.call("take", queue="AB"[i % 2])["ticket"]["number"]
                   for i in range(20)]
        # A guard against a hang, not a speed limit: on PostgreSQL each
        # of the 4,100 status requests is a few round trips to the server.
        t.join(180 if qhtest.PG else 60)
        self.assertFalse(t.is_alive(), "the streamer got all its replies")
        self.assertNotIn("error", result, result.get("error"))
        self.assertEqual(result["counts"], [burst.count(b"\n")] * rounds)
        self.assertEqual(len(set(numbers)), 20)
        hostile.close()
        kiosk.close()
        requests, commits, most, shed = self.stop_daemon()
        self.assertGreaterEqual(requests, rounds * burst.count(b"\n") + 20)
        self.assertLessEqual(most, 16, "a client ran %d requests in one turn"
                             % most)
        # More turns than the streamer's requests could have had at 16 a
        # turn: the kiosk's takes each committed in a turn of their own.
        self.assertGreaterEqual(commits, rounds * burst.count(b"\n") // 16)


class CatalogRepliesCountForMore(StoppedTest):
    # The test catalog's reply is about 30 KB.
    daemon_config = "[daemon]\nturn_requests = 1000\nturn_reply_kib = 16\n"

    def test_a_large_reply_ends_the_clients_turn(self):
        """With turn_requests high, the reply budget alone bounds a turn:
        pipelined catalogs, read as they come, run one a turn (a hello
        is no request of a turn)."""
        hostile = self.d.client(role="display", device="streamer")
        hostile.send_raw(CATALOG * 300)
        self.assertEqual(read_stream(hostile, 300)[1], 300)
        hostile.close()
        requests, commits, most, shed = self.stop_daemon()
        self.assertEqual(most, 1, "catalog replies of one turn: %d" % most)
        self.assertGreaterEqual(commits, 300)


if __name__ == "__main__":
    qhtest.main()
