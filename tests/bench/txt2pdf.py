#!/usr/bin/env python3
"""txt2pdf.py SRC_DIR DST_DIR N — the first N drafts of SRC_DIR (*.txt, UTF-8,
one paragraph a line, in name order) as PDFs in DST_DIR, set as official
documents by tests/support/pdfwrite.py (title, indented paragraphs of 24/26
characters, 22 lines a page, a running header, page numbers). For `make
bench`: the same drafts as the TXT and DOCX rows, so the figures compare.
Written by hand rather than by LibreOffice, which would take an hour for the
corpus and is not a bench peer; the PDF loader reads both the same way
(tests/pdf/ holds PDFs LibreOffice made).
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'support'))
import pdfwrite  # noqa: E402


def main(src, dst, n):
    os.makedirs(dst, exist_ok=True)
    names = sorted(f for f in os.listdir(src) if f.endswith('.txt'))[:n]
    for name in names:
        with open(os.path.join(src, name), encoding='utf-8') as f:
            lines = [line.rstrip('\n') for line in f if line.strip()]
        pdfwrite.pdf_file(os.path.join(dst, name[:-4] + '.pdf'), pdfwrite.layout(lines))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1], sys.argv[2], int(sys.argv[3])))
