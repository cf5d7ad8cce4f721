#!/usr/bin/env bash
# Ingest rate and resident memory against the number of active series: the
# seed's scale thresholds (../shared/brief/seed.md) measured with
# `timeless sim` (seed workload, devices x 20 metrics at 10 s), one run per
# series count. Prints a markdown table (docs/benchmarks.md, "Scale").
#   scripts/scale.sh [BUILD_DIR]     (default build/release)
# Environment: SCALE_SERIES, series counts, default
# "10000 50000 200000 1000000 1000000:100" (SERIES:CYCLES fixes the cycles);
# SCALE_POINTS, points per run otherwise (default 50000000; at least 5
# cycles a run).
# Goal (issue 4): at 1M series >= 50% of the 10K-series rate and
# <= 1.5 KiB of peak RSS per series.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(realpath -m "${1:-build/release}")/apps/timeless
series_list=${SCALE_SERIES:-10000 50000 200000 1000000 1000000:100}
points=${SCALE_POINTS:-50000000}
metrics=20
[ -x "$bin" ] || { echo "no $bin (build first, or pass BUILD_DIR)" >&2; exit 2; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

for spec in $series_list; do
  series=${spec%%:*}
  devices=$((series / metrics))
  cycles=$(((points + series - 1) / series))
  [ "$cycles" -ge 5 ] || cycles=5
  [ "$spec" = "$series" ] || cycles=${spec#*:}
  echo "scale: $series series ($devices devices), $cycles cycles" >&2
  if ! /usr/bin/time -f '%M' -o "$dir/time" \
    "$bin" sim --fresh --quiet --json --data-dir "$dir/data" \
    --devices "$devices" --metrics "$metrics" --cycles "$cycles" \
    --query-runs 5 --raw-retention forever >"$dir/sim.json" 2>"$dir/err"; then
    cat "$dir/err" >&2
    echo "| $series | $devices × 20 | $cycles | failed: $(grep -v 'exit status' "$dir/err" | tail -n 1) |" >>"$dir/failed"
    rm -rf "$dir/data"
    continue
  fi
  rm -rf "$dir/data"
  # One line per run: the sim's report and the peak RSS (KiB) of the process.
  echo "$(tail -n 1 "$dir/time") $(cat "$dir/sim.json")" >>"$dir/runs"
done

touch "$dir/runs" "$dir/failed"
python3 - "$dir/runs" "$dir/failed" <<'PY'
import json, sys
runs = []
for line in open(sys.argv[1]):
    rss_kb, report = line.split(" ", 1)
    r = json.loads(report)
    assert r["read_back_ok"], "read-back mismatch"
    runs.append((int(rss_kb), r))
b_rss, b = runs[0]
print("| series | devices × metrics | cycles | points | ingest s | points/s "
      "| vs first | CPU s/M pts | peak RSS MiB | RSS KiB/series "
      "| marginal KiB/series | bytes/point |")
print("|" + "---|" * 12)
for rss, r in runs:
    n = r["series"]
    marginal = (f"{(rss - b_rss) / (n - b['series']):.2f}"
                if n > b["series"] else "–")
    print(f"| {n:,} | {n // 20:,} × 20 | {r['points'] // n:,} | "
          f"{r['points']:,} | {r['seconds']:.2f} | "
          f"{r['points_per_second'] / 1e6:.2f} M | "
          f"{r['points_per_second'] / b['points_per_second'] * 100:.0f} % | "
          f"{r['cpu_seconds_per_million']:.3f} | {rss / 1024:,.0f} | "
          f"{rss / n:.2f} | {marginal} | {r['bytes_per_point']:.3f} |")
for line in open(sys.argv[2]):
    print(line, end="")
for rss, r in runs:
    if r["series"] < 1000000 or b["series"] >= r["series"]:
        continue
    rel = r["points_per_second"] / b["points_per_second"]
    kib = rss / r["series"]
    print(f"\n{r['series']:,} series, {r['points'] // r['series']} cycles: "
          f"{rel * 100:.0f} % of the {b['series']:,}-series rate (goal ≥ 50 %: "
          f"{'met' if rel >= 0.5 else 'missed'}), {kib:.2f} KiB of peak RSS "
          f"per series (goal ≤ 1.5: {'met' if kib <= 1.5 else 'missed'}).")
PY
