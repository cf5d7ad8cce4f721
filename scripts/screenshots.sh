#!/usr/bin/env bash
# Regenerates the dashboard screenshots of README and docs/ (light and
# dark) with the real-browser test: `timeless sim` fills a store, `timeless
# serve` serves it with a firing rule, headless Chromium renders `/`.
# Usage: scripts/screenshots.sh [BUILD_DIR]   (default build/release)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/release}
python3 test/clients/browser_dashboard_test.py "$build/apps/timeless" \
  --screenshots docs/images
