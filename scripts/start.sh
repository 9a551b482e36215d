#!/usr/bin/env bash
# Quick start: install what is missing, build, and open the whole hall on its
# embedded default: the SQLite file in ./data (or $QHALL_DATA), the demo
# catalog, qhalld, a kiosk, the caller of window 1 and the lobby display.
# With no display at hand (a server, a container) the screens run under a
# private Xvfb and write PNGs of what they show into DATA/screens/.
# Stop it all with: bash scripts/start.sh stop
set -euo pipefail
cd "$(dirname "$0")/.."
top=$(pwd)
data=${QHALL_DATA:-$top/data}
pids="$data/hall.pids"
bin=$top/build/bin

stop_hall() {
  [ -f "$pids" ] || return 0
  while read -r pid; do
    kill "$pid" 2>/dev/null || true
  done <"$pids"
  rm -f "$pids"
}

if [ "${1:-}" = stop ]; then
  stop_hall
  echo "the hall is closed"
  exit 0
fi

bash scripts/install-deps.sh
bash scripts/build.sh build
mkdir -p -m 0711 "$data"
mkdir -p "$data/screens"
stop_hall

started() { echo "$1" >>"$pids"; }

# The web face on loopback: ticket pages, /display, /console.
http=${QHALL_HTTP:-127.0.0.1:8080}
nohup "$bin/qhalld" --data "$data" --http "$http" >>"$data/qhalld.log" 2>&1 &
started $!
for _ in $(seq 50); do
  "$bin/qhall" --data "$data" status >/dev/null 2>&1 && break
  sleep 0.1
done
"$bin/qhall" --data "$data" status >/dev/null ||
  { echo "qhalld did not start; see $data/qhalld.log" >&2; exit 1; }

# A demo member of staff, so window 1's caller opens logged in.
if ! "$bin/qhall" --data "$data" --json status | grep -q '"id":"1001"'; then
  QHALL_PIN=1234 "$bin/qhall" --data "$data" staff add 1001 --name 王芳 \
    >/dev/null 2>&1 || true
fi

# A demo supervisor for the web console, and a display token for /display.
if ! "$bin/qhall" --data "$data" --json status | grep -q '"id":"2001"'; then
  QHALL_PIN=2468 "$bin/qhall" --data "$data" staff add 2001 --name 李主管 \
    --role supervisor >/dev/null 2>&1 || true
fi
tv_token=$({ "$bin/qhall" --data "$data" --json device rotate web-display ||
  "$bin/qhall" --data "$data" --json device add web-display --role display; } \
  2>/dev/null | sed -n 's/.*"token":"\([0-9a-f]*\)".*/\1/p')

# No display: a private Xvfb, large enough for the portrait kiosk.
headless=
if [ -z "${DISPLAY:-}" ]; then
  for n in $(seq 90 99); do
    [ -e "/tmp/.X11-unix/X$n" ] || [ -e "/tmp/.X$n-lock" ] || break
  done
  Xvfb ":$n" -screen 0 3840x2160x24 -nolisten tcp >>"$data/xvfb.log" 2>&1 &
  started $!
  export DISPLAY=":$n"
  for _ in $(seq 50); do
    [ -e "/tmp/.X11-unix/X$n" ] && break
    sleep 0.1
  done
  headless="(headless on Xvfb $DISPLAY; PNGs in $data/screens/)"
fi
shots=$data/screens

# A room with no sound card still gets its screens: audio is optional.
export SDL_AUDIODRIVER=${SDL_AUDIODRIVER:-pulseaudio,alsa,dummy}
nohup "$bin/qhall-kiosk" --data "$data" --windowed --size 540x960 \
  --screenshot "$shots/kiosk-%s.png" >>"$data/kiosk.log" 2>&1 &
started $!
QHALL_PIN=1234 nohup "$bin/qhall-caller" --data "$data" --window 1 \
  --staff 1001 --screenshot "$shots/caller-%s.png" >>"$data/caller.log" 2>&1 &
started $!
nohup "$bin/qhall-display" --data "$data" --windowed --size 1280x720 \
  --screenshot "$shots/display-%s.png" >>"$data/display.log" 2>&1 &
started $!

cat <<EOT
The hall is open $headless
  qhalld          $data (qhall.db, qhalld.log)
  kiosk           touch a queue, then an item, then 取号
  caller          window 1, staff 1001 (PIN 1234): F1 calls the next
  lobby display   shows and speaks each call
  web             http://$http/display?token=$tv_token
                  http://$http/console (staff 2001, PIN 2468)
                  a ticket's page: the QR, or http://$http/t/DAY/NUMBER?k=KEY
Try from a shell:
  export QHALL_DATA=$data
  build/bin/qhall take A        # a citizen takes a number
  build/bin/qhall call 1        # window 1 calls it; the display shows it
  build/bin/qhall status
Close the hall: bash scripts/start.sh stop
EOT
