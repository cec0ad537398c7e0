#!/usr/bin/env python3
"""txt2fodt.py — lay a plain-text draft (UTF-8, one paragraph per line) out
as an official document (GB/T 9704-2012, roughly) in a Flat ODT, for
LibreOffice to print to PDF: A4, 仿宋 三号 body with first lines indented by
two characters and fixed 28.95 pt lines (22 to a page), the title in 小标宋
二号 centred, chapter and section headings centred, the signature and date
right-aligned, a running header naming the draft and a footer with the page
number as "— N —". The PDFs of corpus/ and tests/pdf/ are made from such
files (corpus/src/build.sh, tests/pdf/build.sh), so that they carry what a
reader of a real PDF meets: page furniture to drop, paragraphs broken over
lines and pages, and full-width spaces set as gaps.

Usage: txt2fodt.py DRAFT.txt OUT.fodt [HEADER-TEXT]
"""
import re
import sys
from xml.sax.saxutils import escape

HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" \
xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" \
xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" \
xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" \
xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" \
office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:font-face-decls>
<style:font-face style:name="仿宋_GB2312" svg:font-family="仿宋_GB2312"/>
<style:font-face style:name="方正小标宋简体" svg:font-family="方正小标宋简体"/>
<style:font-face style:name="黑体" svg:font-family="黑体"/>
</office:font-face-decls>
<office:styles>
<style:default-style style:family="paragraph">
<style:paragraph-properties fo:line-height="28.95pt"/>
<style:text-properties style:font-name="仿宋_GB2312" fo:font-size="16pt" \
style:font-name-asian="仿宋_GB2312" style:font-size-asian="16pt" fo:language="zh" fo:country="CN" \
style:language-asian="zh" style:country-asian="CN"/>
</style:default-style>
<style:style style:name="Body" style:family="paragraph">
<style:paragraph-properties fo:text-indent="32pt"/>
</style:style>
<style:style style:name="Plain" style:family="paragraph">
<style:paragraph-properties/>
</style:style>
<style:style style:name="Title" style:family="paragraph">
<style:paragraph-properties fo:text-align="center" fo:line-height="36pt"/>
<style:text-properties style:font-name="方正小标宋简体" fo:font-size="22pt" \
style:font-name-asian="方正小标宋简体" style:font-size-asian="22pt"/>
</style:style>
<style:style style:name="Centre" style:family="paragraph">
<style:paragraph-properties fo:text-align="center"/>
</style:style>
<style:style style:name="Heading" style:family="paragraph">
<style:paragraph-properties fo:text-align="center"/>
<style:text-properties style:font-name="黑体" style:font-name-asian="黑体"/>
</style:style>
<style:style style:name="Right" style:family="paragraph">
<style:paragraph-properties fo:text-align="end" fo:margin-right="64pt"/>
</style:style>
<style:style style:name="Furniture" style:family="paragraph">
<style:paragraph-properties fo:text-align="center" fo:line-height="100%"/>
<style:text-properties fo:font-size="10.5pt" style:font-size-asian="10.5pt"/>
</style:style>
<style:style style:name="PageNo" style:family="paragraph">
<style:paragraph-properties fo:text-align="center" fo:line-height="100%"/>
<style:text-properties fo:font-size="14pt" style:font-size-asian="14pt"/>
</style:style>
</office:styles>
<office:automatic-styles>
<style:page-layout style:name="A4">
<style:page-layout-properties fo:page-width="210mm" fo:page-height="297mm" fo:margin-top="20mm" \
fo:margin-bottom="18mm" fo:margin-left="28mm" fo:margin-right="26mm"/>
<style:header-style><style:header-footer-properties fo:min-height="0mm" fo:margin-bottom="10mm"/></style:header-style>
<style:footer-style><style:header-footer-properties fo:min-height="0mm" fo:margin-top="10mm"/></style:footer-style>
</style:page-layout>
</office:automatic-styles>
<office:master-styles>
<style:master-page style:name="Standard" style:page-layout-name="A4">
<style:header><text:p text:style-name="Furniture">{header}</text:p></style:header>
<style:footer><text:p text:style-name="PageNo">— <text:page-number text:select-page="current">1</text:page-number> —</text:p></style:footer>
</style:master-page>
</office:master-styles>
<office:body><office:text>
"""

TAIL = """</office:text></office:body></office:document>
"""

DOCNUM = re.compile(r"^\S{1,16}[〔\[［(（]\d{4}[〕\]］)）]第?\d+号$|^第\d+号$")
HEADING = re.compile(r"^第[一二三四五六七八九十百零〇]+[章节]")
DATE = re.compile(r"^(\d{4}|[〇一二三四五六七八九]{4})[年.]")
ISSUER = re.compile(r"(人民政府|办公室|办公厅|局|委员会|领导小组|厅|部)$")


def styles(lines):
    """The paragraph style of each line: the title runs up to the 文号
    (or the first line when there is none), the signature is the issuer lines
    just above the last date."""
    out = ["Body"] * len(lines)
    num = next((i for i, s in enumerate(lines[:4]) if DOCNUM.match(s)), None)
    title_end = num if num is not None else 1
    for i in range(title_end):
        out[i] = "Title"
    if num is not None:
        out[num] = "Centre"
        if num + 1 < len(lines) and lines[num + 1].endswith("："):
            out[num + 1] = "Plain"
    for i, s in enumerate(lines):
        if HEADING.match(s):
            out[i] = "Heading"
    dates = [i for i, s in enumerate(lines) if DATE.match(s) and len(s) <= 12]
    if dates:
        d = dates[-1]
        out[d] = "Right"
        i = d - 1
        while i > title_end and len(lines[i]) <= 30 and ISSUER.search(lines[i]):
            out[i] = "Right"
            i -= 1
    return out


def main():
    src, dst = sys.argv[1], sys.argv[2]
    header = sys.argv[3] if len(sys.argv) > 3 else "征求意见稿"
    with open(src, encoding="utf-8") as f:
        lines = [line.rstrip("\r\n") for line in f]
    body = []
    for s, st in zip(lines, styles(lines)):
        body.append('<text:p text:style-name="%s">%s</text:p>\n' % (st, escape(s)))
    with open(dst, "w", encoding="utf-8") as f:
        f.write(HEAD.replace("{header}", escape(header)) + "".join(body) + TAIL)


if __name__ == "__main__":
    main()
