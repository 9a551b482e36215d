"""Routes on one number (并联审批) with a real qhalld: the seed's second-hand
house transfer E01 goes E, then D and G in either order, then E again.
Windows of the demo catalog: E at 6 and 7, D at 4 and 5, G at 11 and 12."""

import json
import threading

import qhtest

ROUTE = [["E"], ["D", "G"], ["E"]]


def steps_of(route):
    return [(s["queues"], s["done"], s["state"]) for s in route["steps"]]


class Routes(qhtest.DaemonTest):

    def route(self, number="E001"):
        return self.d.cli("route", number)

    def to_second_step(self):
        """E001 through its first step; it waits in D and G now."""
        t = self.d.cli("take", "E", "--item", "E01")["ticket"]
        self.assertEqual((t["number"], t["route_step"], t["route_steps"]),
                         ("E001", 1, 3))
        self.assertEqual(self.d.cli("call", "6")["ticket"]["number"], "E001")
        self.d.cli("finish", "6")

    def test_route_json_is_the_documented_shape(self):
        self.d.cli("take", "E", "--item", "E01")
        r = self.route()
        self.assertEqual(set(r), {"ticket", "steps"})
        for s in r["steps"]:
            self.assertEqual(set(s), {"queues", "done", "state"})
        self.assertEqual(steps_of(r), [(["E"], [], "waiting"),
                                       (["D", "G"], [], "pending"),
                                       (["E"], [], "pending")])
        self.assertEqual(r["ticket"]["number"], "E001")
        self.assertNotIn("key", r["ticket"])  # the citizen's, not an operator's
        # the human form names the steps
        p = self.d.cli("route", "E001", json_out=False)
        self.assertIn("step 1 of 3", p.stdout)
        self.assertIn("D + G", p.stdout)

    def test_catalog_carries_the_route(self):
        c = self.d.client(role="admin")
        cat = c.call("catalog")
        c.close()
        e01 = [i for i in cat["items"] if i["id"] == "E01"][0]
        self.assertEqual(e01["route"], ROUTE)

    def test_whole_route_with_a_parallel_set_keeps_one_number(self):
        self.d.cli("take", "D")  # D001, before the route reaches D
        self.d.cli("take", "G")  # G001
        self.to_second_step()
        self.assertEqual(steps_of(self.route())[:2],
                         [(["E"], ["E"], "done"), (["D", "G"], [], "waiting")])
        # it waits in both queues at once
        st = self.d.cli("status")
        waiting = {q["queue"]: q["waiting"] for q in st["queues"]}
        self.assertEqual((waiting["D"], waiting["G"]), (2, 2))
        # ahead of D001, which has not been served yet (route_place front)
        t = self.d.cli("call", "4")["ticket"]
        self.assertEqual((t["number"], t["queue"], t["route_step"]),
                         ("E001", "D", 2))
        self.assertEqual(steps_of(self.route())[1],
                         (["D", "G"], [], "serving"))
        # while it is at window 4, G's windows skip it: G001 is called
        self.assertEqual(self.d.cli("call", "11")["ticket"]["number"], "G001")
        self.assertIsNone(self.d.cli("call", "12")["ticket"])
        self.d.cli("finish", "4")
        # D is done; now only G has it
        self.assertEqual(steps_of(self.route())[1],
                         (["D", "G"], ["D"], "waiting"))
        self.assertEqual(self.d.cli("ticket", "E001")["ticket"]["queue"], "G")
        t = self.d.cli("call", "11")["ticket"]  # finishes G001, calls E001
        self.assertEqual((t["number"], t["queue"]), ("E001", "G"))
        self.d.cli("finish", "11")
        # both done: the last step, at E again, same number
        r = self.route()
        self.assertEqual(steps_of(r)[1], (["D", "G"], ["D", "G"], "done"))
        self.assertEqual(r["ticket"]["queue"], "E")
        self.assertEqual(self.d.cli("call", "7")["ticket"]["number"], "E001")
        t = self.d.cli("finish", "7")["ticket"]
        self.assertEqual(t["state"], "done")
        r = self.route()
        self.assertEqual([s[2] for s in steps_of(r)], ["done"] * 3)
        self.assertEqual(r["ticket"]["state"], "done")
        # D001 waited behind it and is still there
        self.assertEqual(self.d.cli("call", "5")["ticket"]["number"], "D001")

    def test_other_leg_called_first_swaps_the_ticket_there(self):
        self.to_second_step()
        t = self.d.cli("call", "12")["ticket"]  # G first this time
        self.assertEqual((t["number"], t["queue"], t["window"]),
                         ("E001", "G", 12))
        self.assertIsNone(self.d.cli("call", "4")["ticket"])
        self.d.cli("finish", "12")
        self.assertEqual(self.d.cli("call", "4")["ticket"]["number"], "E001")
        self.d.cli("finish", "4")
        self.assertEqual(self.route()["ticket"]["route_step"], 3)

    def test_two_windows_racing_never_call_the_same_ticket(self):
        n = 12
        for _ in range(n):
            self.d.cli("take", "E", "--item", "E01")
        for _ in range(n):
            self.d.cli("call", "6")
        self.d.cli("finish", "6")
        # all n wait in D and G now; windows 4 and 11 call as fast as they can
        seen = {4: [], 11: []}
        errors = []

        def run(window):
            c = self.d.client(role="admin")
            try:
                for _ in range(n + 2):
                    r = c.call("call", window=window)
                    if r["ticket"]:
                        seen[window].append(r["ticket"]["number"])
                        st = c.call("status")
                        at = [w["ticket"] for w in st["windows"]
                              if w["ticket"]]
                        nums = [x["number"] if isinstance(x, dict) else x
                                for x in at]
                        if len(nums) != len(set(nums)):
                            errors.append(nums)
            except Exception as e:  # reported below
                errors.append(repr(e))
            finally:
                c.close()

        th = [threading.Thread(target=run, args=(w,)) for w in (4, 11)]
        for t in th:
            t.start()
        for t in th:
            t.join(60)
        self.d.cli("finish", "4", check=False)
        self.d.cli("finish", "11", check=False)
        self.assertEqual(errors, [])
        # each queue called each ticket exactly once
        want = sorted("E%03d" % i for i in range(1, n + 1))
        self.assertEqual(sorted(seen[4]), want)
        self.assertEqual(sorted(seen[11]), want)
        for i in range(1, n + 1):
            r = self.route("E%03d" % i)
            self.assertEqual(steps_of(r)[1], (["D", "G"], ["D", "G"], "done"))
            self.assertEqual(r["ticket"]["queue"], "E")

    def test_no_show_at_one_leg_keeps_the_other(self):
        self.to_second_step()
        self.assertEqual(self.d.cli("call", "11")["ticket"]["number"], "E001")
        t = self.d.cli("skip", "11")["ticket"]
        self.assertEqual(t["state"], "no_show")
        # missed at G only: it still waits in D
        t = self.d.cli("ticket", "E001")["ticket"]
        self.assertEqual((t["state"], t["queue"]), ("waiting", "D"))
        self.assertIsNone(self.d.cli("call", "12")["ticket"])
        self.assertEqual(self.d.cli("call", "4")["ticket"]["number"], "E001")
        self.d.cli("finish", "4")
        # only the missed G is left: a no-show, not the next step
        r = self.route()
        self.assertEqual(r["ticket"]["state"], "no_show")
        self.assertEqual(steps_of(r)[1], (["D", "G"], ["D"], "waiting"))
        self.assertIsNone(self.d.cli("call", "7")["ticket"])
        # the hall's rule for a no-show: it rejoins, at G
        t = self.d.cli("rejoin", "E001")["ticket"]
        self.assertEqual((t["state"], t["queue"]), ("waiting", "G"))
        self.assertEqual(self.d.cli("call", "11")["ticket"]["number"], "E001")
        self.d.cli("finish", "11")
        self.assertEqual(self.route()["ticket"]["route_step"], 3)

    def test_no_show_at_one_leg_while_the_row_waits_elsewhere_rejoins_it(self):
        self.to_second_step()
        self.d.cli("call", "11")
        self.d.cli("skip", "11")  # G missed; the row waits in D
        t = self.d.cli("rejoin", "E001")["ticket"]  # back before D called
        self.assertEqual((t["state"], t["queue"]), ("waiting", "D"))
        st = {q["queue"]: q["waiting"] for q in self.d.cli("status")["queues"]}
        self.assertEqual((st["D"], st["G"]), (1, 1))
        self.assertEqual(self.d.cli("call", "11")["ticket"]["number"], "E001")
        # a ticket neither missed nor on a route cannot rejoin
        self.d.cli("take", "A")
        p = self.d.cli("rejoin", "A001", check=False)
        self.assertNotEqual(p.returncode, 0)

    def test_kill9_mid_route_resumes_on_its_route(self):
        self.d.cli("take", "G")
        self.to_second_step()
        self.d.cli("call", "4")  # E001 at window 4 (D)
        self.d.kill9()
        self.d.start()
        r = self.route()
        self.assertEqual(steps_of(r)[1], (["D", "G"], [], "serving"))
        self.assertEqual((r["ticket"]["window"], r["ticket"]["queue"]),
                         (4, "D"))
        # still invisible to G's windows while at 4
        self.assertEqual(self.d.cli("call", "11")["ticket"]["number"], "G001")
        self.d.cli("finish", "4")
        self.d.kill9()
        self.d.start()
        self.assertEqual(self.d.cli("call", "11")["ticket"]["number"], "E001")
        self.d.cli("finish", "11")
        self.assertEqual(self.d.cli("call", "6")["ticket"]["number"], "E001")

    def test_transfer_still_works_and_leaves_the_route(self):
        self.to_second_step()
        self.d.cli("call", "4")
        t = self.d.cli("transfer", "4", "A")["ticket"]
        self.assertEqual((t["number"], t["queue"], t["state"]),
                         ("E001", "A", "waiting"))
        self.assertNotIn("route_step", t)
        # it no longer waits in G
        st = {q["queue"]: q["waiting"] for q in self.d.cli("status")["queues"]}
        self.assertEqual((st["A"], st["G"]), (1, 0))
        self.assertIsNone(self.d.cli("call", "11")["ticket"])
        r = self.route()
        self.assertEqual([s[2] for s in steps_of(r)],
                         ["done", "pending", "pending"])
        # served in A, it is done: no route takes it on
        self.assertEqual(self.d.cli("call", "1")["ticket"]["number"], "E001")
        self.assertEqual(self.d.cli("finish", "1")["ticket"]["state"], "done")
        self.assertIsNone(self.d.cli("call", "6")["ticket"])

    def test_routed_events_in_the_trace(self):
        c = self.d.client(role="admin")
        c.call("subscribe")
        self.to_second_step()
        evs = []
        while True:
            e = c.event()
            evs.append(e)
            if e["event"] == "routed" and e["step"] == 2:
                break
        routed = [e for e in evs if e["event"] == "routed"]
        self.assertEqual([(e["step"], e["steps"], e["queues"], e["from"])
                          for e in routed],
                         [(1, 3, ["E"], None), (2, 3, ["D", "G"], "E")])
        self.assertEqual(routed[1]["ticket"]["queue"], "D")
        self.assertNotIn("key", routed[1]["ticket"])
        fin = [e for e in evs if e["event"] == "finished"][0]
        self.assertEqual((fin["ticket"]["queue"], fin["ticket"]["route_step"]),
                         ("E", 1))
        c.close()
        self.assertTrue(self.d.cli("verify")["ok"])

    def test_cancel_and_day_close_take_it_out_of_every_queue(self):
        self.to_second_step()
        self.d.cli("cancel", "E001")
        st = {q["queue"]: q["waiting"] for q in self.d.cli("status")["queues"]}
        self.assertEqual((st["D"], st["G"]), (0, 0))
        self.assertIsNone(self.d.cli("call", "11")["ticket"])
        self.d.cli("take", "E", "--item", "E01")
        self.d.cli("call", "6")
        self.d.cli("finish", "6")
        self.d.cli("day-close")
        st = {q["queue"]: q["waiting"] for q in self.d.cli("status")["queues"]}
        self.assertEqual((st["D"], st["G"]), (0, 0))
        self.assertIsNone(self.d.cli("call", "11")["ticket"])

    def test_bad_input(self):
        self.d.cli("take", "A")
        r = self.d.cli("route", "A001")
        self.assertEqual(r["steps"], [])
        for bad, code in (("Z999", "not_found"), ("x", "bad_request"),
                          ("A001;", "bad_request")):
            p = self.d.cli("route", bad, check=False)
            self.assertNotEqual(p.returncode, 0, bad)
        c = self.d.client(role="admin")
        m = c.request("route", number="E999")
        self.assertEqual(m["error"]["code"], "not_found")
        m = c.request("route", number=7)
        self.assertFalse(m["ok"])
        m = c.request("route", number="E001", day="yesterday")
        self.assertEqual(m["error"]["code"], "bad_request")
        c.close()


class RoutesByTimeTaken(qhtest.DaemonTest):
    daemon_config = "[hall]\nroute_place = taken\n"

    def test_taken_places_it_by_its_time_among_the_unserved(self):
        self.d.cli("take", "D")  # D001, taken before E001
        t = self.d.cli("take", "E", "--item", "E01")["ticket"]
        self.d.cli("take", "D")  # D002, taken after
        self.d.cli("call", "6")
        self.d.cli("finish", "6")
        order = [self.d.cli("call", "5")["ticket"]["number"] for _ in range(3)]
        self.assertEqual(order, ["D001", t["number"], "D002"])


class RoutesInReports(qhtest.DaemonTest):

    def test_reports_count_each_step_as_a_service(self):
        self.d.cli("take", "E", "--item", "E01")
        for w in (6, 4, 11, 7):
            self.assertEqual(self.d.cli("call", str(w))["ticket"]["number"],
                             "E001")
            self.d.cli("finish", str(w))
        day = self.d.cli("status")["day"]
        rep = self.d.cli("report", day, "--by", "queue")
        rows = {r["subject"]: r for r in rep["rows"]}
        self.assertEqual({q: rows[q]["finished"] for q in "DEG"},
                         {"E": 2, "D": 1, "G": 1})
        self.assertEqual(rows["E"]["taken"], 1)
        self.assertEqual(rep["total"]["finished"], 4)
        self.assertEqual(rep["total"]["taken"], 1)
        # one wait (to the first call), four services
        self.assertEqual(rep["total"]["wait_n"], 1)
        self.assertEqual(rep["total"]["service_n"], 4)
        rep = self.d.cli("report", day, "--by", "window")
        rows = {r["subject"]: r["finished"] for r in rep["rows"]}
        self.assertEqual((rows["6"], rows["4"], rows["11"], rows["7"]),
                         (1, 1, 1, 1))


if __name__ == "__main__":
    qhtest.main()
