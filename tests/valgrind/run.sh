#!/usr/bin/env bash
# Runs the test suites of tests/run-all.sh under valgrind memcheck.
#
#   tests/valgrind/run.sh BUILD [SUITE...]
#
# BUILD holds a normal build (normlint and tests/test_*). A directory laid out
# like a build, BUILD/vg, gets wrapper scripts of the same names that exec the
# real programs under valgrind, so that run-all.sh and every suite run
# unchanged with it as their build. With SUITE names (as run-all.sh names
# them: test_doc, cli-check, rule-examples, ...) only those run.
#
# valgrind writes to a log file per process, never to the program's stderr
# (the suites compare stderr exactly); an error or a definite/indirect leak
# makes the program exit 97, which fails the check that ran it, and the logs
# with errors are printed at the end. Possible and still-reachable blocks
# (libxml2's and libyaml's global tables, PCRE2's JIT allocator) do not fail.
#
# NORMLINT_JIT=off: memcheck cannot follow PCRE2's JIT code (Debian builds
# PCRE2 without its valgrind annotations, so every match reports reads of
# uninitialised memory inside generated code); the interpreter runs instead.
# NORMLINT_PREFILTER=off unless a suite sets it: Hyperscan under memcheck
# takes close to 3 minutes for one check of one file (3 s without it), so
# the prefilter suite, which is about Hyperscan, is left out as well. The
# JIT and the prefilter are covered by the ordinary and sanitizer runs.
set -u
build=$(cd "${1:?usage: run.sh BUILD [SUITE...]}" && pwd)
shift
here=$(cd "$(dirname "$0")" && pwd)
valgrind=$(command -v valgrind) || { echo "valgrind: not installed (make deps installs it)"; exit 1; }
vg=$build/vg
rm -rf "$vg"
mkdir -p "$vg/tests" "$vg/logs"

wrap() { # REAL WRAPPER
    cat > "$2" <<SH
#!/bin/sh
NORMLINT_JIT=off NORMLINT_PREFILTER=\${NORMLINT_PREFILTER:-off} exec '$valgrind' -q --tool=memcheck --error-exitcode=97 --leak-check=full \\
    --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect \\
    --suppressions='$here/normlint.supp' --log-file='$vg/logs/%p.log' '$1' "\$@"
SH
    chmod 755 "$2"
}
wrap "$build/normlint" "$vg/normlint"
# the layering suite reads which module defines what from the objects
ln -s "$build/obj" "$vg/obj"
for t in "$build"/tests/test_*; do
    [ -x "$t" ] && wrap "$t" "$vg/tests/$(basename "$t")"
done

# install-hook names the binary that runs it (/proc/self/exe): under valgrind
# that is the real program, not the wrapper (tests/cli/hooks.sh reads this).
export NL_TEST_EXE=$build/normlint
export NL_SKIP_SUITES=prefilter
# memcheck runs the program some 30 times slower: the hostile suite's per-run
# time bound (it catches hangs, not slowness) is raised to match
export NL_HOSTILE_TIMEOUT=600
[ $# -gt 0 ] && export NL_SUITES="$*"
start=$(date +%s)
"$here/../run-all.sh" "$vg"
rc=$?
bad=0
for log in "$vg"/logs/*.log; do
    [ -s "$log" ] || continue
    bad=$((bad + 1))
    echo "valgrind: errors in $log:"
    cat "$log"
done
echo "valgrind: $(($(date +%s) - start)) s; $bad process(es) with memcheck errors"
[ "$rc" -eq 0 ] && [ "$bad" -eq 0 ]
