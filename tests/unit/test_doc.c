/*
 * test_doc.c — the document model: line splitting and end-of-line styles,
 * positions in bytes / code points / display columns, node lookup and legal
 * addresses.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "doc/build.h"
#include "normlint/normlint.h"

static nl_doc *parse(const char *s)
{
    nl_doc *doc = NULL;
    nl_error err;
    assert_int_equal(nl_doc_from_utf8(&doc, "t.txt", s, strlen(s), &err), NL_OK);
    assert_non_null(doc);
    return doc;
}

static void test_lines_lf(void **state)
{
    (void)state;
    nl_doc *d = parse("一\n二\n三\n");
    assert_int_equal(nl_doc_line_count(d), 3);
    assert_string_equal(nl_doc_eol(d), "LF");
    assert_string_equal(nl_doc_text(d), "一\n二\n三");
    const nl_line *l = nl_doc_line(d, 1);
    assert_int_equal(l->start, 4);
    assert_int_equal(l->end, 7);
    assert_int_equal(l->ordinal, 2);
    assert_null(nl_doc_line(d, 3));
    nl_doc_free(d);
}

static void test_lines_crlf_cr_mixed(void **state)
{
    (void)state;
    nl_doc *d = parse("a\r\nb\r\nc");
    assert_int_equal(nl_doc_line_count(d), 3);
    assert_string_equal(nl_doc_eol(d), "CRLF");
    assert_string_equal(nl_doc_text(d), "a\nb\nc");
    nl_doc_free(d);
    d = parse("a\rb\r");
    assert_int_equal(nl_doc_line_count(d), 2);
    assert_string_equal(nl_doc_eol(d), "CR");
    nl_doc_free(d);
    d = parse("a\nb\r\nc\rd");
    assert_int_equal(nl_doc_line_count(d), 4);
    assert_string_equal(nl_doc_eol(d), "mixed");
    assert_string_equal(nl_doc_text(d), "a\nb\nc\nd");
    nl_doc_free(d);
    /* blank lines are kept as lines */
    d = parse("a\r\n\r\nb\r\n");
    assert_int_equal(nl_doc_line_count(d), 3);
    assert_int_equal(nl_doc_line(d, 1)->start, nl_doc_line(d, 1)->end);
    nl_doc_free(d);
}

static void test_empty(void **state)
{
    (void)state;
    nl_doc *d = parse("");
    assert_int_equal(nl_doc_line_count(d), 1);
    assert_int_equal(nl_doc_len(d), 0);
    assert_string_equal(nl_doc_eol(d), "none");
    assert_non_null(nl_doc_root(d));
    assert_null(nl_doc_root(d)->first_child);
    assert_int_equal(nl_doc_meta(d)->type, NL_DOCTYPE_UNKNOWN);
    nl_pos p = nl_doc_position(d, 0);
    assert_int_equal(p.line, 1);
    assert_int_equal(p.column, 1);
    nl_doc_free(d);
}

static void test_invalid_utf8(void **state)
{
    (void)state;
    nl_doc *doc = (nl_doc *)1;
    nl_error err;
    assert_int_equal(nl_doc_from_utf8(&doc, "x.txt", "ab\xff", 3, &err), NL_ERR_ENCODING);
    assert_null(doc);
    assert_string_equal(err.path, "x.txt");
    assert_string_equal(err.message, "is not valid UTF-8 (invalid byte at offset 2)");
}

static void test_positions(void **state)
{
    (void)state;
    /* 第一条 (9 bytes) + U+3000 (3 bytes) + 测试 + "ab" on line 1 */
    nl_doc *d = parse("第一条　测试ab\nx测");
    nl_pos p = nl_doc_position(d, 12); /* 测 */
    assert_int_equal(p.line, 1);
    assert_int_equal(p.column, 5);
    assert_int_equal(p.display_column, 9);
    p = nl_doc_position(d, 18); /* a */
    assert_int_equal(p.column, 7);
    assert_int_equal(p.display_column, 13);
    p = nl_doc_position(d, 20); /* the newline */
    assert_int_equal(p.line, 1);
    assert_int_equal(p.column, 9);
    p = nl_doc_position(d, 22); /* 测 on line 2 */
    assert_int_equal(p.line, 2);
    assert_int_equal(p.column, 2);
    assert_int_equal(p.display_column, 2);
    p = nl_doc_position(d, 10000); /* clamped to the end */
    assert_int_equal(p.offset, nl_doc_len(d));
    assert_int_equal(p.line, 2);
    assert_int_equal(p.column, 3);
    assert_int_equal(nl_doc_line_of(d, 0), 0);
    assert_int_equal(nl_doc_line_of(d, 20), 0);
    assert_int_equal(nl_doc_line_of(d, 21), 1);
    nl_doc_free(d);
}

static const char *const articles =
    "江州市示例管理办法\n"
    "第一章　总则\n"
    "第一条　为了规范管理，制定本办法。\n"
    "第二条　本办法适用于本市。\n"
    "前款所称单位包括：\n"
    "（一）机关；\n"
    "（二）事业单位。\n"
    "第二章　附则\n"
    "第三条　本办法自2025年1月1日起施行。\n";

static void test_address(void **state)
{
    (void)state;
    nl_doc *d = parse(articles);
    char buf[256];
    const char *t = nl_doc_text(d);
    size_t off = (size_t)(strstr(t, "事业单位") - t);
    nl_doc_address(d, off, buf, sizeof buf);
    assert_string_equal(buf, "第一章第二条第二款第（二）项");
    off = (size_t)(strstr(t, "适用于") - t);
    nl_doc_address(d, off, buf, sizeof buf);
    assert_string_equal(buf, "第一章第二条第一款");
    off = (size_t)(strstr(t, "规范管理") - t);
    nl_doc_address(d, off, buf, sizeof buf);
    assert_string_equal(buf, "第一章第一条");
    off = (size_t)(strstr(t, "2025") - t);
    nl_doc_address(d, off, buf, sizeof buf);
    assert_string_equal(buf, "第二章第三条");
    nl_doc_address(d, 0, buf, sizeof buf);
    assert_string_equal(buf, "标题");
    /* truncation never splits a character */
    nl_doc_address(d, (size_t)(strstr(t, "事业单位") - t), buf, 8);
    assert_string_equal(buf, "第一");
    nl_doc_free(d);
}

static void test_node_at(void **state)
{
    (void)state;
    nl_doc *d = parse(articles);
    const char *t = nl_doc_text(d);
    const nl_node *n = nl_doc_node_at(d, (size_t)(strstr(t, "机关") - t));
    assert_int_equal(n->kind, NL_NODE_ITEM);
    assert_int_equal(n->number, 1);
    assert_int_equal(n->parent->kind, NL_NODE_CLAUSE);
    assert_int_equal(n->parent->number, 2);
    assert_int_equal(n->parent->parent->kind, NL_NODE_ARTICLE);
    nl_doc_free(d);
}

static void test_builder_parts(void **state)
{
    (void)state;
    nl_doc *d = NULL;
    nl_error err;
    uint32_t part;
    assert_int_equal(nl_doc_new(&d, "a.docx", "docx", &err), NL_OK);
    assert_int_equal(nl_doc_add_part(d, "word/document.xml", &part), NL_OK);
    assert_int_equal(part, 1);
    assert_int_equal(nl_doc_append_line(d, "第一条　甲", 15, part, 7), NL_OK);
    assert_int_equal(nl_doc_append_line(d, "乙", 3, part, 9), NL_OK);
    assert_string_equal(nl_doc_text(d), "第一条　甲\n乙");
    assert_string_equal(nl_doc_part_name(d, nl_doc_line(d, 1)->part), "word/document.xml");
    assert_int_equal(nl_doc_line(d, 1)->ordinal, 9);
    assert_string_equal(nl_doc_part_name(d, 0), "");
    assert_string_equal(nl_doc_format(d), "docx");
    assert_null(nl_doc_root(d));
    assert_int_equal(nl_doc_recognise(d, &err), NL_OK);
    assert_non_null(nl_doc_root(d));
    nl_doc_free(d);
    nl_doc_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lines_lf),      cmocka_unit_test(test_lines_crlf_cr_mixed),
        cmocka_unit_test(test_empty),         cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_positions),     cmocka_unit_test(test_address),
        cmocka_unit_test(test_node_at),       cmocka_unit_test(test_builder_parts),
    };
    return cmocka_run_group_tests_name("doc", tests, NULL, NULL);
}
