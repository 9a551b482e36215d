"""Staff logging in at windows, a window held by one caller at a time, and
queues closed to new numbers."""

import os
import subprocess

import qhtest


class Staff(qhtest.DaemonTest):

    def add_staff(self, sid="1001", name="王芳", pin="2468"):
        p = subprocess.run([qhtest.QHALL, "--data", self.d.data, "--json", "staff", "add",
                            sid, "--name", name], input=pin + "\n", capture_output=True,
                           text=True, env=dict(os.environ, QHALL_PIN=pin))
        self.assertEqual(p.returncode, 0, p.stderr)
        return p

    def test_login_shows_who_serves_at_the_window(self):
        self.add_staff()
        c = self.d.client(role="window", window=3, device="caller-3")
        r = c.call("login", staff="1001", pin="2468")
        self.assertEqual(r["staff"], {"id": "1001", "name": "王芳"})
        w3 = [w for w in self.d.cli("status")["windows"] if w["window"] == 3][0]
        self.assertEqual(w3["staff"]["name"], "王芳")
        c.call("logout")
        w3 = [w for w in self.d.cli("status")["windows"] if w["window"] == 3][0]
        self.assertIsNone(w3["staff"])
        c.close()

    def test_second_caller_on_a_window_is_told_it_is_taken(self):
        self.add_staff()
        self.add_staff("1002", "李强", "1357")
        first = self.d.client(role="window", window=3, device="caller-3a")
        first.call("login", staff="1001", pin="2468")
        second = self.d.client(role="window", window=3, device="caller-3b")
        with self.assertRaises(qhtest.ReplyError) as e:
            second.call("login", staff="1002", pin="1357")
        self.assertEqual(e.exception.code, "window_busy")
        self.assertIn("caller-3a", e.exception.message)
        # When the first caller goes away, the window is free again.
        first.close()
        r = qhtest.eventually(lambda: second.call("login", staff="1002", pin="1357"))
        self.assertEqual(r["staff"]["id"], "1002")
        second.close()

    def test_a_held_window_is_worked_from_its_caller_only(self):
        self.add_staff()
        self.d.cli("take", "C")
        holder = self.d.client(role="window", window=4, device="caller-4")
        holder.call("login", staff="1001", pin="2468")
        other = self.d.client(role="window", window=4, device="stray-4")
        for op in ("call", "pause", "finish"):
            with self.assertRaises(qhtest.ReplyError) as e:
                other.call(op)
            self.assertEqual(e.exception.code, "window_busy")
        self.assertEqual(holder.call("call")["ticket"]["number"], "C001")
        # An operator may still act on it.
        self.assertEqual(self.d.cli("recall", "4")["ticket"]["calls"], 2)
        holder.close()
        other.close()

    def test_made_up_staff_ids_cannot_clear_a_lockout(self):
        self.add_staff()
        c = self.d.client(role="window", window=2)
        for _ in range(5):
            with self.assertRaises(qhtest.ReplyError):
                c.call("login", staff="1001", pin="0000")
        for i in range(300):
            with self.assertRaises(qhtest.ReplyError):
                c.call("login", staff="nobody%d" % i, pin="0000")
        with self.assertRaises(qhtest.ReplyError) as e:
            c.call("login", staff="1001", pin="2468")
        self.assertIn("wait a minute", e.exception.message)
        c.close()

    def test_wrong_pin_is_refused_and_repeated_guesses_lock_out(self):
        self.add_staff()
        c = self.d.client(role="window", window=2)
        for _ in range(5):
            with self.assertRaises(qhtest.ReplyError) as e:
                c.call("login", staff="1001", pin="0000")
            self.assertEqual(e.exception.code, "unauthorized")
        with self.assertRaises(qhtest.ReplyError) as e:
            c.call("login", staff="1001", pin="2468")  # right, but locked
        self.assertIn("wait a minute", e.exception.message)
        with self.assertRaises(qhtest.ReplyError) as e:
            c.call("login", staff="nobody", pin="2468")
        self.assertEqual(e.exception.code, "unauthorized")
        c.close()

    def test_guesses_at_one_window_do_not_lock_staff_out_of_another(self):
        """Wrong PINs lock a staff number out of the window they came
        from: a window's token cannot turn the lockout against everyone."""
        self.add_staff()
        guesser = self.d.client(role="window", window=2)
        for _ in range(6):
            with self.assertRaises(qhtest.ReplyError):
                guesser.call("login", staff="1001", pin="0000")
        with self.assertRaises(qhtest.ReplyError) as e:
            guesser.call("login", staff="1001", pin="2468")
        self.assertIn("wait a minute", e.exception.message)
        worker = self.d.client(role="window", window=3)
        r = worker.call("login", staff="1001", pin="2468")
        self.assertEqual(r["staff"]["id"], "1001")
        guesser.close()
        worker.close()

    def test_nothing_a_client_sends_breaks_a_log_line(self):
        self.add_staff()
        c = self.d.client(role="window", window=2,
                          device="pad\n2026-01-01 00:00:00.000 info forged")
        evil = "x\n2026-01-01 00:00:00.000 error qhalld: forged\x1b[31m"
        with self.assertRaises(qhtest.ReplyError) as e:
            c.call("login", staff=evil, pin="0000")
        self.assertEqual(e.exception.code, "bad_request")
        with self.assertRaises(qhtest.ReplyError):
            c.call("login", staff="1001", pin="0000")  # logs the device
        c.close()
        with open(self.d.log, "rb") as f:
            log = f.read()
        self.assertNotIn(b"\x1b", log)
        for line in log.decode("utf-8", "replace").splitlines():
            self.assertRegex(line, r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} "
                             r"(error|warn|info|debug|fatal) ")
            if "forged" in line:  # only ever inside a line, escaped
                self.assertIn("\\x0a", line.split("forged", 1)[0])

    def test_pin_is_stored_hashed(self):
        self.add_staff(pin="864213")
        [(h,)] = qhtest.store_query(
            self.d.data, "SELECT pin_hash FROM staff WHERE id = '1001'")
        self.assertNotIn("864213", h)
        self.assertTrue(h.startswith("$argon2"))

    def test_staff_add_refuses_bad_pins_and_duplicates(self):
        self.add_staff()
        p = subprocess.run([qhtest.QHALL, "--data", self.d.data, "staff", "add", "1001",
                            "--name", "x"], capture_output=True, text=True,
                           env=dict(os.environ, QHALL_PIN="1111"))
        self.assertEqual(p.returncode, 1)
        self.assertIn("exists", p.stderr)
        p = subprocess.run([qhtest.QHALL, "--data", self.d.data, "staff", "add", "1003",
                            "--name", "x"], capture_output=True, text=True,
                           env=dict(os.environ, QHALL_PIN="12ab"))
        self.assertEqual(p.returncode, 1)
        self.assertIn("PIN", p.stderr)

    def test_closed_queue_issues_no_numbers_but_still_calls(self):
        self.d.cli("take", "A")
        self.d.cli("queue", "close", "A")
        p = self.d.cli("take", "A", check=False)
        self.assertEqual(p.returncode, 1)
        self.assertIn("queue_closed", p.stderr)
        st = self.d.cli("status")
        self.assertFalse([q for q in st["queues"] if q["queue"] == "A"][0]["open"])
        self.assertEqual(self.d.cli("call", "1")["ticket"]["number"], "A001")
        self.d.cli("queue", "open", "A")
        self.assertEqual(self.d.cli("take", "A")["ticket"]["number"], "A002")


if __name__ == "__main__":
    qhtest.main()
