/*
 * utf8.c — strict UTF-8 decoding and East Asian display width.
 *
 * The width table covers the East Asian Wide (W) and Full-width (F) blocks that
 * occur in Chinese government texts (CJK ideographs and extensions, CJK
 * punctuation, full-width forms, Hangul, emoji blocks); everything else is 1,
 * combining marks 0. It is a compact range table, not the full Unicode
 * EastAsianWidth.txt, which is enough for caret lines under Chinese text.
 */
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

size_t nl_utf8_decode_any(const char *s, size_t len, uint32_t *cp)
{
    const unsigned char *p = (const unsigned char *)s;
    uint32_t c;
    size_t n;

    if (len == 0) {
        *cp = 0xFFFD;
        return 0;
    }
    if (p[0] < 0x80) {
        *cp = p[0];
        return 1;
    }
    if (p[0] >= 0xC2 && p[0] <= 0xDF) {
        n = 2;
        c = p[0] & 0x1F;
    } else if (p[0] >= 0xE0 && p[0] <= 0xEF) {
        n = 3;
        c = p[0] & 0x0F;
    } else if (p[0] >= 0xF0 && p[0] <= 0xF4) {
        n = 4;
        c = p[0] & 0x07;
    } else {
        *cp = 0xFFFD;
        return 0;
    }
    if (len < n) {
        *cp = 0xFFFD;
        return 0;
    }
    for (size_t i = 1; i < n; i++) {
        if ((p[i] & 0xC0) != 0x80) {
            *cp = 0xFFFD;
            return 0;
        }
        c = (c << 6) | (p[i] & 0x3F);
    }
    if ((n == 3 && c < 0x800) || (n == 4 && (c < 0x10000 || c > 0x10FFFF)) ||
        (c >= 0xD800 && c <= 0xDFFF)) {
        *cp = 0xFFFD;
        return 0;
    }
    *cp = c;
    return n;
}

int nl_utf8_valid(const char *s, size_t len, size_t *bad)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        /* ASCII: eight bytes at a time */
        if (i + 8 <= len) {
            uint64_t w;
            memcpy(&w, u + i, 8);
            if (!(w & 0x8080808080808080ULL)) {
                i += 8;
                continue;
            }
        }
        if (u[i] < 0x80) {
            i++;
            continue;
        }
        /* a run of three-byte characters (Chinese text) in a tight loop: one
           test of the three bytes' shape; leads E0 (overlong forms) and ED
           (surrogates) go to the careful path below */
        while (i + 3 <= len) {
            uint32_t w = (uint32_t)u[i] | (uint32_t)u[i + 1] << 8 | (uint32_t)u[i + 2] << 16;
            if ((w & 0xC0C0F0) != 0x8080E0 || u[i] == 0xE0 || u[i] == 0xED)
                break;
            i += 3;
        }
        if (i >= len || u[i] < 0x80)
            continue;
        uint32_t cp;
        size_t n = nl_utf8_decode(s + i, len - i, &cp);
        if (n == 0) {
            if (bad)
                *bad = i;
            return 0;
        }
        i += n;
    }
    return 1;
}

size_t nl_utf8_encode(uint32_t cp, char *buf)
{
    unsigned char *b = (unsigned char *)buf;
    if (cp < 0x80) {
        b[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        b[0] = (unsigned char)(0xC0 | (cp >> 6));
        b[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp >= 0xD800 && cp <= 0xDFFF)
        return 0;
    if (cp < 0x10000) {
        b[0] = (unsigned char)(0xE0 | (cp >> 12));
        b[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        b[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    if (cp <= 0x10FFFF) {
        b[0] = (unsigned char)(0xF0 | (cp >> 18));
        b[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
        b[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        b[3] = (unsigned char)(0x80 | (cp & 0x3F));
        return 4;
    }
    return 0;
}

size_t nl_utf8_count(const char *s, size_t len)
{
    size_t i = 0, n = 0;
    while (i < len) {
        uint32_t cp;
        size_t k = nl_utf8_decode(s + i, len - i, &cp);
        i += k ? k : 1;
        n++;
    }
    return n;
}

struct range {
    uint32_t lo, hi;
};

static const struct range wide[] = {
    {0x1100, 0x115F},   {0x231A, 0x231B},   {0x2329, 0x232A},   {0x23E9, 0x23EC},
    {0x2E80, 0x303E},   {0x3041, 0x33FF},   {0x3400, 0x4DBF},   {0x4E00, 0x9FFF},
    {0xA000, 0xA4CF},   {0xA960, 0xA97F},   {0xAC00, 0xD7A3},   {0xF900, 0xFAFF},
    {0xFE10, 0xFE19},   {0xFE30, 0xFE6F},   {0xFF00, 0xFF60},   {0xFFE0, 0xFFE6},
    {0x1F300, 0x1F64F}, {0x1F900, 0x1F9FF}, {0x20000, 0x2FFFD}, {0x30000, 0x3FFFD},
};

static const struct range zero[] = {
    {0x0300, 0x036F}, {0x200B, 0x200F}, {0x20D0, 0x20FF}, {0xFE00, 0xFE0F}, {0xFE20, 0xFE2F},
};

static int in_ranges(uint32_t cp, const struct range *r, size_t n)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (cp < r[mid].lo)
            hi = mid;
        else if (cp > r[mid].hi)
            lo = mid + 1;
        else
            return 1;
    }
    return 0;
}

int nl_cp_width(uint32_t cp)
{
    if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
        return 0;
    if (cp < 0x300)
        return 1;
    if (in_ranges(cp, zero, sizeof zero / sizeof zero[0]))
        return 0;
    if (in_ranges(cp, wide, sizeof wide / sizeof wide[0]))
        return 2;
    return 1;
}

int nl_cp_is_space(uint32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == 0xA0 || cp == 0x3000 || cp == 0xFEFF ||
           (cp >= 0x2000 && cp <= 0x200B) || cp == NL_LINE_SEPARATOR || cp == '\v' || cp == '\f';
}

/* The length of the nl_cp_is_space character that starts at s[a] (before
   b), or 0: U+00A0 is C2 A0, U+2000..U+200B E2 80 80..8B, U+2028 E2 80 A8, U+3000 E3 80 80,
   U+FEFF EF BB BF. Byte patterns rather than decoding: every line's ends
   are looked at, and most end in a character that is no space (。 is E3 80 82). */
static size_t space_at(const unsigned char *s, size_t a, size_t b)
{
    unsigned char c = s[a];
    if (c == ' ' || c == '\t' || c == '\v' || c == '\f')
        return 1;
    if (c == 0xC2)
        return b - a >= 2 && s[a + 1] == 0xA0 ? 2 : 0;
    if (b - a < 3 || c < 0xE2)
        return 0;
    if (c == 0xE2)
        return s[a + 1] == 0x80 && ((s[a + 2] >= 0x80 && s[a + 2] <= 0x8B) || s[a + 2] == 0xA8) ? 3 : 0;
    if (c == 0xE3)
        return s[a + 1] == 0x80 && s[a + 2] == 0x80 ? 3 : 0;
    return c == 0xEF && s[a + 1] == 0xBB && s[a + 2] == 0xBF ? 3 : 0;
}

/* The same for the character that ends at s[b - 1] (after a). */
static size_t space_before(const unsigned char *s, size_t a, size_t b)
{
    unsigned char c = s[b - 1];
    if (c == ' ' || c == '\t' || c == '\v' || c == '\f')
        return 1;
    if (c == 0xA0)
        return b - a >= 2 && s[b - 2] == 0xC2 ? 2 : 0;
    if (b - a < 3 || c < 0x80)
        return 0;
    return space_at(s, b - 3, b) == 3 ? 3 : 0;
}

void nl_utf8_trim(const char *s, size_t *start, size_t *end)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t a = *start, b = *end, n;
    while (a < b && (n = space_at(u, a, b)))
        a += n;
    while (b > a && (n = space_before(u, a, b)))
        b -= n;
    *start = a;
    *end = b;
}

size_t nl_find(const char *s, size_t n, const char *needle, size_t k)
{
    if (k == 0 || k > n)
        return n;
    const char *p = s + k - 1, *end = s + n;
    while (p < end && (p = memchr(p, needle[k - 1], (size_t)(end - p)))) {
        if (memcmp(p - (k - 1), needle, k) == 0)
            return (size_t)(p - (k - 1) - s);
        p++;
    }
    return n;
}

const char *nl_utf8_fit(const char *s, size_t n, char **tmp, size_t *outlen)
{
    *tmp = NULL;
    if (nl_utf8_valid(s, n, NULL)) {
        if (outlen)
            *outlen = n;
        return s;
    }
    char *buf = malloc(n * 3 + 1); /* one byte becomes at most three */
    if (!buf)
        return NULL;
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t k = nl_utf8_decode(s + i, n - i, &cp);
        if (k == 0) {
            memcpy(buf + o, "\xEF\xBF\xBD", 3);
            o += 3;
            i++;
        } else {
            memcpy(buf + o, s + i, k);
            o += k;
            i += k;
        }
    }
    buf[o] = '\0';
    *tmp = buf;
    if (outlen)
        *outlen = o;
    return buf;
}

int nl_utf8_fputs(const char *s, FILE *f)
{
    char *tmp;
    const char *t = nl_utf8_fit(s, strlen(s), &tmp, NULL);
    int rc = fputs(t ? t : "\xEF\xBF\xBD", f);
    free(tmp);
    return rc;
}
