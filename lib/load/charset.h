/*
 * charset.h — conversion of legacy encodings to UTF-8 and back (internal).
 * The only module that includes <iconv.h>.
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

/* The reverse: UTF-8 in[0..len) to `to`, same contract (*out is malloc'd and
 * NUL-terminated, though a UTF-16 result may itself hold NUL bytes: use
 * *outlen). NL_ERR_ENCODING when a character has no form in `to`;
 * *bad_offset is then its byte offset in `in`. */
nl_status nl_charset_from_utf8(const char *to, const char *in, size_t len, char **out, size_t *outlen,
                               size_t *bad_offset);

#endif
