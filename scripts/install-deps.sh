#!/usr/bin/env bash
# Installs the Debian packages Timeless needs to build, test and benchmark.
# Idempotent: does nothing when every package is already installed.
set -euo pipefail
packages=(cmake ninja-build g++ clang clang-format git pkg-config python3
          libcaf-dev libsqlite3-dev libzstd-dev zlib1g-dev
          libgtest-dev libbenchmark-dev libcli11-dev libre2-dev
          libprotobuf-dev protobuf-compiler libsnappy-dev libboost-dev curl
          libxml2-dev
          prometheus prometheus-node-exporter victoria-metrics chromium)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" \
    || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  echo "installing: ${missing[*]}"
  # prometheus, prometheus-node-exporter and victoria-metrics are only run
  # by the tests (test/clients/), never as services. Their postinst starts them with
  # invoke-rc.d (sysvinit script) and deb-systemd-invoke (only when systemd
  # runs). Where no init runs (containers, CI) invoke-rc.d finds no
  # runlevel and starts nothing; where one runs, both ask policy-rc.d, whose
  # answer 101 ("action forbidden") keeps the daemons stopped. Ours is
  # removed afterwards; an existing one (as Docker images ship) is left
  # alone. Under systemd the units are still enabled for the next boot:
  # `systemctl disable prometheus prometheus-node-exporter` if that matters.
  policy=/usr/sbin/policy-rc.d
  own_policy=""
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | $sudo_cmd tee "$policy" >/dev/null
    $sudo_cmd chmod 755 "$policy"
    own_policy=1
    trap '$sudo_cmd rm -f "$policy"' EXIT
  fi
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq \
    --no-install-recommends "${missing[@]}"
  [ -z "$own_policy" ] || { $sudo_cmd rm -f "$policy"; trap - EXIT; }
fi
