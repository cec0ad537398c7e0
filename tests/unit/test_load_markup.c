/*
 * test_load_markup.c — the XML and HTML loaders: Akoma Ntoso mapped to the
 * lines the recogniser expects (chapter num + heading, article num + content,
 * points), generic XML in document order with mixed content, HTML with
 * scripts, styles and navigation chrome skipped and <br> ending lines,
 * GB2312 pages, element line numbers as locators, and hostile XML (external
 * entities, entity expansion, malformed input) with exact errors.
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

static nl_doc *load(const char *name, const char *text)
{
    nl_doc *d = NULL;
    nl_error err;
    nl_status st = nl_load_memory(&d, name, text, strlen(text), NULL, &err);
    if (st != NL_OK)
        fprintf(stderr, "load: %s\n", err.message);
    assert_int_equal(st, NL_OK);
    return d;
}

/* Lines as "ORDINAL:text|..." */
static const char *lines(const nl_doc *d)
{
    static char out[8192];
    out[0] = '\0';
    for (size_t i = 0; i < nl_doc_line_count(d); i++) {
        const nl_line *l = nl_doc_line(d, i);
        char num[32];
        snprintf(num, sizeof num, "%s%u:", i ? "|" : "", l->ordinal);
        strcat(out, num);
        strncat(out, nl_doc_text(d) + l->start, l->end - l->start);
    }
    return out;
}

static const char *const akn =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<akomaNtoso xmlns=\"http://docs.oasis-open.org/legaldocml/ns/akn/3.0\">\n"
    "<act name=\"m\">\n"
    "<meta><identification source=\"#x\"><FRBRWork><FRBRthis value=\"/元数据\"/></FRBRWork></identification></meta>\n"
    "<preface><p><docTitle>江州市某某管理办法</docTitle></p><p><docNumber>江州府规〔2024〕7号</docNumber></p></preface>\n"
    "<body>\n"
    "<chapter><num>第一章</num><heading>总则</heading>\n"
    "<article><num>第一条</num><content><p>根据《<ref href=\"/x\">某某法</ref>》，制定本办法。</p></content></article>\n"
    "<article><num>第二条</num><paragraph><content><p>应当遵守：</p></content></paragraph>\n"
    "<point><num>（一）</num><content><p>公示；</p></content></point>\n"
    "<point><num>（二）</num><content><p>记录。</p></content></point></article>\n"
    "</chapter>\n"
    "<chapter><num>第二章</num><heading>附则</heading>\n"
    "<article><num>第三条</num><content><p>本办法自2025年1月1日起施行。</p></content></article>\n"
    "</chapter></body></act></akomaNtoso>\n";

static void test_akoma_ntoso(void **state)
{
    (void)state;
    nl_doc *d = load("m.xml", akn);
    assert_string_equal(nl_doc_format(d), "xml");
    assert_string_equal(lines(d), "5:江州市某某管理办法|5:江州府规〔2024〕7号|7:第一章　总则|"
                                  "8:第一条　根据《某某法》，制定本办法。|9:第二条　应当遵守：|10:（一）公示；|"
                                  "11:（二）记录。|13:第二章　附则|14:第三条　本办法自2025年1月1日起施行。");
    const nl_meta *m = nl_doc_meta(d);
    assert_string_equal(nl_doctype_id(m->type), "normative");
    nl_numbering nb = nl_doc_numbering(d);
    assert_int_equal(nb.articles, 3);
    assert_true(nb.continuous);
    nl_doc_free(d);
}

static void test_generic_xml(void **state)
{
    (void)state;
    nl_doc *d = load("g.xml", "<?xml version=\"1.0\"?>\n<doc>\n<title>标题</title>\n<p>甲<b>乙</b>丙\n  丁</p>\n"
                              "<sec>前<p>中</p>后</sec>\n</doc>\n");
    assert_string_equal(lines(d), "3:标题|4:甲乙丙 丁|6:前|6:中|6:后");
    nl_doc_free(d);
}

static void test_html(void **state)
{
    (void)state;
    const char *page = "<!DOCTYPE html>\n<html><head><title>门户</title><script>var x='第一条';</script>"
                       "<style>p{}</style></head>\n<body>\n<nav><a href=\"/\">首页</a></nav>\n"
                       "<div class=\"breadcrumb\">当前位置：首页</div>\n<div id=\"content\">\n<h1>某某办法</h1>\n"
                       "<p>第一条　为了<span>规范</span>，制定本办法。<br>第二条　处<b>五百元</b>罚款。</p>\n"
                       "<ul><li>一</li><li>二</li></ul>\n</div>\n<footer>版权所有</footer>\n"
                       "<div class=\"footer-info\">网站标识码</div>\n</body></html>\n";
    nl_doc *d = load("p.html", page);
    assert_string_equal(nl_doc_format(d), "html");
    assert_string_equal(lines(d), "7:某某办法|8:第一条　为了规范，制定本办法。|8:第二条　处五百元罚款。|9:一|9:二");
    nl_doc_free(d);
    /* a GB2312 page declared in its meta element */
    const char *gb = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\"></head>"
                     "<body><p>\xB5\xDA\xD2\xBB\xCC\xF5</p></body></html>";
    d = load("gb.htm", gb);
    assert_string_equal(lines(d), "1:第一条");
    nl_doc_free(d);
}

static void test_hostile(void **state)
{
    (void)state;
    const char *ent = "<?xml version=\"1.0\"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">"
                      "<!ENTITY a \"哈哈哈哈哈哈哈哈\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]>\n"
                      "<r><p>甲&x;&b;乙</p></r>\n";
    nl_doc *d = NULL;
    nl_error err;
    nl_status st = nl_load_memory(&d, "e.xml", ent, strlen(ent), NULL, &err);
    assert_int_equal(st, NL_OK);
    assert_string_equal(lines(d), "3:甲乙");
    nl_doc_free(d);
    const char *bad = "<r><p>甲</r>";
    assert_int_equal(nl_load_memory(&d, "b.xml", bad, strlen(bad), NULL, &err), NL_ERR_PARSE);
    assert_string_equal(err.message,
                        "the document is not well-formed XML: Opening and ending tag mismatch: p line 1 and r");
    assert_string_equal(err.path, "b.xml");
    assert_null(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_akoma_ntoso),
        cmocka_unit_test(test_generic_xml),
        cmocka_unit_test(test_html),
        cmocka_unit_test(test_hostile),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
