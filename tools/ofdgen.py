#!/usr/bin/env python3
"""ofdgen.py — OFD packages (GB/T 33190-2016) of normative documents, for
normlint's fixtures and tests.

    tools/ofdgen.py [ROOT]     write the committed fixtures under ROOT (default:
                               the repository this file is in): the corpus draft
                               corpus/26-jiangzhou-outdoor-advertising-measures.ofd
                               and the variants in tests/ofd/

The generator typesets a draft the way GB/T 9704 lays out an official
document on A4: a text block of 156 x 225 mm at 28 mm from the left and
37 mm from the top, 22 lines of 28 characters of 16 pt (5.644 mm) type,
paragraphs flush left and right with their first line indented by two
characters, a line never starting with closing punctuation (the character
is squeezed onto the line before), a 22 pt centred title, the signature
and date right-aligned four characters from the right margin, and the page
number (— 3 —) under the text block, right on odd pages and left on even
ones. It writes what a real producer does around the text: a template page
with a running header, a footer and a rotated watermark (page furniture,
not body text), a seal (Signs/, with a stamp annotation), annotations and an
attachment whose words would be findings if a reader took them for the
body, and a rotated watermark in the page content itself.

Producers differ, and the variants show how: one text object per printed
line or per run of a few characters, sizes in points under a CTM that
scales them to millimetres, page blocks nested in the layer, several
TextCodes in one text object with X left out, overprinted (bold) text,
root-absolute and oddly cased part names, other page-number forms.

Everything is written by hand from the structure of GB/T 33190 (OFD.xml,
Document.xml, Content.xml, TemplatePage, Signatures, Annotations,
Attachments); only the Python standard library is used. The output is
deterministic (fixed ZIP timestamps), so regenerating changes nothing
unless this file changed.
"""
import os
import sys
import zipfile
from xml.sax.saxutils import escape, quoteattr

NS = 'http://www.ofdspec.org/2016'
PAGE_W, PAGE_H = 210.0, 297.0
LEFT, TOP = 28.0, 37.0
BLOCK_W, BLOCK_H = 156.0, 225.0
LINES = 22
EM = 5.644                  # 16 pt body type, in millimetres
ADV = BLOCK_W / 28          # a wide character's advance (28 a line)
PITCH = BLOCK_H / LINES
TITLE_EM = 7.761            # 22 pt
PAGENO_EM = 4.939           # 14 pt
NO_LINE_START = set('，。、；：？！”’）》〕】」』')
PT = 0.3528                 # millimetres in a point

# ---- the draft ----------------------------------------------------------------

TITLE = '江州市户外广告设施设置管理办法'
NUMBER = '江州府规〔2024〕12号'
RECIPIENTS = '各县（市、区）人民政府，市政府各部门，各有关单位：'
ARTICLES = [
    '第一条　为了规范户外广告设施设置，维护城市容貌和公共安全，根据《中华人民共和国广告法》《城市市容和环境卫生'
    '管理条例》等法律、法规，结合本市实际，制定本办法。',
    '第二条　本市城市建成区内户外广告设施的规划、设置、维护及其监督管理，适用本办法。法律、法规另有规定的，从其规定。',
    '第三条　市城市管理局是本市户外广告设施设置的主管部门，负责编制户外广告设施设置专项规划，并组织实施本办法。'
    '市自然资源和规划、市场监督管理、公安交通管理等部门按照各自职责，做好户外广告设施设置的相关管理工作。',
    '第四条　户外广告设施的设置应当符合户外广告设施设置专项规划，与城市风貌和周边环境相协调，不得影响交通安全、'
    '消防安全和居民正常生活。',
    '第五条　户外广告设施的设计、制作和安装，应当由在本市注册登记的企业承担；外地企业承接本市户外广告设施工程的，'
    '应当在本市设立分支机构。',
    '第六条　设置单位应当建立户外广告设施安全检查制度，每年至少进行一次安全检测，并将检测报告报市城市管理局备案。'
    '遇有台风、暴雨等灾害性天气，设置单位应当及时开展安全检查，发现安全隐患的，立即采取加固或者拆除措施。',
    '第七条　户外广告设施的画面应当保持整洁、完好；画面破损、污浊的，设置单位应当及时修复或者更换。',
    '第八条　市城市管理局应当建立户外广告设施信息管理平台，向社会公开设置规划、设置情况和监督检查结果，接受社会监督。',
    '第九条　设置单位应当按照专项规划确定的位置、形式和规格设置户外广告设施，不得擅自改变。新设置的户外广告设施，'
    '设置单位应当在设置完成后十五日内将设置位置、规格和安全责任人等信息报送市城市管理局。',
    '第十条　户外广告设施设置期限届满或者因城市建设需要拆除的，设置单位应当在规定期限内自行拆除，并恢复原状。'
    '因城市建设需要提前拆除的，市城市管理局应当提前三十日书面告知设置单位。',
    '第十一条　鼓励设置单位采用节能环保的材料和照明设施，在重大节日和重要活动期间按照统一要求开启户外广告设施照明。',
    '第十二条　市城市管理局应当会同有关部门建立户外广告设施安全事故应急处置机制。发生安全事故的，设置单位应当立即'
    '采取措施，防止损失扩大，并向市城市管理局报告。',
    '第十三条　任何单位和个人发现户外广告设施存在安全隐患或者违法设置的，可以通过12345政务服务便民热线投诉、举报。'
    '市城市管理局应当及时核查处理，并将处理结果告知投诉人、举报人。',
    '第十四条　违反本办法第九条规定，擅自设置户外广告设施的，由市城市管理局责令限期拆除；逾期不拆除的，'
    '处五千元以上一万元以下罚款。',
    '第十五条　市城市管理局及其工作人员在户外广告设施监督管理中玩忽职守、滥用职权、徇私舞弊的，依法给予处分。',
    '第十六条　本办法自2025年1月1日起施行，有效期5年。',
]
ISSUER = '江州市人民政府'
DATE = '2024年11月5日'
NOTE = '（此件公开发布）'

# What lies around the body and must never be read as it: each holds words
# a rule would report.
HEADER = '江州市人民政府行政规范性文件'
FOOTER = '江州市人民政府办公室　2024年11月5日印发'
WATERMARK = '征求意见稿'
ANNOTATION = '审核意见：建议改为对个人处二千元罚款'
ATTACHMENT = '起草说明：违反本办法的，处一万元罚款，并吊销营业执照。\n'
SEAL_NAME = '江州市人民政府（印）'


# ---- typesetting ------------------------------------------------------------------

def width(ch):
    """A character's advance in ems: Latin letters and digits are half width."""
    return 0.5 if ord(ch) < 0x2E80 and ch not in '“”‘’' else 1.0


def break_lines(text, first_indent=2.0, capacity=28.0):
    """The printed lines of a paragraph: [(indent_em, chars, justified)]."""
    lines, i, indent = [], 0, first_indent
    while i < len(text):
        room, j, used = capacity - indent, i, 0.0
        while j < len(text) and used + width(text[j]) <= room + 1e-9:
            used += width(text[j])
            j += 1
        if j < len(text) and text[j] in NO_LINE_START:
            j += 1              # squeezed onto this line
        lines.append((indent, text[i:j], j < len(text)))
        i, indent = j, 0.0
    return lines


class Text:
    """One text object: its glyphs' page positions come from box, ctm, x, y
    and the deltas; `codes` lets several TextCodes share the object."""

    def __init__(self, x, baseline, em, chars, advances, ctm=None, block=0, alpha=None):
        self.x, self.baseline, self.em, self.chars = x, baseline, em, chars
        self.advances, self.ctm, self.block, self.alpha = advances, ctm, block, alpha


def line_objects(x0, baseline, em, chars, justified, style):
    """The text objects printing one line: one object, or runs of at most
    `style['run']` characters each in its own object."""
    if not chars:
        return []
    ems = [width(c) for c in chars]
    total = sum(ems) * ADV / EM * em
    stretch = 0.0
    if justified and len(chars) > 1:
        stretch = (BLOCK_W - (x0 - LEFT) - total) / (len(chars) - 1)
    adv = [w * ADV / EM * em + stretch for w in ems]
    run = style.get('run') or len(chars)
    objs, x = [], x0
    for k in range(0, len(chars), run):
        part = chars[k:k + run]
        objs.append(Text(x, baseline, em, part, adv[k:k + len(part)]))
        x += sum(adv[k:k + len(part)])
    return objs


def centred(text, em, baseline):
    w = sum(width(c) for c in text) * em
    return Text(LEFT + (BLOCK_W - w) / 2, baseline, em, text, [width(c) * em for c in text])


def right_aligned(text, em, baseline, right_space):
    w = sum(width(c) for c in text) * em
    x = LEFT + BLOCK_W - right_space * ADV - w
    return Text(x, baseline, em, text, [width(c) * em for c in text])


def typeset(style, draft=None):
    """The draft as pages of text objects, with the page numbers. draft:
    (title, paragraphs) of another draft, set as title and indented
    paragraphs (the bench's OFD corpus); None: this module's own."""
    blocks = []  # (kind, payload): 'line' (x0, chars, justified) or 'obj' (Text)
    blocks.append(('obj', centred(draft[0] if draft else TITLE, TITLE_EM, 0)))
    if draft:
        for para in draft[1]:
            for indent, chars, just in break_lines(para):
                blocks.append(('line', (LEFT + indent * ADV, chars, just)))
        return paginate(blocks, style)
    blocks.append(('obj', centred(NUMBER, EM, 0)))
    blocks.append(('blank', None))
    for indent, chars, just in break_lines(RECIPIENTS, 0.0):
        blocks.append(('line', (LEFT + indent * ADV, chars, just)))
    for art in ARTICLES:
        for indent, chars, just in break_lines(art):
            blocks.append(('line', (LEFT + indent * ADV, chars, just)))
    blocks.append(('blank', None))
    blocks.append(('obj', right_aligned(ISSUER, EM, 0, 4 + (len(DATE) - len(ISSUER)) / 2)))
    blocks.append(('obj', right_aligned(DATE, EM, 0, 4)))
    for indent, chars, just in break_lines(NOTE):
        blocks.append(('line', (LEFT + indent * ADV, chars, just)))
    return paginate(blocks, style)


def paginate(blocks, style):
    """Blocks onto pages of LINES lines: the text objects of each page."""
    pages, cur = [], []
    for kind, payload in blocks:
        if len(cur) == LINES:
            pages.append(cur)
            cur = []
        baseline = TOP + PITCH * (len(cur) + 1) - (PITCH - EM) / 2 - 0.6
        if kind == 'blank':
            cur.append([])
        elif kind == 'obj':
            payload.baseline = baseline
            cur.append([payload])
        else:
            x0, chars, just = payload
            cur.append(line_objects(x0, baseline, EM, chars, just, style))
    pages.append(cur)
    return [[o for slot in page for o in slot] for page in pages]


def page_number(n, style):
    form = style.get('pageno', 'dash')
    text = {'dash': '— %d —', 'hyphen': '-%d-', 'chinese': '第%d页'}[form] % n
    em = PAGENO_EM
    baseline = TOP + BLOCK_H + 7 + em if form != 'chinese' else 20.0
    w = sum(width(c) for c in text) * em
    x = LEFT + BLOCK_W - em - w if n % 2 else LEFT + em
    return Text(x, baseline, em, text, [width(c) * em for c in text])


# ---- parts -------------------------------------------------------------------------

def num(v):
    s = ('%.4f' % v).rstrip('0').rstrip('.')
    return '0' if s == '-0' else s


def deltas(adv, repeat):
    """DeltaX for glyph advances: runs of equal values as "g N d" when asked."""
    vals = [num(a) for a in adv[:-1]]
    if not repeat:
        return ' '.join(vals)
    out, i = [], 0
    while i < len(vals):
        j = i
        while j < len(vals) and vals[j] == vals[i]:
            j += 1
        out.append('g %d %s' % (j - i, vals[i]) if j - i > 1 else vals[i])
        i = j
    return ' '.join(out)


def text_object(t, oid, style, prefix='ofd:'):
    """The XML of a text object. In points under a CTM when style['points']."""
    p = prefix
    scale = PT if style.get('points') else 1.0
    size = t.em / scale
    w = sum(t.advances) + t.em
    top = t.baseline - t.em
    attrs = 'ID="%d" Boundary="%s %s %s %s" Font="2" Size="%s"' % (
        oid, num(t.x), num(top), num(w), num(t.em * 1.25), num(size))
    if t.ctm:
        attrs += ' CTM="%s"' % t.ctm
    elif scale != 1.0:
        attrs += ' CTM="%s 0 0 %s 0 0"' % (num(scale), num(scale))
    if t.alpha is not None:
        attrs += ' Alpha="%d"' % t.alpha
    adv = [a / scale for a in t.advances]
    y = t.em / scale
    dx = deltas(adv, style.get('repeat', True))
    code = '<%sTextCode X="0" Y="%s"%s>%s</%sTextCode>' % (
        p, num(y), ' DeltaX=%s' % quoteattr(dx) if dx else '', escape(t.chars), p)
    if style.get('overprint'):
        code += code.replace('X="0"', 'X="0.02"', 1)  # bold by overprinting, in a second TextCode
    return '<%sTextObject %s>%s</%sTextObject>' % (p, attrs, code, p)


def wrap_blocks(objs, depth):
    """Objects nested `depth` page blocks deep."""
    return '<ofd:PageBlock ID="900">' * depth + objs + '</ofd:PageBlock>' * depth


def page_xml(objects, style, template=None, extra='', prefix='ofd:'):
    p = prefix
    ids = iter(range(1000, 100000))
    body = ''.join(text_object(t, next(ids), style, prefix) for t in objects)
    if style.get('blocks'):
        body = wrap_blocks(body, style['blocks'])
    tpl = '<%sTemplate TemplateID="%s" ZOrder="Background"/>' % (p, template) if template else ''
    xmlns = ' xmlns:ofd="%s"' % style.get('ns', NS) if p else ''
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<%sPage%s><%sArea><%sPhysicalBox>0 0 210 297</%sPhysicalBox>'
            '</%sArea>%s<%sContent><%sLayer ID="2" Type="Body">%s</%sLayer>%s</%sContent></%sPage>\n' % (
                p, xmlns, p, p, p, p, tpl, p, p, body, p, extra, p, p))


def watermark_layer():
    """A rotated watermark drawn in the page content: not body text."""
    return ('<ofd:Layer ID="3" Type="Foreground"><ofd:TextObject ID="950" Boundary="40 120 150 40" Font="2" '
            'Size="14" CTM="0.7071 -0.7071 0.7071 0.7071 0 40"><ofd:TextCode X="0" Y="14" DeltaX="g 4 14">'
            '%s</ofd:TextCode></ofd:TextObject></ofd:Layer>' % WATERMARK)


def template_xml():
    header = Text(LEFT, 24.0, 3.7, HEADER, [3.7] * len(HEADER))
    footer = Text(LEFT, 290.0, 3.7, FOOTER, [width(c) * 3.7 for c in FOOTER])
    objs = text_object(header, 10, {}) + text_object(footer, 11, {})
    mark = ('<ofd:TextObject ID="12" Boundary="30 100 160 60" Font="2" Size="20" Alpha="60" '
            'CTM="0.866 -0.5 0.5 0.866 0 30"><ofd:TextCode X="0" Y="20" DeltaX="g 4 22">%s</ofd:TextCode>'
            '</ofd:TextObject>' % WATERMARK)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<ofd:Page xmlns:ofd="%s"><ofd:Content><ofd:Layer ID="9">'
            '%s%s</ofd:Layer></ofd:Content></ofd:Page>\n' % (NS, objs, mark))


def ofd_xml(roots, title=TITLE, ns=NS, signatures=True):
    bodies = ''.join(
        '<ofd:DocBody><ofd:DocInfo><ofd:DocID>6f1d2c0e8a4b4e0c9d3f%04d</ofd:DocID><ofd:Title>%s</ofd:Title>'
        '<ofd:Author>江州市人民政府办公室</ofd:Author><ofd:CreationDate>2024-11-05</ofd:CreationDate>'
        '<ofd:ModDate>2024-11-06</ofd:ModDate><ofd:Creator>ofdgen</ofd:Creator></ofd:DocInfo>'
        '<ofd:DocRoot>%s</ofd:DocRoot>%s</ofd:DocBody>' % (
            i, escape(title), escape(r), '<ofd:Signatures>%s/Signs/Signatures.xml</ofd:Signatures>' % r.rsplit('/', 1)[0]
            if signatures else '') for i, r in enumerate(roots))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<ofd:OFD xmlns:ofd="%s" Version="1.1" DocType="OFD">%s'
            '</ofd:OFD>\n' % (ns, bodies))


def document_xml(page_locs, template=True, ns=NS, annotations=True, attachments=True):
    pages = ''.join('<ofd:Page ID="%d" BaseLoc=%s/>' % (10 + i, quoteattr(loc)) for i, loc in enumerate(page_locs))
    tpl = '<ofd:TemplatePage ID="5" BaseLoc="Tpls/Tpl_0/Content.xml"/>' if template else ''
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<ofd:Document xmlns:ofd="%s"><ofd:CommonData>'
            '<ofd:MaxUnitID>99999</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox>'
            '</ofd:PageArea><ofd:PublicRes>PublicRes.xml</ofd:PublicRes>%s</ofd:CommonData><ofd:Pages>%s</ofd:Pages>'
            '%s%s</ofd:Document>\n' % (
                ns, tpl, pages, '<ofd:Annotations>Annots/Annotations.xml</ofd:Annotations>' if annotations else '',
                '<ofd:Attachments>Attachs/Attachments.xml</ofd:Attachments>' if attachments else ''))


PUBLIC_RES = ('<?xml version="1.0" encoding="UTF-8"?>\n<ofd:Res xmlns:ofd="%s" BaseLoc="Res"><ofd:Fonts>'
              '<ofd:Font ID="2" FontName="仿宋" FamilyName="仿宋"/></ofd:Fonts></ofd:Res>\n' % NS)


def furniture_parts(doc_dir, last_page):
    """Signatures with a seal, annotations and an attachment: parts whose
    text is not body text."""
    d = doc_dir
    sign = ('<?xml version="1.0" encoding="UTF-8"?>\n<ofd:Signatures xmlns:ofd="%s"><ofd:MaxSignId>1</ofd:MaxSignId>'
            '<ofd:Signature ID="1" Type="Seal" BaseLoc="/%s/Signs/Sign_0/Signature.xml"/></ofd:Signatures>\n' % (NS, d))
    signature = ('<?xml version="1.0" encoding="UTF-8"?>\n<ofd:Signature xmlns:ofd="%s"><ofd:SignedInfo>'
                 '<ofd:Provider ProviderName="ofdgen"/><ofd:SignatureMethod>1.2.156.10197.1.501</ofd:SignatureMethod>'
                 '<ofd:SignatureDateTime>20241105100000Z</ofd:SignatureDateTime>'
                 '<ofd:StampAnnot ID="1" PageRef="%d" Boundary="120 190 40 40"/>'
                 '<ofd:Seal><ofd:BaseLoc>/%s/Signs/Sign_0/Seal.esl</ofd:BaseLoc></ofd:Seal></ofd:SignedInfo>'
                 '<ofd:SignedValue>/%s/Signs/Sign_0/SignedValue.dat</ofd:SignedValue></ofd:Signature>\n'
                 % (NS, 10 + last_page, d, d))
    annots = ('<?xml version="1.0" encoding="UTF-8"?>\n<ofd:Annotations xmlns:ofd="%s"><ofd:Page PageID="10">'
              '<ofd:FileLoc>Page_0/Annotation.xml</ofd:FileLoc></ofd:Page></ofd:Annotations>\n' % NS)
    annot = ('<?xml version="1.0" encoding="UTF-8"?>\n<ofd:PageAnnot xmlns:ofd="%s">'
             '<ofd:Annot ID="1" Type="Highlight" Creator="审核员" LastModDate="2024-11-06">'
             '<ofd:Remark>%s</ofd:Remark><ofd:Appearance Boundary="30 120 150 20"><ofd:TextObject ID="2" '
             'Boundary="0 0 150 20" Font="2" Size="5"><ofd:TextCode X="0" Y="5">%s</ofd:TextCode></ofd:TextObject>'
             '</ofd:Appearance></ofd:Annot><ofd:Annot ID="3" Type="Watermark"><ofd:Appearance Boundary="0 0 210 297">'
             '<ofd:TextObject ID="4" Boundary="0 140 210 20" Font="2" Size="12"><ofd:TextCode X="40" Y="12">'
             '内部资料　注意保密</ofd:TextCode></ofd:TextObject></ofd:Appearance></ofd:Annot></ofd:PageAnnot>\n'
             % (NS, ANNOTATION, ANNOTATION))
    attachs = ('<?xml version="1.0" encoding="UTF-8"?>\n<ofd:Attachments xmlns:ofd="%s"><ofd:Attachment ID="1" '
               'Name="起草说明" Format="txt" Visible="true"><ofd:FileLoc>draft-note.txt</ofd:FileLoc></ofd:Attachment>'
               '</ofd:Attachments>\n' % NS)
    return [('%s/Signs/Signatures.xml' % d, sign), ('%s/Signs/Sign_0/Signature.xml' % d, signature),
            ('%s/Signs/Sign_0/Seal.esl' % d, b'ESL\x00' + SEAL_NAME.encode() + b'\x00' * 16),
            ('%s/Signs/Sign_0/SignedValue.dat' % d, b'\x30\x82\x01\x00' + b'\x5a' * 64),
            ('%s/Annots/Annotations.xml' % d, annots), ('%s/Annots/Page_0/Annotation.xml' % d, annot),
            ('%s/Attachs/Attachments.xml' % d, attachs), ('%s/Attachs/draft-note.txt' % d, ATTACHMENT)]


def write_package(path, parts):
    """parts: (name, str or bytes) in order, deflated, with fixed timestamps."""
    os.makedirs(os.path.dirname(path) or '.', exist_ok=True)
    with zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED) as z:
        for name, data in parts:
            info = zipfile.ZipInfo(name, date_time=(2024, 11, 5, 10, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, data.encode('utf-8') if isinstance(data, str) else data)


def normative_parts(style, draft=None):
    """The parts of the draft's package in the given producer style."""
    pages = typeset(style, draft)
    d = style.get('dir', 'Doc_0')
    loc = style.get('page_loc', 'Pages/Page_%d/Content.xml')
    locs = [loc % i for i in range(len(pages))]
    parts = [('OFD.xml', ofd_xml([style.get('root', d + '/Document.xml')], ns=style.get('ns', NS))),
             ('%s/Document.xml' % d, document_xml(locs, ns=style.get('ns', NS))),
             ('%s/PublicRes.xml' % d, PUBLIC_RES), ('%s/Tpls/Tpl_0/Content.xml' % d, template_xml())]
    for i, objs in enumerate(pages):
        objs = objs + [page_number(i + 1, style)]
        extra = watermark_layer() if i == 1 else ''
        stored = '%s/Pages/Page_%d/Content.xml' % (d, i)
        parts.append((stored, page_xml(objs, style, template=5, extra=extra)))
    return parts + furniture_parts(d, len(pages) - 1)


# ---- the fixtures --------------------------------------------------------------------

CORPUS = 'corpus/26-jiangzhou-outdoor-advertising-measures.ofd'
VARIANTS = {
    # points under a CTM, runs of at most 5 characters each in its own object,
    # two page blocks deep, explicit delta lists, overprinted bold text,
    # root-absolute page locations in another letter case, -N- page numbers
    'tests/ofd/producer-variants.ofd': {
        'points': True, 'run': 5, 'blocks': 2, 'repeat': False, 'overprint': True,
        'page_loc': '/doc_0/PAGES/page_%d/content.xml', 'pageno': 'hyphen'},
    # 第N页 at the top of each page, the older namespace, a DocRoot with "./"
    'tests/ofd/page-number-top.ofd': {
        'pageno': 'chinese', 'ns': 'http://www.ofdspec.org', 'root': './Doc_0/Document.xml'},
}


def main(argv):
    root = argv[1] if len(argv) > 1 else os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    write_package(os.path.join(root, CORPUS), normative_parts({}))
    for name, style in VARIANTS.items():
        write_package(os.path.join(root, name), normative_parts(style))
    print('ofdgen: wrote %s and %s' % (CORPUS, ', '.join(VARIANTS)))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
