#!/usr/bin/env bash
# Installs what Sourcelight needs on a fresh Debian/Ubuntu machine: Chromium for the real-browser
# tests and the demo (from the distribution, never a downloaded browser build), then npm packages.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${CHROMIUM_PATH:-}" ] && ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1; then
  echo "== Installing Chromium (Debian package)"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "== Installing npm packages (npm ci)"
  npm ci --no-audit --no-fund
fi
