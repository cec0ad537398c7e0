"""pdfwrite.py — PDFs written by hand, for the hostile suite (tests/hostile/gen.py)
and the PDF benchmark (tests/bench/txt2pdf.py). Only the Python standard library.

Text is set in a Type0 font (Identity-H) whose ToUnicode map sends every code
to itself, so each character is shown by its Unicode value (the Basic
Multilingual Plane) and pdftotext reads it back without any font program; every
glyph is 1000 units wide. Coordinates are PDF's: points from the bottom left.
"""
import zlib


def _tounicode():
    lines = ['/CIDInit /ProcSet findresource begin 12 dict begin begincmap',
             '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
             '/CMapName /Adobe-Identity-UCS def /CMapType 2 def',
             '1 begincodespacerange <0000> <FFFF> endcodespacerange']
    for block in range(0, 256, 100):
        hi = range(block, min(block + 100, 256))
        lines.append('%d beginbfrange' % len(hi))
        lines += ['<%02X00> <%02XFF> <%02X00>' % (h, h, h) for h in hi]
        lines.append('endbfrange')
    lines.append('endcmap CMapName currentdict /CMap defineresource pop end end')
    return '\n'.join(lines).encode()


def _stream(data, compress=False):
    if compress:
        data = zlib.compress(data, 9)
        return b'<< /Length %d /Filter /FlateDecode >>\nstream\n' % len(data) + data + b'\nendstream'
    return b'<< /Length %d >>\nstream\n' % len(data) + data + b'\nendstream'


def show(text, x, y, size=16):
    """One line of text at (x, y) from the bottom left, as PDF operators."""
    return b'BT /F1 %d Tf 1 0 0 1 %d %d Tm <%s> Tj ET\n' % (size, x, y, text.encode('utf-16-be').hex().encode())


def pdf_file(path, contents, shared=None, extra=b'', box=b'[0 0 595 842]'):
    """A PDF of len(contents) pages, page i showing contents[i] (operators);
    with `shared`, every page shows that one content stream instead. `extra`
    goes into every page dictionary."""
    objs = [b'<< /Type /Catalog /Pages 2 0 R >>', None,
            b'<< /Type /Font /Subtype /Type0 /BaseFont /T /Encoding /Identity-H /DescendantFonts [4 0 R] /ToUnicode 5 0 R >>',
            b'<< /Type /Font /Subtype /CIDFontType2 /BaseFont /T /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) '
            b'/Supplement 0 >> /FontDescriptor 6 0 R /DW 1000 /CIDToGIDMap /Identity >>',
            _stream(_tounicode()),
            b'<< /Type /FontDescriptor /FontName /T /Flags 4 /FontBBox [0 -200 1000 800] /ItalicAngle 0 /Ascent 800 '
            b'/Descent -200 /CapHeight 700 /StemV 80 >>']
    if shared is not None:
        objs.append(_stream(shared, compress=True))
    kids = []
    for c in contents:
        content = b'7 0 R' if shared is not None else b'%d 0 R' % (len(objs) + 2)
        kids.append(len(objs) + 1)
        objs.append(b'<< /Type /Page /Parent 2 0 R /MediaBox ' + box + b' /Resources << /Font << /F1 3 0 R >> >> '
                    b'/Contents ' + content + extra + b' >>')
        if shared is None:
            objs.append(_stream(c, compress=True))
    objs[1] = b'<< /Type /Pages /Count %d /Kids [%s] >>' % (len(kids), b' '.join(b'%d 0 R' % k for k in kids))
    out = bytearray(b'%PDF-1.7\n%\xe2\xe3\xcf\xd3\n')
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b'%d 0 obj\n' % i + body + b'\nendobj\n'
    xref = len(out)
    out += b'xref\n0 %d\n0000000000 65535 f \n' % (len(objs) + 1)
    out += b''.join(b'%010d 00000 n \n' % o for o in offsets)
    out += b'trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n' % (len(objs) + 1, xref)
    with open(path, 'wb') as f:
        f.write(bytes(out))


def layout(lines, header='江州市人民政府规范性文件（征求意见稿）'):
    """A draft (one paragraph a line) set as an official document: a title in
    22 pt centred, paragraphs in 16 pt with the first line indented by two
    characters, 24 characters to it and 26 to the others, 22 lines a page,
    a running header and a page number "— N —". Returns the pages' operators."""
    pages, ops, row = [], [], 0

    def put(text, x, size=16):
        nonlocal ops, row
        if row == 22:
            pages.append(ops)
            ops, row = [], 0
        if row == 0:
            ops += [show(header, 200, 790, 10), show('— %d —' % (len(pages) + 1), 280, 50, 14)]
        ops.append(show(text, x, 740 - 29 * row, size))
        row += 1

    for i, line in enumerate(lines):
        while i == 0 and line:  # the title, centred, 20 characters a line
            put(line[:20], 297 - 11 * len(line[:20]), 22)
            line = line[20:]
        if i == 0:
            continue
        first, rest = line[:24], line[24:]
        put(first, 112)
        while rest:
            put(rest[:26], 80)
            rest = rest[26:]
    pages.append(ops)
    return [b''.join(p) for p in pages]
