#!/usr/bin/env bash
# Part of make check-real: compare normlint's text of every real DOCX with an
# oracle from a peer, `pandoc -t plain --wrap=none`. Paragraphs are compared
# with all whitespace removed (pandoc and Word disagree on spaces, not on
# words); prints, per file and in all, the share of normlint's non-empty
# paragraphs that pandoc also produces, and the first paragraphs that differ.
# Skips when the folder or pandoc is absent.
set -u
bin=$1
dir=$2
if [ ! -d "$dir" ] || ! ls "$dir"/*.docx > /dev/null 2>&1; then
    echo "check-real-docx: no DOCX files under $dir; skipped"
    exit 0
fi
if ! command -v pandoc > /dev/null; then
    echo "check-real-docx: pandoc not installed (apt-get install pandoc); skipped"
    exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
norm() { sed -e 's/[[:space:]　]//g' | grep -v '^$'; }
total=0
agree=0
for f in "$dir"/*.docx; do
    "$bin" text "$f" 2>/dev/null | norm > "$tmp/ours"
    # pandoc separates paragraphs by blank lines; join the lines of each
    pandoc -t plain --wrap=none "$f" 2>/dev/null | awk 'BEGIN{RS=""} {gsub(/\n/, ""); print}' | norm | sort -u > "$tmp/theirs"
    n=$(wc -l < "$tmp/ours")
    a=$(sort "$tmp/ours" | comm -12 - "$tmp/theirs" | wc -l)
    # comm counts distinct lines; count every paragraph of ours that pandoc has
    a=$(awk 'NR==FNR {have[$0]=1; next} ($0 in have) {c++} END {print c+0}' "$tmp/theirs" "$tmp/ours")
    total=$((total + n))
    agree=$((agree + a))
    printf '  %-60s %5d/%-5d paragraphs agree\n' "$(basename "$f")" "$a" "$n"
    awk 'NR==FNR {have[$0]=1; next} !($0 in have)' "$tmp/theirs" "$tmp/ours" | head -3 | cut -c1-150 | sed 's/^/      normlint only: /'
done
awk -v a="$agree" -v t="$total" 'BEGIN { printf "DOCX paragraphs agreeing with pandoc: %d/%d (%.1f%%)\n", a, t, t ? 100 * a / t : 0 }'
