#!/usr/bin/env bash
# Golden tests: for every corpus document, `normlint parse` and `normlint
# check` (with the bundled rule pack), each in JSON and text, must equal the
# committed files tests/golden/{parse,check}/NAME.{json,text}, and its text as
# the reader sees it (`normlint text --locators`) tests/golden/text/NAME.txt
# (for DOCX and ODT also the original text with the notes, NAME.original-notes.txt). With --update
# the files are rewritten instead (do this on purpose only, and read the diff
# before committing).
set -u
bin=$1
update=${2:-}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root" || exit 1
mkdir -p tests/golden/parse tests/golden/check tests/golden/text
tmp=$(mktemp)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
# compare EXPECTED-FILE ACTUAL-TEXT LABEL (or rewrite the file with --update)
compare() {
    if [ "$update" = "--update" ]; then
        printf '%s\n' "$2" > "$1"
    elif [ ! -f "$1" ]; then
        echo "golden: missing $1 (run 'make golden-update' on purpose)"
        fail=$((fail + 1))
    elif diff -u "$1" <(printf '%s\n' "$2") > "$tmp"; then
        pass=$((pass + 1))
    else
        echo "golden: $3 differs from $1:"
        head -40 "$tmp"
        fail=$((fail + 1))
    fi
}
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
            compare "$expected" "$actual" "$f ($cmd, $fmt)"
        done
    done
    compare "tests/golden/text/$name.txt" "$("$bin" text --locators "$f" 2>&1; echo "exit=$?")" "$f (text)"
    case "$name" in
    *.docx | *.odt) # the other reading of an office file: before the tracked changes, with the notes
        compare "tests/golden/text/$name.original-notes.txt" \
            "$("$bin" text --locators --revisions original --notes "$f" 2>&1; echo "exit=$?")" "$f (text, original, notes)" ;;
    esac
done
# the audit of the whole corpus with its register, in every audit format
mkdir -p tests/golden/audit
for fmt in review json jsonl html; do
    expected="tests/golden/audit/corpus.$fmt"
    # (the rule set's identity in a jsonl shard line changes with every rule edit)
    actual=$("$bin" audit --format "$fmt" -j 2 --register corpus/register.csv corpus 2>&1 |
        sed 's/; rules [0-9a-f]\{16\};/; rules RULESET;/'; echo "exit=${PIPESTATUS[0]}")
    compare "$expected" "$actual" "audit ($fmt)"
done
# check of the whole corpus in the CI formats (SARIF names the checkout as
# %SRCROOT%: normalised so the files do not depend on where the clone lives)
for fmt in sarif github junit; do
    expected="tests/golden/check/corpus.$fmt"
    actual=$("$bin" check --format "$fmt" corpus 2>&1 | sed "s|file://$root/|file:///CHECKOUT/|g"; echo "exit=${PIPESTATUS[0]}")
    compare "$expected" "$actual" "check ($fmt)"
done
if [ "$update" = "--update" ]; then
    echo "golden: files rewritten in tests/golden/ — review 'git diff' before committing"
    exit 0
fi
echo "golden: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
