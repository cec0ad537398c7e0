/*
 * test_load_odt.c — the ODT loader on documents built here in memory:
 * paragraphs and headings, spans, text:s / tab / line-break, list numbering
 * with prefix, suffix, Chinese format, nesting and continue-numbering,
 * tracked changes (deleted text skipped), notes and annotations skipped,
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

static nl_status load_odt(const char *styles, const char *body, nl_doc **d, nl_error *err)
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
    nl_status st = nl_load_memory(d, "t.odt", out, n, NULL, err);
    free(out);
    return st;
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
    assert_string_equal(joined(d), "某某管理办法|甲   乙\t丙 丁|第一条 为了规范。|第二条 应当遵守：|（一）公示；|"
                                   "（二）记录。|第二章|第三条 施行。|第一条 重新编号。");
    const nl_line *l = nl_doc_line(d, 2);
    assert_string_equal(nl_doc_part_name(d, l->part), "content.xml");
    assert_int_equal(l->ordinal, 3);
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
        cmocka_unit_test(test_broken),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
