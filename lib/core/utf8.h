/*
 * utf8.h — internal UTF-8 helpers: decoding, validation, encoding and the
 * display width of a code point. Strict: overlong forms, surrogates and code
 * points above U+10FFFF are invalid.
 */
#ifndef NL_CORE_UTF8_H
#define NL_CORE_UTF8_H

#include <stddef.h>
#include <stdio.h>
#include <stdint.h>

#include "normlint/core.h"

/* Decode one code point at s (len > 0). Returns its byte length (1-4) and stores
 * the code point; on an invalid sequence returns 0 and stores U+FFFD.
 * Inline for ASCII and the three-byte sequences of Chinese text, which is
 * nearly every call (the structure recogniser and the rules decode every
 * character they look at); everything else goes to nl_utf8_decode_any. */
size_t nl_utf8_decode_any(const char *s, size_t len, uint32_t *cp);
static inline size_t nl_utf8_decode(const char *s, size_t len, uint32_t *cp)
{
    const unsigned char *p = (const unsigned char *)s;
    if (len > 0 && p[0] < 0x80) {
        *cp = p[0];
        return 1;
    }
    if (len >= 3 && (p[0] & 0xF0) == 0xE0 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80) {
        uint32_t c = (uint32_t)(p[0] & 0x0F) << 12 | (uint32_t)(p[1] & 0x3F) << 6 | (p[2] & 0x3F);
        if (c >= 0x800 && (c < 0xD800 || c > 0xDFFF)) {
            *cp = c;
            return 3;
        }
    }
    return nl_utf8_decode_any(s, len, cp);
}

/* 1 if s[0..len) is valid UTF-8; otherwise 0 and *bad (may be NULL) is the
 * offset of the first invalid byte. */
int nl_utf8_valid(const char *s, size_t len, size_t *bad);

/* Encode cp into buf (at least 4 bytes). Returns the length, 0 if cp is invalid. */
size_t nl_utf8_encode(uint32_t cp, char *buf);

/* Text fit for a report: `s` (n bytes) when it is valid UTF-8, else a
 * malloc'd NUL-terminated copy in *tmp with each invalid byte replaced by
 * U+FFFD (the one place reports do this; free *tmp). NULL only when out of
 * memory. *outlen (may be NULL) gets the length. */
const char *nl_utf8_fit(const char *s, size_t n, char **tmp, size_t *outlen);
/* fputs of nl_utf8_fit(s): a path or title written with U+FFFD for bytes
 * that are not UTF-8. EOF on a write error. */
int nl_utf8_fputs(const char *s, FILE *f);

/* Number of code points in s[0..len) (invalid bytes count one each). */
size_t nl_utf8_count(const char *s, size_t len);

/* Display width of a code point: 0 for combining marks and controls, 2 for East
 * Asian Wide and Full-width characters, 1 otherwise. */
int nl_cp_width(uint32_t cp);

/* 1 for whitespace that may pad a line: ASCII space/tab, U+00A0, U+3000 and the
 * U+2000..U+200B spaces, U+2028 (NL_LINE_SEPARATOR), U+FEFF. */
int nl_cp_is_space(uint32_t cp);


/* Skip leading / trailing padding whitespace in s[*start, *end). */
void nl_utf8_trim(const char *s, size_t *start, size_t *end);

/* Offset of the first occurrence of needle[0..k) in s[0..n), or n (also for
 * an empty needle). Searched by the needle's last byte with memchr: for a
 * Chinese word that is a continuation byte, far rarer than a lead byte. */
size_t nl_find(const char *s, size_t n, const char *needle, size_t k);

#endif
