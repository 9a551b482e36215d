#!/usr/bin/env bash
# The path a hall takes to production, tested: build the Debian packages
# from this tree, hold them to lintian (no errors), verify their systemd
# units, install them, start the installed qhalld as its own user the way
# its unit does (Type=notify: it must say READY=1 on $NOTIFY_SOCKET), take
# a number with the installed qhall, run the installed kiosk under cage as
# its own user (a headless compositor, screenshotted with grim), stop the
# daemon with SIGTERM, then purge the packages and check that nothing of
# them is left outside the data folder.
# Changes this machine's packages: for CI and test machines, as root.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d /tmp/qhall-pkg-XXXXXX)
chmod 755 "$work" # the kiosk's user must reach its folders in it
daemon_pid=
cage_pid=
data= run=
cleanup() {
  [ -n "$cage_pid" ] && kill "$cage_pid" 2>/dev/null || true
  [ -n "$daemon_pid" ] && kill "$daemon_pid" 2>/dev/null || true
  rm -rf "$work" ${data:+"$data"} ${run:+"$run"}
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
  /usr/bin/qhall-caller /usr/bin/qhall-display /usr/share/qhall/catalog.json \
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
systemd-analyze security --offline=yes --threshold=20 \
  /lib/systemd/system/qhalld.service >"$work/security.log" 2>&1 ||
  { cat "$work/security.log"; fail "qhalld.service is exposed above 2.0 (threshold 20 in tenths)"; }
tail -1 "$work/security.log"

# The unit's sandbox, as far as it can be built without systemd as PID 1:
# ProtectSystem=strict with ReadWritePaths=/var/lib/qhall, PrivateTmp,
# ProtectHome, NoNewPrivileges, an empty CapabilityBoundingSet, UMask.
# The system-call and address-family filters are held to by the
# exposure check above only.
# Run in the background, it is the daemon's own PID (exec all the way).
unit_sandbox() {
  exec unshare --mount --propagation private -- sh -ec '
    mount --bind /var/lib/qhall /var/lib/qhall
    mount -o remount,bind,ro /
    for d in /tmp /var/tmp /home /root; do
      [ -d "$d" ] && mount -t tmpfs -o mode=0755 tmpfs "$d"
    done
    umask 0077
    exec setpriv --reuid _qhall --regid _qhall --init-groups \
      --no-new-privs --bounding-set -all --inh-caps -all "$@"' sh "$@"
}

echo "-- run the installed daemon as its unit does, in its sandbox"
data=$(mktemp -d /var/lib/qhall/package-test-XXXXXX)
chown _qhall:_qhall "$data"
chmod 0711 "$data"
# Not in /tmp: the sandbox has a /tmp of its own.
run=$(mktemp -d /run/qhall-package-test-XXXXXX)
chmod 755 "$run"
notify="$run/notify.sock"
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
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
NOTIFY_SOCKET=$notify JOURNAL_STREAM=8:8 unit_sandbox \
  /usr/sbin/qhalld --data "$data" --config /etc/qhall/qhall.conf \
  --listen "tcp:127.0.0.1:$port" 2>"$work/qhalld.log" &
daemon_pid=$!
for _ in $(seq 100); do grep -q READY=1 "$work/notified" 2>/dev/null && break; sleep 0.1; done
grep -q READY=1 "$work/notified" || { cat "$work/qhalld.log"; fail "no READY=1"; }
grep -q '^NoNewPrivs:[[:space:]]*1$' "/proc/$daemon_pid/status" &&
  grep -q '^CapBnd:[[:space:]]*0*$' "/proc/$daemon_pid/status" &&
  [ "$(readlink "/proc/$daemon_pid/ns/mnt")" != "$(readlink /proc/self/ns/mnt)" ] ||
  fail "the daemon is not in its sandbox"
grep -q '^<6>info qhalld: ready' "$work/qhalld.log" ||
  { cat "$work/qhalld.log"; fail "no journal priorities in the log"; }
number=$(setpriv --reuid _qhall --regid _qhall --init-groups \
  /usr/bin/qhall --data "$data" --json take A | python3 -c \
  'import json,sys; print(json.load(sys.stdin)["ticket"]["number"])')
[ "$number" = A001 ] || fail "the installed qhall took $number, not A001"
[ "$(stat -c '%a' "$data/qhall.db")" = 600 ] ||
  fail "qhall.db is mode $(stat -c '%a' "$data/qhall.db")"

echo "-- the installed kiosk under cage, as its unit runs it"
# A headless wlroots output is 1280x720; -r turns it to portrait, as a
# hall turns a landscape panel for the kiosk. The environment is the
# installed unit's own (SDL on Wayland).
token=$(setpriv --reuid _qhall --regid _qhall --init-groups \
  /usr/bin/qhall --data "$data" device add cage-kiosk --role kiosk |
  awk '$1 == "token" { print $2 }')
[ -n "$token" ] || fail "no kiosk token"
unit_env=$(sed -n 's/^Environment=//p' /lib/systemd/system/qhall-kiosk.service)
[ -n "$unit_env" ] || fail "qhall-kiosk.service sets no environment"
xdg="$work/xdg" out="$work/kiosk"
install -d -o qhall-kiosk -g qhall-kiosk -m 0700 "$xdg" "$out"
(cd /var/lib/qhall-kiosk && exec setpriv --reuid qhall-kiosk \
  --regid qhall-kiosk --init-groups env -i PATH=/usr/bin:/bin \
  XDG_RUNTIME_DIR="$xdg" WLR_BACKENDS=headless WLR_RENDERER=pixman \
  WLR_LIBINPUT_NO_DEVICES=1 QHALL_TOKEN="$token" $unit_env \
  /usr/bin/cage -d -r -- /usr/bin/qhall-kiosk --no-print \
  --connect "127.0.0.1:$port" --screenshot "$out/own.png" \
  --state-json "$out/state.json" >"$work/cage.log" 2>&1) &
cage_pid=$!
# What the compositor shows (grim) must be the kiosk's own latest frame,
# on its home screen: a live kiosk full screen, not a first frame left
# behind or a black output.
shot="$out/cage.png"
differ=unknown
for _ in $(seq 60); do
  sleep 0.5
  grep -q '"screen": *"home"' "$out/state.json" 2>/dev/null || continue
  setpriv --reuid qhall-kiosk --regid qhall-kiosk --init-groups env \
    XDG_RUNTIME_DIR="$xdg" WAYLAND_DISPLAY=wayland-0 grim "$shot" 2>/dev/null ||
    continue
  differ=$(compare -metric AE -fuzz 10% "$shot" "$out/own.png" null: 2>&1 || true)
  [ "$(convert "$shot" -format '%wx%h' info:)" = 720x1280 ] &&
    [ "${differ%%.*}" -lt 2000 ] 2>/dev/null && break
  differ="$differ pixels (size $(convert "$shot" -format '%wx%h' info:))"
done
[ "${differ%%.*}" -lt 2000 ] 2>/dev/null || {
  cat "$work/cage.log" "$out/state.json"
  fail "the screen under cage differs from the kiosk's home screen: $differ"
}
[ -n "${QHALL_CAGE_SHOT:-}" ] && cp "$shot" "$QHALL_CAGE_SHOT"
kill -TERM "$cage_pid"
wait "$cage_pid" 2>/dev/null || true
cage_pid=

kill -TERM "$daemon_pid"
rc=0; wait "$daemon_pid" || rc=$?
daemon_pid=
[ "$rc" = 0 ] || fail "qhalld exited $rc on SIGTERM"
wait "$listener" || true
grep -q STOPPING=1 "$work/notified" || fail "no STOPPING=1"

echo "-- purge"
files=$(dpkg -L qhall-server qhall-kiosk qhall-caller qhall-display qhall-common |
  while read -r f; do [ -f "$f" ] && echo "$f"; done)
apt-get purge -y -qq qhall-server qhall-kiosk qhall-caller qhall-display \
  qhall-common >"$work/purge.log" 2>&1 || { cat "$work/purge.log"; fail "purge"; }
left=$(for f in $files; do [ -e "$f" ] && echo "$f"; done; [ -e /etc/qhall ] && echo /etc/qhall; true)
[ -z "$left" ] || fail "left behind: $left"
echo "packages: built, lintian-clean, installed, ran, purged"
