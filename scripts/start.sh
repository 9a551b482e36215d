#!/usr/bin/env bash
# Quick start: install what is missing, build, and start the hall on its
# embedded default: the SQLite file in ./data (or $QHALL_DATA) and the demo
# catalog. The screens are not built yet: this starts qhalld and shows how
# to drive it with qhall.
set -euo pipefail
cd "$(dirname "$0")/.."
top=$(pwd)
data=${QHALL_DATA:-$top/data}

bash scripts/install-deps.sh
bash scripts/build.sh build

mkdir -p "$data"
if build/bin/qhall --data "$data" status >/dev/null 2>&1; then
  echo "qhalld is already running on $data"
else
  nohup build/bin/qhalld --data "$data" >>"$data/qhalld.log" 2>&1 &
  for _ in $(seq 50); do
    build/bin/qhall --data "$data" status >/dev/null 2>&1 && break
    sleep 0.1
  done
  build/bin/qhall --data "$data" status >/dev/null ||
    { echo "qhalld did not start; see $data/qhalld.log" >&2; exit 1; }
  echo "qhalld started (pid $!), log in $data/qhalld.log"
fi
cat <<EOT

The hall is open. Try:
  export QHALL_DATA=$data
  build/bin/qhall take A                 # a citizen takes a number
  build/bin/qhall take F --priority      # 绿色通道
  build/bin/qhall call 1                 # window 1 calls the next
  build/bin/qhall status                 # queues and windows
  build/bin/qhall watch                  # events as they happen
Stop it with: kill \$(head -1 $data/qhalld.lock)
EOT
