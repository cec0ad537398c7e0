/*
 * test_load_docx.c — the DOCX loader on fixture documents built here in
 * memory (nl_test_zip_build) from small WordprocessingML snippets: runs split
 * anywhere, tabs/breaks/hyphens/symbols, tables, content controls, text boxes
 * (mc:AlternateContent read once), tracked changes in both modes, fields,
 * automatic numbering (direct, through a style, restarts, start overrides,
 * Chinese formats), locators, and every hostile case with its exact error.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "normlint/normlint.h"

#include "docx_fixture.h"
#include "support/zipbuild.h"

/* nl_load_opts.notes for lines_of */
static int load_notes;

/* Load and return all lines joined with "|". */
static char *lines_of(const char *body, const char *numbering, const char *styles, int original, nl_doc **keep)
{
    size_t len;
    unsigned char *z = make_docx(body, numbering, styles, &len);
    nl_doc *d = NULL;
    nl_error err;
    nl_load_opts o = {.revisions_original = original, .notes = load_notes};
    nl_status st = nl_load_memory(&d, "t.docx", z, len, &o, &err);
    if (st != NL_OK)
        fprintf(stderr, "load: %s\n", err.message);
    assert_int_equal(st, NL_OK);
    free(z);
    assert_string_equal(nl_doc_format(d), "docx");
    static char out[8192];
    out[0] = '\0';
    for (size_t i = 0; i < nl_doc_line_count(d); i++) {
        const nl_line *l = nl_doc_line(d, i);
        if (i)
            strcat(out, "|");
        strncat(out, nl_doc_text(d) + l->start, l->end - l->start);
    }
    if (keep)
        *keep = d;
    else
        nl_doc_free(d);
    return out;
}


static void test_runs_and_specials(void **state)
{
    (void)state;
    assert_string_equal(lines_of(P(R("第") R("一") R("条　为了规范，制定本办") R("法。")) P(R("2") R("024年"))
                                     P(R("甲") "<w:r><w:tab/><w:t>乙</w:t><w:br/><w:t>丙</w:t><w:cr/></w:r>")
                                     P("<w:r><w:t>A</w:t><w:noBreakHyphen/><w:t>B</w:t><w:softHyphen/><w:t>C</w:t>"
                                       "<w:sym w:font=\"Symbol\" w:char=\"F0B7\"/><w:sym w:char=\"2605\"/></w:r>")
                                     "<w:p/>",
                                 NULL, NULL, 0, NULL),
                        "第一条　为了规范，制定本办法。|2024年|甲\t乙\u2028丙\u2028|A-BC·★|");
}

static void test_tables_sdt_textbox(void **state)
{
    (void)state;
    const char *body =
        P(R("前"))
        "<w:tbl><w:tr><w:tc>" P(R("单元一")) "</w:tc><w:tc>" P(R("单元二")) "</w:tc></w:tr></w:tbl>"
        "<w:sdt><w:sdtContent>" P(R("控件")) "</w:sdtContent></w:sdt>"
        "<w:p><w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><w:txbxContent>" P(R("文本框"))
        "</w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent>" P(R("文本框"))
        "</w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r>" R("后") "</w:p>";
    nl_doc *d = NULL;
    assert_string_equal(lines_of(body, NULL, NULL, 0, &d), "前|单元一|单元二|控件|文本框|后");
    /* locators: part word/document.xml, paragraph ordinals in the order paragraphs end */
    const nl_line *l = nl_doc_line(d, 5);
    assert_string_equal(nl_doc_part_name(d, l->part), "word/document.xml");
    assert_int_equal(l->ordinal, 6);
    assert_int_equal(nl_doc_line(d, 0)->ordinal, 1);
    nl_doc_free(d);
}

/* The paragraphs of table cells are model lines that know their row; the
   recogniser makes the table a node of the article it stands in, never 款 of
   it, and the text after it a new 款. A line break inside a paragraph keeps
   one line. */
static void test_table_rows(void **state)
{
    (void)state;
    const char *body =
        P(R("第一条　摊位按下表设置：")) "<w:tbl><w:tr><w:tc>" P(R("类别")) "</w:tc><w:tc>" P(R("面积")) "</w:tc></w:tr>"
        "<w:tr><w:tc>" P(R("餐饮")) P(R("含小吃")) "</w:tc><w:tc>" P(R("六平方米")) "</w:tc></w:tr></w:tbl>"
        P(R("摊主应当") "<w:r><w:br/></w:r>" R("遵守本办法。")) P(R("第二条　本办法自公布之日起施行。"));
    nl_doc *d = NULL;
    assert_string_equal(lines_of(body, NULL, NULL, 0, &d),
                        "第一条　摊位按下表设置：|类别|面积|餐饮|含小吃|六平方米|摊主应当\u2028遵守本办法。|"
                        "第二条　本办法自公布之日起施行。");
    static const uint32_t rows[] = {0, 1, 1, 2, 2, 2, 0, 0};
    for (size_t i = 0; i < 8; i++)
        assert_int_equal(nl_doc_line(d, i)->row, rows[i]);
    nl_error err;
    assert_int_equal(nl_doc_recognise(d, &err), NL_OK);
    const nl_node *art = NULL;
    for (const nl_node *n = nl_doc_root(d); n && !art; n = nl_node_next_preorder(n))
        if (n->kind == NL_NODE_ARTICLE)
            art = n;
    assert_non_null(art);
    const nl_node *c1 = art->first_child, *t = c1->next, *c2 = t->next;
    assert_int_equal(c1->kind, NL_NODE_CLAUSE);
    assert_int_equal(t->kind, NL_NODE_TABLE);
    assert_int_equal(c2->kind, NL_NODE_CLAUSE);
    assert_null(c2->next);
    assert_int_equal(c2->number, 2);
    assert_int_equal(t->first_child->kind, NL_NODE_ROW);
    assert_int_equal(t->last_child->number, 2);
    assert_int_equal(t->last_child->first_line, 3);
    assert_int_equal(t->last_child->last_line, 5);
    char addr[128];
    nl_doc_address(d, nl_doc_line(d, 4)->start, addr, sizeof addr);
    assert_string_equal(addr, "第一条表格第二行");
    nl_doc_address(d, nl_doc_line(d, 6)->start, addr, sizeof addr);
    assert_string_equal(addr, "第一条第二款");
    nl_doc_free(d);
}

/* Footnotes and endnotes: read only when asked, after the body, each
   paragraph a line of its part (separators left out); the recogniser makes
   them notes, not text of the last article or the signature. */
static void test_notes(void **state)
{
    (void)state;
    const char *body = P(R("第一条　经营者应当遵守本办法。") "<w:r><w:footnoteReference w:id=\"1\"/></w:r>")
        P(R("第二条　本办法自2025年1月1日起施行。"));
    footnotes_part = "<w:footnote w:type=\"separator\" w:id=\"-1\"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>"
                     "<w:footnote w:id=\"1\"><w:p><w:r><w:footnoteRef/></w:r>" R("违反的，处五百元罚款。") "</w:p>"
                     "</w:footnote>";
    endnotes_part = "<w:endnote w:id=\"1\">" P(R("尾注一。")) "</w:endnote>";
    assert_string_equal(lines_of(body, NULL, NULL, 0, NULL), "第一条　经营者应当遵守本办法。|第二条　本办法自2025年1月1日起施行。");
    load_notes = 1;
    nl_doc *d = NULL;
    assert_string_equal(lines_of(body, NULL, NULL, 0, &d),
                        "第一条　经营者应当遵守本办法。|第二条　本办法自2025年1月1日起施行。|违反的，处五百元罚款。|尾注一。");
    load_notes = 0;
    footnotes_part = endnotes_part = NULL;
    const nl_line *l = nl_doc_line(d, 2);
    assert_string_equal(nl_doc_part_name(d, l->part), "word/footnotes.xml");
    assert_int_equal(l->ordinal, 2);
    assert_string_equal(nl_doc_part_name(d, nl_doc_line(d, 3)->part), "word/endnotes.xml");
    nl_error err;
    assert_int_equal(nl_doc_recognise(d, &err), NL_OK);
    char addr[64];
    nl_doc_address(d, l->start, addr, sizeof addr);
    assert_string_equal(addr, "脚注");
    nl_doc_address(d, nl_doc_line(d, 1)->start, addr, sizeof addr);
    assert_string_equal(addr, "第二条");
    nl_doc_free(d);
}

static void test_tracked_changes(void **state)
{
    (void)state;
    const char *body =
        P(R("本办法自") "<w:del w:id=\"1\" w:author=\"a\"><w:r><w:delText>2024年1月1日</w:delText></w:r></w:del>"
          "<w:ins w:id=\"2\" w:author=\"a\"><w:r><w:t>2025年1月1日</w:t></w:r></w:ins>" R("起施行。"))
        "<w:p><w:pPr><w:rPr><w:del w:id=\"3\" w:author=\"a\"/></w:rPr></w:pPr>"
        "<w:del w:id=\"4\" w:author=\"a\"><w:r><w:delText>删除的段落</w:delText></w:r></w:del></w:p>"
        P("<w:moveFrom w:id=\"5\" w:author=\"a\"><w:r><w:t>旧位置</w:t></w:r></w:moveFrom>"
          "<w:moveTo w:id=\"6\" w:author=\"a\"><w:r><w:t>新位置</w:t></w:r></w:moveTo>");
    assert_string_equal(lines_of(body, NULL, NULL, 0, NULL), "本办法自2025年1月1日起施行。|新位置");
    assert_string_equal(lines_of(body, NULL, NULL, 1, NULL), "本办法自2024年1月1日起施行。|删除的段落|旧位置");
    /* a deleted paragraph mark joins its paragraph to the next one (which
       loses its own number), also across a paragraph that is all deleted;
       the joined line keeps the first paragraph's locator */
    const char *marks =
        "<w:p><w:pPr><w:rPr><w:del w:id=\"7\" w:author=\"a\"/></w:rPr></w:pPr>" R("第五条　经营者应当") "</w:p>"
        "<w:p><w:pPr><w:rPr><w:del w:id=\"8\" w:author=\"a\"/></w:rPr></w:pPr>"
        "<w:del w:id=\"9\" w:author=\"a\"><w:r><w:delText>（删去的一段）</w:delText></w:r></w:del></w:p>"
        P(R("依法经营。")) P(R("第六条　下一条。"));
    assert_string_equal(lines_of(marks, NULL, NULL, 0, NULL), "第五条　经营者应当依法经营。|第六条　下一条。");
    assert_string_equal(lines_of(marks, NULL, NULL, 1, NULL),
                        "第五条　经营者应当|（删去的一段）|依法经营。|第六条　下一条。");
    nl_doc *d = NULL;
    lines_of(marks, NULL, NULL, 0, &d);
    assert_int_equal(nl_doc_line_count(d), 2);
    assert_int_equal(nl_doc_line(d, 0)->ordinal, 1);
    assert_int_equal(nl_doc_line(d, 1)->ordinal, 4);
    nl_doc_free(d);
}

static void test_fields(void **state)
{
    (void)state;
    const char *body =
        P(R("见第") "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>"
          "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>" R("3") "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>"
          R("页"))
        P("<w:fldSimple w:instr=\" DATE \">" R("2024年5月8日") "</w:fldSimple>");
    assert_string_equal(lines_of(body, NULL, NULL, 0, NULL), "见第3页|2024年5月8日");
}

static const char *const numbering =
    "<w:abstractNum w:abstractNumId=\"0\">"
    "<w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"chineseCounting\"/><w:lvlText w:val=\"第%1条\"/>"
    "<w:suff w:val=\"space\"/></w:lvl>"
    "<w:lvl w:ilvl=\"1\"><w:start w:val=\"1\"/><w:numFmt w:val=\"chineseCounting\"/><w:lvlText w:val=\"（%2）\"/>"
    "<w:suff w:val=\"nothing\"/></w:lvl>"
    "<w:lvl w:ilvl=\"2\"><w:start w:val=\"1\"/><w:numFmt w:val=\"decimal\"/><w:lvlText w:val=\"%3.\"/>"
    "<w:suff w:val=\"nothing\"/></w:lvl>"
    "</w:abstractNum>"
    "<w:abstractNum w:abstractNumId=\"1\">"
    "<w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"chineseCountingThousand\"/>"
    "<w:lvlText w:val=\"%1、\"/><w:suff w:val=\"nothing\"/></w:lvl>"
    "</w:abstractNum>"
    "<w:abstractNum w:abstractNumId=\"2\">"
    "<w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"decimalEnclosedCircle\"/>"
    "<w:lvlText w:val=\"%1\"/></w:lvl>"
    "</w:abstractNum>"
    "<w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num>"
    "<w:num w:numId=\"2\"><w:abstractNumId w:val=\"1\"/></w:num>"
    "<w:num w:numId=\"3\"><w:abstractNumId w:val=\"1\"/><w:lvlOverride w:ilvl=\"0\">"
    "<w:startOverride w:val=\"9\"/></w:lvlOverride></w:num>"
    "<w:num w:numId=\"4\"><w:abstractNumId w:val=\"2\"/></w:num>";

#define NP(id, lvl, x)                                                                                           \
    "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"" #lvl "\"/><w:numId w:val=\"" #id "\"/></w:numPr></w:pPr>" R(x)     \
    "</w:p>"

static void test_numbering(void **state)
{
    (void)state;
    const char *body = NP(1, 0, "为了规范，制定本办法。") NP(1, 0, "经营者应当遵守下列规定：")
        NP(1, 1, "公示收费标准；") NP(1, 2, "值班制度；") NP(1, 2, "巡查制度。") NP(1, 1, "建立制度。")
        NP(1, 0, "本办法自印发之日起施行。") NP(2, 0, "总体要求") NP(2, 0, "重点任务")
        NP(3, 0, "保障措施") NP(4, 0, "甲") NP(4, 0, "乙")
        "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"0\"/></w:numPr></w:pPr>" R("不编号") "</w:p>"
        "<w:p><w:pPr><w:pStyle w:val=\"Article\"/></w:pPr>" R("样式编号的条文。") "</w:p>"
        "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr></w:pPr></w:p>";
    const char *styles = "<w:style w:type=\"paragraph\" w:styleId=\"ArticleBase\"><w:name w:val=\"条\"/>"
                         "<w:pPr><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr></w:pPr></w:style>"
                         "<w:style w:type=\"paragraph\" w:styleId=\"Article\"><w:basedOn w:val=\"ArticleBase\"/>"
                         "</w:style>";
    nl_doc *d = NULL;
    assert_string_equal(lines_of(body, numbering, styles, 0, &d),
                        "第一条 为了规范，制定本办法。|第二条 经营者应当遵守下列规定：|（一）公示收费标准；|"
                        "1.值班制度；|2.巡查制度。|（二）建立制度。|第三条 本办法自印发之日起施行。|"
                        "一、总体要求|二、重点任务|九、保障措施|①\t甲|②\t乙|不编号|第四条 样式编号的条文。|");
    /* the recogniser sees the numbered articles exactly as a reader does */
    nl_numbering nb = nl_doc_numbering(d);
    assert_int_equal(nb.articles, 4);
    assert_true(nb.continuous);
    nl_doc_free(d);
}

static void test_numfmt_forms(void **state)
{
    (void)state;
    static const struct {
        const char *fmt;
        int value;
        const char *want;
    } cases[] = {
        {"chineseCounting", 11, "十一"},      {"chineseCountingThousand", 103, "一百零三"},
        {"chineseLegalSimplified", 12, "拾贰"}, {"ideographDigital", 10, "一〇"},
        {"ideographTraditional", 3, "丙"},    {"decimalZero", 7, "07"},
        {"decimalFullWidth", 12, "１２"},      {"decimalEnclosedParen", 2, "⑵"},
        {"upperRoman", 14, "XIV"},            {"lowerLetter", 28, "bb"},
        {"decimalEnclosedCircle", 21, "21"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char num[1024], body[1024], want[128];
        snprintf(num, sizeof num,
                 "<w:abstractNum w:abstractNumId=\"0\"><w:lvl w:ilvl=\"0\"><w:start w:val=\"%d\"/>"
                 "<w:numFmt w:val=\"%s\"/><w:lvlText w:val=\"%%1\"/><w:suff w:val=\"nothing\"/></w:lvl>"
                 "</w:abstractNum><w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num>",
                 cases[i].value, cases[i].fmt);
        snprintf(body, sizeof body, "%s", NP(1, 0, "x"));
        snprintf(want, sizeof want, "%sx", cases[i].want);
        assert_string_equal(lines_of(body, num, NULL, 0, NULL), want);
    }
}

static void load_bytes_fails(const void *data, size_t len, nl_status st, const char *msg)
{
    nl_doc *d = NULL;
    nl_error err;
    assert_int_equal(nl_load_memory(&d, "bad.docx", data, len, NULL, &err), st);
    assert_null(d);
    assert_string_equal(err.path, "bad.docx");
    if (strcmp(err.message, msg) != 0)
        fprintf(stderr, "got: %s\n", err.message);
    assert_string_equal(err.message, msg);
}

static void test_hostile(void **state)
{
    (void)state;
    size_t len;
    unsigned char *z = make_docx(P(R("甲")), NULL, NULL, &len);
    /* truncated archive */
    load_bytes_fails(z, len / 2, NL_ERR_PARSE, "is a damaged or truncated ZIP archive (Not a zip archive)");
    free(z);
    /* a ZIP without the main part */
    {
        const char *names[] = {"readme.txt"};
        const char *data[] = {"hello"};
        size_t lens[] = {5};
        unsigned char *out;
        size_t n;
        nl_error err;
        assert_int_equal(nl_test_zip_build(names, data, lens, 1, &out, &n, &err), NL_OK);
        load_bytes_fails(out, n, NL_ERR_UNSUPPORTED,
                         "unsupported: a ZIP archive that is not a DOCX document (no word/document.xml)");
        free(out);
    }
    /* legacy .doc (a PDF is read: test_load_pdf.c) */
    static const unsigned char ole[] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0};
    load_bytes_fails(ole, sizeof ole, NL_ERR_PARSE, "is a damaged OLE2 compound file, or one that holds no Word document");
    /* a ZIP bomb: 8 MiB of zeros deflate to a few KiB */
    {
        size_t big = (size_t)8 << 20;
        char *zeros = calloc(1, big);
        const char *names[] = {"[Content_Types].xml", "word/document.xml"};
        const char *data[] = {content_types, zeros};
        size_t lens[] = {strlen(content_types), big};
        unsigned char *out;
        size_t n;
        nl_error err;
        assert_int_equal(nl_test_zip_build(names, data, lens, 2, &out, &n, &err), NL_OK);
        nl_doc *d = NULL;
        assert_int_equal(nl_load_memory(&d, "bomb.docx", out, n, NULL, &err), NL_ERR_TOO_LARGE);
        assert_non_null(strstr(err.message, "ZIP member word/document.xml has a compression ratio of"));
        assert_non_null(strstr(err.message, "(a ZIP bomb?)"));
        free(out);
        free(zeros);
    }
}

/* Raw document.xml contents (not through make_docx's wrapper). */
static nl_status load_raw(const char *xml, nl_doc **d, nl_error *err)
{
    const char *names[] = {"[Content_Types].xml", "word/document.xml"};
    const char *data[] = {content_types, xml};
    size_t lens[] = {strlen(content_types), strlen(xml)};
    unsigned char *out;
    size_t n;
    assert_int_equal(nl_test_zip_build(names, data, lens, 2, &out, &n, err), NL_OK);
    nl_status st = nl_load_memory(d, "x.docx", out, n, NULL, err);
    free(out);
    return st;
}

static void test_hostile_xml(void **state)
{
    (void)state;
    nl_doc *d = NULL;
    nl_error err;
    /* malformed XML */
    assert_int_equal(load_raw("<w:document " W "><w:body><w:p></w:body>", &d, &err), NL_ERR_PARSE);
    assert_non_null(strstr(err.message, "word/document.xml is not well-formed XML: "));
    /* billion laughs and an external entity: never expanded, never fetched */
    const char *laughs = "<?xml version=\"1.0\"?><!DOCTYPE w:document [<!ENTITY a \"hahahahahaha\">"
                         "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">"
                         "<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                         "<w:document " W "><w:body><w:p><w:r><w:t>甲&c;&x;乙</w:t></w:r></w:p></w:body></w:document>";
    nl_status st = load_raw(laughs, &d, &err);
    if (st == NL_OK) {
        assert_int_equal(nl_doc_line_count(d), 1);
        assert_null(strstr(nl_doc_text(d), "haha"));
        assert_null(strstr(nl_doc_text(d), "root:"));
        nl_doc_free(d);
    } else {
        assert_int_equal(st, NL_ERR_PARSE);
    }
    /* 100,000 nested elements */
    size_t deep = 100000;
    char *x = malloc(deep * 12 + 256);
    strcpy(x, "<w:document " W "><w:body>");
    char *w = x + strlen(x);
    for (size_t i = 0; i < deep; i++) {
        memcpy(w, "<w:sdt>", 7);
        w += 7;
    }
    *w = '\0';
    assert_int_equal(load_raw(x, &d, &err), NL_ERR_PARSE);
    assert_non_null(strstr(err.message, "nested deeper than 128 levels"));
    free(x);
    /* limits are overridable: a shallow depth limit refuses an ordinary document */
    size_t len;
    unsigned char *z = make_docx(P(R("甲")), NULL, NULL, &len);
    nl_load_opts o = {.xml_depth = 3};
    assert_int_equal(nl_load_memory(&d, "x.docx", z, len, &o, &err), NL_ERR_PARSE);
    assert_string_equal(err.message, "word/document.xml is not well-formed XML: elements nested deeper than 3 levels");
    free(z);
}

/* Property subtrees the walk skips (nl_xml_skip) change nothing: formatting
 * is ignored, a text where the schema allows none is still read, and a
 * malformed element inside a skipped subtree is still an error. */
static void test_skipped_properties(void **state)
{
    (void)state;
    const char *body =
        "<w:p><w:pPr><w:spacing w:line=\"560\"/><w:ind w:firstLine=\"640\"/><w:jc w:val=\"both\"/></w:pPr>"
        "<w:r><w:rPr><w:rFonts w:eastAsia=\"仿宋\"/><w:sz w:val=\"32\"/></w:rPr><w:t>第一条</w:t></w:r>"
        "<w:r><w:rPr><w:b/><w:t>藏</w:t></w:rPr><w:t>甲</w:t></w:r></w:p>"
        "<w:tbl><w:tblPr><w:tblW w:w=\"0\"/></w:tblPr><w:tblGrid><w:gridCol w:w=\"10\"/></w:tblGrid>"
        "<w:tr><w:trPr><w:jc w:val=\"center\"/></w:trPr><w:tc><w:tcPr><w:tcW w:w=\"10\"/>" P(R("格内")) "</w:tcPr>"
        P(R("单元")) "</w:tc></w:tr></w:tbl>"
        "<w:sectPr><w:pgSz w:w=\"11906\"/></w:sectPr>";
    assert_string_equal(lines_of(body, NULL, NULL, 0, NULL), "第一条藏甲|格内|单元");
    nl_doc *d = NULL;
    nl_error err;
    static const char *const bad[] = {
        "<w:rFonts w:eastAsia=\"a\" w:eastAsia=\"b\"/>", /* an attribute twice */
        "<x:b/>",                                       /* an unbound prefix */
        "<w:b w:val=\"&bogus;\"/>",                     /* an unknown entity */
        "<w:b></w:i>",                                  /* unbalanced */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char xml[512];
        snprintf(xml, sizeof xml, "<w:document " W "><w:body><w:p><w:r><w:rPr>%s</w:rPr><w:t>甲</w:t></w:r></w:p>"
                                  "</w:body></w:document>", bad[i]);
        assert_int_equal(load_raw(xml, &d, &err), NL_ERR_PARSE);
        assert_non_null(strstr(err.message, "word/document.xml is not well-formed XML: "));
    }
}

/* the text a directive covers */
static const char *covered(const nl_doc *d, size_t i)
{
    static char buf[512];
    const nl_directive *dir = nl_doc_directive(d, i);
    assert_non_null(dir);
    snprintf(buf, sizeof buf, "%.*s", (int)(dir->span.end - dir->span.start), nl_doc_text(d) + dir->span.start);
    return buf;
}

#define CMT(id, text) "<w:comment w:id=\"" id "\" w:author=\"法制科\"><w:p>" R(text) "</w:p></w:comment>"

static void test_comment_directives(void **state)
{
    (void)state;
    /* a range inside a run sequence, one across paragraphs (opened between
       them), one in an automatically numbered paragraph, a comment without a
       range (its paragraph), and an ordinary comment (not a directive) */
    const char *body =
        P(R("某某办法"))
        P(R("违反的，") "<w:commentRangeStart w:id=\"1\"/>" R("处五百") R("元罚款") "<w:commentRangeEnd w:id=\"1\"/>"
          R("。") "<w:r><w:commentReference w:id=\"1\"/></w:r>")
        "<w:commentRangeStart w:id=\"2\"/>" P(R("甲段")) P(R("乙段")) "<w:commentRangeEnd w:id=\"2\"/>"
        "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr></w:pPr>"
        R("收取") "<w:commentRangeStart w:id=\"3\"/>" R("保证金") "<w:commentRangeEnd w:id=\"3\"/>" R("。") "</w:p>"
        P(R("无范围") "<w:r><w:commentReference w:id=\"4\"/></w:r>")
        P("<w:commentRangeStart w:id=\"5\"/>" R("普通批注") "<w:commentRangeEnd w:id=\"5\"/>");
    comments_part = CMT("1", "normlint-disable power.penalty.create 上位法已有规定") CMT("2", "normlint-disable *")
        CMT("3", "normlint-disable power.fee，power.licence.* 经批准的试点") CMT("4", "normlint-disable time.*")
        CMT("5", "请核实此处表述");
    nl_doc *d = NULL;
    assert_string_equal(lines_of(body, numbering, NULL, 0, &d), "某某办法|违反的，处五百元罚款。|甲段|乙段|第一条 收取保证金。|无范围|普通批注");
    comments_part = NULL;
    assert_int_equal(nl_doc_directive_count(d), 4);
    assert_string_equal(covered(d, 0), "处五百元罚款");
    const nl_directive *dir = nl_doc_directive(d, 0);
    assert_string_equal(dir->rules, "power.penalty.create");
    assert_string_equal(dir->reason, "上位法已有规定");
    assert_string_equal(dir->form, "comment");
    assert_int_equal(dir->line, 2);
    assert_string_equal(covered(d, 1), "甲段\n乙段");
    assert_string_equal(nl_doc_directive(d, 1)->rules, "*");
    assert_int_equal(nl_doc_directive(d, 1)->line, 3);
    assert_string_equal(covered(d, 2), "保证金");
    assert_string_equal(nl_doc_directive(d, 2)->rules, "power.fee,power.licence.*");
    assert_string_equal(nl_doc_directive(d, 2)->reason, "经批准的试点");
    assert_string_equal(covered(d, 3), "无范围");
    assert_true(nl_directive_names(nl_doc_directive(d, 2), "power.licence.create"));
    assert_false(nl_directive_names(nl_doc_directive(d, 2), "power.fees"));
    assert_false(nl_directive_names(nl_doc_directive(d, 2), "power.licence"));
    nl_doc_free(d);
}

static void test_properties(void **state)
{
    (void)state;
    const char *doc = "<w:document " W "><w:body>"
                      "<w:p><w:pPr><w:pStyle w:val=\"a3\"/></w:pPr>" R("江州市某某管理办法") "</w:p>" P(R("正文。"))
                      "</w:body></w:document>";
    const char *styles = "<w:styles " W "><w:style w:type=\"paragraph\" w:styleId=\"a3\"><w:name w:val=\"Title\"/>"
                         "</w:style></w:styles>";
    const char *core = "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" "
                       "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\">"
                       "<dc:title>某某办法（征求意见稿）</dc:title><dc:creator>法制科</dc:creator>"
                       "<dcterms:created>2024-05-01T08:00:00Z</dcterms:created><dc:subject></dc:subject>"
                       "</cp:coreProperties>";
    const char *names[] = {"[Content_Types].xml", "word/document.xml", "word/styles.xml", "docProps/core.xml"};
    const char *data[] = {content_types, doc, styles, core};
    size_t lens[] = {strlen(content_types), strlen(doc), strlen(styles), strlen(core)};
    unsigned char *out;
    size_t n;
    nl_error err;
    assert_int_equal(nl_test_zip_build(names, data, lens, 4, &out, &n, &err), NL_OK);
    nl_doc *d = NULL;
    assert_int_equal(nl_load_memory(&d, "p.docx", out, n, NULL, &err), NL_OK);
    free(out);
    assert_string_equal(nl_doc_property(d, NL_PROP_TITLE), "某某办法（征求意见稿）");
    assert_string_equal(nl_doc_property(d, NL_PROP_CREATOR), "法制科");
    assert_string_equal(nl_doc_property(d, NL_PROP_CREATED), "2024-05-01T08:00:00Z");
    assert_null(nl_doc_property(d, NL_PROP_MODIFIED));
    assert_string_equal(nl_doc_property(d, NL_PROP_TITLE_STYLE), "江州市某某管理办法");
    nl_doc_free(d);

    /* the paragraph styled Title is the title even where it does not look
       like one (here: longer than any title the recogniser guesses) */
    const char *long_title = "江州市人民政府办公室关于印发江州市促进民营经济高质量发展若干措施、江州市优化营商环境三年行动方案、"
                             "江州市支持中小微企业纾困发展十条意见、江州市推动数字经济与实体经济深度融合实施方案和"
                             "江州市加快建设现代化产业体系若干政策措施的通知";
    char body[2048];
    snprintf(body, sizeof body, "<w:document " W "><w:body><w:p><w:pPr><w:pStyle w:val=\"a3\"/></w:pPr>"
             "<w:r><w:t>%s</w:t></w:r></w:p>" P(R("各区人民政府：")) P(R("现印发给你们，请认真贯彻执行。"))
             "</w:body></w:document>", long_title);
    const char *data2[] = {content_types, body, styles, core};
    size_t lens2[] = {strlen(content_types), strlen(body), strlen(styles), strlen(core)};
    assert_int_equal(nl_test_zip_build(names, data2, lens2, 4, &out, &n, &err), NL_OK);
    assert_int_equal(nl_load_memory(&d, "p.docx", out, n, NULL, &err), NL_OK);
    free(out);
    assert_int_equal(nl_doc_recognise(d, &err), NL_OK);
    const nl_meta *m = nl_doc_meta(d);
    assert_int_equal(nl_span_len(m->title), strlen(long_title));
    assert_memory_equal(nl_doc_text(d) + m->title.start, long_title, strlen(long_title));
    nl_doc_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_runs_and_specials), cmocka_unit_test(test_tables_sdt_textbox),
        cmocka_unit_test(test_tracked_changes),   cmocka_unit_test(test_fields),
        cmocka_unit_test(test_table_rows),        cmocka_unit_test(test_notes),
        cmocka_unit_test(test_numbering),         cmocka_unit_test(test_numfmt_forms),
        cmocka_unit_test(test_hostile),           cmocka_unit_test(test_hostile_xml),
        cmocka_unit_test(test_properties),        cmocka_unit_test(test_comment_directives),
        cmocka_unit_test(test_skipped_properties),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
