#!/usr/bin/env bash
# normlint rules --export-patterns: the translation of PCRE2 patterns into
# ripgrep's regex syntax (exact, widened, left out), the stderr summary, the
# exit codes, and — when rg is installed — that every exported line of the
# bundled rules and of the test pack compiles in ripgrep.
suite=export-patterns
. "$(dirname "$0")/lib.sh" "$1"

mkdir pack
cat > pack/export.yaml << 'EOF'
- id: test.export
  kind: pattern
  severity: info
  title: 导出测试
  message: 导出测试“{match}”。
  basis: []
  advice: 无。
  pattern:
    - '(?<!被)没收\h*(?<what>财物|款项)'
    - '(甲)\1'
    - '[[:digit:]]{2}\/号'
    - '\p{Han}{2}〔\d{4}〕'
    - '(?i:abc)|x*+z'
    - '(?x) 第 \s* 十 # comment'
  examples:
    bad: ['依法没收财物。', '甲甲相连。']
    good: ['无此规定。', '被罚的。']
- id: test.export-off
  kind: pattern
  severity: info
  enabled: false
  title: 关闭的规则
  message: 不导出“{match}”。
  basis: []
  advice: 无。
  pattern: '关闭'
  examples:
    bad: ['关闭。', '已关闭。']
    good: ['开启。', '无此规定。']
EOF

h='[\t\x{20}\x{A0}\x{1680}\x{180E}\x{2000}-\x{200A}\x{202F}\x{205F}\x{3000}]'
want="没收$h*(?:财物|款项)
[[\\p{Nd}]]{2}/号
\\p{scx=Han}{2}〔\\d{4}〕
(?i:abc)|x*z
第\\s*十"
check "translation to stdout" 0 "normlint: 1 pattern left out: test.export#2 (a back-reference)
normlint: 2 patterns widened (look-around, \\K or possessive dropped): test.export#1 test.export#5" \
    -- "$bin" rules --no-bundled --rules pack --export-patterns
check_out "translation to stdout" "$want"

check "to a file" 0 - -- "$bin" rules --no-bundled --rules pack --export-patterns pats.txt
[ "$(cat pats.txt)" = "$want" ] && pass=$((pass + 1)) || { echo "$suite: pats.txt differs"; fail=$((fail + 1)); }
grep -q "5 patterns written to pats.txt" err.txt && pass=$((pass + 1)) ||
    { echo "$suite: no count on stderr"; cat err.txt; fail=$((fail + 1)); }
check "=FILE" 0 - -- "$bin" rules --no-bundled --rules pack --export-patterns=pats2.txt
cmp -s pats.txt pats2.txt && pass=$((pass + 1)) || { echo "$suite: =FILE differs"; fail=$((fail + 1)); }

check "two files" 2 - -- "$bin" rules --export-patterns a.txt b.txt
check "unwritable" 2 - -- "$bin" rules --export-patterns no/such/dir/p.txt
check "test-rules has no --export-patterns" 2 - -- "$bin" test-rules --export-patterns

check "bundled" 0 - -- "$bin" rules --export-patterns bundled.txt
n=$(wc -l < bundled.txt)
[ "$n" -ge 100 ] && ! grep -q '^$' bundled.txt && pass=$((pass + 1)) ||
    { echo "$suite: bundled export has $n lines or an empty line"; fail=$((fail + 1)); }

if command -v rg > /dev/null; then
    for f in pats.txt bundled.txt; do
        while IFS= read -r p; do
            rg -q -e "$p" /dev/null 2> rg.err
            if [ $? -eq 2 ]; then
                echo "$suite: rg rejects '$p' ($f): $(cat rg.err)"
                fail=$((fail + 1))
            fi
        done < "$f"
        rg -q -f "$f" /dev/null 2> rg.err
        [ $? -ne 2 ] && pass=$((pass + 1)) || { echo "$suite: rg rejects $f: $(cat rg.err)"; fail=$((fail + 1)); }
    done
    # the widened pattern still finds what the rule finds
    printf '依法没收 财物\n' > d.txt
    rg -o -f pats.txt d.txt > rg.out
    [ "$(cat rg.out)" = "没收 财物" ] && pass=$((pass + 1)) || { echo "$suite: rg found '$(cat rg.out)'"; fail=$((fail + 1)); }
else
    echo "$suite: rg not installed (make bench-deps): the ripgrep checks are skipped"
fi
finish
