#!/usr/bin/env bash
# Rules from concepts: named vocabularies ({{name}}, their errors, `rules
# vocab`, `rules show` expanding them), `all` (co-occurrence in a unit in any
# order), `veto` scopes (a prohibition before the match, a remedy or a
# restatement in its sentence), places local to the issuer (`capture: local`),
# and the document type's evidence (a guessed type caps normative-only errors
# at warning; --doc-type declares it).
suite=concepts
source "$(dirname "$0")/lib.sh"

mkdir -p pack/vocabulary
cat > pack/vocabulary/v.yaml <<'YAML'
- vocabulary: place
  title: 本地
  capture: local
  pattern: '本区|本市|(?!外)\p{Han}{1,6}?(?:市|区|县)'
  examples:
    match: [本区, 余杭区]
    no-match: [外地]
- vocabulary: tie
  title: 注册纳税
  terms: [注册, 纳税, 设立分公司]
- vocabulary: must
  title: 约束
  terms: [须, 应当, 方可]
- vocabulary: forbid
  title: 禁止
  pattern: '不得|禁止|取消'
  veto-scope: before
  until: '[，,][^，。；]{0,6}?(?:应当|须)'
- vocabulary: remedy
  title: 救济
  pattern: '行政复议|行政诉讼'
  veto-scope: sentence
YAML
cat > pack/tie.yaml <<'YAML'
- id: test.local-tie
  kind: pattern
  severity: error
  title: 要求在本地注册纳税
  message: 要求在本地注册或者纳税：“{match}”
  basis: []
  advice: 删除。
  applies-to: [normative, rule, other]
  pattern: '在{{place}}[^，。；]{0,4}?{{tie}}'
  all: '{{must}}'
  veto: [forbid]
  examples:
    bad: [投标企业须在本区注册。, 在本市纳税的企业方可申报。]
    good: [不得要求企业在本区注册。, 企业在本区注册的，可以申报。]
- id: test.seize
  kind: pattern
  severity: error
  title: 设定查封
  message: 设定了查封：“{match}”
  basis: []
  advice: 删除。
  applies-to: [normative]
  pattern: '查封'
  veto: [remedy]
  examples:
    bad: [对违法物品予以查封。, 由城管部门查封其设备。]
    good: [对查封决定不服的，可以申请行政复议。, 当事人对查封不服的，可以提起行政诉讼。]
YAML
P="--no-bundled --rules pack"

check "pack with vocabularies" 0 "" -- "$bin" test-rules pack
check_out "pack with vocabularies: output" "test-rules: 2 rules passed (8 examples), 0 problems"
check "rules vocab" 0 "" -- "$bin" rules $P vocab
check_out "rules vocab: output" "place                        本地
tie                          注册纳税
must                         约束
forbid                       禁止
remedy                       救济"
check "rules show expands" 0 "" -- "$bin" rules $P show test.local-tie
grep -qx '  模式：在{{place}}\[^，。；\]{0,4}?{{tie}}' out.txt &&
    grep -qx '  展开：在(?<nlloc1>(?:本区|本市|(?!外)\\p{Han}{1,6}?(?:市|区|县)))\[^，。；\]{0,4}?(?:设立分公司|注册|纳税)' out.txt &&
    pass=$((pass + 1)) || { echo "$suite: rules show: pattern lines"; cat out.txt; fail=$((fail + 1)); }
check "rules show a vocabulary" 0 "" -- "$bin" rules $P show tie
check_out "rules show a vocabulary: output" "{{tie}}
  词表：注册纳税
  模式：设立分公司|注册|纳税
  使用：test.local-tie"

# ---- the issuer's own places are local, others are not ----
cat > own.txt <<'DOC'
杭州市余杭区人民政府关于促进建筑业发展的若干意见
一、申报企业须在余杭区注册并纳税。
二、申报企业须在杭州市设立分公司。
三、与滨江区企业合作的，应当在滨江区注册。
四、各单位不得要求企业在本区注册。
五、企业在本区注册的，可以申报。
六、对查封决定不服的，可以依法申请行政复议。
七、禁止擅自设置门槛，确需设置的，应当在本区注册。
DOC
check "own places" 1 "" -- "$bin" check --no-config $P -q own.txt
check_out "own places: findings" "own.txt:2:8: error[test.local-tie]: 要求在本地注册或者纳税：“在余杭区注册”
own.txt:3:8: error[test.local-tie]: 要求在本地注册或者纳税：“在杭州市设立分公司”
own.txt:8:20: error[test.local-tie]: 要求在本地注册或者纳税：“在本区注册”"

# ---- veto-scope period: a lead-in restatement reaches the ；-clauses after it, not before,
#      nor past its `until` (；同时 adds a measure of its own); a prohibition fused with the hit's first word negates it ----
mkdir -p pd/vocabulary
cat > pd/vocabulary/v.yaml <<'YAML'
- vocabulary: restate
  title: 重述
  pattern: '依照《[^》]+》'
  veto-scope: period
  until: '；同时'
- vocabulary: neg
  title: 否定
  pattern: '不得|不公开'
  veto-scope: before
YAML
cat > pd/r.yaml <<'YAML'
- id: test.fine
  kind: pattern
  severity: error
  title: 罚款或者公开姓名
  message: 设定：“{match}”
  basis: []
  advice: 删除。
  pattern: '罚款|公开姓名'
  veto: [restate, neg]
  examples:
    bad: [处一千元罚款。, 公示时公开姓名。]
    good: [依照《某某法》的规定，责令改正；拒不改正的，处一千元罚款。, 公示时不公开姓名。]
YAML
printf '江州市某某管理办法\n第一条　依照《某某法》的规定，责令改正；拒不改正的，处一千元罚款。\n第二条　拒不改正的，处一千元罚款；情节严重的，依照《某某法》处理。\n第三条　公示时不公开姓名。\n第四条　公示时公开姓名。\n第五条　依照《某某法》的规定处理；同时处一千元罚款。\n' > pd.txt
check "veto-scope period" 1 "" -- "$bin" check --no-config --no-bundled --rules pd --doc-type normative -q pd.txt
check_out "veto-scope period: forward only; a fused prohibition" "pd.txt:3:15: error[test.fine]: 设定：“罚款”
pd.txt:5:8: error[test.fine]: 设定：“公开姓名”
pd.txt:6:24: error[test.fine]: 设定：“罚款”"

# ---- a period-wide lead-in that announces a list (依照《…》对下列行为处罚：) governs its items;
#      a heading that announces no list (根据《…》，通告如下：) does not ----
printf '江州市某某管理办法\n第一条　依照《某某法》的规定，对下列行为处罚：\n（一）处一千元罚款；\n（二）公开姓名。\n第二条　根据《某某法》，规定如下：\n（一）处一千元罚款。\n' > li.txt
check "lead-in" 1 "" -- "$bin" check --no-config --no-bundled --rules pd --doc-type normative -q li.txt
check_out "lead-in: a list's lead-in, not a heading" "li.txt:6:8: error[test.fine]: 设定：“罚款”"

# ---- a guessed document type caps a normative-only error ----
printf '江州市某某管理办法\n第一条　违法物品由城管部门予以查封。\n' > guess.txt
check "guessed type" 0 "" -- "$bin" check --no-config $P -q guess.txt
check_out "guessed type: a warning that says so" "guess.txt:2:16: warning[test.seize]: 设定了查封：“查封”（文件类型系按标题推定，本项按行政规范性文件审查；如属规章等，请复核）"
check "declared type" 1 "" -- "$bin" check --no-config $P -q --doc-type normative guess.txt
check_out "declared type: an error" "guess.txt:2:16: error[test.seize]: 设定了查封：“查封”"
check "declared rule" 0 "" -- "$bin" check --no-config $P -q --doc-type rule guess.txt
check_out "declared rule: the rule does not apply" ""
check "bad --doc-type" 2 "normlint check: --doc-type needs normative, rule, local-regulation, admin-regulation, law, judicial or other, not 'memo'
Try 'normlint check --help'." -- "$bin" check --doc-type memo guess.txt
"$bin" check --no-config $P --format json guess.txt > g.json
python3 -c 'import json,sys; d=json.load(open("g.json"))["documents"][0]; sys.exit(0 if d["doc_type_guessed"] is True else 1)' &&
    pass=$((pass + 1)) || { echo "$suite: json doc_type_guessed"; fail=$((fail + 1)); }

# ---- unless-issuer: the rule stays quiet at the issuer levels it names ----
mkdir -p lv
cat > lv/r.yaml <<'YAML'
- id: test.rebate
  kind: pattern
  severity: warning
  title: 税收返还
  message: 税收返还：“{match}”
  basis: []
  advice: 删除。
  pattern: '税收返还'
  unless: '不得'
  unless-issuer: [central]
  examples:
    bad: [对企业实行税收返还。, 实行税收返还政策。]
    good: [不得实行税收返还。, 各地不得擅自作出税收返还的决定。]
YAML
printf '国务院关于促进外贸发展的若干意见\n一、对符合条件的企业实行税收返还。\n' > central.txt
printf '江州市东湖区人民政府关于促进外贸发展的若干意见\n一、对符合条件的企业实行税收返还。\n' > county.txt
check "unless-issuer" 0 "" -- "$bin" check --no-config --no-bundled --rules lv -q central.txt county.txt
check_out "unless-issuer: only the county's document" "county.txt:2:13: warning[test.rebate]: 税收返还：“税收返还”"
"$bin" check --no-config --no-bundled --rules lv --format json central.txt county.txt > lv.json
[ "$(python3 -c 'import json; print(" ".join(d["issuer_level"] for d in json.load(open("lv.json"))["documents"]))')" = "central county" ] &&
    pass=$((pass + 1)) || { echo "$suite: json issuer_level"; fail=$((fail + 1)); }

# ---- only-issuer and kinds: a rule for one kind of issuer, one quiet for another ----
mkdir -p kd
cat > kd/r.yaml <<'YAML'
- id: test.body
  kind: pattern
  severity: warning
  title: 协调机构发文
  message: 协调机构：“{match}”
  basis: []
  advice: 改由本级政府发文。
  pattern: '应当'
  only-issuer: [coordination-body, internal-unit]
  examples:
    bad: [经营者应当报告。, 企业应当登记。]
    good: [经营者可以报告。, 企业自愿登记。]
- id: test.street
  kind: pattern
  severity: warning
  title: 街道发文
  message: 非街道：“{match}”
  basis: []
  advice: 删除。
  pattern: '登记'
  unless-issuer: [dispatched-office, township]
  examples:
    bad: [企业应当登记。, 办理登记。]
    good: [企业应当报告。, 办理备案。]
YAML
printf '江州市东湖区防汛指挥部关于做好汛期工作的通知\n一、企业应当登记。\n' > body.txt
printf '江州市东湖区人民政府关于做好汛期工作的通知\n一、企业应当登记。\n' > gov.txt
printf '江州市东湖区城南街道办事处关于做好汛期工作的通知\n一、企业应当登记。\n' > street.txt
check "only-issuer" 0 "" -- "$bin" check --no-config --no-bundled --rules kd -q body.txt gov.txt street.txt
check_out "only-issuer: the body's 应当, every 登记 but the street office's" "body.txt:2:5: warning[test.body]: 协调机构：“应当”
body.txt:2:7: warning[test.street]: 非街道：“登记”
gov.txt:2:7: warning[test.street]: 非街道：“登记”"
check "rules show: issuer conditions" 0 "" -- sh -c '{ "$1" rules --no-bundled --rules kd show test.body; "$1" rules --no-bundled --rules kd show test.street; } | grep 发文机关' sh "$bin"
check_out "rules show: issuer conditions" "  仅对发文机关：internal-unit, coordination-body
  不对发文机关：township, dispatched-office"

# ---- defer-to: a general rule's finding gives way to a specific one's on the same span ----
mkdir -p df
cat > df/r.yaml <<'YAML'
- id: test.specific
  kind: pattern
  severity: error
  title: 限定本地企业
  message: 限定本地企业：“{match}”
  basis: []
  advice: 删除。
  pattern: '限定本地企业'
  examples:
    bad: [限定本地企业供应。, 限定本地企业承建。]
    good: [不限定企业。, 本地企业。]
- id: test.general
  kind: pattern
  severity: warning
  title: 本地企业
  message: 偏向本地企业：“{match}”
  basis: []
  advice: 删除。
  pattern: '本地企业'
  all: '优先|限定'
  defer-to: [test.specific]
  examples:
    bad: [优先选用本地企业。, 本地企业优先。]
    good: [本地企业。, 外地企业优先。]
YAML
printf '一、限定本地企业供应。\n二、同等条件下优先选用本地企业。\n' > df.txt
check "defer-to" 1 "" -- "$bin" check --no-config --no-bundled --rules df -q df.txt
check_out "defer-to: one finding a span, the general rule elsewhere" "df.txt:1:3: error[test.specific]: 限定本地企业：“限定本地企业”
df.txt:2:12: warning[test.general]: 偏向本地企业：“本地企业”"
"$bin" check --no-config --no-bundled --rules df --format json df.txt > df.json
[ "$(python3 -c 'import json; print(json.load(open("df.json"))["summary"]["findings"]["warning"])')" = "1" ] &&
    pass=$((pass + 1)) || { echo "$suite: defer-to: the dropped finding is not counted"; fail=$((fail + 1)); }
check "defer-to: the specific rule turned off" 0 "" -- "$bin" check --no-config --no-bundled --rules df --disable test.specific -q df.txt
check_out "defer-to: without the specific rule the general one speaks" "df.txt:1:5: warning[test.general]: 偏向本地企业：“本地企业”
df.txt:2:12: warning[test.general]: 偏向本地企业：“本地企业”"

# ---- helpers for the rule-error cases below ----
# stub ID KIND: the keys every rule needs, with placeholder texts (7 lines)
stub() { printf -- '- id: %s\n  kind: %s\n  severity: info\n  title: t\n  message: m\n  basis: []\n  advice: a\n' "$1" "$2"; }
EX="  examples: {bad: [罚款。, 罚款二。], good: [无。, 无二。]}"
# ---- anchor: a require rule's finding on the clause where the missing text belongs ----
mkdir -p an
cat > an/r.yaml <<'YAML'
- id: test.validity
  kind: require
  severity: warning
  title: 未规定有效期
  message: 没有有效期。
  basis: []
  advice: 写明有效期。
  scope: document
  pattern: '有效期'
  anchor: '本办法自[^。]{0,20}施行'
  examples:
    bad: ["某办法\n本办法自2025年1月1日起施行。\n", "某办法\n第一条　为了管理，制定本办法。\n"]
    good: ["某办法\n本办法自2025年1月1日起施行，有效期5年。\n", "某办法\n有效期至2030年。\n"]
YAML
printf '江州市某某管理办法\n第一条　为了管理，制定本办法。\n第二条　本办法自2025年1月1日起施行。\n' > an1.txt
printf '江州市某某管理办法\n第一条　为了管理，制定本办法。\n' > an2.txt
check "anchor" 0 "" -- "$bin" check --no-config --no-bundled --rules an -q an1.txt an2.txt
check_out "anchor: on the 施行 clause, else on the title" "an1.txt:3:5: warning[test.validity]: 没有有效期。
an2.txt:1:1: warning[test.validity]: 没有有效期。"
mkdir -p an3
{ stub t.y pattern; printf '%s\n' "  pattern: '罚款'" "  anchor: '施行'" "$EX"; } > an3/r.yaml
check "anchor only for require" 1 "an3/r.yaml:9:11: rule error: 'anchor' is for rules of kind 'require'" -- "$bin" test-rules --no-bundled an3

# ---- vocabulary errors: each names the file, line and column ----
mkdir -p bad1
{ stub t.x pattern; printf '%s\n' "  pattern: '{{nowhere}}罚款'" "$EX"; } > bad1/r.yaml
check "unknown vocabulary" 1 "bad1/r.yaml:8:12: rule error: pattern '{{nowhere}}罚款': unknown vocabulary '{{nowhere}}' (a vocabulary must be defined before it is used)" -- "$bin" test-rules --no-bundled bad1
mkdir -p bad2
cat > bad2/v.yaml <<'YAML'
- vocabulary: Bad_Name
  title: t
  terms: [a]
- vocabulary: both
  title: t
  terms: [a]
  pattern: b
- vocabulary: failing
  title: t
  terms: [甲, 乙]
  examples: {match: [丙]}
- vocabulary: novet
  title: t
  terms: [甲]
YAML
{ stub t.y pattern; printf '%s\n' "  pattern: '罚款'" "  veto: [novet, ghost]" "$EX"; } >> bad2/v.yaml
check "vocabulary problems" 1 "bad2/v.yaml:1:15: rule error: vocabulary name 'Bad_Name' must be lower-case words joined by '-'
bad2/v.yaml:4:3: rule error: a vocabulary needs exactly one of 'pattern' and 'terms'
bad2/v.yaml:11:13: rule error: vocabulary 'failing', match example '丙': does not match
bad2/v.yaml:23:10: rule error: 'veto' names vocabulary 'novet', which has no 'veto-scope' (before or sentence)
bad2/v.yaml:23:17: rule error: 'veto' names 'ghost', which is no vocabulary" -- "$bin" test-rules --no-bundled bad2
mkdir -p bad3
{ stub t.z require; printf '%s\n' "  pattern: '有效期'" "  all: '施行'" "  unless-issuer: [central, village]" "$EX"; } > bad3/r.yaml
mkdir -p bad4
{ stub t.w pattern; printf '%s\n' "  pattern: '罚款'" "  defer-to: [t.nowhere]" "$EX"; } > bad4/r.yaml
check "defer-to names no rule" 1 "bad4/r.yaml:9:13: rule error: rule t.w: 'defer-to' names 't.nowhere', which is no other loaded rule" -- "$bin" test-rules --no-bundled bad4
check "all and unless-issuer problems" 1 "bad3/r.yaml:9:8: rule error: 'all' is for rules of kind 'pattern'
bad3/r.yaml:10:28: rule error: unknown issuer level or kind 'village' (levels: central, provincial, municipal, county, township; kinds: government, office, department, internal-unit, coordination-body, dispatched-office)" -- "$bin" test-rules --no-bundled bad3

# ---- the generated vocabulary of division names is what the table gives ----
python3 "$root/tools/gen-place-terms.py" "$root/lib/doc/gb2260.inc" > gen.yaml
awk '/^- vocabulary: division-names-with-function-chars$/{f=1} f&&/^$/{exit} f' "$root/rules/vocabulary/concepts.yaml" > have.yaml
check "division names in sync with the table" 0 "" -- diff gen.yaml have.yaml

finish
