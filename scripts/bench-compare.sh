#!/usr/bin/env bash
# Compares this checkout with another revision on the synthetic national site, in one run on one
# machine: both programs build the same generated site, one after the other, and the table gives each
# one's time and peak memory and their ratio. A refactor should not be slower than what it
# replaced; this is how that is checked.
#
# Usage: scripts/bench-compare.sh [REVISION]       (default: the revision in bench/BASELINE)
#        RUNS=10 SCALE=large scripts/bench-compare.sh 7eaed15
# SCALE: small | medium (default) | large, as in scripts/bench.sh.
# Tools: hyperfine and GNU time, installed from Debian when missing.
# Writes the table to bench/compare.md.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BASE=${1:-$(cat "$ROOT/bench/BASELINE")}
RUNS=${RUNS:-5}
SCALE=${SCALE:-medium}
RESULTS=${RESULTS:-$ROOT/bench/compare.md}
# shellcheck source=scripts/common.sh
source "$ROOT/scripts/common.sh"
SYNTH=$(synth_args "$SCALE") || { echo "SCALE is small, medium or large" >&2; exit 2; }

install_missing hyperfine time

WORK=$(scratch_dir bulletin-compare)
cleanup() {
  git -C "$ROOT" worktree remove --force "$WORK/base-src" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

log "building this checkout (release)"
(cd "$ROOT" && cargo build --release --quiet)
NEW="$WORK/bulletin-new"
cp "$ROOT/target/release/bulletin" "$NEW"

log "building $BASE (release, its own target folder)"
git -C "$ROOT" worktree add --detach --quiet "$WORK/base-src" "$BASE"
BASE_TARGET=${BASE_TARGET:-$ROOT/target/bench-base}
(cd "$WORK/base-src" && cargo build --release --quiet --target-dir "$BASE_TARGET")
OLD="$WORK/bulletin-base"
cp "$BASE_TARGET/release/bulletin" "$OLD"

log "writing the $SCALE synthetic site"
# shellcheck disable=SC2086
"$NEW" synth --out "$WORK/site" $SYNTH >/dev/null 2>&1

LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
log "measuring, $RUNS runs each"
hyperfine --style none --runs "$RUNS" --warmup 1 \
  --prepare "rm -rf '$WORK/out'" --export-csv "$WORK/times.csv" \
  -n base "'$OLD' build --root '$WORK/site' --output '$WORK/out'" \
  -n new "'$NEW' build --root '$WORK/site' --output '$WORK/out'" >&2
LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)

peak() {
  rm -rf "$WORK/out"
  /usr/bin/time -v -o "$WORK/time.txt" "$1" build --root "$WORK/site" --output "$WORK/out" >/dev/null 2>&1
  awk -F: '/Maximum resident set size/ { printf "%.0f\n", $2 / 1024 }' "$WORK/time.txt"
}
OLD_RSS=$(peak "$OLD")
NEW_RSS=$(peak "$NEW")
read -r OLD_WALL OLD_SD OLD_CPU < <(awk -F, '$1 == "base" { printf "%.3f %.3f %.3f\n", $2, $3, $5 + $6 }' "$WORK/times.csv")
read -r NEW_WALL NEW_SD NEW_CPU < <(awk -F, '$1 == "new" { printf "%.3f %.3f %.3f\n", $2, $3, $5 + $6 }' "$WORK/times.csv")
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f\n", a / b }'; }

{
  echo "# bulletin: this checkout against $BASE"
  echo
  echo "$SCALE synthetic site (\`bulletin synth $SYNTH\`), built by both programs in the same run, $RUNS runs each after one warm-up, output on $(df -PT "$WORK" | awk 'NR == 2 { print $2 }')."
  echo "Machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo); load average $LOAD_START at the start, $LOAD_END at the end."
  echo "Command: \`RUNS=$RUNS SCALE=$SCALE scripts/bench-compare.sh $BASE\` ($(date -u +%Y-%m-%d))."
  echo
  echo "| program | wall (s) | ± | CPU (s) | peak memory (MB) |"
  echo "|---|---|---|---|---|"
  echo "| $BASE | $OLD_WALL | $OLD_SD | $OLD_CPU | $OLD_RSS |"
  echo "| this checkout ($(git -C "$ROOT" rev-parse --short HEAD)) | $NEW_WALL | $NEW_SD | $NEW_CPU | $NEW_RSS |"
  echo "| new / base | $(ratio "$NEW_WALL" "$OLD_WALL") | | $(ratio "$NEW_CPU" "$OLD_CPU") | $(ratio "$NEW_RSS" "$OLD_RSS") |"
} | tee "$RESULTS"
