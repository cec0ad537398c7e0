#!/usr/bin/env bash
# Hook tests in temporary git repositories: (a) the plain git pre-commit hook
# of `normlint install-hook`, which runs `normlint check --staged` on the
# index; (b) the pre-commit framework with the hook of .pre-commit-hooks.yaml
# (skipped when `pre-commit` is not installed). A commit of a defective
# draft must be refused with the findings shown, a clean one must pass.
suite=hooks
. "$(dirname "$0")/lib.sh" "$1"

# git must see neither the caller's config nor a repository the suite runs in
# (it may itself run from a hook, with GIT_DIR and GIT_INDEX_FILE set).
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_PREFIX GIT_OBJECT_DIRECTORY GIT_ALTERNATE_OBJECT_DIRECTORIES \
    GIT_COMMON_DIR GIT_NAMESPACE GIT_CONFIG GIT_CONFIG_PARAMETERS GIT_CONFIG_COUNT
export HOME="$tmp/home" GIT_CONFIG_NOSYSTEM=1 GIT_CEILING_DIRECTORIES="$tmp" NO_COLOR=1
mkdir -p "$HOME"

if ! command -v git > /dev/null; then
    skip_suite "git is not installed"
fi

clean=$root/corpus/01-linchuan-elderly-care-facilities-measures.txt
defective=$root/corpus/02-jiangzhou-ebike-charging-measures.txt
warned=$root/corpus/11-jiangzhou-after-school-interim-measures.txt # one warning, no error
docx=$(ls "$root"/corpus/19-*.docx)

# ok NAME COMMAND...: the command must succeed
ok() {
    local name=$1
    shift
    if "$@"; then
        pass=$((pass + 1))
    else
        echo "$suite: $name: failed: $*"
        fail=$((fail + 1))
    fi
}

# has NAME FILE STRING: FILE holds the line STRING (fixed string, whole line)
has() {
    if grep -qxF -- "$3" "$2"; then
        pass=$((pass + 1))
    else
        echo "$suite: $1: no line '$3' in"
        cat "$2"
        fail=$((fail + 1))
    fi
}

# findings FILE: the finding lines of a text report (PATH:LINE:COL: SEV[RULE]: ...)
findings() {
    grep -E ':[0-9]+:[0-9]+: (error|warning|info)\[' "$1" | sed 's/\x1b\[[0-9;]*m//g' | sort
}

# same_findings NAME DOC_PATH OUTPUT: OUTPUT shows exactly the findings that
# `normlint check DOC_PATH` reports for the working file (run from the top)
same_findings() {
    local name=$1 doc=$2 output=$3 want got
    want=$(cd "$(git rev-parse --show-toplevel)" && "$bin" check -q --color never "$doc" | sort)
    got=$(findings "$output")
    if [ -n "$want" ] && [ "$want" = "$got" ]; then
        pass=$((pass + 1))
    else
        echo "$suite: $name: findings differ"; echo "--- expected"; echo "$want"; echo "--- got"; echo "$got"
        fail=$((fail + 1))
    fi
}

# newrepo DIR: an empty repository with a local identity; cd into it
newrepo() {
    git init -q "$1" && cd "$1" || exit 1
    git config user.name "Normlint Test"
    git config user.email "test@normlint.invalid"
    git config commit.gpgsign false
}

no_commit() { ! git rev-parse -q --verify HEAD > /dev/null; }
head_is() { [ "$(git log -1 --format=%s)" = "$1" ]; }

# ---------------------------------------------------------------- (a) git hook
newrepo "$tmp/plain"
check "install-hook" 0 "" -- "$bin" install-hook
check_out "install-hook says where" \
    "normlint: installed the pre-commit hook .git/hooks/pre-commit (commits with findings at or above the fail-on of .normlint.yaml, by default error, are refused)"
ok "hook is executable" test -x .git/hooks/pre-commit
# NL_TEST_EXE: what /proc/self/exe names when $bin is a wrapper (valgrind)
ok "hook calls the binary under test" grep -qF "normlint='${NL_TEST_EXE:-$bin}'" .git/hooks/pre-commit
ok "hook runs check --staged" grep -qxF '"$normlint" check --staged' .git/hooks/pre-commit
ok "hook says how to bypass it" grep -qF "git commit --no-verify" .git/hooks/pre-commit
ok "hook is POSIX sh" sh -n .git/hooks/pre-commit

# a defective draft is refused with its findings; nothing is committed
cp "$defective" draft.txt
git add draft.txt
check "defective draft refused" 1 - -- git commit -q -m defective
has "penalty finding shown" err.txt "draft.txt:36:41: error[power.penalty.create]: 规范性文件不得设定行政处罚，此处规定了“处二百元以上五百元以下罚款”。"
ok "licence finding shown" grep -qF "draft.txt:18:28: error[power.licence.create]: " err.txt
same_findings "all findings of the draft shown" draft.txt err.txt
ok "nothing committed" no_commit
ok "the hook says the commit was refused and how to bypass it" grep -qF "pre-commit: normlint refused the commit: the staged documents have findings at or above the fail-on severity (listed above). Fix them, or bypass this hook once with: git commit --no-verify" err.txt

# check --staged itself: the findings on stdout, exit 1
check "check --staged" 1 "" -- "$bin" check --staged
same_findings "check --staged findings" draft.txt out.txt

# a clean draft passes
git rm -q --cached draft.txt
cp "$clean" clean.txt
git add clean.txt
check "clean draft commits" 0 - -- git commit -q -m clean
ok "clean draft committed" head_is clean
check "check --staged with nothing staged" 0 "" -- "$bin" check --staged

# the hook checks the index, not the work tree: clean staged, defective
# working copy → passes, and the committed blob is the clean one
cp "$clean" doc.txt
git add doc.txt
cp "$defective" doc.txt
check "clean index, defective work tree" 0 - -- git commit -q -m staged-clean
ok "clean index committed" head_is staged-clean
ok "committed content is the staged one" cmp -s "$clean" <(git show HEAD:doc.txt)

# ... and the reverse: defective staged, working copy fixed → refused
git add doc.txt
cp "$clean" doc.txt
check "defective index, clean work tree" 1 - -- git commit -q -m staged-defective
ok "defective index shown" grep -qF "doc.txt:36:41: error[power.penalty.create]: " err.txt
ok "defective index not committed" head_is staged-clean
git reset -q doc.txt

# git commit -a and git commit PATH build a temporary index (GIT_INDEX_FILE):
# the hook must see what is about to be committed
cp "$defective" doc.txt
check "commit -a with a defective work tree" 1 - -- git commit -q -a -m all
ok "commit -a shows the findings" grep -qF "doc.txt:36:41: error[power.penalty.create]: " err.txt
check "commit PATH with a defective work tree" 1 - -- git commit -q -m path doc.txt
ok "commit PATH shows the findings" grep -qF "doc.txt:36:41: error[power.penalty.create]: " err.txt
ok "neither committed" head_is staged-clean
check "--no-verify bypasses the hook" 0 - -- git commit -q --no-verify -a -m bypass
ok "bypass committed" head_is bypass
cp "$clean" doc.txt
git commit -q --no-verify -a -m restore

# names with spaces and Chinese characters, in a subdirectory; the commit and
# check --staged run from the subdirectory, paths are relative to the top
mkdir -p "法规/草 案"
cp "$defective" "法规/草 案/第二稿 征求意见.txt"
git add "法规"
cd "法规/草 案" || exit 1
check "Chinese name refused" 1 - -- git commit -q -m chinese
ok "Chinese name: finding with the path from the top" grep -qF \
    "法规/草 案/第二稿 征求意见.txt:36:41: error[power.penalty.create]: " err.txt
same_findings "Chinese name: all findings" "法规/草 案/第二稿 征求意见.txt" err.txt
check "check --staged from a subdirectory" 1 "" -- "$bin" check --staged
ok "check --staged from a subdirectory: top-relative paths" grep -qF \
    "法规/草 案/第二稿 征求意见.txt:36:41: error[power.penalty.create]: " out.txt
cd "$tmp/plain" || exit 1
git rm -q -r --cached "法规"
rm -rf "法规"

# a newline in a name (git's -z list carries it)
nl_name=$(printf 'line\nbreak.txt')
cp "$defective" "$nl_name"
git add "$nl_name"
check "newline in a name refused" 1 - -- git commit -q -m newline
ok "newline in a name: findings shown" grep -qF "break.txt:36:41: error[power.penalty.create]: " err.txt
git rm -q --cached "$nl_name"
rm -f "$nl_name"

# a DOCX is read from its staged blob too
cp "$docx" "夜市 管理办法.docx"
git add "夜市 管理办法.docx"
check "DOCX refused" 1 - -- git commit -q -m docx
ok "DOCX finding shown" grep -qF "夜市 管理办法.docx:9:17: error[power.licence.create]: " err.txt
same_findings "DOCX: all findings" "夜市 管理办法.docx" err.txt
git rm -q --cached "夜市 管理办法.docx"

# files normlint does not read are not checked; renames are
printf '对个人处二百元以上五百元以下罚款。\n' > notes.md
git add notes.md
check "unsupported file not checked" 0 - -- git commit -q -m notes
git mv clean.txt renamed.txt
check "clean rename commits" 0 - -- git commit -q -m rename
ok "rename committed" head_is rename

# --fail-on: the hook passes it on
cp "$warned" warned.txt
git add warned.txt
check "warnings pass with --fail-on error" 0 - -- git commit -q -m warned
cp "$warned" warned2.txt
git add warned2.txt
check "reinstall with --fail-on warning" 0 "" -- "$bin" install-hook --fail-on warning
ok "reinstall keeps no backup of its own hook" test ! -e .git/hooks/pre-commit.bak
ok "hook has --fail-on warning" grep -qxF '"$normlint" check --staged --fail-on warning' .git/hooks/pre-commit
check "warnings refused with --fail-on warning" 1 - -- git commit -q -m warned2
ok "warning shown" grep -qE '^warned2\.txt:[0-9]+:[0-9]+: warning\[' err.txt
git rm -q --cached warned2.txt
# the hook without --fail-on follows .normlint.yaml: fail-on and baseline
check "reinstall without --fail-on" 0 - -- "$bin" install-hook
git add warned2.txt
printf 'fail-on: warning\n' > .normlint.yaml
check "config fail-on: warning refuses through the hook" 1 - -- git commit -q -m warned2
"$bin" check -q --write-baseline .normlint-baseline.json warned2.txt 2> /dev/null
printf 'fail-on: warning\nbaseline: .normlint-baseline.json\n' > .normlint.yaml
check "config baseline lets the hook pass" 0 - -- git commit -q -m warned2
ok "baselined commit made" head_is warned2
rm .normlint.yaml .normlint-baseline.json

# a hook normlint did not write is not replaced without --force
newrepo "$tmp/foreign"
printf '#!/bin/sh\necho foreign hook\nexit 0\n' > .git/hooks/pre-commit
chmod 700 .git/hooks/pre-commit
cp .git/hooks/pre-commit "$tmp/foreign-hook"
check "foreign hook refused" 2 "normlint install-hook: .git/hooks/pre-commit exists and was not written by normlint; use --force to replace it (its content is then kept as .git/hooks/pre-commit.bak), or call 'normlint check --staged' from it" -- "$bin" install-hook
ok "foreign hook untouched" cmp -s "$tmp/foreign-hook" .git/hooks/pre-commit
check "--force replaces it" 0 "" -- "$bin" install-hook --force
check_out "--force says where the old hook went" \
    "normlint: installed the pre-commit hook .git/hooks/pre-commit (commits with findings at or above the fail-on of .normlint.yaml, by default error, are refused)
normlint: the previous hook is kept as .git/hooks/pre-commit.bak"
ok "backup has the old content" cmp -s "$tmp/foreign-hook" .git/hooks/pre-commit.bak
ok "backup keeps the old mode" test "$(stat -c %a .git/hooks/pre-commit.bak)" = 700
ok "new hook mode 0755" test "$(stat -c %a .git/hooks/pre-commit)" = 755
cp "$tmp/foreign-hook" .git/hooks/pre-commit
check "--force again keeps both backups" 0 - -- "$bin" install-hook --force
ok "second backup is .bak.1" cmp -s "$tmp/foreign-hook" .git/hooks/pre-commit.bak.1
cp "$defective" draft.txt
git add draft.txt
check "forced hook works" 1 - -- git commit -q -m defective
ok "forced hook shows findings" grep -qF "draft.txt:36:41: error[power.penalty.create]: " err.txt

# REPO argument, core.hooksPath, worktrees
cd "$tmp" || exit 1
newrepo "$tmp/hookspath"
git config core.hooksPath .githooks
cd "$tmp" || exit 1
check "REPO argument with core.hooksPath" 0 "" -- "$bin" install-hook "$tmp/hookspath"
check_out "core.hooksPath honoured" "normlint: installed the pre-commit hook $tmp/hookspath/.githooks/pre-commit (commits with findings at or above the fail-on of .normlint.yaml, by default error, are refused)"
cd "$tmp/hookspath" || exit 1
cp "$defective" draft.txt
git add draft.txt
check "core.hooksPath hook refuses" 1 - -- git commit -q -m defective
ok "core.hooksPath hook shows findings" grep -qF "draft.txt:36:41: error[power.penalty.create]: " err.txt

newrepo "$tmp/main-wt"
cp "$clean" clean.txt
git add clean.txt
git commit -q -m init
git worktree add -q "$tmp/linked-wt" 2> /dev/null
cd "$tmp/linked-wt" || exit 1
check "install-hook in a linked worktree" 0 - -- "$bin" install-hook
ok "worktree hook goes to the common hooks dir" test -x "$tmp/main-wt/.git/hooks/pre-commit"
cp "$defective" draft.txt
git add draft.txt
check "worktree commit refused" 1 - -- git commit -q -m defective
ok "worktree findings shown" grep -qF "draft.txt:36:41: error[power.penalty.create]: " err.txt

# the hook falls back to normlint on PATH when the installing binary is gone
# (a copy of a wrapper would still run the real binary: not under valgrind)
if [ -n "${NL_TEST_EXE:-}" ]; then
    echo "$suite: binary is a wrapper (NL_TEST_EXE): fallback-to-PATH tests skipped"
else
mkdir -p "$tmp/gone" "$tmp/pathbin"
cp "$bin" "$tmp/gone/normlint"
ln -s "$bin" "$tmp/pathbin/normlint"
newrepo "$tmp/fallback"
"$tmp/gone/normlint" install-hook > /dev/null
ok "hook names the installing binary" grep -qF "normlint='$tmp/gone/normlint'" .git/hooks/pre-commit
rm -f "$tmp/gone/normlint"
cp "$defective" draft.txt
git add draft.txt
check "fallback to PATH refuses" 1 - -- env PATH="$tmp/pathbin:$PATH" git commit -q -m defective
ok "fallback to PATH shows findings" grep -qF "draft.txt:36:41: error[power.penalty.create]: " err.txt
gitdir=$(dirname "$(command -v git)")
if ! PATH="$gitdir:/usr/bin:/bin" command -v normlint > /dev/null; then
    check "no normlint at all refuses" 1 - -- env PATH="$gitdir:/usr/bin:/bin" git commit -q -m defective
    ok "no normlint at all says so" grep -qF "pre-commit: normlint not found ($tmp/gone/normlint, nor on PATH)" err.txt
fi
fi

# errors outside a repository
mkdir -p "$tmp/norepo"
cd "$tmp/norepo" || exit 1
check "install-hook outside a repository" 2 - -- "$bin" install-hook
ok "install-hook outside: message" grep -qF "normlint install-hook: .: not inside a git work tree" err.txt
check "check --staged outside a repository" 2 - -- "$bin" check --staged
ok "check --staged outside: message" grep -qF "normlint check --staged: not inside a git work tree" err.txt
check_out "check --staged outside: no report on stdout" ""
check "install-hook in a bare repository" 2 - -- sh -c 'git init -q --bare b.git && "$0" install-hook b.git' "$bin"
ok "bare: message" grep -qF "normlint install-hook: b.git: not inside a git work tree" err.txt
check "install-hook bad --fail-on" 2 "normlint install-hook: --fail-on needs error, warning or info, not 'fatal'
Try 'normlint install-hook --help'." -- "$bin" install-hook --fail-on fatal
check "install-hook two repositories" 2 "normlint install-hook: one repository at most, not 2
Try 'normlint install-hook --help'." -- "$bin" install-hook a b
check "install-hook --help" 0 "" -- "$bin" install-hook --help
check "check --staged without git" 2 - -- env PATH="$tmp/pathbin" "$bin" check --staged
ok "without git: message" grep -qF "normlint check --staged: cannot run git: " err.txt

# ------------------------------------------------------ (b) pre-commit framework
if ! command -v pre-commit > /dev/null; then
    skip_part "pre-commit framework tests skipped: pre-commit is not installed (apt-get install pre-commit)"
    finish
    exit
fi
# local hooks only: no network, no cache outside $tmp (a proxy that refuses
# connections makes any download attempt fail loudly)
export PRE_COMMIT_HOME="$tmp/pc-home" http_proxy=http://127.0.0.1:9 https_proxy=http://127.0.0.1:9
export HTTP_PROXY=$http_proxy HTTPS_PROXY=$https_proxy

check "framework: .pre-commit-hooks.yaml is a valid manifest" 0 - -- pre-commit validate-manifest "$root/.pre-commit-hooks.yaml"

# the README's snippet as a user copies it: repo is this repository, rev as
# written, which must be the tag of this version; normlint found on PATH
snippet=$(sed -n '/^repos:$/,/^```$/p' "$root/README.md" | sed '$d')
rev=$(printf '%s\n' "$snippet" | sed -n 's/^ *rev: *//p')
ok "README snippet names a rev" test -n "$rev"
ok "README rev is v + normlint --version" test "$rev" = "v$("$bin" --version | cut -d' ' -f2)"
if git -C "$root" rev-parse -q --verify "refs/tags/$rev" > /dev/null; then
    ok "the tag $rev is annotated" test "$(git -C "$root" cat-file -t "refs/tags/$rev")" = tag
    userev=$rev
else
    # a clone made without tags (a single-branch CI checkout): the snippet is
    # run at this commit instead, and the tag's existence is said, not assumed
    echo "$suite: note: this clone has no tag $rev; the README snippet runs at HEAD"
    userev=$(git -C "$root" rev-parse HEAD)
fi
mkdir -p "$tmp/onpath"
ln -s "$bin" "$tmp/onpath/normlint"
newrepo "$tmp/snippet"
printf '%s\n' "$snippet" | sed -e "s|URL-OR-PATH-OF-THIS-REPOSITORY|$root|" -e "s|rev: .*|rev: $userev|" > .pre-commit-config.yaml
git add .pre-commit-config.yaml
git commit -q -m config
check "README snippet: pre-commit install" 0 - -- pre-commit install
cp "$defective" draft.txt
git add draft.txt
check "README snippet: defective draft refused" 1 - -- env PATH="$tmp/onpath:$PATH" git commit -q -m defective
cat out.txt err.txt > both.txt
ok "README snippet: the penalty finding shown" grep -qF "draft.txt:36:41: error[power.penalty.create]: " both.txt
git rm -q --cached draft.txt
rm draft.txt
cp "$clean" clean.txt
git add clean.txt
check "README snippet: clean draft commits" 0 - -- env PATH="$tmp/onpath:$PATH" git commit -q -m clean
ok "README snippet: committed" head_is clean
cd "$tmp" || exit 1

newrepo "$tmp/framework"
# the hook exactly as .pre-commit-hooks.yaml defines it, as a `repo: local`
# hook (our checkout may have uncommitted changes, so no `rev:`), with the
# entry pointing at the binary under test
{
    printf 'repos:\n  - repo: local\n    hooks:\n'
    sed -e '/^[[:space:]]*#/d' -e '/^[[:space:]]*$/d' \
        -e "s|^\\([[:space:]]*\\)entry: normlint check[[:space:]]*\$|\\1entry: \"'$bin' check\"|" \
        -e 's/^/      /' "$root/.pre-commit-hooks.yaml"
} > .pre-commit-config.yaml
ok "config uses the binary under test" grep -qF "entry: \"'$bin' check\"" .pre-commit-config.yaml
git add .pre-commit-config.yaml
git commit -q -m config
check "pre-commit install" 0 "" -- pre-commit install
ok "pre-commit hook installed" test -x .git/hooks/pre-commit

cp "$defective" draft.txt
git add draft.txt
check "framework: defective draft refused" 1 - -- git commit -q -m defective
cat out.txt err.txt > both.txt
ok "framework: hook failed" grep -qE '^normlint.*Failed$' both.txt
has "framework: penalty finding shown" both.txt "draft.txt:36:41: error[power.penalty.create]: 规范性文件不得设定行政处罚，此处规定了“处二百元以上五百元以下罚款”。"
same_findings "framework: all findings" draft.txt both.txt
ok "framework: nothing committed" head_is config
git rm -q --cached draft.txt
rm draft.txt

cp "$clean" "清洁 草案.txt"
git add "清洁 草案.txt"
check "framework: clean draft commits" 0 - -- git commit -q -m clean
ok "framework: clean committed" head_is clean

# pre-commit stashes unstaged changes: the staged content is what is checked
cp "$clean" doc.txt
git add doc.txt
cp "$defective" doc.txt
check "framework: clean index, defective work tree" 0 - -- git commit -q -m staged-clean
ok "framework: work tree restored" cmp -s "$defective" doc.txt
cp "$clean" doc.txt

# the files regex picks up .docx (pre-commit's tags do not know it), in any case
cp "$docx" "夜市.docx"
cp "$docx" "SHOUTING.DOCX"
check "framework: run --files X.docx" 1 - -- pre-commit run --files "夜市.docx" "SHOUTING.DOCX"
ok "framework: docx finding" grep -qF "夜市.docx:9:17: error[power.licence.create]: " out.txt
ok "framework: DOCX finding" grep -qF "SHOUTING.DOCX:9:17: error[power.licence.create]: " out.txt
printf '对个人处二百元以上五百元以下罚款。\n' > notes.md
check "framework: other files are not passed" 0 - -- pre-commit run --files notes.md
ok "framework: no files to check" grep -qE '^normlint.*\(no files to check\)Skipped$' out.txt

finish
