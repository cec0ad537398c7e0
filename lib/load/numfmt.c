/*
 * numfmt.c — rendering list numbers in the formats Word and LibreOffice use
 * for Chinese drafts.
 */
#include <stdio.h>
#include <string.h>

#include "core/utf8.h"
#include "load/numfmt.h"
#include "normlint/cnum.h"

static const struct {
    const char *name;
    nl_numfmt fmt;
} names[] = {
    {"decimal", NL_NUMFMT_DECIMAL},
    {"none", NL_NUMFMT_NONE},
    {"bullet", NL_NUMFMT_BULLET},
    {"chineseCounting", NL_NUMFMT_CHINESE},
    {"chineseCountingThousand", NL_NUMFMT_CHINESE},
    {"japaneseCounting", NL_NUMFMT_CHINESE},
    {"taiwaneseCounting", NL_NUMFMT_CHINESE},
    {"taiwaneseCountingThousand", NL_NUMFMT_CHINESE},
    {"chineseLegalSimplified", NL_NUMFMT_CHINESE_LEGAL},
    {"ideographLegalTraditional", NL_NUMFMT_CHINESE_LEGAL},
    {"ideographDigital", NL_NUMFMT_IDEOGRAPH_DIGIT},
    {"taiwaneseDigital", NL_NUMFMT_IDEOGRAPH_DIGIT},
    {"japaneseDigitalTenThousand", NL_NUMFMT_IDEOGRAPH_DIGIT},
    {"ideographTraditional", NL_NUMFMT_HEAVENLY_STEM},
    {"ideographZodiac", NL_NUMFMT_EARTHLY_BRANCH},
    {"decimalZero", NL_NUMFMT_DECIMAL_ZERO},
    {"decimalFullWidth", NL_NUMFMT_FULLWIDTH},
    {"decimalFullWidth2", NL_NUMFMT_FULLWIDTH},
    {"decimalEnclosedCircle", NL_NUMFMT_CIRCLED},
    {"decimalEnclosedCircleChinese", NL_NUMFMT_CIRCLED},
    {"ideographEnclosedCircle", NL_NUMFMT_CIRCLED},
    {"decimalEnclosedParen", NL_NUMFMT_PAREN},
    {"decimalEnclosedFullstop", NL_NUMFMT_FULLSTOP},
    {"lowerLetter", NL_NUMFMT_LOWER_LETTER},
    {"upperLetter", NL_NUMFMT_UPPER_LETTER},
    {"lowerRoman", NL_NUMFMT_LOWER_ROMAN},
    {"upperRoman", NL_NUMFMT_UPPER_ROMAN},
};

nl_numfmt nl_numfmt_parse(const char *s)
{
    for (size_t i = 0; s && i < sizeof names / sizeof names[0]; i++)
        if (strcmp(names[i].name, s) == 0)
            return names[i].fmt;
    return NL_NUMFMT_DECIMAL;
}

static void put_cp(char *buf, size_t size, uint32_t cp)
{
    char enc[4];
    size_t k = nl_utf8_encode(cp, enc);
    size_t n = strlen(buf);
    if (n + k < size) {
        memcpy(buf + n, enc, k);
        buf[n + k] = '\0';
    }
}

static void roman(long v, int upper, char *buf, size_t size)
{
    static const struct {
        long v;
        const char *s;
    } r[] = {{1000, "m"}, {900, "cm"}, {500, "d"}, {400, "cd"}, {100, "c"}, {90, "xc"}, {50, "l"},
             {40, "xl"},  {10, "x"},   {9, "ix"},   {5, "v"},    {4, "iv"},   {1, "i"}};
    buf[0] = '\0';
    for (size_t i = 0; i < sizeof r / sizeof r[0]; i++)
        while (v >= r[i].v && strlen(buf) + 3 < size) {
            strcat(buf, r[i].s);
            v -= r[i].v;
        }
    if (upper)
        for (char *p = buf; *p; p++)
            *p = (char)(*p - 'a' + 'A');
}

/* v in financial figures (壹佰贰拾叁); 0 when it has none */
static int chinese_legal(long v, char *buf, size_t size)
{
    static const char *const plain[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "百", "千"};
    static const char *const legal[] = {"壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖", "拾", "佰", "仟"};
    char tmp[128];
    if (v <= 0 || nl_cnum_format(v, tmp, sizeof tmp) == 0)
        return 0;
    for (const char *p = tmp; *p;) {
        size_t k = 0;
        for (size_t i = 0; i < 12; i++)
            if (strncmp(p, plain[i], 3) == 0) {
                if (strlen(buf) + 3 < size)
                    strcat(buf, legal[i]);
                k = 3;
                break;
            }
        if (!k) {
            uint32_t cp;
            k = nl_utf8_decode(p, strlen(p), &cp);
            if (!k)
                break;
            if (strlen(buf) + k < size)
                strncat(buf, p, k);
        }
        p += k;
    }
    return 1;
}

/* v digit by digit, each as an ideograph (一〇二) or a full-width digit */
static void per_digit(long v, int fullwidth, char *buf, size_t size)
{
    static const char *const digits[] = {"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
    char d[32];
    snprintf(d, sizeof d, "%ld", v);
    for (const char *p = d; *p; p++)
        if (fullwidth)
            put_cp(buf, size, 0xFF10u + (uint32_t)(*p - '0'));
        else if (strlen(buf) + 3 < size)
            strcat(buf, digits[*p - '0']);
}

/* v as one symbol of a short series (a stem, a branch, ① ⑴ ⒈); 0 outside it */
static int symbol(nl_numfmt f, long v, char *buf, size_t size)
{
    static const char *const stems[] = {"甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸"};
    static const char *const branches[] = {"子", "丑", "寅", "卯", "辰", "巳", "午", "未", "申", "酉", "戌", "亥"};
    if (f == NL_NUMFMT_HEAVENLY_STEM && v >= 1 && v <= 10)
        snprintf(buf, size, "%s", stems[v - 1]);
    else if (f == NL_NUMFMT_EARTHLY_BRANCH && v >= 1 && v <= 12)
        snprintf(buf, size, "%s", branches[v - 1]);
    else if (v >= 1 && v <= 20 && (f == NL_NUMFMT_CIRCLED || f == NL_NUMFMT_PAREN || f == NL_NUMFMT_FULLSTOP))
        put_cp(buf, size, (f == NL_NUMFMT_CIRCLED ? 0x2460u : f == NL_NUMFMT_PAREN ? 0x2474u : 0x2488u) + (uint32_t)(v - 1));
    else
        return 0;
    return 1;
}

/* v as letters: Word repeats the letter, a … z, aa … zz */
static void letters(long v, int upper, char *buf, size_t size)
{
    char c = (char)((upper ? 'A' : 'a') + (v - 1) % 26);
    long reps = (v - 1) / 26 + 1;
    size_t i = 0;
    for (; i < (size_t)reps && i + 1 < size; i++)
        buf[i] = c;
    buf[i] = '\0';
}

void nl_numfmt_render(nl_numfmt f, long v, char *buf, size_t size)
{
    if (size == 0)
        return;
    buf[0] = '\0';
    if (v < 0)
        v = 0;
    switch (f) {
    case NL_NUMFMT_NONE:
    case NL_NUMFMT_BULLET:
        return;
    case NL_NUMFMT_CHINESE:
        if (v > 0 && nl_cnum_format(v, buf, size) > 0)
            return;
        break;
    case NL_NUMFMT_CHINESE_LEGAL:
        if (chinese_legal(v, buf, size))
            return;
        break;
    case NL_NUMFMT_IDEOGRAPH_DIGIT:
    case NL_NUMFMT_FULLWIDTH:
        per_digit(v, f == NL_NUMFMT_FULLWIDTH, buf, size);
        return;
    case NL_NUMFMT_HEAVENLY_STEM:
    case NL_NUMFMT_EARTHLY_BRANCH:
    case NL_NUMFMT_CIRCLED:
    case NL_NUMFMT_PAREN:
    case NL_NUMFMT_FULLSTOP:
        if (symbol(f, v, buf, size))
            return;
        break;
    case NL_NUMFMT_DECIMAL_ZERO:
        snprintf(buf, size, "%02ld", v);
        return;
    case NL_NUMFMT_LOWER_LETTER:
    case NL_NUMFMT_UPPER_LETTER:
        if (v >= 1) {
            letters(v, f == NL_NUMFMT_UPPER_LETTER, buf, size);
            return;
        }
        break;
    case NL_NUMFMT_LOWER_ROMAN:
    case NL_NUMFMT_UPPER_ROMAN:
        if (v >= 1 && v < 4000) {
            roman(v, f == NL_NUMFMT_UPPER_ROMAN, buf, size);
            return;
        }
        break;
    case NL_NUMFMT_DECIMAL:
        break;
    }
    snprintf(buf, size, "%ld", v);
}
