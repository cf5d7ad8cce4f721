#!/usr/bin/env bash
# The seed's fixes, each switched off alone, side by side in one run, on the
# seed workload and on vs-vm (docs/ablation.md).
#   scripts/ablation.sh [BUILD_DIR]     (default build/release)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-build/release}/apps/timeless
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
field() { python3 -c "import json,sys; r=json.load(sys.stdin); print($1)"; }
echo "| workload | switched off | points/s | CPU s/M pts | bytes/pt | query d p50 us |"
echo "|---|---|---|---|---|---|"
for workload in seed vs-vm; do
  extra=()
  [ "$workload" = vs-vm ] && extra=(--duration 30d)
  for off in none bulk_write single_pass_flush statement_cache \
             sharded_builders one_query_multi_read; do
    args=()
    [ "$off" = none ] || args=(--ablate "$off")
    json=$("$bin" sim --fresh --quiet --json --data-dir "$dir/data" \
             --workload "$workload" --query-runs 100 "${extra[@]}" "${args[@]}")
    row=$(echo "$json" | field \
      "'%.2f M | %.3f | %.3f | %.0f' % (r['points_per_second']/1e6, r['cpu_seconds_per_million'], r['bytes_per_point'], r['queries'][3]['p50_us'])")
    echo "| $workload | $off | $row |"
  done
done
