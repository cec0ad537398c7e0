#!/usr/bin/env python3
"""agreement.py — do the PDFs of drafts give the findings of their sources?

For each pair (SOURCE, PDF) — a draft and the PDF LibreOffice printed of it —
`normlint check --format json` runs on both, and each finding of the PDF is
mapped back onto a line of the source: its paragraph and column give an
offset in the PDF's text (as `normlint text` prints it, whitespace left
out), which is carried over to the same text in the source (difflib aligns
the two where a paragraph was joined or split differently) and so to a
source line. A finding agrees when the other side has one of the same rule
on the same (mapped) line. The figure is the agreeing findings over all
findings of both sides (a finding one side lacks counts against it).

Usage: agreement.py --normlint BIN [--min 0.95] [--verbose] SOURCE=PDF...
       agreement.py --normlint BIN [--min F] --list FILE   (one SOURCE=PDF a line)
Prints one line per pair that differs and a closing
"pdf-agreement: N of M findings agree (P%) in K documents", and exits 1 when
the figure is below --min.
"""
import argparse
import collections
import difflib
import json
import subprocess
import sys


def run(normlint, *args):
    p = subprocess.run([normlint, *args], capture_output=True, text=True)
    if p.returncode not in (0, 1):
        sys.exit("agreement: %s %s: exit %d: %s" % (normlint, " ".join(args), p.returncode, p.stderr.strip()))
    return p.stdout


def findings(normlint, path):
    doc = json.loads(run(normlint, "check", "--no-config", "--format", "json", path))["documents"][0]
    return [(f["rule"], f["line"], f["column"]) for f in doc["findings"]]


def dense(lines):
    """The lines' text without whitespace, and for each character its line (1-based)."""
    chars, owner = [], []
    for no, line in enumerate(lines, 1):
        for c in line:
            if not c.isspace():
                chars.append(c)
                owner.append(no)
    return "".join(chars), owner


def offset_of(lines, line, column):
    """Offset in the dense text of the character at line:column (1-based, code points)."""
    before = sum(sum(not c.isspace() for c in l) for l in lines[: line - 1])
    within = sum(not c.isspace() for c in lines[line - 1][: column - 1]) if line - 1 < len(lines) else 0
    return before + within


def mapper(src_lines, pdf_lines):
    s, s_owner = dense(src_lines)
    p, _ = dense(pdf_lines)
    blocks = difflib.SequenceMatcher(None, p, s, autojunk=False).get_matching_blocks()

    def to_source(line, column):
        off = offset_of(pdf_lines, line, column)
        for a, b, n in blocks:
            if a <= off < a + n:
                return s_owner[b + off - a]
        # in a stretch the two texts do not share: the nearest block before it
        best = max((blk for blk in blocks if blk[0] <= off and blk[2]), default=None, key=lambda blk: blk[0])
        return s_owner[min(best[1] + best[2] - 1, len(s_owner) - 1)] if best else 1

    return to_source


def compare(normlint, source, pdf):
    src_lines = run(normlint, "text", source).split("\n")[:-1]
    pdf_lines = run(normlint, "text", pdf).split("\n")[:-1]
    to_source = mapper(src_lines, pdf_lines)
    want = collections.Counter((rule, line) for rule, line, _ in findings(normlint, source))
    got = collections.Counter((rule, to_source(line, col)) for rule, line, col in findings(normlint, pdf))
    common = want & got
    return sum(common.values()) * 2, sum(want.values()) + sum(got.values()), want - got, got - want


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--normlint", required=True)
    ap.add_argument("--min", type=float, default=0.95)
    ap.add_argument("--list")
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("pairs", nargs="*")
    args = ap.parse_args()
    pairs = list(args.pairs)
    if args.list:
        with open(args.list, encoding="utf-8") as f:
            pairs += [l.strip() for l in f if l.strip() and not l.startswith("#")]
    agree = total = 0
    for pair in pairs:
        source, pdf = pair.split("=", 1)
        a, t, missing, extra = compare(args.normlint, source, pdf)
        agree += a
        total += t
        if missing or extra or args.verbose:
            print("pdf-agreement: %s: %d of %d agree; only in the source: %s; only in the PDF: %s"
                  % (pdf, a, t, sorted(missing.elements()), sorted(extra.elements())))
    share = agree / total if total else 1.0
    print("pdf-agreement: %d of %d findings agree (%.1f%%) in %d documents" % (agree, total, 100 * share, len(pairs)))
    return 0 if share >= args.min else 1


if __name__ == "__main__":
    sys.exit(main())
