/*
 * charset.h — conversion of legacy encodings to UTF-8 (internal). The only
 * module that includes <iconv.h>.
 */
#ifndef NL_LOAD_CHARSET_H
#define NL_LOAD_CHARSET_H

#include <stddef.h>
#include "normlint/core.h"

/* Convert in[0..len) from `from` (an iconv name such as "GB18030", "UTF-16LE")
 * to UTF-8. On success *out is a malloc'd NUL-terminated buffer the caller
 * frees and *outlen its length. On an invalid or truncated sequence returns
 * NL_ERR_ENCODING and *bad_offset is the offset of the offending input byte.
 * NL_ERR_UNSUPPORTED when iconv does not know `from`. */
nl_status nl_charset_to_utf8(const char *from, const unsigned char *in, size_t len, char **out,
                             size_t *outlen, size_t *bad_offset);

#endif
