#!/usr/bin/env python3
"""txt2ofd.py SRC_DIR DST_DIR N — the first N drafts of SRC_DIR (*.txt, UTF-8,
one paragraph a line, in name order) as OFD packages in DST_DIR, set by
tools/ofdgen.py as official documents (title, indented paragraphs justified
in 28-character lines, 22 lines a page, page numbers, a template page, a
seal, an annotation and an attachment). For `make bench`: the same drafts as
the TXT, DOCX and PDF rows, so the figures compare.
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'tools'))
import ofdgen  # noqa: E402


def main(src, dst, n):
    os.makedirs(dst, exist_ok=True)
    names = sorted(f for f in os.listdir(src) if f.endswith('.txt'))[:n]
    for name in names:
        with open(os.path.join(src, name), encoding='utf-8') as f:
            lines = [line.strip() for line in f if line.strip()]
        if not lines:
            continue
        parts = ofdgen.normative_parts({}, (lines[0], lines[1:]))
        ofdgen.write_package(os.path.join(dst, name[:-4] + '.ofd'), parts)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1], sys.argv[2], int(sys.argv[3])))
