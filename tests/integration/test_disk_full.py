"""The data folder on a small tmpfs, filled up mid-run: takes fail with a
clear error, nothing half-written, service resumes when space returns.
Needs root (to mount the tmpfs); CI runs as root."""

import os
import sqlite3
import subprocess
import tempfile
import unittest

import qhtest


def can_mount():
    return os.geteuid() == 0


@unittest.skipUnless(can_mount(), "mounting a tmpfs needs root")
@qhtest.sqlite_only("the disk that holds the SQLite file")
class DiskFull(unittest.TestCase):

    def setUp(self):
        self.mnt = tempfile.mkdtemp(prefix="qhall-full-")
        subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", self.mnt],
                       check=True)
        self.d = qhtest.Daemon(data=self.mnt).start()

    def tearDown(self):
        self.d.stop()
        subprocess.run(["umount", self.mnt], check=False)
        os.rmdir(self.mnt)

    def fill(self):
        """Take every free block of the tmpfs."""
        path = os.path.join(self.mnt, "filler")
        fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
        try:
            for size in (65536, 512, 1):
                try:
                    while True:
                        os.write(fd, b"\0" * size)
                except OSError:
                    pass
        finally:
            os.close(fd)
        return path

    def test_takes_fail_clearly_when_full_and_resume_after(self):
        c = self.d.client(role="kiosk")
        acked = [c.call("take", queue="A")["ticket"]["number"] for _ in range(20)]
        filler = self.fill()

        errors = []
        for _ in range(300):
            r = c.request("take", queue="A")
            if r["ok"]:
                acked.append(r["result"]["ticket"]["number"])
            else:
                errors.append(r["error"])
        self.assertTrue(errors, "the disk never filled up")
        print("full disk: %d takes refused, %d acknowledged" % (len(errors), len(acked)))
        self.assertTrue(all(e["code"] == "store_failed" for e in errors), errors[:3])
        self.assertIn("full", errors[-1]["message"])
        self.assertTrue(self.d.alive())

        os.unlink(filler)
        after = qhtest.eventually(lambda: c.call("take", queue="A")["ticket"]["number"])
        acked.append(after)
        c.close()

        # Every acknowledged number is there, once; nothing half-written.
        self.assertEqual(len(acked), len(set(acked)))
        self.assertGreater(int(after[1:]), max(int(n[1:]) for n in acked[:-1]))
        self.d.stop()
        db = sqlite3.connect(os.path.join(self.mnt, "qhall.db"))
        try:
            self.assertEqual(db.execute("PRAGMA integrity_check").fetchone()[0], "ok")
            have = {n for (n,) in db.execute("SELECT number FROM ticket")}
            self.assertFalse(set(acked) - have)
        finally:
            db.close()
        self.d.start()
        admin = self.d.client()
        self.assertTrue(admin.call("verify")["ok"])
        admin.close()


if __name__ == "__main__":
    qhtest.main()
