#!/usr/bin/env bash
# Lighthouse (npm) with Debian's Chromium against a running production build.
#   bash bench/lighthouse.sh http://localhost:3000/s/<code> [more URLs…]
# Installs lighthouse into bench/.lighthouse on first use. Prints performance and
# accessibility scores and the main timings for each URL (mobile form factor, default
# simulated throttling).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
lh="$here/.lighthouse/node_modules/.bin/lighthouse"
if [ ! -x "$lh" ]; then
  npm install --prefix "$here/.lighthouse" --no-audit --no-fund --loglevel=error lighthouse@13 >/dev/null
fi
out="$(mktemp -d)"
for url in "$@"; do
  CHROME_PATH=/usr/bin/chromium "$lh" "$url" --only-categories=performance,accessibility --form-factor=mobile \
    --chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync" \
    --output=json --output-path="$out/report.json" --quiet
  python3 - "$url" "$out/report.json" <<'PY'
import json, sys
url, path = sys.argv[1], sys.argv[2]
r = json.load(open(path))
cats = r["categories"]
timings = {k: r["audits"][k]["displayValue"] for k in
           ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift")}
print(f"| {url} | {round(cats['performance']['score'] * 100)} | {round(cats['accessibility']['score'] * 100)} | "
      f"{timings['first-contentful-paint']} | {timings['largest-contentful-paint']} | {timings['total-blocking-time']} | "
      f"{timings['cumulative-layout-shift']} |")
for ref in cats["accessibility"]["auditRefs"]:
    a = r["audits"][ref["id"]]
    if a.get("score") is not None and a["score"] < 1 and ref.get("weight", 0) > 0:
        print(f"  accessibility: {a['title']}")
PY
done
