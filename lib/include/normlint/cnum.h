/*
 * cnum.h — Chinese numerals and dates.
 *
 * Government texts number their parts in Chinese (第一百零三条), Arabic (第3条)
 * or full-width digits, and write dates in several forms (2021年12月1日,
 * 二〇二一年十二月一日, 2021.12.1, 2021-12-01, 2021/12/01). These functions
 * read all of them and report the form each was written in, so later rules can
 * judge the form while the structure recogniser uses the value.
 *
 * All functions work on UTF-8 byte ranges, never allocate and never read past
 * `s + len`. They are pure and thread-safe.
 */
#ifndef NORMLINT_CNUM_H
#define NORMLINT_CNUM_H

#include <stddef.h>
#include "core.h"

#ifdef __cplusplus
extern "C" {
#endif

/* How a number was written. */
typedef enum nl_numform {
    NL_NUM_NONE = 0,     /* no number (unnumbered node) */
    NL_NUM_CHINESE,      /* 一 二 … 十 百 千 (with 〇/零/两) */
    NL_NUM_ARABIC,       /* ASCII digits 0-9 */
    NL_NUM_FULLWIDTH,    /* full-width digits ０-９ */
    NL_NUM_CHINESE_UPPER,/* financial forms 壹 贰 叁 … 拾 佰 仟 */
    NL_NUM_IMPLICIT      /* ordinal given by position (款) */
} nl_numform;

/* Name of a form: "none", "chinese", "arabic", "fullwidth", "chinese-upper", "implicit"
 * ("unknown" for a value outside the enum). Static string, never NULL. */
const char *nl_numform_name(nl_numform f);

/*
 * Parse a number at the start of s[0..len): a Chinese numeral (一 … 九千九百九十九,
 * 万 up to 99999999, 〇/零/两, 十 and 一十, 百 and 一百, financial forms), or a run
 * of ASCII or full-width digits (at most 9 digits). Reads the longest valid
 * prefix. Returns the number of bytes consumed (0 when no number starts at s),
 * stores the value in *value and the form in *form (either may be NULL).
 *
 * Positional digit strings such as 二〇二一 (used for years) are read digit by
 * digit: 二〇二一 → 2021. Malformed numerals such as 十十 stop at the longest
 * valid prefix (十 → 10, consumed 3 bytes).
 *
 * Details: 一百十 and 一千一十 are accepted (110, 1010); a bare ones digit must
 * follow 十 or 零, so 一百三 reads as 一百 (100, 6 bytes); 两 leads 百/千/万 or
 * stands alone (两 → 2), never before 十; a numeral keeps to one character
 * set, so 壹百 reads as 壹. On return 0, *value is 0 and *form NL_NUM_NONE.
 * Invalid UTF-8 ends the number like any other character.
 */
size_t nl_cnum_parse(const char *s, size_t len, long *value, nl_numform *form);

/* Write `value` (0 … 99999999) as a Chinese numeral in the customary form used for
 * article numbers (十, 十一, 二十, 一百零三, 一百一十, 一千零一十, 一万, 十万) into buf
 * (NUL-terminated). 0 is written 零. Returns the byte length (at most 45), or 0
 * if it does not fit or value is out of range; buf then holds "" (if bufsize > 0). */
size_t nl_cnum_format(long value, char *buf, size_t bufsize);

/* How a date was written. */
typedef enum nl_dateform {
    NL_DATE_NONE = 0,
    NL_DATE_CN_ARABIC,   /* 2021年12月1日 (digits ASCII or full-width) */
    NL_DATE_CN_HANZI,    /* 二〇二一年十二月一日 */
    NL_DATE_DOT,         /* 2021.12.1 */
    NL_DATE_DASH,        /* 2021-12-01 */
    NL_DATE_SLASH        /* 2021/12/01 */
} nl_dateform;

/* Bits of nl_date.flags describing details of the written form. */
enum {
    NL_DATEF_ZERO_PADDED = 1u << 0, /* month or day written with a leading zero (01月, 2021-01-05) */
    NL_DATEF_FULLWIDTH = 1u << 1,   /* full-width digits */
    NL_DATEF_YEAR_MONTH = 1u << 2,  /* only year and month (2021年12月): day is 0 */
    NL_DATEF_INVALID = 1u << 3,     /* calendar-impossible (2月30日, 13月) — value kept as written */
    NL_DATEF_SPACED = 1u << 4,      /* spaces inside (2021年 12月 1日) */
    NL_DATEF_MIXED = 1u << 5        /* Chinese and Arabic numerals mixed (二〇二四年3月12日, 二0二三年) */
};

typedef struct nl_date {
    int year, month, day;   /* as written; day 0 with NL_DATEF_YEAR_MONTH */
    nl_dateform form;
    unsigned flags;
} nl_date;

/* Name of a date form: "none", "cn-arabic", "cn-hanzi", "dot", "dash", "slash"
 * ("unknown" for a value outside the enum). Static string, never NULL. */
const char *nl_dateform_name(nl_dateform f);

/*
 * Parse a date at the start of s[0..len). Returns bytes consumed (0 if no date
 * starts at s) and fills *out (may be NULL; zeroed when there is no date). Years
 * are 4 digits (1900-2199 for the dot, dash and slash forms, so that 3.14 or 1-2
 * are not dates). Year-month only dates (2021年12月) are accepted with
 * NL_DATEF_YEAR_MONTH. Month and day take 1-2 digits; the hanzi form writes the
 * year digit by digit (二〇二一, 二零二一) and month/day as numerals (十二, 三十一).
 * Chinese and Arabic numerals mixed in one date (二〇二四年3月12日, 二0二三年十月九日)
 * are read too, with NL_DATEF_MIXED; the form is the year's first numeral's.
 * Up to 4 spaces may pad each part of a 年月日 date (NL_DATEF_SPACED). A
 * separator date followed by another digit or separator+digit (2021.12.1.5) is
 * not a date.
 */
size_t nl_date_parse(const char *s, size_t len, nl_date *out);

/*
 * Find the first date in s[0..len). On success returns 1, stores the match as
 * the byte range [*start, *end) relative to s and fills *out; returns 0 when
 * there is none (then *start = *end = 0 and *out is zeroed). Any out-parameter
 * may be NULL. A date must not be glued to a preceding digit: an Arabic date
 * to an Arabic or full-width digit (12021年…), a hanzi date to a hanzi numeral
 * character (一二〇二一年…).
 */
int nl_date_find(const char *s, size_t len, size_t *start, size_t *end, nl_date *out);

/* Days since 1970-01-01 for a valid date (proleptic Gregorian), for comparing and
 * subtracting dates. Day 0 counts as day 1. Invalid dates get the arithmetic
 * extension (2月30日 counts as 3月2日, 13月 as January of the next year). 0 for NULL. */
long nl_date_days(const nl_date *d);

/* 1 if year/month/day form a real calendar date (years 1-9999). */
int nl_date_valid(int year, int month, int day);

/* Format as ISO 8601 "YYYY-MM-DD" (or "YYYY-MM" when day is 0) into buf[11].
 * Out-of-range fields are clamped (year 0-9999, month and day 0-99) so the
 * output always fits. */
void nl_date_iso(const nl_date *d, char buf[11]);

#ifdef __cplusplus
}
#endif
#endif
