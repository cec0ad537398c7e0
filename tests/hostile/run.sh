#!/usr/bin/env bash
# Hostile inputs, the small cases (part of `make test`): ZIP bombs (DOCX, ODT,
# OFD), billion laughs, an external entity, deep nesting, an OFD of 1,000
# pages and one listing a page 20,000 times, PDF bombs, damaged and disguised
# archives, bad encodings, NUL bytes, odd file names, link loops, FIFOs. Every input is
# generated here by gen.py (nothing large is committed). Each run checks a
# hostile input next to good.txt, a corpus draft with known findings, and
# asserts the exact exit code, the exact error line on stderr and that
# good.txt's findings are still reported. Every command runs under `timeout`,
# so a hang fails the suite instead of stalling it. The large cases are in
# large.sh (`make hostile`).
suite=hostile
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../cli/lib.sh" "$1"
export NORMLINT_RULES=${NORMLINT_RULES:-$root/rules}
T=${NL_HOSTILE_TIMEOUT:-20} # seconds any one run may take (ASan builds included; tests/valgrind/run.sh raises it)

python3 "$here/gen.py" . bomb-1g bomb-1g-lying bomb-ratio bomb-odt billion-laughs-xml billion-laughs-docx \
    xxe-xml xxe-docx deep-xml deep-docx truncated-docx corrupt-docx no-document-docx many-entries-docx \
    ole2-docx invalid-utf8 invalid-utf8-xml utf16-nobom nul-txt over-cap paragraphs-txt odd-names \
    bomb-ofd deep-ofd pages-ofd page-bomb-ofd encrypted-ofd missing-page-ofd scanned-ofd truncated-ofd || exit 1
cp "$root/corpus/02-jiangzhou-ebike-charging-measures.txt" good.txt
N="check --quiet --doc-type normative"

# good.txt alone: the findings every later run must still show
check "good alone" 1 "" -- timeout $T "$bin" $N good.txt
good=$(cat out.txt)
if [ "$(grep -c '^good.txt:' out.txt)" -ne 8 ] ||
   ! grep -qx 'good.txt:36:41: error\[power.penalty.create\]: 规范性文件不得设定行政处罚，此处规定了“处二百元以上五百元以下罚款”。' out.txt; then
    echo "$suite: good.txt no longer has its 8 known findings"; fail=$((fail + 1))
fi

# unreadable NAME FILE REASON [OPTIONS...]: good.txt and FILE checked in one
# run; exit 3, REASON on stderr, good.txt's findings and the 无法读取 line
unreadable() {
    local name=$1 file=$2 reason=$3
    shift 3
    check "$name" 3 "normlint: $file: $reason" -- timeout $T "$bin" $N "$@" good.txt "$file"
    check_out "$name: good.txt still checked" "$good
$file: 无法读取：$reason"
}

M=word/document.xml
unreadable "zip bomb, 1 GiB" bomb-1g.docx "ZIP member $M inflates to 1073741824 bytes, more than the limit of 268435456"
unreadable "zip bomb, directory lies" bomb-1g-lying.docx "ZIP member $M is longer than its directory entry says"
unreadable "zip bomb, ratio" bomb-ratio.docx \
    "ZIP member $M has a compression ratio of 1011:1, more than the limit of 200:1 (a ZIP bomb?)"
unreadable "zip bomb, odt" bomb.odt "ZIP member content.xml inflates to 1073741824 bytes, more than the limit of 268435456"
unreadable "zip bomb, raised entry limit" bomb-1g.docx "ZIP archive inflates to more than 536870912 bytes in all" \
    --limit zip-entry=2G --limit zip-ratio=100000
unreadable "billion laughs, xml" billion-laughs.xml "the document is not well-formed XML: Detected an entity reference loop"
unreadable "billion laughs, docx" billion-laughs.docx "$M is not well-formed XML: Detected an entity reference loop"
unreadable "deep xml" deep.xml "the document is not well-formed XML: elements nested deeper than 128 levels"
unreadable "deep docx" deep.docx "$M is not well-formed XML: elements nested deeper than 128 levels"
unreadable "truncated zip" truncated.docx "is a damaged or truncated ZIP archive (Not a zip archive)"
unreadable "corrupt deflate stream" corrupt.docx "ZIP member $M is damaged (Zlib error: data error)"
unreadable "zip without a document part" no-document.docx \
    "unsupported: a ZIP archive that is not a DOCX document (no word/document.xml)"
unreadable "zip with 20,000 entries" many-entries.docx "ZIP archive has 20003 entries, more than the limit of 10000"
unreadable ".docx that is an OLE2 header alone" really-a-doc.docx "is a damaged OLE2 compound file, or one that holds no Word document"
: > empty.docx
unreadable "empty .docx" empty.docx "is empty (0 bytes): not a .docx package"
printf '第一条 这是一份改了扩展名的文本。\n' > renamed.ODT
unreadable "text renamed .ODT" renamed.ODT \
    "is named .ODT but is not a ZIP package (cut short, damaged or another format renamed)"
unreadable "invalid utf-8" invalid-utf8.txt \
    "is neither valid UTF-8 (invalid byte 0xFF at byte 80) nor GB18030 (invalid sequence at byte 26)"
unreadable "invalid utf-8 in xml" invalid-utf8.xml \
    "the document is not well-formed XML: Input is not proper UTF-8, indicate encoding ! Bytes: 0xFF 0xFE 0x80 0x3C"
unreadable "utf-16 without a bom" utf16-nobom.txt "contains NUL bytes (first at byte 19): it looks like UTF-16 without a byte-order mark (little-endian); re-save it as UTF-8, or read it with --encoding UTF-16LE"
unreadable "nul bytes in text" nul.txt "unsupported: a binary file (NUL byte at byte 28), not text, DOCX, ODT, XML or HTML; save or convert it as DOCX or UTF-8 text"
unreadable "over --max-size" over-cap.txt "is 2.0 MiB, larger than the 1.0 MiB limit (--max-size)" --max-size 1M
unreadable "missing file" nowhere.txt "cannot open: No such file or directory"

# OFD: a page that inflates to 1 GiB, page blocks 30,000 deep, one page part
# listed 20,000 times, encryption, a page missing, only images, cut short
P0=Doc_0/Pages/Page_0/Content.xml
unreadable "zip bomb, ofd" bomb.ofd \
    "ZIP member Doc_0/Pages/Page_1/Content.xml inflates to 1073741824 bytes, more than the limit of 268435456"
unreadable "deep ofd" deep.ofd "$P0 is not well-formed XML: elements nested deeper than 128 levels"
unreadable "ofd page bomb" page-bomb.ofd \
    "Doc_0/Document.xml lists more than 10000 pages, the limit (a page needs a ZIP member of its own; --limit zip-entries)"
unreadable "encrypted ofd" encrypted.ofd "unsupported: an encrypted OFD (Encryptions.xml, GM/T 0099); save a decrypted copy with the reader that holds its password or certificate"
unreadable "ofd with a page missing" missing-page.ofd \
    "page 2 of Doc_0/Document.xml (Pages/Page_1/Content.xml) is missing from the package"
unreadable "ofd of scanned pages" scanned.ofd "unsupported: an OFD without text on its 2 pages (scanned images?); normlint reads the text of an OFD, not its pictures: run OCR on it first"
unreadable "truncated ofd" truncated.ofd "is a damaged or truncated ZIP archive (Not a zip archive)"
printf '第一条 这是一份改了扩展名的文本。\n' > renamed.ofd
unreadable "text renamed .ofd" renamed.ofd \
    "is named .ofd but is not a ZIP package (cut short, damaged or another format renamed)"

# 1,000 pages, each an article with a fine: every finding reported with its
# page, in bounded time
check "ofd of 1,000 pages" 1 "" -- timeout $T "$bin" $N good.txt pages-1000.ofd
n=$(grep -c '^pages-1000.ofd:[0-9]*:[0-9]*: error\[power.penalty.create\]' out.txt)
if [ "$n" -eq 999 ] && [ "$(head -8 out.txt)" = "$good" ]; then pass=$((pass + 1)); else
    echo "$suite: ofd of 1,000 pages: $n penalty findings"; fail=$((fail + 1)); fi
timeout $T "$bin" check --format json --doc-type normative pages-1000.ofd > pages.json 2>&1
if grep -q '"page": 1000,' pages.json && [ "$(grep -c '"page_line": ' pages.json)" -eq "$(grep -c '"rule": ' pages.json)" ]; then
    pass=$((pass + 1)); else echo "$suite: ofd of 1,000 pages: findings without their pages"; fail=$((fail + 1)); fi

# UTF-16 without a BOM reads with --encoding
check "utf-16 with --encoding" 1 "" -- timeout $T "$bin" $N --encoding UTF-16LE utf16-nobom.txt
check_out "utf-16 with --encoding output" "utf16-nobom.txt:1:1: info[cite.basis-clause-missing]: 未写明制定依据。
utf16-nobom.txt:3:12: error[power.penalty.create]: 规范性文件不得设定行政处罚，此处规定了“处五百元罚款”。"

# an external entity naming a local file: checked, the file never read
for f in xxe.xml xxe.docx; do
    check "external entity, $f" 1 "" -- timeout $T "$bin" $N good.txt $f
    check_out "external entity, $f output" "$good
$f:1:1: info[cite.basis-clause-missing]: 未写明制定依据。
$f:1:1: warning[time.effective-date.missing]: 文件没有规定施行日期。
$f:1:1: warning[time.validity.missing]: 文件没有规定有效期。"
    timeout $T "$bin" check --format json good.txt $f > xxe.json 2>&1
    if grep -q HOSTILE-SECRET out.txt err.txt xxe.json; then
        echo "$suite: $f: the external entity's file was read into the output"; fail=$((fail + 1))
    else
        pass=$((pass + 1))
    fi
done

# 100,000 articles, each with a finding: every finding reported, in bounded
# time (finding the legal address used to scan every article: minutes)
check "100,000 findings" 1 "" -- timeout $T "$bin" $N good.txt paragraphs-100k.txt
n=$(grep -c '^paragraphs-100k.txt:[0-9]*:[0-9]*: error\[power.penalty.create\]' out.txt)
if [ "$n" -eq 100000 ] && [ "$(head -8 out.txt)" = "$good" ]; then pass=$((pass + 1)); else
    echo "$suite: 100,000 findings: $n penalty findings"; fail=$((fail + 1)); fi

# file names with spaces, Chinese characters and a newline (the JSON report
# shows the newline unambiguously)
penalty="error[power.penalty.create]: 规范性文件不得设定行政处罚，此处规定了“处五百元罚款”。"
check "name with spaces" 1 "" -- timeout $T "$bin" $N good.txt "with space.txt" "中文 文件名.txt"
check_out "name with spaces output" "$good
with space.txt:1:1: info[cite.basis-clause-missing]: 未写明制定依据。
with space.txt:3:12: $penalty
中文 文件名.txt:1:1: info[cite.basis-clause-missing]: 未写明制定依据。
中文 文件名.txt:3:12: $penalty"
check "name with a newline" 1 "" -- timeout $T "$bin" check --format json good.txt "new"$'\n'"line.txt"
if grep -q '"path": "new\\nline.txt"' out.txt && [ "$(grep -c '"rule": "power.penalty.create"' out.txt)" -eq 6 ]; then
    pass=$((pass + 1)); else echo "$suite: name with a newline: not reported as new\\nline.txt"; fail=$((fail + 1)); fi
mkdir names && mv "with space.txt" "中文 文件名.txt" "new"$'\n'"line.txt" names/
check "odd names in a walked directory" 1 "" -- timeout $T "$bin" check --format json names good.txt
if [ "$(grep -c '"status": "checked"' out.txt)" -eq 4 ]; then pass=$((pass + 1)); else
    echo "$suite: odd names in a walked directory: not all four documents checked"; fail=$((fail + 1)); fi

# FIFOs: named, inside a walked directory, behind a link; nothing blocks
mkfifo fifo.txt
unreadable "fifo" fifo.txt "is not a regular file (FIFO)"
ln -s fifo.txt fifolink.txt
unreadable "link to a fifo" fifolink.txt "is not a regular file (FIFO)"
mkdir piped && mkfifo piped/pipe.txt && cp good.txt piped/
check "fifo in a walked directory" 3 "normlint: piped/pipe.txt: is not a regular file (FIFO)" -- timeout $T "$bin" $N piped
check_out "fifo in a walked directory output" "$(printf '%s\n' "$good" | sed 's/^good.txt/piped\/good.txt/')
piped/pipe.txt: 无法读取：is not a regular file (FIFO)"

# link loops: a directory linking to itself is not entered; a file link loop
# is reported
mkdir loop && cp good.txt loop/ && ln -s . loop/self && ln -s ../loop loop/up
ln -s b.txt loop/a.txt && ln -s a.txt loop/b.txt
check "directory link loop" 3 "normlint: loop/a.txt: cannot open: Too many levels of symbolic links
normlint: loop/b.txt: cannot open: Too many levels of symbolic links" -- timeout $T "$bin" $N loop
check_out "directory link loop output" "loop/a.txt: 无法读取：cannot open: Too many levels of symbolic links
loop/b.txt: 无法读取：cannot open: Too many levels of symbolic links
$(printf '%s\n' "$good" | sed 's/^good.txt/loop\/good.txt/')"
check "named link into a loop" 1 "" -- timeout $T "$bin" $N loop/self/self/self/good.txt

# an unreadable file; root reads it anyway, so the case is skipped there
cp good.txt locked.txt && chmod 000 locked.txt
if [ "$(id -u)" = 0 ]; then
    echo "$suite: skipped 'unreadable file (chmod 000)': running as root, which can read it"
else
    unreadable "unreadable file" locked.txt "cannot open: Permission denied"
fi
chmod 600 locked.txt
# a file whose read fails whoever reads it, root included: /proc/self/mem is a
# regular file, and reading it from offset 0 (unmapped) gives EIO
if [ -r /proc/self/mem ]; then
    unreadable "read error (EIO)" /proc/self/mem "cannot read: Input/output error"
fi

# PDF: a page-count bomb (20,000 pages), caught by the page limit, and by the
# output and time limits when that is raised; an array nested 100,000 deep in
# every page (poppler gives up on it, the text is read); a thousand pages,
# read whole. Needs pdftotext (the pdf suite checks the rest).
if command -v pdftotext > /dev/null; then
    python3 "$here/gen.py" . pdf-bomb deep-pdf thousand-pages-pdf || exit 1
    unreadable "pdf bomb, pages" bomb.pdf "has more pages than the limit of 5000 (--limit pdf-pages)"
    unreadable "pdf bomb, output" bomb.pdf "pdftotext's output is larger than the 1.0 MiB limit (--limit pdf-output)" \
        --limit pdf-pages=100000 --limit pdf-output=1M
    unreadable "pdf bomb, time" bomb.pdf "pdftotext did not finish within 1 s, the limit (--limit pdf-seconds)" \
        --limit pdf-pages=100000 --limit pdf-seconds=1
    check "deep pdf" 0 "" -- timeout $T "$bin" text deep.pdf
    [ "$(grep -c '^第[一二三]条　本规定第[一二三]条所称第[二三四]类事项，由市城市管理局依照有关法律、法规和规章负责办理。$' out.txt)" = 3 ] &&
        pass=$((pass + 1)) || { echo "$suite: deep pdf: the three articles were not read"; fail=$((fail + 1)); }
    check "a thousand pages" 0 "" -- timeout $T "$bin" text --locators thousand-pages.pdf
    [ "$(grep -c $'^page[0-9]*:[0-9]*\t第' out.txt)" = 1000 ] && grep -q $'^page1000:2\t第一千条　本规定第一千条所称第七类事项' out.txt &&
        pass=$((pass + 1)) || { echo "$suite: a thousand pages: not every article read on its page"; fail=$((fail + 1)); }
else
    skip_part "PDF cases skipped: pdftotext is not installed (Debian: poppler-utils)"
fi

# audit accounts for every input, the hostile ones as unreadable
mkdir archive && cp good.txt bomb-1g.docx billion-laughs.xml deep.xml nul.txt truncated.docx bomb.ofd deep.ofd \
    page-bomb.ofd pages-1000.ofd archive/ && mkfifo archive/pipe.txt
check "audit" 3 - -- timeout $T "$bin" audit --no-progress --format json archive
if [ "$(grep -c '"status": "unreadable"' out.txt)" -eq 9 ] && [ "$(grep -c '"status": "checked"' out.txt)" -eq 2 ]; then
    pass=$((pass + 1)); else echo "$suite: audit: expected 9 unreadable and 2 checked documents"; fail=$((fail + 1)); fi

finish
