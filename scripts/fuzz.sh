#!/usr/bin/env bash
# Build the libFuzzer targets with clang and run each for a bounded time
# (QHALL_FUZZ_SECONDS, default 30) from its committed seed corpus. A crash
# fails the run; its input is copied into fuzz/corpus/NAME/ so it becomes a
# regression case once committed.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${QHALL_FUZZ_SECONDS:-30}

CC=clang cmake -S . -B build-fuzz -DQHALL_FUZZ=ON -DCMAKE_BUILD_TYPE=Debug >/dev/null
cmake --build build-fuzz -j"$(nproc)" --target fuzz_request fuzz_config fuzz_catalog fuzz_http qhalld

work=$(mktemp -d)
trap 'rm -rf "$work" /dev/shm/qhall-fuzz-* /tmp/qhall-fuzz-conf-*' EXIT
# Every op of the daemon's own table gets seeds and dictionary words.
build-fuzz/bin/qhalld --ops-json |
  python3 fuzz/ops-seeds.py "$work/request-ops" "$work/request.dict"
status=0
for t in request config catalog http; do
  mkdir -p "$work/$t" "$work/$t-crash"
  extra=()
  if [ "$t" = request ]; then
    extra=(-dict="$work/request.dict" "$work/request-ops")
  fi
  echo "== fuzz_$t for ${seconds}s"
  if ! ASAN_OPTIONS=detect_leaks=1 build-fuzz/bin/fuzz_$t \
      -max_total_time="$seconds" -max_len=8192 -timeout=10 -rss_limit_mb=2048 \
      -artifact_prefix="$work/$t-crash/" -print_final_stats=1 \
      "${extra[@]}" "$work/$t" "fuzz/corpus/$t" >"$work/$t.log" 2>&1; then
    status=1
    tail -40 "$work/$t.log"
    for f in "$work/$t-crash"/*; do
      [ -e "$f" ] || continue
      cp "$f" "fuzz/corpus/$t/regression-$(basename "$f")"
      echo "fuzz_$t: crash input kept as fuzz/corpus/$t/regression-$(basename "$f")"
    done
  else
    grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "$work/$t.log" || true
  fi
done
exit $status
