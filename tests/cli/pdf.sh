#!/usr/bin/env bash
# PDF input (the pdf suite): the text of the corpus PDFs equals their drafts
# exactly; locators give the page and the line on it; findings of the PDFs
# LibreOffice printed of the corpus drafts agree with the drafts' own
# (tests/pdf/agreement.py, at least 95%); encrypted, image-only and damaged
# PDFs are refused with their reason (exit 3); a missing pdftotext is named
# with the package to install; the input is never modified and nothing is
# left behind. Needs pdftotext (poppler-utils): exit 77 without it.
suite=pdf
. "$(dirname "$0")/lib.sh" "$1"
command -v pdftotext > /dev/null || skip_suite "pdftotext is not installed (Debian: poppler-utils)"
export NORMLINT_RULES=${NORMLINT_RULES:-$root/rules}
c=$root/corpus
official=24-jiangzhou-street-vending-measures
plain=25-jiangzhou-travel-agency-notice

# the text of each corpus PDF is its draft, exactly
for n in $official $plain; do
    check "text of $n.pdf" 0 "" -- "$bin" text "$c/$n.pdf"
    cmp -s out.txt "$c/src/$n.draft" && pass=$((pass + 1)) ||
        { echo "$suite: text of $n.pdf differs from its draft:"; diff out.txt "$c/src/$n.draft" | head; fail=$((fail + 1)); }
done

# locators: the page and the line on it where each paragraph starts (the
# running header is line 1); 第五条 starts on page 1 and ends on page 2
check "locators" 0 "" -- "$bin" text --locators "$c/$official.pdf"
grep -q $'^page1:2\t江州市城区临时占道经营管理办法$' out.txt && grep -q $'^page1:23\t第五条　' out.txt &&
    grep -q $'^page2:4\t临时占道经营区域不得设置' out.txt && grep -q $'^page4:2\t江州市人民政府$' out.txt &&
    pass=$((pass + 1)) || { echo "$suite: locators"; head -30 out.txt; fail=$((fail + 1)); }
# a finding says where it is in the PDF: the line is the paragraph, as for DOCX
check "check text" 1 "" -- "$bin" check --no-config "$c/$official.pdf"
grep -q '^  位置：第四章第十二条（第3页第' out.txt && pass=$((pass + 1)) ||
    { echo "$suite: no page locator in the text report"; cat out.txt; fail=$((fail + 1)); }
check "check json" 1 "" -- "$bin" check --no-config --format json "$c/$official.pdf"
python3 - out.txt <<'EOF' && pass=$((pass + 1)) || fail=$((fail + 1))
import json, sys
doc = json.load(open(sys.argv[1]))["documents"][0]
assert doc["format"] == "pdf", doc["format"]
pen = [f for f in doc["findings"] if f["rule"] == "power.penalty.create"]
assert len(pen) == 1 and pen[0]["page"] == 3 and pen[0]["page_line"] > 1, pen
assert all("page" in f and "page_line" in f for f in doc["findings"])
EOF

# the findings of the PDFs agree with those of their text versions
(cd "$root" && python3 tests/pdf/agreement.py --normlint "$bin" --min 0.95 --list tests/pdf/agreement.list) > agree.txt 2>&1 &&
    pass=$((pass + 1)) || fail=$((fail + 1))
cat agree.txt

# refusals: each an unreadable input (exit 3) with its reason, the run goes on
cp "$c/02-jiangzhou-ebike-charging-measures.txt" good.txt
cp "$root"/tests/pdf/{encrypted,restricted,scanned}.pdf "$c/$official.pdf" "$c/$plain.pdf" .
check "encrypted" 3 "normlint: encrypted.pdf: encrypted PDF: it needs a password to open; save a copy without the password (qpdf --decrypt --password=PASSWORD IN OUT) and check that" \
    -- "$bin" check --quiet --no-config good.txt encrypted.pdf
grep -q '^good.txt:36:41: error\[power.penalty.create\]' out.txt && pass=$((pass + 1)) ||
    { echo "$suite: good.txt not checked next to an encrypted PDF"; fail=$((fail + 1)); }
check "scanned" 3 "normlint: scanned.pdf: no text layer: needs OCR (a scanned or image-only PDF of 1 page; run it through OCR first, e.g. ocrmypdf, and check the result)" \
    -- "$bin" text scanned.pdf
printf '%%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n' > damaged.pdf
check "damaged" 3 "normlint: damaged.pdf: is a damaged PDF or not a PDF (pdftotext exit status 1: Syntax Error: Couldn't find trailer dictionary)" \
    -- "$bin" text damaged.pdf
# encrypted against copying only: it opens without a password, and is read
check "restricted" 0 "" -- "$bin" text restricted.pdf
cmp -s out.txt "$c/src/$plain.draft" && pass=$((pass + 1)) || { echo "$suite: restricted.pdf not read"; fail=$((fail + 1)); }
# the JSON report and the audit count them like any other input
check "json of a refusal" 3 - -- "$bin" check --no-config --format json scanned.pdf
grep -q '"error": "no text layer: needs OCR' out.txt && pass=$((pass + 1)) || { echo "$suite: json"; fail=$((fail + 1)); }
mkdir -p archive && cp $official.pdf $plain.pdf scanned.pdf archive/
check "audit" 3 - -- "$bin" audit --no-config --format json --no-progress archive
python3 - out.txt <<'EOF' && pass=$((pass + 1)) || { echo "$suite: audit"; cat out.txt | head -20; fail=$((fail + 1)); }
import json, sys
s = json.load(open(sys.argv[1]))["summary"]
assert s["documents"] == 3 and s["checked"] == 2 and s["unreadable"] == 1, s
EOF

# no pdftotext on PATH: the reason names the package (the exec of normlint itself needs no PATH)
check "pdftotext missing" 3 "normlint: $plain.pdf: is a PDF, which normlint reads with pdftotext, and pdftotext is not installed: install poppler-utils (Debian: apt-get install poppler-utils)" \
    -- env PATH="$tmp/nowhere" "$bin" text "$plain.pdf"

# limits: pages, and the output of pdftotext
check "page limit" 3 "normlint: $official.pdf: has more pages than the limit of 3 (--limit pdf-pages)" \
    -- "$bin" text --limit pdf-pages=3 "$official.pdf"
check "output limit" 3 "normlint: $official.pdf: pdftotext's output is larger than the 4.0 KiB limit (--limit pdf-output)" \
    -- "$bin" text --limit pdf-output=4K "$official.pdf"

# the input is never modified, and no file is left in TMPDIR
mkdir -p tmpdir
sum=$(cksum < "$official.pdf")
TMPDIR="$tmp/tmpdir" "$bin" check --no-config "$official.pdf" > /dev/null 2>&1
[ "$(cksum < "$official.pdf")" = "$sum" ] && [ -z "$(ls -A tmpdir)" ] && pass=$((pass + 1)) ||
    { echo "$suite: the input changed or a file was left behind"; fail=$((fail + 1)); }
finish
