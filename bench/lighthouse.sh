#!/usr/bin/env bash
# Lighthouse (mobile) on the bundled site's main kinds of page: prints the
# performance, accessibility, best-practices and SEO scores of each.
# Targets: 100 for accessibility, best practices and SEO; 95+ for
# performance. The 404 page scores lower on SEO by design: it asks search
# engines not to index it (and python's server sends it with status 200).
# Not part of CI (Lighthouse is large and its performance
# score varies with the machine).
#   bash bench/lighthouse.sh
# Needs Chromium (tests/run.sh installs it) and npm (fetches lighthouse).
set -euo pipefail
cd "$(dirname "$0")/.."
LIGHTHOUSE_VERSION=13.5.0
port=${PORT:-8765}
dir=$(mktemp -d)
trap 'kill "${server:-0}" 2>/dev/null || true; rm -rf "$dir"' EXIT
cargo build --release --quiet
target/release/camnang build --base-url "http://127.0.0.1:$port/" -o "$dir/public" >/dev/null
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$dir/public" >/dev/null 2>&1 &
server=$!
sleep 1
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}
printf '%-36s %5s %5s %5s %5s\n' page perf a11y bp seo
for path in "" ky-nang/an-toan/ vneid/dang-ky-muc-1/ giao-vien/thanh-phan-hinh-anh/ tim-kiem/ 404.html; do
  npx --yes "lighthouse@$LIGHTHOUSE_VERSION" "http://127.0.0.1:$port/$path" \
    --quiet --output=json --output-path="$dir/report.json" \
    --only-categories=performance,accessibility,best-practices,seo \
    --chrome-flags="--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run" \
    >/dev/null 2>&1 || { echo "lighthouse failed on /$path" >&2; continue; }
  node -e '
    const r = require(process.argv[1]), c = r.categories, s = (k) => Math.round(c[k].score * 100);
    console.log(`${("/" + process.argv[2]).padEnd(36)} ${String(s("performance")).padStart(5)} ${String(s("accessibility")).padStart(5)} ${String(s("best-practices")).padStart(5)} ${String(s("seo")).padStart(5)}`);
  ' "$dir/report.json" "$path"
done
