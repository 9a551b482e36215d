#!/usr/bin/env bash
# Install what is missing, build, and run every test: once in a normal build
# (every integration test on both stores, SQLite and PostgreSQL) and once
# under AddressSanitizer + UndefinedBehaviorSanitizer (SQLite only).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh

echo "== format"
bash scripts/format.sh --check

echo "== build"
bash scripts/build.sh build
echo "== tests"
(cd build && ctest --output-on-failure -j2 --timeout 600)

echo "== build with ASan + UBSan"
bash scripts/build.sh build-asan -DQHALL_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug
echo "== tests under ASan + UBSan"
export ASAN_OPTIONS=abort_on_error=1:detect_leaks=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
# The SQLite runs only: the PostgreSQL runs exercise the same daemon code
# above the store, and libpq is not built with the sanitizers.
(cd build-asan && ctest --output-on-failure -j2 --timeout 900 -LE store-pg)

echo "== fuzzing"
bash scripts/fuzz.sh

echo "== Debian packages"
bash tests/package/test-packages.sh
