/*
 * test_load_ofd.c — the OFD loader on packages built here in memory: the
 * way from OFD.xml to the pages (relative, absolute, "./", "..",
 * backslashed and oddly cased locations, several documents, another
 * namespace), glyph positions (Boundary, CTM, X and Y inherited, DeltaX
 * and DeltaY with "g N d"), page blocks, what is not body text (templates,
 * annotations, signatures, attachments, rotated and faint text, paths and
 * images), file properties from DocInfo, sniffing among the ZIP formats,
 * and every refusal with its reason (no OFD.xml, no document, a missing
 * page, encryption, no text, no pages, malformed XML, a page bomb).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "load/zip.h"
#include "support/zipbuild.h"
#include "support/doctext.h"
#include "normlint/normlint.h"

#define NS "xmlns:ofd=\"http://www.ofdspec.org/2016\""
#define MAX_PARTS 16

static const char entry[] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ofd:OFD " NS " Version=\"1.1\" DocType=\"OFD\">"
                            "<ofd:DocBody><ofd:DocInfo><ofd:Title>测试标题</ofd:Title><ofd:Author>江州市人民政府"
                            "</ofd:Author><ofd:CreationDate>2024-11-05</ofd:CreationDate></ofd:DocInfo>"
                            "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>";

/* A Document.xml listing the given page locations (a NULL-terminated list). */
static const char *document(const char *const *locs)
{
    static char buf[8192];
    int n = snprintf(buf, sizeof buf,
                     "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ofd:Document " NS "><ofd:CommonData>"
                     "<ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea>"
                     "<ofd:TemplatePage ID=\"5\" BaseLoc=\"Tpls/Tpl_0/Content.xml\"/></ofd:CommonData><ofd:Pages>");
    for (int i = 0; locs[i]; i++)
        n += snprintf(buf + n, sizeof buf - (size_t)n, "<ofd:Page ID=\"%d\" BaseLoc=\"%s\"/>", 10 + i, locs[i]);
    snprintf(buf + n, sizeof buf - (size_t)n,
             "</ofd:Pages><ofd:Annotations>Annots/Annotations.xml</ofd:Annotations></ofd:Document>");
    return buf;
}

/* A page whose layer holds `objects`. */
static char *page(const char *objects)
{
    size_t n = strlen(objects) + 512;
    char *buf = malloc(n);
    snprintf(buf, n,
             "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ofd:Page " NS "><ofd:Area><ofd:PhysicalBox>0 0 210 297"
             "</ofd:PhysicalBox></ofd:Area><ofd:Template TemplateID=\"5\"/><ofd:Content><ofd:Layer ID=\"2\">%s"
             "</ofd:Layer></ofd:Content></ofd:Page>",
             objects);
    return buf;
}

/* A text object of one TextCode of Chinese at 5 mm a character. */
static char *text_at(char *buf, size_t size, double x, double y, const char *text)
{
    snprintf(buf, size,
             "<ofd:TextObject ID=\"1\" Boundary=\"%g %g 160 7\" Font=\"2\" Size=\"5\"><ofd:TextCode X=\"0\" Y=\"5\" "
             "DeltaX=\"g 60 5\">%s</ofd:TextCode></ofd:TextObject>",
             x, y, text);
    return buf;
}

typedef struct pkg {
    const char *names[MAX_PARTS];
    const char *data[MAX_PARTS];
    size_t n;
} pkg;

static void add(pkg *p, const char *name, const char *data)
{
    p->names[p->n] = name;
    p->data[p->n++] = data;
}

static nl_status load_pkg(const pkg *p, const nl_load_opts *opts, nl_doc **d, nl_error *err)
{
    size_t lens[MAX_PARTS];
    for (size_t i = 0; i < p->n; i++)
        lens[i] = strlen(p->data[i]);
    unsigned char *zip;
    size_t n;
    assert_int_equal(nl_test_zip_build(p->names, p->data, lens, p->n, &zip, &n, err), NL_OK);
    nl_status st = nl_load_memory(d, "t.ofd", zip, n, opts, err);
    free(zip);
    return st;
}

/* The usual package: OFD.xml, Doc_0/Document.xml and its pages. */
static pkg basic(const char *const *locs, const char *const *stored, char *const *pages)
{
    pkg p = {{0}, {0}, 0};
    add(&p, "OFD.xml", entry);
    add(&p, "Doc_0/Document.xml", document(locs));
    for (int i = 0; stored[i]; i++)
        add(&p, stored[i], pages[i]);
    return p;
}

static void test_pages_in_order(void **state)
{
    (void)state;
    char a[512], b[512];
    /* Document.xml order, not the order of the parts in the ZIP */
    char *pages[] = {page(text_at(a, sizeof a, 30, 40, "第二页的文字")), page(text_at(b, sizeof b, 30, 40, "第一页的文字"))};
    const char *locs[] = {"Pages/Page_1/Content.xml", "Pages/Page_0/Content.xml", NULL};
    const char *stored[] = {"Doc_0/Pages/Page_0/Content.xml", "Doc_0/Pages/Page_1/Content.xml", NULL};
    pkg p = basic(locs, stored, pages);
    nl_doc *d = NULL;
    nl_error err;
    assert_int_equal(load_pkg(&p, NULL, &d, &err), NL_OK);
    assert_string_equal(nl_doc_format(d), "ofd");
    assert_string_equal(nl_test_joined(d), "第一页的文字|第二页的文字");
    const nl_line *l = nl_doc_line(d, 1);
    assert_string_equal(nl_doc_part_name(d, l->part), "Doc_0/Document.xml");
    assert_int_equal(l->ordinal, 2);
    size_t pg, ln;
    assert_true(nl_doc_page_at(d, l->start, &pg, &ln));
    assert_int_equal(pg, 2);
    assert_int_equal(ln, 1);
    assert_string_equal(nl_doc_property(d, NL_PROP_TITLE), "测试标题");
    assert_string_equal(nl_doc_property(d, NL_PROP_CREATOR), "江州市人民政府");
    assert_string_equal(nl_doc_property(d, NL_PROP_CREATED), "2024-11-05");
    nl_doc_free(d);
    free(pages[0]);
    free(pages[1]);
}

static void test_locations(void **state)
{
    (void)state;
    char t[6][512];
    char *pages[6];
    const char *texts[] = {"甲页", "乙页", "丙页", "丁页", "戊页", "己页"};
    for (int i = 0; i < 6; i++)
        pages[i] = page(text_at(t[i], sizeof t[i], 30, 40, texts[i]));
    /* absolute; another case; "./" and ".."; backslashes; from the root
       without a slash; stored with a leading slash */
    const char *locs[] = {"/Doc_0/Pages/Page_0/Content.xml", "pages/PAGE_1/content.XML", "./Pages/../Pages/Page_2/Content.xml",
                          "Pages\\Page_3\\Content.xml", "Doc_0/Pages/Page_4/Content.xml", "Pages/Page_5/Content.xml", NULL};
    const char *stored[] = {"Doc_0/Pages/Page_0/Content.xml", "Doc_0/Pages/Page_1/Content.xml",
                            "Doc_0/Pages/Page_2/Content.xml", "Doc_0/Pages/Page_3/Content.xml",
                            "Doc_0/Pages/Page_4/Content.xml", "/Doc_0/Pages/Page_5/Content.xml", NULL};
    pkg p = basic(locs, stored, pages);
    nl_doc *d = NULL;
    nl_error err;
    assert_int_equal(load_pkg(&p, NULL, &d, &err), NL_OK);
    assert_string_equal(nl_test_joined(d), "甲页|乙页|丙页|丁页|戊页|己页");
    nl_doc_free(d);
    for (int i = 0; i < 6; i++)
        free(pages[i]);
}

static void test_glyph_positions(void **state)
{
    (void)state;
    /* points under a CTM (0.3528 mm a point) with the Boundary's offset;
       "g N d" and plain deltas; a second TextCode without X on the next
       line; a negative delta back to the left margin: another line; DeltaY
       putting the last two glyphs a line lower */
    char *pg = page(
        "<ofd:TextObject ID=\"1\" Boundary=\"28 40 160 30\" CTM=\"0.3528 0 0 0.3528 0 0\" Font=\"2\" Size=\"16\">"
        "<ofd:TextCode X=\"0\" Y=\"16\" DeltaX=\"g 3 16 8 8\">第一条AB甲</ofd:TextCode>"
        "<ofd:TextCode Y=\"45\" DeltaX=\"16 -16\" DeltaY=\"0 16\">乙丙丁</ofd:TextCode></ofd:TextObject>"
        "<ofd:TextObject ID=\"2\" Boundary=\"28 80 160 30\" Font=\"2\" Size=\"5\">"
        "<ofd:TextCode X=\"0\" Y=\"5\" DeltaX=\"5 5 5\" DeltaY=\"0 0 g 2 10\">一二三四五</ofd:TextCode>"
        "</ofd:TextObject>");
    const char *locs[] = {"Pages/Page_0/Content.xml", NULL};
    const char *stored[] = {"Doc_0/Pages/Page_0/Content.xml", NULL};
    char *pages[] = {pg};
    pkg p = basic(locs, stored, pages);
    nl_doc *d = NULL;
    nl_error err;
    assert_int_equal(load_pkg(&p, NULL, &d, &err), NL_OK);
    /* 乙 and 丙 on the second TextCode's line (X from the first), 丁 back
       at the left and a line lower; 四 and 五 lowered by DeltaY, 五 placed
       by its estimated advance once DeltaX runs out */
    /* (the first line reaches as far right as any: 乙丙 continues it) */
    assert_string_equal(nl_test_joined(d), "第一条AB甲乙丙|丁|一二三|四|五");
    static const struct {
        const char *at;
        size_t line;
    } printed[] = {{"第", 1}, {"甲", 1}, {"乙", 2}, {"丁", 3}, {"一二", 4}, {"四", 5}, {"五", 6}};
    for (size_t i = 0; i < sizeof printed / sizeof printed[0]; i++) {
        size_t pg_no = 0, line = 0;
        const char *at = strstr(nl_doc_text(d), printed[i].at);
        assert_non_null(at);
        assert_true(nl_doc_page_at(d, (size_t)(at - nl_doc_text(d)), &pg_no, &line));
        assert_int_equal(pg_no, 1);
        assert_int_equal(line, printed[i].line);
    }
    nl_doc_free(d);
    free(pg);
}

static void test_not_body_text(void **state)
{
    (void)state;
    char *pg = page(
        "<ofd:PageBlock ID=\"3\"><ofd:PageBlock ID=\"4\"><ofd:TextObject ID=\"5\" Boundary=\"30 40 100 7\" "
        "Font=\"2\" Size=\"5\"><ofd:FillColor Value=\"0 0 0\"/><ofd:CGTransform CodePosition=\"0\" CodeCount=\"1\" "
        "GlyphCount=\"1\"><ofd:Glyphs>7</ofd:Glyphs></ofd:CGTransform><ofd:TextCode X=\"0\" Y=\"5\">正文"
        "</ofd:TextCode></ofd:TextObject></ofd:PageBlock></ofd:PageBlock>"
        "<ofd:TextObject ID=\"6\" Boundary=\"30 100 100 40\" CTM=\"0.7071 -0.7071 0.7071 0.7071 0 0\" Font=\"2\" "
        "Size=\"9\"><ofd:TextCode X=\"0\" Y=\"9\">旋转水印</ofd:TextCode></ofd:TextObject>"
        "<ofd:TextObject ID=\"7\" Boundary=\"30 150 100 7\" Alpha=\"60\" Font=\"2\" Size=\"5\"><ofd:TextCode X=\"0\" "
        "Y=\"5\">淡色水印</ofd:TextCode></ofd:TextObject>"
        "<ofd:PathObject ID=\"8\" Boundary=\"0 0 10 10\"><ofd:AbbreviatedData>M 0 0 L 1 1</ofd:AbbreviatedData>"
        "</ofd:PathObject><ofd:ImageObject ID=\"9\" Boundary=\"0 0 10 10\" ResourceID=\"1\"/>"
        "<ofd:CompositeObject ID=\"10\" Boundary=\"0 0 10 10\" ResourceID=\"2\"/>");
    char tpl[512], annot[512];
    char *template = page(text_at(tpl, sizeof tpl, 30, 20, "页眉模板文字"));
    char *annotation = page(text_at(annot, sizeof annot, 30, 60, "注释：处二千元罚款"));
    const char *locs[] = {"Pages/Page_0/Content.xml", NULL};
    const char *stored[] = {"Doc_0/Pages/Page_0/Content.xml", NULL};
    char *pages[] = {pg};
    pkg p = basic(locs, stored, pages);
    add(&p, "Doc_0/Tpls/Tpl_0/Content.xml", template);
    add(&p, "Doc_0/Annots/Annotations.xml", annotation);
    add(&p, "Doc_0/Signs/Signatures.xml", "<ofd:Signatures " NS "><ofd:Signature BaseLoc=\"Sign_0/Signature.xml\"/>"
                                          "</ofd:Signatures>");
    add(&p, "Doc_0/Attachs/note.txt", "处一万元罚款");
    nl_doc *d = NULL;
    nl_error err;
    assert_int_equal(load_pkg(&p, NULL, &d, &err), NL_OK);
    assert_string_equal(nl_test_joined(d), "正文");
    nl_doc_free(d);
    free(pg);
    free(template);
    free(annotation);
}

static void test_documents_and_namespaces(void **state)
{
    (void)state;
    /* two documents; the second in the older namespace, its pages read
       relative to its own folder */
    static const char two[] = "<ofd:OFD " NS "><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody>"
                              "<ofd:DocBody><ofd:DocRoot>/Doc_1/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>";
    static const char doc1[] = "<ofd:Document xmlns:ofd=\"http://www.ofdspec.org\"><ofd:Pages><ofd:Page ID=\"1\" "
                               "BaseLoc=\"Pages/Page_0/Content.xml\"/></ofd:Pages></ofd:Document>";
    char a[512], b[512];
    const char *locs[] = {"Pages/Page_0/Content.xml", NULL};
    char *p0 = page(text_at(a, sizeof a, 28, 40, "第一份文件"));
    char *p1 = page(text_at(b, sizeof b, 28, 40, "第二份文件"));
    pkg p = {{0}, {0}, 0};
    add(&p, "OFD.xml", two);
    add(&p, "Doc_0/Document.xml", document(locs));
    add(&p, "Doc_0/Pages/Page_0/Content.xml", p0);
    add(&p, "Doc_1/Document.xml", doc1);
    add(&p, "Doc_1/Pages/Page_0/Content.xml", p1);
    nl_doc *d = NULL;
    nl_error err;
    assert_int_equal(load_pkg(&p, NULL, &d, &err), NL_OK);
    assert_string_equal(nl_test_joined(d), "第一份文件|第二份文件");
    assert_string_equal(nl_doc_part_name(d, nl_doc_line(d, 1)->part), "Doc_1/Document.xml");
    size_t pg, ln;
    assert_true(nl_doc_page_at(d, nl_doc_line(d, 1)->start, &pg, &ln));
    assert_int_equal(pg, 2);
    nl_doc_free(d);
    free(p0);
    free(p1);
}

/* Load p and expect the status and a message containing `want`. */
static void refused(const pkg *p, const nl_load_opts *opts, nl_status st, const char *want)
{
    nl_doc *d = NULL;
    nl_error err;
    assert_int_equal(load_pkg(p, opts, &d, &err), st);
    assert_null(d);
    assert_string_equal(err.path, "t.ofd");
    if (!strstr(err.message, want))
        fail_msg("'%s' does not say '%s'", err.message, want);
}

static void test_refusals(void **state)
{
    (void)state;
    char a[512];
    char *pg = page(text_at(a, sizeof a, 30, 40, "正文"));
    char *blank = page("<ofd:ImageObject ID=\"9\" Boundary=\"0 0 210 297\" ResourceID=\"1\"/>");
    const char *locs[] = {"Pages/Page_0/Content.xml", NULL};
    const char *stored[] = {"Doc_0/Pages/Page_0/Content.xml", NULL};
    char *pages[] = {pg}, *blanks[] = {blank};

    pkg p = basic(locs, stored, pages);
    p.names[1] = "Doc_0/Other.xml";
    refused(&p, NULL, NL_ERR_PARSE, "OFD.xml names the document Doc_0/Document.xml, which is not in the package");

    const char *none[] = {NULL};
    p = basic(locs, none, pages);
    refused(&p, NULL, NL_ERR_PARSE, "page 1 of Doc_0/Document.xml (Pages/Page_0/Content.xml) is missing from the package");

    p = basic(locs, stored, pages);
    add(&p, "Encryptions.xml", "<ofd:Encryptions " NS "/>");
    refused(&p, NULL, NL_ERR_UNSUPPORTED, "an encrypted OFD (Encryptions.xml, GM/T 0099)");

    p = basic(locs, stored, blanks);
    refused(&p, NULL, NL_ERR_UNSUPPORTED, "an OFD without text on its 1 page (scanned images?)");

    p = basic(none, none, pages);
    refused(&p, NULL, NL_ERR_PARSE, "has no pages");

    p = basic(locs, stored, pages);
    p.data[0] = "<ofd:OFD " NS "><ofd:DocBody/></ofd:OFD>";
    refused(&p, NULL, NL_ERR_PARSE, "OFD.xml names no document (DocBody/DocRoot)");

    p = basic(locs, stored, pages);
    p.data[2] = "<ofd:Page " NS "><ofd:Content></ofd:Page>";
    refused(&p, NULL, NL_ERR_PARSE, "Doc_0/Pages/Page_0/Content.xml is not well-formed XML");

    /* more pages than ZIP entries allowed: a page bomb */
    const char *many[] = {locs[0], locs[0], locs[0], locs[0], NULL};
    p = basic(many, stored, pages);
    nl_load_opts lo = {0};
    lo.zip_entries = 3;
    refused(&p, &lo, NL_ERR_TOO_LARGE, "Doc_0/Document.xml lists more than 3 pages, the limit");
    free(pg);
    free(blank);
}

static void test_sniff(void **state)
{
    (void)state;
    /* a ZIP without OFD.xml is no OFD (an OFD.xml deeper down does not count),
       and a .ofd that is a ZIP of something else is said to be none */
    pkg p = {{0}, {0}, 0};
    add(&p, "Doc_0/OFD.xml", entry);
    nl_doc *d = NULL;
    nl_error err;
    assert_int_equal(load_pkg(&p, NULL, &d, &err), NL_ERR_UNSUPPORTED);
    assert_non_null(strstr(err.message, "unsupported: a ZIP archive that is not an OFD document (no OFD.xml)"));
    /* the root entry in another case and with a leading slash is one */
    char a[512];
    char *pg = page(text_at(a, sizeof a, 30, 40, "正文"));
    const char *locs[] = {"Pages/Page_0/Content.xml", NULL};
    const char *stored[] = {"Doc_0/Pages/Page_0/Content.xml", NULL};
    char *pages[] = {pg};
    p = basic(locs, stored, pages);
    p.names[0] = "/ofd.XML";
    assert_int_equal(load_pkg(&p, NULL, &d, &err), NL_OK);
    assert_string_equal(nl_test_joined(d), "正文");
    nl_doc_free(d);
    free(pg);
    assert_true(nl_load_supported_name("a/b/draft.OFD"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pages_in_order),
        cmocka_unit_test(test_locations),
        cmocka_unit_test(test_glyph_positions),
        cmocka_unit_test(test_not_body_text),
        cmocka_unit_test(test_documents_and_namespaces),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_sniff),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
