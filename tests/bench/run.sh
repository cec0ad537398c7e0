#!/usr/bin/env bash
# make bench: normlint against the tools a user would otherwise script
# together, on one generated corpus, on this machine, in one run. Prints
# figures and the targets of issue 9 next to them; asserts nothing (it is not
# a test, and never part of `make test`).
#
#   run.sh BIN GEN [DIR]      (make bench: build/normlint build/bench-gen build/bench)
#
# Corpus (tests/bench/gen.c, fixed seeds): 2,000 drafts as TXT and DOCX and
# 10,000 more as TXT for the memory figure, and the first 200 of them as PDF
# (tests/bench/txt2pdf.py: laid out as official documents, header and page
# numbers) and as OFD (tests/bench/txt2ofd.py through tools/ofdgen.py); kept
# in DIR and reused while the generators are unchanged.
#
# Timing: hyperfine (medians of --runs; output through a pipe, so no tool can
# take the shortcut some take when stdout is /dev/null); without hyperfine,
# the median of as many runs timed with date. Peers: ripgrep with the patterns
# `normlint rules --export-patterns` writes (one combined pass, and once per
# pattern), docx2txt and pandoc -t plain (as many at once as normlint has
# threads: xargs -P), tests/bench/extract_docx.py (one python3 process), and
# pdftotext (plain text, and -bbox as normlint runs it; xargs -P) on the PDFs,
# and tests/bench/extract_ofd.py (the text a python3 script takes out of an
# OFD, TextCode by TextCode: one process; under the `python` peer) on the OFDs.
# Peak RSS from /usr/bin/time.
#
# Environment: BENCH_RUNS (default 5) runs of the fast commands; the slow
# peers run 3 times (pandoc on a 200-file subset, scaled to the corpus).
# BENCH_TIMER=date times with date even when hyperfine is there.
# BENCH_PEERS=none times normlint alone (its rows and targets print "-"
# where a peer is missing): for comparing two builds of normlint, which the
# peers do not change; ripgrep with the bundled rules' 790 patterns takes
# minutes a run on two cores. BENCH_PEERS=pdftotext (a comma list of rg,
# docx2txt, pandoc, python, pdftotext) times only those peers.
set -u
bin=$1
gen=$2
dir=${3:-build/bench}
here=$(cd "$(dirname "$0")" && pwd)
runs=${BENCH_RUNS:-5}
jobs=2
export LC_ALL=C.UTF-8

have() { command -v "$1" > /dev/null 2>&1; }
say() { echo "bench: $*" >&2; }

# ---- machine and tools ----

cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
echo "machine: $(nproc) cores, ${cpu:-unknown CPU}, $(uname -sr)"
versions="normlint $("$bin" --version 2> /dev/null | head -1 | awk '{print $NF}')"
have rg && versions="$versions; $(rg --version | head -1)"
have hyperfine && versions="$versions; $(hyperfine --version)"
have pandoc && versions="$versions; $(pandoc --version | head -1)"
have python3 && versions="$versions; $(python3 --version 2>&1)"
have docx2txt && versions="$versions; docx2txt $(dpkg-query -W -f='${Version}' docx2txt 2> /dev/null)"
echo "tools: $versions"
for t in rg docx2txt pandoc python3 hyperfine; do
    have "$t" || echo "note: $t is not installed (make bench-deps): its rows are left out"
done

# ---- corpus ----

stamp="$(cat "$gen" "$here/txt2pdf.py" "$here/../support/pdfwrite.py" "$here/txt2ofd.py" "$here/../../tools/ofdgen.py" | cksum) c2k=2000/42/both c10k=10000/7/txt pdf=200 ofd=200"
if [ "$(cat "$dir/stamp" 2> /dev/null)" != "$stamp" ]; then
    rm -rf "$dir"
    mkdir -p "$dir"
    say "generating 2,000 drafts (TXT and DOCX) in $dir/c2k"
    "$gen" "$dir/c2k" 2000 42 both || exit 1
    say "generating 10,000 drafts (TXT) in $dir/c10k for the memory figure"
    "$gen" "$dir/c10k" 10000 7 txt || exit 1
    say "laying out the first 200 drafts as PDF in $dir/c2k/pdf"
    python3 "$here/txt2pdf.py" "$dir/c2k/txt" "$dir/c2k/pdf" 200 || exit 1
    say "setting the first 200 drafts as OFD in $dir/c2k/ofd"
    python3 "$here/txt2ofd.py" "$dir/c2k/txt" "$dir/c2k/ofd" 200 || exit 1
    echo "$stamp" > "$dir/stamp"
else
    say "reusing the corpus in $dir (same generator)"
fi
txt=$dir/c2k/txt
docx=$dir/c2k/docx
pdf=$dir/c2k/pdf
ls "$docx"/*.docx > "$dir/docx.list"
ls "$pdf"/*.pdf > "$dir/pdf.list"
ofd=$dir/c2k/ofd
ls "$ofd"/*.ofd > "$dir/ofd.list"
ofd_txt_bytes=$(ls "$ofd" | sed 's/\.ofd$/.txt/' | (cd "$txt" && xargs cat) | wc -c)
pdf_txt_bytes=$(ls "$pdf" | sed 's/\.pdf$/.txt/' | (cd "$txt" && xargs cat) | wc -c)
pdf_pages=$(python3 -c 'import re, sys; print(sum(len(re.findall(rb"/Type /Page ", open(f, "rb").read())) for f in sys.argv[1:]))' "$pdf"/*.pdf)
head -200 "$dir/docx.list" > "$dir/docx200.list"
read -r txt_bytes txt_min txt_max <<< "$(find "$txt" -name '*.txt' -printf '%s\n' |
    awk 'NR == 1 || $1 < lo { lo = $1 } $1 > hi { hi = $1 } { s += $1 } END { print s, lo, hi }')"
docx_bytes=$(find "$docx" -name '*.docx' -printf '%s\n' | awk '{ s += $1 } END { print s }')
txt10_bytes=$(find "$dir/c10k/txt" -name '*.txt' -printf '%s\n' | awk '{ s += $1 } END { print s }')
mb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1e6 }'; }
echo "corpus: 2,000 drafts, $(mb "$txt_bytes") MB of text ($(awk -v a="$txt_min" -v b="$txt_max" \
    'BEGIN { printf "%.1f-%.1f KiB each", a / 1024, b / 1024 }')), as TXT and as DOCX ($(mb "$docx_bytes") MB of DOCX);" \
    "10,000 more TXT ($(mb "$txt10_bytes") MB)"

# the typical draft: the DOCX whose text is nearest 20 KB
one=$(find "$txt" -name '*.txt' -printf '%s %f\n' | awk '{ d = $1 - 20000; if (d < 0) d = -d; print d, $1, $2 }' |
    sort -n | head -1)
one_bytes=$(echo "$one" | awk '{ print $2 }')
one_docx=$docx/$(echo "$one" | awk '{ print $3 }' | sed 's/\.txt$/.docx/')

# ---- patterns for ripgrep ----

pat=$dir/patterns.txt
rg_ok=0
if "$bin" rules --export-patterns "$pat" 2> "$dir/export.err"; then
    npat=$(wc -l < "$pat")
    sed 's/^/  /' "$dir/export.err"
    if have rg; then
        # every line must compile in ripgrep's default engine, alone and all together
        bad=0
        while IFS= read -r p; do
            rg -q -e "$p" /dev/null 2> "$dir/rg.err"
            if [ $? -eq 2 ]; then
                bad=$((bad + 1))
                echo "  rg rejects: $p ($(head -c 300 "$dir/rg.err" | tr '\n' ' '))"
            fi
        done < "$pat"
        rg -q -f "$pat" /dev/null 2> "$dir/rg.err"
        all=$?
        if [ "$bad" -eq 0 ] && [ "$all" -ne 2 ]; then
            rg_ok=1
            echo "patterns: $npat exported; every line compiles in ripgrep, alone and as one -f file"
        else
            echo "patterns: $npat exported; $bad do not compile in ripgrep$([ "$all" -eq 2 ] && echo ", nor the whole file"): ripgrep rows left out"
        fi
    fi
else
    sed 's/^/  /' "$dir/export.err"
    echo "patterns: normlint rules --export-patterns failed: ripgrep rows left out"
fi

# ---- normlint: check -j, or audit before check had -j ----

if "$bin" check --help 2> /dev/null | grep -q -- '--jobs'; then
    nl="check --format json"
    nl_name="check"
else
    nl="audit --format jsonl --no-progress"
    nl_name="audit (check has no -j yet)"
fi

# ---- timing ----

declare -A med # name -> median seconds

# measure NAME RUNS WARMUP SHELL(0|1) COMMAND
measure() {
    local name=$1 n=$2 w=$3 sh=$4 cmd=$5
    say "timing $name ($n runs): $cmd"
    if have hyperfine && [ "${BENCH_TIMER:-}" != date ]; then
        local shellopt=(-N)
        [ "$sh" = 1 ] && shellopt=(--shell=bash)
        if ! hyperfine "${shellopt[@]}" --runs "$n" --warmup "$w" -i --output=pipe --style none \
            --export-json "$dir/h-$name.json" "$cmd" > "$dir/h-$name.log" 2>&1; then
            say "hyperfine failed for $name: $(tail -3 "$dir/h-$name.log")"
            return
        fi
        med[$name]=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["results"][0]["median"])' \
            "$dir/h-$name.json")
    else
        local i s e times=""
        for ((i = 0; i < w; i++)); do bash -c "$cmd" > /dev/null 2>&1; done
        for ((i = 0; i < n; i++)); do
            s=$(date +%s%N)
            bash -c "$cmd" 2>&1 | cat > /dev/null
            e=$(date +%s%N)
            times="$times $(((e - s) / 1000))"
        done
        med[$name]=$(echo "$times" | tr ' ' '\n' | sed '/^$/d' | sort -n |
            awk '{ a[NR] = $1 } END { m = NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2; print m / 1e6 }')
    fi
}

measure txt-j1 "$runs" 1 0 "$bin $nl -j 1 $txt"
measure txt-j2 "$runs" 1 0 "$bin $nl -j $jobs $txt"
# peer NAME: 1 when BENCH_PEERS (all, none, or a comma list: rg, docx2txt,
# pandoc, python, pdftotext) asks for it
peer() { [ "${BENCH_PEERS:-all}" = all ] || [[ ",${BENCH_PEERS}," == *",$1,"* ]]; }
if [ "$rg_ok" = 1 ] && peer rg; then
    measure rg-combined "$runs" 1 0 "rg -o -n --column -f $pat $txt"
    measure rg-each 3 0 1 "$here/peers.sh rg-each $pat $txt"
fi
measure docx-j1 3 1 0 "$bin $nl -j 1 $docx"
measure docx-j2 "$runs" 1 0 "$bin $nl -j $jobs $docx"
peer docx2txt && have docx2txt && measure docx2txt 3 0 1 "$here/peers.sh docx2txt $jobs $dir/docx.list"
peer pandoc && have pandoc && measure pandoc200 3 0 1 "$here/peers.sh pandoc $jobs $dir/docx200.list"
peer python && have python3 && measure python "$runs" 1 0 "python3 $here/extract_docx.py $docx"
measure pdf-j1 3 1 0 "$bin $nl -j 1 $pdf"
measure pdf-j2 "$runs" 1 0 "$bin $nl -j $jobs $pdf"
if peer pdftotext && have pdftotext; then
    measure pdftotext "$runs" 1 1 "$here/peers.sh pdftotext $jobs $dir/pdf.list"
    measure pdftotext-bbox "$runs" 1 1 "$here/peers.sh pdftotext-bbox $jobs $dir/pdf.list"
fi
measure ofd-j1 3 1 0 "$bin $nl -j 1 $ofd"
measure ofd-j2 "$runs" 1 0 "$bin $nl -j $jobs $ofd"
peer python && have python3 && measure ofdpython "$runs" 1 0 "python3 $here/extract_ofd.py $dir/ofd.list"
measure one 20 3 0 "$bin check $one_docx"
# the first run on a machine: an empty cache folder every time (the
# parsed rule files, compiled patterns and example verdicts are written anew)
measure cold 10 1 1 "rm -rf $dir/cold-cache; XDG_CACHE_HOME=$dir/cold-cache $bin check $one_docx"

# peak RSS (KiB) of one run
rss() {
    /usr/bin/time -f '%M' -o "$dir/rss.out" "$@" > /dev/null 2>&1
    tail -1 "$dir/rss.out"
}
rss2=""
rss10=""
if [ -x /usr/bin/time ]; then
    say "peak RSS: $nl -j $jobs over 2,000 and 10,000 TXT"
    rss2=$(rss "$bin" $nl -j $jobs "$txt")
    rss10=$(rss "$bin" $nl -j $jobs "$dir/c10k/txt")
fi

# ---- the table ----

get() { echo "${med[$1]:-}"; }
# row LABEL NAME [BYTES]: median seconds (and MB/s when BYTES)
row() {
    local v
    v=$(get "$2")
    if [ -z "$v" ]; then
        printf '  %-58s %10s\n' "$1" "-"
    elif [ -n "${3:-}" ]; then
        awk -v l="$1" -v v="$v" -v b="$3" 'BEGIN { printf "  %-58s %10.3f %9.1f\n", l, v, b / 1e6 / v }'
    else
        awk -v l="$1" -v v="$v" 'BEGIN { printf "  %-58s %10.3f\n", l, v }'
    fi
}
echo
printf '%-60s %10s %9s\n' "median wall-clock time (MB/s: of text)" "seconds" "MB/s"
echo "TXT corpus (2,000 drafts, $(mb "$txt_bytes") MB):"
row "normlint $nl_name -j1" txt-j1 "$txt_bytes"
row "normlint $nl_name -j$jobs" txt-j2 "$txt_bytes"
row "rg -o -n --column -f PATTERNS (one pass, $(nproc) threads)" rg-combined "$txt_bytes"
row "rg -o -n --column -e PAT, once per pattern ($(wc -l < "$pat" 2> /dev/null || echo 0) runs)" rg-each "$txt_bytes"
echo "DOCX corpus (the same 2,000 drafts):"
row "normlint $nl_name -j1" docx-j1 "$txt_bytes"
row "normlint $nl_name -j$jobs" docx-j2 "$txt_bytes"
row "docx2txt FILE -, every file ($jobs at a time, xargs -P$jobs)" docx2txt "$txt_bytes"
if [ -n "$(get pandoc200)" ]; then
    med[pandoc]=$(awk -v v="$(get pandoc200)" 'BEGIN { print v * 2000 / 200 }')
fi
row "pandoc -t plain, 200 files ($jobs at a time)" pandoc200
row "pandoc -t plain, scaled to 2,000 files (× 10)" pandoc "$txt_bytes"
row "python3 zipfile + re, one process (extract_docx.py)" python "$txt_bytes"
echo "PDF corpus (the first 200 drafts, $pdf_pages pages, $(mb "$pdf_txt_bytes") MB of text):"
row "normlint $nl_name -j1" pdf-j1 "$pdf_txt_bytes"
row "normlint $nl_name -j$jobs" pdf-j2 "$pdf_txt_bytes"
row "pdftotext FILE - (plain text), every file ($jobs at a time)" pdftotext "$pdf_txt_bytes"
row "pdftotext -bbox FILE - (what normlint runs), $jobs at a time" pdftotext-bbox "$pdf_txt_bytes"
echo "OFD corpus (the first 200 drafts, $(mb "$ofd_txt_bytes") MB of text):"
row "normlint $nl_name -j1" ofd-j1 "$ofd_txt_bytes"
row "normlint $nl_name -j$jobs" ofd-j2 "$ofd_txt_bytes"
row "python3 zipfile + xml.etree, TextCode in stored order (extract_ofd.py)" ofdpython "$ofd_txt_bytes"
echo "One typical draft ($(basename "$one_docx"), $(awk -v b="$one_bytes" 'BEGIN { printf "%.1f", b / 1024 }') KiB of text), whole process, 20 runs:"
if [ -n "$(get one)" ]; then
    awk -v v="$(get one)" 'BEGIN { printf "  %-58s %7.1f ms\n", "normlint check FILE", v * 1000 }'
fi
if [ -n "$(get cold)" ]; then
    awk -v v="$(get cold)" 'BEGIN { printf "  %-58s %7.1f ms\n", "normlint check FILE, first run (empty cache folder)", v * 1000 }'
fi
echo "Peak RSS, normlint $nl_name -j$jobs:"
[ -n "$rss2" ] && printf '  %-58s %7s KiB\n' "2,000 TXT drafts" "$rss2"
[ -n "$rss10" ] && printf '  %-58s %7s KiB\n' "10,000 TXT drafts" "$rss10"

# target LABEL VALUE OP LIMIT [FORMAT]: the measured ratio next to the target
target() {
    local label=$1 v=$2 op=$3 lim=$4
    if [ -z "$v" ]; then
        printf '  %-50s %9s   %s %-6s  %s\n' "$label" "-" "$op" "$lim" "not measured"
        return
    fi
    awk -v l="$label" -v v="$v" -v op="$op" -v lim="$lim" 'BEGIN {
        ok = (op == "<=") ? v <= lim : v >= lim
        printf "  %-50s %9.3f   %s %-6s  %s\n", l, v, op, lim, ok ? "met" : "missed"
    }'
}
ratio() { # A/B of two medians, empty when either is missing
    local a b
    a=$(get "$1")
    b=$(get "$2")
    [ -n "$a" ] && [ -n "$b" ] && awk -v a="$a" -v b="$b" 'BEGIN { print a / b }'
}
echo
printf '%-52s %9s   %-9s %s\n' "targets (issue 9), ratios of medians" "measured" "target" "verdict"
target "TXT: normlint -j$jobs / rg one combined pass" "$(ratio txt-j2 rg-combined)" "<=" 0.5
target "TXT: normlint -j$jobs / rg once per pattern" "$(ratio txt-j2 rg-each)" "<=" 0.25
target "DOCX: normlint -j$jobs / docx2txt" "$(ratio docx-j2 docx2txt)" "<=" 0.05
target "DOCX: normlint -j$jobs / pandoc -t plain (scaled)" "$(ratio docx-j2 pandoc)" "<=" 0.01
target "DOCX: normlint -j$jobs / python3 zipfile + re" "$(ratio docx-j2 python)" "<=" 1.0
target "TXT: throughput -j$jobs / -j1" "$(ratio txt-j1 txt-j2)" ">=" 1.7
target "DOCX: throughput -j$jobs / -j1" "$(ratio docx-j1 docx-j2)" ">=" 1.7
target "one typical DOCX draft, whole process (ms)" \
    "$([ -n "$(get one)" ] && awk -v v="$(get one)" 'BEGIN { print v * 1000 }')" "<=" 20
target "one draft, first run with an empty cache (ms; issue 19)" \
    "$([ -n "$(get cold)" ] && awk -v v="$(get cold)" 'BEGIN { print v * 1000 }')" "<=" 500
target "peak RSS 10,000 / 2,000 documents" \
    "$([ -n "$rss2" ] && [ -n "$rss10" ] && awk -v a="$rss10" -v b="$rss2" 'BEGIN { print a / b }')" "<=" 1.1
# reported, no target: the PDF loader's cost over pdftotext itself
r=$(ratio pdf-j2 pdftotext)
[ -n "$r" ] && printf '  %-50s %9.3f   %s\n' "PDF: normlint -j$jobs / pdftotext (plain, -P$jobs)" "$r" "reported (no target)"
r=$(ratio pdf-j2 pdftotext-bbox)
[ -n "$r" ] && printf '  %-50s %9.3f   %s\n' "PDF: normlint -j$jobs / pdftotext -bbox (-P$jobs)" "$r" "reported (no target)"
# and the OFD loader's (placing by coordinates, checking) over a bare extraction
r=$(ratio ofd-j2 ofdpython)
[ -n "$r" ] && printf '  %-50s %9.3f   %s\n' "OFD: normlint -j$jobs / python3 extraction" "$r" "reported (no target)"
[ "$nl_name" = check ] || echo "note: normlint rows ran 'audit --format jsonl': this normlint's check has no -j"
exit 0
