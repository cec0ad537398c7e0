#!/usr/bin/env python3
"""The fastest scripted DOCX extraction a user would write before grepping:
one python3 process, the standard library only (zipfile + re), the text of
the w:t elements of word/document.xml, one line per paragraph, written to
standard output. A benchmark peer of `normlint check` (tests/bench/run.sh).

Usage: extract_docx.py DIR|FILE...
"""
import os
import re
import sys
import zipfile

# w:t text up to the next tag, and paragraph ends; XML entities decoded
TEXT = re.compile(rb"<w:t(?:\s[^>]*)?>([^<]*)|</w:p>")
ENTITIES = re.compile(rb"&(lt|gt|amp|quot|apos);")
ENTITY = {b"lt": b"<", b"gt": b">", b"amp": b"&", b"quot": b'"', b"apos": b"'"}


def paths(args):
    for a in args:
        if os.path.isdir(a):
            for name in sorted(os.listdir(a)):
                if name.endswith(".docx"):
                    yield os.path.join(a, name)
        else:
            yield a


def main():
    out = sys.stdout.buffer
    for path in paths(sys.argv[1:]):
        with zipfile.ZipFile(path) as z:
            xml = z.read("word/document.xml")
        text = b"".join(m.group(1) or b"\n" for m in TEXT.finditer(xml))
        if b"&" in text:
            text = ENTITIES.sub(lambda m: ENTITY[m.group(1)], text)
        out.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
