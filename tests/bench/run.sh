#!/usr/bin/env bash
# make bench: generate the benchmark corpus (2,000 drafts as TXT and DOCX,
# deterministic seed) and print, for `normlint audit`, documents/s and MB/s at
# -j1 and -j2, and the peak RSS for 2,000 and 10,000 documents. Numbers are
# printed, never asserted: this is not a test.
set -u
bin=$1
gen=$2
dir=${3:-build/bench}
rm -rf "$dir"
mkdir -p "$dir"
echo "bench: generating 2,000 drafts (TXT and DOCX) in $dir"
"$gen" "$dir/c2k" 2000 42 both || exit 1
echo "bench: generating 10,000 drafts (TXT) for the memory figure"
"$gen" "$dir/c10k" 10000 7 txt || exit 1
timeit() { # prints "seconds rss_kb"
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -f '%e %M' -o "$dir/time.out" "$@" > /dev/null 2>&1
        tail -1 "$dir/time.out"
    else
        local s=$(date +%s.%N)
        "$@" > /dev/null 2>&1
        echo "$(echo "$(date +%s.%N) - $s" | bc) 0"
    fi
}
printf '%-34s %8s %10s %10s %10s\n' "run" "docs" "seconds" "docs/s" "MB/s"
for kind in txt docx; do
    mb=$(du -sm "$dir/c2k/$kind" | cut -f1)
    for j in 1 2; do
        read -r secs rss <<< "$(timeit "$bin" audit --format jsonl --no-progress -j $j "$dir/c2k/$kind")"
        awk -v k="audit $kind -j$j" -v s="$secs" -v mb="$mb" 'BEGIN { printf "%-34s %8d %10.2f %10.0f %10.1f\n", k, 2000, s, (s > 0 ? 2000 / s : 0), (s > 0 ? mb / s : 0) }'
    done
done
read -r secs rss2 <<< "$(timeit "$bin" audit --format review --no-progress -j 2 "$dir/c2k/txt")"
read -r secs rss10 <<< "$(timeit "$bin" audit --format review --no-progress -j 2 "$dir/c10k/txt")"
echo "peak RSS, audit --format review -j2: 2,000 documents ${rss2} KiB, 10,000 documents ${rss10} KiB"
