#!/usr/bin/env bash
# Runs every test: unit tests, then the extension built and exercised in real Chromium and Firefox.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
npm test
