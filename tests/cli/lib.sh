#!/usr/bin/env bash
# Shared by the CLI test scripts: a temporary working directory, the binary
# path, and the check / check_out helpers. Source it with the binary as $1.
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
pass=0
fail=0
suite=${suite:-cli}

# check NAME EXPECTED_EXIT EXPECTED_STDERR ("-": not compared) -- COMMAND...
check() {
    local name=$1 want_rc=$2 want_err=$3
    shift 4
    "$@" > out.txt 2> err.txt
    local rc=$?
    if [ "$rc" != "$want_rc" ]; then
        echo "$suite: $name: exit $rc, expected $want_rc"; cat err.txt; fail=$((fail + 1)); return
    fi
    if [ "$want_err" != "-" ] && [ "$(cat err.txt)" != "$want_err" ]; then
        echo "$suite: $name: stderr differs"; echo "--- expected"; echo "$want_err"; echo "--- got"; cat err.txt
        fail=$((fail + 1)); return
    fi
    pass=$((pass + 1))
}

# stdout of the last check must equal $2
check_out() {
    local name=$1 want=$2
    if [ "$(cat out.txt)" != "$want" ]; then
        echo "$suite: $name: stdout differs"; echo "--- expected"; echo "$want"; echo "--- got"; cat out.txt
        fail=$((fail + 1)); return
    fi
    pass=$((pass + 1))
}

# The suite cannot run here (a tool is missing): exit 77, which run-all.sh
# reports as skipped, not passed (and as a failure under NL_REQUIRE_ALL=1,
# which CI sets).
skip_suite() {
    echo "$suite: skipped: $1"
    exit 77
}

# Part of the suite cannot run here: said, and a failure under NL_REQUIRE_ALL=1.
skip_part() {
    echo "$suite: $1"
    if [ "${NL_REQUIRE_ALL:-0}" = 1 ]; then
        echo "$suite: NL_REQUIRE_ALL=1: a required part was skipped"; fail=$((fail + 1))
    fi
}

# print the tally and exit with the verdict
finish() {
    echo "$suite: $pass passed, $fail failed"
    [ "$fail" -eq 0 ]
}
