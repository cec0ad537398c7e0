/*
 * numfmt.h — list-number formats of word processors (internal): the OOXML
 * numFmt values (decimal, chineseCounting, ideographDigital, …) and how each
 * renders a counter, so that automatic numbering reads 第一条 and （一） as
 * the author saw it. ODF's style:num-format maps onto the same set.
 */
#ifndef NL_LOAD_NUMFMT_H
#define NL_LOAD_NUMFMT_H

#include <stddef.h>

typedef enum nl_numfmt {
    NL_NUMFMT_DECIMAL = 0,     /* 1 2 3 */
    NL_NUMFMT_NONE,            /* nothing */
    NL_NUMFMT_BULLET,          /* the level text itself */
    NL_NUMFMT_CHINESE,         /* 一 二 … 十一 二十 一百零一 (chineseCounting, chineseCountingThousand, …) */
    NL_NUMFMT_CHINESE_LEGAL,   /* 壹 贰 叁 … 拾壹 (chineseLegalSimplified) */
    NL_NUMFMT_IDEOGRAPH_DIGIT, /* 一〇 for 10: digit by digit (ideographDigital) */
    NL_NUMFMT_HEAVENLY_STEM,   /* 甲 乙 丙 … (ideographTraditional) */
    NL_NUMFMT_EARTHLY_BRANCH,  /* 子 丑 寅 … (ideographZodiac) */
    NL_NUMFMT_DECIMAL_ZERO,    /* 01 02 … 10 */
    NL_NUMFMT_FULLWIDTH,       /* １ ２ ３ (decimalFullWidth) */
    NL_NUMFMT_CIRCLED,         /* ① ② … ⑳ (decimalEnclosedCircle, …Chinese) */
    NL_NUMFMT_PAREN,           /* ⑴ ⑵ … ⒇ (decimalEnclosedParen) */
    NL_NUMFMT_FULLSTOP,        /* ⒈ ⒉ … ⒛ (decimalEnclosedFullstop) */
    NL_NUMFMT_LOWER_LETTER,    /* a b … z aa */
    NL_NUMFMT_UPPER_LETTER,    /* A B … Z AA */
    NL_NUMFMT_LOWER_ROMAN,     /* i ii iii */
    NL_NUMFMT_UPPER_ROMAN      /* I II III */
} nl_numfmt;

/* The format named by an OOXML numFmt value; unknown names read as decimal. */
nl_numfmt nl_numfmt_parse(const char *ooxml_name);

/* Render `value` (≥ 0) in format f into buf (NUL-terminated, truncated to
 * fit). Values a format cannot show (⑳ is the last circled number, the
 * stems repeat after 10) fall back to decimal. */
void nl_numfmt_render(nl_numfmt f, long value, char *buf, size_t size);

#endif
