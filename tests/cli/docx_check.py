#!/usr/bin/env python3
"""Checks of an annotated DOCX against its input, for tests/cli/annotate.sh.

  docx_check.py entries IN.docx OUT.docx   every member but the rewritten parts is
                                           byte-identical (compressed bytes, method, CRC)
  docx_check.py anchors OUT.docx           one line per comment: id, author, the text
                                           its range covers (deleted text as [-…-],
                                           inserted as [+…+]), its first line
  docx_check.py odt FILE.odt               the same for LibreOffice's ODT: one line
                                           per office:annotation with the text it covers
  docx_check.py pandoc FILE.json           comment spans in pandoc's JSON AST (with
                                           --track-changes=all): author and covered text
"""
import json
import struct
import sys
import zipfile
import xml.etree.ElementTree as ET

W = '{http://schemas.openxmlformats.org/wordprocessingml/2006/main}'
REWRITTEN = {'word/document.xml', 'word/comments.xml', 'word/_rels/document.xml.rels', '[Content_Types].xml'}


def raw(path, info):
    with open(path, 'rb') as f:
        f.seek(info.header_offset)
        h = f.read(30)
        name_len, extra_len = struct.unpack('<HH', h[26:30])
        f.seek(info.header_offset + 30 + name_len + extra_len)
        return f.read(info.compress_size)


def entries(a, b):
    za, zb = zipfile.ZipFile(a), zipfile.ZipFile(b)
    names_b = set(zb.namelist())
    bad = 0
    n = 0
    for ia in za.infolist():
        if ia.filename in REWRITTEN:
            continue
        if ia.filename not in names_b:
            print('missing', ia.filename)
            bad += 1
            continue
        ib = zb.getinfo(ia.filename)
        n += 1
        if (ia.compress_type, ia.CRC, ia.compress_size) != (ib.compress_type, ib.CRC, ib.compress_size) or raw(a, ia) != raw(b, ib):
            print('changed', ia.filename)
            bad += 1
    print('unchanged entries: %d, differing: %d' % (n, bad))
    return bad == 0


def anchors(path):
    z = zipfile.ZipFile(path)
    root = ET.fromstring(z.read('word/document.xml'))
    comments = {}
    if 'word/comments.xml' in z.namelist():
        for c in ET.fromstring(z.read('word/comments.xml')):
            paras = [''.join(t.text or '' for t in p.iter(W + 't')) for p in c.iter(W + 'p')]
            comments[c.get(W + 'id')] = (c.get(W + 'author'), paras[0] if paras else '')
    open_ids, texts, order = [], {}, []

    def walk(n, ins, dele):
        if n.tag == W + 'commentRangeStart':
            i = n.get(W + 'id')
            open_ids.append(i)
            texts[i] = ''
            order.append(i)
        elif n.tag == W + 'commentRangeEnd':
            i = n.get(W + 'id')
            if i in open_ids:
                open_ids.remove(i)
        elif n.tag in (W + 't', W + 'delText') and n.text:
            t = n.text
            if n.tag == W + 'delText':
                t = '[-' + t + '-]'
            elif ins:
                t = '[+' + t + '+]'
            for i in open_ids:
                texts[i] += t
        elif n.tag == W + 'p':
            for i in open_ids:
                if texts[i]:
                    texts[i] += '¶'
        for c in n:
            walk(c, ins or n.tag == W + 'ins', dele)
    walk(root, False, False)
    for i in order:
        a, first = comments.get(i, ('?', '?'))
        print('%s\t%s\t%s\t%s' % (i, a, texts[i].rstrip('¶').replace('+][+', ''), first))


def odt(path):
    O = '{urn:oasis:names:tc:opendocument:xmlns:office:1.0}'
    T = '{urn:oasis:names:tc:opendocument:xmlns:text:1.0}'
    root = ET.fromstring(zipfile.ZipFile(path).read('content.xml'))
    open_names, texts, order = [], {}, []

    def walk(n):
        if n.tag == O + 'annotation':
            name = n.get(O + 'name')
            open_names.append(name)
            texts[name] = ''
            order.append(name)
            if n.tail:
                for k in open_names:
                    texts[k] += n.tail
            return
        if n.tag == O + 'annotation-end':
            name = n.get(O + 'name')
            if name in open_names:
                open_names.remove(name)
            if n.tail:
                for k in open_names:
                    texts[k] += n.tail
            return
        if n.text:
            for k in open_names:
                texts[k] += n.text
        for c in n:
            walk(c)
        if n.tag == T + 'p':
            for k in open_names:
                if texts[k]:
                    texts[k] += '¶'
        if n.tail:
            for k in open_names:
                texts[k] += n.tail
    walk(root)
    for name in order:
        print(texts[name].rstrip('¶'))


def pandoc(path):
    doc = json.load(open(path))
    out = []

    def text(inl):
        s = ''
        for x in inl:
            t = x.get('t')
            if t == 'Str':
                s += x['c']
            elif t == 'Space':
                s += ' '
            elif t in ('Span', 'Emph', 'Strong', 'Underline'):
                s += text(x['c'][1] if t == 'Span' else x['c'])
        return s

    def walk(v):
        if isinstance(v, dict):
            if v.get('t') == 'Span' and 'comment-start' in v['c'][0][1]:
                attrs = dict(v['c'][0][2])
                out.append(attrs.get('author', '?'))
            for x in v.values():
                walk(x)
        elif isinstance(v, list):
            for x in v:
                walk(x)
    walk(doc)
    print('comments: %d, by normlint: %d' % (len(out), out.count('normlint')))


if __name__ == '__main__':
    cmd = sys.argv[1]
    if cmd == 'entries':
        sys.exit(0 if entries(sys.argv[2], sys.argv[3]) else 1)
    elif cmd == 'anchors':
        anchors(sys.argv[2])
    elif cmd == 'odt':
        odt(sys.argv[2])
    elif cmd == 'pandoc':
        pandoc(sys.argv[2])
