#!/usr/bin/env python3
"""reading_order.py — an independent check of the order in which normlint
reads an OFD file's text.

    reading_order.py --normlint BIN FILE.ofd...

For each file this script computes a reference reading of its own, written
separately from lib/load (Python's XML parser, glyph by glyph): the pages
in Document.xml order, on each page every glyph of the text objects of
Content/Layer/PageBlock placed by Boundary, CTM, X/Y and DeltaX/DeltaY
("g N d" expanded), rotated or faint objects left out as normlint does;
glyphs then grouped into lines by baseline (0.4 em) and read left to right,
lines top to bottom. It compares that reading with `normlint text FILE`,
white space removed on both sides (paragraphs are normlint's business, not
the order):

  - every character normlint prints must be in the reference (nothing
    invented; normlint may drop page numbers, the reference keeps them);
  - the two readings must agree to a similarity of at least 0.9
    (difflib ratio): glyph-level and run-level grouping may order two
    overlapping runs differently, but a page read out of order, a line
    put on the wrong page or text lost fails.

A file normlint refuses (exit 3) is skipped here (the suite checks the
reason). Prints one line per file and exits 1 if any file fails. Only the
Python standard library is used.
"""
import difflib
import posixpath
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile

MIN_RATIO = 0.9


def local(tag):
    return tag.rsplit('}', 1)[-1]


def numbers(s, n, default):
    try:
        v = [float(x) for x in (s or '').split()]
    except ValueError:
        return default
    return v if len(v) == n else default


def deltas(s):
    """The values of a DeltaX/DeltaY list, "g N d" expanded (lazily)."""
    t = (s or '').split()
    i = 0
    while i < len(t):
        try:
            if t[i] == 'g':
                n, v = int(float(t[i + 1])), float(t[i + 2])
                i += 3
                for _ in range(min(n, 1 << 20)):
                    yield v
            else:
                v = float(t[i])
                i += 1
                yield v
        except (ValueError, IndexError):
            return


def member(z, name):
    """The stored name for a location, ignoring case and a leading slash."""
    want = posixpath.normpath(name.replace('\\', '/').lstrip('/')).lower()
    for n in z.namelist():
        if n.lstrip('/').lower() == want:
            return n
    return None


def page_parts(z):
    entry = ET.fromstring(z.read(member(z, 'OFD.xml')))
    parts = []
    for root in (e for e in entry.iter() if local(e.tag) == 'DocRoot'):
        doc = member(z, root.text.strip())
        base = posixpath.dirname(doc)
        for p in ET.fromstring(z.read(doc)).iter():
            loc = p.get('BaseLoc') if local(p.tag) == 'Page' else None
            if loc:
                rel = loc if loc.startswith('/') else posixpath.join(base, loc)
                parts.append(member(z, rel) or member(z, loc))
    return parts


def glyphs(xml):
    """(baseline, x, char, em) of every visible glyph of a page."""
    out = []

    def text_object(o):
        b = numbers(o.get('Boundary'), 4, [0, 0, 0, 0])
        m = numbers(o.get('CTM'), 6, [1, 0, 0, 1, 0, 0])
        scale = max(abs(m[0]), abs(m[3]))
        alpha = numbers(o.get('Alpha'), 1, [255])[0]
        if not scale or abs(m[1]) > 0.05 * scale or abs(m[2]) > 0.05 * scale or alpha < 128:
            return
        size = numbers(o.get('Size'), 1, [3.5])[0]
        x = y = 0.0
        for c in o:
            if local(c.tag) != 'TextCode':
                continue
            x = numbers(c.get('X'), 1, [x])[0]
            y = numbers(c.get('Y'), 1, [y])[0]
            gx, gy, dx, dy = x, y, deltas(c.get('DeltaX')), deltas(c.get('DeltaY'))
            for ch in c.text or '':
                if not ch.isspace():
                    out.append((b[1] + m[1] * gx + m[3] * gy + m[5], b[0] + m[0] * gx + m[2] * gy + m[4], ch,
                                size * abs(m[3])))
                adv = size if ord(ch) >= 0x1100 else size / 2
                gx += next(dx, adv)
                gy += next(dy, 0.0)

    def walk(e, inside):
        for c in e:
            t = local(c.tag)
            if t == 'Content' or (inside and t in ('Layer', 'PageBlock')):
                walk(c, True)
            elif inside and t == 'TextObject':
                text_object(c)

    walk(ET.fromstring(xml), False)
    return out


def reference(path):
    z = zipfile.ZipFile(path)
    text = []
    for part in page_parts(z):
        lines = []
        for g in sorted(glyphs(z.read(part))):
            if lines and g[0] - lines[-1][0][0] <= 0.4 * max(g[3], lines[-1][0][3]):
                lines[-1].append(g)
            else:
                lines.append([g])
        text += [''.join(g[2] for g in sorted(line, key=lambda g: g[1])) for line in lines]
    return ''.join(text)


def main(argv):
    if len(argv) < 3 or argv[1] != '--normlint':
        sys.stderr.write('usage: reading_order.py --normlint BIN FILE.ofd...\n')
        return 2
    bad = 0
    for f in argv[3:]:
        r = subprocess.run([argv[2], 'text', f], capture_output=True, text=True)
        if r.returncode == 3:
            print('%s: refused, skipped' % f)
            continue
        got = re.sub(r'\s', '', r.stdout)
        want = reference(f)
        extra = set(got) - set(want)
        ratio = difflib.SequenceMatcher(None, want, got, autojunk=False).ratio()
        ok = r.returncode == 0 and not extra and ratio >= MIN_RATIO
        bad += not ok
        print('%s: %s, %d/%d characters, similarity %.3f%s' % (
            f, 'same order' if got == want else 'agrees' if ok else 'DIFFERS', len(got), len(want), ratio,
            ', invented: ' + ''.join(sorted(extra)) if extra else ''))
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
