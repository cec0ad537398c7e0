#!/usr/bin/env bash
# Runs every test layer against the build in $1 (default build): cmocka unit
# tests, golden files, CLI tests. Prints a closing "N passed, N failed" line
# and exits nonzero if anything failed.
set -u
build=${1:-build}
here=$(cd "$(dirname "$0")" && pwd)
pass=0
fail=0
skip=0
failed=()
skipped=()

# Every suite runs with a cache folder of this run, never the developer's
# ~/.cache/normlint (examples_cache.sh makes its own inside it).
cache=$(mktemp -d)
trap 'rm -rf "$cache"' EXIT
export XDG_CACHE_HOME="$cache"

# NL_SUITES="name ...": run only those suites; NL_SKIP_SUITES="name ...":
# all but those (tests/valgrind/run.sh uses both)
run_suite() { # name command...
    local name=$1
    shift
    if [ -n "${NL_SUITES:-}" ] && [[ " $NL_SUITES " != *" $name "* ]]; then
        return
    fi
    if [[ " ${NL_SKIP_SUITES:-} " == *" $name "* ]]; then
        echo "$name: skipped (NL_SKIP_SUITES)"
        return
    fi
    "$@"
    local rc=$?
    if [ "$rc" = 0 ]; then
        pass=$((pass + 1))
    elif [ "$rc" = 77 ] && [ "${NL_REQUIRE_ALL:-0}" != 1 ]; then
        skip=$((skip + 1))
        skipped+=("$name")
    else
        [ "$rc" = 77 ] && echo "$name: skipped, but NL_REQUIRE_ALL=1 requires it"
        fail=$((fail + 1))
        failed+=("$name")
    fi
}

for t in "$build"/tests/test_*; do
    [ -x "$t" ] || continue
    run_suite "$(basename "$t")" "$t"
done
run_suite layers python3 "$here/layers/check.py" "$build"
run_suite golden "$here/golden/run.sh" "$build/normlint"
run_suite cli "$here/cli/run.sh" "$build/normlint"
run_suite cli-check "$here/cli/check.sh" "$build/normlint"
run_suite accounted "$here/cli/accounted.sh" "$build/normlint"
run_suite concepts "$here/cli/concepts.sh" "$build/normlint"
run_suite sarif "$here/cli/sarif.sh" "$build/normlint"
run_suite hooks "$here/cli/hooks.sh" "$build/normlint"
run_suite suppress "$here/cli/suppress.sh" "$build/normlint"
run_suite fix "$here/cli/fix.sh" "$build/normlint"
run_suite annotate "$here/cli/annotate.sh" "$build/normlint"
run_suite legacy "$here/cli/legacy.sh" "$build/normlint"
run_suite prefilter "$here/cli/prefilter.sh" "$build/normlint"
run_suite examples-cache "$here/cli/examples_cache.sh" "$build/normlint"
run_suite export-patterns "$here/cli/export_patterns.sh" "$build/normlint"
run_suite install "$here/cli/install.sh" "$build/normlint"
run_suite rulesafety "$here/cli/rulesafety.sh" "$build/normlint"
run_suite dataloss "$here/cli/dataloss.sh" "$build/normlint"
run_suite pdf "$here/cli/pdf.sh" "$build/normlint"
run_suite hostile "$here/hostile/run.sh" "$build/normlint"
run_suite rule-examples "$build/normlint" test-rules
run_suite quality python3 "$here/quality/score.py" --normlint "$build/normlint"
run_suite fuzz-replay "$here/fuzz/replay.sh" "$build"

echo
if [ "$fail" -gt 0 ]; then
    echo "failed suites: ${failed[*]}"
fi
if [ "$skip" -gt 0 ]; then
    echo "skipped suites (a tool is missing; NL_REQUIRE_ALL=1 makes this fail): ${skipped[*]}"
fi
echo "suites: $pass passed, $skip skipped, $fail failed"
[ "$fail" -eq 0 ]
