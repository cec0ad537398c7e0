#!/usr/bin/env bash
# Run each fuzz target for N seconds, seeded with the corpus files of its
# format (copied into build/, so the source tree is never written to).
# Usage: tests/fuzz/run.sh BUILD_DIR SECONDS LOADER...
set -u
dir=$1
secs=$2
shift 2
root=$(cd "$(dirname "$0")/../.." && pwd)
status=0
seed() { # NAME GLOB...
    local name=$1
    shift
    rm -rf "$dir/corpus-$name"
    mkdir -p "$dir/corpus-$name"
    for g in "$@"; do
        for f in $g; do [ -f "$f" ] && cp "$f" "$dir/corpus-$name/"; done
    done
}
for l in "$@"; do
    case $l in
    text) seed text "$root/corpus/*.txt" ;;
    docx) seed docx "$root/corpus/*.docx" ;;
    odt) seed odt "$root/corpus/*.odt" ;;
    xml) seed xml "$root/corpus/*.xml" ;;
    html) seed html "$root/corpus/*.html" ;;
    esac
    echo "fuzz: $l for ${secs}s"
    "$dir/fuzz_$l" -max_total_time="$secs" -max_len=262144 -rss_limit_mb=2048 -print_final_stats=0 \
        "$dir/corpus-$l" > "$dir/fuzz_$l.log" 2>&1 || { echo "fuzz: $l FAILED (see $dir/fuzz_$l.log)"; tail -30 "$dir/fuzz_$l.log"; status=1; }
done
seed rules "$root/rules/*/*.yaml"
echo "fuzz: rules for ${secs}s"
"$dir/fuzz-rules" -max_total_time="$secs" -max_len=65536 -rss_limit_mb=2048 "$dir/corpus-rules" > "$dir/fuzz-rules.log" 2>&1 ||
    { echo "fuzz: rules FAILED (see $dir/fuzz-rules.log)"; tail -30 "$dir/fuzz-rules.log"; status=1; }
[ "$status" -eq 0 ] && echo "fuzz: no crash"
exit $status
