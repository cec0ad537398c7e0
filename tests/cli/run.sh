#!/usr/bin/env bash
# CLI tests: exit codes and exact messages of the normlint program. Inputs
# are generated in a temporary directory; nothing in the tree is modified.
. "$(dirname "$0")/lib.sh" "$1"

printf '江州市测试办法\n第一条　为了测试，制定本办法。\n第二条　本办法自2025年1月1日起施行。\n' > good.txt
printf 'abc\0def\n' > bin.txt
printf '\xff\xfd\xfe\n' > bad.txt
mkdir -p dir/sub dir/.hidden
cp good.txt dir/a.txt; cp good.txt dir/sub/b.txt; cp good.txt dir/.hidden/c.txt; echo x > dir/notes.md
ln -s ../dir dir/sub/loop

check "no arguments" 2 - -- "$bin"
check "unknown command" 2 "normlint: unknown command 'frobnicate'
Try 'normlint --help'." -- "$bin" frobnicate
check "version" 0 "" -- "$bin" --version
check_out "version text" "normlint 0.1.0"
check "help" 0 "" -- "$bin" --help
check "parse help" 0 "" -- "$bin" parse --help
check "parse without input" 2 "normlint parse: no input: name at least one file or directory
Try 'normlint parse --help'." -- "$bin" parse
check "unknown format" 2 "normlint parse: unknown format 'xml' (known: text, json, summary)
Try 'normlint parse --help'." -- "$bin" parse --format xml good.txt
check "bad max-size" 2 "normlint parse: --max-size needs a size such as 64M, not '12Q'
Try 'normlint parse --help'." -- "$bin" parse --max-size 12Q good.txt
check "bad depth" 2 "normlint parse: --depth needs a number from 0 to 1000, not 'x'
Try 'normlint parse --help'." -- "$bin" parse --depth x good.txt
check "unknown option" 2 "normlint parse: unknown or incomplete option '--bogus'
Try 'normlint parse --help'." -- "$bin" parse --bogus good.txt
check "good file" 0 "" -- "$bin" parse --format summary good.txt
check_out "good summary" "good.txt	normative	articles	articles=2	continuous"
check "missing file" 3 "normlint: nope.txt: cannot open: No such file or directory" -- "$bin" parse --format summary nope.txt
check "binary file" 3 "normlint: bin.txt: unsupported: a binary file (NUL byte at byte 3), not text, DOCX, ODT, XML or HTML; save or convert it as DOCX or UTF-8 text" -- "$bin" parse --format summary bin.txt
check "too large" 3 "normlint: good.txt: is 120 bytes, larger than the 100 bytes limit (--max-size)" -- "$bin" parse --max-size 100 --format summary good.txt
# the run goes on after a bad input, and the good one is still reported
check "mixed inputs" 3 - -- "$bin" parse --format summary bin.txt good.txt bad.txt
check_out "mixed inputs output" "bin.txt	error	binary	unsupported: a binary file (NUL byte at byte 3), not text, DOCX, ODT, XML or HTML; save or convert it as DOCX or UTF-8 text
good.txt	normative	articles	articles=2	continuous
bad.txt	error	encoding	is neither valid UTF-8 (invalid byte 0xFF at byte 0) nor GB18030 (invalid sequence at byte 0)"
check "directory walk" 0 "" -- "$bin" parse --format summary dir
check_out "directory walk output" "dir/a.txt	normative	articles	articles=2	continuous
dir/sub/b.txt	normative	articles	articles=2	continuous"
check "json of unreadable" 3 - -- "$bin" parse --format json bin.txt
check_out "json of unreadable output" '[
{
  "path": "bin.txt",
  "error": {
    "status": "binary",
    "message": "unsupported: a binary file (NUL byte at byte 3), not text, DOCX, ODT, XML or HTML; save or convert it as DOCX or UTF-8 text"
  }
}
]'
check "depth 0" 0 "" -- "$bin" parse --depth 0 good.txt
check_out "depth 0 output" "good.txt
  文件: text，UTF-8，换行 LF，3 行，119 字节
  类型: 行政规范性文件 [normative]——标题文种为“办法”，由行政机关制发
  体例: 条文式
  标题: 江州市测试办法
  施行日期: 2025年1月1日（2025-01-01）
  条文: 2 条，序号连续"
check "text" 0 "" -- "$bin" text good.txt
check_out "text output" "江州市测试办法
第一条　为了测试，制定本办法。
第二条　本办法自2025年1月1日起施行。"
check "text locators" 0 "" -- "$bin" text --locators good.txt
check_out "text locators output" "line:1	江州市测试办法
line:2	第一条　为了测试，制定本办法。
line:3	第二条　本办法自2025年1月1日起施行。"
printf '\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\0\0' > old.docx
check "an OLE2 signature alone, named .docx" 3 "normlint: old.docx: is a damaged OLE2 compound file, or one that holds no Word document" -- "$bin" text old.docx
check "bad revisions" 2 "normlint text: --revisions needs current or original, not 'both'
Try 'normlint text --help'." -- "$bin" text --revisions both good.txt
check "bad limit" 2 "normlint parse: --limit: unknown limit or value out of range in 'zip-size=1M' (zip-entries, zip-entry, zip-total, zip-ratio, xml-depth, pdf-pages, pdf-output, pdf-seconds)
Try 'normlint parse --help'." -- "$bin" parse --limit zip-size=1M good.txt
check "limit accepted" 0 "" -- "$bin" parse --format summary --limit xml-depth=64 --limit zip-ratio=500 good.txt
# the corpus as a whole parses without any unreadable input
check "corpus" 0 "" -- "$bin" parse --format summary "$root/corpus"

finish
