#!/usr/bin/env bash
# Suppressions and baselines, end to end: every directive form (text # and //
# lines, disable / disable-next-line / enable, lists, families, *, unknown
# rules, XML and HTML comments, Word comments in DOCX), how suppressed and
# baselined findings are counted and shown (text, JSON, SARIF), baselines
# across an edit that renumbers lines and articles, and reports written with
# --output / -f FMT:FILE.
suite=suppress
source "$(dirname "$0")/lib.sh"

n() { "$bin" check --no-config --doc-type normative "$@"; }

cat > doc.txt <<'DOC'
江州市户外广告设置管理办法
第一条　为了规范户外广告设置，根据《中华人民共和国广告法》等规定，结合本市实际，制定本办法。
第二条　设置户外广告的，须经市城市管理局审批。
第三条　违反本办法第二条规定的，处五百元罚款。
第四条　对拒不整改的，处一千元罚款，并将其列入黑名单。
第五条　本办法自2025年3月1日起施行，有效期5年。
DOC
L='规范性文件不得设定行政许可，“须经市城市管理局审批”对公民、法人或者其他组织设定了审批。'
P5='规范性文件不得设定行政处罚，此处规定了“处五百元罚款”。'
P1='规范性文件不得设定行政处罚，此处规定了“处一千元罚款”。'
B='“列入黑名单”可能构成变相的行政处罚（通报批评、限制从业等），规范性文件不得设定。'

check "no directive" 1 "" -- n -q doc.txt
check_out "no directive: four findings" "doc.txt:3:13: error[power.licence.create]: $L
doc.txt:4:17: error[power.penalty.create]: $P5
doc.txt:5:12: error[power.penalty.create]: $P1
doc.txt:5:22: warning[power.penalty.credit-sanction]: $B"

# '#' disable: from the next line to the end; line numbers stay those of the file
{ echo '# normlint-disable power.penalty.create 依照《江州市市容管理条例》第二十条'; cat doc.txt; } > a.txt
check "# disable" 1 "" -- n -q --show-suppressed a.txt
check_out "# disable: rest of the document" "a.txt:4:13: error[power.licence.create]: $L
a.txt:6:22: warning[power.penalty.credit-sanction]: $B
a.txt:5:17: suppressed[power.penalty.create]: $P5（第1行注释抑制，理由：依照《江州市市容管理条例》第二十条）
a.txt:6:12: suppressed[power.penalty.create]: $P1（第1行注释抑制，理由：依照《江州市市容管理条例》第二十条）"
[ "$(n a.txt | tail -1)" = "检查 1 个文件：错误 1 项，警告 1 项，提示 0 项；另有 2 项已由 normlint-disable 注释抑制。" ] &&
    pass=$((pass + 1)) || { echo "suppress: summary line: $(n a.txt | tail -1)"; fail=$((fail + 1)); }

# '//' disable-next-line with a list (full-width comma), over a blank line
sed 's#^第二条#// normlint-disable-next-line power.licence.create，power.penalty.credit-sanction 试点授权\n\n第二条#' doc.txt > b.txt
check "// next-line" 1 "" -- n -q --show-suppressed b.txt
check_out "// next-line: only the next non-blank line" "b.txt:6:17: error[power.penalty.create]: $P5
b.txt:7:12: error[power.penalty.create]: $P1
b.txt:7:22: warning[power.penalty.credit-sanction]: $B
b.txt:5:13: suppressed[power.licence.create]: $L（第3行注释抑制，理由：试点授权）"

# a family, then normlint-enable ends it; '*' without a reason
sed -e 's#^第三条#  // normlint-disable power.* 授权试点\n第三条#' -e 's#^第四条#// normlint-enable power.*\n第四条#' doc.txt > c.txt
check "family + enable" 1 "" -- n -q c.txt
check_out "family + enable: only 第三条 suppressed" "c.txt:3:13: error[power.licence.create]: $L
c.txt:7:12: error[power.penalty.create]: $P1
c.txt:7:22: warning[power.penalty.credit-sanction]: $B"
{ echo '# normlint-disable *'; cat doc.txt; } > d.txt
check "* suppresses everything" 0 "" -- n -q --show-suppressed d.txt
check_out "* without a reason" "d.txt:4:13: suppressed[power.licence.create]: $L（第1行注释抑制，未写理由）
d.txt:5:17: suppressed[power.penalty.create]: $P5（第1行注释抑制，未写理由）
d.txt:6:12: suppressed[power.penalty.create]: $P1（第1行注释抑制，未写理由）
d.txt:6:22: suppressed[power.penalty.credit-sanction]: $B（第1行注释抑制，未写理由）"

# an unknown rule and a directive naming none are warnings; a '#' line that is
# no directive is text like any other
{ echo '# normlint-disable power.penalti.create,power.licence.create'; echo '# normlint-disable-next-line'; cat doc.txt; echo '# 注：违反本办法的，处五百元罚款。'; } > e.txt
check "unknown rule warns" 1 "normlint: warning: e.txt: line 1: normlint-disable names 'power.penalti.create', which is no loaded rule
normlint: warning: e.txt: line 2: normlint-disable-next-line names no rule (write a rule id, a family such as power.*, or *)" -- n -q e.txt
check_out "unknown rule: the known one still applies; the # text line is checked" "e.txt:6:17: error[power.penalty.create]: $P5
e.txt:7:12: error[power.penalty.create]: $P1
e.txt:7:22: warning[power.penalty.credit-sanction]: $B
e.txt:9:12: error[power.penalty.create]: $P5"

# XML and HTML comments
{
    echo '<?xml version="1.0" encoding="UTF-8"?>'
    echo '<doc><title>江州市户外广告设置管理办法</title>'
    echo '<p>第一条　为了规范户外广告设置，根据《中华人民共和国广告法》等规定，结合本市实际，制定本办法。</p>'
    echo '<!-- normlint-disable-next-line power.licence.create 省政府授权 -->'
    echo '<p>第二条　设置户外广告的，须经市城市管理局审批。</p>'
    echo '<p>第三条　违反本办法第二条规定的，处五百元罚款。</p></doc>'
} > f.xml
check "xml comment" 1 "" -- n -q --show-suppressed f.xml
check_out "xml comment: next element" "f.xml:2:1: warning[time.effective-date.missing]: 文件没有规定施行日期。
f.xml:2:1: warning[time.validity.missing]: 文件没有规定有效期。
f.xml:6:17: error[power.penalty.create]: $P5
f.xml:5:13: suppressed[power.licence.create]: $L（第4行注释抑制，理由：省政府授权）"
{
    echo '<!DOCTYPE html><html><head><meta charset="utf-8"><title>办法</title></head><body>'
    echo '<h1>江州市户外广告设置管理办法</h1>'
    echo '<!-- normlint-disable power.penalty.create 依照上位法 -->'
    echo '<p>第一条　设置户外广告的，须经市城市管理局审批。</p>'
    echo '<p>第二条　违反本办法第一条规定的，处五百元罚款。</p>'
    echo '</body></html>'
} > g.html
check "html comment" 1 "" -- n -q --show-suppressed g.html
check_out "html comment: rest of the page" "g.html:2:1: info[cite.basis-clause-missing]: 未写明制定依据。
g.html:2:1: warning[time.effective-date.missing]: 文件没有规定施行日期。
g.html:2:1: warning[time.validity.missing]: 文件没有规定有效期。
g.html:4:13: error[power.licence.create]: $L
g.html:5:17: suppressed[power.penalty.create]: $P5（第3行注释抑制，理由：依照上位法）"

# DOCX: a Word comment on the penalty sentence of 第三条, one on the whole of
# 第四条 (two runs), and an ordinary comment that suppresses nothing
python3 - <<'PY'
import zipfile
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
def r(t): return '<w:r><w:t xml:space="preserve">%s</w:t></w:r>' % t
def p(x): return '<w:p>%s</w:p>' % x
body = (p(r('江州市户外广告设置管理办法'))
        + p(r('第一条　为了规范户外广告设置，根据《中华人民共和国广告法》等规定，结合本市实际，制定本办法。'))
        + p(r('第二条　设置户外广告的，') + '<w:commentRangeStart w:id="7"/>' + r('须经市城市管理局审批') + '<w:commentRangeEnd w:id="7"/>' + r('。'))
        + p(r('第三条　违反本办法第二条规定的，') + '<w:commentRangeStart w:id="8"/>' + r('处五百') + r('元罚款') + '<w:commentRangeEnd w:id="8"/>' + r('。') + '<w:r><w:commentReference w:id="8"/></w:r>')
        + '<w:commentRangeStart w:id="9"/>' + p(r('第四条　对拒不整改的，处一千元罚款，并将其列入黑名单。')) + '<w:commentRangeEnd w:id="9"/>'
        + p(r('第五条　本办法自2025年3月1日起施行，有效期5年。')))
doc = '<?xml version="1.0" encoding="UTF-8"?><w:document %s><w:body>%s</w:body></w:document>' % (W, body)
def c(i, t): return '<w:comment w:id="%s" w:author="法制科"><w:p>%s</w:p></w:comment>' % (i, r(t))
com = '<?xml version="1.0" encoding="UTF-8"?><w:comments %s>%s%s%s</w:comments>' % (
    W, c(7, '请核实审批依据'), c(8, 'normlint-disable power.penalty.create 上位法已设定'), c(9, 'normlint-disable power.penalty.* 待修改'))
ct = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
      '<Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/></Types>')
with zipfile.ZipFile('h.docx', 'w', zipfile.ZIP_DEFLATED) as z:
    z.writestr('[Content_Types].xml', ct)
    z.writestr('word/document.xml', doc)
    z.writestr('word/comments.xml', com)
PY
check "docx word comments" 1 "" -- n -q --show-suppressed h.docx
check_out "docx: commented ranges" "h.docx:3:13: error[power.licence.create]: $L
h.docx:4:17: suppressed[power.penalty.create]: $P5（第4行注释抑制，理由：上位法已设定）
h.docx:5:12: suppressed[power.penalty.create]: $P1（第5行注释抑制，理由：待修改）
h.docx:5:22: suppressed[power.penalty.credit-sanction]: $B（第5行注释抑制，理由：待修改）"

# JSON and SARIF carry suppressed findings with their reason
check "json suppressed" 1 "" -- n --format json a.txt
[ "$(cat out.txt | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["summary"]["suppressed"], len(d["documents"][0]["suppressed"]), d["documents"][0]["suppressed"][0]["suppression"]["line"])')" = "2 2 1" ] &&
    pass=$((pass + 1)) || { echo "suppress: json counts"; fail=$((fail + 1)); }
check "sarif suppressed" 1 "" -- n --format sarif a.txt
[ "$(python3 -c '
import json
d = json.load(open("out.txt"))
print([r.get("suppressions") for r in d["runs"][0]["results"]])')" = "[None, None, [{'kind': 'inSource', 'justification': '第1行 normlint-disable 注释：依照《江州市市容管理条例》第二十条'}], [{'kind': 'inSource', 'justification': '第1行 normlint-disable 注释：依照《江州市市容管理条例》第二十条'}]]" ] &&
    pass=$((pass + 1)) || { echo "suppress: sarif suppressions"; fail=$((fail + 1)); }

# ---- audit: suppressions are counted and named, also across shards ----
mkdir -p arch && cp a.txt doc.txt arch/
check "audit counts suppressed" 1 "" -- "$bin" audit --no-progress --doc-type normative -j 2 arch
grep -q "^  注释抑制          2 项（文件中的 normlint-disable 注释，见各文件审查意见）$" out.txt &&
    grep -q "审查意见：存在违法问题，应予纠正（另有 2 项问题被文件中的 normlint-disable 注释抑制，请核实理由）" out.txt &&
    pass=$((pass + 1)) || { echo "suppress: audit review lines"; grep -n "抑制" out.txt; fail=$((fail + 1)); }
cp out.txt review-one.txt
"$bin" audit --no-progress --doc-type normative --format jsonl --shard 1/2 arch > s1.jsonl
"$bin" audit --no-progress --doc-type normative --format jsonl --shard 2/2 arch > s2.jsonl
check "merge keeps suppressed counts" 1 "" -- "$bin" merge s1.jsonl s2.jsonl
cmp -s out.txt review-one.txt && pass=$((pass + 1)) || { echo "suppress: merged review differs"; diff review-one.txt out.txt | head; fail=$((fail + 1)); }

# ---- baselines ----
cp doc.txt draft.txt
check "write baseline" 0 "normlint: wrote base.json: 4 findings of 1 document" -- n --write-baseline base.json draft.txt
check_out "write baseline: all baselined" "检查 1 个文件：未发现问题；另有 4 项在基线中，未列出。"
check "baseline: nothing new" 0 "" -- n --baseline base.json draft.txt
check_out "baseline: counted" "检查 1 个文件：未发现问题；另有 4 项在基线中，未列出。"
# an edit that adds lines at the top and a new article before 第三条: every
# later line and article number moves; only the new defect is reported
python3 - <<'PY'
t = open('draft.txt', encoding='utf-8').read()
t = t.replace('江州市户外广告设置管理办法\n', '江州市户外广告设置管理办法\n（征求意见稿）\n\n', 1)
t = t.replace('第三条　违反', '第三条　占用道路设置广告的，处三千元罚款。\n第四条　违反', 1)
t = t.replace('第四条　对拒不', '第五条　对拒不', 1).replace('第五条　本办法', '第六条　本办法', 1)
open('draft.txt', 'w', encoding='utf-8').write(t)
PY
check "baseline across renumbering" 1 "" -- n -q --baseline base.json --show-suppressed draft.txt
check_out "baseline across renumbering: only the new finding" "draft.txt:6:15: error[power.penalty.create]: 规范性文件不得设定行政处罚，此处规定了“处三千元罚款”。
draft.txt:5:13: baselined[power.licence.create]: $L（在基线中）
draft.txt:7:17: baselined[power.penalty.create]: $P5（在基线中）
draft.txt:8:12: baselined[power.penalty.create]: $P1（在基线中）
draft.txt:8:22: baselined[power.penalty.credit-sanction]: $B（在基线中）"
# a second copy of a baselined defect is new
echo '第七条　违反本办法第二条规定的，处五百元罚款。' >> draft.txt
check "baseline: a second copy is reported" 1 "" -- n -q --baseline base.json draft.txt
check_out "baseline: second copy" "draft.txt:6:15: error[power.penalty.create]: 规范性文件不得设定行政处罚，此处规定了“处三千元罚款”。
draft.txt:10:17: error[power.penalty.create]: $P5"
check "baseline: other documents unaffected" 1 "" -- n -q --baseline base.json doc.txt
check "baseline: missing file" 2 "normlint: nope.json: cannot open the baseline: No such file or directory" -- n --baseline nope.json doc.txt
echo '{"findings": 3}' > bad.json
check "baseline: not a baseline" 2 "normlint: bad.json: not a normlint baseline (write one with check --write-baseline)" -- n --baseline bad.json doc.txt
printf '{"tool":' > trunc.json
check "baseline: truncated" 2 - -- n --baseline trunc.json doc.txt
grep -q "trunc.json: not a normlint baseline: " err.txt && pass=$((pass + 1)) || { echo "suppress: truncated baseline message"; cat err.txt; fail=$((fail + 1)); }

# ---- outputs ----
check "-f FMT:FILE twice + stdout" 1 "" -- n -q -f json:r.json -f sarif:r.sarif -f text doc.txt
[ -s r.json ] && [ -s r.sarif ] && [ "$(wc -l < out.txt)" = 4 ] && python3 -c 'import json; json.load(open("r.json")); json.load(open("r.sarif"))' &&
    pass=$((pass + 1)) || { echo "suppress: -f FMT:FILE outputs"; fail=$((fail + 1)); }
check "-o FILE" 1 "" -- n -q -o r.txt doc.txt
[ ! -s out.txt ] && [ "$(wc -l < r.txt)" = 4 ] && pass=$((pass + 1)) || { echo "suppress: -o FILE"; fail=$((fail + 1)); }
check "two reports on stdout" 2 "normlint check: 2 reports would go to standard output: give each format its FILE (-f sarif:normlint.sarif)
Try 'normlint check --help'." -- n -f json -f sarif doc.txt
check "same file twice" 2 "normlint check: two reports would be written to r.json
Try 'normlint check --help'." -- n -f json:r.json -f sarif:r.json doc.txt
check "-o with every format named" 2 "normlint check: --output r.txt has no report to take: every --format names its FILE
Try 'normlint check --help'." -- n -f json:r.json -o r.txt doc.txt
cp r.json keep.json
check "unknown format leaves files alone" 2 - -- n -f json:r.json -f yaml:r.yaml doc.txt
cmp -s r.json keep.json && [ ! -e r.yaml ] && pass=$((pass + 1)) || { echo "suppress: files touched by a failed run"; fail=$((fail + 1)); }
check "no directory" 2 "normlint: nodir/r.json: cannot create a file in its directory: No such file or directory" -- n -f json:nodir/r.json doc.txt
check "full disk" 2 "normlint: /dev/full: cannot write the text report: No space left on device" -- n -o /dev/full doc.txt
[ -z "$(ls -A | grep '^\.')" ] && pass=$((pass + 1)) || { echo "suppress: temporary files left: $(ls -A | grep '^\.')"; fail=$((fail + 1)); }
finish
