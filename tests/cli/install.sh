#!/usr/bin/env bash
# install.sh — what `make install` delivers: it installs into a temporary
# root (DESTDIR) the binary, library, headers, rule packs, both manual pages
# and the bash completion, and `make uninstall` removes them; the installed
# normlint finds its installed rules and checks the corpus exactly as the
# build does; the pages format without a warning (man, groff -ww, mandoc
# -Tlint), document every option that `normlint COMMAND --help` lists, and
# their complete example works; the completion completes commands, options,
# formats, profiles and rule ids, and knows every option of the --help texts.
#
# The binary under test ($1) answers --help; the install part uses what
# `make install` builds in a build directory of its own (PREFIX=/usr compiled in).
# shellcheck disable=SC2015,SC2154 # ok cannot fail; bin, root and tmp come from lib.sh
suite=install
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh" "$1"

ok() { pass=$((pass + 1)); }
bad() {
    echo "$suite: $*"
    fail=$((fail + 1))
}

commands="annotate audit check install-hook merge parse rules test-rules text"
dest=$tmp/root
inst=$dest/usr/bin/normlint
unset NORMLINT_RULES

# ---- make install / uninstall ----

# A clean make: not the flags and variables of a `make test` or `make asan`
# this runs under (BUILD=build/asan would install the sanitizer build), in a
# build directory of its own (PREFIX=/usr is compiled in; build/ stays as it is).
if env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u SAN -u OPT \
    make -C "$root" --no-print-directory -j2 install BUILD="$tmp/build" PREFIX=/usr DESTDIR="$dest" > make.log 2>&1; then
    ok
else
    bad "make install failed:"
    cat make.log
fi
installed="usr/bin/normlint usr/lib/libnormlint.a usr/include/normlint/normlint.h
    usr/share/normlint/rules/README.md usr/share/normlint/rules/power/penalty.yaml
    usr/share/normlint/rules/profiles/national.yaml usr/share/normlint/rules/data/repealed-laws.tsv
    usr/share/man/man1/normlint.1 usr/share/man/man5/normlint-rules.5
    usr/share/bash-completion/completions/normlint usr/share/doc/normlint/LICENSE usr/share/doc/normlint/README.md"
for f in $installed; do
    [ -f "$dest/$f" ] && ok || bad "make install did not install /$f"
done
[ -x "$inst" ] && ok || bad "the installed normlint is not executable"
for pair in doc/normlint.1:man/man1/normlint.1 doc/normlint-rules.5:man/man5/normlint-rules.5 \
    completion/normlint.bash:bash-completion/completions/normlint LICENSE:doc/normlint/LICENSE; do
    cmp -s "$root/${pair%%:*}" "$dest/usr/share/${pair#*:}" && ok || bad "/usr/share/${pair#*:} differs from ${pair%%:*}"
done

# ---- the installed normlint ----

# It finds the installed pack (DIR/../share/normlint/rules), not the source tree.
check "installed: rules show" 0 "" -- "$inst" rules show power.penalty.create
grep -q "来源：$dest/usr/share/normlint/rules/" out.txt && ok ||
    bad "the installed normlint does not read the installed rules: $(grep 来源 out.txt)"
check "installed: check the corpus" 1 - -- "$inst" check "$root/corpus"
cp out.txt installed.txt
grep -q ': error\[' installed.txt && ok || bad "the installed normlint found no error in the corpus"
"$bin" check "$root/corpus" > built.txt 2> /dev/null
cmp -s installed.txt built.txt && ok || {
    bad "the installed normlint and the binary under test report the corpus differently"
    diff built.txt installed.txt | head -20
}
check "installed: version" 0 "" -- "$inst" --version
check_out "installed: version text" "$("$bin" --version)"

# ---- --help and --version of the program under test ----

check "version" 0 "" -- "$bin" --version
grep -Eq '^normlint [0-9]+\.[0-9]+\.[0-9]+$' out.txt && ok || bad "--version prints '$(cat out.txt)'"
check "help" 0 "" -- "$bin" --help
for c in $commands; do
    check "$c --help" 0 "" -- "$bin" "$c" --help
    grep -q "^Usage: normlint $c" out.txt && ok || bad "'normlint $c --help' prints no usage line"
done

# ---- manual pages ----

for page in man1/normlint.1 man5/normlint-rules.5; do
    f=$dest/usr/share/man/$page
    [ -f "$f" ] || f=$root/doc/${page#*/}
    MANWIDTH=80 MANPAGER=cat PAGER=cat man -l "$f" > man.txt 2> man.err
    if [ -s man.txt ] && grep -q '^NAME' man.txt && [ ! -s man.err ]; then ok; else
        bad "man -l $page: $(wc -l < man.txt) lines, stderr: $(cat man.err)"
    fi
    out=$(groff -ww -man -Tutf8 "$f" 2>&1 > /dev/null)
    [ -z "$out" ] && ok || bad "groff -ww warns on $page:
$out"
    out=$(mandoc -Tlint -W warning "$f" 2>&1)
    [ -z "$out" ] && ok || bad "mandoc -Tlint warns on $page:
$out"
done

# The long options a --help text lists: its option table, and the [--x] of
# its usage lines (rules and test-rules have no table).
help_opts() {
    "$bin" "$@" --help > help.txt
    {
        sed -n -E 's/^ +(-[A-Za-z0-9], )?(--[a-z][a-z0-9-]*).*/\2/p' help.txt
        grep -E '^(Usage:|       normlint)' help.txt | grep -oE '\[--[a-z][a-z0-9-]*' | tr -d '['
    } | sort -u
}
# The text of normlint.1 without comments and with \- \fB \& ... undone.
page=$(sed -e '/^\.\\"/d' -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' -e 's/\\[&%]//g' "$root/doc/normlint.1")
# The subsection of a command: from .SS "normlint CMD" to the next heading.
page_section() {
    awk -v h=".SS \"normlint $1\"" '$0 == h { on = 1; next } on && /^\.S[HS] / { exit } on' <<< "$page"
}
has_opt() { grep -qE -- "(^|[^a-z-])$1([^a-z0-9-]|\$)"; }
checked=0
missing=""
for o in $(help_opts); do
    checked=$((checked + 1))
    has_opt "$o" <<< "$page" || missing="$missing normlint $o"
done
for c in $commands; do
    text=$(page_section "$c")
    [ -n "$text" ] || missing="$missing (no section .SS \"normlint $c\")"
    for o in $(help_opts "$c"); do
        checked=$((checked + 1))
        has_opt "$o" <<< "$text" || missing="$missing normlint-$c:$o"
    done
done
[ -z "$missing" ] && ok || bad "normlint.1 does not document:$missing"
[ "$checked" -ge 40 ] && ok || bad "only $checked options found in the --help texts: is the parsing broken?"

# The complete example of normlint-rules.5 (the example-file blocks) works:
# its pack passes test-rules and its config, profile and pack act on a draft.
mkdir -p ex/drafts ex/archive ex/our-rules
python3 - "$root/doc/normlint-rules.5" ex << 'EOF'
import re, sys
src = open(sys.argv[1], encoding="ascii").read()
blocks = re.findall(r'^\.\\" example-file (\S+)\n(.*?)^\.\\" example-end', src, re.S | re.M)
for name, body in blocks:
    text = "\n".join(l for l in body.split("\n") if not l.startswith("."))
    text = re.sub(r"\\\[u([0-9A-F]{4,5})\]", lambda m: chr(int(m.group(1), 16)), text)
    text = text.replace("\\(aq", "'").replace("\\-", "-").replace("\\&", "").replace("\\e", "\\")
    open(sys.argv[2] + "/" + name, "w", encoding="utf-8").write(text)
EOF
[ -s ex/our-rules/local.yaml ] && [ -s ex/jiangzhou.yaml ] && [ -s ex/.normlint.yaml ] && ok ||
    bad "normlint-rules.5: the example files were not found"
printf '江州市建筑垃圾运输管理办法\n第一条　为了规范我市建筑垃圾运输，制定本办法。\n第二条　本办法自2025年3月1日起施行，有效期4年。\n江州市人民政府\n2025年1月2日\n' > ex/drafts/a.txt
cp ex/drafts/a.txt ex/archive/old.txt
(cd ex && "$bin" test-rules our-rules/ > ../out.txt 2> ../err.txt)
[ "$(cat out.txt)" = "test-rules: 3 rules passed (12 examples), 0 problems" ] && ok ||
    bad "normlint-rules.5 example pack: $(cat out.txt err.txt)"
(cd ex && "$bin" check -q . > ../out.txt 2> ../err.txt)
grep -q 'drafts/a.txt:2:9: warning\[local.we-city\]' out.txt && grep -q 'info\[local.contact\]' out.txt &&
    grep -q 'time.validity.too-long\]: 有效期4年，超过3年的上限' out.txt && ! grep -q archive out.txt && ok ||
    bad "normlint-rules.5 example config: $(cat out.txt err.txt)"

# ---- bash completion ----

comp=$dest/usr/share/bash-completion/completions/normlint
[ -f "$comp" ] || comp=$root/completion/normlint.bash
# shellcheck source=../../completion/normlint.bash
. "$comp"
# rule ids come from `normlint rules list`: the installed normlint on PATH
PATH=$(dirname "$inst"):$(dirname "$bin"):$PATH
COMP_WORDBREAKS=$' \t\n"\'><=;|&(:'
touch draft.txt report.sarif

# complete WANT WORD... : the words as bash splits them, the last one under
# the cursor; WANT is the candidates, space-separated, in order
complete_is() {
    local want=$1
    shift
    COMP_WORDS=("$@")
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    COMP_LINE="$*"
    COMP_POINT=${#COMP_LINE}
    COMPREPLY=()
    _normlint normlint "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}" 2> /dev/null
    local got="${COMPREPLY[*]}"
    [ "$got" = "$want" ] && ok || bad "completion of '$*': got '$got', expected '$want'"
}
complete_is "check" normlint che
complete_is "--format" normlint check --for
complete_is "sarif" normlint check --format s
complete_is "sarif" normlint check --format = s
complete_is "report.sarif" normlint check -f sarif : rep
complete_is "report.sarif" normlint check --format = sarif : rep
complete_is "json jsonl" normlint audit --format j
complete_is "review json jsonl html" normlint merge -f ""
complete_is "summary" normlint parse -f s
complete_is "warning" normlint check --fail-on w
complete_is "error warning info" normlint install-hook --fail-on ""
complete_is "info" normlint check --min-severity i
complete_is "shaanxi" normlint check --profile s
complete_is "always auto" normlint check --color a
complete_is "list show" normlint rules ""
complete_is "power.penalty.create" normlint rules show power.penalty.crea
complete_is "power.penalty.create power.penalty.credit-sanction" normlint rules show power.penalty.c
complete_is "time.validity.too-long" normlint check --disable time.validity.t
complete_is "local.we-city" normlint check -r ex/our-rules --enable local.w
complete_is "rights.obligation" normlint check --enable = rights.ob
complete_is "--fail-on --force" normlint install-hook --f
complete_is "--baseline" normlint check --staged --base
complete_is "draft.txt" normlint dr
complete_is "-h --help -V --version" normlint -

# every long option of every --help is offered after `normlint CMD --`
for c in $commands; do
    COMP_WORDS=(normlint "$c" --)
    COMP_CWORD=2
    COMPREPLY=()
    _normlint normlint -- "$c" 2> /dev/null
    for o in $(help_opts "$c"); do
        case " ${COMPREPLY[*]} " in
        *" $o "*) ok ;;
        *) bad "the completion does not offer '$o' for '$c'" ;;
        esac
    done
done

# ---- make uninstall ----

if env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u SAN -u OPT \
    make -C "$root" --no-print-directory uninstall BUILD="$tmp/build" PREFIX=/usr DESTDIR="$dest" > make.log 2>&1; then
    ok
else
    bad "make uninstall failed:"
    cat make.log
fi
left=$(cd "$dest" && find . -type f)
[ -z "$left" ] && ok || bad "make uninstall left: $left"

finish
