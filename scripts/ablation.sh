#!/usr/bin/env bash
# The seed's fixes, each switched off alone, side by side in one run, on the
# seed workload and on vs-vm (docs/ablation.md). Every configuration runs
# ROUNDS times, the rounds interleaved (each round runs every configuration
# once), and the table shows medians, so that a burst of load on a shared
# machine moves one sample of each configuration, not one row.
#   scripts/ablation.sh [BUILD_DIR] [ROUNDS]     (default build/release, 3)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-build/release}/apps/timeless
rounds=${2:-3}
[ -x "$bin" ] || { echo "no $bin (build first, or pass BUILD_DIR)" >&2; exit 2; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
switches=(none bulk_write single_pass_flush statement_cache sharded_builders
          one_query_multi_read)
for ((r = 1; r <= rounds; ++r)); do
  for workload in seed vs-vm; do
    extra=()
    [ "$workload" = vs-vm ] && extra=(--duration 30d)
    for off in "${switches[@]}"; do
      args=()
      [ "$off" = none ] || args=(--ablate "$off")
      "$bin" sim --fresh --quiet --json --data-dir "$dir/data" \
        --workload "$workload" --query-runs 100 "${extra[@]}" "${args[@]}" \
        >"$dir/$workload.$off.$r.json"
    done
  done
done
python3 - "$dir" "$rounds" "${switches[@]}" <<'PY'
import json, statistics, sys
d, rounds, switches = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
print("| workload | switched off | points/s | CPU s/M pts | bytes/pt | query d p50 us |")
print("|---|---|---|---|---|---|")
for w in ("seed", "vs-vm"):
    for off in switches:
        rs = [json.load(open(f"{d}/{w}.{off}.{r}.json")) for r in range(1, rounds + 1)]
        med = lambda f: statistics.median(f(r) for r in rs)
        print("| %s | %s | %.2f M | %.3f | %.3f | %.0f |" % (
            w, off, med(lambda r: r["points_per_second"]) / 1e6,
            med(lambda r: r["cpu_seconds_per_million"]),
            med(lambda r: r["bytes_per_point"]),
            med(lambda r: r["queries"][3]["p50_us"])))
PY
