/*
 * test_ole2.c — telling what an OLE2 compound file holds: a Word document,
 * one encrypted or obfuscated with a password, a password-protected OOXML
 * package, a workbook or a presentation; and damaged files (a header that
 * does not hold together, sectors off the end, a directory chain that loops)
 * classified as broken without reading out of bounds.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "load/ole2.h"
#include "support/cfbbuild.h"

/* A Word 97 file information block with the given flags */
static const unsigned char *fib(unsigned flags)
{
    static unsigned char b[512];
    memset(b, 0, sizeof b);
    b[0] = 0xEC;
    b[1] = 0xA5;
    b[0x0A] = (unsigned char)flags;
    b[0x0B] = (unsigned char)(flags >> 8);
    return b;
}

static nl_ole2_kind classify(const char *const *names, const unsigned char *const *data, const size_t *lens,
                             size_t n, unsigned char **keep, size_t *keep_len)
{
    unsigned char *f;
    size_t len;
    assert_int_equal(nl_test_cfb_build(names, data, lens, n, &f, &len), 0);
    nl_ole2_kind k = nl_ole2_classify(f, len);
    if (keep) {
        *keep = f;
        *keep_len = len;
    } else {
        free(f);
    }
    return k;
}

static void test_kinds(void **state)
{
    (void)state;
    static const unsigned char zeros[600];
    const char *word[] = {"1Table", "WordDocument"};
    const unsigned char *plain[] = {zeros, fib(0)};
    size_t lens[] = {600, 512};
    assert_int_equal(classify(word, plain, lens, 2, NULL, NULL), NL_OLE2_WORD);
    const unsigned char *enc[] = {zeros, fib(0x0100)};
    assert_int_equal(classify(word, enc, lens, 2, NULL, NULL), NL_OLE2_WORD_ENCRYPTED);
    const unsigned char *obf[] = {zeros, fib(0x8000)};
    assert_int_equal(classify(word, obf, lens, 2, NULL, NULL), NL_OLE2_WORD_ENCRYPTED);
    const unsigned char *nomagic[] = {zeros, zeros};
    assert_int_equal(classify(word, nomagic, lens, 2, NULL, NULL), NL_OLE2_BROKEN);
    const char *ooxml[] = {"EncryptionInfo", "EncryptedPackage"};
    const unsigned char *two[] = {zeros, zeros};
    assert_int_equal(classify(ooxml, two, lens, 2, NULL, NULL), NL_OLE2_OOXML_ENCRYPTED);
    const char *xls[] = {"Workbook"}, *ppt[] = {"PowerPoint Document"}, *other[] = {"Contents"};
    assert_int_equal(classify(xls, two, lens, 1, NULL, NULL), NL_OLE2_EXCEL);
    assert_int_equal(classify(ppt, two, lens, 1, NULL, NULL), NL_OLE2_POWERPOINT);
    assert_int_equal(classify(other, two, lens, 1, NULL, NULL), NL_OLE2_OTHER);
    assert_int_equal(nl_ole2_classify((const unsigned char *)"PK\3\4", 4), NL_OLE2_NONE);
}

static void test_damaged(void **state)
{
    (void)state;
    static const unsigned char zeros[600];
    const char *word[] = {"1Table", "WordDocument"};
    const unsigned char *plain[] = {zeros, fib(0)};
    size_t lens[] = {600, 512};
    unsigned char *f;
    size_t len;
    assert_int_equal(classify(word, plain, lens, 2, &f, &len), NL_OLE2_WORD);
    /* cut short: the header alone, then not even that */
    assert_int_equal(nl_ole2_classify(f, 512), NL_OLE2_BROKEN);
    assert_int_equal(nl_ole2_classify(f, 100), NL_OLE2_BROKEN);
    unsigned char *g = malloc(len);
    assert_non_null(g);
    /* a sector size that does not exist */
    memcpy(g, f, len);
    g[0x1E] = 7;
    assert_int_equal(nl_ole2_classify(g, len), NL_OLE2_BROKEN);
    /* the directory off the end of the file */
    memcpy(g, f, len);
    g[0x30] = 0xF0;
    assert_int_equal(nl_ole2_classify(g, len), NL_OLE2_BROKEN);
    /* a directory chain that loops on itself (FAT entry of sector 1 -> 1) */
    memcpy(g, f, len);
    g[512 + 4] = 1;
    g[512 + 5] = g[512 + 6] = g[512 + 7] = 0;
    assert_int_equal(nl_ole2_classify(g, len), NL_OLE2_BROKEN);
    /* the Word stream's chain pointing off the file */
    memcpy(g, f, len);
    g[1024 + 256 + 0x74] = 0xEE;
    g[1024 + 256 + 0x75] = 0xEE;
    assert_int_equal(nl_ole2_classify(g, len), NL_OLE2_BROKEN);
    /* a FAT sector count larger than the file */
    memcpy(g, f, len);
    g[0x2C] = 0xFF;
    g[0x2D] = 0xFF;
    assert_int_equal(nl_ole2_classify(g, len), NL_OLE2_BROKEN);
    free(g);
    free(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kinds),
        cmocka_unit_test(test_damaged),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
