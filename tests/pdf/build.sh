#!/usr/bin/env bash
# Rebuild the PDFs of tests/pdf/ with real tools (Debian: libreoffice-writer-
# nogui, fonts-wqy-zenhei, qpdf, poppler-utils). Run from anywhere:
# tests/pdf/build.sh [NORMLINT]. The outputs are committed, so tests never need
# these tools (only pdftotext).
#
#   agreement/plain/NAME.pdf     each text draft of corpus/ (as `normlint text`
#                                gives it) opened as plain text by LibreOffice and
#                                printed: no indents, no page furniture
#   agreement/official/NAME.pdf  the same draft laid out as an official document
#                                (corpus/src/txt2fodt.py: header, page numbers,
#                                indented paragraphs broken over pages)
#   encrypted.pdf                corpus 25 with a user password (qpdf): refused
#   restricted.pdf               corpus 25 with an owner password only, copying
#                                forbidden: it opens without a password and is read
#   scanned.pdf                  page 1 of corpus 24 as a 100 dpi grey picture, in a
#                                document LibreOffice prints: no text layer
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=${1:-$root/build/normlint}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
mkdir -p "$out/plain" "$out/official" "$here/agreement/plain" "$here/agreement/official"

for f in "$root"/corpus/*.txt; do
    n=$(basename "$f" .txt)
    "$bin" text "$f" > "$out/plain/$n.txt"
    python3 "$root/corpus/src/txt2fodt.py" "$out/plain/$n.txt" "$out/official/$n.fodt"
done
(cd "$out/plain" && soffice --headless --convert-to pdf ./*.txt > /dev/null)
(cd "$out/official" && soffice --headless --convert-to pdf ./*.fodt > /dev/null)
cp "$out"/plain/*.pdf "$here/agreement/plain/"
cp "$out"/official/*.pdf "$here/agreement/official/"

src=$root/corpus/25-jiangzhou-travel-agency-notice.pdf
qpdf --encrypt secret owner 256 -- "$src" "$here/encrypted.pdf"
qpdf --encrypt "" owner 256 --extract=n --modify=none -- "$src" "$here/restricted.pdf"

pdftoppm -f 1 -l 1 -r 100 -gray -png "$root/corpus/24-jiangzhou-street-vending-measures.pdf" "$out/scan"
python3 - "$out/scan-1.png" "$out/scanned.fodt" <<'EOF'
import base64, sys
png = base64.b64encode(open(sys.argv[1], "rb").read()).decode()
open(sys.argv[2], "w").write(f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:automatic-styles><style:page-layout style:name="A4"><style:page-layout-properties
 fo:page-width="210mm" fo:page-height="297mm" fo:margin-top="0mm" fo:margin-bottom="0mm"
 fo:margin-left="0mm" fo:margin-right="0mm"/></style:page-layout></office:automatic-styles>
<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="A4"/></office:master-styles>
<office:body><office:text><text:p><draw:frame text:anchor-type="as-char" svg:width="209mm" svg:height="295mm">
<draw:image><office:binary-data>{png}</office:binary-data></draw:image></draw:frame></text:p></office:text></office:body>
</office:document>
""")
EOF
(cd "$out" && soffice --headless --convert-to pdf scanned.fodt > /dev/null)
cp "$out/scanned.pdf" "$here/scanned.pdf"
echo "built: $(ls "$here"/agreement/plain | wc -l) plain and $(ls "$here"/agreement/official | wc -l) official drafts, encrypted.pdf, restricted.pdf, scanned.pdf"
