#!/usr/bin/env bash
# Runs every test of camnang. This is the test command the README gives and
# the one CI runs. It installs what the tests need and is safe to rerun:
#   - Java (for the Nu HTML Checker), from Debian's packages, if missing;
#   - the Node packages in tests/browser (vnu-jar), when not yet installed
#     or when package-lock.json changed.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v java >/dev/null 2>&1; then
  echo "tests/run.sh: installing Java for the Nu HTML Checker" >&2
  apt-get update -qq && apt-get install -y -qq --no-install-recommends default-jre-headless
fi

lock=tests/browser/package-lock.json
stamp=tests/browser/node_modules/.package-lock.json
if [ ! -f tests/browser/node_modules/vnu-jar/build/dist/vnu.jar ] || [ "$lock" -nt "$stamp" ]; then
  echo "tests/run.sh: installing Node test tools (npm ci in tests/browser)" >&2
  # --ignore-scripts: vnu-jar's postinstall only looks for Java, which we have.
  npm ci --prefix tests/browser --ignore-scripts --no-audit --no-fund
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
cargo test "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
# One closing line for the whole run (cargo prints one per test binary).
awk '/^test result:/ { for (i = 1; i <= NF; i++) { if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^failed/) f += $i } }
     END { printf "tests: %d passed, %d failed\n", p, f }' "$log"
exit "$status"
