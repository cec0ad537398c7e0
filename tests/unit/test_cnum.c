/*
 * test_cnum.c — Chinese numerals and dates: every form of number the parser
 * reads (standard, 〇/零/两, 万, financial, positional, Arabic, full-width),
 * the longest-valid-prefix rule and its byte counts, the customary article
 * form written by nl_cnum_format, the date forms and their flags, the date
 * finder, and hostile input (no terminator, bad UTF-8, long runs).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "normlint/cnum.h"

/* Parses s (whole C string) and checks value, form and bytes consumed. */
static void num(const char *s, long value, nl_numform form, size_t consumed)
{
    long v = -12345;
    nl_numform f = NL_NUM_IMPLICIT;
    assert_int_equal(nl_cnum_parse(s, strlen(s), &v, &f), consumed);
    assert_int_equal(v, value);
    assert_int_equal(f, form);
}

/* Checks a number reads as a whole. */
static void whole(const char *s, long value, nl_numform form) { num(s, value, form, strlen(s)); }

static void fmt(long value, const char *expect)
{
    char buf[64];
    assert_int_equal(nl_cnum_format(value, buf, sizeof buf), strlen(expect));
    assert_string_equal(buf, expect);
}

/* Parses a date at the start of s and checks every field. */
static void date(const char *s, size_t consumed, int y, int m, int d, nl_dateform form, unsigned flags)
{
    nl_date dt;
    memset(&dt, 0x5a, sizeof dt);
    assert_int_equal(nl_date_parse(s, strlen(s), &dt), consumed);
    assert_int_equal(dt.year, y);
    assert_int_equal(dt.month, m);
    assert_int_equal(dt.day, d);
    assert_int_equal(dt.form, form);
    assert_int_equal(dt.flags, flags);
}

static void no_date(const char *s)
{
    nl_date dt;
    memset(&dt, 0x5a, sizeof dt);
    assert_int_equal(nl_date_parse(s, strlen(s), &dt), 0);
    assert_int_equal(dt.form, NL_DATE_NONE);
    assert_int_equal(dt.year, 0);
    assert_int_equal(dt.flags, 0);
}

/* ---- names ---- */

static void test_numform_names(void **state)
{
    (void)state;
    assert_string_equal(nl_numform_name(NL_NUM_NONE), "none");
    assert_string_equal(nl_numform_name(NL_NUM_CHINESE), "chinese");
    assert_string_equal(nl_numform_name(NL_NUM_ARABIC), "arabic");
    assert_string_equal(nl_numform_name(NL_NUM_FULLWIDTH), "fullwidth");
    assert_string_equal(nl_numform_name(NL_NUM_CHINESE_UPPER), "chinese-upper");
    assert_string_equal(nl_numform_name(NL_NUM_IMPLICIT), "implicit");
    assert_string_equal(nl_numform_name((nl_numform)99), "unknown");
    /* enum values are part of the contract */
    assert_int_equal(NL_NUM_NONE, 0);
    assert_int_equal(NL_NUM_IMPLICIT, 5);
}

static void test_dateform_names(void **state)
{
    (void)state;
    assert_string_equal(nl_dateform_name(NL_DATE_NONE), "none");
    assert_string_equal(nl_dateform_name(NL_DATE_CN_ARABIC), "cn-arabic");
    assert_string_equal(nl_dateform_name(NL_DATE_CN_HANZI), "cn-hanzi");
    assert_string_equal(nl_dateform_name(NL_DATE_DOT), "dot");
    assert_string_equal(nl_dateform_name(NL_DATE_DASH), "dash");
    assert_string_equal(nl_dateform_name(NL_DATE_SLASH), "slash");
    assert_string_equal(nl_dateform_name((nl_dateform)-1), "unknown");
}

/* ---- parsing numerals ---- */

static void test_parse_digits(void **state)
{
    (void)state;
    static const char *const d[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九"};
    for (long i = 0; i < 9; i++)
        whole(d[i], i + 1, NL_NUM_CHINESE);
}

static void test_parse_tens(void **state)
{
    (void)state;
    whole("十", 10, NL_NUM_CHINESE);
    whole("一十", 10, NL_NUM_CHINESE);
    whole("十一", 11, NL_NUM_CHINESE);
    whole("一十一", 11, NL_NUM_CHINESE);
    whole("十九", 19, NL_NUM_CHINESE);
    whole("二十", 20, NL_NUM_CHINESE);
    whole("二十一", 21, NL_NUM_CHINESE);
    whole("九十九", 99, NL_NUM_CHINESE);
}

static void test_parse_hundreds_thousands(void **state)
{
    (void)state;
    whole("一百", 100, NL_NUM_CHINESE);
    whole("一百零三", 103, NL_NUM_CHINESE);
    whole("一百一十", 110, NL_NUM_CHINESE);
    whole("一百十", 110, NL_NUM_CHINESE);
    whole("一百一十一", 111, NL_NUM_CHINESE);
    whole("九百九十九", 999, NL_NUM_CHINESE);
    whole("一千", 1000, NL_NUM_CHINESE);
    whole("一千零一", 1001, NL_NUM_CHINESE);
    whole("一千零一十", 1010, NL_NUM_CHINESE);
    whole("一千零十", 1010, NL_NUM_CHINESE);
    whole("一千一十", 1010, NL_NUM_CHINESE);
    whole("一千二百三十四", 1234, NL_NUM_CHINESE);
    whole("九千九百九十九", 9999, NL_NUM_CHINESE);
    /* 零 must skip a position: 一百零一十 is 一百零一 and a stray 十 */
    num("一百零一十", 101, NL_NUM_CHINESE, 12);
    num("一千零一百", 1001, NL_NUM_CHINESE, 12);
    /* a bare ones digit after 百 is colloquial (一百三 = 130?): not guessed */
    num("一百三", 100, NL_NUM_CHINESE, 6);
}

static void test_parse_zero_forms(void **state)
{
    (void)state;
    whole("零", 0, NL_NUM_CHINESE);
    whole("〇", 0, NL_NUM_CHINESE);
    whole("一百〇三", 103, NL_NUM_CHINESE);
    whole("一千〇一十", 1010, NL_NUM_CHINESE);
    /* a trailing or doubled 零 is not part of the numeral */
    num("一百零", 100, NL_NUM_CHINESE, 6);
    num("一千零零一", 1000, NL_NUM_CHINESE, 6);
    num("十零", 10, NL_NUM_CHINESE, 3);
    num("零条", 0, NL_NUM_CHINESE, 3);
}

static void test_parse_liang(void **state)
{
    (void)state;
    whole("两百", 200, NL_NUM_CHINESE);
    whole("两千", 2000, NL_NUM_CHINESE);
    whole("两万", 20000, NL_NUM_CHINESE);
    whole("两千零二十", 2020, NL_NUM_CHINESE);
    whole("一万两千", 12000, NL_NUM_CHINESE);
    num("两年", 2, NL_NUM_CHINESE, 3);
    /* never before 十 nor as a ones digit */
    num("两十", 0, NL_NUM_NONE, 0);
    num("十两", 10, NL_NUM_CHINESE, 3);
    num("一百零两", 100, NL_NUM_CHINESE, 6);
}

static void test_parse_wan(void **state)
{
    (void)state;
    whole("一万", 10000, NL_NUM_CHINESE);
    whole("十万", 100000, NL_NUM_CHINESE);
    whole("一十万", 100000, NL_NUM_CHINESE);
    whole("十一万", 110000, NL_NUM_CHINESE);
    whole("一百零一万", 1010000, NL_NUM_CHINESE);
    whole("一万零五", 10005, NL_NUM_CHINESE);
    whole("一万零一十", 10010, NL_NUM_CHINESE);
    whole("一万零五百", 10500, NL_NUM_CHINESE);
    whole("一万五千", 15000, NL_NUM_CHINESE);
    whole("九千九百九十九万九千九百九十九", 99999999, NL_NUM_CHINESE);
    /* 万 needs a multiplier and comes once; 一万五 is colloquial (15000?) */
    num("万", 0, NL_NUM_NONE, 0);
    num("一万万", 10000, NL_NUM_CHINESE, 6);
    num("一万五", 10000, NL_NUM_CHINESE, 6);
    num("一百零万", 100, NL_NUM_CHINESE, 6);
    /* no 亿: the numeral stops before it */
    num("一亿", 1, NL_NUM_CHINESE, 3);
}

static void test_parse_upper(void **state)
{
    (void)state;
    whole("壹", 1, NL_NUM_CHINESE_UPPER);
    whole("玖", 9, NL_NUM_CHINESE_UPPER);
    whole("拾", 10, NL_NUM_CHINESE_UPPER);
    whole("壹拾", 10, NL_NUM_CHINESE_UPPER);
    whole("拾贰", 12, NL_NUM_CHINESE_UPPER);
    whole("叁拾肆", 34, NL_NUM_CHINESE_UPPER);
    whole("壹佰零叁", 103, NL_NUM_CHINESE_UPPER);
    whole("壹仟零壹拾", 1010, NL_NUM_CHINESE_UPPER);
    whole("伍仟陆佰柒拾捌", 5678, NL_NUM_CHINESE_UPPER);
    whole("壹万零伍", 10005, NL_NUM_CHINESE_UPPER);
    /* one character set per numeral */
    num("壹百", 1, NL_NUM_CHINESE_UPPER, 3);
    num("一佰", 1, NL_NUM_CHINESE, 3);
    num("壹佰〇叁", 100, NL_NUM_CHINESE_UPPER, 6);
}

static void test_parse_positional(void **state)
{
    (void)state;
    whole("二〇二一", 2021, NL_NUM_CHINESE);
    whole("二零二一", 2021, NL_NUM_CHINESE);
    whole("一九九九", 1999, NL_NUM_CHINESE);
    whole("一〇", 10, NL_NUM_CHINESE);
    whole("〇一", 1, NL_NUM_CHINESE);
    num("二〇二一年", 2021, NL_NUM_CHINESE, 12);
    /* at most 9 digits */
    num("一二三四五六七八九〇一二", 123456789, NL_NUM_CHINESE, 27);
    /* 两 is no positional digit */
    num("二两", 2, NL_NUM_CHINESE, 3);
}

static void test_parse_arabic(void **state)
{
    (void)state;
    whole("0", 0, NL_NUM_ARABIC);
    whole("7", 7, NL_NUM_ARABIC);
    whole("103", 103, NL_NUM_ARABIC);
    whole("007", 7, NL_NUM_ARABIC);
    whole("999999999", 999999999, NL_NUM_ARABIC);
    num("12条", 12, NL_NUM_ARABIC, 2);
    num("1234567890123", 123456789, NL_NUM_ARABIC, 9);
    whole("３", 3, NL_NUM_FULLWIDTH);
    whole("１０３", 103, NL_NUM_FULLWIDTH);
    num("１２３４５６７８９０", 123456789, NL_NUM_FULLWIDTH, 27);
    /* runs do not mix widths */
    num("2０", 2, NL_NUM_ARABIC, 1);
    num("２0", 2, NL_NUM_FULLWIDTH, 3);
}

static void test_parse_prefix(void **state)
{
    (void)state;
    const char *s = "第一百零三条";
    num(s + 3, 103, NL_NUM_CHINESE, 12);
    num("十十", 10, NL_NUM_CHINESE, 3);
    num("二十十", 20, NL_NUM_CHINESE, 6);
    num("二十二〇", 22, NL_NUM_CHINESE, 9);
    num("三条", 3, NL_NUM_CHINESE, 3);
    num("十二章 总则", 12, NL_NUM_CHINESE, 6);
    num("一百零三 条", 103, NL_NUM_CHINESE, 12);
    num("一是", 1, NL_NUM_CHINESE, 3);
    num("第一条", 0, NL_NUM_NONE, 0);
    num("百", 0, NL_NUM_NONE, 0);
    num("千", 0, NL_NUM_NONE, 0);
    num(" 1", 0, NL_NUM_NONE, 0);
    num("abc", 0, NL_NUM_NONE, 0);
    /* a length shorter than the string is honoured */
    long v;
    nl_numform f;
    assert_int_equal(nl_cnum_parse("一百零三", 6, &v, &f), 6);
    assert_int_equal(v, 100);
    assert_int_equal(nl_cnum_parse("123", 2, &v, &f), 2);
    assert_int_equal(v, 12);
}

static void test_parse_empty_null_invalid(void **state)
{
    (void)state;
    long v = 77;
    nl_numform f = NL_NUM_ARABIC;
    assert_int_equal(nl_cnum_parse("", 0, &v, &f), 0);
    assert_int_equal(v, 0);
    assert_int_equal(f, NL_NUM_NONE);
    assert_int_equal(nl_cnum_parse("十", 0, &v, &f), 0);
    assert_int_equal(nl_cnum_parse(NULL, 0, &v, &f), 0);
    assert_int_equal(nl_cnum_parse(NULL, 5, &v, &f), 0);
    /* value and form may be NULL */
    assert_int_equal(nl_cnum_parse("一百零三", strlen("一百零三"), NULL, NULL), 12);
    /* invalid bytes stop the number */
    num("\xff", 0, NL_NUM_NONE, 0);
    num("\xe4\xb8", 0, NL_NUM_NONE, 0); /* 一 cut short */
    num("十\xff一", 10, NL_NUM_CHINESE, 3);
    num("12\x80", 12, NL_NUM_ARABIC, 2);
    num("\xef\xbc", 0, NL_NUM_NONE, 0); /* full-width digit cut short */
    /* 十 (e5 8d 81) cut inside its last byte after 一百: only 一百 */
    assert_int_equal(nl_cnum_parse("一百十", 8, &v, &f), 6);
    assert_int_equal(v, 100);
}

/* The input sits at the very end of a heap block without a terminator, so the
 * address sanitizer catches any read past s + len. */
static void test_parse_exact_buffer(void **state)
{
    (void)state;
    static const char *const cases[] = {"一百零三", "十", "二〇二一", "１２", "99", "两", "壹佰", "一万零"};
    static const long values[] = {103, 10, 2021, 12, 99, 2, 100, 10000};
    static const size_t used[] = {12, 3, 12, 6, 2, 3, 6, 6};
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        size_t n = strlen(cases[k]);
        char *b = malloc(n);
        assert_non_null(b);
        memcpy(b, cases[k], n);
        long v;
        assert_int_equal(nl_cnum_parse(b, n, &v, NULL), used[k]);
        assert_int_equal(v, values[k]);
        /* every shorter length too, including cuts inside a character */
        for (size_t cut = 0; cut < n; cut++)
            assert_true(nl_cnum_parse(b, cut, &v, NULL) <= cut);
        free(b);
    }
}

static char *repeat(const char *unit, size_t times, size_t *len)
{
    size_t u = strlen(unit);
    char *b = malloc(u * times);
    assert_non_null(b);
    for (size_t i = 0; i < times; i++)
        memcpy(b + i * u, unit, u);
    *len = u * times;
    return b;
}

static void test_parse_hostile_long(void **state)
{
    (void)state;
    size_t n;
    long v;
    nl_numform f;
    char *b = repeat("十", 10000, &n);
    assert_int_equal(nl_cnum_parse(b, n, &v, &f), 3);
    assert_int_equal(v, 10);
    assert_int_equal(f, NL_NUM_CHINESE);
    free(b);
    b = repeat("9", 100000, &n);
    assert_int_equal(nl_cnum_parse(b, n, &v, &f), 9);
    assert_int_equal(v, 999999999);
    free(b);
    b = repeat("〇", 10000, &n);
    assert_int_equal(nl_cnum_parse(b, n, &v, &f), 27);
    assert_int_equal(v, 0);
    free(b);
    b = repeat("九千", 10000, &n);
    assert_int_equal(nl_cnum_parse(b, n, &v, &f), 6);
    assert_int_equal(v, 9000);
    free(b);
    b = repeat("一万", 5000, &n);
    assert_int_equal(nl_cnum_parse(b, n, &v, &f), 6);
    assert_int_equal(v, 10000);
    free(b);
}

/* ---- formatting ---- */

static void test_format_customary(void **state)
{
    (void)state;
    fmt(0, "零");
    fmt(1, "一");
    fmt(9, "九");
    fmt(10, "十");
    fmt(11, "十一");
    fmt(19, "十九");
    fmt(20, "二十");
    fmt(99, "九十九");
    fmt(100, "一百");
    fmt(101, "一百零一");
    fmt(103, "一百零三");
    fmt(110, "一百一十");
    fmt(111, "一百一十一");
    fmt(1000, "一千");
    fmt(1001, "一千零一");
    fmt(1010, "一千零一十");
    fmt(1100, "一千一百");
    fmt(2021, "二千零二十一");
    fmt(9999, "九千九百九十九");
}

static void test_format_wan(void **state)
{
    (void)state;
    fmt(10000, "一万");
    fmt(10001, "一万零一");
    fmt(10010, "一万零一十");
    fmt(10500, "一万零五百");
    fmt(11000, "一万一千");
    fmt(100000, "十万");
    fmt(110000, "十一万");
    fmt(100010, "十万零一十");
    fmt(1000000, "一百万");
    fmt(1001000, "一百万一千");
    fmt(1010000, "一百零一万");
    fmt(99999999, "九千九百九十九万九千九百九十九");
}

static void test_format_bounds(void **state)
{
    (void)state;
    char buf[64];
    memcpy(buf, "xyz", 4);
    assert_int_equal(nl_cnum_format(-1, buf, sizeof buf), 0);
    assert_string_equal(buf, "");
    assert_int_equal(nl_cnum_format(100000000L, buf, sizeof buf), 0);
    assert_string_equal(buf, "");
    /* exactly fits: 3 bytes + NUL */
    assert_int_equal(nl_cnum_format(10, buf, 4), 3);
    assert_string_equal(buf, "十");
    /* one byte short */
    assert_int_equal(nl_cnum_format(11, buf, 6), 0);
    assert_string_equal(buf, "");
    assert_int_equal(nl_cnum_format(11, buf, 7), 6);
    assert_int_equal(nl_cnum_format(99999999, buf, 45), 0);
    assert_int_equal(nl_cnum_format(99999999, buf, 46), 45);
    assert_int_equal(nl_cnum_format(5, buf, 0), 0);
    assert_int_equal(nl_cnum_format(5, NULL, 10), 0);
}

/* Everything the formatter writes the parser reads back whole. */
static void test_format_roundtrip(void **state)
{
    (void)state;
    char buf[64];
    for (long v = 0; v <= 99999999; v += v < 20000 ? 1 : 997) {
        size_t n = nl_cnum_format(v, buf, sizeof buf);
        assert_true(n > 0);
        long r = -1;
        nl_numform f;
        assert_int_equal(nl_cnum_parse(buf, n, &r, &f), n);
        assert_int_equal(r, v);
        assert_int_equal(f, NL_NUM_CHINESE);
    }
}

/* ---- dates ---- */

static void test_date_cn_arabic(void **state)
{
    (void)state;
    date("2021年12月1日", 16, 2021, 12, 1, NL_DATE_CN_ARABIC, 0);
    date("2021年1月31日", 16, 2021, 1, 31, NL_DATE_CN_ARABIC, 0);
    date("2022年1月1日起施行", 15, 2022, 1, 1, NL_DATE_CN_ARABIC, 0);
    /* the year is exactly 4 digits, the month and day at most 2 */
    no_date("12021年1月1日");
    no_date("202年1月1日");
    no_date("2021年012月1日");
    no_date("2021年");
    date("2021年十二月", 16, 2021, 12, 0, NL_DATE_CN_ARABIC, NL_DATEF_YEAR_MONTH | NL_DATEF_MIXED);
    /* the day needs its 日; without it this is a year-month date */
    date("2021年12月31号", 12, 2021, 12, 0, NL_DATE_CN_ARABIC, NL_DATEF_YEAR_MONTH);
    date("2021年12月123日", 12, 2021, 12, 0, NL_DATE_CN_ARABIC, NL_DATEF_YEAR_MONTH);
}

static void test_date_fullwidth(void **state)
{
    (void)state;
    date("２０２１年１２月１日", 30, 2021, 12, 1, NL_DATE_CN_ARABIC, NL_DATEF_FULLWIDTH);
    date("２０２１年０１月", 24, 2021, 1, 0, NL_DATE_CN_ARABIC,
         NL_DATEF_FULLWIDTH | NL_DATEF_ZERO_PADDED | NL_DATEF_YEAR_MONTH);
    /* full-width digits are not accepted in the separator forms */
    no_date("２０２１.12.1");
}

static void test_date_spaced_padded(void **state)
{
    (void)state;
    date("2021 年 12 月 1 日", 21, 2021, 12, 1, NL_DATE_CN_ARABIC, NL_DATEF_SPACED);
    date("2021年 12月 1日", 18, 2021, 12, 1, NL_DATE_CN_ARABIC, NL_DATEF_SPACED);
    date("2021年12月1\xe3\x80\x80日", 19, 2021, 12, 1, NL_DATE_CN_ARABIC, NL_DATEF_SPACED); /* U+3000 */
    date("2021年01月05日", 17, 2021, 1, 5, NL_DATE_CN_ARABIC, NL_DATEF_ZERO_PADDED);
    date("2021年12月05日", 17, 2021, 12, 5, NL_DATE_CN_ARABIC, NL_DATEF_ZERO_PADDED);
    /* spaces after 月 with no day are not part of the date */
    date("2021年12月  ", 12, 2021, 12, 0, NL_DATE_CN_ARABIC, NL_DATEF_YEAR_MONTH);
    date("2021年 12月", 13, 2021, 12, 0, NL_DATE_CN_ARABIC, NL_DATEF_YEAR_MONTH | NL_DATEF_SPACED);
    /* padding within a part is capped at 4 spaces */
    no_date("2021     年12月1日");
    /* no leading space: the date starts at s */
    no_date(" 2021年12月1日");
}

static void test_date_hanzi(void **state)
{
    (void)state;
    date("二〇二一年十二月一日", 30, 2021, 12, 1, NL_DATE_CN_HANZI, 0);
    date("二零二一年十二月三十一日", 36, 2021, 12, 31, NL_DATE_CN_HANZI, 0);
    date("二〇二一年二月二十日", 30, 2021, 2, 20, NL_DATE_CN_HANZI, 0);
    date("一九九九年十月一日", 27, 1999, 10, 1, NL_DATE_CN_HANZI, 0);
    date("二〇二一年十二月", 24, 2021, 12, 0, NL_DATE_CN_HANZI, NL_DATEF_YEAR_MONTH);
    date("二〇二一年 三月 五日", 29, 2021, 3, 5, NL_DATE_CN_HANZI, NL_DATEF_SPACED);
    /* the year is written digit by digit, four of them */
    no_date("二千零二十一年十二月一日");
    no_date("二〇二年一月一日");
    no_date("贰零贰壹年壹月壹日");
    /* numerals of both kinds in one date are read and marked */
    date("二〇二一年12月1日", 24, 2021, 12, 1, NL_DATE_CN_HANZI, NL_DATEF_MIXED);
    date("二0二三年十月九日", 25, 2023, 10, 9, NL_DATE_CN_HANZI, NL_DATEF_MIXED);
    date("2021年十二月一日", 22, 2021, 12, 1, NL_DATE_CN_ARABIC, NL_DATEF_MIXED);
}

static void test_date_separator_forms(void **state)
{
    (void)state;
    date("2021.12.1", 9, 2021, 12, 1, NL_DATE_DOT, 0);
    date("2021-12-01", 10, 2021, 12, 1, NL_DATE_DASH, NL_DATEF_ZERO_PADDED);
    date("2021/12/01", 10, 2021, 12, 1, NL_DATE_SLASH, NL_DATEF_ZERO_PADDED);
    date("2021/1/1", 8, 2021, 1, 1, NL_DATE_SLASH, 0);
    date("1900.1.1", 8, 1900, 1, 1, NL_DATE_DOT, 0);
    date("2199-12-31起", 10, 2199, 12, 31, NL_DATE_DASH, 0);
    date("2021.12.1。", 9, 2021, 12, 1, NL_DATE_DOT, 0);
    date("2021-13-01", 10, 2021, 13, 1, NL_DATE_DASH, NL_DATEF_ZERO_PADDED | NL_DATEF_INVALID);
}

static void test_date_rejects(void **state)
{
    (void)state;
    no_date("");
    no_date("3.14");
    no_date("1-2");
    no_date("12/01");
    no_date("1899.1.1");
    no_date("2200-01-01");
    no_date("2021.12");
    no_date("2021-12");
    no_date("2021.1-1");
    no_date("2021.12.1.5");
    no_date("2021-12-011");
    no_date("2021-123-01");
    no_date("20211-12-01");
    no_date("2021..1");
    no_date("abc");
    no_date("\xff\xfe");
    /* out may be NULL */
    assert_int_equal(nl_date_parse("2021.12.1", 9, NULL), 9);
    assert_int_equal(nl_date_parse(NULL, 9, NULL), 0);
}

static void test_date_invalid(void **state)
{
    (void)state;
    date("2021年2月30日", 16, 2021, 2, 30, NL_DATE_CN_ARABIC, NL_DATEF_INVALID);
    date("2021年2月29日", 16, 2021, 2, 29, NL_DATE_CN_ARABIC, NL_DATEF_INVALID);
    date("2024年2月29日", 16, 2024, 2, 29, NL_DATE_CN_ARABIC, 0);
    date("2021年13月1日", 16, 2021, 13, 1, NL_DATE_CN_ARABIC, NL_DATEF_INVALID);
    date("2021年13月", 12, 2021, 13, 0, NL_DATE_CN_ARABIC, NL_DATEF_YEAR_MONTH | NL_DATEF_INVALID);
    date("2021年0月1日", 15, 2021, 0, 1, NL_DATE_CN_ARABIC, NL_DATEF_INVALID);
    date("2021年4月31日", 16, 2021, 4, 31, NL_DATE_CN_ARABIC, NL_DATEF_INVALID);
    date("2021年12月00日", 17, 2021, 12, 0, NL_DATE_CN_ARABIC, NL_DATEF_ZERO_PADDED | NL_DATEF_INVALID);
    date("二〇二一年十三月", 24, 2021, 13, 0, NL_DATE_CN_HANZI, NL_DATEF_YEAR_MONTH | NL_DATEF_INVALID);
    date("二〇二一年二月三十日", 30, 2021, 2, 30, NL_DATE_CN_HANZI, NL_DATEF_INVALID);
    date("0000年1月1日", 15, 0, 1, 1, NL_DATE_CN_ARABIC, NL_DATEF_INVALID);
}

static void test_date_exact_buffer(void **state)
{
    (void)state;
    static const char *const cases[] = {"2021年12月1日", "二〇二一年十二月三十一日", "2021-12-01", "2021.12.1",
                                        "2021年12月", "２０２１年１月１日"};
    static const size_t used[] = {16, 36, 10, 9, 12, 27};
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        size_t n = strlen(cases[k]);
        char *b = malloc(n);
        assert_non_null(b);
        memcpy(b, cases[k], n);
        nl_date d;
        assert_int_equal(nl_date_parse(b, n, &d), used[k]);
        size_t st, en;
        assert_int_equal(nl_date_find(b, n, &st, &en, &d), 1);
        assert_int_equal(st, 0);
        assert_int_equal(en, used[k]);
        for (size_t cut = 0; cut < n; cut++)
            assert_true(nl_date_parse(b, cut, &d) <= cut);
        free(b);
    }
}

static void test_date_find_first(void **state)
{
    (void)state;
    const char *s = "本办法自2022年1月1日起施行，2025年12月31日废止。";
    size_t st = 99, en = 99;
    nl_date d;
    assert_int_equal(nl_date_find(s, strlen(s), &st, &en, &d), 1);
    assert_int_equal(st, strlen("本办法自"));
    assert_int_equal(en, strlen("本办法自2022年1月1日"));
    assert_int_equal(d.year, 2022);
    assert_int_equal(d.month, 1);
    assert_int_equal(d.day, 1);
    assert_int_equal(d.form, NL_DATE_CN_ARABIC);

    s = "自2022年1月1日起施行";
    assert_int_equal(nl_date_find(s, strlen(s), &st, &en, &d), 1);
    assert_int_equal(st, 3);
    assert_int_equal(en, 18);

    s = "于二〇二一年十二月一日印发";
    assert_int_equal(nl_date_find(s, strlen(s), &st, &en, &d), 1);
    assert_int_equal(st, 3);
    assert_int_equal(en, 33);
    assert_int_equal(d.form, NL_DATE_CN_HANZI);

    s = "版本 v3.14，更新于 2021-12-01。";
    assert_int_equal(nl_date_find(s, strlen(s), &st, &en, &d), 1);
    assert_int_equal(st, strlen("版本 v3.14，更新于 "));
    assert_int_equal(en, st + 10);
    assert_int_equal(d.form, NL_DATE_DASH);

    /* year-month dates are found too; the start/end pointers may be NULL */
    s = "截至2021年12月底";
    assert_int_equal(nl_date_find(s, strlen(s), NULL, &en, &d), 1);
    assert_int_equal(en, strlen("截至2021年12月"));
    assert_int_equal(d.flags, NL_DATEF_YEAR_MONTH);
    assert_int_equal(nl_date_find(s, strlen(s), NULL, NULL, NULL), 1);
}

static void test_date_find_glued(void **state)
{
    (void)state;
    size_t st = 99, en = 99;
    nl_date d;
    const char *s = "编号12021年1月1日";
    assert_int_equal(nl_date_find(s, strlen(s), &st, &en, &d), 0);
    assert_int_equal(st, 0);
    assert_int_equal(en, 0);
    assert_int_equal(d.form, NL_DATE_NONE);
    s = "１２０２１年１月１日";
    assert_int_equal(nl_date_find(s, strlen(s), &st, &en, &d), 0);
    s = "一二〇二一年一月一日";
    assert_int_equal(nl_date_find(s, strlen(s), &st, &en, &d), 0);
    s = "99992021-12-01";
    assert_int_equal(nl_date_find(s, strlen(s), &st, &en, &d), 0);
    /* a glued candidate does not hide a later real date */
    s = "12021年1月1日至2022年2月2日";
    assert_int_equal(nl_date_find(s, strlen(s), &st, &en, &d), 1);
    assert_int_equal(st, strlen("12021年1月1日至"));
    assert_int_equal(d.year, 2022);
    assert_int_equal(d.day, 2);
    /* a preceding letter or hanzi is no digit */
    s = "第2021年1月1日";
    assert_int_equal(nl_date_find(s, strlen(s), &st, &en, &d), 1);
    assert_int_equal(st, 3);
}

static void test_date_find_none_and_hostile(void **state)
{
    (void)state;
    size_t st, en, n;
    nl_date d;
    assert_int_equal(nl_date_find("", 0, &st, &en, &d), 0);
    assert_int_equal(nl_date_find(NULL, 10, &st, &en, &d), 0);
    const char *s = "圆周率约为3.14，第1-2项，12/01";
    assert_int_equal(nl_date_find(s, strlen(s), &st, &en, &d), 0);
    /* bad bytes are stepped over */
    s = "\xff\xe4\xb8\x80\x80\x80" "2021年5月6日";
    assert_int_equal(nl_date_find(s, strlen(s), &st, &en, &d), 1);
    assert_int_equal(st, 6);
    assert_int_equal(d.month, 5);
    /* long runs stay linear */
    char *b = repeat("2", 100000, &n);
    assert_int_equal(nl_date_find(b, n, &st, &en, &d), 0);
    free(b);
    b = repeat("二", 20000, &n);
    assert_int_equal(nl_date_find(b, n, &st, &en, &d), 0);
    free(b);
    b = repeat("2021年", 10000, &n);
    assert_int_equal(nl_date_find(b, n, &st, &en, &d), 0);
    free(b);
    b = repeat("十", 10000, &n);
    assert_int_equal(nl_date_find(b, n, &st, &en, &d), 0);
    free(b);
}

static void test_date_valid(void **state)
{
    (void)state;
    assert_true(nl_date_valid(2021, 12, 31));
    assert_true(nl_date_valid(2024, 2, 29));
    assert_true(nl_date_valid(2000, 2, 29));
    assert_false(nl_date_valid(1900, 2, 29));
    assert_false(nl_date_valid(2021, 2, 29));
    assert_false(nl_date_valid(2021, 4, 31));
    assert_false(nl_date_valid(2021, 13, 1));
    assert_false(nl_date_valid(2021, 0, 1));
    assert_false(nl_date_valid(2021, 1, 0));
    assert_false(nl_date_valid(0, 1, 1));
    assert_true(nl_date_valid(1, 1, 1));
    assert_false(nl_date_valid(-5, 1, 1));
}

static long days(int y, int m, int d)
{
    nl_date dt = {y, m, d, NL_DATE_CN_ARABIC, 0};
    return nl_date_days(&dt);
}

static void test_date_days(void **state)
{
    (void)state;
    assert_int_equal(days(1970, 1, 1), 0);
    assert_int_equal(days(1969, 12, 31), -1);
    assert_int_equal(days(2000, 3, 1), 11017);
    assert_int_equal(days(2021, 12, 1), 18962);
    assert_int_equal(days(2024, 2, 29), 19782);
    assert_int_equal(days(2024, 3, 1), 19783);
    assert_int_equal(days(1900, 1, 1), -25567);
    assert_int_equal(days(2199, 12, 31), 84005);
    assert_int_equal(days(1, 1, 1), -719162);
    /* day 0 counts as day 1 */
    assert_int_equal(days(2021, 12, 0), 18962);
    /* invalid dates extend arithmetically */
    assert_int_equal(days(2021, 2, 30), 18688);
    assert_int_equal(days(2021, 13, 1), 18993);
    assert_int_equal(days(2022, 0, 1), days(2021, 12, 1));
    assert_int_equal(nl_date_days(NULL), 0);
    /* a parsed date */
    nl_date d;
    assert_int_equal(nl_date_parse("二〇二一年十二月一日", strlen("二〇二一年十二月一日"), &d), 30);
    assert_int_equal(nl_date_days(&d), 18962);
}

static void test_date_iso(void **state)
{
    (void)state;
    char buf[11];
    nl_date d = {2021, 12, 1, NL_DATE_CN_ARABIC, 0};
    nl_date_iso(&d, buf);
    assert_string_equal(buf, "2021-12-01");
    d.day = 0;
    d.flags = NL_DATEF_YEAR_MONTH;
    nl_date_iso(&d, buf);
    assert_string_equal(buf, "2021-12");
    d = (nl_date){987, 1, 9, NL_DATE_DOT, 0};
    nl_date_iso(&d, buf);
    assert_string_equal(buf, "0987-01-09");
    /* hostile values are clamped and still fit */
    d = (nl_date){123456, -3, 1000, NL_DATE_DOT, 0};
    nl_date_iso(&d, buf);
    assert_string_equal(buf, "9999-00-99");
    nl_date_iso(NULL, buf);
    assert_string_equal(buf, "");
    nl_date_parse("2021年2月30日", strlen("2021年2月30日"), &d);
    nl_date_iso(&d, buf);
    assert_string_equal(buf, "2021-02-30");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_numform_names),
        cmocka_unit_test(test_dateform_names),
        cmocka_unit_test(test_parse_digits),
        cmocka_unit_test(test_parse_tens),
        cmocka_unit_test(test_parse_hundreds_thousands),
        cmocka_unit_test(test_parse_zero_forms),
        cmocka_unit_test(test_parse_liang),
        cmocka_unit_test(test_parse_wan),
        cmocka_unit_test(test_parse_upper),
        cmocka_unit_test(test_parse_positional),
        cmocka_unit_test(test_parse_arabic),
        cmocka_unit_test(test_parse_prefix),
        cmocka_unit_test(test_parse_empty_null_invalid),
        cmocka_unit_test(test_parse_exact_buffer),
        cmocka_unit_test(test_parse_hostile_long),
        cmocka_unit_test(test_format_customary),
        cmocka_unit_test(test_format_wan),
        cmocka_unit_test(test_format_bounds),
        cmocka_unit_test(test_format_roundtrip),
        cmocka_unit_test(test_date_cn_arabic),
        cmocka_unit_test(test_date_fullwidth),
        cmocka_unit_test(test_date_spaced_padded),
        cmocka_unit_test(test_date_hanzi),
        cmocka_unit_test(test_date_separator_forms),
        cmocka_unit_test(test_date_rejects),
        cmocka_unit_test(test_date_invalid),
        cmocka_unit_test(test_date_exact_buffer),
        cmocka_unit_test(test_date_find_first),
        cmocka_unit_test(test_date_find_glued),
        cmocka_unit_test(test_date_find_none_and_hostile),
        cmocka_unit_test(test_date_valid),
        cmocka_unit_test(test_date_days),
        cmocka_unit_test(test_date_iso),
    };
    return cmocka_run_group_tests_name("cnum", tests, NULL, NULL);
}
