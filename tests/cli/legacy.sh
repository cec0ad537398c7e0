#!/usr/bin/env bash
# Legacy Word .doc through its converters, with the real programs: through
# LibreOffice the corpus .doc reads exactly as the DOCX it was made from
# (text, locators, findings); through catdoc its text; an encrypted one is
# refused as encrypted; a missing converter is named; a file the converter
# fails on is reported and the run goes on; no temporary folder and no
# LibreOffice process is left behind, and the input is never touched.
# Needs LibreOffice (soffice) and catdoc (`make clients`, `make deps`; CI
# installs both), else skipped.
suite=legacy
source "$(dirname "$0")/lib.sh"
command -v soffice > /dev/null || skip_suite "LibreOffice not installed (make clients)"
command -v catdoc > /dev/null || skip_suite "catdoc not installed (make deps)"
doc=$root/corpus/29-jiangzhou-shared-ebike-parking-measures.doc
docx=$root/corpus/27-jiangzhou-shared-ebike-parking-measures.docx
mkdir -p scratch
export TMPDIR=$tmp/scratch
sum=$(sha256sum < "$doc")

# through LibreOffice: the same text and locators as the DOCX, the same findings
check "text through LibreOffice" 0 "" -- "$bin" text --locators --notes --doc-converter libreoffice "$doc"
check_out "the .doc reads as its DOCX" "$("$bin" text --locators --notes "$docx")"
strip() { sed -e 's/"path": *"[^"]*"/"path":""/' -e 's/"format": *"[a-z]*"/"format":""/'; }
"$bin" check --no-config --notes --format json "$docx" | strip > want.json
check "check through LibreOffice" 1 "" -- "$bin" check --no-config --notes --format json "$doc"
if [ "$(strip < out.txt)" = "$(cat want.json)" ]; then pass=$((pass + 1)); else
    echo "$suite: the findings of the .doc differ from its DOCX's"; diff <(strip < out.txt) want.json | head; fail=$((fail + 1)); fi
check "parse says doc" 0 "" -- "$bin" parse --format json "$doc"
grep -q '"format": *"doc"' out.txt && pass=$((pass + 1)) || { echo "$suite: format is not doc"; fail=$((fail + 1)); }

# a WPS document holding a WordDocument stream goes the same way, and a
# folder walk takes .wps and .doc files
mkdir -p walk && cp "$doc" walk/draft.wps && cp "$doc" walk/draft.doc
check "a .wps in a folder" 1 "" -- "$bin" check --no-config --doc-converter libreoffice --format json walk
[ "$(grep -o '"rule": *"competition.designated-trade"' out.txt | wc -l)" = 2 ] && pass=$((pass + 1)) ||
    { echo "$suite: the folder's .wps and .doc"; cat out.txt; fail=$((fail + 1)); }

# through catdoc: the text (catdoc shows a deleted paragraph mark's two paragraphs)
check "text through catdoc" 0 "" -- "$bin" text --doc-converter catdoc "$doc"
grep -q '^第六条　运营企业的车辆定位和停放数据，应当统一接入区城投公司建设的智能停放平台。$' out.txt &&
    grep -q '^第四条　运营企业应当在停放点$' out.txt && pass=$((pass + 1)) ||
    { echo "$suite: catdoc's text"; cat out.txt; fail=$((fail + 1)); }

# encrypted (the file information block says so): refused as such, whatever the converter
python3 - "$doc" enc.doc << 'EOF'
import sys
d = bytearray(open(sys.argv[1], "rb").read())
off = next(o for o in range(512, len(d), 512) if d[o] == 0xEC and d[o + 1] == 0xA5)
d[off + 0x0B] |= 0x01  # FibBase.fEncrypted
open(sys.argv[2], "wb").write(d)
EOF
check "encrypted" 3 "normlint: enc.doc: encrypted Word document: it needs a password to open; save a copy without the password" -- \
    "$bin" text enc.doc

# no converter: what to install; the other inputs are still read
printf '第一条　本办法自公布之日起施行。\n' > good.txt
check "no converter" 3 "normlint: $doc: a legacy Word .doc or WPS document: reading it needs LibreOffice (Debian: apt-get install libreoffice-writer-nogui) or catdoc (apt-get install catdoc), and neither is installed" -- \
    env PATH=/nonexistent "$bin" text "$doc" good.txt
grep -q '^第一条' out.txt && pass=$((pass + 1)) || { echo "$suite: good.txt not read"; fail=$((fail + 1)); }
check "no LibreOffice when asked for it" 3 "normlint: $doc: a legacy Word .doc or WPS document: reading it needs LibreOffice (Debian: apt-get install libreoffice-writer-nogui), which is not installed" -- \
    env PATH=/nonexistent "$bin" text --doc-converter libreoffice "$doc"

# a Word document LibreOffice cannot make sense of: its error, and the run goes on
python3 - "$doc" broken.doc << 'EOF'
import sys
d = bytearray(open(sys.argv[1], "rb").read())
off = next(o for o in range(512, len(d), 512) if d[o] == 0xEC and d[o + 1] == 0xA5)
for k in range(off + 0x20, min(off + 4096, len(d))):  # past the FIB's magic and flags: garbage
    d[k] = 0xFF
open(sys.argv[2], "wb").write(d)
EOF
check "a document the converter fails on" 3 "-" -- "$bin" text --doc-converter libreoffice broken.doc good.txt
grep -q '^normlint: broken.doc: LibreOffice read no text from it: the document is empty or damaged' err.txt && grep -q '^第一条' out.txt &&
    pass=$((pass + 1)) || { echo "$suite: broken.doc"; cat err.txt; fail=$((fail + 1)); }

# nothing left behind, nothing touched
[ -z "$(ls -A scratch)" ] && pass=$((pass + 1)) || { echo "$suite: left in TMPDIR: $(ls scratch)"; fail=$((fail + 1)); }
pgrep -f "normlint-doc-" > /dev/null && { echo "$suite: a LibreOffice process is left"; fail=$((fail + 1)); } || pass=$((pass + 1))
[ "$(sha256sum < "$doc")" = "$sum" ] && pass=$((pass + 1)) || { echo "$suite: the input changed"; fail=$((fail + 1)); }
finish
