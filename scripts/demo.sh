#!/usr/bin/env bash
# The main job: install, build, and show the extension at work on the demo pages.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
# A test build: the demo reads what the overlay drew from its host element and open shadow root.
npm run build:test:chrome
npm run demo
