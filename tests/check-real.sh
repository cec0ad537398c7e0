#!/usr/bin/env bash
# make check-real: parse every real published document in ../shared/corpus-real
# and report how many parse, and how many of those containing 第X条 number
# their articles continuously 1..N. Optional: skips cleanly when the folder is
# absent. The documents are only read, never copied.
set -u
bin=$1
dir=$2
if [ ! -d "$dir" ]; then
    echo "check-real: $dir not found; skipped"
    exit 0
fi
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$bin" parse --format summary "$dir" > "$out" 2>/dev/null
rc=$?
awk -F'\t' -v rc="$rc" '
    $2 == "error" { errors++; bad[++nb] = $1 "\t" $3 ": " $4; next }
    { parsed++ }
    $4 != "articles=0" { with_articles++ }
    $5 == "continuous" { continuous++ }
    $4 != "articles=0" && $5 != "continuous" { broken[++nk] = $1 "\t" $5 }
    END {
        printf "documents parsed:            %d\n", parsed
        printf "unreadable:                  %d\n", errors
        printf "with 第X条:                  %d\n", with_articles
        printf "continuous 1..N:             %d (%.1f%%)\n", continuous, with_articles ? 100 * continuous / with_articles : 0
        if (nk) { print "not continuous:"; for (i = 1; i <= nk; i++) print "  " broken[i] }
        if (nb) { print "unreadable:"; for (i = 1; i <= nb; i++) print "  " bad[i] }
    }' "$out"
# all findings of the bundled rule pack by severity and by rule
echo
"$bin" check --quiet --color never "$dir" > "$out" 2>/dev/null
ndocs=$("$bin" parse --format summary "$dir" 2>/dev/null | wc -l)
for sev in error warning info; do
    n=$(grep -cE ": $sev\[" "$out")
    awk -v s="$sev" -v n="$n" -v d="$ndocs" 'BEGIN { printf "%-8s findings: %5d (%.2f per document)\n", s, n, d ? n / d : 0 }'
done
echo "by rule:"
grep -oE ': (error|warning|info)\[[^]]+\]' "$out" | sed 's/^: //' | sort | uniq -c | sort -rn | sed 's/^/  /'
# error-severity findings, per document, each listed for judgement
echo
"$bin" check --quiet --color never --min-severity error "$dir" > "$out" 2>/dev/null
grep -E ': error\[' "$out" | sed -E 's/:[0-9]+:[0-9]+: error\[.*//' | sort | uniq -c | sort -rn > "$out.per"
total=$(grep -cE ': error\[' "$out")
docs=$(wc -l < "$out.per")
echo "error findings:              $total in $docs documents"
if [ "$total" -gt 0 ]; then
    echo "per document:"
    sed 's/^/  /' "$out.per"
    echo "findings:"
    grep -E ': error\[' "$out" | sed "s|^$dir/||; s/^/  /"
fi
rm -f "$out.per"
echo
"$(dirname "$0")/check-real-docx.sh" "$bin" "$dir/docx"
exit 0
