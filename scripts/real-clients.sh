#!/usr/bin/env bash
# The real-client tests (test/clients/) for people: builds the release
# tree's `timeless` and runs Prometheus 2.42 as the PromQL oracle against it
# for longer than CI does.
#   scripts/real-clients.sh [BUILD_DIR]      (default build/release)
# Then test/clients/random_queries.py runs seeded random queries on the
# promtool data set (exploratory: a difference there may be one of the known
# classes in docs/promql.md, "Checked against Prometheus").
# Environment: TIMELESS_CLIENTS_SECONDS, how long Prometheus scrapes
# node-exporter and itself and remote-writes into Timeless (default 180);
# TIMELESS_RANDOM_SEEDS (default "1 2 3", 300 queries each).
# Needs Debian's prometheus, promtool and prometheus-node-exporter
# (scripts/install-deps.sh); every process runs on 127.0.0.1 with its own
# temporary data directory and is stopped by its pid.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/release}
if [ ! -f "$build/build.ninja" ]; then
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DTIMELESS_BENCH=OFF
fi
cmake --build "$build" -j2 --target timeless_cli
bin=$(realpath "$build/apps/timeless")
export TIMELESS_CLIENTS_SECONDS=${TIMELESS_CLIENTS_SECONDS:-180}
export PYTHONDONTWRITEBYTECODE=1
status=0
for t in promtool remote_write; do
  echo "== test/clients/${t}_test.py (TIMELESS_CLIENTS_SECONDS=$TIMELESS_CLIENTS_SECONDS)"
  rc=0
  python3 "test/clients/${t}_test.py" "$bin" || rc=$?
  case $rc in
    0) ;;
    77) echo "== $t skipped" ;;
    *) echo "== $t FAILED ($rc)"; status=1 ;;
  esac
done
for seed in ${TIMELESS_RANDOM_SEEDS:-1 2 3}; do
  echo "== test/clients/random_queries.py seed $seed"
  rc=0
  python3 test/clients/random_queries.py "$bin" "$seed" 300 || rc=$?
  case $rc in
    0) ;;
    77) echo "== random queries skipped" ;;
    *) echo "== random queries seed $seed FAILED ($rc)"; status=1 ;;
  esac
done
exit $status
