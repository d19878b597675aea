#!/usr/bin/env bash
# Screenshots of built pages in headless Chromium, for looking at what readers see.
# Usage: scripts/screenshot.sh OUTPUT_DIR SHOTS_DIR WIDTH page/path/index.html [more pages...]
set -euo pipefail
output=$1 shots=$2 width=$3
shift 3
mkdir -p "$shots"
port=$((20000 + RANDOM % 20000))
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$output" >/dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null' EXIT
sleep 0.5
for page in "$@"; do
  name=$(echo "$page" | tr '/' '_' | sed 's/_index.html$//; s/^$/home/')
  profile=$(mktemp -d)
  chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run --user-data-dir="$profile" \
    --hide-scrollbars --window-size="$width,${HEIGHT:-2400}" \
    --screenshot="$shots/${name:-home}-$width.png" "http://127.0.0.1:$port/$page" >/dev/null 2>&1 || true
  rm -rf "$profile"
done
