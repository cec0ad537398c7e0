#!/usr/bin/env bash
# normlint annotate on the corpus DOCX drafts, checked with real clients:
# the comments' ranges cover exactly the matched text (read back from the
# WordprocessingML, then from LibreOffice's ODT conversion and pandoc's
# reading with --track-changes=all), every member that is not rewritten is
# byte-identical to the input (compressed bytes, method, CRC), the input is
# never touched, a second run replaces the first one's comments, and OUT is
# never overwritten without --force. LibreOffice (soffice) and pandoc are
# used when installed (`make clients`; CI installs them), else skipped.
suite=annotate
source "$(dirname "$0")/lib.sh"
export SOURCE_DATE_EPOCH=1764400000
py="$root/tests/cli/docx_check.py"
have_lo=0
command -v soffice > /dev/null && have_lo=1
have_pandoc=0
command -v pandoc > /dev/null && have_pandoc=1
[ $have_lo = 1 ] || skip_part "LibreOffice not installed: ODT checks skipped (make clients)"
[ $have_pandoc = 1 ] || skip_part "pandoc not installed: pandoc checks skipped (make clients)"

ok() { pass=$((pass + 1)); }
bad() { echo "annotate: $1"; fail=$((fail + 1)); }

# the anchors expected on each corpus draft: id, author, covered text, first
# line of the comment ([+…+] marks text inside a tracked insertion)
expect_19='0	normlint	第一章	【提示】条文较少却分章（normlint form.chapters-for-short-doc）
1	normlint	须经区商务局审批，取得摊位经营许可	【错误】规范性文件设定行政许可（normlint power.licence.create）
2	normlint	仅限本区户籍居民申请	【错误】行政许可限制外地申请人（normlint power.licence.local-restriction）'
expect_20='14	normlint	江州市城市管理局关于推进公共机构生活垃圾分类工作的通知	【提示】缺少制定依据（normlint cite.basis-clause-missing）
15	normlint	[+统一由江州环境集团独家提供+]	【错误】指定交易或者限定经营、购买、使用特定经营者的商品和服务（normlint competition.designated-trade）'

for f in "$root"/corpus/19-*.docx "$root"/corpus/20-*.docx; do
    n=$(basename "$f" | cut -c1-2)
    mkdir -p "d$n" && cd "d$n" || exit 1
    cp "$f" in.docx
    sum=$(sha256sum < in.docx)
    check "$n: annotate" 1 "" -- "$bin" annotate --no-config in.docx
    comments=$(grep -o '^in.reviewed.docx: [0-9]* 条批注' out.txt | grep -o '[0-9]* 条' | grep -o '[0-9]*')
    [ "$(sha256sum < in.docx)" = "$sum" ] && ok || bad "$n: the input changed"
    python3 "$py" entries in.docx in.reviewed.docx > entries.txt && ok || { bad "$n: members differ"; cat entries.txt; }
    python3 "$py" anchors in.reviewed.docx > anchors.txt
    want=expect_$n
    [ "$(cat anchors.txt)" = "${!want}" ] && ok || { bad "$n: anchors differ"; diff <(echo "${!want}") anchors.txt; }
    # every finding of check has its comment, on its matched text
    "$bin" check --no-config --format json in.docx > check.json
    python3 - check.json anchors.txt > match.txt << 'PY' && ok || { bad "$n: comments and findings differ"; cat match.txt; }
import json, sys
findings = json.load(open(sys.argv[1]))['documents'][0]['findings']
anchors = [l.rstrip('\n').split('\t') for l in open(sys.argv[2], encoding='utf-8')]
if len(findings) != len(anchors):
    print('findings', len(findings), 'comments', len(anchors)); sys.exit(1)
bad = 0
for f, a in zip(findings, anchors):
    text = a[2].replace('[+', '').replace('+]', '')
    if f['rule'] not in a[3]:
        print('rule', f['rule'], a); bad = 1
    if f['line'] == f['end_line'] and not f['rule'].startswith('cite.basis'):
        want = f['excerpt'][f['column'] - 1:f['end_column'] - 1]
        if text != want:
            print('text', repr(want), repr(text)); bad = 1
sys.exit(bad)
PY
    if [ $have_lo = 1 ]; then
        timeout 180 soffice --headless "-env:UserInstallation=file://$tmp/lo-profile" --convert-to odt --outdir odt in.reviewed.docx > lo.log 2>&1
        python3 "$py" odt odt/in.reviewed.odt > odt.txt 2>&1
        [ "$(cat odt.txt)" = "$(cut -f3 anchors.txt | sed 's/\[+//g; s/+\]//g')" ] && ok ||
            { bad "$n: LibreOffice reads other ranges"; diff <(cut -f3 anchors.txt) odt.txt; cat lo.log; }
    fi
    if [ $have_pandoc = 1 ]; then
        pandoc -f docx --track-changes=all -t json in.reviewed.docx -o p.json
        [ "$(python3 "$py" pandoc p.json)" = "comments: $comments, by normlint: $comments" ] && ok ||
            bad "$n: pandoc reads $(python3 "$py" pandoc p.json), not $comments"
    fi
    # a second run replaces its comments: same ranges, no duplicates
    check "$n: annotate the annotated copy" 1 "" -- "$bin" annotate --no-config -o twice.docx in.reviewed.docx
    grep -q "替换了上次的 $comments 条批注" out.txt && ok || { bad "$n: second run: $(cat out.txt)"; }
    [ "$(python3 "$py" anchors twice.docx | cut -f3)" = "$(cut -f3 anchors.txt)" ] && ok || bad "$n: second run anchors differ"
    cd "$tmp" || exit 1
done

# --fix: the mechanical fixes as tracked changes by normlint (runs split
# every three characters, alternately bold, as Word splits them)
mkdir -p fix && cd fix || exit 1
printf '江州市某某管理办法\n江州环规[2024]7号\n第一条　为了规范管理,制定本办法。\n江州市人民政府\n2024年05月08日\n' > fx.txt
python3 "$root/tests/cli/make_docx.py" fx.txt fx.docx
check "fix" 1 "" -- "$bin" annotate --no-config --fix fx.docx
check_out "fix: summary" "fx.reviewed.docx: 6 条批注（3 条标在相应文字上），3 处修订。"
[ "$(python3 "$py" anchors fx.reviewed.docx | cut -f1,3)" = "2	江州市某某管理办法
1	江州市某某管理办法
0	江州市某某管理办法
3	[-[2-][-024-][-]7号-][+〔2024〕7号+]
6	[-,-][+，+]
9	[-202-][-4年0-][-5月0-][-8日-][+2024年5月8日+]" ] && ok || { bad "fix: anchors"; python3 "$py" anchors fx.reviewed.docx; }
check "fix: the text with the changes" 0 "" -- "$bin" text fx.reviewed.docx
check_out "fix: text" "江州市某某管理办法
江州环规〔2024〕7号
第一条　为了规范管理，制定本办法。
江州市人民政府
2024年5月8日"
check "fix: the text without them" 0 "" -- "$bin" text --revisions original fx.reviewed.docx
check_out "fix: original text" "$(cat fx.txt)"
if [ $have_lo = 1 ]; then
    timeout 180 soffice --headless "-env:UserInstallation=file://$tmp/lo-profile" --convert-to odt --outdir odt fx.reviewed.docx > lo.log 2>&1
    [ "$(python3 -c '
import re, sys, zipfile
s = zipfile.ZipFile(sys.argv[1]).read("content.xml").decode()
print(len(re.findall("<text:insertion", s)), len(re.findall("<text:deletion", s)), len(re.findall("<office:annotation[ >]", s)))' odt/fx.reviewed.odt)" = "3 3 6" ] &&
        ok || bad "fix: LibreOffice does not read 3 insertions, 3 deletions and 6 comments"
fi
if [ $have_pandoc = 1 ]; then
    [ "$(pandoc -f docx --track-changes=all -t native fx.reviewed.docx | grep -o '"insertion"\|"deletion"' | sort | uniq -c | tr -s ' ')" = " 3 \"deletion\"
 3 \"insertion\"" ] && ok || bad "fix: pandoc does not read 3 insertions and 3 deletions"
fi
cd "$tmp" || exit 1

# refusals: OUT exists, OUT is the input, not a DOCX, missing input
cd d19 || exit 1
cp in.reviewed.docx keep.docx
check "existing OUT" 2 "normlint: in.reviewed.docx exists; use --force to replace it" -- "$bin" annotate --no-config in.docx
cmp -s in.reviewed.docx keep.docx && ok || bad "existing OUT was changed"
check "OUT is the input" 2 "normlint annotate: the copy would replace the input in.docx; name another --output
Try 'normlint annotate --help'." -- "$bin" annotate --no-config --force -o in.docx in.docx
printf '某某办法\n第一条　处五百元罚款。\n' > draft.txt
check "not a DOCX" 3 "normlint: draft.txt: not a DOCX file (annotate writes Word documents only)" -- "$bin" annotate --no-config draft.txt
[ ! -e draft.reviewed.txt ] && ok || bad "a copy of a text file was written"
check "missing input" 3 "normlint: nope.docx: cannot open: No such file or directory" -- "$bin" annotate --no-config nope.docx
check "no directory for OUT" 2 - -- "$bin" annotate --no-config -o nodir/x.docx in.docx
[ -z "$(ls -A | grep '^\.')" ] && ok || bad "temporary files left: $(ls -A | grep '^\.')"
finish
