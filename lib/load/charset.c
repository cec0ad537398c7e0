/*
 * charset.c — legacy encodings to UTF-8 and back through iconv(3).
 *
 * This is the one file that includes <iconv.h>: the rest of the loader asks
 * for "GB18030 → UTF-8" (or, to write a fixed text file back, "UTF-8 →
 * GB18030") and never sees an iconv_t. The output buffer starts at
 * an estimate that is exact-or-larger for the encodings we actually meet
 * (GB18030 and UTF-16 never grow by more than half), and doubles on E2BIG, so a
 * typical document converts in one iconv() call and an odd encoding (a
 * single-byte code page where 1 byte becomes 3) costs a few reallocations, not
 * a failure. iconv stops at the first bad sequence and leaves its input
 * pointer there, which is how we report the offending byte offset.
 */
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>

#include "core/grow.h"
#include "load/charset.h"

/* Double the output buffer. 0 on overflow or allocation failure (*buf is
 * left untouched and still owned by the caller). Callers keep offsets, not
 * pointers, into it, since realloc may move it. */
static int grow(char **buf, size_t *cap)
{
    return *cap <= SIZE_MAX / 2 && nl_reserve((void **)buf, cap, *cap * 2, 1, 1) == 0;
}

/* Convert in[0..len) from `from` to `to`; the contract of nl_charset_to_utf8.
 * The initial estimate (len * 3/2 + 16) also covers UTF-8 → GB18030; UTF-8 →
 * UTF-16 of mostly ASCII text needs one doubling. */
static nl_status convert(const char *to, const char *from, const unsigned char *in, size_t len, char **out,
                         size_t *outlen, size_t *bad_offset)
{
    nl_status st = NL_OK;
    char *buf = NULL;
    size_t cap;

    *out = NULL;
    *outlen = 0;
    if (bad_offset)
        *bad_offset = 0;

    iconv_t cd = iconv_open(to, from);
    if (cd == (iconv_t)-1)
        return errno == ENOMEM ? NL_ERR_NOMEM : NL_ERR_UNSUPPORTED;

    /* len * 3/2 + 16 bytes hold any GB18030 or UTF-16 input without a retry */
    if (len > (SIZE_MAX - 16) / 3 * 2) {
        st = NL_ERR_NOMEM;
        goto done;
    }
    cap = len + len / 2 + 16;
    buf = malloc(cap);
    if (!buf) {
        st = NL_ERR_NOMEM;
        goto done;
    }

    /* POSIX declares iconv's input as char ** but never writes through it; the
     * detour through uintptr_t drops const without tripping -Wcast-qual. */
    char *inp = (char *)(uintptr_t)in;
    size_t inleft = len;
    size_t used = 0; /* bytes of output so far; one byte of cap stays for the NUL */

    while (inleft > 0) {
        char *outp = buf + used;
        size_t outleft = cap - 1 - used;
        size_t r = iconv(cd, &inp, &inleft, &outp, &outleft);
        int e = errno;
        used = (size_t)(outp - buf);
        if (r != (size_t)-1)
            continue; /* all input consumed (the loop condition ends it) */
        if (e == E2BIG) {
            if (!grow(&buf, &cap)) {
                st = NL_ERR_NOMEM;
                goto done;
            }
            continue;
        }
        /* EILSEQ: an invalid sequence; EINVAL: a sequence cut off by the end
         * of the input (e.g. an odd trailing byte of UTF-16). Either way iconv
         * left inp at its first byte. */
        if (bad_offset)
            *bad_offset = (size_t)((const unsigned char *)inp - in);
        st = NL_ERR_ENCODING;
        goto done;
    }
    /* Flush any shift state (a no-op for the encodings we use, but stateful
     * ones such as ISO-2022-CN need it). */
    for (;;) {
        char *outp = buf + used;
        size_t outleft = cap - 1 - used;
        size_t r = iconv(cd, NULL, NULL, &outp, &outleft);
        int e = errno;
        used = (size_t)(outp - buf);
        if (r != (size_t)-1)
            break;
        if (e != E2BIG) {
            if (bad_offset)
                *bad_offset = len;
            st = NL_ERR_ENCODING;
            goto done;
        }
        if (!grow(&buf, &cap)) {
            st = NL_ERR_NOMEM;
            goto done;
        }
    }

    buf[used] = '\0';
    *outlen = used;
    *out = buf;
    buf = NULL;

done:
    free(buf);
    iconv_close(cd);
    return st;
}

nl_status nl_charset_to_utf8(const char *from, const unsigned char *in, size_t len, char **out,
                             size_t *outlen, size_t *bad_offset)
{
    return convert("UTF-8", from, in, len, out, outlen, bad_offset);
}

nl_status nl_charset_from_utf8(const char *to, const char *in, size_t len, char **out, size_t *outlen,
                               size_t *bad_offset)
{
    return convert(to, "UTF-8", (const unsigned char *)in, len, out, outlen, bad_offset);
}
