#!/usr/bin/env bash
# The scripted pipelines normlint is compared with (tests/bench/run.sh times
# each as one command). Output goes to stdout, as a user's script would send
# it on to the next tool.
#
#   peers.sh rg-each PATTERNS DIR      ripgrep once per pattern line (-e PAT), every match
#   peers.sh docx2txt JOBS LIST        docx2txt FILE - for each file of LIST, JOBS at a time
#   peers.sh pandoc JOBS LIST          pandoc -t plain FILE for each file of LIST, JOBS at a time
#   peers.sh pdftotext JOBS LIST       pdftotext FILE - (plain text) for each file of LIST, JOBS at a time
#   peers.sh pdftotext-bbox JOBS LIST  pdftotext -bbox FILE - (what normlint reads), JOBS at a time
set -u
what=$1
shift
case $what in
rg-each)
    while IFS= read -r p; do
        rg -o -n --column -e "$p" "$2"
    done < "$1"
    ;;
docx2txt)
    # docx2txt is a Perl script that runs unzip per file: running JOBS at once
    # is the fastest way to use it, and uses the cores normlint -jJOBS uses.
    tr '\n' '\0' < "$2" | xargs -0 -P "$1" -I{} docx2txt {} -
    ;;
pandoc)
    tr '\n' '\0' < "$2" | xargs -0 -P "$1" -I{} pandoc -f docx -t plain {}
    ;;
pdftotext)
    tr '\n' '\0' < "$2" | xargs -0 -P "$1" -I{} pdftotext -enc UTF-8 {} -
    ;;
pdftotext-bbox)
    tr '\n' '\0' < "$2" | xargs -0 -P "$1" -I{} pdftotext -bbox -nodiag -enc UTF-8 {} -
    ;;
*)
    echo "peers.sh: unknown peer '$what'" >&2
    exit 2
    ;;
esac
