#!/usr/bin/env bash
# Golden tests: for every corpus document, `normlint parse` and `normlint
# check` (with the bundled rule pack), each in JSON and text, must equal the
# committed files tests/golden/{parse,check}/NAME.{json,text}. With --update
# the files are rewritten instead (do this on purpose only, and read the diff
# before committing).
set -u
bin=$1
update=${2:-}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root" || exit 1
mkdir -p tests/golden/parse tests/golden/check
tmp=$(mktemp)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
for f in corpus/*; do
    case "$f" in *.md) continue ;; esac
    [ -f "$f" ] || continue
    name=$(basename "$f")
    for cmd in parse check; do
        for fmt in json text; do
            expected="tests/golden/$cmd/$name.$fmt"
            if [ "$cmd" = check ]; then
                actual=$(NO_COLOR=1 "$bin" check --color never --format "$fmt" "$f" 2>&1; echo "exit=$?")
            else
                actual=$("$bin" parse --format "$fmt" "$f" 2>&1; echo "exit=$?")
            fi
            if [ "$update" = "--update" ]; then
                printf '%s\n' "$actual" > "$expected"
                continue
            fi
            if [ ! -f "$expected" ]; then
                echo "golden: missing $expected (run 'make golden-update' on purpose)"
                fail=$((fail + 1))
            elif diff -u "$expected" <(printf '%s\n' "$actual") > "$tmp"; then
                pass=$((pass + 1))
            else
                echo "golden: $f ($cmd, $fmt) differs from $expected:"
                head -40 "$tmp"
                fail=$((fail + 1))
            fi
        done
    done
done
# the audit of the whole corpus with its register, in every audit format
mkdir -p tests/golden/audit
for fmt in review json jsonl html; do
    expected="tests/golden/audit/corpus.$fmt"
    actual=$("$bin" audit --format "$fmt" -j 2 --register corpus/register.csv corpus 2>&1; echo "exit=$?")
    if [ "$update" = "--update" ]; then
        printf '%s\n' "$actual" > "$expected"
    elif [ ! -f "$expected" ]; then
        echo "golden: missing $expected (run 'make golden-update' on purpose)"
        fail=$((fail + 1))
    elif diff -u "$expected" <(printf '%s\n' "$actual") > "$tmp"; then
        pass=$((pass + 1))
    else
        echo "golden: audit ($fmt) differs from $expected:"
        head -40 "$tmp"
        fail=$((fail + 1))
    fi
done
if [ "$update" = "--update" ]; then
    echo "golden: files rewritten in tests/golden/ — review 'git diff' before committing"
    exit 0
fi
echo "golden: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
