#!/usr/bin/env python3
"""extract_ofd.py LIST — the bench's peer for OFD: the text extraction a user
would script with the Python standard library (zipfile and xml.etree):
OFD.xml → each document's Document.xml → its pages in order, and on each page
the TextCode strings of every text object in the order they are stored, one
object a line, printed for every file named in LIST (one path a line). No
placing by coordinates, no page furniture dropped: the least a reader needs.
"""
import posixpath
import sys
import zipfile
import xml.etree.ElementTree as ET


def local(tag):
    return tag.rsplit('}', 1)[-1]


def find(z, base, loc):
    """The member named by loc (relative to base's folder or absolute)."""
    names = {n.lower(): n for n in z.namelist()}
    loc = loc.replace('\\\\', '/')
    for cand in (loc.lstrip('/'), posixpath.normpath(posixpath.join(posixpath.dirname(base), loc))):
        if cand.lower() in names:
            return names[cand.lower()]
    return None


def text_of(z, member, out):
    root = ET.fromstring(z.read(member))
    for el in root.iter():
        if local(el.tag) == 'TextObject':
            out.append(''.join(tc.text or '' for tc in el.iter() if local(tc.tag) == 'TextCode'))


def extract(path, out):
    with zipfile.ZipFile(path) as z:
        ofd = ET.fromstring(z.read(find(z, 'OFD.xml', 'OFD.xml')))
        for root in (e for e in ofd.iter() if local(e.tag) == 'DocRoot'):
            doc = find(z, 'OFD.xml', root.text.strip())
            for page in (e for e in ET.fromstring(z.read(doc)).iter() if local(e.tag) == 'Page'):
                member = find(z, doc, page.get('BaseLoc'))
                if member:
                    text_of(z, member, out)


def main(listing):
    out = []
    with open(listing, encoding='utf-8') as f:
        for path in f.read().split('\n'):
            if path:
                extract(path, out)
    sys.stdout.write('\n'.join(out) + '\n')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1]))
