/*
 * cnum.c — reading and writing Chinese numerals, and reading dates.
 *
 * Numbers: a Chinese numeral is read by a small left-to-right state machine
 * over classified characters (digit, zero, unit 十百千, 万). Each accepted
 * step "commits" the bytes read so far; anything that cannot continue a valid
 * numeral stops the machine and the last commit is the answer. That gives the
 * longest-valid-prefix behaviour the structure recogniser relies on (十十 reads
 * as 十) and bounds the work by the length of a real numeral, so hostile input
 * (ten thousand 十 in a row) costs a few steps. A run of bare digits (二〇二一)
 * is read positionally, like the Arabic and full-width digit runs, and every
 * such run stops after 9 digits so that a long run can never overflow.
 *
 * Dates: 年月日 forms (Arabic, full-width or hanzi digits) and the separator
 * forms 2021.12.1 / 2021-12-01 / 2021/12/01 are matched at a fixed start; the
 * finder walks code points and refuses a start glued to a preceding digit.
 * Calendar-impossible dates are still returned, flagged, because a rule wants
 * to say "2月30日 does not exist" rather than silently see no date.
 *
 * Nothing here allocates or keeps state; every read is bounded by the length
 * the caller passed.
 */
#include <string.h>

#include "normlint/cnum.h"
#include "utf8.h"

/* ---- names ---- */

/* Switches without a default, so that a form added to the enum but not named
 * here is flagged by -Wswitch. */
const char *nl_numform_name(nl_numform f)
{
    switch (f) {
    case NL_NUM_NONE: return "none";
    case NL_NUM_CHINESE: return "chinese";
    case NL_NUM_ARABIC: return "arabic";
    case NL_NUM_FULLWIDTH: return "fullwidth";
    case NL_NUM_CHINESE_UPPER: return "chinese-upper";
    case NL_NUM_IMPLICIT: return "implicit";
    }
    return "unknown";
}

const char *nl_dateform_name(nl_dateform f)
{
    switch (f) {
    case NL_DATE_NONE: return "none";
    case NL_DATE_CN_ARABIC: return "cn-arabic";
    case NL_DATE_CN_HANZI: return "cn-hanzi";
    case NL_DATE_DOT: return "dot";
    case NL_DATE_DASH: return "dash";
    case NL_DATE_SLASH: return "slash";
    }
    return "unknown";
}

/* ---- classifying numeral characters ---- */

enum { T_OTHER, T_DIGIT, T_ZERO, T_UNIT, T_WAN };

/* Which character set a numeral character belongs to. A numeral keeps to one
 * set: 一百 and 壹佰 are numbers, 壹百 stops after 壹. 零 and 万 serve both. */
enum { SET_ANY, SET_LOWER, SET_UPPER };

typedef struct tok {
    int kind;  /* T_... */
    int val;   /* digit 1-9, or unit position 1 (十) 2 (百) 3 (千) */
    int set;   /* SET_... */
    int liang; /* 两: a 2 that may only lead 百, 千, 万 or stand alone */
    size_t n;  /* bytes */
} tok;

static const struct {
    uint32_t cp;
    unsigned char kind, val, set, liang;
} hanzi[] = { /* in code point order: classify() searches it */
    {0x3007, T_ZERO, 0, SET_LOWER, 0}, /* 〇 */
    {0x4E00, T_DIGIT, 1, SET_LOWER, 0}, /* 一 */
    {0x4E03, T_DIGIT, 7, SET_LOWER, 0}, /* 七 */
    {0x4E07, T_WAN, 0, SET_ANY, 0},     /* 万 */
    {0x4E09, T_DIGIT, 3, SET_LOWER, 0}, /* 三 */
    {0x4E24, T_DIGIT, 2, SET_LOWER, 1}, /* 两 */
    {0x4E5D, T_DIGIT, 9, SET_LOWER, 0}, /* 九 */
    {0x4E8C, T_DIGIT, 2, SET_LOWER, 0}, /* 二 */
    {0x4E94, T_DIGIT, 5, SET_LOWER, 0}, /* 五 */
    {0x4EDF, T_UNIT, 3, SET_UPPER, 0},  /* 仟 */
    {0x4F0D, T_DIGIT, 5, SET_UPPER, 0}, /* 伍 */
    {0x4F70, T_UNIT, 2, SET_UPPER, 0},  /* 佰 */
    {0x516B, T_DIGIT, 8, SET_LOWER, 0}, /* 八 */
    {0x516D, T_DIGIT, 6, SET_LOWER, 0}, /* 六 */
    {0x5341, T_UNIT, 1, SET_LOWER, 0},  /* 十 */
    {0x5343, T_UNIT, 3, SET_LOWER, 0},  /* 千 */
    {0x53C1, T_DIGIT, 3, SET_UPPER, 0}, /* 叁 */
    {0x56DB, T_DIGIT, 4, SET_LOWER, 0}, /* 四 */
    {0x58F9, T_DIGIT, 1, SET_UPPER, 0}, /* 壹 */
    {0x62FE, T_UNIT, 1, SET_UPPER, 0},  /* 拾 */
    {0x634C, T_DIGIT, 8, SET_UPPER, 0}, /* 捌 */
    {0x67D2, T_DIGIT, 7, SET_UPPER, 0}, /* 柒 */
    {0x7396, T_DIGIT, 9, SET_UPPER, 0}, /* 玖 */
    {0x767E, T_UNIT, 2, SET_LOWER, 0},  /* 百 */
    {0x8086, T_DIGIT, 4, SET_UPPER, 0}, /* 肆 */
    {0x842C, T_WAN, 0, SET_ANY, 0},     /* 萬 */
    {0x8D30, T_DIGIT, 2, SET_UPPER, 0}, /* 贰 */
    {0x9646, T_DIGIT, 6, SET_UPPER, 0}, /* 陆 */
    {0x96F6, T_ZERO, 0, SET_ANY, 0},   /* 零 */
};

static tok classify(uint32_t cp)
{
    tok t = {T_OTHER, 0, SET_ANY, 0, 0};
    size_t lo = 0, hi = sizeof hanzi / sizeof hanzi[0];
    if (cp < hanzi[0].cp || cp > hanzi[hi - 1].cp)
        return t;
    while (lo < hi) { /* the table is in code point order */
        size_t mid = (lo + hi) / 2;
        if (hanzi[mid].cp < cp) {
            lo = mid + 1;
        } else if (hanzi[mid].cp > cp) {
            hi = mid;
        } else {
            t.kind = hanzi[mid].kind;
            t.val = hanzi[mid].val;
            t.set = hanzi[mid].set;
            t.liang = hanzi[mid].liang;
            break;
        }
    }
    return t;
}

/* The numeral character at s[i..len), as seen by a numeral already written in
 * `set`: a character of the other set reads as T_OTHER, which ends the numeral. */
static tok lex(const char *s, size_t len, size_t i, int set)
{
    tok t = {T_OTHER, 0, SET_ANY, 0, 0};
    uint32_t cp;
    if (i >= len)
        return t;
    size_t n = nl_utf8_decode(s + i, len - i, &cp);
    if (n == 0)
        return t;
    t = classify(cp);
    if (t.set != SET_ANY && set != SET_ANY && t.set != set)
        t.kind = T_OTHER;
    t.n = n;
    return t;
}

/* A digit that may stand in a positional run such as 二〇二一. 两 may not. */
static int positional_digit(const tok *t) { return t->kind == T_ZERO || (t->kind == T_DIGIT && !t->liang); }

static nl_numform form_of(int set) { return set == SET_UPPER ? NL_NUM_CHINESE_UPPER : NL_NUM_CHINESE; }

/* 二〇二一 → 2021: up to 9 digits read one by one. */
static size_t positional(const char *s, size_t len, long *value, nl_numform *form)
{
    size_t i = 0;
    long v = 0;
    int set = SET_ANY;
    for (int count = 0; count < 9; count++) {
        tok t = lex(s, len, i, set);
        if (!positional_digit(&t))
            break;
        if (t.set != SET_ANY)
            set = t.set;
        v = v * 10 + t.val;
        i += t.n;
    }
    *value = v;
    *form = form_of(set);
    return i;
}

/*
 * A numeral with units, up to 9999万9999. The state is the section being read
 * (`sec`, below or above 万), the position of the last unit read (`pos`: 4 for
 * a fresh section, 3 千, 2 百, 1 十, 0 after a ones digit) and whether a 零 is
 * waiting. Units must fall; a 零 is only kept when the next unit skips a
 * position (一千零一十, not 一百零一十). A bare ones digit must follow 十 or 零
 * or start the numeral: 一百三 is colloquial for 130, so it reads as 一百 and
 * leaves 三 to the caller rather than guessing. 一百十 and 一千一十 skip the
 * customary 一 or 零 but are unambiguous, so they are accepted.
 */
static size_t with_units(const char *s, size_t len, long *value, nl_numform *form)
{
    static const long scale[] = {1, 10, 100, 1000};
    size_t i = 0, best = 0;
    long total = 0, sec = 0, bestval = 0;
    int pos = 4, zero = 0, after_wan = 0, set = SET_ANY, bestset = SET_ANY;

    for (;;) {
        tok t = lex(s, len, i, set);
        if (t.kind == T_ZERO) {
            /* 零 fills a gap after a unit: not after 十, a ones digit, another 零 or at the start */
            if (zero || pos <= 1 || (pos == 4 && !after_wan))
                break;
            zero = 1;
            i += t.n;
            continue;
        }
        if (t.kind == T_DIGIT) {
            tok u = lex(s, len, i + t.n, t.set);
            if (u.kind == T_UNIT && u.val < pos && (!zero || u.val < pos - 1) && (!t.liang || u.val >= 2)) {
                sec += t.val * scale[u.val];
                pos = u.val;
                i += t.n + u.n;
            } else {
                int ones_ok = zero || pos == 1 || (pos == 4 && !after_wan);
                /* 两 stands alone (两年) or before 万, never as a ones digit (十两) or before 十 */
                if (t.liang)
                    ones_ok = pos == 4 && !after_wan && u.kind != T_UNIT;
                if (!ones_ok)
                    break;
                sec += t.val;
                pos = 0;
                i += t.n;
            }
            zero = 0;
            set = t.set;
        } else if (t.kind == T_UNIT) {
            /* only 十 may go without its digit (十, 十一, 一百十) */
            if (t.val != 1 || pos <= 1 || (zero && pos <= 2))
                break;
            sec += 10;
            pos = 1;
            zero = 0;
            set = t.set;
            i += t.n;
        } else if (t.kind == T_WAN) {
            if (after_wan || zero || sec == 0)
                break;
            total = sec * 10000;
            sec = 0;
            pos = 4;
            after_wan = 1;
            i += t.n;
        } else {
            break;
        }
        best = i;
        bestval = total + sec;
        bestset = set;
    }
    *value = bestval;
    *form = form_of(bestset);
    return best;
}

/* One ASCII or full-width digit at s[i..len). Returns its byte length (0 if
 * none) and stores the digit; *fw tells which kind. */
static size_t arabic_digit(const char *s, size_t len, size_t i, int *digit, int *fw)
{
    if (i >= len)
        return 0;
    unsigned char c = (unsigned char)s[i];
    if (c >= '0' && c <= '9') {
        *digit = c - '0';
        *fw = 0;
        return 1;
    }
    if (c < 0x80)
        return 0;
    uint32_t cp;
    size_t n = nl_utf8_decode(s + i, len - i, &cp);
    if (n == 0 || cp < 0xFF10 || cp > 0xFF19)
        return 0;
    *digit = (int)(cp - 0xFF10);
    *fw = 1;
    return n;
}

size_t nl_cnum_parse(const char *s, size_t len, long *value, nl_numform *form)
{
    long v = 0;
    nl_numform f = NL_NUM_NONE;
    size_t n = 0;

    if (s && len > 0) {
        int d, fw;
        if (arabic_digit(s, len, 0, &d, &fw) > 0) {
            /* a run of one kind only: 2０ is 2 followed by something else */
            int kind = fw;
            for (int count = 0; count < 9; count++) {
                size_t k = arabic_digit(s, len, n, &d, &fw);
                if (k == 0 || fw != kind)
                    break;
                v = v * 10 + d;
                n += k;
            }
            f = kind ? NL_NUM_FULLWIDTH : NL_NUM_ARABIC;
        } else {
            tok a = lex(s, len, 0, SET_ANY);
            tok b = a.kind != T_OTHER ? lex(s, len, a.n, a.set) : a;
            if (a.kind == T_OTHER)
                n = 0; /* not a numeral at all: the common case for a line's first character */
            else if (positional_digit(&a) && positional_digit(&b))
                n = positional(s, len, &v, &f);
            else if (a.kind == T_ZERO)
                n = a.n, v = 0, f = NL_NUM_CHINESE; /* 零 or 〇 alone */
            else
                n = with_units(s, len, &v, &f);
            if (n == 0)
                f = NL_NUM_NONE, v = 0;
        }
    }
    if (value)
        *value = v;
    if (form)
        *form = f;
    return n;
}

/* ---- formatting ---- */

static const char *const digit_str[] = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
static const char *const unit_str[] = {"", "十", "百", "千"};

static size_t put(char *b, size_t n, const char *u)
{
    size_t k = strlen(u);
    memcpy(b + n, u, k);
    return n + k;
}

/* One section 1..9999 into b at n. `leading` is set for the first section of
 * the number, where 10-19 are written 十, 十一 rather than 一十, 一十一. */
static size_t format_section(char *b, size_t n, long v, int leading)
{
    int started = 0, gap = 0;
    for (int p = 3; p >= 0; p--) {
        long d = (v / (p == 3 ? 1000 : p == 2 ? 100 : p == 1 ? 10 : 1)) % 10;
        if (d == 0) {
            gap = started;
            continue;
        }
        if (gap)
            n = put(b, n, "零");
        gap = 0;
        if (!(p == 1 && d == 1 && leading && !started))
            n = put(b, n, digit_str[d]);
        n = put(b, n, unit_str[p]);
        started = 1;
    }
    return n;
}

size_t nl_cnum_format(long value, char *buf, size_t bufsize)
{
    char tmp[64]; /* the longest, 九千九百九十九万九千九百九十九, takes 45 bytes */
    size_t n = 0;

    if (!buf || bufsize == 0)
        return 0;
    buf[0] = '\0';
    if (value < 0 || value > 99999999L)
        return 0;
    if (value == 0) {
        n = put(tmp, n, "零");
    } else {
        long high = value / 10000, low = value % 10000;
        if (high > 0) {
            n = format_section(tmp, n, high, 1);
            n = put(tmp, n, "万");
            /* a low part that skips 千 needs 零: 一万零五百, 十万零一十 */
            if (low > 0 && low < 1000)
                n = put(tmp, n, "零");
        }
        if (low > 0)
            n = format_section(tmp, n, low, high == 0);
    }
    if (n + 1 > bufsize)
        return 0;
    memcpy(buf, tmp, n);
    buf[n] = '\0';
    return n;
}

/* ---- dates ---- */

/* Bytes of at most 4 padding spaces at s[i..len); more than that is layout,
 * not a spaced date, and the cap keeps the finder linear. */
static size_t spaces(const char *s, size_t len, size_t i)
{
    size_t j = i;
    for (int count = 0; count < 4 && j < len; count++) {
        uint32_t cp;
        size_t n = nl_utf8_decode(s + j, len - j, &cp);
        if (n == 0 || !nl_cp_is_space(cp))
            break;
        j += n;
    }
    return j - i;
}

static int has(const char *s, size_t len, size_t i, const char *lit)
{
    size_t k = strlen(lit);
    return i <= len && len - i >= k && memcmp(s + i, lit, k) == 0;
}

/* 1-`max` Arabic digits at s[i..len) not followed by another digit. Returns
 * bytes (0 if none or too many), the value, the digit count and the width flag. */
static size_t arabic_field(const char *s, size_t len, size_t i, int max, int ascii_only, int *v, int *ndig,
                           unsigned *flags)
{
    size_t j = i;
    int d, fw, count = 0;
    *v = 0;
    *ndig = 0;
    for (;;) {
        size_t k = arabic_digit(s, len, j, &d, &fw);
        if (k == 0 || (ascii_only && fw))
            break;
        if (count == max)
            return 0; /* too many digits: *ndig stays 0 */
        if (fw)
            *flags |= NL_DATEF_FULLWIDTH;
        *v = *v * 10 + d;
        j += k;
        count++;
    }
    *ndig = count;
    return count ? j - i : 0;
}

/* 一 … 九, 十 … 十九, 二十 … 九十九 at s[i..len) for a month or a day. */
static size_t hanzi_field(const char *s, size_t len, size_t i, int *v)
{
    size_t j = i;
    tok a = lex(s, len, j, SET_LOWER);
    *v = 0;
    if (a.kind == T_DIGIT && !a.liang) {
        *v = a.val;
        j += a.n;
        tok b = lex(s, len, j, SET_LOWER);
        if (!(b.kind == T_UNIT && b.val == 1))
            return j - i;
        *v *= 10;
        j += b.n;
    } else if (a.kind == T_UNIT && a.val == 1) {
        *v = 10;
        j += a.n;
    } else {
        return 0;
    }
    tok c = lex(s, len, j, SET_LOWER);
    if (c.kind == T_DIGIT && !c.liang) {
        *v += c.val;
        j += c.n;
    }
    return j - i;
}

/* Reads one month or day field for a 年月日 date: in the date's numerals, or
   in the other kind (NL_DATEF_MIXED). */
static size_t cn_field(const char *s, size_t len, size_t i, int hz, int *v, unsigned *flags)
{
    int digit, fw;
    int arabic = arabic_digit(s, len, i, &digit, &fw) != 0;
    if (arabic == hz)
        *flags |= NL_DATEF_MIXED;
    if (!arabic)
        return hanzi_field(s, len, i, v);
    int ndig;
    size_t k = arabic_field(s, len, i, 2, 0, v, &ndig, flags);
    if (k > 0 && ndig == 2 && *v < 10)
        *flags |= NL_DATEF_ZERO_PADDED;
    return k;
}

/* Optional spaces, then `lit`. Returns the index after lit, or 0 if lit is not there. */
static size_t spaced_lit(const char *s, size_t len, size_t i, const char *lit, unsigned *flags)
{
    size_t sp = spaces(s, len, i);
    if (!has(s, len, i + sp, lit))
        return 0;
    if (sp)
        *flags |= NL_DATEF_SPACED;
    return i + sp + strlen(lit);
}

/* 2021年12月1日, ２０２１年１２月１日 or 二〇二一年十二月一日, also without the day. */
static size_t cn_date(const char *s, size_t len, int hz, nl_date *out)
{
    size_t i = 0;
    unsigned flags = 0;
    int y = 0, m = 0, d = 0;

    if (hz) {
        /* digit by digit; an Arabic digit among them (二0二三) is mixed */
        for (int count = 0; count < 4; count++) {
            int digit, fw;
            size_t k = arabic_digit(s, len, i, &digit, &fw);
            if (k) {
                flags |= NL_DATEF_MIXED;
                y = y * 10 + digit;
                i += k;
                continue;
            }
            tok t = lex(s, len, i, SET_LOWER);
            if (!positional_digit(&t))
                return 0;
            y = y * 10 + t.val;
            i += t.n;
        }
    } else {
        int ndig;
        i = arabic_field(s, len, 0, 4, 0, &y, &ndig, &flags);
        if (ndig != 4)
            return 0;
    }
    if ((i = spaced_lit(s, len, i, "年", &flags)) == 0)
        return 0;
    size_t sp = spaces(s, len, i);
    if (sp)
        flags |= NL_DATEF_SPACED;
    i += sp;
    size_t k = cn_field(s, len, i, hz, &m, &flags);
    if (k == 0 || (i = spaced_lit(s, len, i + k, "月", &flags)) == 0)
        return 0;

    /* the day is optional; its spaces and padding count only if it is there */
    size_t ym_end = i;
    unsigned day_flags = flags;
    size_t j = i + spaces(s, len, i);
    if (j > i)
        day_flags |= NL_DATEF_SPACED;
    k = cn_field(s, len, j, hz, &d, &day_flags);
    if (k > 0 && (j = spaced_lit(s, len, j + k, "日", &day_flags)) != 0) {
        i = j;
        flags = day_flags;
    } else {
        i = ym_end;
        d = 0;
        flags |= NL_DATEF_YEAR_MONTH;
    }
    out->year = y;
    out->month = m;
    out->day = d;
    out->form = hz ? NL_DATE_CN_HANZI : NL_DATE_CN_ARABIC;
    out->flags = flags;
    return i;
}

/* 2021.12.1, 2021-12-01, 2021/12/01: ASCII digits, one separator twice, a year
 * in 1900-2199 so that numbers and ranges (3.14, 1-2, 12/01) are not dates. */
static size_t sep_date(const char *s, size_t len, nl_date *out)
{
    static const struct {
        char c;
        nl_dateform form;
    } seps[] = {{'.', NL_DATE_DOT}, {'-', NL_DATE_DASH}, {'/', NL_DATE_SLASH}};
    unsigned flags = 0;
    int y, m, d, ndig;

    size_t i = arabic_field(s, len, 0, 4, 1, &y, &ndig, &flags);
    if (ndig != 4 || i >= len || y < 1900 || y > 2199)
        return 0;
    for (size_t k = 0; k < sizeof seps / sizeof seps[0]; k++) {
        char sep[2] = {seps[k].c, '\0'};
        if (s[i] != sep[0])
            continue;
        size_t j = i + 1, n;
        if ((n = arabic_field(s, len, j, 2, 1, &m, &ndig, &flags)) == 0)
            return 0;
        if (ndig == 2 && m < 10)
            flags |= NL_DATEF_ZERO_PADDED;
        j += n;
        if (!has(s, len, j, sep))
            return 0;
        j++;
        if ((n = arabic_field(s, len, j, 2, 1, &d, &ndig, &flags)) == 0)
            return 0;
        if (ndig == 2 && d < 10)
            flags |= NL_DATEF_ZERO_PADDED;
        j += n;
        /* 2021.12.1.5 is a version or an address, not a date */
        int digit, fw;
        if (arabic_digit(s, len, j, &digit, &fw) ||
            (has(s, len, j, sep) && arabic_digit(s, len, j + 1, &digit, &fw)))
            return 0;
        out->year = y;
        out->month = m;
        out->day = d;
        out->form = seps[k].form;
        out->flags = flags;
        return j;
    }
    return 0;
}

int nl_date_valid(int year, int month, int day)
{
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1)
        return 0;
    int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return day <= mdays[month - 1] + (month == 2 && leap);
}

size_t nl_date_parse(const char *s, size_t len, nl_date *out)
{
    nl_date tmp;
    nl_date *d = out ? out : &tmp;
    size_t n = 0;

    memset(d, 0, sizeof *d);
    if (!s || len == 0)
        return 0;
    int digit, fw;
    if (arabic_digit(s, len, 0, &digit, &fw)) {
        n = cn_date(s, len, 0, d);
        if (n == 0)
            n = sep_date(s, len, d);
    } else {
        tok t = lex(s, len, 0, SET_LOWER);
        if (positional_digit(&t))
            n = cn_date(s, len, 1, d);
    }
    if (n == 0) {
        memset(d, 0, sizeof *d);
        return 0;
    }
    /* a year-month date is judged on its month alone */
    if (!nl_date_valid(d->year, d->month, (d->flags & NL_DATEF_YEAR_MONTH) ? 1 : d->day))
        d->flags |= NL_DATEF_INVALID;
    return n;
}

/* Whether a date starting with `cp` would be glued to `prev`: 12021年 hides no
 * date, and neither does 一二〇二一年. */
static int glued(uint32_t prev, uint32_t cp)
{
    int prev_arabic = (prev >= '0' && prev <= '9') || (prev >= 0xFF10 && prev <= 0xFF19);
    int cur_arabic = (cp >= '0' && cp <= '9') || (cp >= 0xFF10 && cp <= 0xFF19);
    if (cur_arabic)
        return prev_arabic;
    return classify(prev).kind != T_OTHER;
}

int nl_date_find(const char *s, size_t len, size_t *start, size_t *end, nl_date *out)
{
    nl_date tmp;
    nl_date *d = out ? out : &tmp;
    uint32_t prev = 0;
    size_t i = 0;

    while (s && i < len) {
        uint32_t cp;
        size_t n = nl_utf8_decode(s + i, len - i, &cp);
        if (n == 0) {
            n = 1; /* skip one bad byte; it cannot start a date */
            cp = 0xFFFD;
        } else if (!glued(prev, cp)) {
            size_t k = nl_date_parse(s + i, len - i, d);
            if (k > 0) {
                if (start)
                    *start = i;
                if (end)
                    *end = i + k;
                return 1;
            }
        }
        prev = cp;
        i += n;
    }
    memset(d, 0, sizeof *d);
    if (start)
        *start = 0;
    if (end)
        *end = 0;
    return 0;
}

long nl_date_days(const nl_date *d)
{
    if (!d)
        return 0;
    /* Month overflow carries into the year (and 2月30日 becomes 3月2日), so
     * that an invalid date still gives a defined number. Arithmetic in long
     * long keeps any int input free of overflow. */
    long long y = d->year, m = (long long)d->month - 1, day = d->day ? d->day : 1;
    long long carry = m >= 0 ? m / 12 : -((-m + 11) / 12);
    y += carry;
    m = m - carry * 12 + 1;
    /* days_from_civil (H. Hinnant): years start in March so the leap day is last */
    y -= m <= 2;
    long long era = (y >= 0 ? y : y - 399) / 400;
    long long yoe = y - era * 400;
    long long doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5;
    long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (long)(era * 146097 + doe - 719468 + (day - 1));
}

/* Writes v as exactly `w` decimal digits. */
static char *put_digits(char *p, int v, int w)
{
    for (int k = w - 1; k >= 0; k--) {
        p[k] = (char)('0' + v % 10);
        v /= 10;
    }
    return p + w;
}

static int clamp(int v, int lo, int hi) { return v < lo ? lo : v > hi ? hi : v; }

void nl_date_iso(const nl_date *d, char buf[11])
{
    if (!buf)
        return;
    if (!d) {
        buf[0] = '\0';
        return;
    }
    /* clamped so that odd values can never write past buf[10] */
    char *p = put_digits(buf, clamp(d->year, 0, 9999), 4);
    *p++ = '-';
    p = put_digits(p, clamp(d->month, 0, 99), 2);
    if (d->day > 0) {
        *p++ = '-';
        p = put_digits(p, clamp(d->day, 0, 99), 2);
    }
    *p = '\0';
}
