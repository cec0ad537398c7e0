#!/usr/bin/env bash
# CLI tests of "no silent passes" (issue 18): every named input yields one
# record in every format (checked, unreadable with the reason, ignored by the
# config, not a document to review), the CI formats agree with the exit
# status, baselines match from anywhere, shards carry K/N, profiles inherit.
suite=accounted
. "$(dirname "$0")/lib.sh" "$1"

mkdir pack
cat > pack/rules.yaml <<'YAML'
- id: test.fine
  kind: pattern
  severity: error
  title: 设定罚款
  message: 设定了罚款：“{match}”
  basis: []
  advice: 删除该规定。
  pattern: '处[^。；]{0,10}罚款'
  examples:
    bad: ["处五百元罚款。", "并处一千元罚款。"]
    good: ["依法处理。", "责令改正。"]
- id: test.word
  kind: pattern
  severity: warning
  title: 用语
  message: 用语不规范：“{match}”
  basis: []
  advice: 改为“应当”。
  pattern: '必须'
  examples:
    bad: ["必须登记。", "单位必须备案。"]
    good: ["应当登记。", "应当备案。"]
- id: test.note
  kind: pattern
  severity: info
  title: 提示
  message: 提示：“{match}”
  basis: []
  advice: 斟酌。
  pattern: '原则上'
  examples:
    bad: ["原则上登记。", "原则上备案。"]
    good: ["应当登记。", "应当备案。"]
YAML
P="--no-bundled --rules pack"
printf '江州市测试办法\n第一条　单位必须登记。\n第二条　原则上备案。\n' > warn.txt
printf '江州市测试办法\n第一条　原则上登记。\n' > info.txt
printf '江州市测试办法\n第一条　违反的，处五百元罚款。\n' > fine.txt

# ---- 1. a missing path is unreadable (exit 3) in check and audit, in every format
check "check missing path" 3 "normlint: nope.txt: cannot open: No such file or directory" -- "$bin" check $P nope.txt
check_out "check missing path output" "nope.txt: 无法读取：cannot open: No such file or directory

检查 1 个文件（无法读取 1 个）：未发现问题。"
check "audit missing folder" 3 "normlint: nope/: cannot open: No such file or directory" -- "$bin" audit $P -f json nope/
if ! grep -q '"status": "unreadable"' out.txt || ! grep -q '"unreadable": 1' out.txt; then
    echo "$suite: audit json does not list the missing folder as unreadable"; fail=$((fail + 1)); fi
check "audit missing path, jsonl" 3 - -- "$bin" audit $P -f jsonl corpus-typo
if ! grep -q '"status":"unreadable"' out.txt; then echo "$suite: jsonl lacks the unreadable record"; cat out.txt; fail=$((fail + 1)); fi
check "audit missing path via --files-from" 3 - -- sh -c "printf 'nope.txt\n' | '$bin' audit $P -f json --files-from -"
mkdir empty
check "check empty folder" 3 "normlint: empty: no file to check in this folder" -- "$bin" check $P --quiet empty
check_out "check empty folder output" "empty: 无法读取：no file to check in this folder"

# ---- 1. ignored by the project config: said, with --no-ignore to override
mkdir -p proj/archive
cp warn.txt proj/archive/old.txt; cp fine.txt proj/new.txt
printf 'ignore: [archive/*]\n' > proj/.normlint.yaml
check "named ignored file" 0 "normlint: no document was checked (1 not checked, 0 ignored in folders)" -- \
    "$bin" check $P --fail-on warning proj/archive/old.txt
check_out "named ignored file output" "proj/archive/old.txt: 已忽略：与 $(pwd -P)/proj/.normlint.yaml 的 ignore 模式“archive/*”匹配，未检查（用 --no-ignore 检查）

检查 0 个文件，另有 1 个按项目配置忽略：未审查任何文件。"
check "named ignored file, json" 0 - -- "$bin" check $P -f json proj/archive/old.txt
if ! grep -q '"status": "ignored"' out.txt || ! grep -q '"ignored": 1' out.txt; then
    echo "$suite: json lacks the ignored record"; fail=$((fail + 1)); fi
check "named ignored file, junit" 0 - -- "$bin" check $P -f junit proj/archive/old.txt
if ! grep -q 'skipped="1"' out.txt || ! grep -q '<skipped message="已忽略：' out.txt; then
    echo "$suite: junit lacks the skipped case"; cat out.txt; fail=$((fail + 1)); fi
check "--no-ignore" 1 "" -- "$bin" check $P --quiet --fail-on warning --no-ignore proj/archive/old.txt
check_out "--no-ignore output" "proj/archive/old.txt:2:7: warning[test.word]: 用语不规范：“必须”
proj/archive/old.txt:3:5: info[test.note]: 提示：“原则上”"
check "ignored in a folder: left out" 1 "" -- "$bin" check $P --quiet proj
check_out "ignored in a folder output" "proj/new.txt:2:9: error[test.fine]: 设定了罚款：“处五百元罚款”"

check "audit: ignored files get a record" 1 - -- "$bin" audit $P -f json proj
if ! grep -q '按项目配置忽略：与 .* 的 ignore 模式“archive/\*”匹配' out.txt || ! grep -q '"not_documents": 1' out.txt; then
    echo "$suite: audit ignore record"; fail=$((fail + 1)); fi
check "audit --no-ignore" 1 - -- "$bin" audit $P --no-ignore -f json proj
if ! grep -q '"checked": 2' out.txt; then echo "$suite: audit --no-ignore"; fail=$((fail + 1)); fi
check "audit: nothing audited is said" 0 "normlint: no document was audited (1 not documents to review or ignored)" -- \
    "$bin" audit $P -f json proj/archive/old.txt

# ---- 6. a file that is not a document to review
printf 'numpy==1.26\nrequests>=2.0\n' > requirements.txt
printf '<?xml version="1.0"?>\n<project><modelVersion>4.0.0</modelVersion></project>\n' > pom.xml
printf '<html><body><p>Hello</p><p>Welcome to our site.</p></body></html>\n' > page.html
check "not drafts" 0 "normlint: no document was checked (3 not checked, 0 ignored in folders)" -- \
    "$bin" check --fail-on info requirements.txt pom.xml page.html
check_out "not drafts output" "requirements.txt: 未审查：没有可识别的标题文种、文号或条款结构，也几乎没有中文，不是待审查的文件，未按规范性文件的规则检查（用 --doc-type normative 可强制检查）

pom.xml: 未审查：没有可识别的标题文种、文号或条款结构，也几乎没有中文，不是待审查的文件，未按规范性文件的规则检查（用 --doc-type normative 可强制检查）

page.html: 未审查：没有可识别的标题文种、文号或条款结构，也几乎没有中文，不是待审查的文件，未按规范性文件的规则检查（用 --doc-type normative 可强制检查）

检查 0 个文件，另有 3 个不是待审查的文件：未审查任何文件。"
check "--doc-type forces a check" 1 - -- "$bin" check --quiet --fail-on warning --doc-type normative requirements.txt
printf '村民离婚后再婚的，其再婚配偶不享受本村集体经济组织成员的收益分配。\n' > provision.txt
check "an untitled provision is still checked" 0 - -- "$bin" check -f json provision.txt
if ! grep -q '"status": "checked"' out.txt; then echo "$suite: the untitled provision was not checked"; fail=$((fail + 1)); fi
check "audit: not a document to review" 0 - -- "$bin" audit -f json requirements.txt
if ! grep -q '"status": "not-a-document"' out.txt; then echo "$suite: audit lacks not-a-document"; fail=$((fail + 1)); fi

# ---- 3. the CI formats agree with the exit status
check "junit, fail-on error, a warning" 0 - -- "$bin" check $P -f junit warn.txt
check_out "junit passes with the findings as output" '<?xml version="1.0" encoding="UTF-8"?>
<testsuites>
  <testsuite name="normlint" tests="1" failures="0" errors="0" skipped="0">
    <testcase classname="normlint" name="warn.txt">
      <system-out>
2:7: warning[test.word]: 用语不规范：“必须”（第一条）
3:5: info[test.note]: 提示：“原则上”（第二条）
      </system-out>
    </testcase>
  </testsuite>
</testsuites>'
check "junit, fail-on info" 1 - -- "$bin" check $P -f junit --fail-on info info.txt
check_out "junit fails on the info finding" '<?xml version="1.0" encoding="UTF-8"?>
<testsuites>
  <testsuite name="normlint" tests="1" failures="1" errors="0" skipped="0">
    <testcase classname="normlint" name="info.txt">
      <failure message="1 项达到 --fail-on info" type="info">
2:5: info[test.note]: 提示：“原则上”（第一条）
      </failure>
    </testcase>
  </testsuite>
</testsuites>'
check "junit, fail-on warning" 1 - -- "$bin" check $P -f junit --fail-on warning warn.txt
if ! grep -q 'failures="1"' out.txt || ! grep -q '<failure message="1 项达到 --fail-on warning" type="warning">' out.txt ||
   ! grep -q '<system-out>' out.txt; then echo "$suite: junit --fail-on warning"; cat out.txt; fail=$((fail + 1)); fi
check "github, fail-on error" 0 - -- "$bin" check $P -f github warn.txt
check_out "github levels below fail-on" '::warning file=warn.txt,line=2,col=7,endLine=2,endColumn=9,title=test.word::用语不规范：“必须”（第一条）
::notice file=warn.txt,line=3,col=5,endLine=3,endColumn=8,title=test.note::提示：“原则上”（第二条）'
check "github, fail-on info" 1 - -- "$bin" check $P -f github --fail-on info warn.txt
check_out "github levels at fail-on" '::error file=warn.txt,line=2,col=7,endLine=2,endColumn=9,title=test.word::用语不规范：“必须”（第一条）
::error file=warn.txt,line=3,col=5,endLine=3,endColumn=8,title=test.note::提示：“原则上”（第二条）'
check "sarif, unreadable" 3 - -- "$bin" check $P -f sarif warn.txt nope.txt
if ! grep -q '"executionSuccessful": false' out.txt; then echo "$suite: sarif executionSuccessful"; fail=$((fail + 1)); fi
check "sarif, findings" 1 - -- "$bin" check $P -f sarif fine.txt
if ! grep -q '"executionSuccessful": true' out.txt; then echo "$suite: sarif executionSuccessful (findings)"; fail=$((fail + 1)); fi
printf '江州市测试办法\n第一条　为规范管理，制定本办法。\n第二条　本办法自2025年1月1日起施行，有效期5年。\n江州市人民政府\n2024-05-08\n' > fixme.txt
check "junit agrees with --fix" 0 - -- "$bin" check -f junit --fail-on warning --fix fixme.txt
if ! grep -q 'failures="0"' out.txt || ! grep -q '（落款）（已由 --fix 修正）$' out.txt; then
    echo "$suite: junit and --fix disagree"; cat out.txt; fail=$((fail + 1)); fi
check "json summary says fail-on" 1 - -- "$bin" check $P -f json --fail-on warning warn.txt
if ! grep -q '"fail_on": "warning"' out.txt || ! grep -q '"failing": 1' out.txt; then
    echo "$suite: json fail_on/failing"; fail=$((fail + 1)); fi

# ---- 9. a name that is not UTF-8: U+FFFD in every JSON output, never dropped
mkdir nu; cp warn.txt "nu/$(printf 'bad\xff.txt')"
check "audit json, non-UTF-8 name" 0 - -- "$bin" audit $P -f json nu
if ! python3 -c 'import json,sys; d=json.load(open("out.txt")); sys.exit(not (len(d["documents"]) == 1 and d["documents"][0]["path"] == "nu/bad\ufffd.txt"))'; then
    echo "$suite: audit json lost or mangled the non-UTF-8 name"; fail=$((fail + 1)); fi
check "audit jsonl, non-UTF-8 name" 0 - -- "$bin" audit $P -f jsonl nu
if ! python3 -c 'import json,sys; ls=[json.loads(l) for l in open("out.txt")]; sys.exit(not (ls[0]["shard"]["n"] == 1 and ls[1]["path"] == "nu/bad\ufffd.txt" and ls[2]["summary"]["inputs"] == 1))'; then
    echo "$suite: audit jsonl lost the non-UTF-8 name"; fail=$((fail + 1)); fi
for fmt in text github junit html sarif json; do
    "$bin" check $P -f $fmt nu > "nu.$fmt" 2> /dev/null
    if python3 -c 'import sys; sys.exit(0 if open(sys.argv[1], "rb").read().decode("utf-8") else 1)' "nu.$fmt"; then
        pass=$((pass + 1)); else echo "$suite: check -f $fmt writes bytes that are not UTF-8"; fail=$((fail + 1)); fi
    if [ "$fmt" != sarif ] && ! grep -q "bad�.txt" "nu.$fmt"; then echo "$suite: check -f $fmt lost the name"; fail=$((fail + 1)); fi
done
check "audit review, non-UTF-8 name" 0 - -- "$bin" audit $P nu
if ! grep -q "文件：nu/bad�.txt" out.txt; then echo "$suite: audit review lost the name"; fail=$((fail + 1)); fi
check "check json, non-UTF-8 name" 0 - -- "$bin" check $P -f json nu
if ! python3 -c 'import json,sys; d=json.load(open("out.txt")); sys.exit(not d["documents"][0]["path"] == "nu/bad\ufffd.txt")'; then
    echo "$suite: check json mangled the non-UTF-8 name"; fail=$((fail + 1)); fi
# parse -f json wrote nothing for such a name before the one JSON writer (issue 19)
check "parse json, non-UTF-8 name" 0 - -- "$bin" parse -f json nu
if ! python3 -c 'import json,sys; d=json.load(open("out.txt")); sys.exit(not d[0]["path"] == "nu/bad\ufffd.txt")'; then
    echo "$suite: parse json lost the non-UTF-8 name"; fail=$((fail + 1)); fi

# ---- 4. baselines match from any working directory, absolute, --staged
PA="--no-bundled --rules $tmp/pack"
export GIT_CONFIG_NOSYSTEM=1 HOME="$tmp"
git config --global user.email t@example.org; git config --global user.name t
mkdir repo; (cd repo && git init -q . && mkdir bl && cp ../fine.txt bl/a.txt && git add bl/a.txt)
(cd repo/bl && "$bin" check $PA -q --write-baseline .normlint-baseline.json a.txt 2>/dev/null)
if ! grep -q '"path": "bl/a.txt"' repo/bl/.normlint-baseline.json; then
    echo "$suite: baseline path not relative to the repository"; fail=$((fail + 1)); fi
check "baseline from the parent" 0 "" -- "$bin" check $PA -q --baseline repo/bl/.normlint-baseline.json repo/bl/
check "baseline, absolute paths" 0 "" -- "$bin" check $PA -q --baseline "$tmp/repo/bl/.normlint-baseline.json" "$tmp/repo/bl/a.txt"
check "baseline, staged from the top" 0 "" -- sh -c "cd repo && '$bin' check $PA -q --staged --baseline bl/.normlint-baseline.json"
check "baseline, staged from a subfolder" 0 "" -- sh -c "cd repo/bl && '$bin' check $PA -q --staged --baseline .normlint-baseline.json"
cp fine.txt repo/bl/b.txt
check "baseline still reports a new file" 1 - -- "$bin" check $PA -q --baseline repo/bl/.normlint-baseline.json repo/bl/
check_out "baseline new file output" "repo/bl/b.txt:2:9: error[test.fine]: 设定了罚款：“处五百元罚款”"
rm repo/bl/b.txt
mkdir plain; cp fine.txt plain/a.txt
(cd plain && "$bin" check $PA -q --write-baseline bl.json a.txt 2>/dev/null)
check "baseline outside a repository, from the parent" 0 "" -- "$bin" check $PA -q --baseline plain/bl.json plain/a.txt
printf '{"tool": "normlint", "baseline": 1, "findings": [{"path": "plain/a.txt", "rule": "test.fine", "fingerprint": "0000000000000000", "text": "处五百元罚款"}]}\n' > v1.json
check "a version 1 baseline (paths as typed)" 0 "" -- "$bin" check $PA -q --baseline v1.json plain/a.txt
# baseline: and fail-on: in .normlint.yaml (what the git hook uses)
cp warn.txt repo/bl/w.txt
printf 'fail-on: warning\n' > repo/.normlint.yaml
check "config fail-on" 1 - -- "$bin" check $PA -q repo/bl/w.txt
printf 'fail-on: warning\nbaseline: bl/.normlint-baseline.json\n' > repo/.normlint.yaml
check "config baseline" 0 "" -- "$bin" check $PA -q repo/bl/a.txt
check "--fail-on wins over the config" 0 - -- "$bin" check $PA -q --fail-on error repo/bl/w.txt
printf 'fail-on: sometimes\n' > repo/.normlint.yaml
check "bad config fail-on" 2 - -- "$bin" check $PA -q repo/bl/w.txt
rm repo/.normlint.yaml repo/bl/w.txt

# ---- 2. shards carry K/N and the run; merge refuses an incomplete or mixed set
mkdir arch; for i in 1 2 3 4 5 6 7 8; do cp warn.txt arch/d$i.txt; done
for k in 1 2 3; do "$bin" audit $P -f jsonl --no-progress --shard $k/3 arch > s$k.jsonl; done
if ! head -1 s2.jsonl | grep -q '^{"shard":{"k":2,"n":3,"inputs":8,"run":"normlint '; then
    echo "$suite: shard line: $(head -1 s2.jsonl)"; fail=$((fail + 1)); fi
check "merge, a shard missing" 2 "normlint: shard 2 of 3 missing (--allow-partial merges what is there and marks the report partial)" -- \
    "$bin" merge $P s1.jsonl s3.jsonl
check "merge --allow-partial" 0 - -- "$bin" merge $P --allow-partial -f json s1.jsonl s3.jsonl
if ! grep -q '"partial": true' out.txt || ! grep -q '"expected_inputs": 8' out.txt || ! grep -q 'partial set of shards' err.txt; then
    echo "$suite: the partial merge is not marked"; fail=$((fail + 1)); fi
check "merge --allow-partial, review" 0 - -- "$bin" merge $P --allow-partial s1.jsonl s3.jsonl
if ! grep -q '^【部分结果】.*全部 8 件中只含' out.txt; then echo "$suite: the partial review is not marked"; fail=$((fail + 1)); fi
check "merge, a shard twice" 2 "normlint: shard 1/3 given twice: s1.jsonl and s1b.jsonl" -- \
    sh -c "cp s1.jsonl s1b.jsonl && '$bin' merge $P s1.jsonl s1b.jsonl s2.jsonl s3.jsonl"
"$bin" audit $P --disable test.note -f jsonl --no-progress --shard 2/3 arch > f2.jsonl
check "merge, a foreign shard" 2 - -- "$bin" merge $P s1.jsonl f2.jsonl s3.jsonl
if ! grep -q 'f2.jsonl: a shard of another run than s1.jsonl' err.txt; then echo "$suite: foreign shard message: $(cat err.txt)"; fail=$((fail + 1)); fi
"$bin" audit $P -f jsonl --no-progress --shard 2/4 arch > n4.jsonl
check "merge, another N" 2 - -- "$bin" merge $P s1.jsonl n4.jsonl s3.jsonl
tail -n +2 s2.jsonl > old2.jsonl
check "merge, no shard line" 2 "normlint: old2.jsonl: not a shard output of this normlint (no shard line: audit --format jsonl writes one)" -- \
    "$bin" merge $P s1.jsonl old2.jsonl s3.jsonl
check "merge, the whole set" 0 - -- "$bin" merge $P s3.jsonl s1.jsonl s2.jsonl

# ---- 5. profiles inherit what they do not set; unknown keys are errors;
# the basis cited is the profile's in force
printf '江州市某某暂行办法\n第一条　根据《中华人民共和国某某法》，制定本办法。\n第二条　本办法自2024年10月1日起施行，有效期3年。\n江州市人民政府\n2024年8月1日\n' > trial.txt
printf 'name: mine\ntitle: 某市\nparameters:\n  filing.deadline-days: {value: 20, status: verified, source: 某市规定}\n' > mine.yaml
check "a profile without the trial term inherits it" 0 "" -- "$bin" check --quiet --profile ./mine.yaml trial.txt
check_out "inherited trial term output" "trial.txt:3:5: warning[time.trial-naming]: 暂行（试行）文件有效期3年，超过2年的上限。"
check "profile show, inherited" 0 "" -- "$bin" profile show ./mine.yaml
if ! grep -q '^filing.deadline-days = 20$' out.txt || ! grep -q '^  设定于：national（继承；法律参考资料未载本地区的规定）$' out.txt ||
   ! grep -q '^validity.max-years-trial = 2$' out.txt; then echo "$suite: profile show: $(cat out.txt)"; fail=$((fail + 1)); fi
printf 'name: typo\nparameters:\n  validity.max-yaers: {value: 3}\n' > typo.yaml
check "unknown profile parameter" 2 "./typo.yaml:3:3: profile error: unknown parameter 'validity.max-yaers' (known: validity.max-years, validity.max-years-trial, effective.min-delay-days, filing.deadline-days, comment.min-days)" -- \
    "$bin" check --quiet --profile ./typo.yaml trial.txt
check "audit keeps the filing deadline of an incomplete profile" 0 - -- "$bin" audit --profile ./mine.yaml -f json trial.txt
if ! grep -q '"deadline_days": 20' out.txt; then echo "$suite: audit deadline with mine.yaml"; fail=$((fail + 1)); fi
printf 'name: lean\nparameters:\n  comment.min-days: {value: 30}\n' > lean.yaml
check "audit deadline inherited" 0 - -- "$bin" audit --profile ./lean.yaml -f json trial.txt
if ! grep -q '"deadline_days": 30' out.txt; then echo "$suite: audit deadline inherited from national"; fail=$((fail + 1)); fi
printf '江州市某某管理办法\n第一条　根据《中华人民共和国某某法》，制定本办法。\n第二条　本办法自2024年10月1日起施行。\n江州市人民政府\n2024年8月1日\n' > novalid.txt
check "national basis" 0 - -- "$bin" check -f json novalid.txt
if grep -q '陕西' out.txt || ! grep -q '通行做法：有效期一般不超过5年' out.txt; then echo "$suite: the national profile cites another province"; fail=$((fail + 1)); fi
check "shaanxi basis" 0 - -- "$bin" check --profile shaanxi -f json novalid.txt
if ! grep -q '《陕西省行政规范性文件制定和监督管理办法》（陕西省人民政府令第216号）' out.txt; then echo "$suite: shaanxi basis"; fail=$((fail + 1)); fi
mkdir badbasis
printf -- "- id: test.bb\n  kind: pattern\n  severity: info\n  title: t\n  message: m\n  basis: ['{{profile:validity.max-yaers}}']\n  advice: a\n  pattern: 'x'\n  examples:\n    bad: [x, xx]\n    good: [y, yy]\n" > badbasis/r.yaml
check "a basis naming no profile parameter" 1 - -- "$bin" test-rules badbasis
if ! grep -q "basis '{{profile:validity.max-yaers}}' names no profile parameter" err.txt out.txt; then
    echo "$suite: unknown profile basis not reported: $(cat err.txt out.txt)"; fail=$((fail + 1)); fi
check "profile list" 0 "" -- "$bin" profile list
if ! grep -q '^shaanxi    陕西省（未设定的参数继承自 national）$' out.txt || ! grep -q '^national   全国通行做法（默认）$' out.txt; then
    echo "$suite: profile list: $(cat out.txt)"; fail=$((fail + 1)); fi

# ---- 8. what users of the peers expect
check "check - reads standard input" 1 "" -- sh -c "'$bin' check $P -q --stdin-filename drafts/x.txt - < fine.txt"
check_out "stdin output" "drafts/x.txt:2:9: error[test.fine]: 设定了罚款：“处五百元罚款”"
check "check - without a name" 1 "" -- sh -c "'$bin' check $P -q - < fine.txt"
check_out "stdin default name" "<stdin>:2:9: error[test.fine]: 设定了罚款：“处五百元罚款”"
check "--fix with -" 2 - -- sh -c "'$bin' check $P --fix - < fine.txt"
check "rules list --format json" 0 "" -- "$bin" rules $P list --format json
if ! python3 -c 'import json; d=json.load(open("out.txt")); assert [r["id"] for r in d] == ["test.fine","test.note","test.word"] and d[0]["severity"] == "error" and d[0]["enabled"] is True'; then
    echo "$suite: rules list json"; fail=$((fail + 1)); fi
check "formats" 0 "" -- "$bin" formats
if ! grep -q '^  docx         .docx .docm$' out.txt || ! grep -q '^  check        text, json, html, sarif, github, junit$' out.txt; then
    echo "$suite: formats: $(cat out.txt)"; fail=$((fail + 1)); fi
check "help CMD" 0 "" -- "$bin" help merge
if ! head -1 out.txt | grep -q '^Usage: normlint merge'; then echo "$suite: help merge"; fail=$((fail + 1)); fi
check "did you mean a command" 2 "normlint: unknown command 'chek'; did you mean 'check'?
Try 'normlint --help'." -- "$bin" chek
check "did you mean a profile" 2 - -- "$bin" check --profile bejing fine.txt
if ! grep -q "did you mean 'beijing'?" err.txt; then echo "$suite: profile did-you-mean: $(cat err.txt)"; fail=$((fail + 1)); fi
for cmd in "audit $P" "parse" "text"; do
    "$bin" $cmd -o "o-${cmd%% *}.out" fine.txt > stdout.txt 2> /dev/null
    if [ ! -s "o-${cmd%% *}.out" ] || [ -s stdout.txt ]; then echo "$suite: -o on $cmd"; fail=$((fail + 1)); else pass=$((pass + 1)); fi
done
check "-o on merge" 0 "" -- "$bin" merge $P -o merged.txt s1.jsonl s2.jsonl s3.jsonl
if [ ! -s merged.txt ] || [ -s out.txt ]; then echo "$suite: -o on merge"; fail=$((fail + 1)); fi
mkdir pc; printf 'fail-on: warning\ndisable: [test.note]\nignore: [old/*]\n' > pc/.normlint.yaml
check "--print-config" 0 "" -- "$bin" check $P --print-config pc
check_out "--print-config output" "# the configuration normlint check uses here (--print-config)
config: $(cd pc && pwd -P)/.normlint.yaml
profile: national  # 全国通行做法（默认）
rule-packs:
  - pack
fail-on: warning  # .normlint.yaml
baseline: null
ignore:
  - 'old/*'
rules:  # 3 loaded: the severity of each, or off
  test.fine: error
  test.note: off
  test.word: warning"
# a suppression that suppresses nothing is reported
printf '江州市测试办法\n# normlint-disable-next-line test.fine 已依法律授权\n第一条　单位应当登记。\n' > stale.txt
check "unused suppression" 0 "normlint: warning: stale.txt: line 2: normlint-disable-next-line test.fine suppresses no finding; remove it if the exception is no longer needed" -- \
    "$bin" check $P -q stale.txt

finish
