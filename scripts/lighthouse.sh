#!/usr/bin/env bash
# Lighthouse on the reference site: builds it (release), serves it on 127.0.0.1 as a production
# host would (scripts/lighthouse/serve.mjs: gzip, long caching of the hashed theme files), runs
# Lighthouse (mobile, its default form factor and simulated throttling) RUNS times on the home
# page, a province page and a bulletin, and prints a Markdown table of the median scores, the
# metrics, and every audit that failed with what it points at. Exits 1 when a median is below a
# target: Performance 95, Accessibility 100, Best Practices 100, SEO 100.
#
# Usage: scripts/lighthouse.sh            (RUNS=5 scripts/lighthouse.sh for more runs)
#
# Needs node and npm (Lighthouse 12.8.2 from scripts/lighthouse/package-lock.json, installed with
# `npm ci` on first use), Debian's Chromium (CHROME_PATH, default /usr/bin/chromium) and cargo.
# The JSON reports are kept in target/lighthouse/. Not part of CI: a measure people run.
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${RUNS:-3}
pages=(/ /provinces/thua-thien-hue/ /bulletins/2022-07-thua-thien-hue/)
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}
tools=scripts/lighthouse
reports=target/lighthouse

log() { printf '== %s\n' "$*" >&2; }

[ -x "$CHROME_PATH" ] || { echo "no Chromium at $CHROME_PATH (apt-get install chromium)" >&2; exit 2; }
if [ ! -x "$tools/node_modules/.bin/lighthouse" ]; then
  log "installing Lighthouse (npm ci in $tools)"
  # --ignore-scripts: nothing in it needs an install step, and no browser is downloaded.
  npm ci --ignore-scripts --no-audit --no-fund --prefix "$tools" >&2
fi

log "building the reference site (release)"
CARGO_BUILD_JOBS=${CARGO_BUILD_JOBS:-1} cargo build --release --quiet
scratch=$(mktemp -d)
server=
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null
  rm -rf "$scratch"
}
trap cleanup EXIT
target/release/bulletin build --lang en --output "$scratch/site" >&2

node "$tools/serve.mjs" "$scratch/site" "$scratch/port" &
server=$!
for _ in $(seq 50); do [ -s "$scratch/port" ] && break; sleep 0.1; done
[ -s "$scratch/port" ] || { echo "the server did not start" >&2; exit 2; }
origin="http://127.0.0.1:$(cat "$scratch/port")"

rm -rf "$reports"
mkdir -p "$reports"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for i in "${!pages[@]}"; do
  page=${pages[$i]}
  # Numbered, so the report lists the pages in this order.
  slug=$(echo "$page" | tr -c 'a-z0-9-\n' '_' | sed 's/^_*//; s/_*$//')
  name=$((i + 1))-${slug:-home}
  for run in $(seq "$runs"); do
    log "Lighthouse $run/$runs: $page"
    "$tools/node_modules/.bin/lighthouse" "$origin$page" \
      --quiet \
      --only-categories=performance,accessibility,best-practices,seo \
      --chrome-flags="--headless=new --no-sandbox --disable-gpu" \
      --output=json --output-path="$reports/$name.$run.report.json"
  done
done

cat <<EOF
Machine: $(nproc) cores; load (1, 5, 15 min) $load_before before the runs, $(cut -d' ' -f1-3 /proc/loadavg) after;
$("$CHROME_PATH" --version 2>/dev/null | head -n1); Lighthouse $("$tools/node_modules/.bin/lighthouse" --version); node $(node --version); $(date -u '+%Y-%m-%d %H:%M UTC').

EOF
node "$tools/report.mjs" "$reports"
