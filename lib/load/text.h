/*
 * text.h — decoding the bytes of a plain-text file to UTF-8 (internal).
 *
 * Split out of the text loader so that encoding detection can be tested on
 * its own, without the document model. The loader row itself
 * (nl_loader_text) is declared in loader.h.
 */
#ifndef NL_LOAD_TEXT_H
#define NL_LOAD_TEXT_H

#include <stddef.h>
#include "normlint/core.h"

/* Decode data[0..len) to UTF-8.
 *
 * With forced_encoding NULL the encoding is detected, in this order: a UTF-8
 * byte-order mark (stripped; "UTF-8-BOM"), a UTF-16 byte-order mark FF FE or
 * FE FF ("UTF-16LE", "UTF-16BE"); otherwise any NUL byte makes the input
 * binary; otherwise valid UTF-8 ("UTF-8"); otherwise GB18030, which covers
 * GBK and GB2312 ("GB18030"). A forced encoding skips detection: "UTF-8"
 * (any spelling such as "utf8") is validated, anything else is converted by
 * iconv; a leading byte-order mark is dropped either way.
 *
 * On success *utf8 is a malloc'd NUL-terminated buffer the caller frees,
 * *utf8_len its length (it holds no NUL byte), and *encoding_name a static
 * string describing the source (the names above; for a forced encoding its
 * canonical name when well known, else "other"). On failure the three are
 * NULL/0 and err (may be NULL; `path` goes into err->path) says why:
 * NL_ERR_BINARY (NUL bytes or a decoded U+0000), NL_ERR_ENCODING (no
 * encoding fits; the message names the offending byte offsets),
 * NL_ERR_INVALID (unknown forced encoding), NL_ERR_UNSUPPORTED (the system's
 * iconv lacks a needed converter) or NL_ERR_NOMEM. */
nl_status nl_text_decode(const unsigned char *data, size_t len, const char *forced_encoding,
                         const char *path, char **utf8, size_t *utf8_len,
                         const char **encoding_name, nl_error *err);

#endif
