#!/usr/bin/env bash
# Rebuild the DOCX and ODT drafts of corpus/ from their sources here with
# LibreOffice (Debian: apt-get install libreoffice-writer-nogui). Run from the
# repository root: corpus/src/build.sh. The outputs are committed, so tests
# never need LibreOffice.
set -eu
cd "$(dirname "$0")"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
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
