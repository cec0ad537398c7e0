#!/usr/bin/env bash
# check --fix, end to end: the diff on stderr and the rewritten file, exact;
# a second run has nothing left to fix; GB18030 and UTF-16LE (BOM, CRLF) files
# keep their bytes' form; a normlint-disable line and its suppressed findings
# are left alone; only unfixed findings count for --fail-on; DOCX is left
# alone with a word; nothing is written without --fix; --fix with --staged is
# refused; a file that cannot be rewritten is left as it was.
suite=fix
source "$(dirname "$0")/lib.sh"

n() { "$bin" check --no-config "$@"; }

# bytes of a file as hex, for messages and comparisons
hex() { od -An -tx1 -v "$1" | tr -d ' \n'; }
# same_bytes NAME FILE EXPECTED-FILE
same_bytes() {
    if cmp -s "$2" "$3"; then
        pass=$((pass + 1))
    else
        echo "$suite: $1: bytes differ"; echo "--- expected"; hex "$3"; echo; echo "--- got"; hex "$2"; echo
        fail=$((fail + 1))
    fi
}

cat > a.txt <<'DOC'
江州市建设工程施工扬尘污染防治规定
江州环规[2024]7号
第一条　为了防治扬尘污染,根据《中华人民共和国大气污染防治法》(以下简称《大气法》)等规定，制定本规定。
第二条　施工单位应当按照标准值3.5毫克每立方米控制扬尘，每日8:30前完成洒水。
第三条　本规定自2024年6月10日起施行，有效期5年。
江州市生态环境局
2024.5.8
DOC
cp a.txt a.orig
cat > a.want <<'DOC'
江州市建设工程施工扬尘污染防治规定
江州环规〔2024〕7号
第一条　为了防治扬尘污染，根据《中华人民共和国大气污染防治法》（以下简称《大气法》）等规定，制定本规定。
第二条　施工单位应当按照标准值3.5毫克每立方米控制扬尘，每日8:30前完成洒水。
第三条　本规定自2024年6月10日起施行，有效期5年。
江州市生态环境局
2024年5月8日
DOC
D='发文字号“[2024]7号”不符合公文格式要求：年份应标全称并用六角括号〔〕括入，序号不加“第”字、不编虚位。'
H='中文行文中使用了半角标点'
T='成文日期“2024.5.8”用分隔符代替年、月、日；应当用阿拉伯数字将年、月、日标全，月、日不编虚位（如“2024年5月8日”）。'
REPORT="a.txt:2:5: warning[form.doc-number]: $D
a.txt:3:13: info[form.halfwidth-punctuation]: ${H}“,”，应当使用相应的全角标点。
a.txt:3:32: info[form.halfwidth-punctuation]: ${H}“(”，应当使用相应的全角标点。
a.txt:3:42: info[form.halfwidth-punctuation]: ${H}“)”，应当使用相应的全角标点。
a.txt:7:1: warning[form.date]: $T"

# without --fix: reported, nothing written
check "no --fix" 1 "" -- n -q --fail-on info a.txt
check_out "no --fix: the findings" "$REPORT"
same_bytes "no --fix: file untouched" a.txt a.orig

# --fix: the diff, the new file, the report of the file as it was; all fixed, so 0
check "--fix" 0 "--- a/a.txt
+++ b/a.txt
@@ -2 +2 @@
-江州环规[2024]7号
+江州环规〔2024〕7号
@@ -3 +3 @@
-第一条　为了防治扬尘污染,根据《中华人民共和国大气污染防治法》(以下简称《大气法》)等规定，制定本规定。
+第一条　为了防治扬尘污染，根据《中华人民共和国大气污染防治法》（以下简称《大气法》）等规定，制定本规定。
@@ -7 +7 @@
-2024.5.8
+2024年5月8日
normlint: fixed 5 findings in a.txt" -- n -q --fail-on info --fix a.txt
check_out "--fix: the report is of the file as it was" "$REPORT"
same_bytes "--fix: the new content" a.txt a.want

# a second run finds nothing to fix and writes nothing
cp a.txt a.once
check "second --fix" 0 "" -- n -q --fail-on info --fix a.txt
check_out "second --fix: no findings" ""
same_bytes "second --fix: unchanged" a.txt a.once

# findings without a fix still count: the 文号 is fixed, the missing 施行/有效期 are not
printf '江州市某某管理办法\n江州府规[2024]03号\n第一条　为了规范管理，根据《中华人民共和国行政许可法》，制定本办法。\n' > b.txt
check "unfixed findings count" 1 "--- a/b.txt
+++ b/b.txt
@@ -2 +2 @@
-江州府规[2024]03号
+江州府规〔2024〕3号
normlint: fixed 1 finding in b.txt" -- n -q --fail-on warning --fix b.txt
check_out "unfixed findings: reported" "b.txt:1:1: warning[time.effective-date.missing]: 文件没有规定施行日期。
b.txt:1:1: warning[time.validity.missing]: 文件没有规定有效期。
b.txt:2:5: warning[form.doc-number]: 发文字号“[2024]03号”不符合公文格式要求：年份应标全称并用六角括号〔〕括入，序号不加“第”字、不编虚位。"

# GB18030 and UTF-16LE with a BOM and CRLF line ends: same encoding, BOM and
# line ends afterwards; a normlint-disable line and the finding it suppresses stay
printf '江州市某某管理办法\r\n江州环规[2024]7号\r\n# normlint-disable form.halfwidth-punctuation 保留原文引文\r\n第一条　为了规范管理,制定本办法。\r\n江州市生态环境局\r\n2024-05-08\r\n' > crlf.txt
printf '江州市某某管理办法\r\n江州环规〔2024〕7号\r\n# normlint-disable form.halfwidth-punctuation 保留原文引文\r\n第一条　为了规范管理,制定本办法。\r\n江州市生态环境局\r\n2024年5月8日\r\n' > crlf.want
iconv -f UTF-8 -t GB18030 crlf.txt > gb.txt
iconv -f UTF-8 -t GB18030 crlf.want > gb.want
{ printf '\xff\xfe'; iconv -f UTF-8 -t UTF-16LE crlf.txt; } > u16.txt
{ printf '\xff\xfe'; iconv -f UTF-8 -t UTF-16LE crlf.want; } > u16.want
for f in gb u16; do
    check "$f: --fix" 0 "--- a/$f.txt
+++ b/$f.txt
@@ -2 +2 @@
-江州环规[2024]7号
+江州环规〔2024〕7号
@@ -6 +6 @@
-2024-05-08
+2024年5月8日
normlint: fixed 2 findings in $f.txt" -- n -q --fix --disable cite.basis-clause-missing $f.txt
    same_bytes "$f: encoding, BOM, CRLF and the directive line kept" $f.txt $f.want
    check "$f: the suppressed finding is still there" 0 "" -- n -q --show-suppressed --fix $f.txt
    check_out "$f: suppressed, not fixed" "$f.txt:1:1: info[cite.basis-clause-missing]: 未写明制定依据。
$f.txt:1:1: warning[time.effective-date.missing]: 文件没有规定施行日期。
$f.txt:1:1: warning[time.validity.missing]: 文件没有规定有效期。
$f.txt:4:11: suppressed[form.halfwidth-punctuation]: ${H}“,”，应当使用相应的全角标点。（第3行注释抑制，理由：保留原文引文）"
done
# the UTF-8 original with its CRLF, and --encoding given explicitly
cp crlf.txt forced.txt
check "--encoding UTF-8 CRLF" 0 - -- n -q --fix --encoding utf8 forced.txt
same_bytes "--encoding UTF-8: CRLF kept" forced.txt crlf.want

# a baselined finding is not fixed
cp a.orig c.txt
n -q --write-baseline base.json c.txt > /dev/null 2>&1
check "baselined: nothing to fix" 0 "" -- n -q --baseline base.json --fix c.txt
same_bytes "baselined: untouched" c.txt a.orig

# DOCX: left alone, with a word
python3 - <<'PY'
import zipfile
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
def p(t): return '<w:p><w:r><w:t xml:space="preserve">%s</w:t></w:r></w:p>' % t
body = (p('江州市某某管理办法') + p('江州环规[2024]7号')
        + p('第一条　为了规范管理，根据《中华人民共和国行政许可法》，制定本办法。')
        + p('第二条　本办法自2024年6月1日起施行，有效期5年。'))
doc = '<?xml version="1.0" encoding="UTF-8"?><w:document %s><w:body>%s</w:body></w:document>' % (W, body)
ct = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
with zipfile.ZipFile('d.docx', 'w', zipfile.ZIP_DEFLATED) as z:
    z.writestr('[Content_Types].xml', ct)
    z.writestr('word/document.xml', doc)
PY
cp d.docx d.orig
check "docx: left alone" 1 "normlint: d.docx: --fix rewrites text files only; use normlint annotate --fix for DOCX" -- \
    n -q --fail-on info --fix d.docx
check_out "docx: still reported" "d.docx:2:5: warning[form.doc-number]: $D"
same_bytes "docx: untouched" d.docx d.orig

# a directory: text files rewritten, the DOCX named once
mkdir tree
cp a.orig tree/a.txt
cp d.orig tree/d.docx
check "directory" 0 - -- n -q --fix tree
[ "$(grep -c '^normlint: ' err.txt)" = 2 ] && grep -qx 'normlint: fixed 5 findings in tree/a.txt' err.txt &&
    grep -qx 'normlint: tree/d.docx: --fix rewrites text files only; use normlint annotate --fix for DOCX' err.txt &&
    pass=$((pass + 1)) || { echo "$suite: directory: stderr"; cat err.txt; fail=$((fail + 1)); }
same_bytes "directory: text file fixed" tree/a.txt a.want

# --fix rewrites the work tree, not the index
check "--fix with --staged" 2 "normlint check: --fix rewrites files in the work tree, not the staged content: drop --staged
Try 'normlint check --help'." -- n --staged --fix

# the help mentions it
"$bin" check --help | grep -q -- '--fix  ' && pass=$((pass + 1)) || { echo "$suite: --help lacks --fix"; fail=$((fail + 1)); }

# a file that cannot be rewritten (its directory is read-only) is left as it
# was, the error named, exit 2; root ignores permissions, so only as a user
if [ "$(id -u)" != 0 ]; then
    mkdir ro
    cp a.orig ro/a.txt
    chmod 555 ro
    check "read-only directory" 2 - -- n -q --fix ro/a.txt
    grep -q '^normlint: .*ro/a.txt: cannot create a file in its directory' err.txt && pass=$((pass + 1)) ||
        { echo "$suite: read-only directory: stderr"; cat err.txt; fail=$((fail + 1)); }
    same_bytes "read-only directory: untouched" ro/a.txt a.orig
    chmod 755 ro
fi

finish
