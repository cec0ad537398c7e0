#!/usr/bin/env python3
"""make_docx.py TEXT DOCX: a DOCX with one paragraph per non-empty line of the
UTF-8 file TEXT, each split into runs of three characters with every second
run bold (the way Word splits runs), for the CLI tests."""
import sys, zipfile
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
def r(t, b=False): return '<w:r>%s<w:t xml:space="preserve">%s</w:t></w:r>' % ('<w:rPr><w:b/></w:rPr>' if b else '', t)
paras = []
for line in open(sys.argv[1], encoding='utf-8').read().split('\n'):
    if not line: continue
    # split runs every 3 characters, alternate bold for the second run
    runs = ''.join(r(line[i:i+3], (i//3) % 2 == 1) for i in range(0, len(line), 3))
    paras.append('<w:p>%s</w:p>' % runs)
doc = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document %s><w:body>%s</w:body></w:document>' % (W, ''.join(paras))
ct = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
      '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
rels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
with zipfile.ZipFile(sys.argv[2], 'w', zipfile.ZIP_DEFLATED) as z:
    z.writestr('[Content_Types].xml', ct)
    z.writestr('_rels/.rels', rels)
    z.writestr('word/document.xml', doc)
