/*
 * text.c — the plain-text loader: detect the encoding, decode to UTF-8 and
 * hand the text to the document model.
 *
 * Drafts reach us from Word "Save as text", WPS, old GBK systems and
 * Notepad, so the detector tries what those produce, most certain first: a
 * byte-order mark; then "NUL bytes mean binary" (UTF-16 is the only text
 * encoding with NULs, and without a BOM we refuse to guess it, but we say
 * that it looks like UTF-16 so the user knows what to do); then strict UTF-8,
 * which almost never validates by accident on GB18030 bytes of Chinese text;
 * then GB18030, the superset of GBK and GB2312. Only GB18030 and UTF-16 need
 * iconv (charset.c); UTF-8 is validated in place and copied once.
 *
 * Error messages are sentences without the path, which goes in err->path.
 * The text loader is the fallback at the end of the loader table: its sniff
 * accepts anything, and a non-text file is rejected by decoding, with the
 * reason. Recognising the structure is not the loader's job.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"
#include "doc/build.h"
#include "load/charset.h"
#include "load/loader.h"
#include "load/text.h"

/* Bytes looked at when guessing whether NUL-laden input is BOM-less UTF-16:
 * enough to be sure, small enough to cost nothing on a large binary. */
#define UTF16_SAMPLE ((size_t)64 * 1024)

static nl_status copy_utf8(const unsigned char *p, size_t n, char **out, size_t *outlen)
{
    char *b = malloc(n + 1);
    if (!b)
        return NL_ERR_NOMEM;
    if (n)
        memcpy(b, p, n);
    b[n] = '\0';
    *out = b;
    *outlen = n;
    return NL_OK;
}

/* How plausible d[0..n) is as UTF-16 text in one byte order: the number of
 * code units that are ASCII, Latin, CJK ideographs, CJK punctuation or
 * full-width forms. 0 when it cannot be text (U+0000, a C0 control other
 * than tab/newline/form feed/carriage return, a lone surrogate), has no line
 * break at all, or fewer than half its units are plausible.
 *
 * Plausibility alone is weak: pairs of ASCII letters read as UTF-16BE are
 * CJK ideographs ("ab" → U+6162), so "abc\0def\n" would pass. The line break
 * is what separates them: real UTF-16 text has 00 0A in its own byte order,
 * while ASCII with a stray NUL has a 0A next to a letter. It also picks the
 * byte order, since LE text read as BE has 0A 00 (U+0A00) instead. */
static size_t utf16_score(const unsigned char *d, size_t n, int big_endian)
{
    size_t good = 0, breaks = 0, units = n / 2;
    for (size_t i = 0; i + 1 < n; i += 2) {
        unsigned u = big_endian ? ((unsigned)d[i] << 8 | d[i + 1]) : ((unsigned)d[i + 1] << 8 | d[i]);
        if (u >= 0xD800 && u <= 0xDBFF) {
            /* a high surrogate needs a low one, unless the sample ends here */
            if (i + 3 < n) {
                unsigned v = big_endian ? ((unsigned)d[i + 2] << 8 | d[i + 3])
                                        : ((unsigned)d[i + 3] << 8 | d[i + 2]);
                if (v < 0xDC00 || v > 0xDFFF)
                    return 0;
            }
            i += 2;
            good++; /* CJK extensions B and later live there */
            continue;
        }
        if (u >= 0xDC00 && u <= 0xDFFF)
            return 0;
        if (u < 0x20 && u != '\t' && u != '\n' && u != '\f' && u != '\r')
            return 0;
        if (u == '\n' || u == '\r')
            breaks++;
        if (u < 0x7F || (u >= 0xA0 && u <= 0x24F) || (u >= 0x2000 && u <= 0x206F) ||
            (u >= 0x3000 && u <= 0x303F) || (u >= 0x4E00 && u <= 0x9FFF) ||
            (u >= 0xFF00 && u <= 0xFFEF))
            good++;
    }
    return breaks > 0 && good * 2 >= units ? good : 0;
}

/* 0 when NUL-laden input does not look like UTF-16; otherwise 'L' or 'B' for
 * the byte order that reads it best. */
static int guess_utf16(const unsigned char *d, size_t len)
{
    size_t n = (len < UTF16_SAMPLE ? len : UTF16_SAMPLE) & ~(size_t)1;
    size_t le = utf16_score(d, n, 0), be = utf16_score(d, n, 1);
    if (le == 0 && be == 0)
        return 0;
    return le >= be ? 'L' : 'B';
}

static nl_status binary_error(const unsigned char *data, size_t len, size_t first_nul,
                              const char *path, nl_error *err)
{
    int bo = guess_utf16(data, len);
    if (bo)
        return nl_error_set(err, NL_ERR_BINARY, path,
                            "contains NUL bytes (first at byte %zu): it looks like UTF-16 without a "
                            "byte-order mark (%s); re-save it as UTF-8, or read it with "
                            "--encoding %s",
                            first_nul, bo == 'L' ? "little-endian" : "big-endian",
                            bo == 'L' ? "UTF-16LE" : "UTF-16BE");
    return nl_error_set(err, NL_ERR_BINARY, path,
                        "unsupported: a binary file (NUL byte at byte %zu), not text, DOCX, ODT, XML or HTML; "
                        "save or convert it as DOCX or UTF-8 text",
                        first_nul);
}

/* Upper-case letters and digits of an encoding name, so that "utf8",
 * "UTF-8" and "utf_8" compare equal. Truncates at bufsize - 1. */
static void squash(const char *name, char *buf, size_t bufsize)
{
    size_t j = 0;
    for (const char *p = name; *p && j + 1 < bufsize; p++) {
        char c = *p;
        if (c >= 'a' && c <= 'z')
            c = (char)(c - 'a' + 'A');
        if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
            buf[j++] = c;
    }
    buf[j] = '\0';
}

/* The static name a document reports for a forced encoding: nl_doc keeps
 * only a pointer, and the option string need not outlive the document. */
static const char *canonical_name(const char *forced)
{
    static const char *const known[] = {
        "UTF-8",   "UTF-16LE", "UTF-16BE", "UTF-16",     "UTF-32LE",   "UTF-32BE",
        "UTF-32",  "GB18030",  "GBK",      "GB2312",     "CP936",      "BIG5",
        "BIG5-HKSCS", "HZ",    "ISO-2022-CN", "ISO-8859-1", "WINDOWS-1252", "ASCII",
    };
    char a[32], b[32];
    squash(forced, a, sizeof a);
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
        squash(known[i], b, sizeof b);
        if (strcmp(a, b) == 0)
            return known[i];
    }
    return "other";
}

static int has_utf8_bom(const unsigned char *d, size_t len)
{
    return len >= 3 && d[0] == 0xEF && d[1] == 0xBB && d[2] == 0xBF;
}

/* Convert input that announced itself with a byte-order mark, reporting
 * failures in terms of the original input (`skip` BOM bytes precede `data`). */
static nl_status convert(const char *from, const unsigned char *data, size_t len, size_t skip,
                         const char *path, char **out, size_t *outlen, nl_error *err)
{
    size_t bad = 0;
    nl_status st = nl_charset_to_utf8(from, data, len, out, outlen, &bad);
    switch (st) {
    case NL_OK:
        return NL_OK;
    case NL_ERR_ENCODING:
        return nl_error_set(err, st, path,
                            "starts with a %s byte-order mark but is not valid %s (invalid or "
                            "truncated sequence at byte %zu)",
                            from, from, bad + skip);
    case NL_ERR_UNSUPPORTED:
        return nl_error_set(err, st, path,
                            "cannot be read as %s: this system's iconv has no converter for it", from);
    default:
        return nl_error_set(err, NL_ERR_NOMEM, path, "out of memory");
    }
}

static nl_status decode_forced(const unsigned char *data, size_t len, const char *forced,
                               const char *path, char **out, size_t *outlen, const char **enc,
                               nl_error *err)
{
    char sq[32];
    size_t bad = 0;
    nl_status st;

    squash(forced, sq, sizeof sq);
    if (strcmp(sq, "UTF8") == 0) {
        size_t skip = has_utf8_bom(data, len) ? 3 : 0;
        if (!nl_utf8_valid((const char *)data + skip, len - skip, &bad))
            return nl_error_set(err, NL_ERR_ENCODING, path,
                                "is not valid UTF-8 (invalid byte 0x%02X at byte %zu)",
                                data[skip + bad], skip + bad);
        if (copy_utf8(data + skip, len - skip, out, outlen) != NL_OK)
            return nl_error_set(err, NL_ERR_NOMEM, path, "out of memory");
        *enc = skip ? "UTF-8-BOM" : "UTF-8";
        return NL_OK;
    }

    /* iconv_open("") means "the locale's charset" in glibc: not what a user
     * typing --encoding '' asked for. */
    st = sq[0] ? nl_charset_to_utf8(forced, data, len, out, outlen, &bad) : NL_ERR_UNSUPPORTED;
    switch (st) {
    case NL_OK:
        break;
    case NL_ERR_UNSUPPORTED:
        return nl_error_set(err, NL_ERR_INVALID, path,
                            "unknown encoding '%s' (--encoding): use a name such as UTF-8, GB18030, "
                            "UTF-16LE or UTF-16BE",
                            forced);
    case NL_ERR_ENCODING:
        return nl_error_set(err, st, path, "is not valid %s (invalid or truncated sequence at byte %zu)",
                            forced, bad);
    default:
        return nl_error_set(err, NL_ERR_NOMEM, path, "out of memory");
    }
    /* iconv keeps a BOM of UTF-16LE/BE input as U+FEFF; it is not text */
    if (*outlen >= 3 && has_utf8_bom((const unsigned char *)*out, *outlen)) {
        memmove(*out, *out + 3, *outlen - 3 + 1);
        *outlen -= 3;
    }
    *enc = canonical_name(forced);
    return NL_OK;
}

static nl_status detect(const unsigned char *data, size_t len, const char *path, char **out,
                        size_t *outlen, const char **enc, nl_error *err)
{
    size_t bad = 0, gbad = 0;
    nl_status st;

    if (has_utf8_bom(data, len)) {
        if (!nl_utf8_valid((const char *)data + 3, len - 3, &bad))
            return nl_error_set(err, NL_ERR_ENCODING, path,
                                "starts with a UTF-8 byte-order mark but is not valid UTF-8 "
                                "(invalid byte 0x%02X at byte %zu)",
                                data[3 + bad], 3 + bad);
        if (copy_utf8(data + 3, len - 3, out, outlen) != NL_OK)
            return nl_error_set(err, NL_ERR_NOMEM, path, "out of memory");
        *enc = "UTF-8-BOM";
        return NL_OK;
    }
    if (len >= 2 && ((data[0] == 0xFF && data[1] == 0xFE) || (data[0] == 0xFE && data[1] == 0xFF))) {
        const char *name = data[0] == 0xFF ? "UTF-16LE" : "UTF-16BE";
        if ((st = convert(name, data + 2, len - 2, 2, path, out, outlen, err)) != NL_OK)
            return st;
        *enc = name;
        return NL_OK;
    }

    const unsigned char *nul = memchr(data, 0, len);
    if (nul)
        return binary_error(data, len, (size_t)(nul - data), path, err);

    if (nl_utf8_valid((const char *)data, len, &bad)) {
        if (copy_utf8(data, len, out, outlen) != NL_OK)
            return nl_error_set(err, NL_ERR_NOMEM, path, "out of memory");
        *enc = "UTF-8";
        return NL_OK;
    }

    st = nl_charset_to_utf8("GB18030", data, len, out, outlen, &gbad);
    switch (st) {
    case NL_OK:
        *enc = "GB18030";
        return NL_OK;
    case NL_ERR_ENCODING:
        return nl_error_set(err, st, path,
                            "is neither valid UTF-8 (invalid byte 0x%02X at byte %zu) nor GB18030 "
                            "(invalid sequence at byte %zu)",
                            data[bad], bad, gbad);
    case NL_ERR_UNSUPPORTED:
        return nl_error_set(err, NL_ERR_ENCODING, path,
                            "is not valid UTF-8 (invalid byte 0x%02X at byte %zu), and this system's "
                            "iconv cannot read GB18030",
                            data[bad], bad);
    default:
        return nl_error_set(err, NL_ERR_NOMEM, path, "out of memory");
    }
}

nl_status nl_text_decode(const unsigned char *data, size_t len, const char *forced_encoding,
                         const char *path, char **utf8, size_t *utf8_len,
                         const char **encoding_name, nl_error *err)
{
    char *out = NULL;
    size_t outlen = 0;
    const char *enc = NULL;
    nl_status st;

    *utf8 = NULL;
    *utf8_len = 0;
    *encoding_name = NULL;
    /* an empty input may come as (NULL, 0); memchr and friends want a pointer */
    if (!data) {
        if (len)
            return nl_error_set(err, NL_ERR_INVALID, path, "no data given for %zu bytes", len);
        data = (const unsigned char *)"";
    }

    if (forced_encoding)
        st = decode_forced(data, len, forced_encoding, path, &out, &outlen, &enc, err);
    else
        st = detect(data, len, path, &out, &outlen, &enc, err);
    if (st != NL_OK)
        goto done;

    /* The model is NUL-terminated text: a U+0000 that came out of UTF-16 or a
     * forced encoding would silently cut it short. */
    const char *nul = memchr(out, 0, outlen);
    if (nul) {
        st = nl_error_set(err, NL_ERR_BINARY, path,
                          "contains a NUL character (U+0000) when read as %s (at byte %zu of the "
                          "decoded text): not a text file",
                          enc, (size_t)(nul - out));
        goto done;
    }

    *utf8 = out;
    *utf8_len = outlen;
    *encoding_name = enc;
    out = NULL;

done:
    free(out);
    return st;
}

/* ---- the loader row ---- */

/* Text is the fallback: it claims everything, and decoding rejects what is
 * not text with the reason. */
static int text_sniff(const unsigned char *data, size_t len, const char *path)
{
    (void)data;
    (void)len;
    (void)path;
    return 1;
}

static nl_status text_load(nl_doc **out, const char *path, const unsigned char *data, size_t len,
                           const nl_load_opts *opts, nl_error *err)
{
    char *utf8 = NULL;
    size_t n = 0;
    const char *enc = NULL;
    nl_doc *doc = NULL;
    nl_status st;

    *out = NULL;
    st = nl_text_decode(data, len, opts ? opts->encoding : NULL, path, &utf8, &n, &enc, err);
    if (st != NL_OK)
        goto done;
    if ((st = nl_doc_new(&doc, path, "text", err)) != NL_OK)
        goto done;
    if ((st = nl_doc_append_text(doc, utf8, n)) != NL_OK) {
        nl_error_set(err, st, path, "out of memory");
        goto done;
    }
    nl_doc_set_encoding(doc, enc);
    *out = doc;
    doc = NULL;

done:
    nl_doc_free(doc);
    free(utf8);
    return st;
}

static const char *const text_extensions[] = {"txt", "text", NULL};

const nl_loader nl_loader_text = {"text", text_extensions, text_sniff, text_load};
