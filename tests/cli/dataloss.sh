#!/usr/bin/env bash
# No data loss: every file normlint writes (check -o and -f FMT:FILE reports,
# --write-baseline, --fix, annotate -o, rules --export-patterns, install-hook)
# goes through a temporary file in the target's directory and a rename. When
# the write fails — a full device (/dev/full), a file size limit (EFBIG, which
# root cannot bypass), a path through a regular file (existing-file/out, also
# root-proof), a path under /proc, a read-only directory (only as a user: root
# ignores permissions) — the run exits 2 with a message naming the file and
# the reason, leaves no temporary file behind, leaves an existing target
# byte-identical, and never touches its inputs.
suite=dataloss
. "$(dirname "$0")/lib.sh" "$1"
export NO_COLOR=1 NORMLINT_CACHE=off HOME="$tmp/home"
mkdir -p "$HOME"

cp "$root/corpus/02-jiangzhou-ebike-charging-measures.txt" in.txt
cp "$(ls "$root"/corpus/19-*.docx)" in.docx
# a text with fixes (文号 brackets, half-width punctuation), large enough to
# exceed the file size limits below
{
    printf '江州市建设工程施工扬尘污染防治规定\n江州环规[2024]7号\n'
    printf '第一条　为了防治扬尘污染,根据《中华人民共和国大气污染防治法》(以下简称《大气法》)等规定，制定本规定。\n'
    for i in $(seq 2 40); do printf '第%s条　施工单位应当按照标准控制扬尘，每日完成洒水。\n' "$i"; done
    printf '江州市生态环境局\n2024年5月8日\n'
} > fix.txt
inputs=$(sha256sum in.txt in.docx fix.txt)

# the writers; each takes the target path
w_report() { "$bin" check --no-config -q -o "$1" in.txt; }
w_json() { "$bin" check --no-config -q -f json:"$1" in.txt; }
w_baseline() { "$bin" check --no-config -q --write-baseline "$1" in.txt; }
w_annotate() { "$bin" annotate --no-config --force -o "$1" in.docx; }
w_export() { "$bin" rules --export-patterns "$1"; }
writers="report json baseline annotate export"
# what each says when the device is full (the reason in each)
declare -A full=(
    [report]="normlint: /dev/full: cannot write the text report: No space left on device"
    [json]="normlint: /dev/full: cannot write the json report: No space left on device"
    [baseline]="normlint: /dev/full: cannot write: No space left on device"
    [annotate]="normlint: /dev/full: cannot write the annotated copy: No space left on device"
    [export]="normlint: /dev/full: cannot write: No space left on device")
# and when the file size limit is hit writing the existing out/target
declare -A big=(
    [report]="normlint: out/target: cannot write the text report: File too large"
    [json]="normlint: out/target: cannot write the json report: File too large"
    [baseline]="normlint: out/target: cannot write: File too large (the file was left as it was)"
    [annotate]="normlint: out/target: cannot write the annotated copy: File too large"
    [export]="normlint: out/target: cannot write: File too large (the file was left as it was)")

# capped KIB COMMAND...: run with a file size limit (writes past it fail with
# EFBIG; SIGXFSZ is ignored). stderr goes through a pipe, which the limit
# does not touch, so the message itself still gets out.
capped() {
    local kib=$1
    shift
    (trap '' XFSZ; ulimit -f "$kib"; "$@") 2>&1 > /dev/null | cat >&2
    return "${PIPESTATUS[0]}"
}

# same_dir NAME DIR LISTING: DIR holds exactly LISTING (no temporary file)
same_dir() {
    local got
    got=$(cd "$2" && ls -A | tr '\n' ' ')
    if [ "$got" = "$3" ]; then pass=$((pass + 1)); else
        echo "$suite: $1: $2 holds '$got', expected '$3'"; fail=$((fail + 1)); fi
}
# same_file NAME FILE SHA256: FILE is byte-identical to what it was
same_file() {
    if [ "$(sha256sum < "$2")" = "$3" ]; then pass=$((pass + 1)); else
        echo "$suite: $1: $2 was changed"; fail=$((fail + 1)); fi
}

mkdir out
printf 'the previous content, which must survive\n' > out/target
old=$(sha256sum < out/target)
echo "a regular file" > afile
for w in $writers; do
    check "$w: /dev/full" 2 "${full[$w]}" -- "w_$w" /dev/full
    check "$w: path through a regular file" 2 "normlint: afile/out: cannot create a file in its directory: Not a directory" -- \
        "w_$w" afile/out
    check "$w: under /proc" 2 "normlint: /proc/nl-out: cannot create a file in its directory: No such file or directory" -- \
        "w_$w" /proc/nl-out
    check "$w: file size limit" 2 "${big[$w]}" -- capped 1 "w_$w" out/target
    same_file "$w: existing target kept" out/target "$old"
    same_dir "$w: no temporary file" out "target "
    # and the same writer succeeds where it can write
    "w_$w" out/new > /dev/null 2>&1
    if [ -s out/new ]; then pass=$((pass + 1)); else echo "$suite: $w: wrote nothing"; fail=$((fail + 1)); fi
    rm -f out/new
done

# a read-only directory: the permission error as a user; root bypasses it
if [ "$(id -u)" = 0 ]; then
    echo "$suite: running as root: read-only directory tests skipped (the file size limit, /proc and afile/ cases cover a write root cannot make)"
else
    mkdir ro
    cp out/target ro/target
    chmod 555 ro
    for w in $writers; do
        check "$w: read-only directory" 2 "normlint: ro/target: cannot create a file in its directory: Permission denied" -- \
            "w_$w" ro/target
        same_file "$w: read-only directory: target kept" ro/target "$old"
    done
    cp fix.txt ro-fix.txt 2> /dev/null
    chmod 755 ro
    cp fix.txt ro/fix.txt
    chmod 555 ro
    check "--fix: read-only directory" 2 - -- "$bin" check --no-config -q --fix ro/fix.txt
    same_dir "--fix: read-only directory: nothing left" ro "fix.txt target "
    chmod 755 ro
fi

# check --fix rewrites its input: when that fails, the input is as it was
cp fix.txt work.txt
sum=$(sha256sum < work.txt)
check "--fix: file size limit" 2 "normlint: $tmp/work.txt: cannot write: File too large (the file was left as it was)" -- \
    capped 1 "$bin" check --no-config -q --fix work.txt
same_file "--fix: input kept" work.txt "$sum"
mkdir fixdir
cp fix.txt fixdir/f.txt
check "--fix: file size limit, another directory" 2 - -- capped 1 "$bin" check --no-config -q --fix fixdir/f.txt
same_dir "--fix: no temporary file" fixdir "f.txt "
same_file "--fix: other input kept" fixdir/f.txt "$(sha256sum < fix.txt)"

# several reports: when one cannot be written, none is committed
printf 'old json\n' > out/r.json
check "two reports, one fails" 2 "normlint: /dev/full: cannot write the sarif report: No space left on device" -- \
    "$bin" check --no-config -q -f json:out/r.json -f sarif:/dev/full in.txt
same_file "two reports: the other kept" out/r.json "$(printf 'old json\n' | sha256sum)"
same_dir "two reports: no temporary file" out "r.json target "

# install-hook: the hook directory cannot be made; the hook cannot be written
if command -v git > /dev/null; then
    export GIT_CONFIG_NOSYSTEM=1 GIT_CEILING_DIRECTORIES="$tmp"
    unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE
    git init -q repo
    rm -rf repo/.git/hooks
    echo "not a directory" > repo/.git/hooks
    check "install-hook: hooks is a file" 2 "normlint install-hook: cannot create the hooks directory .git/hooks: Not a directory" -- \
        sh -c 'cd repo && exec "$0" install-hook' "$bin"
    rm repo/.git/hooks
    mkdir repo/.git/hooks
    (cd repo && "$bin" install-hook > /dev/null)
    hook=$(sha256sum < repo/.git/hooks/pre-commit)
    cd repo || exit 1
    # a limit of 0 (the hook is smaller than 1 KiB) stops valgrind itself:
    # under tests/valgrind/run.sh this one run is of the real binary
    check "install-hook: file size limit" 2 "normlint install-hook: .git/hooks/pre-commit: cannot write: File too large (the file was left as it was)" -- \
        capped 0 "${NL_TEST_EXE:-$bin}" install-hook --fail-on warning
    cd "$tmp" || exit 1
    same_file "install-hook: hook kept" repo/.git/hooks/pre-commit "$hook"
    same_dir "install-hook: no temporary file" repo/.git/hooks "pre-commit "
    if [ -x repo/.git/hooks/pre-commit ]; then pass=$((pass + 1)); else echo "$suite: hook lost its mode"; fail=$((fail + 1)); fi
else
    echo "$suite: git not installed: install-hook tests skipped"
fi

# the inputs were never touched
if [ "$(sha256sum in.txt in.docx fix.txt)" = "$inputs" ]; then pass=$((pass + 1)); else
    echo "$suite: an input was modified"; fail=$((fail + 1)); fi
same_dir "nothing stray in the working directory" . "afile err.txt fix.txt fixdir home in.docx in.txt out out.txt repo work.txt "

finish
