#!/usr/bin/env bash
# The real third-party OFD files in ../shared/corpus-ofd (made by several
# producers: official documents, invoices, licences, signed, sealed and
# annotated files; read in place, never copied): every file loads or is
# refused with a reason, none crashes or hangs, and the text of those that
# load comes out in reading order.
#   - `normlint text` exits 0 with some text, or 3 with exactly one line on
#     stderr, "normlint: FILE: REASON"; anything else (a signal, a timeout,
#     a sanitizer report, another exit code) fails;
#   - the files known to hold no text object (scanned pages) are refused
#     as such;
#   - `normlint check` runs on every file (exit 0, 1 or 3), and `audit`
#     accounts for each of them;
#   - the reading order agrees with an independent reading
#     (tests/ofd/reading_order.py).
# Optional (part of make check-real, not of make test: CI's clone has no
# ../shared): skips (exit 77) when ../shared/corpus-ofd is absent.
suite=ofd-real
source "$(dirname "$0")/lib.sh"
dir=${NL_OFD_CORPUS:-$root/../shared/corpus-ofd}
[ -d "$dir" ] || skip_suite "$dir not found"
T=${NL_OFD_TIMEOUT:-30}
files=("$dir"/*.ofd)
[ -f "${files[0]}" ] || skip_suite "no .ofd file in $dir"
# the files whose pages are images only
scanned=" ofdrw-converter__V4RideRight.ofd ofdrw-converter__containsJPEG.ofd ofdrw-converter__h.ofd \
ofdrw-layout__Page5.ofd ofdrw-sign__VPage7.ofd ofdrw-tool__Page5.ofd "

loaded=0
refused=0
for f in "${files[@]}"; do
    name=${f##*/}
    timeout "$T" "$bin" text "$f" > out.txt 2> err.txt
    rc=$?
    if [ "$rc" = 0 ] && [ -s out.txt ] && [ ! -s err.txt ]; then
        loaded=$((loaded + 1))
    elif [ "$rc" = 3 ] && [ "$(wc -l < err.txt)" = 1 ] && grep -q "^normlint: $f: ..*" err.txt; then
        refused=$((refused + 1))
        echo "$suite: refused: $name: $(sed "s|^normlint: $f: ||" err.txt)"
    else
        echo "$suite: $name: exit $rc"; head -20 err.txt; fail=$((fail + 1)); continue
    fi
    if [[ "$scanned" == *" $name "* ]] && ! grep -q "an OFD without text on its" err.txt; then
        echo "$suite: $name: a file of scanned pages, not refused as such"; fail=$((fail + 1)); continue
    fi
    timeout "$T" "$bin" check --quiet "$f" > /dev/null 2> err.txt
    rc=$?
    if [ "$rc" -gt 3 ] || [ "$rc" = 2 ] || grep -qE 'Sanitizer|runtime error' err.txt; then
        echo "$suite: $name: check exit $rc"; head -20 err.txt; fail=$((fail + 1)); continue
    fi
    pass=$((pass + 1))
done
echo "$suite: ${#files[@]} files: $loaded loaded, $refused refused with a reason"

# audit: one record per file
timeout $((T * 4)) "$bin" audit --no-progress --format jsonl "$dir" > audit.jsonl 2> err.txt
rc=$?
n=$(grep -c '"path":"[^"]*\.ofd"' audit.jsonl)
if [ "$rc" -le 3 ] && [ "$rc" != 2 ] && [ "$n" -eq "${#files[@]}" ]; then pass=$((pass + 1)); else
    echo "$suite: audit: exit $rc, $n records for ${#files[@]} files"; fail=$((fail + 1)); fi

# the reading order against an independent reading
if python3 "$root/tests/ofd/reading_order.py" --normlint "$bin" "${files[@]}" > order.txt; then
    pass=$((pass + 1))
else
    echo "$suite: reading order:"; grep -v ': same order\|: refused' order.txt; fail=$((fail + 1))
fi
echo "$suite: reading order: $(grep -c ': same order' order.txt) files read exactly in the reference order," \
    "$(grep -c ': agrees' order.txt) close to it"
finish
