#!/usr/bin/env bash
# The real-client tests (test/clients/) for people: builds the release
# tree's `timeless` and runs Prometheus 2.42 as the PromQL oracle against it
# for longer than CI does.
#   scripts/real-clients.sh [BUILD_DIR]      (default build/release)
# Environment: TIMELESS_CLIENTS_SECONDS, how long Prometheus scrapes
# node-exporter and itself and remote-writes into Timeless (default 180).
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
exit $status
