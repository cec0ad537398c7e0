/*
 * strbuf.h — a growable byte buffer (internal). Appends never fail loudly:
 * an allocation failure sets `oom` and later appends do nothing, so a
 * builder checks once at the end.
 */
#ifndef NL_CORE_STRBUF_H
#define NL_CORE_STRBUF_H

#include <stddef.h>

typedef struct nl_buf {
    char *p; /* NUL-terminated once anything was appended; NULL before */
    size_t n, cap;
    int oom;
} nl_buf;

void nl_buf_put(nl_buf *b, const char *s, size_t n);
void nl_buf_puts(nl_buf *b, const char *s);
/* The contents ("" when empty). */
const char *nl_buf_str(const nl_buf *b);
void nl_buf_free(nl_buf *b);

#endif
