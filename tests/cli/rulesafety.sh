#!/usr/bin/env bash
# Rule safety: a user rule that backtracks catastrophically hits PCRE2's
# limits and is reported (a warning naming the rule, the file, the line and
# the limit: on stderr, in JSON `warnings`, in SARIF toolExecutionNotifications),
# with or without the JIT and the Hyperscan prefilter, while the rest of the
# document and the other rules are still checked; and a rule pack, project
# config or profile that is not UTF-8, not YAML, or YAML of the wrong shape is
# an error naming the file, line and column, exit 2.
suite=rulesafety
. "$(dirname "$0")/lib.sh" "$1"
export NO_COLOR=1
# every run is bounded: a hang is a failure (exit 124), not a stuck suite
n() { timeout 60 "$bin" "$@"; }

mkdir pack
cat > pack/slow.yaml <<'YAML'
- id: t.slow
  kind: pattern
  severity: warning
  title: 连续字母
  message: 以字母结尾：{match}
  basis: []
  advice: 改写。
  scope: sentence
  pattern: '(a+)+$'
  examples:
    bad: ["某办法\n第一条　aaaa", "某办法\n第一条　ba"]
    good: ["某办法\n第一条　b", "某办法\n第一条　ab"]
- id: t.spaces
  kind: pattern
  severity: warning
  title: 以X结尾
  message: 以X结尾：{match}
  basis: []
  advice: 改写。
  scope: paragraph
  pattern: '(\S+\s*)+X'
  examples:
    bad: ["某办法\n第一条　a X", "某办法\n第一条　aX"]
    good: ["某办法\n第一条　b", "某办法\n第一条　ab"]
- id: t.deep
  kind: pattern
  severity: warning
  title: 字母段
  message: 字母段：{match}
  basis: []
  advice: 改写。
  scope: paragraph
  pattern: '(a|b)*$'
  examples:
    bad: ["某办法\n第一条　ab", "某办法\n第一条　a"]
    good: ["某办法\n第一条　c", "某办法\n第一条　ac"]
YAML
cat > pack/word.yaml <<'YAML'
id: t.word
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
YAML
P="--no-bundled --rules pack"

# line 2 matches t.slow quickly; line 3 (3000 a's, then b) sends it into
# catastrophic backtracking; line 4 would match again but is past the limit;
# line 5 starts with X, so t.spaces cannot rule the paragraph out at once;
# line 6 is 30000 a's: too deep for (a|b)*$; line 7 is for t.word
python3 - <<'PY'
with open("doc.txt", "w", encoding="utf-8") as f:
    f.write("江州市测试办法\n第一条　aaa\n第二条　" + "a" * 3000 + "b\n第三条　aaaa\n"
            "第四条　X" + " ab" * 2000 + "。\n第五条　" + "a" * 30000 + "。\n第六条　单位必须登记。\n")
PY
sha=$(sha256sum doc.txt)
a60=$(printf 'a%.0s' $(seq 60))
want_out="doc.txt:2:5: warning[t.deep]: 字母段：aaa
doc.txt:2:5: warning[t.slow]: 以字母结尾：aaa
doc.txt:3:5: warning[t.deep]: 字母段：$a60…
doc.txt:4:5: warning[t.deep]: 字母段：aaaa
doc.txt:7:7: info[t.word]: 建议改用规范用语。"
w_slow="normlint: warning: rule t.slow skipped on doc.txt from line 3 to the end: a pattern hit the PCRE2 match limit (catastrophic backtracking: rewrite the pattern)"
w_spaces="normlint: warning: rule t.spaces skipped on doc.txt from line 5 to the end: a pattern hit the PCRE2 match limit (catastrophic backtracking: rewrite the pattern)"
w_deep_jit="normlint: warning: rule t.deep skipped on doc.txt from line 6 to the end: a pattern hit the PCRE2 JIT stack limit (catastrophic backtracking: rewrite the pattern)"
w_deep_int="normlint: warning: rule t.deep skipped on doc.txt from line 6 to the end: a pattern hit the PCRE2 depth limit (catastrophic backtracking: rewrite the pattern)"

# the same findings and warnings with the JIT and the interpreter, with the
# Hyperscan prefilter, with only the per-pattern presence search, with none
for jit in on off; do
    for pf in on off none; do
        w_deep=$w_deep_jit
        [ "$jit" = off ] && w_deep=$w_deep_int
        # whether PCRE2 has a JIT on this processor is PCRE2's affair: without
        # one the interpreter runs, and its depth limit is what is hit
        if [ "$jit" = on ] && ! n check $P -q --disable t.slow --disable t.spaces doc.txt 2>&1 | grep -q "JIT stack"; then
            w_deep=$w_deep_int
        fi
        check "limits: jit $jit, prefilter $pf" 0 "$w_deep
$w_slow
$w_spaces" -- env NORMLINT_JIT=$jit NORMLINT_PREFILTER=$pf timeout 60 "$bin" check $P -q doc.txt
        check_out "limits: jit $jit, prefilter $pf: other rules and lines still checked" "$want_out"
    done
done

# --fail-on: a skipped rule is a warning about the run, not a finding
check "limits: fail-on info still counts the findings" 1 - -- n check $P -q --fail-on info doc.txt
check "limits: only the slow rule" 0 "$w_slow" -- n check $P -q --disable t.spaces --disable t.deep --disable t.word doc.txt
check_out "limits: its finding before the limit stands" "doc.txt:2:5: warning[t.slow]: 以字母结尾：aaa"

# JSON: the document's `warnings`; SARIF: a warning notification
check "limits: json" 0 "$w_deep_int
$w_slow
$w_spaces" -- env NORMLINT_JIT=off timeout 60 "$bin" check $P -f json doc.txt
mv out.txt report.json
python3 -c 'import json,sys; d=json.load(open("report.json"))["documents"][0]; print("\n".join(d["warnings"]))' > out.txt
check_out "limits: json warnings" "$(printf '%s\n' "$w_deep_int" "$w_slow" "$w_spaces" | sed 's/^normlint: warning: //')"
python3 -c 'import json; d=json.load(open("report.json"))["documents"][0]; print(" ".join(f["rule"] for f in d["findings"]))' > out.txt
check_out "limits: json findings" "t.deep t.slow t.deep t.deep t.word"
check "limits: sarif" 0 - -- env NORMLINT_JIT=off timeout 60 "$bin" check $P -f sarif doc.txt
mv out.txt report.sarif
python3 - > out.txt <<'PY'
import json
inv = json.load(open("report.sarif"))["runs"][0]["invocations"][0]
for n in inv["toolExecutionNotifications"]:
    print(n["level"], n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], n["message"]["text"])
PY
check_out "limits: sarif notifications" "$(printf '%s\n' "$w_deep_int" "$w_slow" "$w_spaces" | sed 's/^normlint: warning: /warning doc.txt /')"

# audit says it too (on stderr; the review still covers every document)
mkdir arch
cp doc.txt arch/
check "limits: audit" 0 "${w_slow//doc.txt/arch/doc.txt}" -- \
    n audit $P --no-progress --disable t.spaces --disable t.deep -f jsonl arch
ok_sha=$(sha256sum doc.txt)
if [ "$sha" = "$ok_sha" ]; then pass=$((pass + 1)); else echo "$suite: the input was modified"; fail=$((fail + 1)); fi

# ------------------------------------------------------------ broken packs
printf '江州市测试办法\n第一条　单位必须登记。\n' > small.txt
nothing="normlint: the rule packs have errors; nothing was checked"
# broken NAME MESSAGE: pack b-NAME/r.yaml was written by the caller
broken() {
    check "pack: $1" 2 "$2
$nothing" -- n check --no-bundled --rules "b-$1" small.txt
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
mk() { mkdir -p "b-$1"; printf '%s\n' "$2" > "b-$1/r.yaml"; }

# not UTF-8: where the first bad byte is (line, column in characters)
mkdir b-latin1
{ printf 'id: t.x\nkind: pattern\nseverity: error\ntitle: \xe7\xbd\x9a\xff\n'; printf '%s\n' "$ex"; } > b-latin1/r.yaml
broken latin1 "b-latin1/r.yaml:4:9: rule error: not valid UTF-8 (byte 0xFF); save the file as UTF-8"
mkdir b-gbk
printf '%s\npattern: ' "$head" > b-gbk/r.yaml
printf '罚款\n' | iconv -f UTF-8 -t GBK >> b-gbk/r.yaml
printf '%s\n' "$ex" >> b-gbk/r.yaml
broken gbk "b-gbk/r.yaml:8:10: rule error: not valid UTF-8 (byte 0xB7); save the file as UTF-8"
mkdir b-utf16
printf '%s\npattern: 罚款\n%s\n' "$head" "$ex" | iconv -f UTF-8 -t UTF-16 > b-utf16/r.yaml
broken utf16 "b-utf16/r.yaml: rule error: contains NUL bytes; not a YAML rule file"
mkdir b-cut
{ printf '%s\npattern: 罚款\n%s\n# \xe7\xbd' "$head" "$ex"; } > b-cut/r.yaml
broken cut "b-cut/r.yaml:12:3: rule error: not valid UTF-8 (byte 0xE7); save the file as UTF-8"
# a UTF-8 byte order mark is fine
mkdir b-bom
{ printf '\xef\xbb\xbf'; printf '%s\npattern: 罚款\n%s\n' "$head" "$ex"; } > b-bom/r.yaml
check "pack: BOM accepted" 0 "" -- n check --no-bundled --rules b-bom -q small.txt

# not YAML
mk tab "$head
pattern: 罚款
examples:
	bad: [罚款。, 二罚款。]"
broken tab "b-tab/r.yaml:10:1: rule error: YAML syntax error: found character that cannot start any token while scanning for the next token"
mk quote "$head
pattern: '罚款
$ex"
broken quote "b-quote/r.yaml:12:1: rule error: YAML syntax error: found unexpected end of stream while scanning a quoted scalar"
mk indent "$head
pattern: 罚款
  scope: sentence
$ex"
broken indent "b-indent/r.yaml:9:8: rule error: YAML syntax error: mapping values are not allowed in this context"
mk two-docs "$head
pattern: 罚款
$ex
---
$head"
broken two-docs "b-two-docs/r.yaml:12:1: rule error: a rule file holds one YAML document, not several"
mk alias "$head
pattern: &p 罚款
unless: *p
$ex"
broken alias "b-alias/r.yaml:9:9: rule error: YAML aliases (*name) are not allowed in rule files"

# YAML of the wrong shape
mk id-map "${head/id: t.x/id: {a: 1\}}
pattern: 罚款
$ex"
broken id-map "b-id-map/r.yaml:1:5: rule error: 'id' must be a string, not a mapping"
mk severity-list "${head/severity: error/severity: [error]}
pattern: 罚款
$ex"
broken severity-list "b-severity-list/r.yaml:3:11: rule error: 'severity' must be a string, not a list"
mk basis-scalar "${head/basis: \[\]/basis: 5}
pattern: 罚款
$ex"
broken basis-scalar "b-basis-scalar/r.yaml:6:8: rule error: 'basis' must be a list of strings, not a single value"
mk pattern-map "$head
pattern: {find: 罚款}
$ex"
broken pattern-map "b-pattern-map/r.yaml:8:10: rule error: 'pattern' must be a list of strings or a string, not a mapping"
mk examples-scalar "$head
pattern: 罚款
examples: 罚款。"
broken examples-scalar "b-examples-scalar/r.yaml:9:11: rule error: 'examples' must be a mapping with 'bad' and 'good' lists"
mk enabled "$head
pattern: 罚款
enabled: maybe
$ex"
broken enabled "b-enabled/r.yaml:9:10: rule error: 'enabled' must be true or false"
mk list-of-scalars "- 5"
broken list-of-scalars "b-list-of-scalars/r.yaml:1:3: rule error: a rule must be a mapping of keys (id, kind, severity, ...), not a single value"

# the same checks for audit and test-rules (test-rules lists problems: exit 1)
check "pack: audit" 2 "b-latin1/r.yaml:4:9: rule error: not valid UTF-8 (byte 0xFF); save the file as UTF-8
$nothing" -- n audit --no-bundled --rules b-latin1 --no-progress small.txt
check "pack: test-rules" 1 "b-latin1/r.yaml:4:9: rule error: not valid UTF-8 (byte 0xFF); save the file as UTF-8" -- \
    n test-rules b-latin1

# ------------------------------------------------------ project config, profile
mkdir proj
cp small.txt proj/
cfg() { # NAME MESSAGE (proj/.normlint.yaml written by the caller)
    check "config: $1" 2 "proj/.normlint.yaml:$2" -- n check --rules pack --no-bundled -q --config proj/.normlint.yaml proj/small.txt
}
printf 'profile: national\ndisable: [t.\xff]\n' > proj/.normlint.yaml
cfg utf8 "2:13: config error: not valid UTF-8 (byte 0xFF); save the file as UTF-8"
printf 'disable: [t.word\n' > proj/.normlint.yaml
cfg yaml "2:1: config error: YAML syntax error: did not find expected ',' or ']' while parsing a flow sequence"
printf 'disable: {t.word: 1}\n' > proj/.normlint.yaml
cfg disable-map "1:10: config error: 'disable' must be a list of strings"
printf 'severity: [t.word]\n' > proj/.normlint.yaml
cfg severity-list "1:11: config error: 'severity' must map rule ids to error, warning or info"
printf 'rules: [pack]\nprofile: [national]\n' > proj/.normlint.yaml
cfg profile-list "2:10: config error: 'profile' must be a profile name or file"
# found upward from the checked file, not named with --config
printf 'disable: [t.word\n' > proj/.normlint.yaml
check "config: found upward" 2 "$tmp/proj/.normlint.yaml:2:1: config error: YAML syntax error: did not find expected ',' or ']' while parsing a flow sequence" -- \
    n check --rules pack --no-bundled -q proj/small.txt
rm proj/.normlint.yaml
printf 'title: 测试\nvalidity-years: \xff\n' > prof.yaml
check "profile: utf8" 2 "./prof.yaml:2:17: profile error: not valid UTF-8 (byte 0xFF); save the file as UTF-8" -- \
    n check $P -q --profile ./prof.yaml small.txt

finish
