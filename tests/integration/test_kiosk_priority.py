"""绿色通道 applies to every way to a ticket, and a closed queue says
暂停取号 wherever it appears: tapped through Xvfb with xdotool against a
real qhalld. From the priority screen a frequent item's chip leads to the
item with the number a priority one; a closed queue's cell and chip say
暂停取号 in words, and a tap on them explains instead of issuing.

Run as: python3 test_kiosk_priority.py BIN_DIR"""

import qhtest
from xkiosk import XKioskTest, K

ID_PRIORITY_CHIP = 300  # kiosk/screen-priority.c: + the chip's index


def words(st):
    return [t["text"] for t in st.get("texts", [])]


class KioskPriority(XKioskTest):

    def test_a_chip_on_the_priority_screen_gives_a_priority_number(self):
        st = self.xtap(K.HOME_PRIORITY, lambda s: s["screen"] == "priority")
        self.assertTrue(st["priority"])
        self.assertIn("常办事项", words(st))
        chip = K.centre(st, ID_PRIORITY_CHIP)  # A01 居民身份证申领与换领
        self.keep(st, "kiosk-priority-chips.png")
        st = self.xtap(chip, lambda s: s["screen"] == "item")
        self.assertTrue(st["priority"])
        self.assertEqual(st["item"], "A01")
        st = self.xtap(K.centre(st, K.ID_ITEM_TAKE),
                       lambda s: s["screen"] == "ticket" and s["ticket"] and
                       s["ticket"].get("number"))
        self.assertTrue(st["ticket"]["priority"])
        t = self.d.cli("ticket", st["ticket"]["number"])["ticket"]
        self.assertEqual((t["priority"], t["item"]), (True, "A01"))

    def test_a_closed_queue_says_so_on_the_grid_and_its_chip(self):
        self.d.cli("queue", "close", "B")
        st = self.xtap(K.HOME_PRIORITY, lambda s: s["screen"] == "priority" and
                       [q["open"] for q in s["queues"] if q["queue"] == "B"] ==
                       [False])
        st = self.k.wait_state(lambda s: s["screen"] == "priority" and
                               words(s).count("暂停取号") == 2)
        self.keep(st, "kiosk-priority-closed.png")
        # The chip of B's item explains, and issues nothing.
        st = self.xtap(K.centre(st, ID_PRIORITY_CHIP + 1),
                       lambda s: s["screen"] == "notice")
        self.assertEqual(st["notice"], "notice_queue_closed")
        self.assertEqual(self.d.cli("status")["queues"][1]["waiting"], 0)
        # On home, B's row and chip say it too.
        st = self.xtap((540, 1495),  # the notice's 返回首页
                       lambda s: s["screen"] == "home")
        self.assertGreaterEqual(words(st).count("暂停取号"), 2)


if __name__ == "__main__":
    qhtest.main()
