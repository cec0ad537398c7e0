/*
 * test_load_odt.c — the ODT loader on documents built here in memory:
 * paragraphs and headings, spans, text:s / tab / line-break, list numbering
 * with prefix, suffix, Chinese format, nesting and continue-numbering,
 * tracked changes (the current text, or with revisions=original the text
 * before them), notes and annotations skipped,
 * locators, and a broken content.xml.
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
#include "normlint/normlint.h"

#define NS "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" " \
           "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" " \
           "xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\""

/* nl_load_opts.notes for load_odt_as */
static int load_notes;

static nl_status load_odt_as(const char *styles, const char *body, int original, nl_doc **d, nl_error *err)
{
    static char content[16384];
    snprintf(content, sizeof content,
             "<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-content " NS ">"
             "<office:automatic-styles>%s</office:automatic-styles><office:body><office:text>%s"
             "</office:text></office:body></office:document-content>",
             styles, body);
    const char *names[] = {"mimetype", "content.xml"};
    const char *data[] = {"application/vnd.oasis.opendocument.text", content};
    size_t lens[] = {strlen(data[0]), strlen(content)};
    unsigned char *out;
    size_t n;
    assert_int_equal(nl_test_zip_build(names, data, lens, 2, &out, &n, err), NL_OK);
    nl_load_opts o = {.revisions_original = original, .notes = load_notes};
    nl_status st = nl_load_memory(d, "t.odt", out, n, &o, err);
    free(out);
    return st;
}

static nl_status load_odt(const char *styles, const char *body, nl_doc **d, nl_error *err)
{
    return load_odt_as(styles, body, 0, d, err);
}

static const char *joined(const nl_doc *d)
{
    static char out[8192];
    out[0] = '\0';
    for (size_t i = 0; i < nl_doc_line_count(d); i++) {
        const nl_line *l = nl_doc_line(d, i);
        if (i)
            strcat(out, "|");
        strncat(out, nl_doc_text(d) + l->start, l->end - l->start);
    }
    return out;
}

static const char *const styles =
    "<text:list-style style:name=\"A\">"
    "<text:list-level-style-number text:level=\"1\" style:num-prefix=\"第\" style:num-suffix=\"条\" "
    "style:num-format=\"一, 二, 三, ...\"><style:list-level-properties><style:list-level-label-alignment "
    "text:label-followed-by=\"space\"/></style:list-level-properties></text:list-level-style-number>"
    "<text:list-level-style-number text:level=\"2\" style:num-prefix=\"（\" style:num-suffix=\"）\" "
    "style:num-format=\"一, 二, 三, ...\"><style:list-level-properties><style:list-level-label-alignment "
    "text:label-followed-by=\"nothing\"/></style:list-level-properties></text:list-level-style-number>"
    "</text:list-style>";

static void test_text_and_lists(void **state)
{
    (void)state;
    const char *body =
        "<text:tracked-changes><text:changed-region text:id=\"c1\"><text:deletion><text:p>删掉的罚款。</text:p>"
        "</text:deletion></text:changed-region></text:tracked-changes>"
        "<text:h text:outline-level=\"1\">某某<text:span>管理</text:span>办法</text:h>"
        "<text:p>甲<text:s text:c=\"3\"/>乙<text:tab/>丙<text:line-break/>丁<text:change text:change-id=\"c1\"/>"
        "<text:note><text:note-citation>1</text:note-citation><text:note-body><text:p>脚注</text:p></text:note-body>"
        "</text:note></text:p>"
        "<text:list text:style-name=\"A\"><text:list-item><text:p>为了规范。</text:p></text:list-item>"
        "<text:list-item><text:p>应当遵守：</text:p><text:list><text:list-item><text:p>公示；</text:p>"
        "</text:list-item><text:list-item><text:p>记录。</text:p></text:list-item></text:list></text:list-item>"
        "</text:list>"
        "<text:p>第二章</text:p>"
        "<text:list text:style-name=\"A\" text:continue-numbering=\"true\"><text:list-item><text:p>施行。</text:p>"
        "</text:list-item></text:list>"
        "<text:list text:style-name=\"A\"><text:list-item><text:p>重新编号。</text:p></text:list-item></text:list>"
        "<office:annotation><text:p>批注</text:p></office:annotation>";
    nl_doc *d = NULL;
    nl_error err;
    assert_int_equal(load_odt(styles, body, &d, &err), NL_OK);
    assert_string_equal(nl_doc_format(d), "odt");
    assert_string_equal(joined(d), "某某管理办法|甲   乙\t丙\u2028丁|第一条 为了规范。|第二条 应当遵守：|（一）公示；|"
                                   "（二）记录。|第二章|第三条 施行。|第一条 重新编号。");
    const nl_line *l = nl_doc_line(d, 2);
    assert_string_equal(nl_doc_part_name(d, l->part), "content.xml");
    assert_int_equal(l->ordinal, 3);
    nl_doc_free(d);
}

/* Tracked changes read both ways: an insertion inside a paragraph and one
   that adds a paragraph break; a deletion inside a paragraph and one of two
   paragraphs whose break is deleted too; the change info's author, date and
   comment are never text. */
static void test_revisions(void **state)
{
    (void)state;
    const char *body =
        "<text:tracked-changes>"
        "<text:changed-region text:id=\"i1\"><text:insertion><office:change-info><dc:creator xmlns:dc=\"d\">甲"
        "</dc:creator><text:p>说明</text:p></office:change-info></text:insertion></text:changed-region>"
        "<text:changed-region text:id=\"d1\"><text:deletion><office:change-info><text:p>备注</text:p>"
        "</office:change-info><text:p>处五百元罚款</text:p></text:deletion></text:changed-region>"
        "<text:changed-region text:id=\"i2\"><text:insertion/></text:changed-region>"
        "<text:changed-region text:id=\"d2\"><text:deletion><text:p>第三条<text:s/>旧的一条。</text:p>"
        "<text:p>第四条 又一条</text:p></text:deletion></text:changed-region>"
        "<text:changed-region text:id=\"d3\"><text:deletion><text:p/><text:p/></text:deletion></text:changed-region>"
        "</text:tracked-changes>"
        "<text:p>第一条 违反的，<text:change-start text:change-id=\"i1\"/>依法<text:change-end text:change-id=\"i1\"/>"
        "责令改正<text:change text:change-id=\"d1\"/>。</text:p>"
        "<text:p>第二条 前半<text:change-start text:change-id=\"i2\"/></text:p>"
        "<text:p><text:change-end text:change-id=\"i2\"/>后半。</text:p>"
        "<text:p>第五条 开头<text:change text:change-id=\"d2\"/>。</text:p>"
        "<text:p>第六条 应当在停放点<text:change text:change-id=\"d3\"/>设置标识。</text:p>";
    nl_doc *d = NULL;
    nl_error err;
    assert_int_equal(load_odt_as("", body, 0, &d, &err), NL_OK);
    assert_string_equal(joined(d), "第一条 违反的，依法责令改正。|第二条 前半|后半。|第五条 开头。|第六条 应当在停放点设置标识。");
    nl_doc_free(d);
    assert_int_equal(load_odt_as("", body, 1, &d, &err), NL_OK);
    assert_string_equal(joined(d), "第一条 违反的，责令改正处五百元罚款。|第二条 前半后半。|第五条 开头第三条 旧的一条。|"
                                   "第四条 又一条。|第六条 应当在停放点|设置标识。");
    /* the joined paragraph keeps the locator of its first part */
    assert_int_equal(nl_doc_line(d, 1)->ordinal, 2);
    assert_int_equal(nl_doc_line(d, 2)->ordinal, 4);
    nl_doc_free(d);
}

/* Notes read when asked: after the body, footnotes then endnotes, each in
   a part of its own; the citation is no text */
static void test_notes(void **state)
{
    (void)state;
    const char *body = "<text:p>第一条 甲<text:note text:note-class=\"endnote\"><text:note-citation>i</text:note-citation>"
                       "<text:note-body><text:p>尾注。</text:p></text:note-body></text:note>乙。</text:p>"
                       "<text:p>第二条 丙<text:note text:note-class=\"footnote\"><text:note-citation>1</text:note-citation>"
                       "<text:note-body><text:p>脚注一。</text:p><text:p>脚注二。</text:p></text:note-body></text:note>。</text:p>";
    nl_doc *d = NULL;
    nl_error err;
    assert_int_equal(load_odt("", body, &d, &err), NL_OK);
    assert_string_equal(joined(d), "第一条 甲乙。|第二条 丙。");
    nl_doc_free(d);
    load_notes = 1;
    assert_int_equal(load_odt("", body, &d, &err), NL_OK);
    load_notes = 0;
    assert_string_equal(joined(d), "第一条 甲乙。|第二条 丙。|脚注一。|脚注二。|尾注。");
    assert_string_equal(nl_doc_part_name(d, nl_doc_line(d, 3)->part), "content.xml#footnotes");
    assert_int_equal(nl_doc_line(d, 3)->ordinal, 2);
    assert_string_equal(nl_doc_part_name(d, nl_doc_line(d, 4)->part), "content.xml#endnotes");
    assert_int_equal(nl_doc_line(d, 1)->ordinal, 2);
    nl_doc_free(d);
}

/* The paragraphs of table cells know their row */
static void test_table(void **state)
{
    (void)state;
    const char *body =
        "<text:p>前</text:p><table:table xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\">"
        "<table:table-row><table:table-cell><text:p>甲</text:p></table:table-cell><table:table-cell><text:p>乙</text:p>"
        "</table:table-cell></table:table-row><table:table-row><table:table-cell><text:p>丙</text:p>"
        "</table:table-cell></table:table-row></table:table><text:p>后</text:p>";
    nl_doc *d = NULL;
    nl_error err;
    assert_int_equal(load_odt("", body, &d, &err), NL_OK);
    assert_string_equal(joined(d), "前|甲|乙|丙|后");
    static const uint32_t rows[] = {0, 1, 1, 2, 0};
    for (size_t i = 0; i < 5; i++)
        assert_int_equal(nl_doc_line(d, i)->row, rows[i]);
    nl_doc_free(d);
}

/* The paragraph styled Title (here through an automatic style derived from
   it) is recorded for the recogniser */
static void test_title_style(void **state)
{
    (void)state;
    nl_doc *d = NULL;
    nl_error err;
    assert_int_equal(load_odt("<style:style style:name=\"P1\" style:family=\"paragraph\" "
                              "style:parent-style-name=\"Title\"/>",
                              "<text:p>封面</text:p><text:p text:style-name=\"P1\">江州市某某办法</text:p><text:p>正文。</text:p>",
                              &d, &err),
                     NL_OK);
    assert_string_equal(nl_doc_property(d, NL_PROP_TITLE_STYLE), "江州市某某办法");
    nl_doc_free(d);
}

static void test_broken(void **state)
{
    (void)state;
    nl_doc *d = NULL;
    nl_error err;
    assert_int_equal(load_odt("", "<text:p>甲</text:span>", &d, &err), NL_ERR_PARSE);
    assert_non_null(strstr(err.message, "content.xml is not well-formed XML: "));
    assert_string_equal(err.path, "t.odt");
    assert_null(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text_and_lists),
        cmocka_unit_test(test_revisions),
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_notes),
        cmocka_unit_test(test_title_style),
        cmocka_unit_test(test_broken),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
