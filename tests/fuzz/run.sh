#!/usr/bin/env bash
# Run each fuzz target for N seconds (libFuzzer, built by `make fuzz`).
# Seeds are copied from the fixtures of the tree into DIR/seeds-TARGET afresh
# on every run; what libFuzzer learns goes to DIR/corpus-TARGET and is kept
# between runs; crash inputs land in DIR/crash-TARGET/. The source tree is
# never written to. Prints "TARGET: N execs, crashes: K" per target and
# exits nonzero when any target crashed, leaked or timed out.
# Usage: tests/fuzz/run.sh DIR SECONDS [TARGET...]   (default: every DIR/fuzz_*)
set -u
dir=$1
secs=$2
shift 2
root=$(cd "$(dirname "$0")/../.." && pwd)
. "$root/tests/fuzz/targets.sh"
if [ $# -eq 0 ]; then # every target built in DIR
    for b in "$dir"/fuzz_*; do
        [ -x "$b" ] && [ -f "$b" ] && set -- "$@" "${b##*/fuzz_}"
    done
fi
status=0
summary=()
for t in "$@"; do
    bin=$dir/fuzz_$t
    if [ ! -x "$bin" ]; then
        echo "fuzz: $bin is missing (make fuzz builds it)" >&2
        status=1
        continue
    fi
    rm -rf "$dir/seeds-$t"
    mkdir -p "$dir/seeds-$t" "$dir/corpus-$t" "$dir/crash-$t"
    fuzz_seeds "$root" "$t" | while IFS= read -r f; do cp "$f" "$dir/seeds-$t/"; done
    log=$dir/fuzz_$t.log
    # -timeout: one input taking 10 s is a hang; -rss_limit_mb (also the
    # limit of a single malloc): a bounded loader never needs that much.
    # shellcheck disable=SC2046
    "$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$dir/crash-$t/" $(fuzz_options "$t" "$root") \
        "$dir/corpus-$t" "$dir/seeds-$t" >"$log" 2>&1
    rc=$?
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    crashes=$(find "$dir/crash-$t" -type f -newer "$dir/seeds-$t" | wc -l)
    [ $rc -ne 0 ] && [ "$crashes" -eq 0 ] && crashes=1
    line="$t: ${execs:-0} execs, crashes: $crashes"
    echo "$line"
    summary+=("$line")
    if [ $rc -ne 0 ]; then
        status=1
        echo "fuzz: $t FAILED (exit $rc; log $log, inputs in $dir/crash-$t/)"
        grep -m1 -A25 -E '^==[0-9]+==ERROR|runtime error|^SUMMARY' "$log" || tail -30 "$log"
    fi
done
if [ "$status" -eq 0 ]; then
    echo "fuzz: no crash in ${#summary[@]} targets (${secs}s each)"
else
    echo "fuzz: FAILED — save each crash input under tests/fuzz/regress/TARGET/ once fixed"
fi
exit $status
