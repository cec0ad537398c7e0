#!/usr/bin/env bash
# Golden tests: `normlint parse --format json` and `--format text` on every
# corpus document must equal the committed files in tests/golden/parse/.
# With --update the files are rewritten instead (do this on purpose only and
# read the diff before committing).
set -u
bin=$1
update=${2:-}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root" || exit 1
mkdir -p tests/golden/parse
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
pass=0
fail=0
for f in corpus/*; do
    case "$f" in *.md) continue ;; esac
    [ -f "$f" ] || continue
    name=$(basename "$f")
    for fmt in json text; do
        expected="tests/golden/parse/$name.$fmt"
        actual=$("$bin" parse --format "$fmt" "$f" 2>&1; echo "exit=$?")
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
            echo "golden: $f ($fmt) differs from $expected:"
            head -40 "$tmp"
            fail=$((fail + 1))
        fi
    done
done
if [ "$update" = "--update" ]; then
    echo "golden: files rewritten in tests/golden/parse/ — review 'git diff' before committing"
    exit 0
fi
echo "golden: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
