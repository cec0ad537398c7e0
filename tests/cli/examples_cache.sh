#!/usr/bin/env bash
# The cached verdict on rule examples (lib/rules/ruleset.c, examples_marker):
# a rule that passed its examples gets a marker under $XDG_CACHE_HOME, later
# runs skip its examples, and a change to the rule file or to a data table it
# reads, or a damaged marker, makes the examples run again; markers of past
# days are pruned. The parsed rule files are cached too (lib/rules/yaml.c):
# a tree serves the same results, and a damaged one is parsed again.
# NORMLINT_CACHE=off writes nothing.
suite=examples-cache
source "$(dirname "$0")/lib.sh"
export XDG_CACHE_HOME="$tmp/cache"
cp -r "$root/rules" r
export NORMLINT_RULES="$tmp/r"
printf '江州市某某管理办法\n第一条　根据《中华人民共和国合同法》等有关规定，制定本办法。\n' > d.txt
nrules=$(NORMLINT_CACHE=off "$bin" test-rules | sed -n 's/^test-rules: \([0-9]*\) rules passed.*/\1/p')
markers() { find "$XDG_CACHE_HOME/normlint" -name 'examples-*' 2> /dev/null | wc -l; }

check first-run 0 "" -- "$bin" check --no-config d.txt
cp out.txt first.out
[ "$(markers)" = "$nrules" ] && pass=$((pass + 1)) ||
    { echo "$suite: $(markers) markers after the first run, expected one per rule ($nrules)"; fail=$((fail + 1)); }
grep -q 'cite.repealed-law' first.out && pass=$((pass + 1)) || { echo "$suite: the finding is missing"; fail=$((fail + 1)); }
trees() { find "$XDG_CACHE_HOME/normlint" -name 'yaml-*' 2> /dev/null | wc -l; }
nfiles=$(find r -name '*.yaml' ! -path '*/profiles/*' | wc -l)
[ "$(trees)" = "$nfiles" ] && pass=$((pass + 1)) ||
    { echo "$suite: $(trees) parsed trees after the first run, expected one per rule file ($nfiles)"; fail=$((fail + 1)); }

# a second run reuses every marker (none rewritten) and reports the same
touch -d '1 hour ago' "$XDG_CACHE_HOME"/normlint/examples-*
check second-run 0 "" -- "$bin" check --no-config d.txt
cmp -s out.txt first.out && pass=$((pass + 1)) || { echo "$suite: the cached run differs"; fail=$((fail + 1)); }
[ -z "$(find "$XDG_CACHE_HOME/normlint" -name 'examples-*' -newermt '30 minutes ago')" ] && pass=$((pass + 1)) ||
    { echo "$suite: a marker was rewritten although nothing changed"; fail=$((fail + 1)); }

# a damaged marker is not trusted: the examples run and the marker is rewritten;
# writing it prunes the markers of past days (their keys hold the day), and
# nothing else
m=$(find "$XDG_CACHE_HOME/normlint" -name 'examples-*' | head -1)
printf 'garbage' > "$m"
printf 'x' > "$XDG_CACHE_HOME/normlint/examples-stale" && touch -d '3 days ago' "$XDG_CACHE_HOME/normlint/examples-stale"
printf 'x' > "$XDG_CACHE_HOME/normlint/examples-recent" && touch -d '1 day ago' "$XDG_CACHE_HOME/normlint/examples-recent"
printf 'x' > "$XDG_CACHE_HOME/normlint/unrelated" && touch -d '30 days ago' "$XDG_CACHE_HOME/normlint/unrelated"
check damaged-marker 0 "" -- "$bin" check --no-config d.txt
grep -q '^normlint .*: the examples of .* passed$' "$m" && pass=$((pass + 1)) ||
    { echo "$suite: the damaged marker was not rewritten: $(cat "$m")"; fail=$((fail + 1)); }
[ ! -e "$XDG_CACHE_HOME/normlint/examples-stale" ] && [ -e "$XDG_CACHE_HOME/normlint/examples-recent" ] &&
    [ -e "$XDG_CACHE_HOME/normlint/unrelated" ] && [ "$(markers)" = "$((nrules + 1))" ] && pass=$((pass + 1)) ||
    { echo "$suite: pruning removed the wrong files: $(ls "$XDG_CACHE_HOME/normlint" | grep -v '^examples-[0-9a-f]*$')"; fail=$((fail + 1)); }
rm -f "$XDG_CACHE_HOME/normlint/examples-recent" "$XDG_CACHE_HOME/normlint/unrelated"

# the data table a rule reads is part of the key: without 合同法 in the table
# the rule's bad examples no longer fire, and that is reported, not hidden
cp r/data/repealed-laws.tsv table.bak
grep -v '^中华人民共和国合同法	' table.bak > r/data/repealed-laws.tsv
check table-changed 2 "$tmp/r/cite/citations.yaml:21:9: rule error: rule cite.repealed-law, bad example 1: bad example produces no finding
$tmp/r/cite/citations.yaml:26:9: rule error: rule cite.repealed-law, bad example 2: bad example produces no finding
$tmp/r/cite/citations.yaml:54:9: rule error: rule cite.law-title-format, bad example 1: bad example produces no finding
normlint: the rule packs have errors; nothing was checked" -- "$bin" check --no-config d.txt
cp table.bak r/data/repealed-laws.tsv

# so is the rule file: a good example that now draws a finding is reported
sed -i 's/      - 依照《中华人民共和国合同法》的规定承担责任。/      - 依照《合同法》的规定承担责任。/' r/cite/citations.yaml
changed="$tmp/r/cite/citations.yaml:57:9: rule error: rule cite.law-title-format, good example 1: good example produces a finding at line 1 column 3: 《合同法》
normlint: the rule packs have errors; nothing was checked"
check rule-changed 2 "$changed" -- "$bin" check --no-config d.txt
# the second time from the parsed tree: the same lines and columns
check rule-changed-tree 2 "$changed" -- "$bin" check --no-config d.txt
cp -r "$root/rules/cite" r/

# back to the original files: the old markers serve again
before=$(markers)
check restored 0 "" -- "$bin" check --no-config d.txt
cmp -s out.txt first.out && pass=$((pass + 1)) || { echo "$suite: the restored run differs"; fail=$((fail + 1)); }
[ "$(markers)" = "$before" ] && pass=$((pass + 1)) || { echo "$suite: new markers for unchanged rules"; fail=$((fail + 1)); }

# a damaged or cut tree is not trusted: the file is parsed again, the tree
# rewritten (the trees of the changed file above are removed first: no run
# reads them again)
rm -f "$XDG_CACHE_HOME"/normlint/yaml-*
"$bin" check --no-config d.txt > /dev/null 2>&1
for t in "$XDG_CACHE_HOME"/normlint/yaml-*; do
    printf 'garbage' | dd of="$t" bs=1 seek=30 conv=notrunc 2> /dev/null
done
check damaged-trees 0 "" -- "$bin" check --no-config d.txt
cmp -s out.txt first.out && pass=$((pass + 1)) || { echo "$suite: the run over damaged trees differs"; fail=$((fail + 1)); }
[ -z "$(grep -l garbage "$XDG_CACHE_HOME"/normlint/yaml-*)" ] && pass=$((pass + 1)) ||
    { echo "$suite: a damaged tree was kept"; fail=$((fail + 1)); }
for t in "$XDG_CACHE_HOME"/normlint/yaml-*; do truncate -s 40 "$t"; done
check cut-trees 0 "" -- "$bin" check --no-config d.txt
cmp -s out.txt first.out && pass=$((pass + 1)) || { echo "$suite: the run over cut trees differs"; fail=$((fail + 1)); }

# NORMLINT_CACHE=off: nothing is written
export XDG_CACHE_HOME="$tmp/cache-off"
NORMLINT_CACHE=off "$bin" check --no-config d.txt > off.out 2>&1
cmp -s off.out first.out && pass=$((pass + 1)) || { echo "$suite: the uncached run differs"; fail=$((fail + 1)); }
[ ! -e "$tmp/cache-off" ] && pass=$((pass + 1)) || { echo "$suite: NORMLINT_CACHE=off wrote to the cache"; fail=$((fail + 1)); }

# an unwritable cache folder costs nothing but the cache
export XDG_CACHE_HOME="$tmp/file-not-dir"
: > "$tmp/file-not-dir"
check unwritable-cache 0 "" -- "$bin" check --no-config d.txt
cmp -s out.txt first.out && pass=$((pass + 1)) || { echo "$suite: the run without a cache differs"; fail=$((fail + 1)); }

# the prefilter's databases (issue 19): commands that do not scan build
# none; a small run uses those the cache holds but does not build them (that
# costs more than the run); a batch of 64 inputs or more builds and caches
# them, and later small runs use them; NORMLINT_PREFILTER=on always builds
dbs() { find "$XDG_CACHE_HOME/normlint" -name 'prefilter-*' 2> /dev/null | wc -l; }
expect_dbs() { # LABEL WANT: WANT is 0 or "some"
    local n
    n=$(dbs)
    if { [ "$2" = 0 ] && [ "$n" = 0 ]; } || { [ "$2" = some ] && [ "$n" -gt 0 ]; }; then
        pass=$((pass + 1))
    else
        echo "$suite: $1: $n prefilter databases, expected $2"
        fail=$((fail + 1))
    fi
}
if "$bin" --version | grep -q hyperscan || ldd "$bin" 2> /dev/null | grep -q libhs; then
    export XDG_CACHE_HOME="$tmp/cache-pf"
    "$bin" rules list > /dev/null 2>&1
    "$bin" rules show cite.repealed-law > /dev/null 2>&1
    "$bin" --help > /dev/null 2>&1
    expect_dbs "rules list, rules show, --help" 0
    check small-run 0 "" -- "$bin" check --no-config d.txt
    cmp -s out.txt first.out && pass=$((pass + 1)) || { echo "$suite: the run without databases differs"; fail=$((fail + 1)); }
    expect_dbs "a check of one draft on an empty cache" 0
    mkdir batch
    for i in $(seq 1 64); do cp d.txt "batch/d$i.txt"; done
    "$bin" check --no-config -q batch > batch.out 2>&1
    expect_dbs "a check of 64 drafts" some
    check small-run-cached 0 "" -- "$bin" check --no-config d.txt
    cmp -s out.txt first.out && pass=$((pass + 1)) || { echo "$suite: the run with databases differs"; fail=$((fail + 1)); }
    export XDG_CACHE_HOME="$tmp/cache-pf-on"
    NORMLINT_PREFILTER=on "$bin" check --no-config d.txt > /dev/null 2>&1
    expect_dbs "NORMLINT_PREFILTER=on" some
fi

echo "$suite: $pass passed, $fail failed"
[ "$fail" = 0 ]
