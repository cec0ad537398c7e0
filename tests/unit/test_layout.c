/*
 * test_layout.c — the placement heuristic of lib/load/layout.c on pages
 * built here run by run: runs into lines (baseline tolerance, left-to-right
 * order, the space between runs, overprinted text), lines into paragraphs
 * (indent, short last line, vertical gap, size change), paragraphs across
 * pages, page numbers at the edges, margins with a stray line, page and
 * line locators, and hostile runs (coordinates that are not finite,
 * control characters).
 *
 * The pages imitate GB/T 9704: a text block from x = 28 to 184 mm, 28
 * characters of 5.571 mm a line at a pitch of 10.2 mm, 16 pt type.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "doc/build.h"
#include "load/layout.h"
#include "support/doctext.h"
#include "normlint/normlint.h"

#define EM 5.644
#define ADV 5.571
#define LEFT 28.0
#define RIGHT (LEFT + 28 * ADV)
#define PITCH 10.2
#define BASE 45.0
#define PAGE_H 297.0

typedef struct fixture {
    nl_doc *doc;
    nl_layout *l;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    nl_error err;
    assert_int_equal(nl_doc_new(&f->doc, "t.ofd", "ofd", &err), NL_OK);
    assert_int_equal(nl_layout_new(&f->l, f->doc, 0), NL_OK);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    nl_layout_free(f->l);
    nl_doc_free(f->doc);
    free(f);
    return 0;
}

/* Code points of UTF-8 s (the generator counts wide characters). */
static size_t chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* A run of wide characters from x at baseline y. */
static void run_at(fixture *f, double x, double y, double em, const char *s)
{
    nl_run r = {x, x + (double)chars(s) * em, y, em};
    assert_int_equal(nl_layout_add(f->l, &r, s, strlen(s)), NL_OK);
}

/* Printed line `no` (0-based) of a page: indented by `indent` characters. */
static void body_line(fixture *f, int no, int indent, const char *s)
{
    run_at(f, LEFT + indent * ADV, BASE + no * PITCH, EM, s);
}

/* 26 and 28 wide characters: the first and the other lines of a full paragraph. */
static const char first26[] = "第一条为了规范户外广告设施设置维护城市容貌和公共安全";
static const char full28[] = "根据有关法律法规结合本市实际制定本办法本办法适用于本市城";

/* The page ends, so does the document: its lines joined with "|". */
static const char *finish(fixture *f)
{
    assert_int_equal(nl_layout_end_page(f->l, PAGE_H), NL_OK);
    assert_int_equal(nl_layout_flush(f->l, 0), NL_OK);
    return nl_test_joined(f->doc);
}

static void page_line_at(const nl_doc *d, size_t offset, size_t page, size_t line)
{
    size_t p = 0, l = 0;
    assert_true(nl_doc_page_at(d, offset, &p, &l));
    assert_int_equal(p, page);
    assert_int_equal(l, line);
}

static void test_runs_into_lines(void **state)
{
    fixture *f = *state;
    /* added out of order; a baseline 1 mm off still joins (0.4 em = 2.3 mm) */
    run_at(f, 60, BASE + 1.0, EM, "乙丙");
    run_at(f, LEFT, BASE, EM, "甲");
    run_at(f, LEFT + 2 * ADV, BASE + PITCH, EM, "丁");
    finish(f);
    /* 甲 ends at 33.6, 乙 starts at 60: a wide gap between Chinese characters
       is a full-width space; 丁 is on the next line, indented */
    assert_string_equal(nl_test_joined(f->doc), "甲　乙丙|丁");
}

static void test_gaps_between_runs(void **state)
{
    fixture *f = *state;
    nl_run a = {LEFT, LEFT + 10, BASE, EM}, b = {LEFT + 10.4, LEFT + 20, BASE, EM};
    /* touching Chinese: nothing; a small gap between Chinese: nothing */
    assert_int_equal(nl_layout_add(f->l, &a, "第一条", strlen("第一条")), NL_OK);
    b.x0 = LEFT + 12;
    assert_int_equal(nl_layout_add(f->l, &b, "为了", strlen("为了")), NL_OK);
    /* Latin after a gap of half an em: a space; Latin touching Latin: none */
    nl_run c = {LEFT + 23, LEFT + 30, BASE, EM}, d = {LEFT + 30.1, LEFT + 40, BASE, EM};
    assert_int_equal(nl_layout_add(f->l, &c, "OFD", 3), NL_OK);
    assert_int_equal(nl_layout_add(f->l, &d, "2024", 4), NL_OK);
    assert_string_equal(finish(f), "第一条为了 OFD2024");
}

static void test_overprint_read_once(void **state)
{
    fixture *f = *state;
    run_at(f, LEFT, BASE, EM, "加粗标题");
    run_at(f, LEFT + 0.05, BASE + 0.05, EM, "加粗标题");
    assert_string_equal(finish(f), "加粗标题");
}

static void test_paragraphs(void **state)
{
    fixture *f = *state;
    body_line(f, 0, 2, first26);      /* indented first line */
    body_line(f, 1, 0, full28);       /* full continuation */
    body_line(f, 2, 0, "区。");       /* short last line */
    body_line(f, 3, 2, "第二条本办法自公布之日起施行。"); /* indented: a new paragraph */
    body_line(f, 4, 0, "附件：名录");  /* after a short line: a new one, unindented */
    finish(f);
    char want[1024];
    snprintf(want, sizeof want, "%s%s区。|第二条本办法自公布之日起施行。|附件：名录", first26, full28);
    assert_string_equal(nl_test_joined(f->doc), want);
    const nl_line *l = nl_doc_line(f->doc, 0);
    assert_int_equal(l->ordinal, 1);
    /* the printed lines of the first paragraph: page 1, lines 1 to 3 */
    page_line_at(f->doc, l->start, 1, 1);
    page_line_at(f->doc, l->start + strlen(first26), 1, 2);
    page_line_at(f->doc, l->start + strlen(first26) + strlen(full28) - 1, 1, 2);
    page_line_at(f->doc, l->start + strlen(first26) + strlen(full28), 1, 3);
    page_line_at(f->doc, nl_doc_line(f->doc, 2)->start, 1, 5);
}

static void test_vertical_gap_and_size(void **state)
{
    fixture *f = *state;
    run_at(f, LEFT, BASE - 15, 7.76, "江州市户外广告设施设置管理办法标题"); /* larger type */
    body_line(f, 0, 0, full28);
    body_line(f, 1, 0, full28);
    body_line(f, 3, 0, full28); /* a blank line above: a new paragraph */
    body_line(f, 4, 0, full28);
    finish(f);
    assert_int_equal(nl_doc_line_count(f->doc), 3);
    assert_int_equal(nl_doc_line(f->doc, 1)->end - nl_doc_line(f->doc, 1)->start, 2 * strlen(full28));
}

static void test_across_pages(void **state)
{
    fixture *f = *state;
    /* page 1 ends with a full line; page 2 starts unindented: one paragraph */
    body_line(f, 0, 2, "序。");
    body_line(f, 1, 2, first26);
    body_line(f, 2, 0, full28);
    run_at(f, 150, 276, 4.94, "— 1 —");
    assert_int_equal(nl_layout_end_page(f->l, PAGE_H), NL_OK);
    assert_int_equal(nl_doc_line_count(f->doc), 1); /* the second paragraph is still open */
    run_at(f, LEFT + 5, 276, 4.94, "— 2 —");
    body_line(f, 0, 0, "区。");
    /* page 2's last line is full too, but page 3 starts indented */
    body_line(f, 1, 2, first26);
    body_line(f, 2, 0, full28);
    assert_int_equal(nl_layout_end_page(f->l, PAGE_H), NL_OK);
    body_line(f, 0, 2, "第三条施行。");
    finish(f);
    char want[1024];
    snprintf(want, sizeof want, "序。|%s%s区。|%s%s|第三条施行。", first26, full28, first26, full28);
    assert_string_equal(nl_test_joined(f->doc), want);
    const nl_line *l = nl_doc_line(f->doc, 1);
    /* the page numbers are no lines: 区 is page 2, line 1 */
    page_line_at(f->doc, l->end - strlen("区。"), 2, 1);
    page_line_at(f->doc, l->start, 1, 2);
    page_line_at(f->doc, nl_doc_line(f->doc, 3)->start, 3, 1);
    assert_int_equal(nl_layout_pages(f->l), 3);
}

static void test_no_continuation_after_short_line(void **state)
{
    fixture *f = *state;
    body_line(f, 0, 2, "第一条短。");
    body_line(f, 1, 2, first26);
    body_line(f, 2, 0, full28);
    assert_int_equal(nl_layout_end_page(f->l, PAGE_H), NL_OK);
    /* continued, then ended by a short line at the bottom of the page */
    body_line(f, 0, 0, full28);
    body_line(f, 1, 0, full28);
    body_line(f, 2, 0, "区。");
    assert_int_equal(nl_layout_end_page(f->l, PAGE_H), NL_OK);
    /* so this unindented first line starts a paragraph */
    body_line(f, 0, 0, full28);
    body_line(f, 1, 0, full28);
    assert_int_equal(nl_layout_end_page(f->l, PAGE_H), NL_OK);
    /* a page without text, or with only its page number, ends the
       paragraph: nothing continues over it */
    assert_int_equal(nl_layout_end_page(f->l, PAGE_H), NL_OK);
    body_line(f, 0, 0, full28);
    body_line(f, 1, 0, full28);
    body_line(f, 2, 0, full28);
    assert_int_equal(nl_layout_end_page(f->l, PAGE_H), NL_OK);
    run_at(f, 150, 276, 4.94, "— 5 —");
    assert_int_equal(nl_layout_end_page(f->l, PAGE_H), NL_OK);
    body_line(f, 0, 0, "续。");
    finish(f);
    char want[2048];
    snprintf(want, sizeof want, "第一条短。|%s%s%s%s区。|%s%s|%s%s%s|续。", first26, full28, full28, full28, full28,
             full28, full28, full28, full28);
    assert_string_equal(nl_test_joined(f->doc), want);
}

static void test_unsure_margins_do_not_continue(void **state)
{
    fixture *f = *state;
    /* a page of one line says nothing about where lines end: the next
       page's first line does not continue it */
    body_line(f, 0, 0, full28);
    assert_int_equal(nl_layout_end_page(f->l, PAGE_H), NL_OK);
    body_line(f, 0, 0, full28);
    finish(f);
    assert_int_equal(nl_doc_line_count(f->doc), 2);
}

static void test_page_numbers_at_edges(void **state)
{
    fixture *f = *state;
    run_at(f, 90, 20, 4.94, "第 3 页 共 5 页");
    body_line(f, 0, 2, "正文。");
    run_at(f, 90, 150, EM, "-3-"); /* mid-page: text, not a page number */
    run_at(f, 150, 276, 4.94, "－３－");
    run_at(f, 150, 285, 4.94, "3");
    assert_string_equal(finish(f), "正文。|-3-");
    page_line_at(f->doc, 0, 1, 1);
    page_line_at(f->doc, nl_doc_line(f->doc, 1)->start, 1, 2);
}

static void test_is_page_number(void **state)
{
    (void)state;
    static const char *const yes[] = {"3", "— 3 —", "-3-", "- 12 -", "－３－", "—3—", "第3页", "第 3 页",
                                      "第3页 共5页", "第3页/共5页", "第3页，共5页", "共5页 第3页", "3/5",
                                      "3 / 5", "Page 3", "Page 3 of 5", "　— 7 —　"};
    static const char *const no[] = {"", "-3", "3-", "第三页", "12345", "3.1", "第3条", "共5页", "Page",
                                     "3/", "第3页共", "附件3", "2024年", "— —"};
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
        if (!nl_layout_is_page_number(yes[i], strlen(yes[i])))
            fail_msg("not taken for a page number: '%s'", yes[i]);
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
        if (nl_layout_is_page_number(no[i], strlen(no[i])))
            fail_msg("taken for a page number: '%s'", no[i]);
}

static void test_margins_ignore_stray_line(void **state)
{
    fixture *f = *state;
    run_at(f, 10, BASE - PITCH, EM, "旁注"); /* one line far left of the margin */
    body_line(f, 0, 2, first26);
    body_line(f, 1, 0, full28);
    body_line(f, 2, 0, "区。");
    finish(f);
    /* the margin stays at 28 mm: the indented first line still starts a
       paragraph, the continuation lines still continue it */
    char want[1024];
    snprintf(want, sizeof want, "旁注|%s%s区。", first26, full28);
    assert_string_equal(nl_test_joined(f->doc), want);
}

static void test_latin_wrap(void **state)
{
    fixture *f = *state;
    nl_run a = {LEFT, RIGHT, BASE, EM}, b = {LEFT, LEFT + 20, BASE + PITCH, EM};
    assert_int_equal(nl_layout_add(f->l, &a, "normative documents are read", 28), NL_OK);
    assert_int_equal(nl_layout_add(f->l, &b, "aloud", 5), NL_OK);
    assert_string_equal(finish(f), "normative documents are read aloud");
}

static void test_documents_do_not_join(void **state)
{
    fixture *f = *state;
    body_line(f, 0, 0, full28);
    assert_int_equal(nl_layout_end_page(f->l, PAGE_H), NL_OK);
    assert_int_equal(nl_layout_flush(f->l, 7), NL_OK); /* the next document */
    body_line(f, 0, 0, full28);
    finish(f);
    assert_int_equal(nl_doc_line_count(f->doc), 2);
    assert_int_equal(nl_doc_line(f->doc, 0)->part, 0);
    assert_int_equal(nl_doc_line(f->doc, 1)->part, 7);
    assert_int_equal(nl_doc_line(f->doc, 1)->ordinal, 2);
}

static void test_hostile_runs(void **state)
{
    fixture *f = *state;
    double inf = 1e308 * 10, nan = inf - inf;
    nl_run bad[] = {{nan, 1, BASE, EM}, {1, inf, BASE, EM}, {1, 2, -inf, EM}, {1, 2, BASE, 0}, {1, 2, BASE, -1}};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(nl_layout_add(f->l, &bad[i], "坏", strlen("坏")), NL_OK);
    nl_run ok = {LEFT, LEFT + 30, BASE, EM};
    assert_int_equal(nl_layout_add(f->l, &ok, "甲\n乙\r丙\t丁", strlen("甲\n乙\r丙\t丁")), NL_OK);
    assert_int_equal(nl_layout_add(f->l, &ok, "", 0), NL_OK);
    assert_string_equal(finish(f), "甲 乙 丙 丁");
}

static void test_many_lines(void **state)
{
    fixture *f = *state;
    /* 20,000 lines on one page, each its own (indented) paragraph: placed in
       O(n log n) */
    run_at(f, LEFT, BASE - PITCH, EM, "旁注");
    run_at(f, LEFT, BASE - 2 * PITCH, EM, "旁注");
    for (int i = 0; i < 20000; i++)
        run_at(f, LEFT + 2 * ADV, BASE + i * PITCH, EM, "第一条短。");
    assert_int_equal(nl_layout_end_page(f->l, 0), NL_OK);
    assert_int_equal(nl_layout_flush(f->l, 0), NL_OK);
    assert_int_equal(nl_doc_line_count(f->doc), 20002);
    page_line_at(f->doc, nl_doc_line(f->doc, 20001)->start, 1, 20002);
}

int main(void)
{
#define T(t) cmocka_unit_test_setup_teardown(t, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_runs_into_lines),
        T(test_gaps_between_runs),
        T(test_overprint_read_once),
        T(test_paragraphs),
        T(test_vertical_gap_and_size),
        T(test_across_pages),
        T(test_no_continuation_after_short_line),
        T(test_unsure_margins_do_not_continue),
        T(test_page_numbers_at_edges),
        cmocka_unit_test(test_is_page_number),
        T(test_margins_ignore_stray_line),
        T(test_latin_wrap),
        T(test_documents_do_not_join),
        T(test_hostile_runs),
        T(test_many_lines),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
