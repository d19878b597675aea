#!/usr/bin/env bash
# Benchmarks bulletin in one run, every ratio measured side by side on the same machine:
#   a. a plain Markdown corpus (10,000 pages of ~4 KB, no data, no charts, minimal templates)
#      built by bulletin and by Hugo with equivalent templates (bench/plain-templates, bench/hugo);
#   b. the synthetic national site (`bulletin synth`) at three scales;
#   c. the floor: `cp -r` of each output on the same filesystem;
#   d. linearity: bulletin on the plain corpus at 2,500, 5,000 and 10,000 pages.
# Prints a Markdown table and writes it to bench/results.md.
#
# Usage: scripts/bench.sh            (RUNS=3 PLAIN_PAGES=10000 by default)
#        RUNS=5 scripts/bench.sh
# Tools: hyperfine, hugo and GNU time (/usr/bin/time) from Debian; installed with apt-get when missing.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUNS=${RUNS:-3}
PLAIN_PAGES=${PLAIN_PAGES:-10000}
RESULTS=${RESULTS:-$ROOT/bench/results.md}
# shellcheck source=scripts/common.sh
source "$ROOT/scripts/common.sh"

# ----- tools -----
install_missing hyperfine hugo time

log "building bulletin (release)"
(cd "$ROOT" && cargo build --release --quiet)
BIN="$ROOT/target/release/bulletin"

# ----- a scratch folder in memory, so that the disk does not dominate -----
WORK=$(scratch_dir bulletin-bench)
trap 'rm -rf "$WORK"' EXIT
FS=$(df -PT "$WORK" | awk 'NR == 2 { print $2 }')

LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)

# ----- measuring -----
# hyperfine_csv NAME OUTPUT_DIR COMMAND: mean wall, user and system seconds over RUNS runs,
# the output folder removed before each run.
hyperfine_csv() {
  local name=$1 out=$2 cmd=$3
  hyperfine --style none --runs "$RUNS" --warmup 1 \
    --prepare "rm -rf '$out'" --export-csv "$WORK/$name.csv" -n "$name" "$cmd" >&2
  # command,mean,stddev,median,user,system,min,max
  awk -F, 'NR == 2 { printf "%.3f %.3f %.3f %.3f\n", $2, $5 + $6, $7, $8 }' "$WORK/$name.csv"
}

# peak_rss NAME OUTPUT_DIR COMMAND: one more run under GNU time; prints peak RSS in MB and keeps stderr.
peak_rss() {
  local name=$1 out=$2 cmd=$3
  rm -rf "$out"
  /usr/bin/time -v -o "$WORK/$name.time" bash -c "$cmd" 2>"$WORK/$name.stderr" >/dev/null
  awk -F: '/Maximum resident set size/ { printf "%.0f\n", $2 / 1024 }' "$WORK/$name.time"
}

# copy_floor NAME OUTPUT_DIR: mean wall seconds of `cp -r` of the output, same filesystem.
copy_floor() {
  local name=$1 out=$2
  hyperfine --style none --runs "$RUNS" --warmup 1 \
    --prepare "rm -rf '$out.copy'" --export-csv "$WORK/$name-cp.csv" -n "$name cp" \
    "cp -r '$out' '$out.copy'" >&2
  rm -rf "$out.copy"
  awk -F, 'NR == 2 { printf "%.3f\n", $2 }' "$WORK/$name-cp.csv"
}

# built_counts NAME: pages, files, charts from bulletin's "Built N pages (M files, C charts, ...)".
built_counts() {
  local line
  line=$(grep -E '^Built [0-9]+ pages' "$WORK/$1.stderr" || true)
  if [ -z "$line" ]; then
    echo "bulletin did not build $1:" >&2
    cat "$WORK/$1.stderr" >&2
    exit 1
  fi
  if grep -qE '^(warning|error)' "$WORK/$1.stderr"; then
    echo "the build of $1 printed warnings or errors:" >&2
    cat "$WORK/$1.stderr" >&2
    exit 1
  fi
  sed -E 's/^Built ([0-9]+) pages \(([0-9]+) files, ([0-9]+) charts.*/\1 \2 \3/' <<<"$line"
}

div() { awk -v a="$1" -v b="$2" -v f="${3:-%.2f}" 'BEGIN { if (b == 0) print "–"; else printf f "\n", a / b }'; }

ROWS=()
row() {
  local joined
  joined=$(IFS='|'; echo "$*")
  ROWS+=("| ${joined//|/ | } |")
}

# ----- a. plain corpus: bulletin and Hugo -----
plain_site() {
  local pages=$1 dir=$WORK/plain-$1
  "$BIN" synth --plain "$pages" --out "$dir/site" 2>/dev/null
  mkdir -p "$dir/site/templates"
  cp "$ROOT"/bench/plain-templates/*.html "$dir/site/templates/"
  echo "$dir"
}

log "a. plain corpus: $PLAIN_PAGES pages"
P=$(plain_site "$PLAIN_PAGES")
mkdir -p "$P/hugo/content"
cp -r "$ROOT"/bench/hugo/. "$P/hugo/"
cp -r "$P/site/content/bulletins" "$P/hugo/content/bulletins"
PAGE_KB=$(du -sb "$P/site/content/bulletins" | awk -v n="$PLAIN_PAGES" '{ printf "%.1f", $1 / n / 1024 }')

B_CMD="'$BIN' build --root '$P/site' --output '$P/out-bulletin'"
H_CMD="hugo --quiet --source '$P/hugo' --destination '$P/out-hugo'"
# Both in one hyperfine invocation, alternating nothing but measured back to back.
hyperfine --style none --runs "$RUNS" --warmup 1 \
  --prepare "rm -rf '$P/out-bulletin' '$P/out-hugo'" \
  --export-csv "$WORK/plain.csv" -n bulletin "$B_CMD" -n hugo "$H_CMD" >&2
read -r PB_WALL PB_CPU < <(awk -F, '$1 == "bulletin" { printf "%.3f %.3f\n", $2, $5 + $6 }' "$WORK/plain.csv")
read -r PH_WALL PH_CPU < <(awk -F, '$1 == "hugo" { printf "%.3f %.3f\n", $2, $5 + $6 }' "$WORK/plain.csv")
PB_RSS=$(peak_rss plain-bulletin "$P/out-bulletin" "$B_CMD")
read -r PB_PAGES _ _ < <(built_counts plain-bulletin)
PH_RSS=$(peak_rss plain-hugo "$P/out-hugo" "$H_CMD")
PH_FILES=$(find "$P/out-hugo" -name '*.html' | wc -l)
PB_CP=$(copy_floor plain-bulletin "$P/out-bulletin")
PH_CP=$(copy_floor plain-hugo "$P/out-hugo")
PLAIN_RATIO=$(div "$PB_WALL" "$PH_WALL")

row "plain ${PLAIN_PAGES} × ${PAGE_KB} KB: bulletin" "$PB_PAGES" "0" "$PB_WALL" "$PB_CPU" "$(div "$PB_CPU" "$PB_WALL")" "$PB_RSS" \
  "$(div "$PB_PAGES" "$PB_WALL" %.0f)" "–" "$PB_CP" "$(div "$PB_WALL" "$PB_CP")"
row "plain ${PLAIN_PAGES} × ${PAGE_KB} KB: Hugo $(hugo version | grep -oE 'v[0-9.]+' | head -1)" "$PH_FILES" "0" "$PH_WALL" "$PH_CPU" "$(div "$PH_CPU" "$PH_WALL")" "$PH_RSS" \
  "$(div "$PH_FILES" "$PH_WALL" %.0f)" "–" "$PH_CP" "$(div "$PH_WALL" "$PH_CP")"
rm -rf "$P/out-hugo" "$P/hugo"

# ----- d. linearity on the plain corpus -----
log "d. linearity: plain corpus at 2,500 and 5,000 pages"
LIN=()
for pages in $((PLAIN_PAGES / 4)) $((PLAIN_PAGES / 2)); do
  L=$(plain_site "$pages")
  read -r wall cpu _ _ < <(hyperfine_csv "lin-$pages" "$L/out" "'$BIN' build --root '$L/site' --output '$L/out'")
  LIN+=("$pages $wall $cpu")
  rm -rf "$L"
done
LIN+=("$PLAIN_PAGES $PB_WALL $PB_CPU")
rm -rf "$P"

# ----- b. and c. the synthetic national site -----
MEDIUM_WALL="" MEDIUM_CHARTS="" NAT_LIN=()
for name in small medium large; do
  args=$(synth_args "$name")
  log "b. national site, $name: synth $args"
  S=$WORK/$name
  # shellcheck disable=SC2086
  "$BIN" synth --out "$S/site" $args 2>"$WORK/$name-synth.log"
  SYNTH=$(sed -E 's/.*: //' "$WORK/$name-synth.log")
  CMD="'$BIN' build --root '$S/site' --output '$S/out'"
  read -r wall cpu _ _ < <(hyperfine_csv "$name" "$S/out" "$CMD")
  rss=$(peak_rss "$name" "$S/out" "$CMD")
  read -r pages files charts < <(built_counts "$name")
  cp_wall=$(copy_floor "$name" "$S/out")
  size=$(du -sm "$S/out" | cut -f1)
  row "national $name: $args ($SYNTH; $size MB out)" "$pages" "$charts" "$wall" "$cpu" "$(div "$cpu" "$wall")" "$rss" \
    "$(div "$pages" "$wall" %.0f)" "$(div "$charts" "$wall" %.0f)" "$cp_wall" "$(div "$wall" "$cp_wall")"
  NAT_LIN+=("$name $pages $charts $files $wall $cpu $size")
  if [ "$name" = medium ]; then MEDIUM_WALL=$wall MEDIUM_CHARTS=$charts; fi
  rm -rf "$S"
done

LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)

# ----- report -----
{
  echo "# bulletin benchmark"
  echo
  echo "Run $(date -u '+%Y-%m-%d %H:%M UTC') by \`scripts/bench.sh\` (RUNS=$RUNS, each figure the mean of $RUNS runs after 1 warm-up; peak RSS from one more run under \`/usr/bin/time -v\`)."
  echo
  echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) RAM, $(uname -sr); scratch on $FS ($WORK)."
  echo "Load average (1, 5, 15 min) at start: $LOAD_START; at end: $LOAD_END (other work on the machine shows here)."
  echo "Tools: $("$BIN" --version), $(hugo version | cut -d' ' -f1-2), $(hyperfine --version), $(rustc --version)."
  echo
  echo "| case | pages | charts | wall (s) | CPU (s) | CPU / wall | peak RSS (MB) | pages/s | charts/s | \`cp -r\` (s) | build / copy |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  printf '%s\n' "${ROWS[@]}"
  echo
  echo "Wall and CPU (user + system) times are means; pages are HTML pages (bulletin's count; Hugo's HTML files)."
  echo "CPU / wall near $(nproc) means the cores were busy with the build; below 1 means the build waited for a core, i.e. other work on the machine took it, and its wall time is inflated."
  echo
  echo "## Against the targets"
  echo
  echo "| target | measured | met |"
  echo "|---|---|---|"
  ok() { awk -v a="$1" -v b="$2" 'BEGIN { print (a <= b) ? "yes" : "**no**" }'; }
  echo "| (a) plain corpus: bulletin ≤ 0.5 × Hugo's wall time | $PLAIN_RATIO × ($PB_WALL s vs $PH_WALL s) | $(ok "$PLAIN_RATIO" 0.5) |"
  echo "| (a) plain corpus: bulletin peak RSS ≤ 150 MB | $PB_RSS MB (Hugo: $PH_RSS MB) | $(ok "$PB_RSS" 150) |"
  echo "| (b) medium site ≤ 3 s wall | $MEDIUM_WALL s | $(ok "$MEDIUM_WALL" 3) |"
  echo "| (b) medium site ≥ 5,000 charts | $MEDIUM_CHARTS | $(ok 5000 "$MEDIUM_CHARTS") |"
  worst=$(printf '%s\n' "${ROWS[@]}" | grep -v Hugo | awk -F'|' '$12 ~ /[0-9]/ { v = $12 + 0; if (v > m) m = v } END { printf "%.2f", m }')
  best=$(printf '%s\n' "${ROWS[@]}" | grep -v Hugo | awk -F'|' '$12 ~ /[0-9]/ { v = $12 + 0; if (m == "" || v < m) m = v } END { printf "%.2f", m }')
  echo "| (c) every bulletin build ≤ 3 × its \`cp -r\` floor | from $best × to $worst × | $(ok "$worst" 3) |"
  echo
  echo "## Linearity"
  echo
  echo "| plain pages | wall (s) | CPU (s) | CPU ms per page | marginal CPU ms per added page |"
  echo "|---:|---:|---:|---:|---:|"
  prev_p="" prev_c=""
  for entry in "${LIN[@]}"; do
    read -r p w c <<<"$entry"
    marginal="–"
    [ -n "$prev_p" ] && marginal=$(awk -v a="$c" -v b="$prev_c" -v p="$p" -v q="$prev_p" 'BEGIN { printf "%.3f", (a - b) / (p - q) * 1000 }')
    echo "| $p | $w | $c | $(awk -v c="$c" -v p="$p" 'BEGIN { printf "%.3f", c / p * 1000 }') | $marginal |"
    prev_p=$p prev_c=$c
  done
  echo
  echo "| national scale | pages | charts | files | MB out | wall (s) | CPU (s) | CPU ms per page | CPU ms per chart | MB out per CPU s |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  for entry in "${NAT_LIN[@]}"; do
    read -r n p c f w cpu mb <<<"$entry"
    echo "| $n | $p | $c | $f | $mb | $w | $cpu | $(div "$cpu" "$p" %.5f | awk '{ printf "%.2f", $1 * 1000 }') | $(div "$cpu" "$c" %.6f | awk '{ printf "%.3f", $1 * 1000 }') | $(div "$mb" "$cpu" %.1f) |"
  done
} >"$WORK/results.md"

mkdir -p "$(dirname "$RESULTS")"
cp "$WORK/results.md" "$RESULTS"
cat "$RESULTS"
echo >&2
echo "written to $RESULTS" >&2
