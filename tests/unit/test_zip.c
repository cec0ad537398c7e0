/*
 * test_zip.c — reading ZIP members (lib/load/zip.c) from archives built here:
 * deflated members (inflated by libdeflate) and stored ones read back byte for
 * byte, several from one archive; the per-member and total limits; and
 * members whose directory entry lies or whose data is damaged, each with the
 * exact error libzip's own reader gives for it (a member that does not
 * inflate cleanly is handed to libzip for the verdict, so these messages are
 * the same as before libdeflate).
 *
 * Archives with lies are written by a small writer below from members given
 * as (method, compressed bytes, declared size, declared CRC). Real deflate
 * data comes from nl_test_zip_build's output; a deflate stream of stored blocks is
 * written by hand.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "load/zip.h"
#include "support/zipbuild.h"
#include "normlint/normlint.h"

/* ---- a ZIP writer that can lie ------------------------------------------ */

typedef struct member {
    const char *name;
    unsigned method; /* 0 stored, 8 deflated, anything else unsupported */
    const unsigned char *raw; /* the bytes as stored in the archive */
    size_t rawlen;
    uint32_t size, crc; /* what the directory declares */
} member;

static uint32_t crc32_of(const void *data, size_t n)
{
    const unsigned char *p = data;
    uint32_t c = 0xFFFFFFFFu;
    for (size_t i = 0; i < n; i++) {
        c ^= p[i];
        for (int k = 0; k < 8; k++)
            c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1)));
    }
    return c ^ 0xFFFFFFFFu;
}

static unsigned char *put16(unsigned char *p, unsigned v)
{
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
    return p + 2;
}

static unsigned char *put32(unsigned char *p, uint32_t v)
{
    return put16(put16(p, v & 0xFFFF), v >> 16);
}

static uint32_t get32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static unsigned get16(const unsigned char *p) { return (unsigned)p[0] | (unsigned)p[1] << 8; }

/* A local header, the name and the raw bytes (at p, or just its length with
   p NULL); the central entry the same way (central != 0). */
static size_t put_header(unsigned char *p, const member *m, int central, uint32_t offset)
{
    size_t namelen = strlen(m->name);
    size_t n = (central ? 46 : 30) + namelen + (central ? 0 : m->rawlen);
    if (!p)
        return n;
    p = put32(p, central ? 0x02014B50u : 0x04034B50u);
    if (central)
        p = put16(p, 20);
    p = put16(put16(put16(put16(put16(p, 20), 0x800), m->method), 0), 0x21);
    p = put32(put32(put32(p, m->crc), (uint32_t)m->rawlen), m->size);
    p = put16(put16(p, (unsigned)namelen), 0);
    if (central)
        p = put32(put32(put16(put16(put16(p, 0), 0), 0), 0), offset);
    memcpy(p, m->name, namelen);
    if (!central)
        memcpy(p + namelen, m->raw, m->rawlen);
    return n;
}

static unsigned char *write_zip(const member *ms, size_t n, size_t *len)
{
    size_t total = 22;
    for (size_t i = 0; i < n; i++)
        total += put_header(NULL, &ms[i], 0, 0) + put_header(NULL, &ms[i], 1, 0);
    unsigned char *z = malloc(total), *p = z;
    assert_non_null(z);
    uint32_t offsets[8];
    assert_true(n <= 8);
    for (size_t i = 0; i < n; i++) {
        offsets[i] = (uint32_t)(p - z);
        p += put_header(p, &ms[i], 0, 0);
    }
    unsigned char *cd = p;
    for (size_t i = 0; i < n; i++)
        p += put_header(p, &ms[i], 1, offsets[i]);
    uint32_t cdsize = (uint32_t)(p - cd);
    p = put16(put16(put16(put16(put32(p, 0x06054B50u), 0), 0), (unsigned)n), (unsigned)n);
    put16(put32(put32(p, cdsize), (uint32_t)(cd - z)), 0);
    *len = total;
    return z;
}

/* The stored bytes and directory entry of member `name` in an archive that
   nl_test_zip_build made (no comment, no ZIP64): a member pointing into zip. */
static member member_of(const unsigned char *zip, size_t len, const char *name)
{
    const unsigned char *end = zip + len - 22;
    assert_int_equal(get32(end), 0x06054B50u);
    const unsigned char *c = zip + get32(end + 16);
    for (unsigned i = 0; i < get16(end + 10); i++) {
        unsigned namelen = get16(c + 28);
        if (namelen == strlen(name) && memcmp(c + 46, name, namelen) == 0) {
            const unsigned char *local = zip + get32(c + 42);
            member m = {name, get16(c + 10), local + 30 + get16(local + 26) + get16(local + 28), get32(c + 20),
                        get32(c + 24), get32(c + 16)};
            return m;
        }
        c += 46 + namelen + get16(c + 30) + get16(c + 32);
    }
    fail_msg("no member %s", name);
    member none = {0};
    return none;
}

/* Some XML-like text of n bytes that deflates well but not trivially. */
static char *sample(size_t n)
{
    static const char line[] = "<w:p><w:t>第一条 为了规范管理，制定本办法。</w:t></w:p>\n";
    char *s = malloc(n + 1);
    assert_non_null(s);
    for (size_t i = 0; i < n; i++)
        s[i] = line[(i * 7 + i / 97) % (sizeof line - 1)];
    s[n] = '\0';
    return s;
}

/* Open zip[0..len) and read `name`: the status, and the error message or
   the bytes read in *text (NULL on error; caller frees). */
static nl_status read_one(const unsigned char *zip, size_t len, const nl_zip_limits *lim, const char *name,
                          char **text, size_t *textlen, char msg[NL_ERROR_MSG_MAX])
{
    nl_zip *z = NULL;
    nl_error err = {0};
    nl_status st = nl_zip_open(&z, "t.zip", zip, len, lim, &err);
    assert_int_equal(st, NL_OK);
    st = nl_zip_read(z, name, text, textlen, &err);
    strcpy(msg, st == NL_OK ? "" : err.message);
    nl_zip_close(z);
    return st;
}

/* Reading member m of an archive that holds only m fails with st and msg. */
static void read_fails(const member *m, nl_status st, const char *msg)
{
    size_t len, textlen;
    unsigned char *zip = write_zip(m, 1, &len);
    char *text, got[NL_ERROR_MSG_MAX];
    assert_int_equal(read_one(zip, len, NULL, m->name, &text, &textlen, got), st);
    assert_null(text);
    assert_string_equal(got, msg);
    free(zip);
}

/* Reading member m of an archive that holds only m gives want[0..n). */
static void read_gives(const member *m, const char *want, size_t n)
{
    size_t len, textlen;
    unsigned char *zip = write_zip(m, 1, &len);
    char *text, msg[NL_ERROR_MSG_MAX];
    assert_int_equal(read_one(zip, len, NULL, m->name, &text, &textlen, msg), NL_OK);
    assert_int_equal(textlen, n);
    assert_memory_equal(text, want, n);
    assert_int_equal(text[n], '\0');
    free(text);
    free(zip);
}

/* ---- tests ---------------------------------------------------------------- */

static void test_round_trip(void **state)
{
    (void)state;
    char *big = sample(300000);
    const char *names[] = {"empty", "short.xml", "big.xml", "again.xml"};
    const char *data[] = {"", "<a/>", big, big};
    size_t lens[] = {0, 4, 300000, 1000};
    unsigned char *zip;
    size_t len;
    nl_error err;
    assert_int_equal(nl_test_zip_build(names, data, lens, 4, &zip, &len, &err), NL_OK);
    assert_true(nl_zip_magic(zip, len));
    assert_int_equal(member_of(zip, len, "big.xml").method, 8);
    nl_zip *z = NULL;
    assert_int_equal(nl_zip_open(&z, "t.zip", zip, len, NULL, &err), NL_OK);
    /* every member from one archive (one decompressor, reused) */
    for (size_t i = 0; i < 4; i++) {
        char *text;
        size_t n;
        assert_true(nl_zip_has(z, names[i]));
        assert_int_equal(nl_zip_read(z, names[i], &text, &n, &err), NL_OK);
        assert_int_equal(n, lens[i]);
        assert_memory_equal(text, data[i], n);
        assert_int_equal(text[n], '\0');
        free(text);
    }
    char *text;
    size_t n;
    assert_false(nl_zip_has(z, "word/document.xml"));
    assert_int_equal(nl_zip_read(z, "word/document.xml", &text, &n, &err), NL_ERR_IO);
    assert_null(text);
    assert_string_equal(err.message, "ZIP member word/document.xml is missing");
    nl_zip_close(z);
    free(zip);
    free(big);
}

static void test_methods(void **state)
{
    (void)state;
    static const char text[] = "第二条 本办法自公布之日起施行。";
    size_t n = sizeof text - 1;
    /* stored */
    member m = {"m", 0, (const unsigned char *)text, n, (uint32_t)n, crc32_of(text, n)};
    read_gives(&m, text, n);
    /* deflated as two stored deflate blocks (not final, then final) */
    unsigned char raw[64], *p = raw;
    size_t half = n / 2;
    *p++ = 0x00;
    p = put16(put16(p, (unsigned)half), (unsigned)~half & 0xFFFF);
    memcpy(p, text, half);
    p += half;
    *p++ = 0x01;
    p = put16(put16(p, (unsigned)(n - half)), (unsigned)~(n - half) & 0xFFFF);
    memcpy(p, text + half, n - half);
    p += n - half;
    member d = {"m", 8, raw, (size_t)(p - raw), (uint32_t)n, crc32_of(text, n)};
    read_gives(&d, text, n);
    /* an empty deflated member: one empty final stored block */
    static const unsigned char empty[] = {0x01, 0x00, 0x00, 0xFF, 0xFF};
    member e = {"m", 8, empty, sizeof empty, 0, 0};
    read_gives(&e, "", 0);
    /* a method neither reader knows */
    member u = {"m", 9, raw, (size_t)(p - raw), (uint32_t)n, crc32_of(text, n)};
    read_fails(&u, NL_ERR_PARSE, "ZIP member m cannot be read (Compression method not supported)");
}

/* Directory entries that lie and deflate data that is damaged: the errors
   are libzip's, as before libdeflate was used. */
static void test_damaged(void **state)
{
    (void)state;
    char *text = sample(20000);
    const char *names[] = {"m"};
    const char *data[] = {text};
    size_t lens[] = {20000}, len;
    unsigned char *zip;
    nl_error err;
    assert_int_equal(nl_test_zip_build(names, data, lens, 1, &zip, &len, &err), NL_OK);
    const member good = member_of(zip, len, "m");
    assert_int_equal(good.method, 8);
    assert_int_equal(good.crc, crc32_of(text, 20000));
    read_gives(&good, text, 20000);
    unsigned char *raw = malloc(good.rawlen);
    assert_non_null(raw);

    /* an invalid block type in the first byte */
    memcpy(raw, good.raw, good.rawlen);
    raw[0] |= 0x06;
    member m = good;
    m.raw = raw;
    read_fails(&m, NL_ERR_PARSE, "ZIP member m is damaged (Zlib error: data error)");

    /* the stream cut in half (and the directory's compressed size with it) */
    m = good;
    m.rawlen = good.rawlen / 2;
    read_fails(&m, NL_ERR_PARSE, "ZIP member m is damaged (CRC error)");

    /* a wrong CRC */
    m = good;
    m.crc ^= 1;
    read_fails(&m, NL_ERR_PARSE, "ZIP member m is damaged (CRC error)");

    /* the data inflates to more than the directory says: one byte, or all of it */
    m = good;
    m.size = 19999;
    read_fails(&m, NL_ERR_PARSE, "ZIP member m is longer than its directory entry says");
    m.size = 0;
    read_fails(&m, NL_ERR_PARSE, "ZIP member m is longer than its directory entry says");

    /* a stored member with a wrong CRC */
    member s = {"m", 0, (const unsigned char *)text, 100, 100, crc32_of(text, 100) ^ 1};
    read_fails(&s, NL_ERR_PARSE, "ZIP member m is damaged (CRC error)");

    free(raw);
    free(zip);
    free(text);
}

/* The limits hold on the declared sizes, before anything is inflated. */
static void test_limits(void **state)
{
    (void)state;
    char *text = sample(1000);
    const char *names[] = {"a", "b"};
    const char *data[] = {text, text};
    size_t lens[] = {1000, 1000}, len, n;
    unsigned char *zip;
    nl_error err;
    assert_int_equal(nl_test_zip_build(names, data, lens, 2, &zip, &len, &err), NL_OK);
    char *out, msg[NL_ERROR_MSG_MAX];
    nl_zip_limits entry = {.max_entry_size = 999};
    assert_int_equal(read_one(zip, len, &entry, "a", &out, &n, msg), NL_ERR_TOO_LARGE);
    assert_string_equal(msg, "ZIP member a inflates to 1000 bytes, more than the limit of 999");
    nl_zip_limits ratio = {.max_ratio = 1};
    /* the ratio limit applies to members over 1 MiB only */
    assert_int_equal(read_one(zip, len, &ratio, "a", &out, &n, msg), NL_OK);
    free(out);
    nl_zip_limits total = {.max_total_size = 1500};
    nl_zip *z = NULL;
    assert_int_equal(nl_zip_open(&z, "t.zip", zip, len, &total, &err), NL_OK);
    assert_int_equal(nl_zip_read(z, "a", &out, &n, &err), NL_OK);
    free(out);
    assert_int_equal(nl_zip_read(z, "b", &out, &n, &err), NL_ERR_TOO_LARGE);
    assert_string_equal(err.message, "ZIP archive inflates to more than 1500 bytes in all");
    nl_zip_close(z);
    nl_zip_limits entries = {.max_entries = 1};
    assert_int_equal(nl_zip_open(&z, "t.zip", zip, len, &entries, &err), NL_ERR_UNSUPPORTED);
    assert_string_equal(err.message, "ZIP archive has 2 entries, more than the limit of 1");
    free(zip);
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_methods),
        cmocka_unit_test(test_damaged),
        cmocka_unit_test(test_limits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
