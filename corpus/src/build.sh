#!/usr/bin/env bash
# Rebuild the DOCX, ODT and PDF drafts of corpus/ from their sources here with
# LibreOffice (Debian: apt-get install libreoffice-writer-nogui; the PDFs also
# want a CJK font, fonts-wqy-zenhei, as a drafting office has its own). Run
# from the repository root: corpus/src/build.sh [office|pdf] (default both).
# The outputs are committed, so tests never need LibreOffice.
#
# The PDFs come from the plain-text drafts NAME.draft (UTF-8, one paragraph a
# line; not .txt, so that a walk of corpus/ does not check them twice):
#   24  laid out as an official document by txt2fodt.py (running header,
#       page numbers "— N —", indented paragraphs, one crossing a page break),
#       then printed to PDF;
#   25  opened as plain text, as a text version of a draft is, then printed.
# `normlint text` of each PDF must give its .draft back exactly (tests/cli/pdf.sh).
set -eu
cd "$(dirname "$0")"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
what=${1:-all}
if [ "$what" != pdf ]; then
    for src in 19-jiangzhou-night-market-measures 20-jiangzhou-waste-sorting-notice 27-jiangzhou-shared-ebike-parking-measures; do
        soffice --headless --convert-to docx --outdir "$out" "$src.fodt" > /dev/null
        cp "$out/$src.docx" "../$src.docx"
    done
    soffice --headless --convert-to odt --outdir "$out" 20-jiangzhou-waste-sorting-notice.fodt > /dev/null
    cp "$out/20-jiangzhou-waste-sorting-notice.odt" ../21-jiangzhou-waste-sorting-notice.odt
    soffice --headless --convert-to odt --outdir "$out" 27-jiangzhou-shared-ebike-parking-measures.fodt > /dev/null
    cp "$out/27-jiangzhou-shared-ebike-parking-measures.odt" ../28-jiangzhou-shared-ebike-parking-measures.odt
    soffice --headless --convert-to doc --outdir "$out" 27-jiangzhou-shared-ebike-parking-measures.fodt > /dev/null
    cp "$out/27-jiangzhou-shared-ebike-parking-measures.doc" ../29-jiangzhou-shared-ebike-parking-measures.doc
    echo "built: 19 (docx), 20 (docx), 21 (odt), 27 (docx), 28 (odt), 29 (doc)"
fi
[ "$what" = office ] && exit 0
official=24-jiangzhou-street-vending-measures
plain=25-jiangzhou-travel-agency-notice
python3 txt2fodt.py "$official.draft" "$out/$official.fodt" "江州市人民政府规范性文件（征求意见稿）"
cp "$plain.draft" "$out/$plain.txt"
soffice --headless --convert-to pdf --outdir "$out" "$out/$official.fodt" "$out/$plain.txt" > /dev/null
cp "$out/$official.pdf" "$out/$plain.pdf" ..
echo "built: 24 (pdf), 25 (pdf)"
