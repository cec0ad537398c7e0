/*
 * test_load_text.c — encoding detection and decoding of plain text
 * (nl_text_decode), the iconv wrapper (nl_charset_to_utf8), size options
 * (nl_parse_size), file name filtering, and whole loads from memory and from
 * files: size cap, directories, FIFOs, devices, missing files.
 *
 * GB18030 and UTF-16 byte strings are hard-coded; each was produced with
 * `printf '…' | iconv -f UTF-8 -t GB18030 | xxd -i` when the test was written.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "load/charset.h"
#include "load/text.h"
#include "normlint/normlint.h"

/* 中文 */
static const unsigned char GB_ZHONGWEN[] = {0xd6, 0xd0, 0xce, 0xc4};
/* "中文\r\n第一条　本办法自2025年1月1日起施行。\r\n𠀀" (𠀀 U+20000 is a four-byte sequence) */
static const unsigned char GB_ARTICLE[] = {
    0xd6, 0xd0, 0xce, 0xc4, 0x0d, 0x0a, 0xb5, 0xda, 0xd2, 0xbb, 0xcc, 0xf5, 0xa1, 0xa1, 0xb1, 0xbe,
    0xb0, 0xec, 0xb7, 0xa8, 0xd7, 0xd4, 0x32, 0x30, 0x32, 0x35, 0xc4, 0xea, 0x31, 0xd4, 0xc2, 0x31,
    0xc8, 0xd5, 0xc6, 0xf0, 0xca, 0xa9, 0xd0, 0xd0, 0xa1, 0xa3, 0x0d, 0x0a, 0x95, 0x32, 0x82, 0x36};
static const char UTF8_ARTICLE[] = "中文\r\n第一条　本办法自2025年1月1日起施行。\r\n𠀀";

/* "第一条 ABC\r\n" in UTF-16LE, no byte-order mark */
static const unsigned char U16LE_NOBOM[] = {0x2c, 0x7b, 0x00, 0x4e, 0x61, 0x67, 0x20, 0x00, 0x41,
                                            0x00, 0x42, 0x00, 0x43, 0x00, 0x0d, 0x00, 0x0a, 0x00};
/* "Hello\n" in UTF-16BE, no byte-order mark */
static const unsigned char U16BE_NOBOM[] = {0x00, 0x48, 0x00, 0x65, 0x00, 0x6c,
                                            0x00, 0x6c, 0x00, 0x6f, 0x00, 0x0a};

/* Result of one nl_text_decode call; decode() checks the out-parameter
 * contract (all set on success, all cleared on failure). */
typedef struct decoded {
    nl_status st;
    char *text;
    size_t len;
    const char *enc;
    nl_error err;
} decoded;

static decoded decode(const void *data, size_t len, const char *forced)
{
    decoded d;
    d.text = (char *)"junk";
    d.len = 99;
    d.enc = "junk";
    nl_error_clear(&d.err);
    d.st = nl_text_decode(data, len, forced, "x.txt", &d.text, &d.len, &d.enc, &d.err);
    if (d.st == NL_OK) {
        assert_non_null(d.text);
        assert_non_null(d.enc);
        assert_int_equal(d.text[d.len], '\0');
        assert_null(memchr(d.text, 0, d.len));
    } else {
        assert_null(d.text);
        assert_int_equal(d.len, 0);
        assert_null(d.enc);
        assert_int_equal(d.err.status, d.st);
        assert_string_equal(d.err.path, "x.txt");
        /* the path goes in err.path, never in the sentence */
        assert_null(strstr(d.err.message, "x.txt"));
    }
    return d;
}

static void expect_text(const void *data, size_t len, const char *forced, const char *want,
                        const char *want_enc)
{
    decoded d = decode(data, len, forced);
    if (d.st != NL_OK)
        fail_msg("unexpected error: %s", d.err.message);
    assert_int_equal(d.len, strlen(want));
    assert_string_equal(d.text, want);
    assert_string_equal(d.enc, want_enc);
    free(d.text);
}

static void expect_error(const void *data, size_t len, const char *forced, nl_status want,
                         const char *want_msg)
{
    decoded d = decode(data, len, forced);
    assert_int_equal(d.st, want);
    if (want_msg)
        assert_string_equal(d.err.message, want_msg);
}

static void expect_error_containing(const void *data, size_t len, const char *forced, nl_status want,
                                    const char *part)
{
    decoded d = decode(data, len, forced);
    assert_int_equal(d.st, want);
    if (!strstr(d.err.message, part))
        fail_msg("message \"%s\" lacks \"%s\"", d.err.message, part);
}

/* ---- nl_charset_to_utf8 ---- */

static void test_charset_gb18030(void **state)
{
    (void)state;
    char *out = NULL;
    size_t n = 0, bad = 7;
    assert_int_equal(nl_charset_to_utf8("GB18030", GB_ARTICLE, sizeof GB_ARTICLE, &out, &n, &bad), NL_OK);
    assert_string_equal(out, UTF8_ARTICLE);
    assert_int_equal(n, strlen(UTF8_ARTICLE));
    free(out);
}

static void test_charset_utf16_surrogate_pair(void **state)
{
    (void)state;
    static const unsigned char le[] = {0x3d, 0xd8, 0x00, 0xde, 0x2d, 0x4e}; /* 😀中 */
    char *out = NULL;
    size_t n = 0;
    assert_int_equal(nl_charset_to_utf8("UTF-16LE", le, sizeof le, &out, &n, NULL), NL_OK);
    assert_string_equal(out, "😀中");
    assert_int_equal(n, 7);
    free(out);
}

static void test_charset_bad_offsets(void **state)
{
    (void)state;
    char *out = (char *)"junk";
    size_t n = 5, bad = 0;
    /* invalid lead byte */
    assert_int_equal(nl_charset_to_utf8("GB18030", (const unsigned char *)"ab\xff", 3, &out, &n, &bad),
                     NL_ERR_ENCODING);
    assert_null(out);
    assert_int_equal(n, 0);
    assert_int_equal(bad, 2);
    /* a double-byte sequence cut off by the end of the input */
    assert_int_equal(nl_charset_to_utf8("GB18030", (const unsigned char *)"abc\xd6", 4, &out, &n, &bad),
                     NL_ERR_ENCODING);
    assert_int_equal(bad, 3);
    /* an odd trailing byte of UTF-16 */
    assert_int_equal(nl_charset_to_utf8("UTF-16LE", (const unsigned char *)"a\0b", 3, &out, &n, &bad),
                     NL_ERR_ENCODING);
    assert_int_equal(bad, 2);
    assert_null(out);
}

static void test_charset_unknown_and_empty(void **state)
{
    (void)state;
    char *out = NULL;
    size_t n = 3;
    assert_int_equal(nl_charset_to_utf8("NO-SUCH-CHARSET-X", (const unsigned char *)"a", 1, &out, &n, NULL),
                     NL_ERR_UNSUPPORTED);
    assert_null(out);
    assert_int_equal(nl_charset_to_utf8("GB18030", (const unsigned char *)"", 0, &out, &n, NULL), NL_OK);
    assert_string_equal(out, "");
    assert_int_equal(n, 0);
    free(out);
}

/* Windows-1252 0x80 is € (3 bytes of UTF-8): three times the input, which
 * overflows the first estimate and exercises the growing buffer. */
static void test_charset_output_grows(void **state)
{
    (void)state;
    size_t count = 100000;
    unsigned char *in = malloc(count);
    assert_non_null(in);
    memset(in, 0x80, count);
    char *out = NULL;
    size_t n = 0;
    assert_int_equal(nl_charset_to_utf8("WINDOWS-1252", in, count, &out, &n, NULL), NL_OK);
    assert_int_equal(n, 3 * count);
    for (size_t i = 0; i < count; i += 997)
        assert_memory_equal(out + 3 * i, "€", 3);
    assert_int_equal(out[n], '\0');
    free(out);
    free(in);
}

/* ---- nl_text_decode: detection ---- */

static void test_utf8_plain(void **state)
{
    (void)state;
    const char *s = "第一条　为了规范管理，制定本办法。\n";
    expect_text(s, strlen(s), NULL, s, "UTF-8");
}

static void test_utf8_bom(void **state)
{
    (void)state;
    expect_text("\xEF\xBB\xBF中文\n", 10, NULL, "中文\n", "UTF-8-BOM");
    expect_text("\xEF\xBB\xBF", 3, NULL, "", "UTF-8-BOM");
    /* a BOM promises UTF-8: GB18030 is not tried after it */
    expect_error("\xEF\xBB\xBF\xD6\xD0", 5, NULL, NL_ERR_ENCODING,
                 "starts with a UTF-8 byte-order mark but is not valid UTF-8 (invalid byte 0xD6 at byte 3)");
}

static void test_empty(void **state)
{
    (void)state;
    expect_text("", 0, NULL, "", "UTF-8");
    expect_text(NULL, 0, NULL, "", "UTF-8");
}

static void test_utf16le_bom(void **state)
{
    (void)state;
    /* BOM, 中, A, 😀 (surrogate pair), \n */
    static const unsigned char d[] = {0xff, 0xfe, 0x2d, 0x4e, 0x41, 0x00, 0x3d,
                                      0xd8, 0x00, 0xde, 0x0a, 0x00};
    expect_text(d, sizeof d, NULL, "中A😀\n", "UTF-16LE");
    expect_text("\xff\xfe", 2, NULL, "", "UTF-16LE");
}

static void test_utf16be_bom(void **state)
{
    (void)state;
    static const unsigned char d[] = {0xfe, 0xff, 0x4e, 0x2d, 0x00, 0x41, 0xd8,
                                      0x3d, 0xde, 0x00, 0x00, 0x0a};
    expect_text(d, sizeof d, NULL, "中A😀\n", "UTF-16BE");
}

static void test_utf16_bom_errors(void **state)
{
    (void)state;
    /* odd trailing byte: offsets count from the start of the file, BOM included */
    static const unsigned char odd[] = {0xff, 0xfe, 0x2d, 0x4e, 0x41};
    expect_error(odd, sizeof odd, NULL, NL_ERR_ENCODING,
                 "starts with a UTF-16LE byte-order mark but is not valid UTF-16LE (invalid or "
                 "truncated sequence at byte 4)");
    /* a high surrogate followed by "A" */
    static const unsigned char lone[] = {0xfe, 0xff, 0x00, 0x41, 0xd8, 0x3d, 0x00, 0x41};
    expect_error_containing(lone, sizeof lone, NULL, NL_ERR_ENCODING, "not valid UTF-16BE");
    /* U+0000 decoded from UTF-16 would cut the model's text short */
    static const unsigned char nul[] = {0xff, 0xfe, 0x41, 0x00, 0x00, 0x00, 0x42, 0x00};
    expect_error_containing(nul, sizeof nul, NULL, NL_ERR_BINARY, "U+0000");
}

static void test_gb18030(void **state)
{
    (void)state;
    expect_text(GB_ZHONGWEN, sizeof GB_ZHONGWEN, NULL, "中文", "GB18030");
    expect_text(GB_ARTICLE, sizeof GB_ARTICLE, NULL, UTF8_ARTICLE, "GB18030");
}

static void test_neither(void **state)
{
    (void)state;
    expect_error("\x80", 1, NULL, NL_ERR_ENCODING,
                 "is neither valid UTF-8 (invalid byte 0x80 at byte 0) nor GB18030 (invalid sequence at byte 0)");
    expect_error("abc\xff", 4, NULL, NL_ERR_ENCODING,
                 "is neither valid UTF-8 (invalid byte 0xFF at byte 3) nor GB18030 (invalid sequence at byte 3)");
    /* UTF-8 fails at the first GB byte, GB18030 only at the 0xFF */
    expect_error("\xD6\xD0\xFF", 3, NULL, NL_ERR_ENCODING,
                 "is neither valid UTF-8 (invalid byte 0xD6 at byte 0) nor GB18030 (invalid sequence at byte 2)");
    /* a GB18030 double-byte sequence cut off at the end */
    expect_error("\xD6\xD0\xCE", 3, NULL, NL_ERR_ENCODING,
                 "is neither valid UTF-8 (invalid byte 0xD6 at byte 0) nor GB18030 (invalid sequence at byte 2)");
}

static void test_nul_is_binary(void **state)
{
    (void)state;
    expect_error("abc\0def\n", 8, NULL, NL_ERR_BINARY, "unsupported: a binary file (NUL byte at byte 3), not text, DOCX, ODT, XML or HTML; save or convert it as DOCX or UTF-8 text");
    /* the start of an ELF executable: NULs, but nothing like UTF-16 text */
    static const unsigned char elf[] = {0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00,
                                        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x00, 0x3e, 0x00};
    expect_error(elf, sizeof elf, NULL, NL_ERR_BINARY, "unsupported: a binary file (NUL byte at byte 7), not text, DOCX, ODT, XML or HTML; save or convert it as DOCX or UTF-8 text");
    /* ASCII letters in pairs read as UTF-16BE are CJK ideographs ("ab" is
     * U+6162); without a 00 0A line break that is no reason to say UTF-16 */
    expect_error("abcd\0efg", 8, NULL, NL_ERR_BINARY, "unsupported: a binary file (NUL byte at byte 4), not text, DOCX, ODT, XML or HTML; save or convert it as DOCX or UTF-8 text");
}

static void test_utf16_without_bom_hint(void **state)
{
    (void)state;
    expect_error(U16LE_NOBOM, sizeof U16LE_NOBOM, NULL, NL_ERR_BINARY,
                 "contains NUL bytes (first at byte 2): it looks like UTF-16 without a byte-order mark "
                 "(little-endian); re-save it as UTF-8, or read it with --encoding UTF-16LE");
    expect_error(U16BE_NOBOM, sizeof U16BE_NOBOM, NULL, NL_ERR_BINARY,
                 "contains NUL bytes (first at byte 0): it looks like UTF-16 without a byte-order mark "
                 "(big-endian); re-save it as UTF-8, or read it with --encoding UTF-16BE");
    /* Chinese only: 上 (U+4E0A) puts a 0A byte inside a character and 一
     * (U+4E00) a NUL, neither of which may confuse the guess */
    static const unsigned char zh[] = {0x0a, 0x4e, 0x00, 0x4e, 0x61, 0x67, 0x0d, 0x00, 0x0a, 0x00};
    expect_error_containing(zh, sizeof zh, NULL, NL_ERR_BINARY,
                            "looks like UTF-16 without a byte-order mark (little-endian)");
}

/* ---- nl_text_decode: forced encodings ---- */

static void test_forced_encodings(void **state)
{
    (void)state;
    expect_text(GB_ZHONGWEN, sizeof GB_ZHONGWEN, "GB18030", "中文", "GB18030");
    expect_text(GB_ZHONGWEN, sizeof GB_ZHONGWEN, "gbk", "中文", "GBK");
    expect_text("中文", 6, "utf8", "中文", "UTF-8");
    expect_text("\xEF\xBB\xBF中文", 9, "UTF-8", "中文", "UTF-8-BOM");
    /* forcing UTF-16 reads what detection refuses, NULs and all */
    expect_text(U16LE_NOBOM, sizeof U16LE_NOBOM, "UTF-16LE", "第一条 ABC\r\n", "UTF-16LE");
    expect_text(U16BE_NOBOM, sizeof U16BE_NOBOM, "utf-16be", "Hello\n", "UTF-16BE");
    /* and drops a byte-order mark that iconv would keep as U+FEFF */
    expect_text("\xff\xfe\x2d\x4e", 4, "UTF-16LE", "中", "UTF-16LE");
    /* an encoding iconv knows but we have no static name for */
    expect_text("caf\xe9", 4, "CP1252", "café", "other");
    /* no fallback when forced */
    expect_error(GB_ZHONGWEN, sizeof GB_ZHONGWEN, "UTF-8", NL_ERR_ENCODING,
                 "is not valid UTF-8 (invalid byte 0xD6 at byte 0)");
    expect_error("ab\xff", 3, "GB18030", NL_ERR_ENCODING,
                 "is not valid GB18030 (invalid or truncated sequence at byte 2)");
    expect_error_containing("a\0b", 3, "GB18030", NL_ERR_BINARY, "U+0000");
    expect_error_containing("abc", 3, "KLINGON-8", NL_ERR_INVALID, "unknown encoding 'KLINGON-8'");
    /* "" would be the locale's charset to glibc */
    expect_error_containing("abc", 3, "", NL_ERR_INVALID, "unknown encoding");
}

static void test_null_error_is_fine(void **state)
{
    (void)state;
    char *t = NULL;
    size_t n = 0;
    const char *enc = NULL;
    assert_int_equal(nl_text_decode((const unsigned char *)"a\0", 2, NULL, NULL, &t, &n, &enc, NULL),
                     NL_ERR_BINARY);
    assert_null(t);
}

/* A 5 MB file that is one line: nothing may be quadratic or line-bound. */
static void test_five_megabyte_line(void **state)
{
    (void)state;
    size_t count = 5 * 1024 * 1024 / 3;
    unsigned char *u8 = malloc(count * 3);
    unsigned char *gb = malloc(count * 2);
    assert_non_null(u8);
    assert_non_null(gb);
    for (size_t i = 0; i < count; i++) {
        memcpy(u8 + 3 * i, "中", 3);
        memcpy(gb + 2 * i, GB_ZHONGWEN, 2);
    }
    decoded a = decode(u8, count * 3, NULL);
    assert_int_equal(a.st, NL_OK);
    assert_string_equal(a.enc, "UTF-8");
    assert_int_equal(a.len, count * 3);
    decoded b = decode(gb, count * 2, NULL);
    assert_int_equal(b.st, NL_OK);
    assert_string_equal(b.enc, "GB18030");
    assert_int_equal(b.len, count * 3);
    assert_memory_equal(a.text, b.text, a.len);
    free(a.text);
    free(b.text);
    free(u8);
    free(gb);
}

/* ---- nl_parse_size ---- */

static void test_parse_size(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        size_t v;
    } good[] = {
        {"0", 0},
        {"100", 100},
        {"100B", 100},
        {"512k", 512 * 1024},
        {"512K", 512 * 1024},
        {"64M", (size_t)64 << 20},
        {"64m", (size_t)64 << 20},
        {"64MiB", (size_t)64 << 20},
        {"64mib", (size_t)64 << 20},
        {"64MB", (size_t)64 << 20},
        {"1G", (size_t)1 << 30},
        {"1gb", (size_t)1 << 30},
        {"007k", 7 * 1024},
    };
    static const char *const bad[] = {
        "", "-1", "+1", " 1", "1 ", "1 M", "1.5M", "12Q", "M", "k", "1Mx", "1iB", "1MiBB", "1KiX",
        "0x10", "99999999999999999999999999", "18446744073709551616",
        "18014398509481984G", /* 2^54 GiB overflows 64 bits */
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        size_t v = 12345;
        if (nl_parse_size(good[i].s, &v) != NL_OK)
            fail_msg("nl_parse_size(\"%s\") failed", good[i].s);
        assert_int_equal(v, good[i].v);
    }
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        size_t v = 12345;
        if (nl_parse_size(bad[i], &v) != NL_ERR_INVALID)
            fail_msg("nl_parse_size(\"%s\") was accepted", bad[i]);
        assert_int_equal(v, 12345); /* untouched on failure */
    }
    size_t v = 0;
    if (SIZE_MAX == UINT64_MAX) {
        assert_int_equal(nl_parse_size("18446744073709551615", &v), NL_OK);
        assert_true(v == SIZE_MAX);
    }
}

static void test_supported_name(void **state)
{
    (void)state;
    assert_true(nl_load_supported_name("a.txt"));
    assert_true(nl_load_supported_name("dir/A.TXT"));
    assert_true(nl_load_supported_name("x.y/办法.Text"));
    assert_false(nl_load_supported_name("a.md"));
    assert_false(nl_load_supported_name("txt"));
    assert_false(nl_load_supported_name("dir.txt/readme"));
    assert_false(nl_load_supported_name(".txt"));
    assert_false(nl_load_supported_name("a.txt.bak"));
    assert_false(nl_load_supported_name("a.tx"));
    assert_false(nl_load_supported_name("a."));
}

/* ---- whole loads (need the document model) ---- */

static void test_load_memory_gb18030(void **state)
{
    (void)state;
    nl_doc *doc = NULL;
    nl_error err;
    assert_int_equal(nl_load_memory(&doc, "gb.txt", GB_ARTICLE, sizeof GB_ARTICLE, NULL, &err), NL_OK);
    assert_string_equal(nl_doc_path(doc), "gb.txt");
    assert_string_equal(nl_doc_format(doc), "text");
    assert_string_equal(nl_doc_encoding(doc), "GB18030");
    assert_string_equal(nl_doc_eol(doc), "CRLF");
    assert_int_equal(nl_doc_line_count(doc), 3);
    assert_string_equal(nl_doc_text(doc), "中文\n第一条　本办法自2025年1月1日起施行。\n𠀀");
    assert_non_null(nl_doc_root(doc)); /* recognised */
    nl_doc_free(doc);
}

static void test_load_memory_errors(void **state)
{
    (void)state;
    nl_doc *doc = (nl_doc *)&doc; /* must be reset to NULL */
    nl_error err;
    nl_load_opts small = {.max_size = 10};
    assert_int_equal(nl_load_memory(&doc, "big.txt", "0123456789A", 11, &small, &err), NL_ERR_TOO_LARGE);
    assert_null(doc);
    assert_string_equal(err.message, "is 11 bytes, larger than the 10 bytes limit (--max-size)");
    assert_string_equal(err.path, "big.txt");
    assert_int_equal(nl_load_memory(&doc, "bin.txt", "a\0b", 3, NULL, &err), NL_ERR_BINARY);
    assert_null(doc);
    nl_load_opts forced = {.encoding = "UTF-16LE"};
    assert_int_equal(nl_load_memory(&doc, "u16.txt", U16LE_NOBOM, sizeof U16LE_NOBOM, &forced, &err),
                     NL_OK);
    assert_string_equal(nl_doc_encoding(doc), "UTF-16LE");
    assert_string_equal(nl_doc_text(doc), "第一条 ABC");
    nl_doc_free(doc);
    assert_int_equal(nl_load_memory(&doc, "empty.txt", NULL, 0, NULL, &err), NL_OK);
    assert_int_equal(nl_doc_len(doc), 0);
    nl_doc_free(doc);
}

static void write_file(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

static void test_load_path(void **state)
{
    (void)state;
    char dir[] = "/tmp/nl-load-test-XXXXXX";
    char path[256];
    nl_doc *doc = NULL;
    nl_error err;
    assert_non_null(mkdtemp(dir));

    snprintf(path, sizeof path, "%s/gb.txt", dir);
    write_file(path, GB_ARTICLE, sizeof GB_ARTICLE);
    assert_int_equal(nl_load_path(&doc, path, NULL, &err), NL_OK);
    assert_string_equal(nl_doc_encoding(doc), "GB18030");
    assert_string_equal(nl_doc_path(doc), path);
    nl_doc_free(doc);
    nl_load_opts small = {.max_size = 16};
    assert_int_equal(nl_load_path(&doc, path, &small, &err), NL_ERR_TOO_LARGE);
    assert_string_equal(err.message, "is 48 bytes, larger than the 16 bytes limit (--max-size)");
    assert_int_equal(unlink(path), 0);

    /* the size is judged from fstat, before reading: a sparse 70 MiB file */
    snprintf(path, sizeof path, "%s/huge.txt", dir);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    assert_true(fd >= 0);
    assert_int_equal(ftruncate(fd, (off_t)70 * 1024 * 1024), 0);
    assert_int_equal(close(fd), 0);
    assert_int_equal(nl_load_path(&doc, path, NULL, &err), NL_ERR_TOO_LARGE);
    assert_null(doc);
    assert_string_equal(err.message, "is 70.0 MiB, larger than the 64.0 MiB limit (--max-size)");
    assert_int_equal(unlink(path), 0);

    snprintf(path, sizeof path, "%s/empty.txt", dir);
    write_file(path, "", 0);
    assert_int_equal(nl_load_path(&doc, path, NULL, &err), NL_OK);
    assert_int_equal(nl_doc_len(doc), 0);
    assert_string_equal(nl_doc_encoding(doc), "UTF-8");
    nl_doc_free(doc);
    assert_int_equal(unlink(path), 0);

    snprintf(path, sizeof path, "%s/missing.txt", dir);
    assert_int_equal(nl_load_path(&doc, path, NULL, &err), NL_ERR_IO);
    assert_string_equal(err.message, "cannot open: No such file or directory");
    assert_string_equal(err.path, path);

    assert_int_equal(nl_load_path(&doc, dir, NULL, &err), NL_ERR_IO);
    assert_string_equal(err.message, "is a directory");

    /* a FIFO with no writer: refused at once, never opened for a blocking read */
    snprintf(path, sizeof path, "%s/fifo", dir);
    assert_int_equal(mkfifo(path, 0600), 0);
    assert_int_equal(nl_load_path(&doc, path, NULL, &err), NL_ERR_IO);
    assert_string_equal(err.message, "is not a regular file (FIFO)");
    assert_int_equal(unlink(path), 0);

    assert_int_equal(nl_load_path(&doc, "/dev/null", NULL, &err), NL_ERR_IO);
    assert_string_equal(err.message, "is not a regular file (character device)");
    assert_null(doc);

    assert_int_equal(rmdir(dir), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_charset_gb18030),
        cmocka_unit_test(test_charset_utf16_surrogate_pair),
        cmocka_unit_test(test_charset_bad_offsets),
        cmocka_unit_test(test_charset_unknown_and_empty),
        cmocka_unit_test(test_charset_output_grows),
        cmocka_unit_test(test_utf8_plain),
        cmocka_unit_test(test_utf8_bom),
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_utf16le_bom),
        cmocka_unit_test(test_utf16be_bom),
        cmocka_unit_test(test_utf16_bom_errors),
        cmocka_unit_test(test_gb18030),
        cmocka_unit_test(test_neither),
        cmocka_unit_test(test_nul_is_binary),
        cmocka_unit_test(test_utf16_without_bom_hint),
        cmocka_unit_test(test_forced_encodings),
        cmocka_unit_test(test_null_error_is_fine),
        cmocka_unit_test(test_five_megabyte_line),
        cmocka_unit_test(test_parse_size),
        cmocka_unit_test(test_supported_name),
        cmocka_unit_test(test_load_memory_gb18030),
        cmocka_unit_test(test_load_memory_errors),
        cmocka_unit_test(test_load_path),
    };
    return cmocka_run_group_tests_name("load_text", tests, NULL, NULL);
}
