#!/usr/bin/env bash
# The main job: install, build, and show the extension at work on the demo pages.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
npm run build:chrome
npm run demo
