#!/usr/bin/env bash
# The path a hall takes to production, tested: build the Debian packages
# from this tree, hold them to lintian (no errors), verify their systemd
# units, install them, start the installed qhalld as its own user the way
# its unit does (Type=notify: it must say READY=1 on $NOTIFY_SOCKET), take
# a number with the installed qhall, stop it with SIGTERM, then purge the
# packages and check that nothing of them is left outside the data folder.
# Changes this machine's packages: for CI and test machines, as root.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d /tmp/qhall-pkg-XXXXXX)
chmod 755 "$work" # the daemon's user must reach its data folder in it
daemon_pid=
cleanup() {
  [ -n "$daemon_pid" ] && kill "$daemon_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "test-packages: $*" >&2; exit 1; }

echo "-- build"
mkdir "$work/src"
(cd "$top" && git ls-files -z | xargs -0 tar -cf - --) | tar -C "$work/src" -xf -
(cd "$work/src" && dpkg-buildpackage -us -uc -b >"$work/build.log" 2>&1) ||
  { tail -40 "$work/build.log"; fail "dpkg-buildpackage failed"; }
debs=$(ls "$work"/qhall-*.deb | grep -v dbgsym)

echo "-- lintian"
lintian --tag-display-limit 0 "$work"/qhall_*.changes >"$work/lintian.log" 2>&1 || true
cat "$work/lintian.log"
if grep -q '^E:' "$work/lintian.log"; then fail "lintian found errors"; fi

echo "-- install"
apt-get install -y -qq --no-install-recommends $debs >"$work/apt.log" 2>&1 ||
  { cat "$work/apt.log"; fail "the packages do not install"; }
for f in /usr/sbin/qhalld /usr/bin/qhall /usr/bin/qhall-kiosk \
  /usr/bin/qhall-caller /usr/bin/qhall-display /usr/bin/qhall-rater \
  /usr/share/qhall/catalog.json /usr/share/qhall/strings-rater.json \
  /etc/qhall/qhall.conf /usr/share/man/man8/qhalld.8.gz \
  /lib/systemd/system/qhalld.service; do
  [ -e "$f" ] || fail "$f is not installed"
done
getent passwd _qhall >/dev/null || fail "no _qhall user"
[ "$(stat -c '%U %a' /var/lib/qhall)" = "_qhall 711" ] ||
  fail "/var/lib/qhall is $(stat -c '%U %a' /var/lib/qhall), not _qhall 711"

echo "-- units"
units=$(ls /lib/systemd/system/qhall*.service)
SYSTEMD_LOG_LEVEL=warning systemd-analyze verify $units ||
  fail "systemd-analyze verify"

echo "-- run the installed daemon as its unit does"
data="$work/data"
install -d -o _qhall -g _qhall -m 0711 "$data"
notify="$work/notify.sock"
python3 - "$notify" "$work/notified" <<'PY' &
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
import os; os.chmod(sys.argv[1], 0o777)
s.settimeout(60)
with open(sys.argv[2], "w") as out:
    try:
        while True:
            msg = s.recv(4096).decode()
            out.write(msg + "\n"); out.flush()
            if "STOPPING=1" in msg:
                break
    except socket.timeout:
        pass
PY
listener=$!
for _ in $(seq 50); do [ -S "$notify" ] && break; sleep 0.1; done
NOTIFY_SOCKET=$notify JOURNAL_STREAM=8:8 setpriv --reuid _qhall --regid _qhall \
  --init-groups /usr/sbin/qhalld --data "$data" --config /etc/qhall/qhall.conf \
  2>"$work/qhalld.log" &
daemon_pid=$!
for _ in $(seq 100); do grep -q READY=1 "$work/notified" 2>/dev/null && break; sleep 0.1; done
grep -q READY=1 "$work/notified" || { cat "$work/qhalld.log"; fail "no READY=1"; }
grep -q '^<6>info qhalld: ready' "$work/qhalld.log" ||
  { cat "$work/qhalld.log"; fail "no journal priorities in the log"; }
number=$(setpriv --reuid _qhall --regid _qhall --init-groups \
  /usr/bin/qhall --data "$data" --json take A | python3 -c \
  'import json,sys; print(json.load(sys.stdin)["ticket"]["number"])')
[ "$number" = A001 ] || fail "the installed qhall took $number, not A001"
[ "$(stat -c '%a' "$data/qhall.db")" = 600 ] ||
  fail "qhall.db is mode $(stat -c '%a' "$data/qhall.db")"
kill -TERM "$daemon_pid"
rc=0; wait "$daemon_pid" || rc=$?
daemon_pid=
[ "$rc" = 0 ] || fail "qhalld exited $rc on SIGTERM"
wait "$listener" || true
grep -q STOPPING=1 "$work/notified" || fail "no STOPPING=1"

echo "-- purge"
files=$(dpkg -L qhall-server qhall-kiosk qhall-caller qhall-display qhall-rater \
  qhall-common |
  while read -r f; do [ -f "$f" ] && echo "$f"; done)
apt-get purge -y -qq qhall-server qhall-kiosk qhall-caller qhall-display qhall-rater \
  qhall-common >"$work/purge.log" 2>&1 || { cat "$work/purge.log"; fail "purge"; }
left=$(for f in $files; do [ -e "$f" ] && echo "$f"; done; [ -e /etc/qhall ] && echo /etc/qhall; true)
[ -z "$left" ] || fail "left behind: $left"
echo "packages: built, lintian-clean, installed, ran, purged"
