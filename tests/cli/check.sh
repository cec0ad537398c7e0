#!/usr/bin/env bash
# CLI tests of `check`, `rules` and `test-rules`: every exit code, --fail-on,
# --min-severity, --enable/--disable, formats, and the error message for each
# kind of broken rule file. Uses a small pack written here, so the bundled
# pack can change without touching these tests.
suite=cli-check
. "$(dirname "$0")/lib.sh" "$1"

mkdir pack
cat > pack/fine.yaml <<'YAML'
id: test.fine
kind: pattern
severity: error
title: 设定罚款
message: 设定了罚款：“{match}”
basis: ["《中华人民共和国行政处罚法》第十六条"]
advice: 删除该规定。
scope: sentence
pattern: '处[^。；]{0,10}罚款'
unless: '不得'
examples:
  bad: ["处五百元罚款。", "并处一千元罚款。"]
  good: ["不得处以罚款。", "依法处理。"]
YAML
cat > pack/word.yaml <<'YAML'
- id: test.word
  kind: pattern
  severity: info
  title: 用语
  message: 建议改用规范用语。
  basis: []
  advice: 改为“应当”。
  pattern: '必须'
  examples:
    bad: ["必须登记。", "单位必须备案。"]
    good: ["应当登记。", "应当备案。"]
- id: test.valid
  kind: require
  severity: warning
  title: 缺少有效期
  message: 未写明有效期。
  basis: []
  advice: 写明有效期。
  scope: document
  applies-to: [normative]
  pattern: '有效期'
  examples:
    bad: ["某某管理办法\n第一条　甲。", "某某规定\n第一条　乙。"]
    good: ["某某管理办法\n第一条　有效期5年。", "关于某事的批复\n某区：\n同意。"]
YAML

printf '江州市测试办法\n第一条　违反本办法的，处五百元罚款。\n第二条　本办法自2025年1月1日起施行，有效期5年。\n' > fine.txt
printf '江州市测试办法\n第一条　单位必须登记。\n第二条　本办法自2025年1月1日起施行。\n' > warn.txt
printf '江州市测试办法\n第一条　不得擅自处以罚款。\n第二条　本办法自2025年1月1日起施行，有效期5年。\n' > clean.txt
printf 'abc\0def\n' > bin.txt
P="--no-bundled --rules pack"

check "clean" 0 "" -- "$bin" check $P clean.txt
check_out "clean output" "检查 1 个文件：未发现问题。"
check "error finding" 1 "" -- "$bin" check $P --quiet fine.txt
check_out "error finding output" "fine.txt:2:12: error[test.fine]: 设定了罚款：“处五百元罚款”"
check "warnings pass by default" 0 "" -- "$bin" check $P --quiet warn.txt
check_out "warnings output" "warn.txt:1:1: warning[test.valid]: 未写明有效期。
warn.txt:2:7: info[test.word]: 建议改用规范用语。"
check "fail-on warning" 1 "" -- "$bin" check $P --quiet --fail-on warning warn.txt
check "fail-on info" 1 "" -- "$bin" check $P --quiet --fail-on info warn.txt
check "min-severity" 0 "" -- "$bin" check $P --quiet --min-severity warning --fail-on info clean.txt
check "min-severity hides info" 1 "" -- "$bin" check $P --quiet --min-severity warning --fail-on warning warn.txt
check_out "min-severity output" "warn.txt:1:1: warning[test.valid]: 未写明有效期。"
check "disable" 0 "" -- "$bin" check $P --quiet --disable test.fine fine.txt
check "disable family" 0 "" -- "$bin" check $P --quiet --disable 'test.*' --fail-on info warn.txt
check "enable after disable" 1 "" -- "$bin" check $P --quiet --disable 'test.*' --enable test.fine fine.txt
check "disable unknown" 2 "normlint check: --disable nope.rule: no rule 'nope.rule' is loaded
Try 'normlint check --help'." -- "$bin" check $P --disable nope.rule fine.txt
check "unreadable wins over findings" 3 "normlint: bin.txt: unsupported: a binary file (NUL byte at byte 3), not text, DOCX, ODT, XML or HTML; save or convert it as DOCX or UTF-8 text" -- "$bin" check $P --quiet fine.txt bin.txt
check_out "unreadable output" "fine.txt:2:12: error[test.fine]: 设定了罚款：“处五百元罚款”
bin.txt: 无法读取：unsupported: a binary file (NUL byte at byte 3), not text, DOCX, ODT, XML or HTML; save or convert it as DOCX or UTF-8 text"
check "path as command" 1 "" -- "$bin" ./fine.txt $P --quiet
check "bad fail-on" 2 "normlint check: --fail-on needs error, warning or info, not 'fatal'
Try 'normlint check --help'." -- "$bin" check $P --fail-on fatal fine.txt
check "bad color" 2 "normlint check: --color needs never, always or auto, not 'blue'
Try 'normlint check --help'." -- "$bin" check $P --color blue fine.txt
check "bad format" 2 - -- "$bin" check $P --format xml fine.txt
check "no input" 2 "normlint check: no input: name at least one file or directory
Try 'normlint check --help'." -- "$bin" check $P
check "color always" 1 "" -- env NO_COLOR=1 "$bin" check $P --quiet --color always fine.txt
check_out "color always output" "$(printf '\033[1mfine.txt:2:12:\033[0m \033[1;31merror\033[0m[test.fine]: 设定了罚款：“处五百元罚款”')"
check "color auto off a terminal" 1 "" -- "$bin" check $P --quiet fine.txt
check_out "color auto output" "fine.txt:2:12: error[test.fine]: 设定了罚款：“处五百元罚款”"
check "json" 1 "" -- "$bin" check $P --format json fine.txt
if ! grep -q '"rule": "test.fine"' out.txt; then echo "$suite: json lacks the finding"; fail=$((fail + 1)); fi

# profiles, --as-of and the project config (bundled pack)
printf '江州市某某管理办法\n第一条　根据《中华人民共和国合同法》等规定，制定本办法。\n第二条　本办法自2020年10月1日起施行，有效期5年。\n江州市人民政府\n2020年8月1日\n' > old.txt
check "as of its own date" 0 "" -- "$bin" check --quiet old.txt
check_out "as of its own date output" ""
check "as of a later date" 1 "" -- "$bin" check --quiet --as-of 2024-01-01 old.txt
check_out "as-of output" "old.txt:2:7: error[cite.repealed-law]: 引用的《中华人民共和国合同法》已于2021年1月1日被《中华人民共和国民法典》取代，不能再作为依据。"
check "bad as-of" 2 "normlint check: --as-of needs a date such as 2024-06-30, not '2024-13-01'
Try 'normlint check --help'." -- "$bin" check --as-of 2024-13-01 old.txt
printf '江州市某某暂行办法\n第一条　根据《中华人民共和国某某法》，制定本办法。\n第二条　本办法自2024年10月1日起施行，有效期3年。\n江州市人民政府\n2024年8月1日\n' > trial.txt
check "national trial limit" 0 "" -- "$bin" check --quiet trial.txt
check_out "national trial output" "trial.txt:3:5: warning[time.trial-naming]: 暂行（试行）文件有效期3年，超过2年的上限。"
printf 'name: lenient\nparameters:\n  validity.max-years-trial: {value: 3, status: verified}\n' > lenient.yaml
check "profile file" 0 "" -- "$bin" check --quiet --profile ./lenient.yaml trial.txt
check_out "profile file output" ""
check "unknown profile" 2 - -- "$bin" check --profile nowhere trial.txt
printf 'name: x\nparameters:\n  validity.max-years: {value: five}\n' > badprof.yaml
check "bad profile" 2 "./badprof.yaml:3:31: profile error: parameter 'validity.max-years' needs a whole-number value" -- "$bin" check --profile ./badprof.yaml trial.txt
mkdir -p proj/old
cp trial.txt proj/; cp old.txt proj/old/
printf 'disable: [time.trial-naming]\nignore: [old/*]\n' > proj/.normlint.yaml
check "config disables and ignores" 0 "" -- "$bin" check --quiet --as-of 2024-01-01 proj
check_out "config output" ""
check "no-config" 1 "" -- "$bin" check --quiet --no-config --as-of 2024-01-01 proj
printf 'severity: {time.trial-naming: error}\n' > proj/.normlint.yaml
check "config severity" 1 "" -- "$bin" check --quiet --doc-type normative proj/trial.txt
check_out "config severity output" "proj/trial.txt:3:5: error[time.trial-naming]: 暂行（试行）文件有效期3年，超过2年的上限。"
mkdir -p proj/cfg && cp lenient.yaml proj/cfg/
printf 'profile: cfg/lenient.yaml\n' > proj/.normlint.yaml
check "config profile file is relative to the config" 0 "" -- "$bin" check --quiet proj/trial.txt
check_out "config profile output" ""
printf 'profle: x\n' > proj/.normlint.yaml
check "bad config" 2 "proj/.normlint.yaml:1:1: config error: unknown key 'profle' in a config file (expected profile, rules, enable, disable, severity, ignore, baseline, fail-on)" -- "$bin" check --quiet --config proj/.normlint.yaml proj/trial.txt

# check: the same output for every -j (reports in input order), also with
# an unreadable input among the others
printf 'x\0y' > jbin.txt
for j in 1 2 4; do
    "$bin" check --format json -j $j "$root/corpus" old.txt jbin.txt trial.txt > "check-j$j.json" 2> "check-j$j.err"
    echo "exit=$?" >> "check-j$j.json"
done
if cmp -s check-j1.json check-j2.json && cmp -s check-j1.json check-j4.json && cmp -s check-j1.err check-j4.err; then
    pass=$((pass + 1))
else
    echo "$suite: check -j1, -j2 and -j4 differ"; fail=$((fail + 1))
fi
check "check -j 0" 2 "normlint check: --jobs needs a number from 1 to 1024, not '0'
Try 'normlint check --help'." -- "$bin" check -j 0 old.txt

# audit takes the rule options of check: --disable and the project config
"$bin" audit --format json --no-progress "$root/corpus" > audit-all.json 2> /dev/null
"$bin" audit --format json --no-progress --disable 'power.*' "$root/corpus" > audit-nopower.json 2> /dev/null
if grep -q '"rule": "power\.' audit-all.json && ! grep -q '"rule": "power\.' audit-nopower.json; then
    pass=$((pass + 1))
else
    echo "$suite: audit --disable 'power.*' did not turn the power rules off"; fail=$((fail + 1))
fi
mkdir -p auditcfg && cp "$root/corpus/02-jiangzhou-ebike-charging-measures.txt" auditcfg/
printf 'disable: [power.penalty.create]\n' > auditcfg/.normlint.yaml
"$bin" audit --format json --no-progress auditcfg > audit-cfg.json 2> /dev/null
"$bin" audit --format json --no-progress --no-config auditcfg > audit-nocfg.json 2> /dev/null
if ! grep -q 'power.penalty.create' audit-cfg.json && grep -q 'power.penalty.create' audit-nocfg.json; then
    pass=$((pass + 1))
else
    echo "$suite: audit ignores the project config"; fail=$((fail + 1))
fi

# audit: the same output for every -j; every input yields one record
for j in 1 4; do
    "$bin" audit --format json -j $j --register "$root/corpus/register.csv" "$root/corpus" > "audit-j$j.json" 2>/dev/null
done
if cmp -s audit-j1.json audit-j4.json; then pass=$((pass + 1)); else echo "$suite: audit -j1 and -j4 differ"; fail=$((fail + 1)); fi
n_inputs=$(find "$root/corpus" -type f ! -name '.*' | wc -l)
n_records=$("$bin" audit --format jsonl -j 3 "$root/corpus" 2>/dev/null | grep -c '"path"')
if [ "$n_inputs" = "$n_records" ]; then pass=$((pass + 1)); else echo "$suite: $n_inputs inputs but $n_records records"; fail=$((fail + 1)); fi
printf '%s\n' "$root/corpus/01-linchuan-elderly-care-facilities-measures.txt" "$root/corpus/README.md" > list.txt
check "audit files-from" 0 "" -- "$bin" audit --format jsonl --files-from list.txt
if [ "$(grep -c '"path"' out.txt)" = 2 ]; then pass=$((pass + 1)); else echo "$suite: files-from records"; fail=$((fail + 1)); fi
check "audit bad format" 2 "normlint audit: unknown format 'pdf' (known: review, json, jsonl, html)
Try 'normlint audit --help'." -- "$bin" audit --format pdf "$root/corpus"
printf '名称,备注\nx,y\n' > badreg.csv
check "audit bad register" 2 "normlint: badreg.csv: the first line names no known column (文号/doc_number, 标题/title, 制定机关/issuer, 公布日期/published, 报备日期/filed, 文件/file, 类型/type)" -- "$bin" audit --register badreg.csv clean.txt

# the register's 类型 column types the document it names, as --doc-type does:
# warn.txt reads as a (guessed) normative document, so test.valid (applies-to
# normative) fires; declared 规章 it does not. An unknown type is said with the
# register, the line and the value, and the run goes on; --doc-type wins.
printf '文号,标题,文件,类型\n,江州市测试办法,warn.txt,规章\n,某某规定,other.txt,条例草案\n' > typed.csv
printf 'type,title\nrule,江州市测试办法\n' > typed-en.csv
audit_type() { # NAME WANT_TYPE WANT_VALID(0/1) -- audit arguments
    local name=$1 want=$2 valid=$3
    shift 4
    "$bin" audit $P --format json --no-progress "$@" > out.json 2> /dev/null
    local got
    got=$(sed -n 's/^ *"doc_type": "\(.*\)",$/\1/p' out.json)
    if [ "$got" = "$want" ] && [ "$(grep -c '"rule": "test.valid"' out.json)" = "$valid" ]; then
        pass=$((pass + 1))
    else
        echo "$suite: $name: doc_type '$got' (expected '$want'), test.valid findings: $(grep -c '"rule": "test.valid"' out.json) (expected $valid)"
        fail=$((fail + 1))
    fi
}
audit_type "audit without register" normative 1 -- warn.txt
audit_type "audit register 类型 规章" rule 0 -- --register typed.csv warn.txt
audit_type "audit register type rule" rule 0 -- --register typed-en.csv warn.txt
audit_type "audit --doc-type wins over the register" normative 1 -- --doc-type normative --register typed.csv warn.txt
check "audit register unknown type" 0 "normlint: typed.csv: line 3: the 类型 '条例草案' is not a document type (行政规范性文件 or 规范性文件, 规章, 地方性法规, 行政法规, 法律, 司法解释, 其他公文, or normative, rule, local-regulation, admin-regulation, law, judicial, other); the cell is ignored" -- "$bin" audit $P --format jsonl --no-progress --register typed.csv warn.txt
if grep -q '"doc_type":"rule"' out.txt && tail -1 out.txt | grep -q '"formulated":2,'; then pass=$((pass + 1)); else
    echo "$suite: audit with an unknown type in the register: unexpected output"; cat out.txt; fail=$((fail + 1)); fi

# the register in GB18030 and with English headers gives the same statistics
iconv -f UTF-8 -t GB18030 "$root/corpus/register.csv" > reg-gb.csv
sed '1s/.*/doc_number,title,issuer,published,filed,file/' "$root/corpus/register.csv" > reg-en.csv
"$bin" audit --format jsonl --no-progress --register "$root/corpus/register.csv" "$root/corpus" 2>/dev/null | tail -1 > sum-utf8.json
"$bin" audit --format jsonl --no-progress --register reg-gb.csv "$root/corpus" 2>/dev/null | tail -1 | sed 's/reg-gb.csv/REG/' > sum-gb.json
"$bin" audit --format jsonl --no-progress --register reg-en.csv "$root/corpus" 2>/dev/null | tail -1 | sed 's/reg-en.csv/REG/' > sum-en.json
sed -i "s|$root/corpus/register.csv|REG|" sum-utf8.json
if cmp -s sum-utf8.json sum-gb.json && cmp -s sum-utf8.json sum-en.json; then pass=$((pass + 1)); else
    echo "$suite: register encodings or headers change the statistics"; diff sum-utf8.json sum-gb.json; fail=$((fail + 1)); fi
if grep -q '"formulated":27,"filed":26,"on_time":25,"late":1' sum-utf8.json; then pass=$((pass + 1)); else
    echo "$suite: unexpected corpus statistics: $(cat sum-utf8.json)"; fail=$((fail + 1)); fi

# 3 shards (through GNU parallel when installed) merged == one run, in every format
reg="$root/corpus/register.csv"
if command -v parallel > /dev/null; then
    parallel --will-cite "'$bin' audit --format jsonl --no-progress --shard {}/3 --register '$reg' '$root/corpus' > shard{}.jsonl 2>/dev/null" ::: 1 2 3
else
    for k in 1 2 3; do "$bin" audit --format jsonl --no-progress --shard $k/3 --register "$reg" "$root/corpus" > shard$k.jsonl 2>/dev/null & done
    wait
fi
for fmt in review json jsonl html; do
    "$bin" audit --format $fmt --no-progress --register "$reg" "$root/corpus" > single.$fmt 2>/dev/null
    "$bin" merge --format $fmt --register "$reg" shard2.jsonl shard3.jsonl shard1.jsonl > merged.$fmt 2>/dev/null
    if cmp -s single.$fmt merged.$fmt; then pass=$((pass + 1)); else echo "$suite: merged $fmt differs from one run"; fail=$((fail + 1)); fi
done
check "merge twice the same shard" 2 - -- "$bin" merge shard1.jsonl shard1.jsonl
# the HTML pages parse without errors with libxml2's HTML parser
if command -v xmllint > /dev/null; then
    "$bin" check --format html "$root/corpus" > check.html 2>/dev/null
    for page in single.html check.html; do
        if xmllint --html --noout "$page" 2> xmllint.err && [ ! -s xmllint.err ]; then pass=$((pass + 1)); else
            echo "$suite: $page does not parse cleanly:"; head -5 xmllint.err; fail=$((fail + 1)); fi
    done
else
    echo "$suite: xmllint not installed (make deps installs libxml2-utils); HTML parse check skipped"
fi
check "bad shard" 2 "normlint audit: --shard needs K/N with 1 <= K <= N, not '4/3'
Try 'normlint audit --help'." -- "$bin" audit --shard 4/3 "$root/corpus"

# every kind of broken rule file: exit 2, file:line:column and the reason
broken() { # NAME MESSAGE -- YAML
    local name=$1 want=$2
    mkdir -p "b-$name"
    printf '%s\n' "$4" > "b-$name/r.yaml"
    check "broken: $name" 2 "$want
normlint: the rule packs have errors; nothing was checked" -- "$bin" check --no-bundled --rules "b-$name" clean.txt
}
head='id: t.x
kind: pattern
severity: error
title: t
message: m
basis: []
advice: a'
ex='examples:
  bad: [罚款。, 二罚款。]
  good: [甲。, 乙。]'
broken unknown-key "b-unknown-key/r.yaml:8:1: rule error: unknown key 'patterns' (did you mean 'pattern'?)" -- "$head
patterns: 罚款
pattern: 罚款
$ex"
broken missing-key "b-missing-key/r.yaml:1:1: rule error: missing required key 'pattern'" -- "$head
$ex"
broken severity "b-severity/r.yaml:3:11: rule error: unknown severity 'fatal' (expected error, warning or info)" -- "id: t.x
kind: pattern
severity: fatal
title: t
message: m
basis: []
advice: a
pattern: 罚款
$ex"
broken pattern "b-pattern/r.yaml:8:10: rule error: pattern '罚款(' does not compile: missing closing parenthesis at offset 7" -- "$head
pattern: 罚款(
$ex"
broken example "b-example/r.yaml:11:10: rule error: rule t.x, good example 1: good example produces a finding at line 1 column 1: 罚款" -- "$head
pattern: 罚款
examples:
  bad: [罚款。, 二罚款。]
  good: [罚款金。, 乙。]"
broken yaml "b-yaml/r.yaml:4:1: rule error: YAML syntax error: did not find expected ',' or ']' while parsing a flow sequence" -- "id: t.x
kind: [pattern
"
broken not-a-rule "b-not-a-rule/r.yaml:1:1: rule error: a rule must be a mapping of keys (id, kind, severity, ...), not a single value" -- "just text"
mkdir dup
cp pack/fine.yaml dup/a.yaml; cp pack/fine.yaml dup/b.yaml
check "broken: duplicate" 2 "dup/b.yaml:1:5: rule error: duplicate rule id 'test.fine' (first defined at dup/a.yaml:1)
normlint: the rule packs have errors; nothing was checked" -- "$bin" check --no-bundled --rules dup clean.txt
check "missing pack" 2 "normlint: nowhere: cannot open rule folder: No such file or directory
normlint: the rule packs have errors; nothing was checked" -- "$bin" check --no-bundled --rules nowhere clean.txt

# rules list / show, test-rules
check "rules list" 0 "" -- "$bin" rules $P list
check_out "rules list output" "test.fine                                  error    pattern  sentence    设定罚款
test.valid                                 warning  require  document    缺少有效期
test.word                                  info     pattern  sentence    用语"
check "rules show" 0 "" -- "$bin" rules $P show test.fine
check_out "rules show output" "test.fine
  标题：设定罚款
  级别：error（错误）
  类型：pattern
  范围：sentence
  适用：all
  提示：设定了罚款：“{match}”
  依据：《中华人民共和国行政处罚法》第十六条
  建议：删除该规定。
  模式：处[^。；]{0,10}罚款
  状态：默认启用
  来源：pack/fine.yaml:1
  反例：处五百元罚款。
  反例：并处一千元罚款。
  正例：不得处以罚款。
  正例：依法处理。"
check "rules show unknown" 2 "normlint: no rule 'x.y' is loaded (see 'normlint rules list')" -- "$bin" rules $P show x.y
check "test-rules ok" 0 "" -- "$bin" test-rules pack
check_out "test-rules output" "test-rules: 3 rules passed (12 examples), 0 problems"
check "test-rules failing" 1 "b-example/r.yaml:11:10: rule error: rule t.x, good example 1: good example produces a finding at line 1 column 1: 罚款" -- "$bin" test-rules b-example
check "bundled pack" 0 - -- "$bin" test-rules

finish
