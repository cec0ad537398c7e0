# targets.sh — sourced by run.sh and replay.sh: the fixtures of the tree that
# seed each fuzz target (read in place, never written) and its libFuzzer
# options. The list of targets is FUZZ_TARGETS in the Makefile.

# fuzz_seeds ROOT TARGET: the seed files of TARGET, one per line: fixtures of
# the tree, then the hand-written tests/fuzz/seeds/TARGET/*.
fuzz_seeds() {
    local root=$1 t=$2 f
    local globs=()
    case $t in
    text | structure | check) globs=("$root"/corpus/*.txt) ;;
    docx) globs=("$root"/corpus/*.docx) ;;
    odt) globs=("$root"/corpus/*.odt) ;;
    ofd) globs=("$root"/corpus/*.ofd "$root"/tests/ofd/*.ofd) ;;
    xml) globs=("$root"/corpus/*.xml "$root"/corpus/src/*.fodt) ;;
    xmlscan) globs=("$root"/corpus/*.xml "$root"/corpus/src/*.fodt "$root"/tests/fuzz/seeds/xml/*) ;;
    html) globs=("$root"/corpus/*.html) ;;
    pdf) ;; # pdftotext's output of the corpus PDFs: tests/fuzz/seeds/pdf/
    rules) globs=("$root"/rules/*/*.yaml) ;;
    register) globs=("$root"/corpus/register.csv) ;;
    merge) globs=("$root"/tests/golden/audit/*.jsonl) ;;
    esac
    globs+=("$root"/tests/fuzz/seeds/"$t"/*)
    [ "$t" = check ] && globs+=("$root"/tests/fuzz/seeds/structure/*)
    for f in "${globs[@]}"; do
        [ -f "$f" ] && printf '%s\n' "$f"
    done
    return 0
}

# libFuzzer options per target beyond the common ones.
fuzz_options() {
    case $1 in
    rules) echo "-max_len=65536" ;;
    structure | check) echo "-max_len=65536 -dict=$2/tests/fuzz/structure.dict" ;;
    register | merge) echo "-max_len=65536" ;;
    *) echo "-max_len=262144" ;;
    esac
}
