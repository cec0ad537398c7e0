/*
 * test_load_pdf.c — what the PDF loader makes of pdftotext's -bbox output
 * (pdfwords.c, pdflayout.c), without pdftotext: pages of words laid out here
 * as a word processor would place them. Gaps between words (CJK joined, a
 * typed space kept, U+3000 for a wide one), reading order, running headers,
 * footers and page numbers dropped, paragraphs joined by the right margin,
 * split by indents, labels, sizes and spacing, across page breaks, a centred
 * title on two lines, page locators, and the refusals (no text layer, too
 * many pages, malformed output). Also the converter runner (run.c) with
 * programs every system has: cat, sh, sleep, yes, awk (exit status, stderr,
 * a crash, the output cap, the time limit, the memory cap, a missing one).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/utf8.h"
#include "load/pdf.h"
#include "load/run.h"
#include "normlint/normlint.h"

/* A word at (x, y): 16 pt a CJK character, 8 pt any other, 20 pt high.
 * A NULL text starts a new page. */
typedef struct w {
    double x, y;
    const char *text;
} w;

#define PAGE {0, 0, NULL}

static double width_of(const char *s)
{
    double x = 0;
    for (size_t i = 0, n = strlen(s); i < n;) {
        uint32_t cp;
        size_t k = nl_utf8_decode(s + i, n - i, &cp);
        x += nl_pdf_wide(cp) ? 16 : 8;
        i += k ? k : 1;
    }
    return x;
}

/* pdftotext's -bbox XHTML for the words (malloc'd). */
static char *xhtml(const w *words, size_t n)
{
    size_t cap = 4096 + n * 256, len = 0;
    char *out = malloc(cap);
    assert_non_null(out);
    len += (size_t)snprintf(out + len, cap - len,
                            "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Transitional//EN\" "
                            "\"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd\">"
                            "<html xmlns=\"http://www.w3.org/1999/xhtml\">\n<head>\n<title>标题属性</title>\n"
                            "<meta name=\"Author\" content=\"起草处\"/>\n</head>\n<body>\n<doc>\n"
                            "  <page width=\"595.303937\" height=\"841.889764\">\n");
    for (size_t i = 0; i < n; i++) {
        if (!words[i].text) {
            len += (size_t)snprintf(out + len, cap - len,
                                    "  </page>\n  <page width=\"595.303937\" height=\"841.889764\">\n");
            continue;
        }
        len += (size_t)snprintf(out + len, cap - len,
                                "    <word xMin=\"%f\" yMin=\"%f\" xMax=\"%f\" yMax=\"%f\">%s</word>\n", words[i].x,
                                words[i].y, words[i].x + width_of(words[i].text), words[i].y + 20, words[i].text);
    }
    snprintf(out + len, cap - len, "  </page>\n</doc>\n</body>\n</html>\n");
    return out;
}

static nl_status build(nl_doc **d, const w *words, size_t n, const nl_load_opts *opts, nl_error *err)
{
    char *x = xhtml(words, n);
    nl_status st = nl_pdf_build(d, "t.pdf", x, strlen(x), opts, err);
    free(x);
    return st;
}

/* The document pdftotext output written by hand makes (the loader blanks
 * bad bytes in place, so it gets a copy). */
static nl_doc *build_raw(const char *x)
{
    char *buf = strdup(x);
    nl_doc *d = NULL;
    nl_error err;
    assert_non_null(buf);
    nl_status st = nl_pdf_build(&d, "t.pdf", buf, strlen(buf), NULL, &err);
    if (st != NL_OK)
        fprintf(stderr, "build: %s\n", err.message);
    assert_int_equal(st, NL_OK);
    free(buf);
    return d;
}

/* The document's text: its lines, one paragraph each, joined by "\n". */
static const char *text_of(const w *words, size_t n)
{
    static char out[16384];
    nl_doc *d = NULL;
    nl_error err;
    nl_status st = build(&d, words, n, NULL, &err);
    if (st != NL_OK)
        fprintf(stderr, "build: %s\n", err.message);
    assert_int_equal(st, NL_OK);
    snprintf(out, sizeof out, "%s", nl_doc_text(d));
    nl_doc_free(d);
    return out;
}

#define TEXT(ws) text_of(ws, sizeof ws / sizeof ws[0])

static void test_gaps(void **state)
{
    (void)state;
    static const w words[] = {
        {80, 100, "第一条"}, {144, 100, "为了"},              /* 16 pt: a full-width space */
        {80, 130, "本办法自"}, {147, 130, "2024"}, {182, 130, "年"}, /* 3 pt either side: none */
        {80, 160, "依照"}, {115, 160, "GB/T"}, {151, 160, "9704"}, /* Latin words keep their space */
        {80, 190, "市长"}, {117, 190, "周明远"},              /* 5 pt between CJK: a typed space */
        {80, 220, "□合格"}, {160, 220, "□不合格"},           /* boxes are wide too */
    };
    assert_string_equal(TEXT(words), "第一条　为了\n本办法自2024年\n依照GB/T 9704\n市长 周明远\n□合格　□不合格");
}

static void test_reading_order(void **state)
{
    (void)state;
    /* pdftotext lists a wide gap as another column: the words come in any order */
    static const w words[] = {
        {80, 130, "第二条"}, {144, 100, "总则"}, {80, 100, "第一章"}, {144, 131, "范围。"}, {300, 101, "（草案）"},
    };
    assert_string_equal(TEXT(words), "第一章　总则　（草案）\n第二条　范围。");
}

/* A line of 26 CJK characters from the left margin at 80, or an indented
 * one of 24 from 112, reaches the right margin at 496. */
#define FULL "一二三四五六七八九十一二三四五六七八九十一二三四五六"
#define REST "一二三四五六七八九十一二三四五六七八九十"

static void test_furniture(void **state)
{
    (void)state;
    static const w words[] = {
        {200, 40, "江州市人民政府规范性文件"}, {112, 100, "第一条　" REST}, {80, 130, "完。"},
        {80, 160, "3"}, /* a bare number inside the page is text */
        {280, 780, "—"}, {300, 780, "1"}, {312, 780, "—"},
        PAGE,
        {200, 40, "江州市人民政府规范性文件"}, {112, 100, "第二条　说明。"}, {280, 780, "-2-"},
        PAGE,
        {200, 40, "江州市人民政府规范性文件"}, {112, 100, "第三条　说明。"}, {270, 780, "第3页"},
        PAGE,
        {200, 40, "江州市人民政府规范性文件"}, {112, 100, "第四条　说明。"}, {290, 780, "4"},
    };
    assert_string_equal(TEXT(words), "第一条　" REST "完。\n3\n第二条　说明。\n第三条　说明。\n第四条　说明。");
}

static void test_paragraphs(void **state)
{
    (void)state;
    static const w words[] = {
        {112, 100, "第一条　" REST},       /* indented first line: 2 characters */
        {80, 130, FULL},                   /* after a line run to the margin: goes on */
        {80, 160, "完。"},                 /* short: the paragraph ends */
        {80, 190, FULL},                   /* not indented, after a short line: a new paragraph */
        {80, 220, "，续。"},               /* opens with a comma: goes on */
        {112, 250, "（一）项。"},          /* indented */
        {80, 280, "第二条　" REST "一二"}, /* labelled, full */
        {80, 310, "第三条的规定。"},       /* 第三条 without a space: a cross-reference, goes on */
        {80, 340, "第四条　说明。"},       /* labelled */
        {80, 430, "附件：说明。"},         /* after a gap of three lines: a new paragraph */
    };
    assert_string_equal(TEXT(words), "第一条　" REST FULL "完。\n" FULL "，续。\n（一）项。\n第二条　" REST
                                     "一二第三条的规定。\n第四条　说明。\n附件：说明。");
}

static void test_page_break(void **state)
{
    (void)state;
    static const w words[] = {
        {112, 100, "第一条　" REST}, {80, 130, FULL}, {80, 160, FULL}, {80, 190, FULL}, {280, 780, "—1—"},
        PAGE,
        {80, 100, "跨页的结尾。"}, /* after the break, at the margin: the same paragraph */
        {112, 130, "第二条　" REST}, {80, 160, "完。"}, {80, 190, FULL}, {80, 220, FULL}, {280, 780, "—2—"},
    };
    nl_doc *d = NULL;
    nl_error err;
    assert_int_equal(build(&d, words, sizeof words / sizeof words[0], NULL, &err), NL_OK);
    assert_int_equal(nl_doc_line_count(d), 3);
    /* locators: the page and the line on it of any byte */
    const nl_line *l = nl_doc_line(d, 0);
    size_t page = 0, line = 0;
    assert_int_equal(nl_doc_page_at(d, l->start, &page, &line), 1);
    assert_int_equal(page, 1);
    assert_int_equal(line, 1);
    const char *t = nl_doc_text(d);
    size_t end = (size_t)(strstr(t, "跨页") - t);
    assert_int_equal(nl_doc_page_at(d, end, &page, &line), 1);
    assert_int_equal(page, 2);
    assert_int_equal(line, 1);
    assert_int_equal(nl_doc_page_at(d, end - 1, &page, &line), 1);
    assert_int_equal(page, 1);
    assert_int_equal(line, 4);
    assert_int_equal(nl_doc_page_at(d, nl_doc_line(d, 2)->start, &page, &line), 1);
    assert_int_equal(page, 2);
    assert_int_equal(line, 4);
    assert_string_equal(nl_doc_format(d), "pdf");
    assert_string_equal(nl_doc_property(d, NL_PROP_TITLE), "标题属性");
    assert_string_equal(nl_doc_property(d, NL_PROP_CREATOR), "起草处");
    nl_doc_free(d);
}

static void test_title(void **state)
{
    (void)state;
    /* 22 pt words (heights 28) for the title: built by hand */
    const char *x = "<doc><page width=\"595\" height=\"842\">"
                    "<word xMin=\"80\" yMin=\"60\" xMax=\"498\" yMax=\"88\">江州市人民政府关于印发某某管理办法</word>"
                    "<word xMin=\"250\" yMin=\"96\" xMax=\"338\" yMax=\"124\">的通知</word>"
                    "<word xMin=\"80\" yMin=\"140\" xMax=\"496\" yMax=\"160\">" FULL "</word>"
                    "<word xMin=\"80\" yMin=\"170\" xMax=\"112\" yMax=\"190\">完。</word>"
                    "<word xMin=\"80\" yMin=\"200\" xMax=\"496\" yMax=\"220\">" FULL "</word>"
                    "<word xMin=\"80\" yMin=\"230\" xMax=\"112\" yMax=\"250\">完。</word>"
                    "</page></doc>";
    nl_doc *d = build_raw(x);
    assert_int_equal(nl_doc_line_count(d), 3);
    const nl_line *l = nl_doc_line(d, 0);
    assert_int_equal(l->end - l->start, strlen("江州市人民政府关于印发某某管理办法的通知"));
    nl_doc_free(d);
}

static void expect_fail(const char *x, const nl_load_opts *opts, nl_status st, const char *msg)
{
    char *buf = strdup(x);
    nl_doc *d = (nl_doc *)1;
    nl_error err;
    assert_int_equal(nl_pdf_build(&d, "t.pdf", buf, strlen(buf), opts, &err), st);
    assert_null(d);
    if (strncmp(err.message, msg, strlen(msg)) != 0)
        fprintf(stderr, "got: %s\n", err.message);
    assert_int_equal(strncmp(err.message, msg, strlen(msg)), 0);
    free(buf);
}

static void test_refusals(void **state)
{
    (void)state;
    /* pages without a word, or only with page furniture: a scan */
    expect_fail("<doc><page width=\"595\" height=\"842\"></page><page width=\"595\" height=\"842\">"
                "<word xMin=\"290\" yMin=\"780\" xMax=\"300\" yMax=\"800\">2</word></page></doc>",
                NULL, NL_ERR_UNSUPPORTED, "no text layer: needs OCR (a scanned or image-only PDF of 2 pages;");
    nl_load_opts o;
    memset(&o, 0, sizeof o);
    o.pdf_pages = 1;
    expect_fail("<doc><page width=\"1\" height=\"1\"></page><page width=\"1\" height=\"1\"></page></doc>", &o,
                NL_ERR_TOO_LARGE, "has more pages than the limit of 1 (--limit pdf-pages)");
    expect_fail("<doc><page><word>未闭合</page></doc>", NULL, NL_ERR_PARSE, "pdftotext's output is not well-formed XML");
    o.pdf_pages = 0;
    o.xml_depth = 4;
    expect_fail("<doc><page><word><b><i>深</i></b></word></page></doc>", &o, NL_ERR_PARSE,
                "pdftotext's output is not well-formed XML: elements nested deeper than 4 levels");
}

static void test_hostile_bytes(void **state)
{
    (void)state;
    /* a control character, a byte that is not UTF-8, U+FFFE and a line end
       inside words: each becomes a space, the rest is read */
    const char *x = "<doc><page width=\"595\" height=\"842\">"
                    "<word xMin=\"80\" yMin=\"100\" xMax=\"200\" yMax=\"120\">第一\x01条\xff内\xef\xbf\xbe容</word>"
                    "<word xMin=\"80\" yMin=\"130\" xMax=\"200\" yMax=\"150\">换\n行</word>"
                    "<word xMin=\"nan\" yMin=\"-1e999\" xMax=\"1e999999\" yMax=\"x\">怪</word>"
                    "</page></doc>";
    nl_doc *d = build_raw(x);
    assert_non_null(strstr(nl_doc_text(d), "第一 条 内   容"));
    assert_non_null(strstr(nl_doc_text(d), "换 行"));
    assert_null(strchr(nl_doc_text(d), '\x01'));
    nl_doc_free(d);
}

/* One run of a converter and how it ends: outcome, exit status or signal,
 * and the start of what it wrote (NULL: not compared). */
typedef struct run_case {
    char *argv[4];
    size_t cap, memory;
    unsigned seconds;
    nl_run_outcome outcome;
    int code;
    const char *out, *err;
} run_case;

static void test_run(void **state)
{
    (void)state;
    /* the memory cap applies once the child runs: it sleeps first */
    static char greedy[] = "sleep 0.3; awk 'BEGIN { s = \"a\"; for (i = 0; i < 26; i++) s = s s; print length(s) }'";
    static const run_case cases[] = {
        {{"cat", NULL}, 1024, 0, 10, NL_RUN_EXITED, 0, "甲乙丙", ""},
        {{"sh", "-c", "echo oops >&2; exit 3", NULL}, 1024, 0, 10, NL_RUN_EXITED, 3, "", "oops\n"},
        {{"sh", "-c", "kill -SEGV $$", NULL}, 1024, 0, 10, NL_RUN_SIGNALLED, 11, NULL, NULL},
        {{"yes", NULL}, 100000, 0, 10, NL_RUN_TOO_MUCH, 0, NULL, NULL},
        {{"sleep", "30", NULL}, 1024, 0, 1, NL_RUN_TIMEOUT, 0, NULL, NULL},
        {{"sh", "-c", "exec >&- 2>&-; sleep 30", NULL}, 1024, 0, 1, NL_RUN_TIMEOUT, 0, NULL, NULL},
        {{"sh", "-c", greedy, NULL}, 1024, 0, 10, NL_RUN_EXITED, 0, "67108864\n", ""},
        {{"sh", "-c", greedy, NULL}, 1024, (size_t)32 << 20, 10, NL_RUN_EXITED, 2, "", NULL},
        {{"normlint-no-such-converter", NULL}, 1024, 0, 10, NL_RUN_NOT_FOUND, 0, NULL, NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const run_case *c = &cases[i];
        nl_run_result r;
        nl_error err;
        nl_run_limits lim = {c->cap, c->seconds, c->memory};
        assert_int_equal(nl_run(&r, c->argv, "甲乙丙", strlen("甲乙丙"), &lim, "in", &err), NL_OK);
        assert_int_equal(r.outcome, c->outcome);
        assert_int_equal(r.code, c->code);
        if (c->out)
            assert_string_equal(r.out, c->out);
        if (c->err)
            assert_string_equal(r.err, c->err);
        if (r.outcome == NL_RUN_TOO_MUCH || r.outcome == NL_RUN_TIMEOUT)
            assert_null(r.out);
        free(r.out);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gaps),       cmocka_unit_test(test_reading_order), cmocka_unit_test(test_furniture),
        cmocka_unit_test(test_paragraphs), cmocka_unit_test(test_page_break),    cmocka_unit_test(test_title),
        cmocka_unit_test(test_refusals),   cmocka_unit_test(test_hostile_bytes), cmocka_unit_test(test_run),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
