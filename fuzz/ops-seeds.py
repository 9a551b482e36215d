"""Seeds and a dictionary for fuzz_request from the daemon's own op table
(`qhalld --ops-json` on stdin): one seed per op, as a trusted admin and as
an untrusted peer, with every field filled, and every op and field name in
the dictionary. A new op is fuzzed the day it is added.

Usage: qhalld --ops-json | python3 ops-seeds.py SEED_DIR DICT_FILE"""

import json
import os
import sys

# Plausible values by field name; others by type.
VALUES = {"queue": "A", "number": "A001", "day": "2026-11-27", "window": 1,
          "staff": "1001", "pin": "1234", "name": "n", "role": "kiosk",
          "queues": ["A", "B"], "text": "t", "reason": "r", "item": "A01",
          "request": "req-0001", "device": "fuzz", "version": 1,
          "token": "0" * 48, "ok": False, "back": True, "priority": True}
BY_TYPE = {"string": "a", "int": 1, "bool": True, "strings": ["A"],
           "scalar": 1}


def request(op, rid):
    req = {"id": rid, "op": op["op"]}
    for f in op["fields"]:
        req[f["name"]] = VALUES.get(f["name"], BY_TYPE[f["type"]])
    return json.dumps(req, ensure_ascii=False)


def main():
    seeds, dict_path = sys.argv[1], sys.argv[2]
    ops = json.load(sys.stdin)
    os.makedirs(seeds, exist_ok=True)
    hello = json.dumps({"id": 0, "op": "hello", "version": 1})
    words = set()
    for op in ops:
        words.add('"%s"' % op["op"])
        for f in op["fields"]:
            words.add('"%s":' % f["name"])
        body = request(op, 1) if op["hello"] else \
            hello + "\n" + request(op, 1)
        for trusted in (0, 1):
            path = os.path.join(seeds, "op-%s-%d" % (op["op"], trusted))
            with open(path, "wb") as out:
                out.write(bytes([trusted]) + body.encode() + b"\n")
    with open(dict_path, "w") as out:
        for w in sorted(words):
            out.write("%s\n" % json.dumps(w))
    print("%d ops, %d dictionary words" % (len(ops), len(words)))


main()
