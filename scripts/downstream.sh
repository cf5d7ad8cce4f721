#!/usr/bin/env bash
# Proves the installed package works for a project outside the build tree
# (docs/package.md):
#   scripts/downstream.sh [BUILD_TREE]        (default build/release)
#     cmake --install BUILD_TREE into a fresh temporary prefix, then builds
#     docs/examples/downstream against it (find_package(Timeless) with
#     CMAKE_PREFIX_PATH=prefix) and the blocking example with
#     `pkg-config --cflags --libs timeless`, runs the three programs and
#     checks that each wrote its points and read them back.
#   scripts/downstream.sh --deb [BUILD_TREE]  (root only)
#     cpack -G DEB in BUILD_TREE, dpkg -i the package, the same checks
#     against /usr (no prefix given), `timeless --version` from /usr/bin,
#     then dpkg --purge: the machine is left as it was found. Refuses to run
#     when a timeless package or /usr/bin/timeless, /usr/include/timeless is
#     already there.
# Everything temporary is removed on exit, on success or failure.
set -euo pipefail
cd "$(dirname "$0")/.."
src=$PWD

deb=0
if [ "${1:-}" = "--deb" ]; then
  deb=1
  shift
fi
tree=$(realpath "${1:-build/release}")
[ -f "$tree/CMakeCache.txt" ] || {
  echo "downstream: $tree is not a configured build tree" >&2
  exit 2
}

tmp=$(mktemp -d)
installed_deb=0
cleanup() {
  if [ "$installed_deb" -eq 1 ]; then
    dpkg --purge timeless >/dev/null || echo "downstream: dpkg --purge timeless failed" >&2
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

# Runs a program; it must exit 0 and print both lines (as extended regexes).
expect_run() { # name, wrote-regex, read-regex, command...
  local name=$1 wrote=$2 read=$3
  shift 3
  local out
  if ! out=$("$@" 2>&1); then
    echo "$out"
    echo "downstream: $name failed" >&2
    return 1
  fi
  echo "$out" | sed "s/^/  $name: /"
  echo "$out" | grep -Eq "$wrote" || { echo "downstream: $name did not write" >&2; return 1; }
  echo "$out" | grep -Eq "$read" || { echo "downstream: $name did not read back" >&2; return 1; }
}

if [ "$deb" -eq 1 ]; then
  [ "$(id -u)" -eq 0 ] || { echo "downstream --deb: needs root (dpkg -i)" >&2; exit 2; }
  if dpkg-query -W -f='${Status}' timeless 2>/dev/null | grep -q installed \
      || [ -e /usr/bin/timeless ] || [ -e /usr/include/timeless ]; then
    echo "downstream --deb: timeless is already installed here; not touching it" >&2
    exit 2
  fi
  echo "== cpack -G DEB"
  (cd "$tmp" && cpack -G DEB --config "$tree/CPackConfig.cmake" -B "$tmp/deb" >/dev/null)
  pkg=$(ls "$tmp"/deb/timeless_*.deb)
  dpkg-deb --field "$pkg" Package Version Depends
  echo "== dpkg -i $(basename "$pkg")"
  installed_deb=1
  dpkg -i "$pkg" >/dev/null
  prefix=/usr
  prefix_args=()
  pc_path=""
  /usr/bin/timeless --version | sed 's/^/  /'
else
  prefix=$tmp/prefix
  echo "== cmake --install $tree --prefix $prefix"
  cmake --install "$tree" --prefix "$prefix" >/dev/null
  prefix_args=("-DCMAKE_PREFIX_PATH=$prefix")
  pc_path=$(dirname "$(find "$prefix" -name timeless.pc)")
  "$prefix/bin/timeless" --version | sed 's/^/  /'
fi

echo "== find_package(Timeless) in docs/examples/downstream"
cmake -S "$src/docs/examples/downstream" -B "$tmp/build" -G Ninja \
  -DCMAKE_BUILD_TYPE=Release "${prefix_args[@]}" >"$tmp/configure.log" \
  || { cat "$tmp/configure.log"; exit 1; }
# The package must come from the prefix, not from the source or build tree.
timeless_dir=$(sed -n 's/^Timeless_DIR:PATH=//p' "$tmp/build/CMakeCache.txt")
case "$timeless_dir" in
  "$prefix"/*) echo "  Timeless_DIR=$timeless_dir" ;;
  *) echo "downstream: Timeless found in $timeless_dir, not under $prefix" >&2; exit 1 ;;
esac
cmake --build "$tmp/build" >/dev/null
expect_run embedded "^wrote 100 points" "^read back 100 points of temperature" \
  "$tmp/build/embedded" "$tmp/embedded-data"
expect_run blocking "^wrote 180 points" "^read back 180 points after reopening" \
  "$tmp/build/blocking" "$tmp/blocking-data"

echo "== pkg-config --cflags --libs timeless"
flags=$(PKG_CONFIG_PATH="$pc_path" pkg-config --cflags --libs timeless)
echo "  $flags"
# shellcheck disable=SC2086
c++ -std=c++20 -Wall -Wextra -Werror "$src/docs/examples/downstream/blocking.cpp" \
  -o "$tmp/blocking-pc" $flags
expect_run blocking-pc "^wrote 180 points" "^read back 180 points after reopening" \
  "$tmp/blocking-pc" "$tmp/blocking-pc-data"

echo "downstream: ok ($([ "$deb" -eq 1 ] && echo ".deb under /usr" || echo "prefix install"))"
