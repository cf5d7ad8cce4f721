#!/usr/bin/env bash
# Installs the Debian packages Timeless needs to build, test and benchmark.
# Idempotent: does nothing when every package is already installed.
set -euo pipefail
packages=(cmake ninja-build g++ clang clang-format git pkg-config python3
          libcaf-dev libsqlite3-dev libzstd-dev zlib1g-dev
          libgtest-dev libbenchmark-dev libcli11-dev libre2-dev
          libprotobuf-dev protobuf-compiler libsnappy-dev)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" \
    || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  echo "installing: ${missing[*]}"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq \
    --no-install-recommends "${missing[@]}"
fi
