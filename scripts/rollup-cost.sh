#!/usr/bin/env bash
# What rollups and retention running during ingest cost (docs/benchmarks.md):
# `timeless sim` with both switched off and with both running every second,
# alternately, side by side in one run; prints each run and the median ratio.
#   scripts/rollup-cost.sh [BUILD_DIR] [RUNS]      (default build/release, 3)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-build/release}/apps/timeless
runs=${2:-3}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
# Seed workload, 2 days at 10 s: 34.56M points, long enough for several
# rollup and retention passes. The data is older than the hourly tier's
# 30 days, so retention also deletes hourly rows as they are made.
common=(--workload seed --cycles 17280 --query-runs 10 --quiet --json)
declare -A rates
echo "| run | rollups + retention | points/s | CPU s/M pts | hourly rows | daily rows |"
echo "|---|---|---|---|---|---|"
for ((i = 1; i <= runs; ++i)); do
  for mode in off on; do
    if [ "$mode" = off ]; then
      flags=(--rollup-interval off --retention-interval off)
    else
      flags=(--rollup-interval 1s --retention-interval 1s)
    fi
    json=$("$bin" sim --fresh --data-dir "$dir/data" "${common[@]}" "${flags[@]}")
    info=$("$bin" info --data-dir "$dir/data" --json)
    row=$(python3 - "$json" "$info" <<'PY'
import json, sys
r = json.loads(sys.argv[1]); i = json.loads(sys.argv[2])
rows = {t["name"]: t["rows"] for t in i.get("tiers", [])}
print("%.3f|%.3f|%d|%d" % (r["points_per_second"] / 1e6,
      r["cpu_seconds_per_million"], rows.get("hourly", 0), rows.get("daily", 0)))
PY
)
    IFS='|' read -r rate cpu hourly daily <<<"$row"
    rates[$mode]+="$rate "
    echo "| $i | $mode | ${rate} M | $cpu | $hourly | $daily |"
  done
done
python3 - "${rates[off]}" "${rates[on]}" <<'PY'
import statistics, sys
off = statistics.median(map(float, sys.argv[1].split()))
on = statistics.median(map(float, sys.argv[2].split()))
print()
print("median points/s: off %.3f M, on %.3f M; on/off = %.3f (cost %.1f %%)"
      % (off, on, on / off, 100 * (1 - on / off)))
PY
