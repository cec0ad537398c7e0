/*
 * test_report.c — the findings reporters, end to end through the engine: a
 * tiny rule pack loaded from memory, documents made from UTF-8 strings,
 * nl_check, and both formats written into a memory buffer. The outputs are
 * compared whole: caret aligned in display columns under CJK text, after a
 * tab and across a window edge that cuts a wide character; long lines
 * windowed with "…" at both cut ends; a match spanning lines; quiet mode;
 * colour on and off; unreadable inputs; the summary line; the JSON contract
 * (also with no documents and with a file name that is not UTF-8); the
 * registry of formats.
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
#include "report/json.h"
#include "support/env.h"

/* test.fine is the rule of the brief; test.span (info) matches across a line
 * end and cites nothing, to show a multi-line underline and a finding without
 * 依据; test.warn gives the summary a warning. */
static const char *const pack = "- id: test.fine\n"
                                "  kind: pattern\n"
                                "  severity: error\n"
                                "  title: 罚款\n"
                                "  message: 设定了罚款：“{match}”\n"
                                "  basis: [\"《中华人民共和国行政处罚法》第十六条\"]\n"
                                "  advice: 删除。\n"
                                "  scope: sentence\n"
                                "  pattern: '处[^。；]{0,10}罚款'\n"
                                "  examples:\n"
                                "    bad: [\"处五百元罚款。\", \"并处一千元罚款。\"]\n"
                                "    good: [\"不得罚款。\", \"依法处理。\"]\n"
                                "- id: test.span\n"
                                "  kind: pattern\n"
                                "  severity: info\n"
                                "  title: 跨行\n"
                                "  message: 跨行的“甲乙丙丁”\n"
                                "  basis: []\n"
                                "  advice: 合并为一行。\n"
                                "  scope: document\n"
                                "  pattern: '甲乙\\n丙丁'\n"
                                "  examples:\n"
                                "    bad: [\"甲乙\\n丙丁\", \"一甲乙\\n丙丁\"]\n"
                                "    good: [\"甲乙丙丁\", \"甲乙\"]\n"
                                "- id: test.warn\n"
                                "  kind: pattern\n"
                                "  severity: warning\n"
                                "  title: 原则上\n"
                                "  message: “原则上”含义不明\n"
                                "  basis: [\"《甲》第一条\", \"《乙》第二条\"]\n"
                                "  advice: 写明例外。\n"
                                "  scope: sentence\n"
                                "  pattern: 原则上\n"
                                "  examples:\n"
                                "    bad: [\"原则上不予支持。\", \"原则上可以。\"]\n"
                                "    good: [\"不予支持。\", \"可以。\"]\n";

#define BIN_MESSAGE                                                                                                    \
    "unsupported: a binary file (NUL byte at byte 3), not text, DOCX, ODT, XML or HTML; save or convert it as DOCX "  \
    "or UTF-8 text"

/* One input of a run: a document's text, or (text NULL) an unreadable file. */
typedef struct input {
    const char *name;
    const char *text;
} input;

/* Report the inputs in order and return everything written (caller frees). */
static char *report(const char *format, const nl_report_opts *opts, const input *in, size_t n)
{
    nl_ruleset *rs = NULL;
    nl_matcher *m = NULL;
    nl_error err;
    assert_int_equal(nl_test_ruleset_new(&rs, &err), NL_OK);
    assert_int_equal(nl_ruleset_load_memory(rs, "p.yaml", pack, strlen(pack), &err), NL_OK);
    assert_int_equal(nl_matcher_new(&m, rs, &err), NL_OK);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    nl_report *r = NULL;
    assert_int_equal(nl_report_new(&r, format, f, opts, &err), NL_OK);
    for (size_t i = 0; i < n; i++) {
        if (!in[i].text) {
            nl_error e;
            nl_error_set(&e, NL_ERR_BINARY, in[i].name, "%s", BIN_MESSAGE);
            assert_int_equal(nl_report_unreadable(r, &e), NL_OK);
            continue;
        }
        nl_doc *doc = NULL;
        nl_result *res = NULL;
        assert_int_equal(nl_doc_from_utf8(&doc, in[i].name, in[i].text, strlen(in[i].text), &err), NL_OK);
        assert_int_equal(nl_check(&res, m, rs, doc, NULL, &err), NL_OK);
        assert_int_equal(nl_report_doc(r, doc, res), NL_OK);
        nl_result_free(res);
        nl_doc_free(doc);
    }
    assert_int_equal(nl_report_finish(r), NL_OK);
    fclose(f);
    nl_matcher_free(m);
    nl_ruleset_free(rs);
    return buf;
}

static char *report1(const char *format, int color, int quiet, const char *text)
{
    nl_report_opts o = {.color = color, .quiet = quiet};
    input in = {"d.txt", text};
    return report(format, &o, &in, 1);
}

/* s repeated n times, appended to a growing buffer. */
static void rep(char *buf, size_t size, const char *s, int n)
{
    for (int i = 0; i < n; i++) {
        assert_true(strlen(buf) + strlen(s) < size);
        strcat(buf, s);
    }
}

static const char *const draft = "江州市某某办法\n第一条　违反本办法的，处五百元罚款。\n";
/* what the text report says of the drafts' type before their findings */
#define TYPE_LINE "d.txt: 文件类型：行政规范性文件（推定：标题文种为“办法”，由行政机关制发）\n\n"

static void test_text_caret_cjk(void **state)
{
    (void)state;
    char *s = report1("text", 0, 0, draft);
    /* 第一条　违反本办法的， is 11 wide characters: the caret sits 22 columns in,
       and 处五百元罚款 (6 characters) is underlined over 12 columns */
    assert_string_equal(s, TYPE_LINE "d.txt:2:12: error[test.fine]: 设定了罚款：“处五百元罚款”\n"
                           "    2 | 第一条　违反本办法的，处五百元罚款。\n"
                           "      |                       ^~~~~~~~~~~~\n"
                           "  位置：第一条\n"
                           "  依据：《中华人民共和国行政处罚法》第十六条\n"
                           "  建议：删除。\n"
                           "\n"
                           "检查 1 个文件：错误 1 项，警告 0 项，提示 0 项。\n");
    free(s);
}

static void test_text_tab_and_controls(void **state)
{
    (void)state;
    /* a tab before the match and a form feed after it (pdftotext puts one
       between pages): each is printed as one space and counted as one column */
    char *s = report1("text", 0, 0, "江州市某某办法\n第一条\t违反本办法的，处五百元罚款。\f再\n");
    assert_string_equal(s, TYPE_LINE "d.txt:2:12: error[test.fine]: 设定了罚款：“处五百元罚款”\n"
                           "    2 | 第一条 违反本办法的，处五百元罚款。 再\n"
                           "      |                      ^~~~~~~~~~~~\n"
                           "  位置：第一条\n"
                           "  依据：《中华人民共和国行政处罚法》第十六条\n"
                           "  建议：删除。\n"
                           "\n"
                           "检查 1 个文件：错误 1 项，警告 0 项，提示 0 项。\n");
    free(s);
}

static void test_text_span_lines_no_basis(void **state)
{
    (void)state;
    /* the match runs onto the next line: underlined to the end of the first;
       the rule cites nothing, so there is no 依据 line */
    char *s = report1("text", 0, 0, "某某办法\n第一条　甲乙\n丙丁。\n");
    assert_string_equal(s, TYPE_LINE "d.txt:2:5: info[test.span]: 跨行的“甲乙丙丁”\n"
                           "    2 | 第一条　甲乙\n"
                           "      |         ^~~~\n"
                           "  位置：第一条\n"
                           "  建议：合并为一行。\n"
                           "\n"
                           "检查 1 个文件：错误 0 项，警告 0 项，提示 1 项。\n");
    free(s);
}

static void test_text_long_line_window(void **state)
{
    (void)state;
    /* 200 甲 (400 columns), then the match, then 100 乙: the window starts 30
       columns before the match and is 100 columns wide, cut at both ends */
    char text[4096] = "某某办法\n";
    rep(text, sizeof text, "甲", 200);
    strcat(text, "，处五百元罚款。");
    rep(text, sizeof text, "乙", 100);
    strcat(text, "\n");
    char *s = report1("text", 0, 1, text);
    assert_string_equal(s, "d.txt:2:202: error[test.fine]: 设定了罚款：“处五百元罚款”\n");
    free(s);

    s = report1("text", 0, 0, text);
    /* 处 is at column 403; the window shows columns 373..472 */
    char want[4096] = TYPE_LINE "d.txt:2:202: error[test.fine]: 设定了罚款：“处五百元罚款”\n"
                      "    2 | …";
    rep(want, sizeof want, "甲", 14);
    strcat(want, "，处五百元罚款。");
    rep(want, sizeof want, "乙", 28); /* columns 419..474 would overrun: 28 fit */
    strcat(want, "…\n      | ");
    rep(want, sizeof want, " ", 31); /* … and 30 columns */
    strcat(want, "^~~~~~~~~~~~\n"
                 "  位置：第1段\n"); /* a paragraph outside articles */
    strcat(want, "  依据：《中华人民共和国行政处罚法》第十六条\n"
                 "  建议：删除。\n"
                 "\n"
                 "检查 1 个文件：错误 1 项，警告 0 项，提示 0 项。\n");
    assert_string_equal(s, want);
    free(s);
}

static void test_text_window_cuts_wide_char(void **state)
{
    (void)state;
    /* an ASCII letter before the match shifts it by one column, so the
       window's left edge (column 374) falls on the second half of a 甲: that
       half is shown as a space and the caret stays under 处 */
    char text[4096] = "某某办法\n";
    rep(text, sizeof text, "甲", 200);
    strcat(text, "a，处五百元罚款。\n");
    char *s = report1("text", 0, 0, text);
    char want[4096] = TYPE_LINE "d.txt:2:203: error[test.fine]: 设定了罚款：“处五百元罚款”\n"
                      "    2 | … ";
    rep(want, sizeof want, "甲", 13);
    strcat(want, "a，处五百元罚款。\n      | ");
    rep(want, sizeof want, " ", 31);
    strcat(want, "^~~~~~~~~~~~\n"
                 "  位置：第1段\n"
                 "  依据：《中华人民共和国行政处罚法》第十六条\n"
                 "  建议：删除。\n"
                 "\n"
                 "检查 1 个文件：错误 1 项，警告 0 项，提示 0 项。\n");
    assert_string_equal(s, want);
    free(s);
}

static void test_text_long_line_cost(void **state)
{
    (void)state;
    /* an 8 MB line with the match near its start: shown as the first 100
       columns; the reporter must not choke on the rest */
    size_t big = 8u << 20;
    char *text = malloc(big + 64);
    assert_non_null(text);
    strcpy(text, "某某办法\n处五百元罚款。");
    size_t n = strlen(text);
    memset(text + n, 'x', big);
    strcpy(text + n + big, "\n");
    char *s = report1("text", 0, 0, text);
    char want[1024] = TYPE_LINE "d.txt:2:1: error[test.fine]: 设定了罚款：“处五百元罚款”\n"
                      "    2 | 处五百元罚款。";
    rep(want, sizeof want, "x", 100 - 14);
    strcat(want, "…\n"
                 "      | ^~~~~~~~~~~~\n");
    assert_non_null(s);
    assert_true(strncmp(s, want, strlen(want)) == 0);
    free(s);
    free(text);
}

static void test_text_quiet_unreadable_summary(void **state)
{
    (void)state;
    nl_report_opts quiet = {.color = 0, .quiet = 1};
    const input in[] = {{"d1.txt", draft}, {"bin.txt", NULL}, {"d3.txt", "某某办法\n第一条　不得乱收费。\n"}};
    char *s = report("text", &quiet, in, 3);
    assert_string_equal(s, "d1.txt:2:12: error[test.fine]: 设定了罚款：“处五百元罚款”\n"
                           "bin.txt: 无法读取：" BIN_MESSAGE "\n");
    free(s);

    nl_report_opts loud = {.color = 0, .quiet = 0};
    const input clean[] = {{"d1.txt", "某某办法\n第一条　不得乱收费。\n"}, {"bin.txt", NULL}};
    s = report("text", &loud, clean, 2);
    assert_string_equal(s, "bin.txt: 无法读取：" BIN_MESSAGE "\n"
                           "\n"
                           "检查 2 个文件（无法读取 1 个）：未发现问题。\n");
    free(s);

    /* counts of every severity over several documents, and two bases */
    const input mixed[] = {{"d1.txt", draft},
                           {"d2.txt", "某某办法\n第一条　原则上不予支持，处一千元罚款。\n"},
                           {"bin.txt", NULL}};
    nl_report_opts q = {.color = 0, .quiet = 1};
    s = report("text", &q, mixed, 3);
    assert_string_equal(s, "d1.txt:2:12: error[test.fine]: 设定了罚款：“处五百元罚款”\n"
                           "d2.txt:2:5: warning[test.warn]: “原则上”含义不明\n"
                           "d2.txt:2:13: error[test.fine]: 设定了罚款：“处一千元罚款”\n"
                           "bin.txt: 无法读取：" BIN_MESSAGE "\n");
    free(s);
    s = report("text", &loud, mixed, 3);
    assert_non_null(strstr(s, "  依据：《甲》第一条；《乙》第二条\n"));
    const char *tail = "检查 3 个文件（无法读取 1 个）：错误 2 项，警告 1 项，提示 0 项。\n";
    assert_string_equal(s + strlen(s) - strlen(tail), tail);
    free(s);

    /* nothing at all */
    s = report("text", &loud, NULL, 0);
    assert_string_equal(s, "检查 0 个文件：未审查任何文件。\n");
    free(s);
}

static void test_text_color(void **state)
{
    (void)state;
    char *s = report1("text", 1, 0, draft);
    assert_string_equal(s, TYPE_LINE "\033[1md.txt:2:12:\033[0m \033[1;31merror\033[0m[test.fine]: 设定了罚款：“处五百元罚款”\n"
                           "    2 | 第一条　违反本办法的，处五百元罚款。\n"
                           "      |                       \033[1;32m^~~~~~~~~~~~\033[0m\n"
                           "  位置：第一条\n"
                           "  依据：《中华人民共和国行政处罚法》第十六条\n"
                           "  建议：删除。\n"
                           "\n"
                           "检查 1 个文件：错误 1 项，警告 0 项，提示 0 项。\n");
    free(s);
    s = report1("text", 1, 1, "某某办法\n第一条　原则上甲乙\n丙丁。\n");
    assert_string_equal(s, "\033[1md.txt:2:5:\033[0m \033[1;33mwarning\033[0m[test.warn]: “原则上”含义不明\n"
                           "\033[1md.txt:2:8:\033[0m \033[1;36minfo\033[0m[test.span]: 跨行的“甲乙丙丁”\n");
    free(s);

    /* colour off: not one escape, whatever the content */
    nl_report_opts off = {.color = 0, .quiet = 0};
    const input in[] = {{"d1.txt", draft}, {"d2.txt", "某某办法\n第一条　原则上甲乙\n丙丁。\n"}, {"bin.txt", NULL}};
    s = report("text", &off, in, 3);
    assert_null(strchr(s, '\033'));
    free(s);
}

static const char *const json_empty = "{\n"
                                      "  \"tool\": {\n"
                                      "    \"name\": \"normlint\",\n"
                                      "    \"version\": \"" NL_VERSION "\"\n"
                                      "  },\n"
                                      "  \"documents\": [],\n"
                                      "  \"summary\": {\n"
                                      "    \"documents\": 0,\n"
                                      "    \"checked\": 0,\n"
                                      "    \"unreadable\": 0,\n"
                                      "    \"ignored\": 0,\n"
                                      "    \"not_reviewed\": 0,\n"
                                      "    \"findings\": {\n"
                                      "      \"error\": 0,\n"
                                      "      \"warning\": 0,\n"
                                      "      \"info\": 0\n"
                                      "    },\n"
                                      "    \"suppressed\": 0,\n"
                                      "    \"baselined\": 0,\n"
                                      "    \"fail_on\": \"error\",\n"
                                      "    \"failing\": 0\n"
                                      "  }\n"
                                      "}\n";

static void test_json_empty(void **state)
{
    (void)state;
    nl_report_opts o = {.color = 0, .quiet = 0};
    char *s = report("json", &o, NULL, 0);
    assert_string_equal(s, json_empty);
    free(s);
    /* colour and quiet mean nothing to JSON */
    nl_report_opts cq = {.color = 1, .quiet = 1};
    s = report("json", &cq, NULL, 0);
    assert_string_equal(s, json_empty);
    free(s);
}

/* Replace each fingerprint's 16 hex digits with '#' (their value is the
 * engine's business), checking that they are 16 hex digits. */
static void mask_fingerprints(char *s)
{
    const char *key = "\"fingerprint\": \"";
    for (char *p = strstr(s, key); p; p = strstr(p, key)) {
        p += strlen(key);
        for (int i = 0; i < 16; i++) {
            assert_non_null(strchr("0123456789abcdef", p[i]));
            assert_true(p[i] != '\0');
            p[i] = '#';
        }
        assert_int_equal(p[16], '"');
    }
}

static void test_json_contract(void **state)
{
    (void)state;
    nl_report_opts o = {.color = 0, .quiet = 0};
    const input in[] = {{"d1.txt", "江州市某某办法\n江府规〔2024〕5号\n第一条　违反本办法的，处五百元罚款。\n"},
                        {"bin.txt", NULL},
                        {"d3.txt", "某某办法\n第一条　甲乙\n丙丁。\n// normlint-disable-next-line test.fine 依照上位法\n"
                                   "第二条　处一千元罚款。\n"}};
    char *s = report("json", &o, in, 3);
    mask_fingerprints(s);
    assert_string_equal(s, "{\n"
                           "  \"tool\": {\n"
                           "    \"name\": \"normlint\",\n"
                           "    \"version\": \"" NL_VERSION "\"\n"
                           "  },\n"
                           "  \"documents\": [\n"
                           "    {\n"
                           "      \"path\": \"d1.txt\",\n"
                           "      \"format\": \"txt\",\n"
                           "      \"encoding\": \"utf-8\",\n"
                           "      \"status\": \"checked\",\n"
                           "      \"title\": \"江州市某某办法\",\n"
                           "      \"doc_number\": \"江府规〔2024〕5号\",\n"
                           "      \"doc_type\": \"normative\",\n"
                           "      \"doc_type_reason\": \"文号含“规”字，为规范性文件统一编号\",\n"
                           "      \"doc_type_guessed\": false,\n"
                           "      \"issuer\": null,\n"
                           "      \"issuer_kind\": \"unknown\",\n"
                           "      \"issuer_level\": \"municipal\",\n"
                           "      \"findings\": [\n"
                           "        {\n"
                           "          \"rule\": \"test.fine\",\n"
                           "          \"severity\": \"error\",\n"
                           "          \"message\": \"设定了罚款：“处五百元罚款”\",\n"
                           "          \"line\": 3,\n"
                           "          \"column\": 12,\n"
                           "          \"end_line\": 3,\n"
                           "          \"end_column\": 18,\n"
                           "          \"address\": \"第一条\",\n"
                           "          \"excerpt\": \"第一条　违反本办法的，处五百元罚款。\",\n"
                           "          \"basis\": [\n"
                           "            \"《中华人民共和国行政处罚法》第十六条\"\n"
                           "          ],\n"
                           "          \"advice\": \"删除。\",\n"
                           "          \"fingerprint\": \"################\"\n"
                           "        }\n"
                           "      ],\n"
                           "      \"suppressed\": [],\n"
                           "      \"warnings\": []\n"
                           "    },\n"
                           "    {\n"
                           "      \"path\": \"bin.txt\",\n"
                           "      \"status\": \"unreadable\",\n"
                           "      \"error\": \"" BIN_MESSAGE "\",\n"
                           "      \"findings\": [],\n"
                           "      \"suppressed\": [],\n"
                           "      \"warnings\": []\n"
                           "    },\n"
                           "    {\n"
                           "      \"path\": \"d3.txt\",\n"
                           "      \"format\": \"txt\",\n"
                           "      \"encoding\": \"utf-8\",\n"
                           "      \"status\": \"checked\",\n"
                           "      \"title\": \"某某办法\",\n"
                           "      \"doc_number\": null,\n"
                           "      \"doc_type\": \"normative\",\n"
                           "      \"doc_type_reason\": \"标题文种为“办法”，由行政机关制发\",\n"
                           "      \"doc_type_guessed\": true,\n"
                           "      \"issuer\": null,\n"
                           "      \"issuer_kind\": \"unknown\",\n"
                           "      \"issuer_level\": \"unknown\",\n"
                           "      \"findings\": [\n"
                           "        {\n"
                           "          \"rule\": \"test.span\",\n"
                           "          \"severity\": \"info\",\n"
                           "          \"message\": \"跨行的“甲乙丙丁”\",\n"
                           "          \"line\": 2,\n"
                           "          \"column\": 5,\n"
                           "          \"end_line\": 3,\n"
                           "          \"end_column\": 3,\n"
                           "          \"address\": \"第一条\",\n"
                           "          \"excerpt\": \"第一条　甲乙\",\n"
                           "          \"basis\": [],\n"
                           "          \"advice\": \"合并为一行。\",\n"
                           "          \"fingerprint\": \"################\"\n"
                           "        }\n"
                           "      ],\n"
                           "      \"suppressed\": [\n"
                           "        {\n"
                           "          \"rule\": \"test.fine\",\n"
                           "          \"severity\": \"error\",\n"
                           "          \"message\": \"设定了罚款：“处一千元罚款”\",\n"
                           "          \"line\": 5,\n"
                           "          \"column\": 5,\n"
                           "          \"end_line\": 5,\n"
                           "          \"end_column\": 11,\n"
                           "          \"address\": \"第二条\",\n"
                           "          \"excerpt\": \"第二条　处一千元罚款。\",\n"
                           "          \"basis\": [\n"
                           "            \"《中华人民共和国行政处罚法》第十六条\"\n"
                           "          ],\n"
                           "          \"advice\": \"删除。\",\n"
                           "          \"fingerprint\": \"################\",\n"
                           "          \"suppression\": {\n"
                           "            \"kind\": \"comment\",\n"
                           "            \"reason\": \"依照上位法\",\n"
                           "            \"line\": 4\n"
                           "          }\n"
                           "        }\n"
                           "      ],\n"
                           "      \"warnings\": []\n"
                           "    }\n"
                           "  ],\n"
                           "  \"summary\": {\n"
                           "    \"documents\": 3,\n"
                           "    \"checked\": 2,\n"
                           "    \"unreadable\": 1,\n"
                           "    \"ignored\": 0,\n"
                           "    \"not_reviewed\": 0,\n"
                           "    \"findings\": {\n"
                           "      \"error\": 1,\n"
                           "      \"warning\": 0,\n"
                           "      \"info\": 1\n"
                           "    },\n"
                           "    \"suppressed\": 1,\n"
                           "    \"baselined\": 0,\n"
                           "    \"fail_on\": \"error\",\n"
                           "    \"failing\": 1\n"
                           "  }\n"
                           "}\n");
    free(s);
}

static void test_json_not_utf8(void **state)
{
    (void)state;
    /* a GBK file name (办法 = B0 EC B7 A8; EC B7 A8 happens to be valid UTF-8)
       and a message quoting it: U+FFFD for each invalid byte, never a failed
       report */
    nl_report *r = NULL;
    nl_error err;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    assert_int_equal(nl_report_new(&r, "json", f, NULL, &err), NL_OK);
    nl_error e;
    nl_error_set(&e, NL_ERR_IO, "\xb0\xec\xb7\xa8\xff.txt", "cannot open \xb0\xec: Permission denied");
    assert_int_equal(nl_report_unreadable(r, &e), NL_OK);
    assert_int_equal(nl_report_finish(r), NL_OK);
    fclose(f);
    assert_non_null(strstr(buf, "    {\n"
                                "      \"path\": \"\xEF\xBF\xBD\xec\xb7\xa8\xEF\xBF\xBD.txt\",\n"
                                "      \"status\": \"unreadable\",\n"
                                "      \"error\": \"cannot open \xEF\xBF\xBD\xEF\xBF\xBD: Permission denied\",\n"));
    assert_non_null(strstr(buf, "    \"documents\": 1,\n    \"checked\": 0,\n    \"unreadable\": 1,\n"));
    free(buf);
}

/* The streaming writer (nl_jw): the layout every JSON report relies on
 * (jansson's, which it replaced), at a depth, indented and compact, with
 * every escape; bytes that are not UTF-8 as U+FFFD; a parsed value written
 * back; a part made in memory spliced in; a failed write reported. */
static void sample(nl_jw *w)
{
    static const char ctl[] = "q\"b\\s/\b\f\n\r\t\x01\x1f\x7f中";
    nl_jw_object(w);
    nl_jw_key(w, "s");
    nl_jw_text(w, ctl, sizeof ctl - 1);
    nl_jw_kv_int(w, "k\"", -42);
    nl_jw_key(w, "e");
    nl_jw_object(w);
    nl_jw_end(w);
    nl_jw_key(w, "a");
    nl_jw_array(w);
    nl_jw_bool(w, 1);
    nl_jw_bool(w, 0);
    nl_jw_null(w);
    nl_jw_object(w);
    nl_jw_key(w, "x");
    nl_jw_array(w);
    nl_jw_end(w);
    nl_jw_end(w);
    nl_jw_end(w);
    nl_jw_end(w);
}

static char *written(int indent, int depth, void (*fill)(nl_jw *))
{
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    assert_non_null(m);
    nl_jw w;
    nl_jw_init(&w, m, indent, depth);
    fill(&w);
    assert_int_equal(nl_jw_finish(&w), NL_OK);
    fclose(m);
    return buf;
}

static void inner_array(nl_jw *w)
{
    nl_jw_array(w);
    nl_jw_bool(w, 1);
    nl_jw_object(w);
    nl_jw_key(w, "x");
    nl_jw_array(w);
    nl_jw_end(w);
    nl_jw_end(w);
    nl_jw_end(w);
}

static void not_utf8(nl_jw *w)
{
    nl_jw_array(w);
    nl_jw_text(w, "a\xff\xc3z", 4);
    nl_jw_ctext(w, NULL);
    nl_jw_end(w);
}

static void parsed(nl_jw *w)
{
    char why[128];
    static const char text[] = "{\"a\":[1,-2,true,null,\"中\\n\"],\"b\":{},\"c\":1.5}";
    nl_json *v = nl_json_parse(text, sizeof text - 1, why, sizeof why);
    assert_non_null(v);
    nl_jw_value(w, v);
    nl_json_free(v);
}

static void spliced(nl_jw *w)
{
    nl_jw part;
    nl_jw_init(&part, NULL, 2, 1); /* in memory, laid out one level deep */
    nl_jw_array(&part);
    nl_jw_int(&part, 7);
    nl_jw_end(&part);
    nl_jw_object(w);
    nl_jw_key(w, "p");
    nl_jw_splice(w, &part);
    nl_jw_kv_bool(w, "q", 0);
    nl_jw_end(w);
    nl_jw_finish(&part);
}

static void test_json_writer(void **state)
{
    (void)state;
    char *s = written(2, 0, sample);
    assert_string_equal(s, "{\n"
                           "  \"s\": \"q\\\"b\\\\s/\\b\\f\\n\\r\\t\\u0001\\u001F\x7f中\",\n"
                           "  \"k\\\"\": -42,\n"
                           "  \"e\": {},\n"
                           "  \"a\": [\n"
                           "    true,\n"
                           "    false,\n"
                           "    null,\n"
                           "    {\n"
                           "      \"x\": []\n"
                           "    }\n"
                           "  ]\n"
                           "}");
    free(s);
    s = written(2, 2, inner_array);
    assert_string_equal(s, "[\n      true,\n      {\n        \"x\": []\n      }\n    ]");
    free(s);
    s = written(0, 0, sample);
    assert_string_equal(s, "{\"s\":\"q\\\"b\\\\s/\\b\\f\\n\\r\\t\\u0001\\u001F\x7f中\",\"k\\\"\":-42,\"e\":{},"
                           "\"a\":[true,false,null,{\"x\":[]}]}");
    free(s);
    s = written(0, 0, not_utf8);
    assert_string_equal(s, "[\"a\xef\xbf\xbd\xef\xbf\xbdz\",null]");
    free(s);
    s = written(0, 0, parsed);
    assert_string_equal(s, "{\"a\":[1,-2,true,null,\"中\\n\"],\"b\":{},\"c\":1.5}");
    free(s);
    s = written(2, 0, spliced);
    assert_string_equal(s, "{\n  \"p\": [\n    7\n  ],\n  \"q\": false\n}");
    free(s);
    /* a write that fails is reported, by the flush and by every later call */
    FILE *ro = fopen("/dev/null", "r");
    assert_non_null(ro);
    nl_jw w;
    nl_jw_init(&w, ro, 2, 0);
    sample(&w);
    assert_int_equal(nl_jw_flush(&w), NL_ERR_IO);
    nl_jw_null(&w);
    assert_int_equal(nl_jw_finish(&w), NL_ERR_IO);
    fclose(ro);
}

static void test_formats_registry(void **state)
{
    (void)state;
    nl_report *r = NULL;
    nl_error err;
    assert_int_equal(nl_report_new(&r, "xml", stdout, NULL, &err), NL_ERR_INVALID);
    assert_string_equal(err.message, "unknown format 'xml' (known: text, json, html, sarif, github, junit)");
    assert_null(r);
    assert_int_equal(nl_report_new(&r, NULL, stdout, NULL, &err), NL_ERR_INVALID);
    assert_null(r);
    assert_int_equal(nl_report_finish(NULL), NL_OK);

    /* every name nl_report_formats() lists opens a reporter */
    char names[128];
    snprintf(names, sizeof names, "%s", nl_report_formats());
    int count = 0;
    for (char *save = NULL, *t = strtok_r(names, ", ", &save); t; t = strtok_r(NULL, ", ", &save), count++) {
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        assert_non_null(f);
        assert_int_equal(nl_report_new(&r, t, f, NULL, &err), NL_OK);
        assert_int_equal(nl_report_finish(r), NL_OK);
        fclose(f);
        free(buf);
    }
    assert_int_equal(count, 6);
}

static void test_write_error(void **state)
{
    (void)state;
    /* a stream that cannot be written: finish says NL_ERR_IO */
    FILE *f = fopen("/dev/null", "r");
    assert_non_null(f);
    nl_report *r = NULL;
    nl_error err;
    assert_int_equal(nl_report_new(&r, "json", f, NULL, &err), NL_OK);
    assert_int_equal(nl_report_finish(r), NL_ERR_IO);
    assert_int_equal(nl_report_new(&r, "text", f, NULL, &err), NL_OK);
    assert_int_equal(nl_report_finish(r), NL_ERR_IO);
    fclose(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text_caret_cjk),
        cmocka_unit_test(test_text_tab_and_controls),
        cmocka_unit_test(test_text_span_lines_no_basis),
        cmocka_unit_test(test_text_long_line_window),
        cmocka_unit_test(test_text_window_cuts_wide_char),
        cmocka_unit_test(test_text_long_line_cost),
        cmocka_unit_test(test_text_quiet_unreadable_summary),
        cmocka_unit_test(test_text_color),
        cmocka_unit_test(test_json_empty),
        cmocka_unit_test(test_json_contract),
        cmocka_unit_test(test_json_not_utf8),
        cmocka_unit_test(test_json_writer),
        cmocka_unit_test(test_formats_registry),
        cmocka_unit_test(test_write_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
