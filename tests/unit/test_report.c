/*
 * test_report.c — the findings reporters: exact text output (caret aligned in
 * display columns under CJK text, long lines windowed, quiet mode, colour on
 * and off, unreadable inputs, the summary line) and the JSON contract.
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

static const char *const pack = "id: test.fine\n"
                                "kind: pattern\n"
                                "severity: error\n"
                                "title: 罚款\n"
                                "message: 设定了罚款：“{match}”\n"
                                "basis: [\"《中华人民共和国行政处罚法》第十六条\"]\n"
                                "advice: 删除。\n"
                                "scope: sentence\n"
                                "pattern: '处[^。；]{0,10}罚款'\n"
                                "examples:\n"
                                "  bad: [\"处五百元罚款。\", \"并处一千元罚款。\"]\n"
                                "  good: [\"不得罚款。\", \"依法处理。\"]\n";

typedef struct out {
    char *buf;
    size_t len;
    FILE *f;
} out;

/* Report the given texts (NULL text = an unreadable input) and return the output. */
static char *report(const char *format, const nl_report_opts *opts, const char *const *texts, size_t n)
{
    nl_ruleset *rs = NULL;
    nl_matcher *m = NULL;
    nl_error err;
    assert_int_equal(nl_ruleset_new(&rs, &err), NL_OK);
    assert_int_equal(nl_ruleset_load_memory(rs, "p.yaml", pack, strlen(pack), &err), NL_OK);
    assert_int_equal(nl_matcher_new(&m, rs, &err), NL_OK);
    out o = {NULL, 0, NULL};
    o.f = open_memstream(&o.buf, &o.len);
    assert_non_null(o.f);
    nl_report *r = NULL;
    assert_int_equal(nl_report_new(&r, format, o.f, opts, &err), NL_OK);
    for (size_t i = 0; i < n; i++) {
        if (!texts[i]) {
            nl_error e;
            nl_error_set(&e, NL_ERR_BINARY, "bin.txt",
                         "unsupported: a binary file (NUL byte at byte 3), not text, DOCX, ODT, XML or HTML; "
                         "save or convert it as DOCX or UTF-8 text");
            assert_int_equal(nl_report_unreadable(r, &e), NL_OK);
            continue;
        }
        char name[32];
        snprintf(name, sizeof name, "d%zu.txt", i + 1);
        nl_doc *doc = NULL;
        nl_result *res = NULL;
        assert_int_equal(nl_doc_from_utf8(&doc, name, texts[i], strlen(texts[i]), &err), NL_OK);
        assert_int_equal(nl_check(&res, m, rs, doc, NULL, &err), NL_OK);
        assert_int_equal(nl_report_doc(r, doc, res), NL_OK);
        nl_result_free(res);
        nl_doc_free(doc);
    }
    assert_int_equal(nl_report_finish(r), NL_OK);
    fclose(o.f);
    nl_matcher_free(m);
    nl_ruleset_free(rs);
    return o.buf;
}

static const char *const draft = "江州市某某办法\n第一条　违反本办法的，处五百元罚款。\n";

static void test_text_caret_cjk(void **state)
{
    (void)state;
    nl_report_opts o = {0, 0};
    const char *texts[] = {draft};
    char *s = report("text", &o, texts, 1);
    assert_string_equal(s, "d1.txt:2:12: error[test.fine]: 设定了罚款：“处五百元罚款”\n"
                           "    2 | 第一条　违反本办法的，处五百元罚款。\n"
                           "      |                       ^~~~~~~~~~~~\n"
                           "  位置：第一条\n"
                           "  依据：《中华人民共和国行政处罚法》第十六条\n"
                           "  建议：删除。\n"
                           "\n"
                           "检查 1 个文件：错误 1 项，警告 0 项，提示 0 项。\n");
    free(s);
}

static void test_text_long_line_window(void **state)
{
    (void)state;
    /* 200 CJK characters (400 columns) before the match */
    char text[2048] = "某某办法\n";
    for (int i = 0; i < 200; i++)
        strcat(text, "甲");
    strcat(text, "，处五百元罚款。\n");
    nl_report_opts o = {0, 0};
    const char *texts[] = {text};
    char *s = report("text", &o, texts, 1);
    /* the window starts 30 columns (15 characters) before the match */
    const char *want_src = "    2 | …甲甲甲甲甲甲甲甲甲甲甲甲甲甲，处五百元罚款。\n";
    const char *want_caret = "      | " /* … is one column, then 30 columns before the match */
                             "                               ^~~~~~~~~~~~\n";
    assert_non_null(strstr(s, want_src));
    assert_non_null(strstr(s, want_caret));
    assert_non_null(strstr(s, "d1.txt:2:202: error[test.fine]"));
    free(s);
}

static void test_text_quiet_unreadable_clean(void **state)
{
    (void)state;
    nl_report_opts o = {0, 1};
    const char *texts[] = {draft, NULL, "某某办法\n第一条　不得乱收费。\n"};
    char *s = report("text", &o, texts, 3);
    assert_string_equal(s, "d1.txt:2:12: error[test.fine]: 设定了罚款：“处五百元罚款”\n"
                           "bin.txt: 无法读取：unsupported: a binary file (NUL byte at byte 3), not text, DOCX, ODT, XML or HTML; save or convert it as DOCX or UTF-8 text\n");
    free(s);
    nl_report_opts loud = {0, 0};
    const char *clean[] = {"某某办法\n第一条　不得乱收费。\n", NULL};
    s = report("text", &loud, clean, 2);
    assert_string_equal(s, "bin.txt: 无法读取：unsupported: a binary file (NUL byte at byte 3), not text, DOCX, ODT, XML or HTML; save or convert it as DOCX or UTF-8 text\n\n"
                           "检查 2 个文件（无法读取 1 个）：未发现问题。\n");
    free(s);
}

static void test_text_color(void **state)
{
    (void)state;
    const char *texts[] = {draft};
    nl_report_opts on = {1, 0}, off = {0, 0};
    char *s = report("text", &on, texts, 1);
    assert_non_null(strstr(s, "\033[1md1.txt:2:12:\033[0m \033[1;31merror\033[0m[test.fine]"));
    free(s);
    s = report("text", &off, texts, 1);
    assert_null(strchr(s, '\033'));
    free(s);
}

static void test_json(void **state)
{
    (void)state;
    nl_report_opts o = {0, 0};
    char *s = report("json", &o, NULL, 0);
    assert_string_equal(s, "{\n"
                           "  \"tool\": {\n"
                           "    \"name\": \"normlint\",\n"
                           "    \"version\": \"" NL_VERSION "\"\n"
                           "  },\n"
                           "  \"documents\": [],\n"
                           "  \"summary\": {\n"
                           "    \"documents\": 0,\n"
                           "    \"checked\": 0,\n"
                           "    \"unreadable\": 0,\n"
                           "    \"findings\": {\n"
                           "      \"error\": 0,\n"
                           "      \"warning\": 0,\n"
                           "      \"info\": 0\n"
                           "    }\n"
                           "  }\n"
                           "}\n");
    free(s);
    const char *texts[] = {draft, NULL};
    s = report("json", &o, texts, 2);
    assert_non_null(strstr(s, "\"path\": \"d1.txt\",\n      \"format\": \"txt\",\n      \"encoding\": \"utf-8\",\n"
                              "      \"status\": \"checked\",\n      \"title\": \"江州市某某办法\",\n"
                              "      \"doc_number\": null,\n      \"doc_type\": \"normative\""));
    assert_non_null(strstr(s, "\"line\": 2,\n          \"column\": 12,\n          \"end_line\": 2,\n"
                              "          \"end_column\": 18,\n          \"address\": \"第一条\""));
    assert_non_null(strstr(s, "\"status\": \"unreadable\",\n      \"error\": \"unsupported: a binary file"));
    assert_non_null(strstr(s, "\"documents\": 2,\n    \"checked\": 1,\n    \"unreadable\": 1"));
    free(s);
}

static void test_unknown_format(void **state)
{
    (void)state;
    nl_report *r = NULL;
    nl_error err;
    assert_int_equal(nl_report_new(&r, "xml", stdout, NULL, &err), NL_ERR_INVALID);
    assert_string_equal(err.message, "unknown format 'xml' (known: text, json)");
    assert_null(r);
    assert_int_equal(nl_report_finish(NULL), NL_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text_caret_cjk),  cmocka_unit_test(test_text_long_line_window),
        cmocka_unit_test(test_text_quiet_unreadable_clean), cmocka_unit_test(test_text_color),
        cmocka_unit_test(test_json),            cmocka_unit_test(test_unknown_format),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
