#!/usr/bin/env bash
# The prefilter never changes a finding: the corpus, 120 generated drafts
# (TXT and DOCX, the benchmark's generator) and every rule example give the
# same results with the Hyperscan prefilter (the default when the build has
# it), without it (NORMLINT_PREFILTER=off: each pattern's own whole-document
# search) and with no filtering at all (none: every pattern in every unit).
suite=prefilter
source "$(dirname "$0")/lib.sh"
export XDG_CACHE_HOME="$tmp/cache"

same() { # name command... : the output in the three modes must be equal
    local name=$1 m
    shift
    for m in on off none; do
        NORMLINT_PREFILTER=$m "$@" > "$name.$m" 2>&1
        echo "exit=$?" >> "$name.$m"
    done
    if cmp -s "$name.on" "$name.off" && cmp -s "$name.on" "$name.none"; then
        pass=$((pass + 1))
    else
        echo "$suite: $name differs between prefilter modes"; diff "$name.on" "$name.none" | head -20
        fail=$((fail + 1))
    fi
}

# databases no run has used for a month are pruned when one is written
mkdir -p "$XDG_CACHE_HOME/normlint"
printf 'x' > "$XDG_CACHE_HOME/normlint/prefilter-old.hsdb" && touch -d '40 days ago' "$XDG_CACHE_HOME/normlint/prefilter-old.hsdb"
printf 'x' > "$XDG_CACHE_HOME/normlint/prefilter-used.hsdb" && touch -d '20 days ago' "$XDG_CACHE_HOME/normlint/prefilter-used.hsdb"
same corpus "$bin" check --no-config --format json -j 2 "$root/corpus"
[ ! -e "$XDG_CACHE_HOME/normlint/prefilter-old.hsdb" ] && [ -e "$XDG_CACHE_HOME/normlint/prefilter-used.hsdb" ] &&
    pass=$((pass + 1)) || { echo "$suite: pruning removed the wrong databases"; fail=$((fail + 1)); }
rm -f "$XDG_CACHE_HOME/normlint/prefilter-used.hsdb"
# a database in use is kept fresh: its time is refreshed when it is read
touch -d '40 days ago' "$XDG_CACHE_HOME"/normlint/prefilter-*.hsdb
NORMLINT_PREFILTER=on "$bin" check --no-config --format json "$root/corpus" > /dev/null 2>&1
[ -z "$(find "$XDG_CACHE_HOME/normlint" -name 'prefilter-*.hsdb' ! -newermt '1 hour ago')" ] && pass=$((pass + 1)) ||
    { echo "$suite: a database in use was not refreshed"; fail=$((fail + 1)); }
same examples "$bin" test-rules
grep -q "^test-rules: .* 0 problems" examples.on && pass=$((pass + 1)) || { echo "$suite: rule examples fail"; fail=$((fail + 1)); }
# the generator is built on its own (plain build: it only writes files)
if make -C "$root" --no-print-directory -s -j2 BUILD="$tmp/gb" SAN= OPT=-O2 "$tmp/gb/bench-gen" > make.log 2>&1; then
    "$tmp/gb/bench-gen" gen 120 11 both > /dev/null
    same generated "$bin" check --no-config --format json -j 2 gen
    [ "$(grep -c "\"status\": \"checked\"" generated.on)" = 240 ] && pass=$((pass + 1)) ||
        { echo "$suite: the generated drafts were not all checked"; fail=$((fail + 1)); }
else
    echo "$suite: cannot build the generator"; cat make.log; fail=$((fail + 1))
fi
# a second run reads the cached database: the same findings
same cached "$bin" check --no-config --format json -j 2 "$root/corpus"
cmp -s cached.on corpus.on && pass=$((pass + 1)) || { echo "$suite: the cached run differs"; fail=$((fail + 1)); }
# a corrupt cache file is not trusted: rebuilt, same findings
for f in "$XDG_CACHE_HOME"/normlint/prefilter-*.hsdb; do
    [ -f "$f" ] && printf 'garbage' | dd of="$f" bs=1 seek=40 conv=notrunc 2> /dev/null
done
NORMLINT_PREFILTER=on "$bin" check --no-config --format json -j 2 "$root/corpus" > corrupt.on 2>&1
echo "exit=$?" >> corrupt.on
cmp -s corrupt.on corpus.on && pass=$((pass + 1)) || { echo "$suite: a corrupt cache changed the findings"; fail=$((fail + 1)); }
# ... and the damaged file was replaced by a good one
if grep -l garbage "$XDG_CACHE_HOME"/normlint/prefilter-*.hsdb > /dev/null 2>&1; then
    echo "$suite: the damaged cache file was kept"; fail=$((fail + 1))
else
    pass=$((pass + 1))
fi
finish
