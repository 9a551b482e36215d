#!/usr/bin/env bash
# Every figure of docs/PERFORMANCE.md in one run, on one disk: installs what
# is missing (Debian packages), builds qhalld and qhall-bench in Release in
# build-bench/, measures the durable Redis baseline with redis-benchmark,
# then runs every phase of qhall-bench and prints the targets.
#
#   bash scripts/bench.sh [qhall-bench options...]
#
# QHALL_BENCH_DIR   where the scratch folder goes (default /var/tmp): put it
#                   on the disk to measure. Removed at the end.
# QHALL_BENCH_BUILD the build folder (default build-bench).
# Extra arguments go to qhall-bench (e.g. --seconds 5, --hostile-skip long).
set -euo pipefail
cd "$(dirname "$0")/.."

bench_dir=${QHALL_BENCH_DIR:-/var/tmp}
build=${QHALL_BENCH_BUILD:-build-bench}
redis_requests_1=${QHALL_BENCH_REDIS_1:-10000}
redis_requests_n=${QHALL_BENCH_REDIS_N:-100000}
redis_clients=50
started=$(date +%s)

# Install the Debian packages in $@ that are missing.
install_missing() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
      grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "bench: missing packages: ${missing[*]}; run this as root" >&2
    exit 1
  fi
  echo "bench: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null ||
    { apt-get update -qq &&
      apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; }
}

echo "== packages"
bash scripts/install-deps.sh
install_missing redis-server redis-tools valgrind

echo "== build (Release, $build)"
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release "-DCMAKE_C_FLAGS=-g" >/dev/null
cmake --build "$build" -j"$(nproc)" --target qhall-bench qhalld >/dev/null

mkdir -p "$bench_dir"
scratch=$(mktemp -d "$bench_dir/qhall-bench-run.XXXXXX")
redis_pid=
cleanup() {
  if [ -n "$redis_pid" ]; then
    kill "$redis_pid" 2>/dev/null || true
    wait "$redis_pid" 2>/dev/null || true
  fi
  rm -rf "$scratch"
}
trap cleanup EXIT

# Start redis-server on a private socket, durable on every write.
redis_start() {
  local dir=$scratch/redis i
  mkdir -p "$dir"
  redis-server --port 0 --unixsocket "$dir/redis.sock" --unixsocketperm 700 \
    --dir "$dir" --appendonly yes --appendfsync always --save '' \
    --daemonize no --logfile "$dir/redis.log" &
  redis_pid=$!
  for i in $(seq 100); do
    [ "$(redis-cli -s "$dir/redis.sock" ping 2>/dev/null)" = PONG ] && return 0
    sleep 0.1
  done
  echo "bench: redis-server did not answer; its log:" >&2
  cat "$dir/redis.log" >&2
  exit 1
}

# One redis-benchmark run of a take; appends
# "CLIENTS REQUESTS RPS P50_MS P99_MS" to the figures file.
redis_takes() {
  local clients=$1 requests=$2 sha=$3 csv
  csv=$(redis-benchmark -s "$scratch/redis/redis.sock" -c "$clients" \
    -n "$requests" --csv EVALSHA "$sha" 2 queue:A:seq queue:A:waiting A)
  # "test","rps","avg","min","p50","p95","p99","max" in milliseconds.
  echo "$csv" | tr -d '"' | awk -F, -v c="$clients" -v n="$requests" \
    'NR == 2 { print c, n, $2, $5, $7 }' >>"$scratch/redis.txt"
}

echo "== durable Redis baseline"
redis_start
sock=$scratch/redis/redis.sock
[ "$(redis-cli -s "$sock" config get appendfsync | tail -1)" = always ] ||
  { echo "bench: redis-server is not on appendfsync always" >&2; exit 1; }
# A take: the queue's counter goes up by one and the number joins the queue.
sha=$(redis-cli -s "$sock" script load \
  "local n = redis.call('INCR', KEYS[1]) redis.call('RPUSH', KEYS[2], ARGV[1] .. n) return n")
redis_takes 1 "$redis_requests_1" "$sha"
redis_takes "$redis_clients" "$redis_requests_n" "$sha"
echo "redis-server $(redis-server --version | sed 's/.*v=\([^ ]*\).*/\1/'):" \
  "$(redis-cli -s "$sock" get queue:A:seq) takes, AOF" \
  "$(du -sh "$scratch/redis/appendonlydir" | cut -f1)"
kill "$redis_pid"
wait "$redis_pid" 2>/dev/null || true
redis_pid=

echo "== qhall-bench"
rc=0
"$build/bin/qhall-bench" --dir "$scratch" --kiosks "$redis_clients" \
  --redis "$scratch/redis.txt" "$@" all || rc=$?
echo "== done in $(($(date +%s) - started)) s (exit $rc)"
exit $rc
