#!/usr/bin/env bash
# README's first command: installs what is needed, builds the `timeless`
# command and runs the ingest simulator on its default (the seed workload:
# 100 devices x 20 metrics, 4,320 collection cycles = 8.64M points) into
# ./data, then reads everything back and times the six queries.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build/release -j"$(nproc)" --target timeless_cli
build/release/apps/timeless sim --fresh --data-dir ./data "$@"
