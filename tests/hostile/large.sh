#!/usr/bin/env bash
# Hostile inputs, the large cases (`make hostile`, never part of `make test`):
# ZIP bombs of 4 GiB, billion laughs, 100,000-deep XML, a 100 MB text (refused
# at the default --max-size, then read with a larger one), a single 10 MB
# line, 100,000 paragraphs each with a finding, a PDF of 20,000 pages (refused
# at the default page limit, then read whole with a larger one; the time
# counts pdftotext's). gen.py writes them into a
# temporary directory that is removed at the end.
#
# Each case is one `normlint check` of good.txt (a corpus draft with 8 known
# findings) and the hostile file, measured with /usr/bin/time -v. A table
# shows case, exit code, wall time, peak RSS and the first stderr line. A case
# fails when it
#   - exits with another code than expected, or dies of a signal;
#   - prints a sanitizer report (ASan, UBSan, LeakSanitizer);
#   - takes more than MAX_SECONDS (60) of wall time, or more than MAX_RSS_MB
#     (2048) of peak resident memory;
#   - loses good.txt's findings.
# The bounds catch hangs and blow-ups, not slowness: a healthy build takes a
# fraction of them. A hung run is killed after twice MAX_SECONDS.
#
# Usage: large.sh BINARY
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
export NORMLINT_RULES=${NORMLINT_RULES:-$root/rules}
MAX_SECONDS=${MAX_SECONDS:-60}
MAX_RSS_MB=${MAX_RSS_MB:-2048}
TIME=/usr/bin/time
if [ ! -x "$TIME" ]; then
    echo "hostile: $TIME is missing (Debian package 'time'; make deps installs it)" >&2
    exit 2
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
echo "hostile: generating the inputs in $tmp"
python3 "$here/gen.py" . bomb-4g bomb-4g-lying billion-laughs-xml billion-laughs-docx deep-xml deep-docx \
    big-text long-line paragraphs-txt paragraphs-docx pdf-bomb || exit 1
cp "$root/corpus/02-jiangzhou-ebike-charging-measures.txt" good.txt

# case | expected exit | file | extra options
cases=(
    "zip bomb 4 GiB|3|bomb-4g.docx|"
    "zip bomb 4 GiB, directory lies|3|bomb-4g-lying.docx|"
    "billion laughs .xml|3|billion-laughs.xml|"
    "billion laughs .docx|3|billion-laughs.docx|"
    "100,000-deep .xml|3|deep.xml|"
    "100,000-deep .docx|3|deep.docx|"
    "100 MB text, default cap|3|big-100m.txt|"
    "100 MB text, --max-size 128M|1|big-100m.txt|--max-size 128M"
    "10 MB single line|1|line-10m.txt|"
    "100,000 paragraphs .txt|1|paragraphs-100k.txt|"
    "100,000 paragraphs .docx|1|paragraphs-100k.docx|"
    "20,000-page PDF, default limits|3|bomb.pdf|"
    "20,000-page PDF, read whole|1|bomb.pdf|--limit pdf-pages=100000"
)

fail=0
row() { printf '%-32s %4s %8s %10s  %s\n' "$@"; }
echo
row "case" "exit" "wall s" "peak RSS" "first stderr line"
for c in "${cases[@]}"; do
    IFS='|' read -r name want file opts <<< "$c"
    # shellcheck disable=SC2086 # opts is a word list on purpose
    "$TIME" -v -o time.txt timeout -s KILL $((MAX_SECONDS * 2)) "$bin" check --quiet $opts good.txt "$file" \
        > out.txt 2> err.txt
    rc=$(sed -n 's/^[[:space:]]*Exit status: //p' time.txt)
    sig=$(sed -n 's/^Command terminated by signal //p' time.txt)
    wall=$(sed -n 's/^[[:space:]]*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' time.txt |
        awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; printf "%.2f", s }')
    rss_kb=$(sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): //p' time.txt)
    rss_mb=$((rss_kb / 1024))
    first=$(head -n 1 err.txt | cut -c 1-110)
    [ -n "$sig" ] && rc="sig$sig"
    row "$name" "$rc" "$wall" "$rss_mb MB" "$first"
    why=""
    if [ -n "$sig" ] || [ "$rc" -ge 124 ]; then
        why="killed (signal, or a hang past $((MAX_SECONDS * 2)) s)"
    elif [ "$rc" != "$want" ]; then
        why="exit $rc, expected $want"
    elif grep -qE 'AddressSanitizer|LeakSanitizer|runtime error:' err.txt; then
        why="sanitizer report: $(grep -m1 -E 'AddressSanitizer|LeakSanitizer|runtime error:' err.txt)"
    elif awk -v w="$wall" -v m="$MAX_SECONDS" 'BEGIN { exit !(w > m) }'; then
        why="took $wall s, more than $MAX_SECONDS s"
    elif [ "$rss_mb" -gt "$MAX_RSS_MB" ]; then
        why="peak RSS $rss_mb MB, more than $MAX_RSS_MB MB"
    elif [ "$(grep -c '^good.txt:' out.txt)" -ne 8 ]; then
        why="good.txt's 8 findings are not all reported"
    fi
    if [ -n "$why" ]; then
        echo "  FAILED: $why"
        fail=$((fail + 1))
    fi
done
echo
echo "hostile (large): ${#cases[@]} cases, $fail failed (bounds: ${MAX_SECONDS} s, ${MAX_RSS_MB} MB peak RSS)"
[ "$fail" -eq 0 ]
