#!/usr/bin/env bash
# The fuzz-replay suite of `make test`: each fuzz target the Makefile lists
# (FUZZ_TARGETS), linked with replay.c by the normal compiler (no clang, no
# libFuzzer), is run over the fixtures that seed it, its hand-written seeds
# and every input a fuzzer ever crashed it with (tests/fuzz/regress/TARGET/). Under `make asan` the same
# binaries carry ASan and UBSan.
# Usage: tests/fuzz/replay.sh BUILD_DIR
set -u
build=${1:-build}
root=$(cd "$(dirname "$0")/../.." && pwd)
. "$root/tests/fuzz/targets.sh"
# A build laid out for another runner (tests/valgrind/run.sh wraps only
# normlint and the unit tests) has no replay binaries at all: say so and pass.
if [ ! -d "$build/fuzz-replay" ]; then
    echo "fuzz-replay: $build/fuzz-replay not built; skipped"
    exit 0
fi
status=0
errlog=$(mktemp)
for bin in "$build"/fuzz-replay/replay_*; do
    [ -x "$bin" ] || continue
    t=${bin##*/replay_}
    inputs=()
    while IFS= read -r f; do inputs+=("$f"); done < <(fuzz_seeds "$root" "$t")
    [ -d "$root/tests/fuzz/regress/$t" ] && inputs+=("$root/tests/fuzz/regress/$t")
    # stderr only on failure: libxml2 reports some encoding errors itself
    if out=$("$bin" "${inputs[@]}" 2>"$errlog"); then
        echo "fuzz-replay: $t: $out"
    else
        echo "fuzz-replay: $t FAILED"
        tail -40 "$errlog"
        status=1
    fi
done
rm -f "$errlog"
[ "$status" -eq 0 ] && echo "fuzz-replay: every target ran its seeds and regression inputs"
exit $status
