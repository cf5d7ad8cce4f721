#!/usr/bin/env bash
# Timeless and VictoriaMetrics side by side on the vs-vm data set
# (../shared/workloads/README.md), in one run: ingest rate, CPU seconds per
# million points, bytes per point and the p50/p99 of queries a-f. Prints one
# markdown table (docs/benchmarks.md, "Side by side with VictoriaMetrics").
#   scripts/vs-vm.sh [BUILD_DIR]     (default build/release)
# Installs Debian's victoria-metrics when it is missing, starts it on a free
# port of 127.0.0.1 with a fresh data directory, and stops only that process.
# Everything it writes (the 207 MB text file, both stores) lives in one
# temporary directory removed at exit. Environment: VSVM_QUERY_RUNS (200).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
bin=$(realpath -m "${1:-build/release}")/apps/timeless
runs=${VSVM_QUERY_RUNS:-200}
shared=$repo/../shared
gen=$shared/workloads/gen_vs_vm.py
client=$repo/scripts/vs_vm_client.py
t0=1792872000
end=$((t0 + 30 * 86400)) # T: the end of the data
[ -x "$bin" ] || { echo "no $bin (build first, or pass BUILD_DIR)" >&2; exit 2; }
[ -f "$gen" ] || { echo "no $gen (../shared beside the repository)" >&2; exit 2; }
log() { echo "vs-vm: $*" >&2; }

if ! command -v victoria-metrics >/dev/null; then
  log "installing victoria-metrics"
  sudo=()
  [ "$(id -u)" = 0 ] || sudo=(sudo)
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq victoria-metrics >/dev/null
fi

dir=$(mktemp -d)
vm_pid=
stop_vm() { # graceful: SIGINT, then wait (SIGKILL after 60 s)
  [ -n "$vm_pid" ] || return 0
  kill -INT "$vm_pid" 2>/dev/null || true
  for _ in $(seq 600); do
    kill -0 "$vm_pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$vm_pid" 2>/dev/null || true
  wait "$vm_pid" 2>/dev/null || true
  vm_pid=
}
trap 'stop_vm; rm -rf "$dir"' EXIT
trap 'exit 130' INT TERM

files_bytes() { # bytes of every regular file under the given directories
  find "$@" -type f -printf '%s\n' | awk '{s += $1} END {print s + 0}'
}

log "generating the data set ($gen --format prometheus)"
python3 "$gen" --t0 "$t0" --format prometheus >"$dir/vs_vm.prom"

# -- VictoriaMetrics ------------------------------------------------------------
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
victoria-metrics -storageDataPath="$dir/vm" -httpListenAddr="127.0.0.1:$port" \
  -retentionPeriod=100y >"$dir/vm.log" 2>&1 &
vm_pid=$!
python3 "$client" wait --port "$port"
log "VictoriaMetrics $(dpkg-query -W -f="\${Version}" victoria-metrics 2>/dev/null || true) on port $port (pid $vm_pid): loading"
python3 "$client" load --port "$port" --pid "$vm_pid" --file "$dir/vs_vm.prom" \
  --t0 "$t0" >"$dir/vm_load.json"
log "VictoriaMetrics: timing the queries ($runs runs each)"
python3 "$client" queries --port "$port" --end "$end" --runs "$runs" >"$dir/vm_queries.json"
stop_vm
vm_bytes=$(files_bytes "$dir/vm/data" "$dir/vm/indexdb")

# -- Timeless -------------------------------------------------------------------
log "timeless sim --workload vs-vm --duration 30d"
"$bin" sim --fresh --quiet --json --data-dir "$dir/sim" --workload vs-vm \
  --duration 30d --t0 "$t0" --query-runs "$runs" --raw-retention forever \
  >"$dir/sim.json"
rm -rf "$dir/sim"
log "timeless import --format prometheus"
/usr/bin/time -f '%e %U %S %M' -o "$dir/import.time" \
  "$bin" import --quiet --json --data-dir "$dir/imp" --format prometheus \
  --raw-retention forever "$dir/vs_vm.prom" >"$dir/import.json"
imp_bytes=$(files_bytes "$dir/imp")

python3 "$client" table --vm-load "$dir/vm_load.json" \
  --vm-queries "$dir/vm_queries.json" --vm-bytes "$vm_bytes" \
  --sim "$dir/sim.json" --imp "$dir/import.json" \
  --imp-time "$dir/import.time" --imp-bytes "$imp_bytes" --sim-runs "$runs"
