#!/usr/bin/env bash
# What publishing costs (issue 12: feeds, sitemap, structured data, share cards): the medium
# synthetic site built by this checkout and by a baseline revision (default: the last commit
# before publishing landed), side by side in one run, on the same machine and scratch folder.
#
#   cold: no earlier output (every share card is drawn);
#   warm: an earlier output of the same site is there (unchanged cards are reused by name).
#
# Usage: scripts/bench-publish.sh                 (RUNS=5, SCALE=medium, BASELINE=d299b45)
#        RUNS=3 SCALE=small scripts/bench-publish.sh
# Prints a Markdown table: mean wall and CPU seconds, ratio to the baseline, cards drawn per build.
# Tools: hyperfine from Debian (installed when missing), git, cargo.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUNS=${RUNS:-5}
SCALE=${SCALE:-medium}
BASELINE=${BASELINE:-d299b45}
# shellcheck source=scripts/common.sh
source "$ROOT/scripts/common.sh"

install_missing hyperfine

WORK=$(scratch_dir bulletin-publish)
BASE_TREE=$(mktemp -d)
cleanup() {
  rm -rf "$WORK"
  git -C "$ROOT" worktree remove --force "$BASE_TREE" 2>/dev/null || rm -rf "$BASE_TREE"
}
trap cleanup EXIT

log "building this checkout (release)"
(cd "$ROOT" && cargo build --release --quiet)
NEW="$WORK/bulletin-new"
cp "$ROOT/target/release/bulletin" "$NEW"

log "building the baseline $BASELINE (release, its own target folder)"
git -C "$ROOT" worktree add --quiet --detach "$BASE_TREE" "$BASELINE"
# The baseline shares nothing with this checkout's build; CARGO_TARGET_DIR keeps it apart.
(cd "$BASE_TREE" && CARGO_TARGET_DIR="${BASELINE_TARGET:-$ROOT/target/baseline}" cargo build --release --quiet)
OLD="$WORK/bulletin-old"
cp "${BASELINE_TARGET:-$ROOT/target/baseline}/release/bulletin" "$OLD"

log "writing the $SCALE synthetic site"
# shellcheck disable=SC2046
"$NEW" synth $(synth_args "$SCALE") --out "$WORK/site" 2>/dev/null

LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
measure() {
  local name=$1 bin=$2 prepare=$3
  hyperfine --style none --runs "$RUNS" --warmup 1 --prepare "$prepare" \
    --export-csv "$WORK/$name.csv" -n "$name" \
    "'$bin' build --lang en --root '$WORK/site' --output '$WORK/out-$name'" >&2
  awk -F, 'NR == 2 { printf "%.3f %.3f\n", $2, $5 + $6 }' "$WORK/$name.csv"
}
log "cold builds (no earlier output)"
read -r OLD_COLD OLD_COLD_CPU < <(measure old-cold "$OLD" "rm -rf '$WORK/out-old-cold'")
read -r NEW_COLD NEW_COLD_CPU < <(measure new-cold "$NEW" "rm -rf '$WORK/out-new-cold'")
log "warm builds (the previous output is there)"
read -r OLD_WARM OLD_WARM_CPU < <(measure old-warm "$OLD" "true")
read -r NEW_WARM NEW_WARM_CPU < <(measure new-warm "$NEW" "true")
LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)

CARDS=$(find "$WORK/out-new-warm/cards" -name '*.png' 2>/dev/null | wc -l)
CARD_BYTES=$(du -sb "$WORK/out-new-warm/cards" 2>/dev/null | cut -f1)
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

cat <<EOF

Publishing cost, $SCALE synthetic site ($(synth_args "$SCALE")), $RUNS runs each after a warm-up,
$(nproc) cores, load $LOAD_START at the start and $LOAD_END at the end, $(date -u +%Y-%m-%d).

| build | baseline $BASELINE wall (s) | now wall (s) | now / baseline | baseline CPU (s) | now CPU (s) |
|---|---:|---:|---:|---:|---:|
| cold (no earlier output) | $OLD_COLD | $NEW_COLD | $(ratio "$NEW_COLD" "$OLD_COLD") | $OLD_COLD_CPU | $NEW_COLD_CPU |
| warm (earlier output there) | $OLD_WARM | $NEW_WARM | $(ratio "$NEW_WARM" "$OLD_WARM") | $OLD_WARM_CPU | $NEW_WARM_CPU |

Share cards in the output: $CARDS, $((CARD_BYTES / 1024)) KB in all.
EOF
