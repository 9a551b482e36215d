"""Every option a program's --help prints is in its man page, and every
command of qhall's --help is in qhall(1): the pages in docs/man/ are the
sources the packages install, and a page that forgets an option is a page
an admin cannot trust. The pages must also build with scdoc.

Run as: python3 test_man_pages.py BIN_DIR"""

import os
import re
import subprocess
import sys
import unittest

BIN = sys.argv[1] if len(sys.argv) > 1 else "build/bin"
MAN = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                   "..", "..", "docs", "man")

PAGES = {
    "qhalld": "qhalld.8.scd",
    "qhall": "qhall.1.scd",
    "qhall-kiosk": "qhall-kiosk.1.scd",
    "qhall-caller": "qhall-caller.1.scd",
    "qhall-display": "qhall-display.1.scd",
    "qhall-rater": "qhall-rater.1.scd",
}


def help_text(program):
    p = subprocess.run([os.path.join(BIN, program), "--help"],
                       capture_output=True, text=True, timeout=30)
    return p.stdout + p.stderr


def page(name):
    with open(os.path.join(MAN, name), encoding="utf-8") as f:
        return f.read()


class ManPages(unittest.TestCase):

    def test_every_option_of_help_is_in_the_page(self):
        for program, name in PAGES.items():
            text = help_text(program)
            opts = set(re.findall(r"(?<![\w-])(--[a-z][a-z-]*)", text))
            self.assertGreater(len(opts), 2, program + " prints no options")
            src = page(name)
            missing = sorted(o for o in opts if "*" + o + "*" not in src)
            self.assertEqual(missing, [], "%s: not in %s" % (program, name))

    def test_every_command_of_qhall_is_in_its_page(self):
        text = help_text("qhall")
        body = text.split("commands:", 1)[1].split("\n\n", 1)[0]
        commands = set()
        for line in body.splitlines():
            words = line.split()
            if not words:
                continue
            # "window set", "device add", "queue close": two words
            cmd = words[0]
            if len(words) > 1 and re.fullmatch(r"[a-z-]+", words[1]) \
                    and words[0] in ("window", "device", "staff", "queue",
                                     "alert", "appointment"):
                cmd = words[0] + " " + words[1]
            commands.add(cmd)
        self.assertGreater(len(commands), 15)
        src = page("qhall.1.scd")
        missing = sorted(c for c in commands if "*" + c + "*" not in src)
        self.assertEqual(missing, [])

    def test_the_pages_build(self):
        for name in list(PAGES.values()) + ["qhall.conf.5.scd"]:
            with open(os.path.join(MAN, name), "rb") as f:
                p = subprocess.run(["scdoc"], stdin=f, capture_output=True,
                                   timeout=30)
            self.assertEqual(p.returncode, 0, name + ": " +
                             p.stderr.decode(errors="replace"))
            self.assertIn(b".TH", p.stdout)

    def test_every_config_key_is_in_qhall_conf_5(self):
        src = page("qhall.conf.5.scd")
        with open(os.path.join(MAN, "..", "..", "etc", "qhall.conf"),
                  encoding="utf-8") as f:
            keys = set(re.findall(r"^#?([a-z_]+) = ", f.read(), re.M))
        self.assertGreater(len(keys), 5)
        missing = sorted(k for k in keys if "*" + k + "*" not in src)
        self.assertEqual(missing, [])


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1])
