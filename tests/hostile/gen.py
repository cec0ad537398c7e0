#!/usr/bin/env python3
"""gen.py DIR CASE...: write hostile inputs for the hostile suites into DIR.

Every input is made here, at test time, so that no large or binary file is
committed. Each CASE names one builder below (`gen.py DIR --list` lists
them); the file it writes is named after the case plus its extension. The
ZIP bombs are written by hand (a repeated deflate block, a CRC computed
without touching the inflated bytes), so a 4 GiB bomb costs a few megabytes
and well under a second to make.

The OFD cases take their parts from tools/ofdgen.py, the generator of the
OFD fixtures. Only the Python standard library is used.
"""
import os
import struct
import sys
import zlib

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'tools'))
import ofdgen  # noqa: E402
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'support'))
import pdfwrite  # noqa: E402

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>')

# A short draft with one planted defect (a penalty set by a normative
# document), so a run that reads it has a finding to show.
DRAFT = ['江州市测试管理办法',
         '第一条　为了加强管理，制定本办法。',
         '第二条　违反本办法的，处五百元罚款。',
         '第三条　本办法自2025年1月1日起施行，有效期5年。']

MiB = 1 << 20
GiB = 1 << 30


# ---- CRC-32 of n zero bytes without n bytes of work -------------------------
# The CRC is linear over GF(2): appending zeros is a 32x32 bit matrix applied
# to the register, so 2^k zeros is that matrix squared k times.

def _gf2_times(mat, vec):
    s = 0
    i = 0
    while vec:
        if vec & 1:
            s ^= mat[i]
        vec >>= 1
        i += 1
    return s


def _gf2_square(mat):
    return [_gf2_times(mat, mat[n]) for n in range(32)]


def crc32_zeros(n, crc=0):
    """zlib.crc32(b'\\0' * n, crc), computed in O(log n)."""
    if n == 0:
        return crc
    # operator for one zero bit, then square up to one zero byte
    odd = [0xEDB88320] + [1 << i for i in range(31)]
    even = _gf2_square(odd)    # 2 bits
    odd = _gf2_square(even)    # 4 bits
    reg = crc ^ 0xFFFFFFFF
    while True:
        even = _gf2_square(odd)  # first pass: 1 byte
        if n & 1:
            reg = _gf2_times(even, reg)
        n >>= 1
        if not n:
            break
        odd = _gf2_square(even)
        if n & 1:
            reg = _gf2_times(odd, reg)
        n >>= 1
        if not n:
            break
    return reg ^ 0xFFFFFFFF


def deflate_zeros(n):
    """A raw deflate stream of n zero bytes (n a multiple of 1 MiB), built by
    repeating one fully flushed block: returns the compressed bytes."""
    assert n % MiB == 0
    chunk = b'\0' * MiB
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)
    again = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)
    tail = c.flush(zlib.Z_FINISH)
    count = n // MiB
    if count == 1:
        return first + tail
    # after a full flush the compressor starts afresh, so every later block
    # is the same bytes
    return first + again * (count - 1) + tail


# ---- a ZIP writer that can lie -----------------------------------------------

class Member:
    def __init__(self, name, data=None, method=8, raw=None, usize=None, crc=None):
        self.name = name.encode('utf-8')
        if raw is None:
            if method == 8:
                c = zlib.compressobj(6, zlib.DEFLATED, -15)
                raw = c.compress(data) + c.flush()
            else:
                raw = data
            usize = len(data)
            crc = zlib.crc32(data)
        self.raw, self.method, self.usize, self.crc = raw, method, usize, crc


def zip_bytes(members):
    """Members (each with its compressed bytes, and the sizes and CRC to
    record: possibly lies) as the bytes of a ZIP archive; ZIP64 extra fields
    where a size needs them."""
    out = bytearray()
    central = bytearray()
    for m in members:
        big = m.usize >= 0xFFFFFFFF or len(m.raw) >= 0xFFFFFFFF
        offset = len(out)
        extra = struct.pack('<HHQQ', 1, 16, m.usize, len(m.raw)) if big else b''
        u32 = 0xFFFFFFFF if big else m.usize
        c32 = 0xFFFFFFFF if big else len(m.raw)
        ver = 45 if big else 20
        out += struct.pack('<IHHHHHIIIHH', 0x04034B50, ver, 0x800, m.method, 0, 0x21,
                           m.crc, c32, u32, len(m.name), len(extra))
        out += m.name + extra + m.raw
        central += struct.pack('<IHHHHHHIIIHHHHHII', 0x02014B50, ver, ver, 0x800, m.method, 0, 0x21,
                               m.crc, c32, u32, len(m.name), len(extra), 0, 0, 0, 0, offset)
        central += m.name + extra
    cd_offset = len(out)
    out += central
    out += struct.pack('<IHHHHIIH', 0x06054B50, 0, 0, len(members), len(members), len(central), cd_offset, 0)
    return bytes(out)


def write_zip(path, members):
    with open(path, 'wb') as f:
        f.write(zip_bytes(members))


def docx_members(document_xml):
    if isinstance(document_xml, str):
        document_xml = document_xml.encode('utf-8')
    return [Member('[Content_Types].xml', CONTENT_TYPES.encode()),
            Member('_rels/.rels', RELS.encode()),
            Member('word/document.xml', document_xml)]


def document_xml(paragraphs, doctype=''):
    body = ''.join('<w:p><w:r><w:t>%s</w:t></w:r></w:p>' % p for p in paragraphs)
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>%s'
            '<w:document %s><w:body>%s</w:body></w:document>' % (doctype, W_NS, body))


def write(path, data):
    with open(path, 'wb') as f:
        f.write(data.encode('utf-8') if isinstance(data, str) else data)


# ---- the cases ---------------------------------------------------------------
# Each builder takes the output directory and returns nothing.

def bomb(d, name, size, lie=None):
    """word/document.xml inflates to `size` zero bytes; `lie` is the size the
    directory records instead (None: the truth)."""
    raw = deflate_zeros(size)
    m = docx_members('')
    m[2] = Member('word/document.xml', method=8, raw=raw,
                  usize=size if lie is None else lie, crc=crc32_zeros(size))
    write_zip(os.path.join(d, name), m)


def billion_laughs_doctype(levels=10, fan=10):
    ents = ['<!ENTITY lol0 "lol">']
    for i in range(1, levels):
        ents.append('<!ENTITY lol%d "%s">' % (i, ('&lol%d;' % (i - 1)) * fan))
    return '<!DOCTYPE lolz [%s]>' % ''.join(ents), '&lol%d;' % (levels - 1)


def billion_laughs_xml(d):
    dt, ref = billion_laughs_doctype()
    write(os.path.join(d, 'billion-laughs.xml'),
          '<?xml version="1.0" encoding="UTF-8"?>%s<doc><p>%s</p><p>%s</p></doc>\n'
          % (dt.replace('lolz', 'doc'), DRAFT[0], ref))


def billion_laughs_docx(d):
    dt, ref = billion_laughs_doctype()
    write_zip(os.path.join(d, 'billion-laughs.docx'),
              docx_members(document_xml(DRAFT[:1] + [ref], dt.replace('lolz', 'w:document'))))


def xxe_doctype(secret):
    return '<!DOCTYPE %%s [<!ENTITY xxe SYSTEM "file://%s">]>' % secret


def xxe_xml(d):
    secret = os.path.join(os.path.abspath(d), 'secret.txt')
    write(secret, 'HOSTILE-SECRET-6f1d\n')
    write(os.path.join(d, 'xxe.xml'),
          '<?xml version="1.0" encoding="UTF-8"?>%s<doc><p>%s</p><p>密钥：&xxe;</p></doc>\n'
          % (xxe_doctype(secret) % 'doc', DRAFT[0]))


def xxe_docx(d):
    secret = os.path.join(os.path.abspath(d), 'secret.txt')
    write(secret, 'HOSTILE-SECRET-6f1d\n')
    write_zip(os.path.join(d, 'xxe.docx'),
              docx_members(document_xml(DRAFT[:1] + ['密钥：&xxe;'], xxe_doctype(secret) % 'w:document')))


def deep_xml(d, depth=100000):
    write(os.path.join(d, 'deep.xml'),
          '<?xml version="1.0" encoding="UTF-8"?><doc><p>%s</p>%s%s</doc>\n'
          % (DRAFT[0], '<div>' * depth, '</div>' * depth))


def deep_docx(d, depth=100000):
    # plain <a> elements: the part stays under 1 MiB, so the ZIP ratio limit
    # (which only judges larger members) leaves the nesting to the XML reader
    body = '<w:p><w:r><w:t>%s</w:t></w:r></w:p>' % DRAFT[0]
    body += '<a>' * depth + '</a>' * depth
    xml = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
           '<w:document %s><w:body>%s</w:body></w:document>' % (W_NS, body))
    write_zip(os.path.join(d, 'deep.docx'), docx_members(xml))


def truncated_docx(d):
    data = zip_bytes(docx_members(document_xml(DRAFT)))
    write(os.path.join(d, 'truncated.docx'), data[:len(data) * 2 // 3])


def no_document_docx(d):
    m = docx_members('')[:2] + [Member('word/styles.xml', b'<w:styles/>')]
    write_zip(os.path.join(d, 'no-document.docx'), m)


def ole2_docx(d):
    hdr = bytes([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) + b'\0' * 16
    hdr += struct.pack('<HHHHH', 0x3E, 3, 0xFFFE, 9, 6) + b'\0' * 458
    write(os.path.join(d, 'really-a-doc.docx'), hdr + b'\0' * 1024)


def invalid_utf8_txt(d):
    # 0xFF is neither UTF-8 nor a GB18030 lead byte
    write(os.path.join(d, 'invalid-utf8.txt'), '\n'.join(DRAFT[:2]).encode() + b'\n\xff\xfe\x80abc\n')


def utf16_nobom_txt(d):
    write(os.path.join(d, 'utf16-nobom.txt'), ('\n'.join(DRAFT) + '\n').encode('utf-16-le'))


def nul_txt(d):
    write(os.path.join(d, 'nul.txt'), (DRAFT[0] + '\n').encode() + b'\0\0\0' + (DRAFT[1] + '\n').encode())


def big_text(d, size=100 * MiB):
    """size bytes of numbered articles after the draft: text and line breaks,
    no findings past the draft's own."""
    line = '第%d条　本市各级行政机关应当按照规定做好相关管理工作，依法履行职责。\n'
    head = '\n'.join(DRAFT[:3]) + '\n'
    with open(os.path.join(d, 'big-100m.txt'), 'wb') as f:
        n = f.write(head.encode())
        k = 3
        while True:
            chunk = ''.join(line % (k + i) for i in range(1000)).encode()
            if n + len(chunk) > size:
                break
            n += f.write(chunk)
            k += 1000
        f.write(b'\n' * (size - n))


def long_line(d, size=10 * MiB):
    unit = '依法履行职责，'.encode()
    body = unit * ((size - 200) // len(unit))
    write(os.path.join(d, 'line-10m.txt'), (DRAFT[0] + '\n').encode() + body + '处五百元罚款。\n'.encode())


def penalties(n):
    """The draft's title and n articles, each setting a fine: n findings."""
    return DRAFT[:1] + ['第%d条　违反本办法的，处五百元罚款。' % (i + 1) for i in range(n)]


def paragraphs_txt(d, n=100000):
    write(os.path.join(d, 'paragraphs-100k.txt'), '\n'.join(penalties(n)) + '\n')


def paragraphs_docx(d, n=100000):
    write_zip(os.path.join(d, 'paragraphs-100k.docx'), docx_members(document_xml(penalties(n))))


def corrupt_docx(d):
    """A valid directory over a damaged deflate stream in word/document.xml."""
    m = docx_members(document_xml(DRAFT * 50))
    raw = bytearray(m[2].raw)
    for i in range(len(raw) // 3, len(raw) // 3 + 16):
        raw[i] ^= 0x5A
    m[2].raw = bytes(raw)
    write_zip(os.path.join(d, 'corrupt.docx'), m)


def many_entries_docx(d, n=20000):
    m = docx_members(document_xml(DRAFT))
    m += [Member('word/media/e%d.bin' % i, b'', method=0) for i in range(n)]
    write_zip(os.path.join(d, 'many-entries.docx'), m)


def bomb_odt(d, size=1 * GiB):
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                '<manifest:file-entry manifest:full-path="/" '
                'manifest:media-type="application/vnd.oasis.opendocument.text"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                '</manifest:manifest>')
    write_zip(os.path.join(d, 'bomb.odt'), [
        Member('mimetype', b'application/vnd.oasis.opendocument.text', method=0),
        Member('META-INF/manifest.xml', manifest.encode()),
        Member('content.xml', method=8, raw=deflate_zeros(size), usize=size, crc=crc32_zeros(size))])


def invalid_utf8_xml(d):
    write(os.path.join(d, 'invalid-utf8.xml'),
          ('<?xml version="1.0" encoding="UTF-8"?><doc><p>%s</p><p>' % DRAFT[0]).encode()
          + b'\xff\xfe\x80</p></doc>\n')


def over_cap_text(d, size=2 * MiB):
    """size bytes of text, for a run with --max-size 1M."""
    write(os.path.join(d, 'over-cap.txt'), ('\n'.join(DRAFT) + '\n').encode() + b'a' * (size - 200) + b'\n')


def empty_docx(d):
    write(os.path.join(d, 'empty.docx'), b'')


# ---- OFD ---------------------------------------------------------------------

OFD_PAGE = 'Doc_0/Pages/Page_%d/Content.xml'


def ofd_page(lines):
    """A page of Content.xml: one text object per line, from the top."""
    objs = [ofdgen.Text(ofdgen.LEFT + (2 * ofdgen.ADV if i else 0), 45 + 10.2 * i, ofdgen.EM, t,
                        [ofdgen.width(c) * ofdgen.EM for c in t]) for i, t in enumerate(lines)]
    return ofdgen.page_xml(objs, {})


def ofd_members(page_xmls, locs=None, extra=()):
    """The members of an OFD package of the given page contents; `locs` the
    locations Document.xml lists (default: one per page)."""
    if locs is None:
        locs = ['Pages/Page_%d/Content.xml' % i for i in range(len(page_xmls))]
    m = [Member('OFD.xml', ofdgen.ofd_xml(['Doc_0/Document.xml'], signatures=False).encode()),
         Member('Doc_0/Document.xml',
                ofdgen.document_xml(locs, template=False, annotations=False, attachments=False).encode())]
    m += [Member(OFD_PAGE % i, x if isinstance(x, bytes) else x.encode()) for i, x in enumerate(page_xmls)]
    return m + list(extra)


def ofd_draft():
    return ofd_page(DRAFT)


def bomb_ofd(d, size=1 * GiB):
    m = ofd_members([ofd_draft(), ''])
    m[3] = Member(OFD_PAGE % 1, method=8, raw=deflate_zeros(size), usize=size, crc=crc32_zeros(size))
    write_zip(os.path.join(d, 'bomb.ofd'), m)


def deep_ofd(d, depth=30000):
    """Page blocks nested 30,000 deep (plain text under 1 MiB, so that the
    nesting is left to the XML reader, not to the ZIP ratio limit)."""
    xml = ofd_draft().replace('<ofd:Layer ID="2" Type="Body">',
                              '<ofd:Layer ID="2" Type="Body">' + '<ofd:PageBlock>' * depth + '</ofd:PageBlock>' * depth)
    write_zip(os.path.join(d, 'deep.ofd'), ofd_members([xml]))


def pages_ofd(d, n=1000):
    """n pages, each one article setting a fine: n findings, each on its page."""
    pages = [ofd_page(DRAFT[:1] + DRAFT[1:2])] + [
        ofd_page(['第%d条　违反本办法的，处五百元罚款。' % (i + 2)]) for i in range(n - 1)]
    write_zip(os.path.join(d, 'pages-1000.ofd'), ofd_members(pages))


def page_bomb_ofd(d, n=20000):
    """Document.xml lists one page part 20,000 times."""
    write_zip(os.path.join(d, 'page-bomb.ofd'), ofd_members([ofd_draft()], locs=[OFD_PAGE % 0] * n))


def encrypted_ofd(d):
    write_zip(os.path.join(d, 'encrypted.ofd'), ofd_members([ofd_draft()], extra=[
        Member('Encryptions.xml', b'<ofd:Encryptions xmlns:ofd="http://www.ofdspec.org/2016"/>')]))


def missing_page_ofd(d):
    m = ofd_members([ofd_draft(), ofd_draft()])
    write_zip(os.path.join(d, 'missing-page.ofd'), m[:3])


def scanned_ofd(d):
    img = ofdgen.page_xml([], {}).replace('</ofd:Layer>', '<ofd:ImageObject ID="3" Boundary="0 0 210 297" '
                                                          'CTM="210 0 0 297 0 0" ResourceID="1"/></ofd:Layer>')
    write_zip(os.path.join(d, 'scanned.ofd'), ofd_members([img, img]))


def truncated_ofd(d):
    data = zip_bytes(ofd_members([ofd_draft()]))
    write(os.path.join(d, 'truncated.ofd'), data[:len(data) // 2])


def odd_names(d):
    body = '\n'.join(DRAFT) + '\n'
    for name in ('with space.txt', '中文 文件名.txt', 'new\nline.txt'):
        write(os.path.join(d, name), body)


# ---- PDF (tests/support/pdfwrite.py writes them) ------------------------------

def _zh(n):
    """n (1..9999) in Chinese numerals, as article numbers are written: 一百零五."""
    digits = '零一二三四五六七八九'
    out, zero = '', False
    for value, unit in ((1000, '千'), (100, '百'), (10, '十'), (1, '')):
        d = n // value % 10
        if d:
            out += ('零' if zero and out else '') + ('' if d == 1 and value == 10 and n < 20 else digits[d]) + unit
            zero = False
        elif out:
            zero = True
    return out


def _draft_page(n):
    """Page n of a long draft: a running header, article n set as a word
    processor sets it (the first line indented by two characters and full at
    24, the rest from the margin), a page number."""
    text = '第%s条　本规定第%s条所称第%s类事项，由市城市管理局依照有关法律、法规和规章负责办理。' % (
        _zh(n), _zh(n), _zh(n % 7 + 1))
    return (pdfwrite.show('江州市人民政府规范性文件', 200, 790, 10)
            + pdfwrite.show(text[:24], 112, 700) + pdfwrite.show(text[24:], 80, 670)
            + pdfwrite.show('— %d —' % n, 280, 50, 14))


def thousand_pages_pdf(d, n=1000):
    """A draft of a thousand pages, one article a page: read whole."""
    pages = [pdfwrite.show('江州市城市管理规定', 200, 760, 22) + _draft_page(1)] + [_draft_page(i) for i in range(2, n + 1)]
    pdfwrite.pdf_file(os.path.join(d, 'thousand-pages.pdf'), pages)


def pdf_bomb(d, n=20000):
    """A page-count bomb: 20,000 pages sharing one content stream, over the
    page limit, and too slow to convert within a short time limit."""
    pdfwrite.pdf_file(os.path.join(d, 'bomb.pdf'), [None] * n, shared=_draft_page(1))


def pdf_deep(d, depth=100000):
    """Every page dictionary holds an array nested 100,000 deep."""
    pdfwrite.pdf_file(os.path.join(d, 'deep.pdf'), [_draft_page(i) for i in range(1, 4)],
             extra=b' /Deep ' + b'[' * depth + b']' * depth)


CASES = {
    'bomb-1g': lambda d: bomb(d, 'bomb-1g.docx', 1 * GiB),
    'bomb-1g-lying': lambda d: bomb(d, 'bomb-1g-lying.docx', 1 * GiB, lie=64 * 1024),
    'bomb-ratio': lambda d: bomb(d, 'bomb-ratio.docx', 200 * MiB),
    'bomb-4g': lambda d: bomb(d, 'bomb-4g.docx', 4 * GiB),
    'bomb-4g-lying': lambda d: bomb(d, 'bomb-4g-lying.docx', 4 * GiB, lie=64 * 1024),
    'billion-laughs-xml': billion_laughs_xml,
    'billion-laughs-docx': billion_laughs_docx,
    'xxe-xml': xxe_xml,
    'xxe-docx': xxe_docx,
    'deep-xml': deep_xml,
    'deep-docx': deep_docx,
    'truncated-docx': truncated_docx,
    'no-document-docx': no_document_docx,
    'ole2-docx': ole2_docx,
    'invalid-utf8': invalid_utf8_txt,
    'utf16-nobom': utf16_nobom_txt,
    'nul-txt': nul_txt,
    'big-text': big_text,
    'long-line': long_line,
    'paragraphs-txt': paragraphs_txt,
    'paragraphs-docx': paragraphs_docx,
    'odd-names': odd_names,
    'corrupt-docx': corrupt_docx,
    'many-entries-docx': many_entries_docx,
    'bomb-odt': bomb_odt,
    'invalid-utf8-xml': invalid_utf8_xml,
    'over-cap': over_cap_text,
    'empty-docx': empty_docx,
    'bomb-ofd': bomb_ofd,
    'deep-ofd': deep_ofd,
    'pages-ofd': pages_ofd,
    'page-bomb-ofd': page_bomb_ofd,
    'encrypted-ofd': encrypted_ofd,
    'missing-page-ofd': missing_page_ofd,
    'scanned-ofd': scanned_ofd,
    'truncated-ofd': truncated_ofd,
    'thousand-pages-pdf': thousand_pages_pdf,
    'pdf-bomb': pdf_bomb,
    'deep-pdf': pdf_deep,
}


def main(argv):
    if len(argv) >= 2 and argv[1] == '--list':
        print('\n'.join(CASES))
        return 0
    if len(argv) < 3:
        sys.stderr.write('usage: gen.py DIR CASE... | gen.py --list\n')
        return 2
    d = argv[1]
    os.makedirs(d, exist_ok=True)
    for c in argv[2:]:
        if c not in CASES:
            sys.stderr.write('gen.py: unknown case %r\n' % c)
            return 2
        CASES[c](d)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
