#!/usr/bin/env bash
# Runs every cargo-fuzz target in fuzz/ for a bounded time and fails if any of them crashed.
#
#   scripts/fuzz.sh                      # all targets, FUZZ_SECONDS (default 60) each
#   FUZZ_SECONDS=300 scripts/fuzz.sh period shortcodes
#
# Seeds (committed) are in fuzz/seeds/<target>/; what the fuzzer finds goes to fuzz/corpus/<target>/
# (ignored by git, kept between runs on the same machine) and a crashing input to
# fuzz/artifacts/<target>/. Works on a fresh machine: installs cargo-fuzz if it is missing.
# libFuzzer needs nightly-only compiler flags; RUSTC_BOOTSTRAP=1 lets the stable toolchain take them.
set -uo pipefail
cd "$(dirname "$0")/.."

FUZZ_SECONDS="${FUZZ_SECONDS:-60}"
export RUSTC_BOOTSTRAP=1
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

case "$FUZZ_SECONDS" in
'' | *[!0-9]*)
    echo "error: FUZZ_SECONDS must be a whole number of seconds, not \`$FUZZ_SECONDS\`" >&2
    exit 2
    ;;
esac

if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "== installing cargo-fuzz"
    cargo install cargo-fuzz --locked || exit 1
fi
cargo fuzz --version

if [ "$#" -gt 0 ]; then
    targets=("$@")
else
    mapfile -t targets < <(cargo fuzz list)
fi
if [ "${#targets[@]}" -eq 0 ]; then
    echo "error: no fuzz targets found in fuzz/" >&2
    exit 2
fi

# One build for every target, so the fuzzing time is not spent compiling.
echo "== building fuzz targets"
if ! cargo fuzz build; then
    echo "error: the fuzz targets do not build" >&2
    exit 1
fi

# libFuzzer's -print_final_stats=1 line `stat::<name>: <value>`, from the last run in the log.
final_stat() { sed -n "s/^stat::$1: *//p" "$log" | tail -n 1; }

logs="fuzz/target/logs"
mkdir -p "$logs"
declare -A status execs speed added corpus
failed=0
for target in "${targets[@]}"; do
    seeds="fuzz/seeds/$target"
    dir="fuzz/corpus/$target"
    mkdir -p "$dir" "$seeds"
    log="$logs/$target.log"
    echo "== $target: ${FUZZ_SECONDS}s (log: $log)"
    # -timeout: a single input that takes this long is a bug too (and reported as a crash).
    cargo fuzz run "$target" "$dir" "$seeds" -- \
        -max_total_time="$FUZZ_SECONDS" \
        -rss_limit_mb=2048 \
        -timeout=30 \
        -print_final_stats=1 \
        >"$log" 2>&1
    rc=$?
    execs[$target]="$(final_stat number_of_executed_units)"
    speed[$target]="$(final_stat average_exec_per_sec)"
    added[$target]="$(final_stat new_units_added)"
    corpus[$target]="$(find "$dir" -type f | wc -l)"
    grep '^stat::number_of_executed_units' "$log" | tail -n 1
    if [ "$rc" -eq 0 ]; then
        status[$target]="ok"
    elif grep -q "Test unit written to" "$log"; then
        status[$target]="CRASH"
        failed=1
        # The panic, timeout or sanitizer report, and where the input was saved.
        grep -E "panicked at|ERROR: libFuzzer|ERROR: AddressSanitizer|SUMMARY|Test unit written" "$log" | head -n 20
        artifact="$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -n 1)"
        echo "   reproduce: RUSTC_BOOTSTRAP=1 cargo fuzz run $target $artifact"
        echo "   minimise:  RUSTC_BOOTSTRAP=1 cargo fuzz tmin $target $artifact"
    else
        # Not a finding of the fuzzer: the build or cargo-fuzz itself failed.
        status[$target]="ERROR (exit $rc)"
        failed=1
        tail -n 20 "$log"
    fi
done

echo
echo "== summary (${FUZZ_SECONDS}s per target)"
printf '%-14s %-18s %14s %10s %10s %8s\n' target result executions "exec/s" "new units" corpus
for target in "${targets[@]}"; do
    printf '%-14s %-18s %14s %10s %10s %8s\n' "$target" "${status[$target]}" \
        "${execs[$target]:--}" "${speed[$target]:--}" "${added[$target]:--}" "${corpus[$target]}"
done
if [ "$failed" -ne 0 ]; then
    echo "fuzzing found a crash: fix it, then add the input to tests/fuzz_regressions.rs" >&2
fi
exit "$failed"
