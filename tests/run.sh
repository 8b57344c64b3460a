#!/usr/bin/env bash
# Runs every test of camnang. This is the test command the README gives and
# the one CI runs. It installs what the tests need and is safe to rerun:
#   - Java (for the Nu HTML Checker) and Chromium (for browser tests), from
#     Debian's packages, if missing;
#   - the Node packages in tests/browser (vnu-jar, playwright-core), when not
#     yet installed or when package-lock.json changed.
# Then: cargo test (unit and integration tests), the browser tests
# (node --test in tests/browser, driving /usr/bin/chromium), and a smoke
# build of the 1,000-lesson bench corpus (bench/build.py --check).
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v java >/dev/null 2>&1 || need_apt+=(default-jre-headless)
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
command -v python3 >/dev/null 2>&1 || need_apt+=(python3)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "tests/run.sh: installing ${need_apt[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}"
fi

lock=tests/browser/package-lock.json
stamp=tests/browser/node_modules/.package-lock.json
if [ ! -f tests/browser/node_modules/vnu-jar/build/dist/vnu.jar ] || [ ! -d tests/browser/node_modules/playwright-core ] || [ "$lock" -nt "$stamp" ]; then
  echo "tests/run.sh: installing Node test tools (npm ci in tests/browser)" >&2
  # --ignore-scripts: no package here needs its install script (vnu-jar's
  # only looks for Java; Playwright uses Debian's Chromium, never a download).
  npm ci --prefix tests/browser --ignore-scripts --no-audit --no-fund
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
cargo test "$@" 2>&1 | tee "$log"
cargo_status=${PIPESTATUS[0]}
(cd tests/browser && node --test) 2>&1 | tee -a "$log"
node_status=${PIPESTATUS[0]}
# Issue 8's smoke run: the 1,000-lesson bench corpus builds completely
# (with the binary cargo test built; nothing is timed).
binary=target/debug/camnang
[[ " $* " == *" --release "* ]] && binary=target/release/camnang
python3 bench/build.py --check 1000 --binary "$binary"
smoke_status=$?
set -e
# One closing line for the whole run (cargo prints one per test binary,
# node one for the browser tests).
awk '/^test result:/ { for (i = 1; i <= NF; i++) { if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^failed/) f += $i } }
     /^# pass / { p += $3 }
     /^# fail / { f += $3 }
     END { printf "tests: %d passed, %d failed\n", p, f }' "$log"
[ "$smoke_status" -eq 0 ] || echo "tests: the 1,000-lesson smoke build failed"
[ "$cargo_status" -eq 0 ] && [ "$node_status" -eq 0 ] && [ "$smoke_status" -eq 0 ]
