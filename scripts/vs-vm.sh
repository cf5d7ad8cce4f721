#!/usr/bin/env bash
# Timeless and VictoriaMetrics side by side on the vs-vm data set
# (../shared/workloads/README.md), in one run: ingest rate, CPU seconds per
# million points, bytes per point and the p50/p99 of queries a-f. Prints one
# markdown table (docs/benchmarks.md, "Side by side with VictoriaMetrics"),
# then the same over HTTP against `timeless serve` (docs/benchmarks.md,
# "Over HTTP"): Prometheus text import and remote_write replay with 1 and 4
# connections (test/clients/vm_http_load, the same client for both) and
# queries a-f (scripts/vs_vm_client.py queries, the same for both).
#   scripts/vs-vm.sh [BUILD_DIR]     (default build/release)
# VSVM_PARTS="native http" (the default) picks the tables; VSVM_SHARED
# names the shared directory when it is not ../shared; VSVM_PROM names an
# already generated `gen_vs_vm.py --format prometheus` file to use.
# Installs Debian's victoria-metrics when it is missing, starts it on a free
# port of 127.0.0.1 with a fresh data directory, and stops only that process.
# Everything it writes (the 207 MB text file, both stores) lives in one
# temporary directory removed at exit. Environment: VSVM_QUERY_RUNS (200).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
build=$(realpath -m "${1:-build/release}")
bin=$build/apps/timeless
load=$build/test/vm_http_load
runs=${VSVM_QUERY_RUNS:-200}
parts=${VSVM_PARTS:-native http}
shared=${VSVM_SHARED:-$repo/../shared} # the workloads (../shared beside the repository)
gen=$shared/workloads/gen_vs_vm.py
client=$repo/scripts/vs_vm_client.py
t0=1792872000
end=$((t0 + 30 * 86400)) # T: the end of the data
[ -x "$bin" ] || { echo "no $bin (build first, or pass BUILD_DIR)" >&2; exit 2; }
[ -f "$gen" ] || { echo "no $gen (../shared beside the repository)" >&2; exit 2; }
case " $parts " in *" http "*)
  [ -x "$load" ] || { echo "no $load (cmake --build $build --target vm_http_load)" >&2; exit 2; } ;;
esac
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
srv_pid=
stop_pid() { # graceful: SIGINT, then wait (SIGKILL after 60 s)
  [ -n "$1" ] || return 0
  kill -INT "$1" 2>/dev/null || true
  for _ in $(seq 600); do
    kill -0 "$1" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}
stop_vm() { stop_pid "$vm_pid"; vm_pid=; }
stop_srv() { stop_pid "$srv_pid"; srv_pid=; }
trap 'stop_vm; stop_srv; rm -rf "$dir"' EXIT
trap 'exit 130' INT TERM

files_bytes() { # bytes of every regular file under the given directories
  find "$@" -type f -printf '%s\n' | awk '{s += $1} END {print s + 0}'
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

if [ -n "${VSVM_PROM:-}" ]; then # already generated (with the default t0)
  ln -s "$(realpath "$VSVM_PROM")" "$dir/vs_vm.prom"
else
  log "generating the data set ($gen --format prometheus)"
  python3 "$gen" --t0 "$t0" --format prometheus >"$dir/vs_vm.prom"
fi

case " $parts " in *" native "*) ;; *) skip_native=1 ;; esac
if [ -z "${skip_native:-}" ]; then

# -- VictoriaMetrics ------------------------------------------------------------
port=$(free_port)
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
fi

# -- over HTTP: the same load client and query client for both -----------------
case " $parts " in *" http "*) ;; *) exit 0 ;; esac
start_srv() { # NAME DATA_DIR: starts a server, sets srv_pid and srv_port
  if [ "$1" = vm ]; then
    srv_port=$(free_port)
    victoria-metrics -storageDataPath="$2" -httpListenAddr="127.0.0.1:$srv_port" \
      -retentionPeriod=100y >"$2.log" 2>&1 &
    srv_pid=$!
  else # the store's defaults (--durability async), raw points kept
    "$bin" serve --data-dir "$2" --listen 127.0.0.1:0 \
      --raw-retention forever >"$2.log" 2>&1 &
    srv_pid=$!
    srv_port=
    for _ in $(seq 600); do
      srv_port=$(sed -n 's/.*listening on 127.0.0.1:\([0-9]*\) .*/\1/p' "$2.log" 2>/dev/null || true)
      [ -n "$srv_port" ] && break
      sleep 0.1
    done
  fi
  python3 "$client" wait --port "$srv_port"
}
for srv in vm timeless; do
  flush=()
  [ "$srv" = vm ] && flush=(--flush /internal/force_flush)
  for run in text1 text4 rw1 rw4; do
    start_srv "$srv" "$dir/http_$srv.$run"
    log "over HTTP: $srv, $run (port $srv_port, pid $srv_pid)"
    case $run in
      text*) args=(text --file "$dir/vs_vm.prom") ;;
      rw*) args=(rw --t0 "$t0" --days 30 --devices 50 --samples-per-request 1000) ;;
    esac
    "$load" "${args[@]}" --port "$srv_port" --pid "$srv_pid" \
      --connections "${run: -1}" "${flush[@]}" >"$dir/http_${srv}_$run.json"
    if [ "$run" = text1 ]; then
      log "over HTTP: $srv, queries a-f ($runs runs each)"
      python3 "$client" queries --port "$srv_port" --end "$end" --runs "$runs" \
        >"$dir/http_${srv}_queries.json"
    fi
    stop_srv
    rm -rf "$dir/http_$srv.$run"
  done
done
echo
python3 "$client" http-table --dir "$dir"
