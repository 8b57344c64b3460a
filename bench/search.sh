#!/usr/bin/env bash
# Search benchmark: builds the bench corpus at each size given (default
# 1000) and prints index size, file count, index build time, and the
# requests and raw bytes of first and later queries, measured in Chromium.
#   bash bench/search.sh 1000 10000
#   bash bench/search.sh --uniform 1000     # the worst case: no lesson stands out
# Needs what tests/run.sh installs (Chromium, tests/browser/node_modules).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
flags=()
sizes=()
for a in "$@"; do
  if [ "$a" = --uniform ]; then flags+=(--uniform); else sizes+=("$a"); fi
done
[ ${#sizes[@]} -gt 0 ] || sizes=(1000)
for n in "${sizes[@]}"; do
  dir=$(mktemp -d)
  python3 bench/gen_corpus.py "${flags[@]}" "$n" "$dir/site"
  echo "== $n lessons ${flags[*]:-}"
  target/release/camnang --root "$dir/site" build -o "$dir/public" --verbose 2>&1 | grep -E "search index|Built"
  node bench/search.mjs "$dir/public"
  rm -rf "$dir"
done
